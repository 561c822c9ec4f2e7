// What the cluster says to a console (src/main/cluster) against the console's wording of it (src/renderer).
import { expect, it, vi } from 'vitest';
import { routeByOwner } from '../main/cluster/owner-routing';
import { PlacedCall } from '../main/cluster/placed-calls';
import { notOnlineHereText, readServerText, relayClosingText } from '../main/cluster/texts';
import { DomainError } from '../shared/errors';
import { serverText, type ServerText } from '../shared/texts';
import { consoleWording } from './testing/console-wording';

const { word } = consoleWording();

it("starts playback and download of another instance's device here once the owner's view is fetched (no refusal to word)", async () => {
  const prepared: string[] = [];
  const routed = routeByOwner(
    { 'playback.start': () => ({ ran: 'here' }), 'download.start': () => ({ ran: 'here' }) },
    { self: 'A', onlineHere: () => false, owner: async () => 'B', others: () => [], relay: { call: async () => undefined }, prepare: async (owner, id) => void prepared.push(`${owner}/${id}`) },
  );
  for (const method of ['playback.start', 'download.start'] as const) {
    await expect((routed[method] as unknown as (p: object) => Promise<unknown>)({ deviceId: '34020000001320000001' })).resolves.toEqual({ ran: 'here' });
  }
  expect(prepared).toEqual(['B/34020000001320000001', 'B/34020000001320000001']);
});

it('words an instance shutting down in either language (English as the server says it)', () => {
  expect(word('en', relayClosingText())).toBe(relayClosingText().text);
  expect(word('zh-CN', relayClosingText())).toBe('本控制台实例正在关闭');
});

const spec = { channelId: '34020000001310000001', mediaIp: '10.0.0.2', mediaPort: 30000, transport: 'udp' as const, ssrc: '0100000001' };

it("words the owner's failure to place a call inside the viewer's failure, with the owner's own sentence", async () => {
  const relay = { self: 'A', call: async () => Promise.reject(DomainError.saying('unavailable', notOnlineHereText('34020000001320000001'))) };
  const o = await new PlacedCall(relay, 'B', '34020000001320000001', spec, 1000).outcome;
  if (o.kind !== 'failed' || !o.said) throw new Error(`expected a coded failure, got ${JSON.stringify(o)}`);
  expect(o.said.code).toBe('cluster.ownerFailed');
  expect(word('en', o.said)).toBe(o.text);
  expect(o.text).toBe('console instance B, where device 34020000001320000001 is registered: device 34020000001320000001 is not online on this console instance');
  expect(word('zh-CN', o.said)).toBe('设备 34020000001320000001 所注册的控制台实例 B：设备 34020000001320000001 未在本控制台实例上在线');
});

it("keeps the owner's coded refusal of the camera in the viewer's outcome", async () => {
  const said = serverText('invite.refused', { channelId: spec.channelId, what: serverText('invite.what.live', {}, 'live view'), status: 403, reason: 'Forbidden' }, `camera ${spec.channelId} refused live view: 403 Forbidden`);
  const relay = { self: 'A', call: async () => ({ kind: 'failed', callId: 'c1', text: said.text, said, timeout: false }) };
  const o = await new PlacedCall(relay, 'B', '34020000001320000001', spec, 1000).outcome;
  expect(o).toMatchObject({ kind: 'failed', text: said.text, said });
});

it("keeps another instance's sentence only when it has a sentence's shape, bounded in size and nesting", () => {
  const ok = serverText('a.b', { n: 1, s: 'x', inner: serverText('c', {}, 'c') }, 'text');
  expect(readServerText(JSON.parse(JSON.stringify(ok)))).toEqual(ok);
  expect(readServerText({ code: 'a b', params: {}, text: 't' })).toBeUndefined();
  expect(readServerText({ code: 'a', params: { s: 'x'.repeat(2001) }, text: 't' })).toBeUndefined();
  expect(readServerText({ code: 'a', params: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`p${i}`, i])), text: 't' })).toBeUndefined();
  expect(readServerText({ code: 'a', params: { x: [1] }, text: 't' })).toBeUndefined();
  let deep: ServerText = serverText('d', {}, 'd');
  for (let i = 0; i < 6; i++) deep = serverText('d', { inner: deep }, 'd');
  expect(readServerText(deep)).toBeUndefined();
});
