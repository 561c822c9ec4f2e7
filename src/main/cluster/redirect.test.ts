// The 302 policy under load: two instances taking registrations at once, each seeing the other's card as of its
// last beat, a simulated clock, devices that follow a 302 to the instance named.
import { describe, expect, it } from 'vitest';
import type { InstanceCard } from './instances';
import { LoadRedirect } from './redirect';
import { RecentDevices } from './recent-devices';
import { RedirectNotes, readRedirectNote } from './redirect-notes';

const SIP_ID = '34020000002000000001';
const PORTS: Record<string, number> = { A: 5060, B: 5070 };

interface SimOptions {
  devices: number;
  /** Share of the devices first sent to A (the rest to B), both offered at once. */
  toA: number;
  /** Whether a redirect's note reaches its target (a Redis message). */
  notes: boolean;
}

/** Runs a warm-up; returns each device's redirects and where it registered. */
function warmUp(o: SimOptions) {
  let now = 0;
  const BEAT_MS = 3_333;
  const insts = ['A', 'B'].map((id, i) => {
    const registered = new Set<string>();
    const notes = new RedirectNotes(10_000);
    const inst = {
      id,
      registered,
      notes,
      // The other's card as read at this instance's last beat (beats are out of phase).
      seen: [] as InstanceCard[],
      nextBeat: i * 1_700,
      redirect: undefined as unknown as LoadRedirect,
    };
    return inst;
  });
  const byId = (id: string) => insts.find((x) => x.id === id)!;
  for (const inst of insts) {
    inst.redirect = new LoadRedirect({
      self: inst.id,
      alive: () => inst.seen,
      loadHere: () => inst.registered.size,
      registeredHere: (id) => inst.registered.has(id),
      sentHere: (id) => inst.notes.sentHere(id, now),
      reportedLoad: (id) => inst.notes.loadOf(id, now),
      tell: (deviceId, target, load) => {
        if (o.notes) byId(target).notes.heard({ deviceId, from: inst.id, load }, now);
      },
      sipId: () => SIP_ID,
      memoryMs: 2 * BEAT_MS,
      now: () => now,
    });
  }
  // A beat publishes the instance's card and reads everyone's as last published (instances.ts).
  const published = new Map<string, InstanceCard>();
  const beat = () => {
    for (const inst of insts) {
      if (now < inst.nextBeat) continue;
      inst.nextBeat += BEAT_MS;
      published.set(inst.id, { id: inst.id, sip: { ip: '127.0.0.1', port: PORTS[inst.id] }, devicesOnline: inst.registered.size, startedAt: 0 });
      inst.seen = [...published.values()];
    }
  };
  // Arrivals: [time, instance, device], two offered per millisecond; a 302 is followed 5 ms later.
  const queue: Array<[number, string, string]> = [];
  for (let i = 0; i < o.devices; i++) {
    const id = `3402000000132${String(i).padStart(7, '0')}`;
    queue.push([Math.floor(i / 2), (i * 7919) % 100 < o.toA * 100 ? 'A' : 'B', id]);
  }
  const redirects = new Map<string, number>();
  let gaveUp = 0;
  while (queue.length) {
    queue.sort((x, y) => x[0] - y[0]);
    const [t, at, id] = queue.shift()!;
    now = t;
    beat();
    const inst = byId(at);
    const moved = inst.redirect.choose(id);
    if (!moved) {
      inst.registered.add(id);
      continue;
    }
    const hops = (redirects.get(id) ?? 0) + 1;
    redirects.set(id, hops);
    if (hops > 3) {
      gaveUp++;
      continue;
    }
    const port = Number(/:(\d+)>$/.exec(moved.contact)![1]);
    queue.push([t + 5, Object.keys(PORTS).find((k) => PORTS[k] === port)!, id]);
  }
  const [a, b] = insts.map((x) => x.registered.size);
  return { redirects, gaveUp, a, b };
}

describe('302 spreading under load', () => {
  it('two instances taking registrations at once converge: no device redirected twice, every device registered, neither overloaded', () => {
    const r = warmUp({ devices: 10_000, toA: 0.7, notes: true });
    const twice = [...r.redirects.values()].filter((n) => n > 1).length;
    expect(twice).toBe(0);
    expect(r.gaveUp).toBe(0);
    expect(r.a + r.b).toBe(10_000);
    expect(r.redirects.size).toBeGreaterThan(0);
    // Spread, though a burst faster than the cards' beat is split only roughly: neither holds more than 60%.
    expect(Math.max(r.a, r.b)).toBeLessThanOrEqual(6_000);
  });

  it('without the notes (Redis slow), a device sent away that comes back is kept: at most two redirects', () => {
    const r = warmUp({ devices: 10_000, toA: 0.5, notes: false });
    expect(Math.max(...r.redirects.values())).toBeLessThanOrEqual(2);
    expect(r.gaveUp).toBe(0);
    expect(r.a + r.b).toBe(10_000);
  });

  it('redirects only past the margin: a few devices plus a tenth of this instance\'s load', () => {
    const cards = [
      { id: 'A', sip: { ip: '127.0.0.1', port: 5060 }, devicesOnline: 0, startedAt: 0 },
      { id: 'B', sip: { ip: '127.0.0.1', port: 5070 }, devicesOnline: 0, startedAt: 0 },
    ];
    let load = 1_000;
    const told: string[] = [];
    const r = new LoadRedirect({ self: 'A', alive: () => cards, loadHere: () => load, registeredHere: () => false, sipId: () => SIP_ID, tell: (id, to) => told.push(`${id}>${to}`) });
    cards[1].devicesOnline = 899; // 101 fewer: under 2 + 100
    expect(r.choose('d1')).toBeUndefined();
    cards[1].devicesOnline = 898; // 102 fewer
    expect(r.choose('d2')?.contact).toBe(`<sip:${SIP_ID}@127.0.0.1:5070>`);
    expect(told).toEqual(['d2>B']);
    // B now counts 899 with the one sent; d2 coming back is kept.
    load = 2_000;
    expect(r.choose('d2')).toBeUndefined();
  });

  it('keeps a device another instance just sent here, whatever the loads', () => {
    const cards = [{ id: 'B', sip: { ip: '127.0.0.1', port: 5070 }, devicesOnline: 0, startedAt: 0 }];
    const r = new LoadRedirect({ self: 'A', alive: () => cards, loadHere: () => 5_000, registeredHere: () => false, sentHere: (id) => id === 'from-b', sipId: () => SIP_ID });
    expect(r.choose('from-b')).toBeUndefined();
    expect(r.choose('other')).toBeDefined();
  });
});

describe('recent devices', () => {
  it('forgets a note after its time and the oldest past the bound', () => {
    const n = new RecentDevices(1_000, 3);
    n.note('a', 0);
    n.note('b', 10);
    n.note('c', 20);
    n.note('d', 30);
    expect(n.size).toBe(3);
    expect(n.has('a', 30)).toBe(false);
    expect(n.has('b', 30)).toBe(true);
    expect(n.has('b', 1_010)).toBe(false);
    n.note('e', 1_025);
    expect(n.size).toBe(2);
  });
});
