// Alarms, mobile positions, preset names and wanted subscriptions as the control feature uses them, over any
// store engine. Every table is bounded: alarms and positions drop their oldest rows past a limit; texts from
// devices are cut to a length. Preset names and wanted subscriptions are small: read from memory, written behind.
import type { AlarmEntry, AlarmFilter, PositionEntry } from '../../../shared/types/control';
import { MAX_ALARMS, MAX_POSITIONS_PER_DEVICE, type AlarmEngine, type NewAlarm, type NewPosition, type PositionFilter } from '../engine';

export { MAX_ALARMS, MAX_POSITIONS_PER_DEVICE, type NewAlarm, type NewPosition };

const MAX_TEXT = 512;
const cut = (s: string | null, max = MAX_TEXT) => (s === null ? null : s.slice(0, max));
const num = (n: number | null) => (n === null || !Number.isFinite(n) ? null : n);
const nameKey = (deviceId: string, channelId: string) => `${deviceId}\u0000${channelId}`;

export class AlarmStore {
  private inserts = 0;
  private positionInserts = new Map<string, number>();
  private writes: Promise<void> = Promise.resolve();
  /** Write errors of the small tables are reported here, never thrown into the caller. */
  onError: (err: Error) => void = () => {};

  private constructor(
    private readonly engine: AlarmEngine,
    private readonly names: Map<string, Map<number, string>>,
    private readonly wantedByEvent: Map<string, Map<string, number | null>>,
  ) {}

  static async open(engine: AlarmEngine): Promise<AlarmStore> {
    const names = new Map<string, Map<number, string>>();
    for (const n of await engine.loadPresetNames()) {
      const key = nameKey(n.deviceId, n.channelId);
      names.set(key, (names.get(key) ?? new Map()).set(n.index, n.name));
    }
    const wanted = new Map<string, Map<string, number | null>>();
    for (const w of await engine.loadWanted()) wanted.set(w.event, (wanted.get(w.event) ?? new Map()).set(w.deviceId, w.intervalSec));
    return new AlarmStore(engine, names, wanted);
  }

  async addAlarm(a: NewAlarm): Promise<AlarmEntry> {
    const entry = await this.engine.appendAlarm({
      ...a,
      type: cut(a.type, 64),
      eventType: cut(a.eventType, 64),
      timeRaw: cut(a.timeRaw, 64),
      description: cut(a.description),
      priority: num(a.priority),
      method: num(a.method),
      time: num(a.time),
      longitude: num(a.longitude),
      latitude: num(a.latitude),
    });
    if (++this.inserts % 500 === 0) await this.engine.pruneAlarms(MAX_ALARMS);
    return entry;
  }

  alarm(id: number): Promise<AlarmEntry | undefined> {
    return this.engine.alarm(id);
  }

  /** Marks an alarm acknowledged (once); undefined when there is no such alarm. */
  acknowledge(id: number, at: number): Promise<{ alarm: AlarmEntry; changed: boolean } | undefined> {
    return this.engine.acknowledge(id, at);
  }

  listAlarms(f: AlarmFilter): Promise<AlarmEntry[]> {
    return this.engine.queryAlarms(f);
  }

  async addPosition(p: NewPosition): Promise<PositionEntry> {
    const entry = await this.engine.appendPosition(p);
    const n = (this.positionInserts.get(p.deviceId) ?? 0) + 1;
    this.positionInserts.set(p.deviceId, n % 200);
    if (n === 200) await this.engine.prunePositions(p.deviceId, MAX_POSITIONS_PER_DEVICE);
    return entry;
  }

  /** Oldest first (a track). */
  listPositions(o: PositionFilter): Promise<PositionEntry[]> {
    return this.engine.queryPositions(o);
  }

  presetNames(deviceId: string, channelId: string): Map<number, string> {
    return new Map(this.names.get(nameKey(deviceId, channelId)));
  }

  setPresetName(deviceId: string, channelId: string, index: number, name: string | null): void {
    const key = nameKey(deviceId, channelId);
    const short = name === null ? null : name.slice(0, 64);
    const names = this.names.get(key) ?? new Map<number, string>();
    if (short === null) names.delete(index);
    else names.set(index, short);
    if (names.size > 0) this.names.set(key, names);
    else this.names.delete(key);
    this.write(() => this.engine.setPresetName(deviceId, channelId, index, short));
  }

  /** Devices that should hold a subscription of `event`, with their interval (MobilePosition). */
  wanted(event: string): Map<string, number | null> {
    return new Map(this.wantedByEvent.get(event));
  }

  setWanted(deviceId: string, event: string, on: boolean, intervalSec: number | null = null): void {
    const m = this.wantedByEvent.get(event) ?? new Map<string, number | null>();
    if (on) m.set(deviceId, intervalSec);
    else m.delete(deviceId);
    this.wantedByEvent.set(event, m);
    this.write(() => this.engine.setWanted(deviceId, event, on, intervalSec));
  }

  /** Resolves once the small tables' writes so far are committed. */
  flushed(): Promise<void> {
    return this.writes;
  }

  private write(op: () => Promise<void>): void {
    this.writes = this.writes.then(op).catch((err: Error) => this.onError(err));
  }
}
