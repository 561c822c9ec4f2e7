// Numbered schema migrations, applied in order at start-up. Append only: never edit a released migration.
import { ALARM_TABLES_SQL } from '../alarms/schema';

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
  {
    // Signalling log (store/signalling). id order is arrival order; every filter of log.query has an index whose
    // implicit rowid tail keeps "newest first" in index order. Text search: contentless FTS5 trigram index over
    // the decoded message text. signalling_totals keeps count and summed size for the size-based retention, and
    // the last id stored with a time earlier than an older message's (clock stepped back): while no such row
    // remains, time ranges translate exactly into id ranges. The writer and retention keep the text index and
    // the totals in step in their own transactions (no triggers: a trigger makes SQLite open a statement journal
    // for every insert, which cost 3x the insert rate).
    version: 3,
    name: 'signalling log',
    sql: `CREATE TABLE signalling_message (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            direction TEXT NOT NULL,
            transport TEXT NOT NULL,
            local_addr TEXT NOT NULL,
            peer_addr TEXT NOT NULL,
            method TEXT,
            status INTEGER,
            status_class INTEGER,
            reason TEXT,
            call_id TEXT,
            cseq TEXT,
            from_user TEXT,
            to_user TEXT,
            device_id TEXT,
            cmd_type TEXT,
            sn TEXT,
            size INTEGER NOT NULL,
            raw BLOB NOT NULL
          );
          CREATE INDEX signalling_message_time ON signalling_message (time);
          CREATE INDEX signalling_message_device ON signalling_message (device_id) WHERE device_id IS NOT NULL;
          CREATE INDEX signalling_message_method ON signalling_message (method);
          CREATE INDEX signalling_message_cmd_type ON signalling_message (cmd_type) WHERE cmd_type IS NOT NULL;
          CREATE INDEX signalling_message_call_id ON signalling_message (call_id) WHERE call_id IS NOT NULL;
          CREATE INDEX signalling_message_status_class ON signalling_message (status_class);
          CREATE INDEX signalling_message_direction ON signalling_message (direction);
          CREATE VIRTUAL TABLE signalling_text USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'trigram');
          CREATE TABLE signalling_totals (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            messages INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            max_time INTEGER NOT NULL,
            time_break_id INTEGER NOT NULL
          );
          INSERT INTO signalling_totals (id, messages, bytes, max_time, time_break_id) VALUES (1, 0, 0, 0, 0);`,
  },
  {
    // Signalling log, compact form (store/signalling). A message row holds only what filters need: time, a kind
    // (direction, method, status class, CmdType; dictionary signalling_kind) and a device (dictionary
    // signalling_device), a 32-bit Call-ID hash for log.call (NULL for templated keepalives, which also stay out
    // of the kind index: they are the common case, found by walking ids or through the device index) and the size. The bytes with their addresses wait
    // uncompressed in signalling_pending until a block of them is deflated into signalling_block (keyed by the
    // block's last message id). The trigram index covers every message except templated keepalives, which text
    // search finds through their kind and device (see query.ts). Replaces the log of migration 3 (dropped).
    version: 4,
    name: 'signalling log in compressed blocks',
    sql: `DROP TABLE signalling_message;
          DROP TABLE signalling_text;
          CREATE TABLE signalling_kind (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            direction TEXT,
            method TEXT,
            status_class INTEGER,
            cmd_type TEXT,
            other_user TEXT,
            templated INTEGER NOT NULL,
            count INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE signalling_device (id INTEGER PRIMARY KEY, device_id TEXT NOT NULL UNIQUE);
          CREATE TABLE signalling_message (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            device INTEGER,
            call INTEGER,
            size INTEGER NOT NULL
          );
          CREATE INDEX signalling_message_kind ON signalling_message (kind) WHERE call IS NOT NULL;
          CREATE INDEX signalling_message_device ON signalling_message (device) WHERE device IS NOT NULL;
          CREATE INDEX signalling_message_call ON signalling_message (call) WHERE call IS NOT NULL;
          CREATE TABLE signalling_pending (id INTEGER PRIMARY KEY, meta TEXT NOT NULL, raw BLOB NOT NULL);
          CREATE TABLE signalling_block (id INTEGER PRIMARY KEY, first_id INTEGER NOT NULL, data BLOB NOT NULL);
          CREATE VIRTUAL TABLE signalling_text USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'trigram');
          ALTER TABLE signalling_totals ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE signalling_totals ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;
          UPDATE signalling_totals SET messages = 0, bytes = 0, max_time = 0, time_break_id = 0;`,
  },
  {
    // Where a device's keepalive interval comes from (gb28181/keepalive/in-use.ts): the installer's values,
    // the device's BasicParam answer and the interval learned from its keepalives, and which one is in use.
    version: 6,
    name: 'device keepalive sources',
    sql: `ALTER TABLE devices ADD COLUMN keepalive_source TEXT NOT NULL DEFAULT 'default';
          ALTER TABLE devices ADD COLUMN heartbeat_sec INTEGER;
          ALTER TABLE devices ADD COLUMN heartbeat_count INTEGER;
          ALTER TABLE devices ADD COLUMN basic_param_sec INTEGER;
          ALTER TABLE devices ADD COLUMN basic_param_count INTEGER;
          ALTER TABLE devices ADD COLUMN learned_sec INTEGER;`,
  },
  {
    version: 5,
    name: 'alarms, mobile positions, preset names, wanted Alarm/MobilePosition subscriptions',
    sql: ALARM_TABLES_SQL,
  },
  {
    // The zone a device's clock runs in, for the zone-less times in its MANSCDP bodies (null: the console's).
    version: 7,
    name: 'device time zone',
    sql: `ALTER TABLE devices ADD COLUMN time_zone TEXT;`,
  },
  {
    // Signalling log: the trigram index keeps which messages hold a trigram, not where (detail=none: about a quarter
    // of the size); a search asks for all of its trigrams and checks the rows on their text (store/signalling/
    // query.ts). A contentless index cannot be rebuilt from itself, so the stored log starts over, as in 4.
    version: 8,
    name: 'signalling log text index without positions',
    sql: `DROP TABLE signalling_text;
          CREATE VIRTUAL TABLE signalling_text USING fts5 (text, content = '', contentless_delete = 1, tokenize = 'trigram', detail = none);
          DELETE FROM signalling_message;
          DELETE FROM signalling_pending;
          DELETE FROM signalling_block;
          UPDATE signalling_kind SET count = 0;
          UPDATE signalling_totals SET messages = 0, bytes = 0, stored_bytes = 0, indexed = 0, max_time = 0, time_break_id = 0;`,
  },
  {
    // Signalling log: the shapes of a templated kind's messages (digit runs as one marker, at most 8; NULL: any),
    // so a text search skips the templated keepalives that cannot hold it (store/signalling/text-shapes.ts).
    version: 9,
    name: 'signalling log text shapes of templated kinds',
    sql: `ALTER TABLE signalling_kind ADD COLUMN shapes TEXT;`,
  },
  {
    // Signalling log: templated keepalives get no message row. Each block's row in signalling_block_info holds
    // their metadata (store/signalling/templated-meta.ts), the count of its messages still stored and its times;
    // signalling_block_device says which blocks hold a device's templated messages. Pending templated messages
    // keep kind and device in signalling_pending; ids come from signalling_totals.next_id. Stored keepalives of
    // the old form are dropped (they have no metadata to move); every other message is kept as it was.
    version: 10,
    name: 'signalling log: templated keepalives described per block',
    sql: `CREATE TABLE signalling_block_info (
            id INTEGER PRIMARY KEY,
            first_id INTEGER NOT NULL,
            messages INTEGER NOT NULL,
            time_first INTEGER NOT NULL,
            time_last INTEGER NOT NULL,
            time_max INTEGER NOT NULL,
            templated BLOB
          );
          CREATE INDEX signalling_block_info_time_first ON signalling_block_info (time_first);
          CREATE INDEX signalling_block_info_time_last ON signalling_block_info (time_last);
          CREATE TABLE signalling_block_device (device INTEGER NOT NULL, block INTEGER NOT NULL, PRIMARY KEY (device, block)) WITHOUT ROWID;
          ALTER TABLE signalling_pending ADD COLUMN time INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE signalling_pending ADD COLUMN kind INTEGER;
          ALTER TABLE signalling_pending ADD COLUMN device INTEGER;
          ALTER TABLE signalling_totals ADD COLUMN next_id INTEGER NOT NULL DEFAULT 1;
          UPDATE signalling_totals SET next_id = 1 + max(
            coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'signalling_message'), 0),
            coalesce((SELECT max(id) FROM signalling_pending), 0),
            coalesce((SELECT max(id) FROM signalling_block), 0));
          INSERT INTO signalling_block_info (id, first_id, messages, time_first, time_last, time_max)
            SELECT b.id, b.first_id, count(m.call), min(m.time), max(m.time), max(m.time)
            FROM signalling_block b JOIN signalling_message m ON m.id BETWEEN b.first_id AND b.id GROUP BY b.id;
          DELETE FROM signalling_block_info WHERE messages = 0;
          UPDATE signalling_totals SET stored_bytes = stored_bytes -
            (SELECT coalesce(sum(length(data)), 0) FROM signalling_block WHERE id NOT IN (SELECT id FROM signalling_block_info)) -
            (SELECT coalesce(sum(length(raw) + length(CAST(meta AS BLOB))), 0) FROM signalling_pending p
              WHERE (SELECT call FROM signalling_message m WHERE m.id = p.id) IS NULL);
          DELETE FROM signalling_block WHERE id NOT IN (SELECT id FROM signalling_block_info);
          DELETE FROM signalling_pending WHERE (SELECT call FROM signalling_message m WHERE m.id = signalling_pending.id) IS NULL;
          UPDATE signalling_pending SET time = (SELECT time FROM signalling_message m WHERE m.id = signalling_pending.id);
          CREATE TABLE signalling_message_kept (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            device INTEGER,
            call INTEGER,
            size INTEGER NOT NULL
          );
          INSERT INTO signalling_message_kept SELECT id, time, kind, device, call, size FROM signalling_message WHERE +call IS NOT NULL ORDER BY id;
          DROP TABLE signalling_message;
          ALTER TABLE signalling_message_kept RENAME TO signalling_message;
          CREATE INDEX signalling_message_kind ON signalling_message (kind) WHERE call IS NOT NULL;
          CREATE INDEX signalling_message_device ON signalling_message (device) WHERE device IS NOT NULL;
          CREATE INDEX signalling_message_call ON signalling_message (call) WHERE call IS NOT NULL;
          UPDATE signalling_totals SET messages = (SELECT count(*) FROM signalling_message), bytes = (SELECT coalesce(sum(size), 0) FROM signalling_message);
          UPDATE signalling_kind SET count = 0 WHERE templated = 1;`,
  },
  {
    // Signalling log: the trigram index merges its segments 8 at a time instead of 4. Each commit adds a segment;
    // merging 4 by 4 rewrote every entry more often, about a quarter of a message's indexing. A search probes up to
    // 7 segments a level instead of 3 (about the same time); 16 at a time grew the index by a quarter.
    version: 12,
    name: 'signalling log text index merged 8 segments at a time',
    sql: `INSERT INTO signalling_text (signalling_text, rank) VALUES ('automerge', 8);`,
  },
  {
    // A channel's name given in the console (channel.rename); the name column keeps the one shown.
    version: 11,
    name: 'channel names given in the console',
    sql: `ALTER TABLE channels ADD COLUMN custom_name TEXT;`,
  },
  {
    // Signalling log: the blocks holding a device's templated keepalives are listed per group of 65,536 ids, one row
    // per (group, device) with each block's offset in the group as two bytes in id order (store/signalling/
    // device-blocks.ts), instead of a (device, block) row each: filing a block touches only the newest group's rows.
    version: 13,
    name: 'signalling log: device blocks listed per group of ids',
    sql: `CREATE TABLE signalling_device_group (grp INTEGER NOT NULL, device INTEGER NOT NULL, blocks BLOB NOT NULL, PRIMARY KEY (grp, device)) WITHOUT ROWID;
          INSERT INTO signalling_device_group (grp, device, blocks)
            SELECT block >> 16, device, unhex(group_concat(printf('%04X', block & 65535), '' ORDER BY block))
            FROM signalling_block_device GROUP BY block >> 16, device ORDER BY 1, 2;
          DROP TABLE signalling_block_device;`,
  },
  {
    // Signalling log: Bloom filters of templated keepalives' Call-IDs (they have no message row to index), one per
    // block (signalling_block_info.calls) and one per group of 16,384 ids split in 256 rows by key, so that log.call
    // by a Call-ID alone finds an old keepalive (store/signalling/call-filter.ts). Blocks stored before have none:
    // call_filters_from is the first id whose block has one, and older keepalives are found by a byte scan.
    version: 14,
    name: 'signalling log: Call-ID filters of templated keepalives',
    sql: `ALTER TABLE signalling_block_info ADD COLUMN calls BLOB;
          CREATE TABLE signalling_call_group (bucket INTEGER NOT NULL, grp INTEGER NOT NULL, bits BLOB NOT NULL, PRIMARY KEY (bucket, grp)) WITHOUT ROWID;
          ALTER TABLE signalling_totals ADD COLUMN call_filters_from INTEGER NOT NULL DEFAULT 1;
          UPDATE signalling_totals SET call_filters_from = next_id;`,
  },
];

/**
 * The signalling log lives in a database file of its own (its writer thread commits all the time, and the SIP
 * thread's device writes must never wait for that lock): the migrations named "signalling log …" build it, the
 * others the console's own file. Both files record their own user_version.
 */
export const isLogMigration = (m: Migration): boolean => m.name.startsWith('signalling log');
export const CONSOLE_MIGRATIONS: readonly Migration[] = MIGRATIONS.filter((m) => !isLogMigration(m));
export const LOG_MIGRATIONS: readonly Migration[] = MIGRATIONS.filter(isLogMigration);
