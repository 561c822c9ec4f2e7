// How often any Map was walked while `run` ran. V8 reaches a Map's first live entry by stepping over every slot
// deleted before it, so a table that finds one owner's or its oldest entries by walking goes slower as it churns;
// tests of tables that must not walk count here.
type Method = (...args: unknown[]) => unknown;

const WALKS = ['entries', 'keys', 'values', 'forEach', Symbol.iterator] as const;

export function mapWalks(run: () => void): number {
  let n = 0;
  const proto = Map.prototype as unknown as Record<string | symbol, Method>;
  const originals = WALKS.map((k) => proto[k]);
  try {
    WALKS.forEach((k, i) => {
      proto[k] = function (this: unknown, ...args: unknown[]) {
        n++;
        return originals[i].apply(this, args);
      };
    });
    run();
  } finally {
    WALKS.forEach((k, i) => (proto[k] = originals[i]));
  }
  return n;
}
