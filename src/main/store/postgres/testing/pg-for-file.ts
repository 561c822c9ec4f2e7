// One throwaway PostgreSQL for a test file: started before its tests where the binaries are installed, stopped
// after them. Tests that need it skip with `skipReason` where they are not.
import { afterAll, beforeAll } from 'vitest';
import { findPgBin, startPgServer, type PgServer } from './pg-server';

export interface PgForFile {
  readonly bin: string | null;
  /** '' where PostgreSQL is installed; else the reason, to append to a skipped test's name. */
  readonly skipReason: string;
  server(): PgServer;
}

export function pgForFile(): PgForFile {
  const bin = findPgBin();
  let server: PgServer | undefined;
  beforeAll(async () => {
    if (bin) server = await startPgServer(bin);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    bin,
    skipReason: bin ? '' : ' (skipped: PostgreSQL binaries not found under /usr/lib/postgresql/*/bin)',
    server() {
      if (!server) throw new Error('PostgreSQL is not running for this test file');
      return server;
    },
  };
}
