// A device that registered and stays online but whose catalogue never came (both follow-up Catalog queries lost
// in a storm, or a query that timed out and ended its follow-ups) would otherwise show no channels until it
// registers anew, an hour later or more. It is asked again while online, after growing pauses, a few times at
// most: never in a loop (docs/protocol.md §12).
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import type { ScheduleResult } from './scheduler';

/** What the recovery needs of the registry and the follow-up scheduler. */
export interface CatalogRecoveryDeps {
  /** Some catalogue answer arrived for the device (an empty one too). */
  catalogued(deviceId: string): boolean;
  /** Online; false also for a device no longer known. */
  online(deviceId: string): boolean;
  known(deviceId: string): boolean;
  /** Its follow-ups are still queued or running (their Catalog may yet come). */
  busy(deviceId: string): boolean;
  /** Queues one Catalog query for the device through the follow-up scheduler. */
  ask(deviceId: string): ScheduleResult;
}

export interface CatalogRecoveryOptions {
  /** The pause before each ask, counted from the registration, then from the previous ask. */
  delaysMs: number[];
  /** How often the waiting devices are looked at. */
  sweepMs: number;
}

export const DEFAULT_CATALOG_RECOVERY: CatalogRecoveryOptions = {
  delaysMs: [2 * 60_000, 10 * 60_000, 30 * 60_000],
  sweepMs: 30_000,
};

interface Waiting {
  due: number;
  asked: number;
}

export class CatalogRecovery {
  /** One entry per registered device (the registry bounds them) until its catalogue arrives or the asks run out. */
  private readonly waiting = new Map<string, Waiting>();
  private readonly opts: CatalogRecoveryOptions;
  private timer: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly deps: CatalogRecoveryDeps,
    opts: Partial<CatalogRecoveryOptions> = {},
  ) {
    this.opts = { ...DEFAULT_CATALOG_RECOVERY, ...opts };
  }

  /** A new registration: its follow-ups ask for the catalogue; this watches that it arrives. */
  registered(deviceId: string): void {
    if (this.closed || this.opts.delaysMs.length === 0) return;
    this.waiting.set(deviceId, { due: this.clock.now() + this.opts.delaysMs[0], asked: 0 });
    this.arm();
  }

  /** The device answered the query with a refusal: asking again would get the same. */
  refused(deviceId: string): void {
    this.waiting.delete(deviceId);
  }

  get size(): number {
    return this.waiting.size;
  }

  sweep(): void {
    const now = this.clock.now();
    for (const [deviceId, w] of this.waiting) {
      if (!this.deps.known(deviceId) || this.deps.catalogued(deviceId)) {
        this.waiting.delete(deviceId);
        continue;
      }
      if (w.due > now || !this.deps.online(deviceId) || this.deps.busy(deviceId)) continue;
      const r = this.deps.ask(deviceId);
      // Refused for now (the queue full): looked at again next sweep.
      if (r !== 'queued' && r !== 'restarted') continue;
      w.asked++;
      if (w.asked >= this.opts.delaysMs.length) this.waiting.delete(deviceId);
      else w.due = now + this.opts.delaysMs[w.asked];
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.sweep();
      if (this.waiting.size > 0) this.arm();
    }, this.opts.sweepMs);
  }
}
