// The fleet's SIP timers, fired only once the input waiting for this process has been read.
//
// Thousands of simulated devices share one event loop, and in a storm its turns are long. A request's Timer A/E
// (RFC 3261 §17.1.1.2, §17.1.2.2) that falls due in such a turn finds the answer already in the socket, unread: Node
// runs due timers before it polls for input, so the device would re-send a request it has its answer to. A real
// device, with a processor of its own, has read that answer long before. Each of these timers therefore runs in the
// check phase, after the poll that reads the sockets; an answer read there clears it first. A request that really
// had no answer is re-sent as before, a phase of the loop later.
import type { Clock, TimerHandle } from '../../main/sip/timers/clock';

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
      t.inner = clock.setTimeout(() => {
        t.inner = undefined;
        t.immediate = setImmediate(() => {
          t.immediate = undefined;
          fn();
        });
        // like the protocol timers it stands for, it never keeps the process alive on its own
        t.immediate.unref();
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
