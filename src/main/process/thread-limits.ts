// The V8 heap limits of the worker threads that hand batches through (the store's writers and parser, the SIP
// UDP socket's thread). V8 lets each isolate's young generation grow to two 16 MB semi-spaces, all of it resident
// once used: after a storm the signalling log's writer thread kept 30 MB of young generation for 18 MB of old.
// These threads keep little, so semi-spaces of 4 MB each are enough. The main thread's is held at the same size once calm (core/heap-growth.ts).
import type { ResourceLimits } from 'node:worker_threads';

/** V8 sizes the young generation as three semi-spaces' worth (two semi-spaces and a large-object share). */
export const HAND_OFF_THREAD_YOUNG_GENERATION_MB = 12;

/** For `new Worker(..., { resourceLimits })` of a thread that hands batches through: it writes or parses for the store, or reads and sends SIP datagrams. */
export const handOffThreadLimits: ResourceLimits = { maxYoungGenerationSizeMb: HAND_OFF_THREAD_YOUNG_GENERATION_MB };
