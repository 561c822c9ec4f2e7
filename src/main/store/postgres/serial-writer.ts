// One writer per engine: batches commit one after another, in the order they were handed over, each in one
// transaction. When a batch fails it is replayed change by change, each under a savepoint, so only the changes
// that fail are lost and each reports its own error. While the server cannot be reached (restart, failover) the
// batch at the head waits and is tried again, for a bounded time, and the batches behind it wait in order.
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';

/** How long a batch waits for an unreachable server before it is given up (reported, not thrown). */
export const OUTAGE_RETRY_MS = 30_000;

/** Errors that say the server was not there, not that the batch was wrong (SQLSTATE class 08, 57P0x; sockets). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && (/^08/.test(e.code) || /^57P0[123]$/.test(e.code))) return true;
  if (typeof e?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH)$/.test(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e?.message ?? '');
}

export interface Step {
  query: QueryConfig;
  after?: (r: QueryResult) => Step[];
}

export class SerialWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly retryMs = OUTAGE_RETRY_MS,
  ) {}

  /** `fast` is the whole batch in as few statements as possible; `each` the same changes one by one. */
  write(fast: Step[], each: () => Step[][]): Promise<Error[]> {
    const done = this.tail.then(() => this.run(fast, each));
    this.tail = done.catch(() => {});
    return done;
  }

  /** Resolves when every batch handed over so far has committed. */
  idle(): Promise<void> {
    return this.tail.then(() => {});
  }

  private async run(fast: Step[], each: () => Step[][]): Promise<Error[]> {
    if (fast.length === 0) return [];
    try {
      return await retrying(() => this.attempt(fast, each), this.retryMs);
    } catch (err) {
      return [err as Error];
    }
  }

  /** Throws only when the server could not be reached or went away; the batch is then not committed. */
  private async attempt(fast: Step[], each: () => Step[][]): Promise<Error[]> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      try {
        await client.query('BEGIN');
        await runSteps(client, fast);
        await client.query('COMMIT');
        return [];
      } catch (err) {
        if (isConnectionError(err)) throw err;
        await client.query('ROLLBACK');
      }
      const errors: Error[] = [];
      await client.query('BEGIN');
      for (const steps of each()) {
        await client.query('SAVEPOINT change');
        try {
          await runSteps(client, steps);
          await client.query('RELEASE SAVEPOINT change');
        } catch (err) {
          if (isConnectionError(err)) throw err;
          errors.push(err as Error);
          await client.query('ROLLBACK TO SAVEPOINT change');
        }
      }
      await client.query('COMMIT');
      return errors;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      // A broken connection goes back to the pool marked bad, so the next try opens a new one. A COMMIT cut off
      // may have landed: the retry's upserts and deletes change nothing then; its events may be stored twice.
      broken = isConnectionError(err);
      if (broken) throw err;
      return [err as Error];
    } finally {
      client.release(broken);
    }
  }
}

/** Runs `fn` again while the server cannot be reached, for up to `retryMs`; any other error is thrown at once. */
export async function retrying<T>(fn: () => Promise<T>, retryMs = OUTAGE_RETRY_MS): Promise<T> {
  const deadline = Date.now() + retryMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await fn();
    } catch (err) {
      if (!isConnectionError(err) || Date.now() + wait > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}

async function runSteps(client: PoolClient, steps: Step[]): Promise<void> {
  for (const s of steps) {
    const r = await client.query(s.query);
    if (s.after) await runSteps(client, s.after(r));
  }
}

/** PostgreSQL text cannot hold NUL: a device that sends one loses that character, not the row. */
export function json(rows: unknown): string {
  return JSON.stringify(rows, (_key, v: unknown) => (typeof v === 'string' && v.includes('\0') ? v.replace(/\0/g, '') : v));
}
