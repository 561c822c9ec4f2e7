import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogFilter } from '../../../shared/types/signalling';
import { exportLog } from './export';
import { PcapBuilder, parseEndpoint } from './pcap';
import { SignallingReader } from './reader';
import { tempDb } from './testing/db';
import {
  CHANNEL_NAMES,
  DEVICE_ID,
  SERVER_ID,
  catalogResponseGb2312,
  deviceMessage,
  inDialog,
  invite,
  inviteOk,
  keepaliveXml,
  record,
  register,
  response,
  unauthorized,
} from './testing/messages';
import { SignallingWriter } from './writer';

const run = promisify(execFile);
const T = 1_724_112_000_000;

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const tshark = hasTshark();

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** A Catalog body big enough to need several TCP segments (over 16 KiB). */
function bigCatalog(): Buffer {
  const items = Array.from({ length: 200 }, (_, i) => `<Item><DeviceID>340200000013100${String(i).padStart(5, '0')}</DeviceID><Name>通道${i}</Name><Status>ON</Status></Item>`).join('');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>${DEVICE_ID}</DeviceID><SumNum>200</SumNum><DeviceList Num="200">${items}</DeviceList></Response>`);
}

function seed() {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const w = new SignallingWriter(t.db);
  const tcpDevice = { address: '192.168.1.65', port: 5062 };
  const msgs: [Buffer, 'in' | 'out', 'UDP' | 'TCP'][] = [
    [register(), 'in', 'UDP'],
    [unauthorized(), 'out', 'UDP'],
    [deviceMessage(keepaliveXml(1), 'ka-1'), 'in', 'UDP'],
    [response(200, 'OK', 'MESSAGE', 20, 'ka-1', DEVICE_ID, SERVER_ID), 'out', 'UDP'],
    [deviceMessage(catalogResponseGb2312(2), 'cat-gb'), 'in', 'UDP'],
    [invite('inv-udp'), 'out', 'UDP'],
    [inviteOk('inv-udp'), 'in', 'UDP'],
    [register('34020000001320000002', 'reg-tcp'), 'in', 'TCP'],
    [unauthorized('34020000001320000002', 'reg-tcp'), 'out', 'TCP'],
    [deviceMessage(bigCatalog(), 'cat-big', '34020000001320000002'), 'in', 'TCP'],
    [response(200, 'OK', 'MESSAGE', 20, 'cat-big', '34020000001320000002', SERVER_ID), 'out', 'TCP'],
    [invite('inv-tcp'), 'out', 'TCP'],
    [inviteOk('inv-tcp'), 'in', 'TCP'],
    [inDialog('ACK', 'inv-tcp', 1), 'out', 'TCP'],
    [inDialog('BYE', 'inv-tcp', 2), 'out', 'TCP'],
  ];
  msgs.forEach(([raw, dir, transport], i) =>
    w.onMessage(record(raw, dir, T + i * 10, transport === 'TCP' ? { transport, device: tcpDevice } : {})),
  );
  w.flush();
  return { reader: new SignallingReader(t.db), dir: path.join(t.dir, 'exports'), msgs };
}

async function tsharkFields(file: string): Promise<string[][]> {
  const { stdout } = await run('tshark', [
    '-r', file, '-d', 'tcp.port==5062,sip', '-Y', 'sip',
    '-T', 'fields', '-E', 'separator=|', '-e', 'sip.Call-ID', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'ip.src', '-e', 'tcp.srcport',
  ]);
  return stdout.trim().split('\n').map((l) => l.split('|'));
}

/** What tshark should report per message: Call-ID, method (requests) or status (responses). */
function expectedRows(reader: SignallingReader, filter: LogFilter = {}): string[][] {
  return reader
    .query({ ...filter, limit: 2000 })
    .messages.reverse()
    .map((m) => [m.callId!, m.method ?? '', m.status === null ? '' : String(m.status)]);
}

describe.skipIf(!tshark)('pcap export read by tshark', () => {
  it('decodes every exported UDP and TCP message as SIP with its Call-ID', async () => {
    const { reader, dir, msgs } = seed();
    const result = await exportLog(reader, {}, 'pcap', dir, T);
    expect(result.count).toBe(msgs.length);
    expect(path.basename(result.path)).toMatch(/^signalling-\d{8}-\d{6}\.pcap$/);
    const rows = await tsharkFields(result.path);
    expect(rows.map((r) => r.slice(0, 3))).toEqual(expectedRows(reader));
    // Direction: a received message goes from the device to us.
    expect(rows[0][3]).toBe('192.168.1.64');
    expect(rows[1][3]).toBe('10.0.0.1');
    expect(rows[7][4]).toBe('5062');
  });

  it('exports only the filtered messages (TCP dialog) and tshark reassembles the split Catalog', async () => {
    const { reader, dir } = seed();
    const result = await exportLog(reader, { deviceId: '34020000001320000002' }, 'pcap', dir, T);
    expect(result.count).toBe(4);
    const rows = await tsharkFields(result.path);
    expect(rows.map((r) => r.slice(0, 3))).toEqual(expectedRows(reader, { deviceId: '34020000001320000002' }));
    const { stdout } = await run('tshark', ['-r', result.path, '-d', 'tcp.port==5062,sip', '-q', '-z', 'expert,error']);
    expect(stdout).not.toMatch(/Malformed/);
  });

  it('exports a text search oldest first (trigram index paged in ascending id order)', async () => {
    const { reader, dir } = seed();
    const result = await exportLog(reader, { text: 'inv-tcp' }, 'pcap', dir, T);
    const rows = await tsharkFields(result.path);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['inv-tcp', 'INVITE', ''],
      ['inv-tcp', '', '200'],
      ['inv-tcp', 'ACK', ''],
      ['inv-tcp', 'BYE', ''],
    ]);
  });

  it('has valid IPv4 header checksums and UDP/TCP checksums', async () => {
    const { reader, dir } = seed();
    const { path: file } = await exportLog(reader, {}, 'pcap', dir, T);
    const { stdout } = await run('tshark', [
      '-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE',
      '-T', 'fields', '-e', 'ip.checksum.status', '-e', 'udp.checksum.status', '-e', 'tcp.checksum.status',
    ]);
    const statuses = new Set(stdout.trim().split(/\s+/));
    expect([...statuses]).toEqual(['1']); // 0 bad, 1 good, 2 unverified
  });
});

describe('PcapBuilder', () => {
  it('advances TCP sequence numbers per direction and acknowledges the other side', () => {
    const b = new PcapBuilder();
    const m = (dir: 'in' | 'out', raw: string) => ({ time: T, direction: dir, transport: 'TCP' as const, localAddr: '10.0.0.1:5060', peerAddr: '10.0.0.2:5070', raw: Buffer.from(raw) });
    const seqAck = (recs: Buffer[]) => [recs[1].readUInt32BE(20 + 4), recs[1].readUInt32BE(20 + 8)];
    expect(seqAck(b.records(m('out', 'aaaa')))).toEqual([1, 1]);
    expect(seqAck(b.records(m('in', 'bbbbbb')))).toEqual([1, 5]);
    expect(seqAck(b.records(m('out', 'cc')))).toEqual([5, 7]);
  });

  it('reads IPv4 and IPv6 endpoints and never fails on a strange one', () => {
    expect(parseEndpoint('192.168.1.64:5060')).toMatchObject({ v6: false, port: 5060 });
    expect(parseEndpoint('[::1]:5061')).toMatchObject({ v6: true, port: 5061 });
    expect(parseEndpoint('[fe80::1:2]:5061').ip.toString('hex')).toBe('fe800000000000000000000000010002');
    expect(parseEndpoint('nonsense')).toMatchObject({ v6: false, port: 0 });
  });
});

describe('text export', () => {
  it('writes one block per message, oldest first, with time, direction, addresses and decoded text', async () => {
    const { reader, dir, msgs } = seed();
    const result = await exportLog(reader, { method: 'MESSAGE' }, 'text', dir, T);
    const text = fs.readFileSync(result.path, 'utf8');
    expect(path.basename(result.path)).toMatch(/^signalling-\d{8}-\d{6}\.txt$/);
    expect(result.count).toBe(5);
    expect(text.split('\r\n')[0]).toMatch(/^GB28181 Console signalling log, exported .*: method MESSAGE$/);
    const heads = text.split('\r\n').filter((l) => /^#\d+ {2}/.test(l));
    expect(heads).toHaveLength(5);
    expect(heads[0]).toMatch(/^#3 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d {2}received {2}UDP {2}192\.168\.1\.64:5060 -> 10\.0\.0\.1:5060 {2}\d+ bytes$/);
    expect(heads[1]).toMatch(/sent {2}UDP {2}10\.0\.0\.1:5060 -> 192\.168\.1\.64:5060/);
    expect(text).toContain(`<Name>${CHANNEL_NAMES[0]}</Name>`);
    expect(text).toContain('SIP/2.0 200 OK\r\n');
    expect(text.trimEnd().endsWith('(5 messages)')).toBe(true);
    expect(msgs.length).toBeGreaterThan(5);
  });

  it('never overwrites an earlier export of the same second', async () => {
    const { reader, dir } = seed();
    const a = await exportLog(reader, {}, 'text', dir, T);
    const b = await exportLog(reader, {}, 'text', dir, T);
    expect(b.path).not.toBe(a.path);
    expect(b.path).toMatch(/-1\.txt$/);
  });
});
