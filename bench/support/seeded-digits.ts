/**
 * Deterministic pseudo-random digits (mulberry32), like the random Call-IDs, branches and tags devices send: the
 * same seed gives the same messages on every run.
 */
export function seededDigits(seed: number): (n: number) => string {
  let state = seed;
  const rand = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => String(Math.floor(rand() * 10 ** n)).padStart(n, '0');
}
