// Picks the store engine named by --store. Everything above it sees only store/engine.ts.
import type { StoreEngine, StoreSpec } from './engine';
import { memoryEngine } from './memory/engine';
import { openPostgresEngine } from './postgres/engine';
import { openSqliteEngine } from './sqlite/engine';

export async function openStoreEngine(spec: StoreSpec, dataDir: string, opts: { onError?: (err: Error) => void } = {}): Promise<StoreEngine> {
  switch (spec.kind) {
    case 'memory':
      return memoryEngine();
    case 'postgres':
      return openPostgresEngine(spec.url, opts);
    case 'sqlite':
      return openSqliteEngine(dataDir);
  }
}
