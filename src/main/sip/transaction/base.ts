import type { SipAddress, SipMessage, SipRequest } from '../message/types';
import type { Clock, TimerHandle } from '../timers/clock';
import { sharedTimerValues, type TimerBase, type TimerValues } from '../timers/timers';
import { Listeners } from '../../../shared/listeners';

export type TransactionState = 'Calling' | 'Trying' | 'Proceeding' | 'Completed' | 'Accepted' | 'Confirmed' | 'Terminated';

export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | '100';

export interface TransactionContext {
  clock: Clock;
  /** T1/T2/T4 overrides; the A..M values are derived from them. */
  timers?: Partial<TimerBase>;
  /** Whether the transport is reliable (no retransmissions, zero wait timers). */
  reliable: boolean;
  /** Hands a message, or the wire bytes of one being re-sent, to the transport towards the transaction's peer. */
  send(message: SipMessage | Buffer, peer: SipAddress): Promise<void>;
  /** Told each time a client transaction re-sends its request (Timer A or E). */
  resent?(): void;
  /** Told once when a transaction terminates (the layer forgets it). */
  ended?(tx: Transaction): void;
  /**
   * Non-INVITE server transactions over UDP: takes over the Completed state (the final response's wire bytes for
   * Timer J), so the transaction can terminate at once. See CompletedResponses.
   */
  holdCompleted?(tx: Transaction, wire: Buffer): void;
  /**
   * Non-INVITE client transactions over UDP: takes over the Completed state (Timer K only absorbs repeats of the
   * final response), so the transaction, its request and its user can go at the final response. False: the
   * transaction keeps Completed itself.
   */
  holdCompletedClient?(tx: Transaction): boolean;
}

/** Timer bookkeeping, state and termination shared by the four state machines (RFC 3261 §17). */
export abstract class Transaction {
  readonly method: string;
  readonly peer: SipAddress;
  protected readonly clock: Clock;
  protected readonly t: Readonly<TimerValues>;
  protected readonly reliable: boolean;
  protected readonly ctx: TransactionContext;
  private _state: TransactionState;
  // created on first use, like the listener lists: a UDP non-INVITE server transaction never arms a timer
  private running: Map<TimerName, TimerHandle> | undefined;
  // created on first use: most transactions never get a state listener
  private terminatedListeners: Listeners<[]> | undefined;
  private stateListeners: Listeners<[TransactionState]> | undefined;

  protected constructor(request: SipRequest, peer: SipAddress, ctx: TransactionContext, initial: TransactionState) {
    this.method = request.method;
    this.peer = peer;
    this.clock = ctx.clock;
    this.reliable = ctx.reliable;
    this.t = sharedTimerValues(ctx.timers, ctx.reliable);
    this.ctx = ctx;
    this._state = initial;
  }

  get state(): TransactionState {
    return this._state;
  }

  /** Timers currently armed (for tests and diagnostics). */
  get activeTimers(): TimerName[] {
    return [...(this.running?.keys() ?? [])];
  }

  onTerminated(fn: () => void): void {
    if (this._state === 'Terminated') fn();
    else (this.terminatedListeners ??= new Listeners()).add(fn);
  }

  onStateChange(fn: (s: TransactionState) => void): void {
    (this.stateListeners ??= new Listeners()).add(fn);
  }

  /** A listener that throws does not keep the others from running or the transaction from ending. */
  protected setState(s: TransactionState): void {
    if (this._state === s || this._state === 'Terminated') return;
    this._state = s;
    try {
      this.stateListeners?.emit(s);
    } finally {
      if (s === 'Terminated') this.ended();
    }
  }

  private ended(): void {
    for (const name of [...(this.running?.keys() ?? [])]) this.stopTimer(name);
    this.ctx.ended?.(this);
    const ls = this.terminatedListeners;
    this.terminatedListeners = undefined;
    ls?.emit();
  }

  protected terminate(): void {
    this.setState('Terminated');
  }

  /** Arms a timer; a zero duration (reliable transports) runs its action at once. */
  protected startTimer(name: TimerName, ms: number, fire: () => void): void {
    this.stopTimer(name);
    if (ms <= 0) {
      fire();
      return;
    }
    (this.running ??= new Map()).set(
      name,
      this.clock.setTimeout(() => {
        this.running?.delete(name);
        if (this._state !== 'Terminated') fire();
      }, ms),
    );
  }

  protected stopTimer(name: TimerName): void {
    const h = this.running?.get(name);
    if (h !== undefined) {
      this.clock.clearTimeout(h);
      this.running!.delete(name);
    }
  }

  /** Sends and reports a transport failure through `onSendError` instead of throwing. */
  protected transmit(m: SipMessage | Buffer): void {
    let p: Promise<void>;
    try {
      p = this.ctx.send(m, this.peer);
    } catch (err) {
      p = Promise.reject(err);
    }
    p.catch((err: unknown) => {
      if (this._state !== 'Terminated') this.transportError(err instanceof Error ? err : new Error(String(err)));
    });
  }

  /** RFC 3261 §17.1.4 / §17.2.4: the transport could not deliver; the transaction ends. */
  abstract transportError(err: Error): void;
}
