// The embedded engine: the console's own SQLite file in the data folder (the desktop app's store).
import type Database from 'better-sqlite3';
import type { StoreEngine } from '../engine';
import { SqliteAlarmEngine } from './alarm-engine';
import { openDatabase } from './database';
import { SqliteDeviceEngine } from './device-engine';
import { CONSOLE_MIGRATIONS } from './migrations';
import { SqliteSettingsEngine } from './settings-engine';

export function sqliteEngine(db: Database.Database): StoreEngine {
  return {
    kind: 'sqlite',
    devices: new SqliteDeviceEngine(db),
    settings: new SqliteSettingsEngine(db),
    alarms: new SqliteAlarmEngine(db),
    async close() {
      if (db.open) db.close();
    },
  };
}

export function openSqliteEngine(dataDir: string): StoreEngine {
  return sqliteEngine(openDatabase(dataDir, CONSOLE_MIGRATIONS));
}
