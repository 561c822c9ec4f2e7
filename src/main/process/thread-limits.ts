// The V8 heap limits of the store's worker threads. V8 lets each isolate's young generation grow to two 16 MB
// semi-spaces, all of it resident once used: after a storm the signalling log's writer thread kept 30 MB of young
// generation for 18 MB of old. These threads hand batches through and keep little, so semi-spaces of 4 MB each
// are enough. The main thread's is held at the same size once calm (core/heap-growth.ts).
import type { ResourceLimits } from 'node:worker_threads';

/** V8 sizes the young generation as three semi-spaces' worth (two semi-spaces and a large-object share). */
export const STORE_THREAD_YOUNG_GENERATION_MB = 12;

/** For `new Worker(..., { resourceLimits })` of a thread that writes or parses for the store. */
export const storeThreadLimits: ResourceLimits = { maxYoungGenerationSizeMb: STORE_THREAD_YOUNG_GENERATION_MB };
