// Media ports from the --media-ports range. A port is handed out only after the caller managed to open it
// (a UDP bind or a TCP listen); ports other programs hold are skipped. Every lease must be released on every
// path out of a session; `held` lets tests check that.

export class PortPoolExhaustedError extends Error {
  constructor(min: number, max: number, ours: number) {
    super(
      `no free media port in ${min}-${max}: ${ours} held by open live sessions, the rest in use by other programs; ` +
        'stop some sessions or widen the media port range',
    );
    this.name = 'PortPoolExhaustedError';
  }
}

export interface PortLease<T> {
  port: number;
  value: T;
  /** Gives the port back; safe to call more than once. */
  release(): void;
}

export function isAddressInUse(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

export class MediaPortPool {
  private readonly leased = new Set<number>();
  private cursor: number;

  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || max < min) {
      throw new Error(`media port range ${min}-${max} is not a range of ports`);
    }
    this.cursor = min;
  }

  get size(): number {
    return this.max - this.min + 1;
  }

  /** Ports currently leased, ascending. */
  get held(): number[] {
    return [...this.leased].sort((a, b) => a - b);
  }

  /**
   * Tries ports in turn (rotating, so a just-released port rests a while) until `open` succeeds. A port in use
   * elsewhere (EADDRINUSE) is skipped; any other failure of `open` is the caller's and is rethrown.
   */
  async lease<T>(open: (port: number) => Promise<T>): Promise<PortLease<T>> {
    for (let tried = 0; tried < this.size; tried++) {
      const port = this.cursor;
      this.cursor = port >= this.max ? this.min : port + 1;
      if (this.leased.has(port)) continue;
      this.leased.add(port);
      let value: T;
      try {
        value = await open(port);
      } catch (err) {
        this.leased.delete(port);
        if (isAddressInUse(err)) continue;
        throw err;
      }
      let released = false;
      return {
        port,
        value,
        release: () => {
          if (released) return;
          released = true;
          this.leased.delete(port);
        },
      };
    }
    throw new PortPoolExhaustedError(this.min, this.max, this.leased.size);
  }
}
