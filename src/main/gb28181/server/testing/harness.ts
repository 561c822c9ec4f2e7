// A GB server on a real SQLite file, over in-memory or real transports, with plain settings and its events
// recorded. The API over it is composed one layer up (api/testing/device-api.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ApiEventName, ApiEvents, DeviceDetails } from '../../../../shared/contract';
import type { Settings } from '../../../../shared/settings';
import { createLogger, type Logger } from '../../../log/logger';
import type { SipAddress } from '../../../sip/message/types';
import type { Clock } from '../../../sip/timers/clock';
import { InMemoryNetwork } from '../../../sip/transport/memory';
import type { Transport } from '../../../sip/transport/transport';
import { DeviceStore } from '../../../store/devices/device-store';
import { SqliteDeviceEngine } from '../../../store/sqlite/device-engine';
import { openDatabase } from '../../../store/sqlite/database';
import { startGbServer, type GbServer, type GbServerOptions } from '../start-gb-server';
import { EventRecorder } from './event-recorder';
import { TestSettings } from './test-settings';

export const SERVER_ADDR: SipAddress = { transport: 'UDP', address: '10.0.0.1', port: 5060 };

export interface Harness {
  server: GbServer;
  events: EventRecorder;
  logger: Logger;
  settings: TestSettings;
  store: DeviceStore;
  db: Database.Database;
  dir: string;
  /** Every event emitted, in order. */
  seen: Array<{ name: ApiEventName; payload: unknown }>;
  next<E extends ApiEventName>(name: E, pred?: (p: ApiEvents[E]) => boolean, timeoutMs?: number): Promise<ApiEvents[E]>;
  /** A known device's details with its recent history and registration failures, as the registry gives them. */
  details(deviceId: string): Promise<DeviceDetails>;
  close(): Promise<void>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gb-server-'));
}

export async function startHarness(o: {
  clock?: Clock;
  transports?: Transport[];
  dir?: string;
  flags?: Partial<Settings>;
  tuning?: GbServerOptions['tuning'];
  alarms?: GbServerOptions['alarms'];
}): Promise<Harness> {
  const dir = o.dir ?? tempDir();
  const db = openDatabase(dir);
  const settings = new TestSettings(o.flags);
  const events = new EventRecorder();
  const logger = createLogger({ capacity: 5000 });
  const store = await DeviceStore.open(new SqliteDeviceEngine(db));
  store.onError = (err) => logger.error(`saving device data failed: ${err.message}`);
  const server = await startGbServer({ settings, store, events, logger, clock: o.clock, transports: o.transports, tuning: o.tuning, alarms: o.alarms });
  return {
    server,
    events,
    logger,
    settings,
    store,
    db,
    dir,
    seen: events.seen,
    next: (name, pred, timeoutMs) => events.next(name, pred, timeoutMs),
    async details(deviceId) {
      const d = server.registry.get(deviceId);
      if (!d) throw new Error(`device ${deviceId} is not known to this server`);
      return server.registry.details(d, server.failures.of(deviceId));
    },
    async close() {
      await server.close();
      await store.close();
      db.close();
    },
  };
}

/** An in-memory network with the server's UDP transport attached at SERVER_ADDR. */
export function memoryNetwork(): { net: InMemoryNetwork; serverUdp: Transport; serverTcp: Transport } {
  const net = new InMemoryNetwork();
  const serverUdp = net.transport('UDP', { address: SERVER_ADDR.address, port: SERVER_ADDR.port });
  const serverTcp = net.transport('TCP', { address: SERVER_ADDR.address, port: SERVER_ADDR.port });
  return { net, serverUdp, serverTcp };
}

/** Lets queued network deliveries and their handlers run (in-memory transport uses microtasks). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** Polls a condition on each turn of the event loop until it holds or the deadline passes. */
export async function until(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}
