// The device tables in PostgreSQL. A batch becomes a few statements: runs of whole devices, registrations and
// events each go as one JSON array parameter (json_populate_recordset), so a registration storm costs a
// handful of round trips per batch, not one per device.
import type { Pool, QueryResult } from 'pg';
import { CHANNEL_COLUMNS, toChannel, toChannelRow, type ChannelRow } from '../devices/channel-repo';
import { DEVICE_COLUMNS, REGISTRATION_COLUMNS, toRecord, toRow, type DeviceRow } from '../devices/device-repo';
import { toFailure, toFailureRow, type FailureRow } from '../devices/failure-repo';
import { EVENTS_PER_DEVICE, type DeviceChange, type DeviceEngine, type DeviceSnapshot } from '../engine';
import { json, SerialWriter, type Step } from './serial-writer';

const set = (cols: readonly string[]) => cols.map((c) => `${c} = excluded.${c}`).join(', ');

const SQL = {
  upsertDevices: `INSERT INTO devices SELECT * FROM json_populate_recordset(NULL::devices, $1::json)
    ON CONFLICT (device_id) DO UPDATE SET ${set(DEVICE_COLUMNS.filter((c) => c !== 'device_id'))}`,
  // Registration columns of stored devices; devices not yet stored are written whole.
  registrations: `WITH r AS (SELECT * FROM json_populate_recordset(NULL::devices, $1::json)),
    u AS (UPDATE devices d SET ${REGISTRATION_COLUMNS.map((c) => `${c} = r.${c}`).join(', ')} FROM r
          WHERE d.device_id = r.device_id RETURNING d.device_id)
    INSERT INTO devices SELECT r.* FROM r WHERE r.device_id NOT IN (SELECT device_id FROM u)
    ON CONFLICT (device_id) DO NOTHING`,
  removeDevice: 'DELETE FROM devices WHERE device_id = $1',
  removeDeviceEvents: 'DELETE FROM device_events WHERE device_id = $1',
  upsertChannels: `INSERT INTO channels SELECT * FROM json_populate_recordset(NULL::channels, $1::json)
    ON CONFLICT (device_id, channel_id) DO UPDATE SET ${set(CHANNEL_COLUMNS.slice(2))}`,
  removeChannels: 'DELETE FROM channels WHERE device_id = $1 AND channel_id = ANY($2::text[])',
  addEvents: `INSERT INTO device_events (device_id, time, kind, message)
    SELECT device_id, time, kind, message FROM json_to_recordset($1::json) AS x(device_id TEXT, time BIGINT, kind TEXT, message TEXT)
    RETURNING id, device_id`,
  pruneEvents: `DELETE FROM device_events WHERE device_id = $1 AND id <= (
    SELECT id FROM device_events WHERE device_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
  upsertFailure: `INSERT INTO registration_failures SELECT * FROM json_populate_record(NULL::registration_failures, $1::json)
    ON CONFLICT (device_id, reason) DO UPDATE SET address = excluded.address, transport = excluded.transport,
      message = excluded.message, count = excluded.count, first_at = excluded.first_at, last_at = excluded.last_at`,
  clearFailures: 'DELETE FROM registration_failures WHERE device_id = $1',
  allDevices: 'SELECT * FROM devices ORDER BY device_id',
  oneDevice: 'SELECT * FROM devices WHERE device_id = $1',
  deviceChannels: 'SELECT * FROM channels WHERE device_id = $1 ORDER BY channel_id',
  allChannels: 'SELECT * FROM channels ORDER BY device_id, channel_id',
  allFailures: 'SELECT * FROM registration_failures ORDER BY last_at DESC',
  recentEvents: 'SELECT time, kind, message FROM device_events WHERE device_id = $1 ORDER BY id DESC LIMIT $2',
};

type Name = keyof typeof SQL;
const q = (name: Name, values: unknown[]) => ({ query: { name: `dev-${name}`, text: SQL[name], values } });

/** A change read into rows now: the caller goes on changing its records. */
type Planned =
  | { type: 'device' | 'registration'; row: DeviceRow }
  | { type: 'channels'; rows: ChannelRow[] }
  | { type: 'event'; row: { device_id: string; time: number; kind: string; message: string } }
  | { type: 'failure'; row: FailureRow }
  | { type: 'remove-device' | 'clear-failures'; deviceId: string }
  | { type: 'remove-channels'; deviceId: string; channelIds: string[] };

function plan(c: DeviceChange): Planned {
  switch (c.type) {
    case 'device':
    case 'registration':
      return { type: c.type, row: toRow(c.device) };
    case 'channels':
      return { type: 'channels', rows: c.channels.map(toChannelRow) };
    case 'event':
      return { type: 'event', row: { device_id: c.deviceId, time: c.time, kind: c.kind, message: c.message } };
    case 'failure':
      return { type: 'failure', row: toFailureRow(c.failure) };
    case 'remove-channels':
      return { type: 'remove-channels', deviceId: c.deviceId, channelIds: [...c.channelIds] };
    case 'remove-device':
    case 'clear-failures':
      return { type: c.type, deviceId: c.deviceId };
  }
}

/** Prunes a device's events now and then (each 50th id), as the SQLite engine does. */
const pruneAfterInsert = (r: QueryResult): Step[] =>
  r.rows.filter((x: { id: number }) => x.id % 50 === 0).map((x: { device_id: string }) => q('pruneEvents', [x.device_id, EVENTS_PER_DEVICE]));

function stepsOf(group: Planned[]): Step[] {
  const first = group[0];
  switch (first.type) {
    case 'device':
      return [q('upsertDevices', [json(group.map((p) => (p as { row: DeviceRow }).row))])];
    case 'registration':
      return [q('registrations', [json(group.map((p) => (p as { row: DeviceRow }).row))])];
    case 'event':
      return [{ ...q('addEvents', [json(group.map((p) => (p as { row: unknown }).row))]), after: pruneAfterInsert }];
    case 'channels':
      return [q('upsertChannels', [json(first.rows)])];
    case 'failure':
      return [q('upsertFailure', [json(first.row)])];
    case 'remove-channels':
      return [q('removeChannels', [first.deviceId, first.channelIds])];
    case 'remove-device':
      return [q('removeDeviceEvents', [first.deviceId]), q('removeDevice', [first.deviceId])];
    case 'clear-failures':
      return [q('clearFailures', [first.deviceId])];
  }
}

/** Consecutive devices, registrations or events go together; every other change alone. */
function grouped(planned: Planned[]): Planned[][] {
  const out: Planned[][] = [];
  for (const p of planned) {
    const last = out[out.length - 1];
    const joins = last && last[0].type === p.type && (p.type === 'device' || p.type === 'registration' || p.type === 'event');
    if (joins) last.push(p);
    else out.push([p]);
  }
  return out;
}

export class PgDeviceEngine implements DeviceEngine {
  private readonly writer: SerialWriter;

  constructor(private readonly pool: Pool) {
    this.writer = new SerialWriter(pool);
  }

  async loadAll(): Promise<DeviceSnapshot> {
    const [d, c, f] = await Promise.all([
      this.pool.query<DeviceRow>(SQL.allDevices),
      this.pool.query<ChannelRow>(SQL.allChannels),
      this.pool.query<FailureRow>(SQL.allFailures),
    ]);
    return { devices: d.rows.map(toRecord), channels: c.rows.map(toChannel), failures: f.rows.map(toFailure) };
  }

  async loadDevice(deviceId: string) {
    await this.writer.idle();
    const [d, c] = await Promise.all([
      this.pool.query<DeviceRow>({ name: 'dev-oneDevice', text: SQL.oneDevice, values: [deviceId] }),
      this.pool.query<ChannelRow>({ name: 'dev-deviceChannels', text: SQL.deviceChannels, values: [deviceId] }),
    ]);
    return d.rows[0] && { device: toRecord(d.rows[0]), channels: c.rows.map(toChannel) };
  }

  commit(changes: readonly DeviceChange[]): Promise<Error[]> {
    const planned = changes.map(plan);
    return this.writer.write(
      grouped(planned).flatMap(stepsOf),
      () => planned.map((p) => stepsOf([p])),
    );
  }

  async recentEvents(deviceId: string, limit: number) {
    await this.writer.idle();
    const r = await this.pool.query<{ time: number; kind: string; message: string }>({ name: 'dev-recentEvents', text: SQL.recentEvents, values: [deviceId, limit] });
    return r.rows;
  }

  idle(): Promise<void> {
    return this.writer.idle();
  }
}
