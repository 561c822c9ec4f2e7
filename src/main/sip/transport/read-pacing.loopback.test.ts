import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { DEFAULT_READ_PACING } from './read-pacing';
import { udpPeer, until, type UdpPeer } from './testing/peers';
import { UdpTransport } from './udp';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const nextTurn = () => new Promise<void>((r) => setImmediate(r));

/** A transport whose deliveries are stamped with the event-loop turn they came in. */
async function listening(pacing: boolean, clock: FakeClock) {
  const t = await UdpTransport.listen({ address: '127.0.0.1', port: 0, pacing: pacing && { minRate: 0 }, clock });
  let turn = 0;
  let counting = true;
  const count = () => {
    turn++;
    if (counting) setImmediate(count);
  };
  count();
  const turns: number[] = [];
  t.onMessage(() => turns.push(turn));
  const peer = await udpPeer();
  cleanups.push(async () => {
    counting = false;
    await t.close();
    await peer.close();
  });
  return { t, turns, peer };
}

/** One datagram per turn: each send's callback fires once loopback has queued it at the transport's socket. */
async function trickle(peer: UdpPeer, port: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await peer.send(`datagram ${i}`, port);
    await nextTurn();
  }
}

describe('UDP read pacing on loopback', () => {
  it('after a quiet turn, stops reading until its pause ends, then reads what waited in one turn', async () => {
    const clock = new FakeClock(0);
    const { t, turns, peer } = await listening(true, clock);
    await peer.send('first', t.local.port);
    await until('the first datagram', () => turns.length === 1);
    await until('reading paused', () => t.readingPaused);

    await trickle(peer, t.local.port, 5);
    for (let i = 0; i < 3; i++) await nextTurn();
    expect(turns).toHaveLength(1);

    clock.advance(DEFAULT_READ_PACING.maxPauseMs + 10);
    await until('the five that waited', () => turns.length === 6);
    expect(new Set(turns.slice(1)).size).toBe(1);
  });

  it("stops a turn's reading once its budget is spent, and reads the rest in the next turns, in order", async () => {
    const clock = new FakeClock(0);
    const { t, turns, peer } = await listening(true, clock);
    const read: string[] = [];
    // Each of the waiting datagrams takes 3 ms to handle: the 4 ms budget ends a turn after the second.
    t.onMessage((m) => {
      const text = m.raw.toString();
      if (!text.startsWith('datagram')) return;
      read.push(text);
      clock.advance(3);
    });
    await peer.send('first', t.local.port);
    await until('reading paused', () => t.readingPaused && turns.length === 1);
    await trickle(peer, t.local.port, 12);

    clock.advance(DEFAULT_READ_PACING.maxPauseMs + 10);
    await until('all twelve', () => read.length === 12);
    expect(read).toEqual(Array.from({ length: 12 }, (_, i) => `datagram ${i}`));
    const perTurn = new Map<number, number>();
    for (const turn of turns.slice(1)) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    expect(Math.max(...perTurn.values())).toBe(2);
  });

  it('without pacing, the same trickle is read a datagram per turn', async () => {
    const clock = new FakeClock(0);
    const { t, turns, peer } = await listening(false, clock);
    await peer.send('first', t.local.port);
    await until('the first datagram', () => turns.length === 1);
    await trickle(peer, t.local.port, 5);
    await until('the five', () => turns.length === 6);
    expect(new Set(turns.slice(1)).size).toBe(5);
    expect(t.readingPaused).toBe(false);
  });

  it('closes while paused, and the pause ending later touches nothing', async () => {
    const clock = new FakeClock(0);
    const { t, turns, peer } = await listening(true, clock);
    await peer.send('first', t.local.port);
    await until('reading paused', () => t.readingPaused && turns.length === 1);
    await t.close();
    expect(clock.pending).toBe(0);
    expect(() => clock.advance(1000)).not.toThrow();
  });
});
