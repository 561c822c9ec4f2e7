// The embedded engine: the console's own SQLite file in the data folder (the desktop app's store).
import type Database from 'better-sqlite3';
import type { StoreEngine } from '../engine';
import { SqliteAlarmEngine } from './alarm-engine';
import { openDatabase } from './database';
import { CONSOLE_MIGRATIONS } from './migrations';
import { SqliteSettingsEngine } from './settings-engine';
import { ThreadedDeviceEngine } from './threaded-device-engine';

/** Over one open connection; the device tables are written on a thread of their own (its own connection). */
export function sqliteEngine(db: Database.Database): StoreEngine {
  const devices = new ThreadedDeviceEngine(db);
  return {
    kind: 'sqlite',
    devices,
    settings: new SqliteSettingsEngine(db),
    alarms: new SqliteAlarmEngine(db),
    async close() {
      await devices.close();
      if (db.open) db.close();
    },
  };
}

export function openSqliteEngine(dataDir: string): StoreEngine {
  return sqliteEngine(openDatabase(dataDir, CONSOLE_MIGRATIONS));
}
