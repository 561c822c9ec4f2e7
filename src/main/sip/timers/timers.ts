// RFC 3261 §17 timer values (Table 4 in appendix A) in milliseconds, all derived from T1, T2 and T4 here and nowhere else.

export const T1 = 500;
export const T2 = 4_000;
export const T4 = 5_000;

/** RFC 3261 §17.2.1: send 100 Trying if the TU has not answered an INVITE within this time. */
export const TRYING_DELAY = 200;

export interface TimerBase {
  t1: number;
  t2: number;
  t4: number;
}

export interface TimerValues extends TimerBase {
  /** INVITE request retransmit, initial interval; doubles each time (unreliable only). */
  A: number;
  /** INVITE transaction timeout. */
  B: number;
  /** Wait time for response retransmits after a non-2xx final (unreliable; 0 on reliable). */
  D: number;
  /** Non-INVITE request retransmit, initial interval; doubles up to T2 (unreliable only). */
  E: number;
  /** Non-INVITE transaction timeout. */
  F: number;
  /** INVITE non-2xx final response retransmit, initial interval; doubles up to T2. */
  G: number;
  /** Wait time for ACK receipt. */
  H: number;
  /** Wait time for ACK retransmits (unreliable; 0 on reliable). */
  I: number;
  /** Wait time for non-INVITE request retransmits (unreliable; 0 on reliable). */
  J: number;
  /** Wait time for non-INVITE response retransmits (unreliable; 0 on reliable). */
  K: number;
  /** RFC 6026: wait time for 2xx retransmits in the INVITE client transaction's Accepted state. */
  M: number;
  /** RFC 6026: wait time for ACK / INVITE retransmits in the INVITE server transaction's Accepted state. */
  L: number;
}

// Every transaction needs these values: one shared frozen object per T1/T2/T4 setting and transport kind instead
// of one per transaction, which matters when tens of thousands of transactions wait on Timer J.
const NO_OVERRIDES: Partial<TimerBase> = {};
const shared = new WeakMap<Partial<TimerBase>, Array<Readonly<TimerValues>>>();

/** timerValues() as one frozen object shared by every caller passing the same `base` object. */
export function sharedTimerValues(base: Partial<TimerBase> = NO_OVERRIDES, reliable = false): Readonly<TimerValues> {
  let byKind = shared.get(base);
  if (!byKind) shared.set(base, (byKind = []));
  return (byKind[reliable ? 1 : 0] ??= Object.freeze(timerValues(base, reliable)));
}

export function timerValues(base: Partial<TimerBase> = {}, reliable = false): TimerValues {
  const t1 = base.t1 ?? T1;
  const t2 = base.t2 ?? T2;
  const t4 = base.t4 ?? T4;
  return {
    t1,
    t2,
    t4,
    A: t1,
    B: 64 * t1,
    // §17.1.1.2: at least 32 s on unreliable transports; 64*T1 is exactly 32 s with the default T1.
    D: reliable ? 0 : 64 * t1,
    E: t1,
    F: 64 * t1,
    G: t1,
    H: 64 * t1,
    I: reliable ? 0 : t4,
    J: reliable ? 0 : 64 * t1,
    K: reliable ? 0 : t4,
    M: 64 * t1,
    L: 64 * t1,
  };
}

/** Next retransmit interval for timers E and G: double, capped at T2 (§17.1.2.2, §17.2.1). */
export function backoffCapped(current: number, t2: number): number {
  return Math.min(current * 2, t2);
}
