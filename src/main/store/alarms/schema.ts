// Tables of the alarm feature (migration in store/sqlite/migrations.ts): alarms, mobile positions, the
// console's preset names and which devices should hold Alarm / MobilePosition subscriptions.
export const ALARM_TABLES_SQL = `
  CREATE TABLE alarms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    priority INTEGER,
    method INTEGER,
    type TEXT,
    event_type TEXT,
    time INTEGER,
    time_raw TEXT,
    description TEXT,
    longitude REAL,
    latitude REAL,
    via TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    acknowledged_at INTEGER
  );
  CREATE INDEX alarms_device ON alarms (device_id, id);
  CREATE INDEX alarms_open ON alarms (id) WHERE acknowledged_at IS NULL;
  CREATE TABLE positions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    time INTEGER,
    longitude REAL,
    latitude REAL,
    speed REAL,
    direction REAL,
    altitude REAL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX positions_device ON positions (device_id, id);
  CREATE TABLE preset_names (
    device_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (device_id, channel_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE event_subscriptions (
    device_id TEXT NOT NULL,
    event TEXT NOT NULL,
    interval_sec INTEGER,
    PRIMARY KEY (device_id, event)
  ) WITHOUT ROWID;
`;
