// A console tab starts live view and is closed (or crashes) without live.stop: nothing will ever stop the
// session, and the camera would stream into a media port until the pool runs out. With nobody watching for the
// viewer grace (setting viewerGraceSec), the console ends it with BYE.
import { afterEach, expect, it } from 'vitest';
import type { ChannelView } from '../../../shared/contract';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../api/http/auth';
import { rawRequest, rawSocket, startConsoleUnderAttack, type ConsoleUnderAttack } from './console-under-attack';

let victim: ConsoleUnderAttack | undefined;
afterEach(async () => {
  await victim?.close();
  victim = undefined;
});

function next<T>(what: string, subscribe: (resolve: (v: T) => void) => () => void, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`${what}: not within ${timeoutMs} ms`))), timeoutMs);
    const off = subscribe((v) => {
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

it('attack: a tab closed during live view; the session ends with BYE after the viewer grace, and not before', async () => {
  const c = (victim = await startConsoleUnderAttack());
  const call = async (method: string, params: unknown) => {
    const res = await rawRequest(c.port, {
      path: `/api/${method}`,
      headers: { host: c.host, origin: c.origin, 'content-type': 'application/json', authorization: `Bearer ${c.token()}` },
      body: JSON.stringify(params),
    });
    if (res.status !== 200) throw new Error(`${method}: ${res.status} ${res.body}`);
    return JSON.parse(res.body);
  };
  const byes: number[] = [];
  let byeSent = () => undefined as void;
  const bye = new Promise<void>((r) => (byeSent = r));
  c.core.gb.stack.tap.add({
    onMessage: (r) => {
      if (r.direction !== 'out' || r.raw.subarray(0, 4).toString('latin1') !== 'BYE ') return;
      byes.push(Date.now());
      byeSent();
    },
  });

  const catalog = next<ChannelView[]>('a simulated camera with its catalog', (resolve) =>
    c.core.events.on('channel.changed', (p) => p.channels.length > 0 && resolve(p.channels)),
  );
  await call('sim.start', { count: 1, channels: 1 });
  const [channel] = await catalog;
  await call('settings.update', { viewerGraceSec: 2 });
  const session = await call('live.start', { deviceId: channel.deviceId, channelId: channel.channelId });

  const tab = await rawSocket(c.port, `/api/media?sessionId=${session.sessionId}`, { origin: c.origin, protocols: [WS_PROTOCOL, WS_TOKEN_PREFIX + c.token()] });
  if (!('ws' in tab)) throw new Error(`media socket refused ${tab.refused}`);
  await next('a video frame in the tab', (resolve) => {
    tab.ws.once('message', () => resolve(undefined));
    return () => undefined;
  });
  // Watching: several stats ticks past the grace and the session is still open.
  let ticks = 0;
  await next('four live.stats ticks while watched', (resolve) => c.core.events.on('live.stats', () => ++ticks >= 4 && resolve(undefined)));
  expect((await call('live.list', {})).map((s: { sessionId: string }) => s.sessionId)).toEqual([session.sessionId]);
  expect(byes).toEqual([]);

  const closedAt = Date.now();
  const ended = next<{ sessionId: string; reason: string }>('live.ended after the tab closed', (resolve) => c.core.events.on('live.ended', (e) => resolve(e)));
  tab.ws.terminate();
  const end = await ended;
  const afterMs = Date.now() - closedAt;
  console.log(`closed tab: session ended ${afterMs} ms after the tab closed (grace 2 s): ${end.reason}`);
  expect(end.sessionId).toBe(session.sessionId);
  expect(end.reason).toMatch(/nobody watched it for 2 s/);
  expect(afterMs).toBeGreaterThanOrEqual(2000);
  await next('BYE to the camera', (resolve) => (void bye.then(() => resolve(undefined)), () => undefined));
  expect(await call('live.list', {})).toEqual([]);
});
