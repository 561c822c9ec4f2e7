// Spreading devices by load (GB/T 28181-2022 302 redirect, docs/protocol.md §4): a REGISTER goes to the live
// instance with the fewest devices when it carries fewer than this one by a margin (a few devices plus a share of
// this one's load), so two instances whose views of each other lag do not trade devices back and forth. Answered
// from the local snapshot of instance cards (no Redis round trip on the SIP thread); redirects sent within the
// last `memoryMs` count towards their target (its card may not show them yet), so a burst is spread rather than
// all sent to one instance; an instance that redirected devices here recently said its load then, which counts
// when it is more than its card shows. A device is redirected at most once: one another instance just sent here is kept
// (`sentHere`, told by the sender before its 302 leaves), and so is one this instance just sent away that comes
// back (the other kept it from going further).
import type { InstanceCard } from './instances';
import { RecentDevices } from './recent-devices';

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
  /** Another instance redirected this device here recently: it stays. */
  sentHere?(deviceId: string): boolean;
  /** The load another instance reported as it last redirected a device here, while recent. */
  reportedLoad?(instance: string): number | undefined;
  /** Tells `target` that this device is being redirected to it, and this instance's load (before the 302 is sent). */
  tell?(deviceId: string, target: string, loadHere: number): void;
  /** Redirect only when the other instance carries at least this many devices fewer (default 2)... */
  margin?: number;
  /** ...plus this share of this instance's load (default 0.1). */
  marginShare?: number;
  /** How long a redirect counts towards its target's load: until its card surely shows it (default 10 s). */
  memoryMs?: number;
  /** How long a device sent away is kept here if it comes back (default 10 s). */
  keepMs?: number;
  /** Devices sent away remembered at most (default 20,000). */
  maxRemembered?: number;
  now?: () => number;
}

export class LoadRedirect {
  /** Times of the redirects sent to each instance, oldest first. */
  private readonly sent = new Map<string, number[]>();
  private readonly sentAway: RecentDevices;

  constructor(private readonly d: RedirectDeps) {
    this.sentAway = new RecentDevices(d.keepMs ?? 10_000, d.maxRemembered);
  }

  choose(deviceId: string): { contact: string } | undefined {
    if (this.d.registeredHere(deviceId) || this.d.sentHere?.(deviceId)) return undefined;
    const now = (this.d.now ?? Date.now)();
    if (this.sentAway.has(deviceId, now)) return undefined;
    const mine = this.d.loadHere();
    let best: InstanceCard | undefined;
    let bestLoad = Infinity;
    for (const c of this.d.alive()) {
      if (c.id === this.d.self) continue;
      const load = Math.max(c.devicesOnline, this.d.reportedLoad?.(c.id) ?? 0) + this.recent(c.id, now);
      if (load < bestLoad || (load === bestLoad && best && c.id < best.id)) {
        best = c;
        bestLoad = load;
      }
    }
    const margin = (this.d.margin ?? 2) + Math.floor(mine * (this.d.marginShare ?? 0.1));
    if (!best || mine - bestLoad < margin) return undefined;
    const times = this.sent.get(best.id) ?? [];
    times.push(now);
    this.sent.set(best.id, times);
    this.sentAway.note(deviceId, now);
    this.d.tell?.(deviceId, best.id, mine);
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
