// One suite, every engine: the signalling log behaves the same over sqlite, memory and postgres (filters, text
// search, one message, a call, exports byte-exact, retention, the dropped counter).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignallingRecord } from '../sip/tap';
import { createMemorySignallingLog } from './memory/signalling-log';
import { openPostgresEngine } from './postgres/engine';
import { createPgSignallingLog } from './postgres/signalling-log';
import { pgForFile } from './postgres/testing/pg-for-file';
import { localTimestamp } from './signalling/export';
import type { LogEngineOptions, SignallingLog } from './signalling/log-engine';
import { PcapBuilder, pcapFileHeader } from './signalling/pcap';
import { createSignallingLog } from './signalling/signalling-log';
import { tempDb } from './signalling/testing/db';
import {
  CHANNEL_ID, DEVICE_ID, SERVER_ID, catalogResponseGb2312, deviceMessage, inDialog, invite, inviteOk, keepaliveXml, record, register, response, unauthorized,
} from './signalling/testing/messages';

const T0 = 1_700_000_000_000;
const OTHER = '34020000001320000099';
const pg = pgForFile();
let dbCount = 0;

interface Opened {
  log: SignallingLog;
  close(): Promise<void>;
}
type Options = LogEngineOptions & { maxQueue?: number };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const ENGINES: Array<{ name: string; skip?: string; open(o: Options): Promise<Opened> }> = [
  {
    name: 'sqlite',
    async open(o) {
      const t = tempDb();
      const log = createSignallingLog({ ...o, db: t.db, writer: { maxQueue: o.maxQueue } });
      return { log, close: async () => { await log.close(); t.cleanup(); } };
    },
  },
  {
    name: 'memory',
    async open(o) {
      const log = createMemorySignallingLog(o);
      return { log, close: () => log.close() };
    },
  },
  {
    name: 'postgres',
    skip: pg.skipReason,
    async open(o) {
      const engine = await openPostgresEngine(await pg.server().createDatabase(`log_${process.pid}_${++dbCount}`), { poolSize: 4 });
      const log = await createPgSignallingLog({ ...o, pool: engine.pool, instance: 'test-a' });
      return { log, close: async () => { await log.close(); await engine.close(); } };
    },
  },
];

/** A registration, a keepalive and its answer, a GB2312 catalog, a live-view call and another device's keepalive. */
function exchange(): SignallingRecord[] {
  const at = (i: number) => T0 + i * 1000;
  return [
    record(register(), 'in', at(1)),
    record(unauthorized(), 'out', at(2)),
    record(deviceMessage(keepaliveXml(1), 'ka-1'), 'in', at(3)),
    record(response(200, 'OK', 'MESSAGE', 20, 'ka-1', DEVICE_ID, SERVER_ID), 'out', at(4)),
    record(deviceMessage(catalogResponseGb2312(2), 'cat-1'), 'in', at(5)),
    record(invite('inv-1'), 'out', at(6)),
    record(inviteOk('inv-1'), 'in', at(7)),
    record(inDialog('ACK', 'inv-1', 1), 'out', at(8)),
    record(inDialog('BYE', 'inv-1', 2), 'out', at(9)),
    record(deviceMessage(keepaliveXml(3, OTHER), 'ka-2', OTHER), 'in', at(10), { transport: 'TCP' }),
  ];
}

for (const engine of ENGINES) {
  describe.skipIf(!!engine.skip)(`signalling log over ${engine.name}${engine.skip ?? ''}`, () => {
    const open = async (o: Partial<Options> = {}): Promise<SignallingLog> => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gb-log-engine-'));
      const opened = await engine.open({
        settings: () => ({ logRetentionDays: 7, logMaxMb: 512 }),
        exportDir: path.join(dir, 'exports'),
        // Its channels; a single-channel device may name its channel with its own ID.
        relatedIds: (d) => (d === DEVICE_ID ? [CHANNEL_ID, DEVICE_ID] : []),
        timers: false,
        ...o,
      });
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => opened.close());
      return opened.log;
    };
    const logged = async (o: Partial<Options> = {}): Promise<SignallingLog> => {
      const log = await open(o);
      for (const r of exchange()) log.tap.onMessage(r);
      await log.flush();
      return log;
    };
    const ids = async (log: SignallingLog, q: Parameters<SignallingLog['query']>[0]) => (await log.query(q)).messages.map((m) => m.id);

    it('finds messages by device (with its channels), method or CmdType, status class, direction, time and text', async () => {
      const log = await logged();
      const all = (await log.query({})).messages;
      expect(all.map((m) => m.id)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(all[9]).toMatchObject({ time: T0 + 1000, direction: 'in', transport: 'UDP', method: 'REGISTER', status: null, deviceId: DEVICE_ID, callId: 'reg-1@192.168.1.64' });
      expect(all[6]).toMatchObject({ method: null, status: 200, reason: 'OK', cmdType: 'Keepalive', sn: '1', deviceId: DEVICE_ID });
      expect(all[0]).toMatchObject({ transport: 'TCP', peerAddress: '192.168.1.64:5060', localAddress: '10.0.0.1:5060', deviceId: OTHER });
      expect(await ids(log, { deviceId: DEVICE_ID })).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(await ids(log, { deviceId: OTHER })).toEqual([10]);
      expect(await ids(log, { method: 'keepalive' })).toEqual([10, 4, 3]);
      expect(await ids(log, { method: 'REGISTER' })).toEqual([2, 1]);
      expect(await ids(log, { statusClass: '2xx' })).toEqual([7, 4]);
      expect(await ids(log, { statusClass: 'request', direction: 'out' })).toEqual([9, 8, 6]);
      expect(await ids(log, { hideKeepalives: true, deviceId: DEVICE_ID })).toEqual([9, 8, 7, 6, 5, 2, 1]);
      expect(await ids(log, { from: T0 + 3000, to: T0 + 5000 })).toEqual([5, 4, 3]);
      expect(await ids(log, { text: '大门口' })).toEqual([5]);
      expect(await ids(log, { text: 'www-AUTHENTICATE' })).toEqual([2]);
      expect(await ids(log, { text: '50%_' })).toEqual([]);
      expect(await log.query({ limit: 3 })).toMatchObject({ hasMore: true, messages: [{ id: 10 }, { id: 9 }, { id: 8 }] });
      expect(await ids(log, { limit: 3, before: 8 })).toEqual([7, 6, 5]);
      expect((await log.query({ before: 3 })).hasMore).toBe(false);
    });

    it('gets one message in full and a call oldest first', async () => {
      const log = await logged();
      const catalog = await log.get(5);
      expect(catalog).toMatchObject({ id: 5, cmdType: 'Catalog', body: { kind: 'xml', charset: 'GB2312' } });
      expect(catalog!.text).toContain('<Name>大门口球机</Name>');
      expect((await log.get(1))!.text).toBe(register().toString('utf8'));
      expect(await log.get(999)).toBeUndefined();
      const call = await log.call('inv-1');
      expect(call.map((m) => [m.id, m.method ?? m.status])).toEqual([[6, 'INVITE'], [7, 200], [8, 'ACK'], [9, 'BYE']]);
      expect(call[0].body.kind).toBe('sdp');
      expect(await log.call('no-such-call')).toEqual([]);
    });

    it('exports the text log and the pcap byte-exact', async () => {
      const now = T0 + 60_000;
      const log = await logged({ now: () => now });
      const recs = exchange();
      const text = await log.export({ method: 'REGISTER' }, 'text');
      expect(text.count).toBe(2);
      const block = (id: number, r: SignallingRecord, arrow: string) =>
        `#${id}  ${localTimestamp(r.timeMs)}  ${r.direction === 'in' ? 'received' : 'sent'}  UDP  ${arrow}  ${r.raw.length} bytes\r\n${r.raw.toString('utf8').replace(/(\r\n)+$/, '')}\r\n\r\n`;
      expect(fs.readFileSync(text.path, 'utf8')).toBe(
        `GB28181 Console signalling log, exported ${localTimestamp(now)}: method REGISTER\r\n\r\n` +
          block(1, recs[0], '192.168.1.64:5060 -> 10.0.0.1:5060') +
          block(2, recs[1], '10.0.0.1:5060 -> 192.168.1.64:5060') +
          '(2 messages)\r\n',
      );
      const pcap = await log.export({ deviceId: DEVICE_ID }, 'pcap');
      const builder = new PcapBuilder();
      const frames = recs.slice(0, 9).flatMap((r) =>
        builder.records({ time: r.timeMs, direction: r.direction, transport: r.transport, localAddr: '10.0.0.1:5060', peerAddr: '192.168.1.64:5060', raw: r.raw }),
      );
      expect(pcap.count).toBe(9);
      expect(fs.readFileSync(pcap.path).equals(Buffer.concat([pcapFileHeader(), ...frames]))).toBe(true);
    });

    it('prunes by age, then the oldest until the log fits logMaxMb', async () => {
      let limits = { logRetentionDays: 7, logMaxMb: 512 };
      const now = T0 + 8 * 86_400_000;
      const log = await open({ settings: () => limits, now: () => now });
      for (let i = 0; i < 200; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', i < 20 ? T0 : now - 1000 + i));
      await log.flush();
      expect(await log.prune()).toMatchObject({ byAge: 20, bySize: 0 });
      expect(log.stats().messages).toBe(180);
      limits = { logRetentionDays: 7, logMaxMb: log.stats().diskBytes / 3 / 1024 / 1024 };
      const { bySize } = await log.prune();
      const left = (await log.query({ limit: 2000 })).messages.map((m) => m.id);
      expect(bySize).toBeGreaterThan(0);
      expect(left.length).toBe(180 - bySize);
      expect(left.length).toBeGreaterThan(0);
      // The newest stay.
      expect(left).toEqual(Array.from({ length: left.length }, (_, i) => 200 - i));
      expect(log.stats().diskBytes).toBeLessThanOrEqual(limits.logMaxMb * 1024 * 1024);
    });

    it('takes CRLF keep-alives (RFC 5626) for no message', async () => {
      const log = await open();
      log.tap.onMessage(record('\r\n\r\n', 'in', T0, { transport: 'TCP' }));
      log.tap.onMessage(record(register(), 'in', T0 + 1));
      await log.flush();
      expect(log.stats()).toMatchObject({ received: 1, stored: 1, messages: 1 });
      expect((await log.query({})).messages.map((m) => m.method)).toEqual(['REGISTER']);
    });

        it('counts what it could not queue as dropped, and stores the rest', async () => {
      const log = await open({ maxQueue: 5 });
      for (let i = 0; i < 8; i++) log.tap.onMessage(record(deviceMessage(keepaliveXml(i), `ka-${i}`), 'in', T0 + i));
      await log.flush();
      expect(log.stats()).toMatchObject({ received: 8, dropped: 3, stored: 5, messages: 5, queued: 0 });
      expect((await log.query({})).messages).toHaveLength(5);
    });
  });
}
