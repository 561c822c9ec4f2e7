// How far V8 lets the heap grow between full collections. By default the old generation may grow to up to about
// four times what survived the last full collection when collecting is cheap for the program, as it is for this
// server: after a 10,000-camera storm about 125 MB stays live on the main thread, and with keepalives promoting
// a little garbage all the time the heap grew to 500 MB before each collection, all of it resident. A fixed
// growth of 50 % collects at about 1.5 times the live heap instead, for a few more short, mostly concurrent
// collections (README: bench:storm's steady state).
import v8 from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** Process-wide: call once from the process's entry, before the core starts. */
export function limitHeapGrowth(percent = HEAP_GROWING_PERCENT): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
