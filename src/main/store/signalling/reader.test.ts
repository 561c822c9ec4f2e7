import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CALL_MESSAGES, SignallingReader } from './reader';
import { tempDb } from './testing/db';
import {
  CHANNEL_ID,
  CHANNEL_NAMES,
  DEVICE_ID,
  SERVER_ID,
  catalogResponseGb2312,
  deviceMessage,
  inDialog,
  invite,
  inviteOk,
  keepaliveXml,
  mediaStatusXml,
  record,
  response,
} from './testing/messages';
import { SignallingWriter } from './writer';

const T = 1_724_112_000_000;
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function store(msgs: [Buffer, 'in' | 'out'][]) {
  const t = tempDb();
  cleanups.push(t.cleanup);
  const w = new SignallingWriter(t.db);
  msgs.forEach(([raw, dir], i) => w.onMessage(record(raw, dir, T + i * 100)));
  w.flush();
  return new SignallingReader(t.db);
}

describe('log.call', () => {
  it('returns the whole playback dialog, MediaStatus included, oldest first with details for the ladder', () => {
    const call = 'play-1@10.0.0.1';
    const reader = store([
      [deviceMessage(keepaliveXml(1), 'ka-1'), 'in'],
      [invite(call), 'out'],
      [response(100, 'Trying', 'INVITE', 1, call, SERVER_ID, CHANNEL_ID), 'in'],
      [inviteOk(call), 'in'],
      [inDialog('ACK', call, 1), 'out'],
      [invite('other-call'), 'out'],
      [inDialog('INFO', call, 2), 'out'],
      [response(200, 'OK', 'INFO', 2, call, SERVER_ID, CHANNEL_ID), 'in'],
      [deviceMessage(mediaStatusXml(9), call, DEVICE_ID, 3), 'in'],
      [response(200, 'OK', 'MESSAGE', 3, call, DEVICE_ID, SERVER_ID), 'out'],
      [inDialog('BYE', call, 3), 'out'],
      [response(200, 'OK', 'BYE', 3, call, SERVER_ID, CHANNEL_ID), 'in'],
    ]);
    const ladder = reader.call(call);
    expect(ladder.map((m) => [m.direction, m.method ?? `${m.status} ${m.reason}`, m.cmdType])).toEqual([
      ['out', 'INVITE', null],
      ['in', '100 Trying', null],
      ['in', '200 OK', null],
      ['out', 'ACK', null],
      ['out', 'INFO', null],
      ['in', '200 OK', null],
      ['in', 'MESSAGE', 'MediaStatus'],
      ['out', '200 OK', 'MediaStatus'],
      ['out', 'BYE', null],
      ['in', '200 OK', null],
    ]);
    expect(ladder.map((m) => m.time)).toEqual([...ladder.map((m) => m.time)].sort((a, b) => a - b));
    expect(ladder[0].body.kind).toBe('sdp');
    expect(ladder[2].body).toMatchObject({ kind: 'sdp' });
    expect(ladder[6].body).toMatchObject({ kind: 'xml' });
    expect(ladder[0].text).toContain('INVITE sip:');
    expect(reader.call('no-such-call')).toEqual([]);
  });

  it(`keeps the newest ${MAX_CALL_MESSAGES} of a Call-ID a device reuses for days`, () => {
    const msgs: [Buffer, 'in' | 'out'][] = [];
    for (let i = 0; i < MAX_CALL_MESSAGES + 5; i++) msgs.push([deviceMessage(keepaliveXml(i), 'reused'), 'in']);
    const ladder = store(msgs).call('reused');
    expect(ladder).toHaveLength(MAX_CALL_MESSAGES);
    expect(ladder[0].sn).toBe('5');
    expect(ladder.at(-1)!.sn).toBe(String(MAX_CALL_MESSAGES + 4));
  });
});

describe('log.get', () => {
  it('decodes a GB2312 Catalog with its Chinese names and pretty XML', () => {
    const reader = store([[deviceMessage(catalogResponseGb2312(4), 'cat'), 'in']]);
    const [m] = reader.query({}).messages;
    const d = reader.get(m.id)!;
    expect(d).toMatchObject({ method: 'MESSAGE', cmdType: 'Catalog', sn: '4', deviceId: DEVICE_ID });
    expect(d.body.kind === 'xml' && d.body.charset).toBe('GB2312');
    expect(d.body.kind === 'xml' && d.body.pretty).toContain(`      <Name>${CHANNEL_NAMES[1]}</Name>\n`);
    expect(d.text).toContain(CHANNEL_NAMES[0]);
  });
});
