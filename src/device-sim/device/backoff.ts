/** Retry delay after `failures` consecutive failures: min, doubling, capped at max, with +-10 % jitter. */
export function retryDelay(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.max(minMs, Math.min(maxMs, Math.round(base * jitter)));
}
