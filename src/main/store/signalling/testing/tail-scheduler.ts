// A live tail scheduler whose timers run only when the test says so (tests only).
import type { TailScheduler } from '../live-tail';

export interface ManualTailScheduler extends TailScheduler {
  /** Timers set so far. */
  readonly armed: number;
  /** Runs every timer still set. */
  runAll(): void;
}

export function manualTailScheduler(): ManualTailScheduler {
  const pending = new Map<number, () => void>();
  let armed = 0;
  return {
    now: () => 0,
    setTimeout(fn) {
      pending.set(++armed, fn);
      return armed;
    },
    clearTimeout: (h) => void pending.delete(h as number),
    get armed() {
      return armed;
    },
    runAll() {
      const due = [...pending.values()];
      pending.clear();
      for (const fn of due) fn();
    },
  };
}
