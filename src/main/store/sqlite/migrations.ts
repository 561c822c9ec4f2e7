// Numbered schema migrations, applied in order at start-up. Append only: never edit a released migration.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL
          );`,
  },
  {
    version: 2,
    name: 'devices, channels, device events, registration failures',
    sql: `CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            custom_name TEXT,
            device_name TEXT,
            manufacturer TEXT,
            model TEXT,
            firmware TEXT,
            transport TEXT NOT NULL DEFAULT 'UDP',
            ip TEXT,
            port INTEGER,
            contact TEXT,
            charset TEXT NOT NULL DEFAULT 'gb2312',
            gb_version TEXT,
            password TEXT,
            allowed INTEGER NOT NULL DEFAULT 0,
            online INTEGER NOT NULL DEFAULT 0,
            registered_at INTEGER,
            last_seen_at INTEGER,
            expires_at INTEGER,
            register_call_id TEXT,
            keepalive_interval_sec INTEGER NOT NULL DEFAULT 60,
            keepalive_count INTEGER NOT NULL DEFAULT 3,
            target_mismatch TEXT,
            media_transport TEXT NOT NULL DEFAULT 'udp',
            last_error TEXT,
            info_json TEXT NOT NULL DEFAULT '{}',
            status_json TEXT,
            catalog_received INTEGER NOT NULL DEFAULT 0,
            catalog_expected INTEGER,
            catalog_complete INTEGER NOT NULL DEFAULT 0,
            catalog_updated_at INTEGER,
            subscription_state TEXT,
            subscription_note TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
          );
          CREATE TABLE channels (
            device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
            channel_id TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            status TEXT,
            online INTEGER NOT NULL DEFAULT 0,
            manufacturer TEXT,
            model TEXT,
            owner TEXT,
            civil_code TEXT,
            block TEXT,
            address TEXT,
            parental INTEGER NOT NULL DEFAULT 0,
            parent_id TEXT,
            business_group_id TEXT,
            ptz_type INTEGER,
            ip_address TEXT,
            port INTEGER,
            longitude REAL,
            latitude REAL,
            raw_json TEXT NOT NULL DEFAULT '{}',
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (device_id, channel_id)
          );
          CREATE TABLE device_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            device_id TEXT NOT NULL,
            time INTEGER NOT NULL,
            kind TEXT NOT NULL,
            message TEXT NOT NULL
          );
          CREATE INDEX device_events_by_device ON device_events (device_id, id);
          CREATE TABLE registration_failures (
            device_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            address TEXT NOT NULL,
            transport TEXT NOT NULL,
            message TEXT NOT NULL,
            count INTEGER NOT NULL,
            first_at INTEGER NOT NULL,
            last_at INTEGER NOT NULL,
            PRIMARY KEY (device_id, reason)
          );`,
  },
];
