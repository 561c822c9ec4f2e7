/**
 * A list of callbacks: `add` returns the function that removes it again, `emit` calls each in the order added.
 * A callback that throws does not stop the others: its error goes to `onError` (default: rethrown after all
 * callbacks ran, the first one only). A callback removed while an emit is under way is still called that once.
 */
export class Listeners<Args extends unknown[]> {
  private list: Array<(...args: Args) => void> = [];

  constructor(private readonly onError?: (err: unknown) => void) {}

  get size(): number {
    return this.list.length;
  }

  add(fn: (...args: Args) => void): () => void {
    this.list = [...this.list, fn];
    return () => {
      this.list = this.list.filter((f) => f !== fn);
    };
  }

  emit(...args: Args): void {
    let failure: { err: unknown } | undefined;
    for (const fn of this.list) {
      try {
        fn(...args);
      } catch (err) {
        if (this.onError) this.onError(err);
        else failure ??= { err };
      }
    }
    if (failure) throw failure.err;
  }

  clear(): void {
    this.list = [];
  }
}
