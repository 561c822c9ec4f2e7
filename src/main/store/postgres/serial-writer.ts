// One writer per engine: batches commit one after another, in the order they were handed over, each in one
// transaction. When a batch fails it is replayed change by change, each under a savepoint, so only the changes
// that fail are lost and each reports its own error.
import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';

export interface Step {
  query: QueryConfig;
  after?: (r: QueryResult) => Step[];
}

export class SerialWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly pool: Pool) {}

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
    const client = await this.pool.connect();
    try {
      try {
        await client.query('BEGIN');
        await runSteps(client, fast);
        await client.query('COMMIT');
        return [];
      } catch {
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
          errors.push(err as Error);
          await client.query('ROLLBACK TO SAVEPOINT change');
        }
      }
      await client.query('COMMIT');
      return errors;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      return [err as Error];
    } finally {
      client.release();
    }
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
