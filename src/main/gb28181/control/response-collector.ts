// Answers that come as several Response MESSAGEs with the query's SN (GB/T 28181-2016 A.2.6: PresetQuery in
// parts, ConfigDownload one Response per ConfigType, Query Alarm): collected until `done` says so, or until the
// device is silent for idleMs, or totalMs pass. Bounded: at most MAX_WAITS waits and MAX_PARTS parts each.
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import type { DecodedBody } from '../manscdp/codec';

const MAX_WAITS = 256;
const MAX_PARTS = 1000;

export interface Collected {
  parts: DecodedBody[];
  /** done() was satisfied (false: silence or the total time ended it). */
  complete: boolean;
}

interface Wait {
  parts: DecodedBody[];
  done: (parts: DecodedBody[]) => boolean;
  idleMs: number;
  idle?: TimerHandle;
  total: TimerHandle;
  finish: (complete: boolean) => void;
}

export class ResponseCollector {
  private readonly waits = new Map<string, Wait>();

  constructor(private readonly clock: Clock) {}

  private key(deviceId: string, cmdType: string, sn: string | number): string {
    return `${deviceId}|${cmdType.toLowerCase()}|${sn}`;
  }

  /** Start waiting before sending the query. */
  expect(
    deviceId: string,
    cmdType: string,
    sn: number,
    o: { done: (parts: DecodedBody[]) => boolean; idleMs: number; totalMs: number },
  ): { result: Promise<Collected>; cancel(): void } {
    if (this.waits.size >= MAX_WAITS) throw new Error(`too many ${cmdType} queries waiting for answers; try again shortly`);
    const key = this.key(deviceId, cmdType, sn);
    let finish!: (complete: boolean) => void;
    const result = new Promise<Collected>((resolve) => {
      finish = (complete) => {
        const w = this.waits.get(key);
        if (!w) return;
        this.waits.delete(key);
        if (w.idle !== undefined) this.clock.clearTimeout(w.idle);
        this.clock.clearTimeout(w.total);
        resolve({ parts: w.parts, complete });
      };
    });
    const wait: Wait = { parts: [], done: o.done, idleMs: o.idleMs, total: this.clock.setTimeout(() => finish(false), o.totalMs), finish };
    wait.idle = this.clock.setTimeout(() => finish(false), o.idleMs);
    this.waits.set(key, wait);
    return { result, cancel: () => finish(false) };
  }

  /** A Response that no single-answer query took; true when it belongs to a wait here. */
  offer(deviceId: string, body: DecodedBody): boolean {
    const ids = body.deviceId && body.deviceId !== deviceId ? [deviceId, body.deviceId] : [deviceId];
    for (const id of ids) {
      const w = this.waits.get(this.key(id, body.cmdType, body.sn));
      if (!w) continue;
      if (w.parts.length < MAX_PARTS) w.parts.push(body);
      if (w.done(w.parts) || w.parts.length >= MAX_PARTS) {
        w.finish(true);
        return true;
      }
      if (w.idle !== undefined) this.clock.clearTimeout(w.idle);
      w.idle = this.clock.setTimeout(() => w.finish(false), w.idleMs);
      return true;
    }
    return false;
  }

  close(): void {
    for (const w of [...this.waits.values()]) w.finish(false);
  }
}
