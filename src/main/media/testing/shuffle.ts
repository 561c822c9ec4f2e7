/** Deterministic PRNG (mulberry32) so that failing shuffles can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Moves some items a few places later (at most `maxShift`), as a network reorders packets. */
export function reorderSome<T>(items: T[], fraction: number, maxShift: number, rand: () => number): T[] {
  const out = [...items];
  for (let i = 0; i < out.length - 1; i++) {
    if (rand() >= fraction) continue;
    const j = Math.min(out.length - 1, i + 1 + Math.floor(rand() * maxShift));
    const [x] = out.splice(i, 1);
    out.splice(j, 0, x);
  }
  return out;
}
