// The fleet's SIP timers, fired only once the input waiting for this process has been read.
//
// Thousands of simulated devices share one event loop, and in a storm its turns are long. A request's Timer A/E
// (RFC 3261 §17.1.1.2, §17.1.2.2) that falls due in such a turn finds the answer already in the socket, unread: Node
// runs due timers before it polls for input, so the device would re-send a request it has its answer to. A real
// device, with a processor of its own, has read that answer long before. Each of these timers therefore runs in the
// check phase, after the poll that reads the sockets; an answer read there clears it first. A timer that fell due
// during a long turn waits for more polls: the backlog of such a turn takes several to read (libuv reads at most
// 32 datagrams a socket per poll). A request that really had no answer is re-sent as before, a few polls later.
import type { Clock, TimerHandle } from '../../main/sip/timers/clock';

/** A timer this late fell due during a long turn of the loop... */
const LATE_MS = 100;
/** ...and waits for this many polls. */
const POLLS_WHEN_LATE = 3;

class LateTimer {
  inner: TimerHandle | undefined;
  immediate: NodeJS.Immediate | undefined;
  constructor(readonly id: number) {}
}

export function afterInputClock(clock: Clock): Clock {
  let seq = 0;
  return {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const t = new LateTimer(++seq);
      const due = clock.now() + ms;
      t.inner = clock.setTimeout(() => {
        t.inner = undefined;
        let polls = clock.now() - due >= LATE_MS ? POLLS_WHEN_LATE : 1;
        const afterPoll = () => {
          if (--polls > 0) return wait();
          t.immediate = undefined;
          fn();
        };
        const wait = () => {
          t.immediate = setImmediate(afterPoll);
          // like the protocol timers it stands for, it never keeps the process alive on its own
          t.immediate.unref();
        };
        wait();
      }, ms);
      return t;
    },
    clearTimeout(handle) {
      if (!(handle instanceof LateTimer)) return;
      if (handle.inner !== undefined) clock.clearTimeout(handle.inner);
      if (handle.immediate !== undefined) clearImmediate(handle.immediate);
      handle.inner = handle.immediate = undefined;
    },
  };
}
