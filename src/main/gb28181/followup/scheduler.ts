// Automatic follow-up work after a registration (DeviceInfo, Catalog, BasicParam, subscriptions), run so that a
// registration storm never becomes a query storm (docs/protocol.md §12): a bound on steps in flight over all
// devices, one step at a time per device, nothing new started while registrations are backing up, and a device
// that did not answer is not asked again in a loop. Steps of a lower phase start before any step of a higher
// one, over all devices: after a storm every device shows its channels before background work begins. What a
// user asks for does not go through here, so it never waits behind automatic work.
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { Deque } from '../../../shared/deque';

/** How a step ended: `unreachable` (no SIP answer at all) ends the device's chain and starts its cool-down. */
/** 'slow': done, but the device's answer never came (it took the query): the chain goes on, the window narrows. */
export type StepOutcome = 'ok' | 'slow' | 'failed' | 'unreachable';

export interface FollowUpStep {
  name: string;
  /** Lower phases first, over all devices (default 0). */
  phase?: number;
  /** Asked when the step's turn comes: true passes over it (not run, not counted). */
  skip?(): boolean;
  run(): Promise<StepOutcome>;
}

export interface FollowUpOptions {
  /** The most steps in flight over all devices (the window's ceiling). */
  maxOutstanding: number;
  /**
   * The window's floor and start. Steps in flight adapt to how long steps take (docs/protocol.md §12): one more
   * for each step answered within lateStepMs, one fewer for each answered later, so steps queue only so long at
   * either end that the round trip stays well under T1; half as many (at most once per cutSpacingMs) when a step
   * gets no answer, its answer never comes, or requests had to be re-sent either way while steps were in flight.
   * Devices that answer are catalogued many at a time, and neither side retransmits.
   */
  minOutstanding: number;
  cutSpacingMs: number;
  /** A step answered later than this (from its start) counts as queued somewhere: the window narrows by one. */
  lateStepMs: number;
  /** Devices waiting; past this, new chains are refused (counted). */
  maxQueued: number;
  /** While under pressure, look again after this long. */
  pressureRetryMs: number;
  /** A device whose chain ended unreachable is not followed up again for this long. */
  unreachableCooldownMs: number;
  /** Steps started in one turn of the event loop; the rest start on the next turns, so nothing waits long behind them. */
  startsPerTurn: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpOptions = {
  maxOutstanding: 1024,
  minOutstanding: 64,
  cutSpacingMs: 1000,
  lateStepMs: 150,
  maxQueued: 200_000,
  pressureRetryMs: 50,
  unreachableCooldownMs: 10 * 60_000,
  startsPerTurn: 16,
};

export type ScheduleResult = 'queued' | 'restarted' | 'cooling-down' | 'full';

export interface FollowUpStats {
  queued: number;
  running: number;
  /** Steps allowed in flight now. */
  window: number;
  stepsDone: number;
  stepsFailed: number;
  chainsUnreachable: number;
  refusedFull: number;
  skippedCoolingDown: number;
  deferredForPressure: number;
}

interface Chain {
  deviceId: string;
  steps: FollowUpStep[];
  next: number;
  cancelled: boolean;
  running: boolean;
  /** Which queue entry is the chain's current one (older entries are stale). */
  ticket: number;
}

interface Entry {
  chain: Chain;
  ticket: number;
}

export interface FollowUpHooks {
  /** True while registrations are backing up: start nothing new. */
  underPressure(): boolean;
  /** Requests re-sent so far between the server and its devices, either way (a running total; see FollowUpOptions.minOutstanding). */
  retransmissions?(): number;
  /** A step threw (a bug, not a device failure). */
  onError?(deviceId: string, step: string, err: unknown): void;
}

export class FollowUpScheduler {
  private readonly opts: FollowUpOptions;
  /** Per phase, chains ready for their next step, oldest first; a chain that just finished a step goes to the front. */
  private readonly ready: Deque<Entry>[] = [];
  private readonly chains = new Map<string, Chain>();
  private readonly cooldownUntil = new Map<string, number>();
  private running = 0;
  /** Steps allowed in flight now, between minOutstanding and maxOutstanding. */
  private window: number;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private retransmissionsSeen = 0;
  private retryTimer: TimerHandle | null = null;
  private nextTurn: ReturnType<typeof setImmediate> | null = null;
  private startedThisTurn = 0;
  private closed = false;
  private readonly counters = {
    stepsDone: 0,
    stepsFailed: 0,
    chainsUnreachable: 0,
    refusedFull: 0,
    skippedCoolingDown: 0,
    deferredForPressure: 0,
  };

  constructor(
    private readonly clock: Clock,
    private readonly hooks: FollowUpHooks,
    options: Partial<FollowUpOptions> = {},
  ) {
    this.opts = { ...DEFAULT_FOLLOW_UP, ...options };
    this.window = this.floor();
    this.retransmissionsSeen = hooks.retransmissions?.() ?? 0;
  }

  private floor(): number {
    return Math.max(1, Math.min(this.opts.minOutstanding, this.opts.maxOutstanding));
  }

  /**
   * A step answered in time widens the window by one and a late one narrows it by one, so it settles where a
   * typical step takes lateStepMs. A step with no answer, or any request re-sent while steps were in flight,
   * halves it, once per cutSpacingMs.
   */
  private adapt(outcome: StepOutcome, tookMs: number): void {
    const resent = this.hooks.retransmissions?.() ?? 0;
    const congested = outcome === 'unreachable' || outcome === 'slow' || resent > this.retransmissionsSeen;
    this.retransmissionsSeen = resent;
    if (congested) {
      const now = this.clock.now();
      if (now - this.lastCutAt < this.opts.cutSpacingMs) return;
      this.lastCutAt = now;
      this.window = Math.max(this.floor(), Math.floor(this.window / 2));
    } else if (outcome === 'ok') {
      const step = tookMs > this.opts.lateStepMs ? -1 : 1;
      this.window = Math.max(this.floor(), Math.min(this.opts.maxOutstanding, this.window + step));
    }
  }

  /** Queues a device's steps, run in order, one at a time. */
  schedule(deviceId: string, steps: FollowUpStep[]): ScheduleResult {
    if (this.closed) return 'full';
    const existing = this.chains.get(deviceId);
    if (existing) {
      // Registered anew while being followed up (it rebooted): the rest of the chain starts over, still one
      // step at a time.
      existing.steps = steps;
      existing.next = 0;
      if (!existing.running) this.enqueue(existing, 'back');
      return 'restarted';
    }
    const until = this.cooldownUntil.get(deviceId);
    if (until !== undefined) {
      if (this.clock.now() < until) {
        this.counters.skippedCoolingDown++;
        return 'cooling-down';
      }
      this.cooldownUntil.delete(deviceId);
    }
    if (this.chains.size >= this.opts.maxQueued) {
      this.counters.refusedFull++;
      return 'full';
    }
    const chain: Chain = { deviceId, steps, next: 0, cancelled: false, running: false, ticket: 0 };
    this.chains.set(deviceId, chain);
    this.enqueue(chain, 'back');
    this.pump();
    return 'queued';
  }

  /** Drops a device's remaining steps (it went offline or was removed); a running step is left to finish. */
  cancel(deviceId: string): void {
    const chain = this.chains.get(deviceId);
    if (!chain) return;
    chain.cancelled = true;
    this.chains.delete(deviceId);
  }

  /** Forgets a device's cool-down, e.g. when the installer asks for a refresh. */
  clearCooldown(deviceId: string): void {
    this.cooldownUntil.delete(deviceId);
  }

  isScheduled(deviceId: string): boolean {
    return this.chains.has(deviceId);
  }

  stats(): FollowUpStats {
    return { queued: this.chains.size - this.running, running: this.running, window: this.window, ...this.counters };
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.nextTurn) clearImmediate(this.nextTurn);
    this.nextTurn = null;
    for (const c of this.chains.values()) c.cancelled = true;
    this.chains.clear();
    for (const q of this.ready) q.clear();
  }

  private pump(): void {
    while (!this.closed && this.running < this.window) {
      if (this.startedThisTurn >= this.opts.startsPerTurn) return;
      const entry = this.takeReady();
      if (!entry) return;
      if (this.hooks.underPressure()) {
        this.queueOf(entry.chain).pushFront(entry);
        this.counters.deferredForPressure++;
        this.retryLater();
        return;
      }
      if (!this.passSkipped(entry.chain)) continue;
      this.start(entry.chain);
      this.startedThisTurn++;
      // The next turn starts counting afresh and goes on where this one stopped.
      this.nextTurn ??= setImmediate(() => {
        this.nextTurn = null;
        this.startedThisTurn = 0;
        this.pump();
      });
    }
  }

  /** The next chain to step: from the lowest phase that has one. */
  private takeReady(): Entry | undefined {
    for (const q of this.ready) {
      for (let e = q.shift(); e; e = q.shift()) {
        if (!e.chain.cancelled && !e.chain.running && e.ticket === e.chain.ticket) return e;
      }
    }
    return undefined;
  }

  private queueOf(chain: Chain): Deque<Entry> {
    const phase = Math.max(0, Math.min(15, Math.floor(chain.steps[chain.next]?.phase ?? 0)));
    for (let i = this.ready.length; i <= phase; i++) this.ready[i] = new Deque<Entry>();
    return this.ready[phase];
  }

  private enqueue(chain: Chain, where: 'front' | 'back'): void {
    const entry = { chain, ticket: ++chain.ticket };
    if (where === 'front') this.queueOf(chain).pushFront(entry);
    else this.queueOf(chain).push(entry);
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, this.opts.pressureRetryMs);
  }

  /**
   * Moves past steps that ask to be skipped. True when the next step may start now; false when none is left (the
   * chain ends) or when the chain moved on and waits again, in front, among the steps of its next step's phase.
   */
  private passSkipped(chain: Chain): boolean {
    let skipped = false;
    for (; chain.next < chain.steps.length && chain.steps[chain.next].skip?.(); chain.next++) skipped = true;
    if (chain.next >= chain.steps.length) {
      if (this.chains.get(chain.deviceId) === chain) this.chains.delete(chain.deviceId);
      return false;
    }
    if (skipped) this.enqueue(chain, 'front');
    return !skipped;
  }

  private start(chain: Chain): void {
    const step = chain.steps[chain.next++];
    // Re-sends while none of our steps was in flight (a registration storm's) are not a sign of our own load.
    if (this.running === 0) this.retransmissionsSeen = this.hooks.retransmissions?.() ?? 0;
    this.running++;
    const startedAt = this.clock.now();
    chain.running = true;
    let outcome: Promise<StepOutcome>;
    try {
      outcome = step.run();
    } catch (err) {
      outcome = Promise.reject(err);
    }
    outcome.then(
      (o) => this.finish(chain, o, this.clock.now() - startedAt),
      (err) => {
        this.hooks.onError?.(chain.deviceId, step.name, err);
        this.finish(chain, 'failed', this.clock.now() - startedAt);
      },
    );
  }

  private finish(chain: Chain, outcome: StepOutcome, tookMs: number): void {
    this.running--;
    chain.running = false;
    if (!chain.cancelled) this.adapt(outcome, tookMs);
    if (outcome === 'ok' || outcome === 'slow') this.counters.stepsDone++;
    else this.counters.stepsFailed++;
    const ended = chain.cancelled || outcome === 'unreachable' || chain.next >= chain.steps.length;
    if (outcome === 'unreachable' && !chain.cancelled) {
      this.counters.chainsUnreachable++;
      this.cooldownUntil.set(chain.deviceId, this.clock.now() + this.opts.unreachableCooldownMs);
      this.boundCooldowns();
    }
    if (ended) {
      if (this.chains.get(chain.deviceId) === chain) this.chains.delete(chain.deviceId);
    } else {
      // Within a phase, finishing a started device first keeps the number of half-followed-up devices small.
      this.enqueue(chain, 'front');
    }
    this.pump();
  }

  /** The cool-down table is keyed by device IDs that registered; still, never let it grow without bound. */
  private boundCooldowns(): void {
    if (this.cooldownUntil.size <= this.opts.maxQueued) return;
    const now = this.clock.now();
    for (const [id, until] of this.cooldownUntil) {
      if (until <= now || this.cooldownUntil.size > this.opts.maxQueued) this.cooldownUntil.delete(id);
      else break;
    }
  }
}
