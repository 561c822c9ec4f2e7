// Spreading devices by load (GB/T 28181-2022 302 redirect, docs/protocol.md §4): a REGISTER goes to the live
// instance with the fewest devices when it carries at least `margin` fewer than this one. Answered from the
// local snapshot of instance cards (no Redis round trip on the SIP thread); redirects sent since the last
// snapshot count towards their target, so a burst is spread rather than all sent to one instance.
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
}

export class LoadRedirect {
  private sent = new Map<string, number>();
  private snapshotOf: InstanceCard[] | undefined;

  constructor(private readonly d: RedirectDeps) {}

  choose(deviceId: string): { contact: string } | undefined {
    if (this.d.registeredHere(deviceId)) return undefined;
    const alive = this.d.alive();
    if (alive !== this.snapshotOf) {
      this.snapshotOf = alive;
      this.sent.clear();
    }
    const mine = this.d.loadHere();
    let best: InstanceCard | undefined;
    let bestLoad = Infinity;
    for (const c of alive) {
      if (c.id === this.d.self) continue;
      const load = c.devicesOnline + (this.sent.get(c.id) ?? 0);
      if (load < bestLoad || (load === bestLoad && best && c.id < best.id)) {
        best = c;
        bestLoad = load;
      }
    }
    if (!best || bestLoad + (this.d.margin ?? 1) > mine) return undefined;
    this.sent.set(best.id, (this.sent.get(best.id) ?? 0) + 1);
    return { contact: `<sip:${this.d.sipId()}@${best.sip.ip}:${best.sip.port}>` };
  }
}
