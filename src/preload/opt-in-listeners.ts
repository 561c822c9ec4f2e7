// Counts a page's listeners of each opt-in event (shared/contract.ts OPT_IN_EVENTS) and says when the first one
// comes and the last one goes, as the listen and unlisten frames main/api/ipc.ts expects.
import { isOptInEvent, type EventListenFrame } from '../shared/contract';

export function optInListeners(send: (frame: EventListenFrame) => void): { added(event: string): () => void } {
  const counts = new Map<string, number>();
  return {
    /** A listener of `event` was added; returns what to call once it is removed (once; later calls do nothing). */
    added(event) {
      if (!isOptInEvent(event)) return () => {};
      const n = (counts.get(event) ?? 0) + 1;
      counts.set(event, n);
      if (n === 1) send({ listen: [event] });
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        const left = (counts.get(event) ?? 1) - 1;
        counts.set(event, left);
        if (left === 0) send({ unlisten: [event] });
      };
    },
  };
}
