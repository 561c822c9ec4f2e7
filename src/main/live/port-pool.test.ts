import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpRtpReceiver } from '../media/rtp/udp-receiver';
import { MediaPortPool, PortPoolExhaustedError } from './port-pool';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function bindUdp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind({ port, address: '0.0.0.0', exclusive: true }, () => resolve(s));
  });
}

/** A free block of `n` consecutive UDP ports (found by binding them). */
async function freeRange(n: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 42000 + Math.floor(Math.random() * 15000);
    const socks: Socket[] = [];
    try {
      for (let p = base; p < base + n; p++) socks.push(await bindUdp(p));
      return base;
    } catch {
      // taken: try another block
    } finally {
      await Promise.all(socks.map((s) => new Promise<void>((r) => s.close(() => r()))));
    }
  }
  throw new Error('no free port block for the test');
}

const openReceiver = async (port: number) => {
  const rx = new UdpRtpReceiver({ port });
  await rx.start();
  cleanup.push(() => rx.close());
  return rx;
};

describe('MediaPortPool', () => {
  it('hands out ports in turn and skips a port another program holds', async () => {
    const base = await freeRange(4);
    const blocker = await bindUdp(base + 1);
    cleanup.push(() => void blocker.close());
    const pool = new MediaPortPool(base, base + 3);
    const a = await pool.lease(openReceiver);
    const b = await pool.lease(openReceiver);
    expect([a.port, b.port]).toEqual([base, base + 2]);
    expect(b.value.port).toBe(base + 2);
    expect(pool.held).toEqual([base, base + 2]);
  });

  it('never hands out a leased port twice, even to concurrent callers', async () => {
    const base = await freeRange(3);
    const pool = new MediaPortPool(base, base + 2);
    const leases = await Promise.all([pool.lease(openReceiver), pool.lease(openReceiver), pool.lease(openReceiver)]);
    expect(new Set(leases.map((l) => l.port)).size).toBe(3);
    await expect(pool.lease(openReceiver)).rejects.toBeInstanceOf(PortPoolExhaustedError);
    await expect(pool.lease(openReceiver)).rejects.toThrow(/no free media port in \d+-\d+: 3 held by open live sessions/);
    leases[1].release();
    leases[1].release();
    await leases[1].value.close();
    const again = await pool.lease(openReceiver);
    expect(again.port).toBe(leases[1].port);
    expect(pool.held).toHaveLength(3);
  });

  it('rethrows failures other than "in use" and keeps the port free', async () => {
    const pool = new MediaPortPool(50000, 50001);
    await expect(pool.lease(async () => Promise.reject(Object.assign(new Error('permission denied'), { code: 'EACCES' })))).rejects.toThrow(
      /permission denied/,
    );
    expect(pool.held).toEqual([]);
  });

  it('refuses a range that is not one', () => {
    expect(() => new MediaPortPool(3000, 2000)).toThrow(/not a range/);
    expect(() => new MediaPortPool(0, 10)).toThrow(/not a range/);
  });
});
