// How far V8 lets the heap grow between full collections. By default the old generation may grow to up to about
// four times what survived the last full collection when collecting is cheap for the program, as it is for this
// server: after a 10,000-camera storm about 125 MB stays live on the main thread, and with keepalives promoting
// a little garbage all the time the heap grew to 500 MB before each collection, all of it resident. A fixed
// growth of 30 % collects at about 1.3 times the live heap instead, for a few more short, mostly concurrent
// collections (README: bench:storm's steady state).
//
// During a storm those extra collections cost the SIP thread time it needs most, so the governor gives V8 its
// own growth while a storm's follow-up work is queued, and once it has been calm for a while limits growth
// again and collects once, so the heap shrinks to 1.3 times what is live without waiting for the next
// collection at the old, larger limit. At its next check it gives back what C code freed during the storm
// (process/native-memory.ts).
//
// The young generation keeps V8's default ceiling (two 16 MB semi-spaces) through a storm. Four times that
// (`node --max-semi-space-size=64`) cut bench:storm's scavenges from about 1.8 s to 1.2 s of the main thread, but
// left the server 354 MB resident in the steady state after the storm (README: under 300 MB) and 676 MB at its peak.
import { v8Heap, type HeapControl } from '../process/heap';
import { loadNativeMemory, type NativeMemory } from '../process/native-memory';

export const HEAP_GROWING_PERCENT = 30;
/** How long the storm's queue must stay calm before the limit comes back, and how often the governor looks. */
export const GOVERNOR_CALM_MS = 30_000;
export const GOVERNOR_CHECK_MS = 5_000;
/**
 * Once calm, the main thread's young generation grows no further than this (two 4 MB semi-spaces): with
 * keepalives alone V8 doubled it back to two 16 MB ones, all resident, within a minute of its collection. A storm
 * gives V8 its own growth back. The flag is process-wide; the writer threads have their own, lower limit
 * (process/thread-limits.ts).
 */
export const CALM_YOUNG_GENERATION_BYTES = 8 * 1024 * 1024;

/** Process-wide: call once from the process's entry, before the core starts. */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT, heap: HeapControl = v8Heap): void {
  heap.setGrowingPercent(percent);
}

export interface HeapGrowthGovernorOptions {
  /** True while a storm's work is queued. */
  busy(): boolean;
  /** How often busy() is asked (ms). */
  checkEveryMs?: number;
  /** How long busy() must stay false before growth is limited again (ms). */
  calmForMs?: number;
  now?: () => number;
  heap?: HeapControl;
  /** Asks the process's other threads (the writers) to collect their own heaps the same way. */
  collectThreads?: () => void;
  /**
   * Gives the memory C code freed during the storm back to the system (process/native-memory.ts). Called at the
   * check after the collection, when the other threads have collected too.
   */
  releaseNativeMemory?: () => void;
  /** Tests drive check() themselves. */
  timer?: boolean;
}

export interface HeapGrowthGovernor {
  check(): void;
  limited(): boolean;
  stop(): void;
}

/** Starts limited, as limitHeapGrowth leaves the process. */
export function governHeapGrowth(opts: HeapGrowthGovernorOptions): HeapGrowthGovernor {
  const heap = opts.heap ?? v8Heap;
  const now = opts.now ?? Date.now;
  const calmForMs = opts.calmForMs ?? GOVERNOR_CALM_MS;
  let limited = true;
  let youngHeld = false;
  let calmSince: number | null = null;
  let releasePending = false;
  const check = (): void => {
    if (opts.busy()) {
      calmSince = null;
      releasePending = false;
      if (limited) {
        limited = false;
        heap.setGrowingPercent(0);
      }
      if (youngHeld) {
        youngHeld = false;
        heap.setYoungGrowth(true);
      }
      return;
    }
    if (limited) {
      if (releasePending) {
        releasePending = false;
        opts.releaseNativeMemory?.();
      }
      // V8 also shrinks a young generation where little is allocated: growth comes back below the calm size.
      const below = heap.youngGenerationSize() < CALM_YOUNG_GENERATION_BYTES;
      if (below === youngHeld) {
        youngHeld = !below;
        heap.setYoungGrowth(below);
      }
      return;
    }
    calmSince ??= now();
    if (now() - calmSince < calmForMs) return;
    limited = true;
    heap.setGrowingPercent(HEAP_GROWING_PERCENT);
    heap.collect();
    opts.collectThreads?.();
    releasePending = true;
  };
  const timer = opts.timer === false ? null : setInterval(check, opts.checkEveryMs ?? GOVERNOR_CHECK_MS);
  timer?.unref();
  return {
    check,
    limited: () => limited,
    stop: () => timer && clearInterval(timer),
  };
}

/** More follow-up work queued than the trickle of refreshes a calm site has: a registration storm. */
export const STORM_FOLLOW_UPS = 100;

/** What the shells start once the core runs. */
export function governHeapGrowthDuringStorms(
  core: { gb: { stats(): { followUpsPending: number } }; collectThreadHeaps(): void },
  nativeMemory: NativeMemory | null = loadNativeMemory(),
): HeapGrowthGovernor {
  return governHeapGrowth({
    busy: () => core.gb.stats().followUpsPending >= STORM_FOLLOW_UPS,
    collectThreads: () => core.collectThreadHeaps(),
    releaseNativeMemory: nativeMemory ? () => nativeMemory.release() : undefined,
  });
}
