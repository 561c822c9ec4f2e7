// Numbered schema migrations of the PostgreSQL engine, applied in order at start-up (migrate.ts). Append only:
// never edit a released migration. Columns keep the SQLite engine's names and meanings (times in ms since the
// epoch, flags as 0/1), so the row mapping in store/devices is shared.
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'settings, devices, channels, device events, registration failures',
    sql: `CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at BIGINT NOT NULL
          );
          CREATE TABLE devices (
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
            allowed SMALLINT NOT NULL DEFAULT 0,
            online SMALLINT NOT NULL DEFAULT 0,
            registered_at BIGINT,
            last_seen_at BIGINT,
            expires_at BIGINT,
            register_call_id TEXT,
            keepalive_interval_sec INTEGER NOT NULL DEFAULT 60,
            keepalive_count INTEGER NOT NULL DEFAULT 3,
            keepalive_source TEXT NOT NULL DEFAULT 'default',
            heartbeat_sec INTEGER,
            heartbeat_count INTEGER,
            basic_param_sec INTEGER,
            basic_param_count INTEGER,
            learned_sec INTEGER,
            target_mismatch TEXT,
            media_transport TEXT NOT NULL DEFAULT 'udp',
            time_zone TEXT,
            last_error TEXT,
            info_json TEXT NOT NULL DEFAULT '{}',
            status_json TEXT,
            catalog_received INTEGER NOT NULL DEFAULT 0,
            catalog_expected INTEGER,
            catalog_complete SMALLINT NOT NULL DEFAULT 0,
            catalog_updated_at BIGINT,
            subscription_state TEXT,
            subscription_note TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
          );
          CREATE TABLE channels (
            device_id TEXT NOT NULL REFERENCES devices(device_id) ON DELETE CASCADE,
            channel_id TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            status TEXT,
            online SMALLINT NOT NULL DEFAULT 0,
            manufacturer TEXT,
            model TEXT,
            owner TEXT,
            civil_code TEXT,
            block TEXT,
            address TEXT,
            parental SMALLINT NOT NULL DEFAULT 0,
            parent_id TEXT,
            business_group_id TEXT,
            ptz_type INTEGER,
            ip_address TEXT,
            port INTEGER,
            longitude DOUBLE PRECISION,
            latitude DOUBLE PRECISION,
            raw_json TEXT NOT NULL DEFAULT '{}',
            updated_at BIGINT NOT NULL,
            custom_name TEXT,
            PRIMARY KEY (device_id, channel_id)
          );
          CREATE TABLE device_events (
            id BIGSERIAL PRIMARY KEY,
            device_id TEXT NOT NULL,
            time BIGINT NOT NULL,
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
            first_at BIGINT NOT NULL,
            last_at BIGINT NOT NULL,
            PRIMARY KEY (device_id, reason)
          );`,
  },
  {
    version: 2,
    name: 'alarms, mobile positions, preset names, wanted Alarm/MobilePosition subscriptions',
    sql: `CREATE TABLE alarms (
            id BIGSERIAL PRIMARY KEY,
            device_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            priority INTEGER,
            method INTEGER,
            type TEXT,
            event_type TEXT,
            time BIGINT,
            time_raw TEXT,
            description TEXT,
            longitude DOUBLE PRECISION,
            latitude DOUBLE PRECISION,
            via TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            acknowledged_at BIGINT
          );
          CREATE INDEX alarms_device ON alarms (device_id, id);
          CREATE INDEX alarms_open ON alarms (id) WHERE acknowledged_at IS NULL;
          CREATE TABLE positions (
            id BIGSERIAL PRIMARY KEY,
            device_id TEXT NOT NULL,
            target_id TEXT NOT NULL,
            time BIGINT,
            longitude DOUBLE PRECISION,
            latitude DOUBLE PRECISION,
            speed DOUBLE PRECISION,
            direction DOUBLE PRECISION,
            altitude DOUBLE PRECISION,
            received_at BIGINT NOT NULL
          );
          CREATE INDEX positions_device ON positions (device_id, id);
          CREATE TABLE preset_names (
            device_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (device_id, channel_id, idx)
          );
          CREATE TABLE event_subscriptions (
            device_id TEXT NOT NULL,
            event TEXT NOT NULL,
            interval_sec INTEGER,
            PRIMARY KEY (device_id, event)
          );`,
  },
  {
    version: 3,
    name: 'signalling log shared by every instance, with a trigram index on the decoded text',
    sql: `CREATE EXTENSION IF NOT EXISTS pg_trgm;
          CREATE TABLE signalling_messages (
            id BIGSERIAL PRIMARY KEY,
            instance TEXT NOT NULL,
            time BIGINT NOT NULL,
            direction TEXT NOT NULL,
            transport TEXT NOT NULL,
            local_addr TEXT NOT NULL,
            peer_addr TEXT NOT NULL,
            method TEXT,
            status INTEGER,
            status_class SMALLINT,
            reason TEXT,
            call_id TEXT,
            cseq TEXT,
            from_user TEXT,
            to_user TEXT,
            device_id TEXT,
            cmd_type TEXT,
            sn TEXT,
            size INTEGER NOT NULL,
            raw BYTEA NOT NULL,
            text TEXT NOT NULL
          );
          CREATE INDEX signalling_messages_time ON signalling_messages (time);
          CREATE INDEX signalling_messages_device ON signalling_messages (device_id, id);
          CREATE INDEX signalling_messages_call ON signalling_messages (call_id);
          CREATE INDEX signalling_messages_text ON signalling_messages USING gin (text gin_trgm_ops);
          CREATE TABLE signalling_totals (
            id INTEGER PRIMARY KEY,
            messages BIGINT NOT NULL,
            bytes BIGINT NOT NULL
          );
          INSERT INTO signalling_totals VALUES (1, 0, 0);`,
  },
];
