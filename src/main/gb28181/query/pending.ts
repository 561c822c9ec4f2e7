// Queries waiting for their Response MESSAGE, matched by device + CmdType + SN (GB/T 28181 §9.5: the answer is
// a separate MESSAGE carrying the query's SN), each with a deadline.
import { DomainError } from '../../../shared/errors';
import { GroupedKeys } from '../../../shared/grouped-keys';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { queryTimeoutText } from './texts';

export class QueryTimeoutError extends DomainError {
  constructor(
    readonly deviceId: string,
    readonly cmdType: string,
    readonly sn: string,
    readonly timeoutMs: number,
  ) {
    const said = queryTimeoutText(deviceId, cmdType, sn, Math.round(timeoutMs / 1000));
    super('timeout', said.text, undefined, said);
    this.name = 'QueryTimeoutError';
  }
}

interface Waiter<T> {
  deviceId: string;
  resolve(v: T): void;
  reject(e: Error): void;
  timer: TimerHandle;
  timeoutMs: number;
  arm(): TimerHandle;
}

export function queryKey(deviceId: string, cmdType: string, sn: string | number): string {
  return `${deviceId}|${cmdType.toLowerCase()}|${sn}`;
}

export class PendingQueries<T> {
  private readonly waiters = new Map<string, Waiter<T>>();
  private readonly byDevice = new GroupedKeys();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.waiters.size;
  }

  /** Devices with a query waiting (tests: the index empties with the waits). */
  get devicesWaiting(): number {
    return this.byDevice.owners;
  }

  has(deviceId: string, cmdType: string, sn: string | number): boolean {
    return this.waiters.has(queryKey(deviceId, cmdType, sn));
  }

  /** Waits for the answer; rejects with QueryTimeoutError after timeoutMs. */
  wait(deviceId: string, cmdType: string, sn: string | number, timeoutMs: number): Promise<T> {
    const key = queryKey(deviceId, cmdType, sn);
    this.waiters.get(key)?.reject(new Error(`${cmdType} query SN ${sn} to ${deviceId} was replaced by a newer one`));
    return new Promise<T>((resolve, reject) => {
      const arm = (): TimerHandle => {
        const timer = this.clock.setTimeout(() => {
          if (this.waiters.get(key)?.timer !== timer) return;
          this.take(key);
          reject(new QueryTimeoutError(deviceId, cmdType, String(sn), timeoutMs));
        }, timeoutMs);
        return timer;
      };
      this.waiters.set(key, { deviceId, resolve, reject, timer: arm(), timeoutMs, arm });
      this.byDevice.add(deviceId, key);
    });
  }

  /**
   * The device took the query (2xx to the MESSAGE): the whole wait starts now, since it could not answer what
   * it had not received (retransmissions to a busy device may take seconds).
   */
  accepted(deviceId: string, cmdType: string, sn: string | number): void {
    const w = this.waiters.get(queryKey(deviceId, cmdType, sn));
    if (!w) return;
    this.clock.clearTimeout(w.timer);
    w.timer = w.arm();
  }

  /** Delivers an answer; false when nobody waits for it (late, duplicate or unsolicited). */
  resolve(deviceId: string, cmdType: string, sn: string | number, value: T): boolean {
    const w = this.take(queryKey(deviceId, cmdType, sn));
    if (!w) return false;
    this.clock.clearTimeout(w.timer);
    w.resolve(value);
    return true;
  }

  reject(deviceId: string, cmdType: string, sn: string | number, err: Error): boolean {
    const w = this.take(queryKey(deviceId, cmdType, sn));
    if (!w) return false;
    this.clock.clearTimeout(w.timer);
    w.reject(err);
    return true;
  }

  /** Fails every waiter of one device (it went offline) or all of them (shutdown); `why` is asked only when there is one. */
  rejectAll(why: () => Error, deviceId?: string): void {
    const keys = deviceId === undefined ? [...this.waiters.keys()] : this.byDevice.of(deviceId);
    let err: Error | undefined;
    for (const key of keys) {
      const w = this.take(key);
      if (!w) continue;
      this.clock.clearTimeout(w.timer);
      w.reject((err ??= why()));
    }
  }

  private take(key: string): Waiter<T> | undefined {
    const w = this.waiters.get(key);
    if (!w) return undefined;
    this.waiters.delete(key);
    this.byDevice.delete(w.deviceId, key);
    return w;
  }
}
