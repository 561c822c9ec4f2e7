// Spreading devices by load (GB/T 28181-2022 302 redirect, docs/protocol.md §4): a REGISTER goes to the live
// instance with the fewest devices when it carries at least `margin` fewer than this one. Answered from the
// local snapshot of instance cards (no Redis round trip on the SIP thread); redirects sent within the last
// `memoryMs` count towards their target (its card may not show them yet), so a burst is spread rather than all
// sent to one instance.
import type { InstanceCard } from './instances';

export interface RedirectDeps {
  self: string;
  /** Live instances (the snapshot). */
  alive(): InstanceCard[];
  /** This instance's devices online now. */
  loadHere(): number;
  /** A device already registered here stays (its refreshes are not moved). */
  registeredHere(deviceId: string): boolean;
  /** The server ID put in the Contact (the platform's, shared by its instances). */
  sipId(): string;
  /** Redirect only when the other instance carries at least this many devices fewer (default 1). */
  margin?: number;
  /** How long a redirect counts towards its target's load: until its card surely shows it (default 10 s). */
  memoryMs?: number;
  now?: () => number;
}

export class LoadRedirect {
  /** Times of the redirects sent to each instance, oldest first. */
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly d: RedirectDeps) {}

  choose(deviceId: string): { contact: string } | undefined {
    if (this.d.registeredHere(deviceId)) return undefined;
    const alive = this.d.alive();
    const now = (this.d.now ?? Date.now)();
    const mine = this.d.loadHere();
    let best: InstanceCard | undefined;
    let bestLoad = Infinity;
    for (const c of alive) {
      if (c.id === this.d.self) continue;
      const load = c.devicesOnline + this.recent(c.id, now);
      if (load < bestLoad || (load === bestLoad && best && c.id < best.id)) {
        best = c;
        bestLoad = load;
      }
    }
    if (!best || bestLoad + (this.d.margin ?? 1) > mine) return undefined;
    const times = this.sent.get(best.id) ?? [];
    times.push(now);
    this.sent.set(best.id, times);
    return { contact: `<sip:${this.d.sipId()}@${best.sip.ip}:${best.sip.port}>` };
  }

  /** Redirects sent to `id` still counted; older ones are forgotten (the map holds only live instances' entries). */
  private recent(id: string, now: number): number {
    const times = this.sent.get(id);
    if (!times) return 0;
    const cutoff = now - (this.d.memoryMs ?? 10_000);
    let drop = 0;
    while (drop < times.length && times[drop] < cutoff) drop++;
    if (drop) times.splice(0, drop);
    if (times.length === 0) this.sent.delete(id);
    return times.length;
  }
}
