// SIGKILL the server process while devices are registering and keepaliving, start it again on the same data
// folder: every device and channel it had acknowledged is there.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from '../../sip/transport/udp';
import { startHarness, tempDir } from './testing/harness';
import { TestDevice } from './testing/test-device';

const here = path.dirname(fileURLToPath(import.meta.url));
let child: ChildProcess | undefined;
const devices: TestDevice[] = [];
afterEach(async () => {
  child?.kill('SIGKILL');
  for (const d of devices.splice(0)) await d.close();
});

function lines(p: ChildProcess): (pred: (l: string) => boolean, what: string, timeoutMs?: number) => Promise<string> {
  const seen: string[] = [];
  const waiters: Array<{ pred: (l: string) => boolean; resolve: (l: string) => void }> = [];
  readline.createInterface({ input: p.stdout! }).on('line', (l) => {
    seen.push(l);
    for (const w of [...waiters]) if (w.pred(l)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(l);
    }
  });
  return (pred, what, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const hit = seen.find(pred);
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error(`child never printed ${what}`)), timeoutMs);
      waiters.push({ pred, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
}

describe('crash safety', () => {
  it('devices and channels survive SIGKILL mid-run', async () => {
    const dir = tempDir();
    child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing/child-server.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const waitLine = lines(child);
    const port = Number((await waitLine((l) => l.startsWith('READY '), 'READY', 30_000)).split(' ')[1]);
    const server = { transport: 'UDP' as const, address: '127.0.0.1', port };

    const ids = Array.from({ length: 6 }, (_, i) => `3402000000118000000${i + 1}`);
    for (const [i, id] of ids.entries()) {
      const catalog = Array.from({ length: 3 + i }, (_, k) => ({ deviceId: `34020000001320${String(i).padStart(2, '0')}${String(k).padStart(4, '0')}`, name: `通道${i}-${k}`, statusRaw: 'ON', parentIds: [], other: {} }));
      const d = new TestDevice({ id, password: '12345678', transport: await UdpTransport.listen({ address: '127.0.0.1', port: 0 }), server, catalog });
      devices.push(d);
      expect((await d.register()).status).toBe(200);
    }
    for (const [i, id] of ids.entries()) await waitLine((l) => l === `CHANNELS ${id} ${3 + i}`, `the catalog of ${id}`);

    // keep traffic flowing while the process is killed
    for (const r of await Promise.all(devices.map((d) => d.keepalive()))) expect(r.status).toBe(200);
    let running = true;
    void (async () => {
      while (running) await Promise.all(devices.map((d) => d.keepalive().catch(() => undefined)));
    })();
    await new Promise((r) => setImmediate(r));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    // keepalives in flight at the kill are never answered; they end with their transactions (not awaited)
    running = false;

    const h = await startHarness({ dir, flags: { sipIp: '127.0.0.1', sipPort: 0 } });
    try {
      const list = h.server.devices.list();
      expect(list.map((d) => d.deviceId).sort()).toEqual(ids);
      for (const [i, id] of ids.entries()) {
        const chans = h.server.devices.channels(id);
        expect(chans.map((c) => c.name)).toEqual(Array.from({ length: 3 + i }, (_, k) => `通道${i}-${k}`));
      }
      expect(list.every((d) => d.online)).toBe(true);
    } finally {
      await h.close();
    }
  }, 60_000);
});
