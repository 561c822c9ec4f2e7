// Alarms and positions held in this process only, in arrival order (ids count up from 1).
import type { AlarmEntry, AlarmFilter, PositionEntry } from '../../../shared/types/control';
import type { AlarmEngine, NewAlarm, NewPosition, PositionFilter } from '../engine';

const at = (e: { time: number | null; receivedAt: number }) => e.time ?? e.receivedAt;

export class MemoryAlarmEngine implements AlarmEngine {
  private alarms: AlarmEntry[] = [];
  private readonly positions = new Map<string, PositionEntry[]>();
  private readonly names = new Map<string, string>();
  private readonly wanted = new Map<string, number | null>();
  private lastAlarm = 0;
  private lastPosition = 0;

  async appendAlarm(a: NewAlarm): Promise<AlarmEntry> {
    const entry: AlarmEntry = { ...a, id: ++this.lastAlarm, acknowledgedAt: null };
    this.alarms.push(entry);
    return { ...entry };
  }

  async alarm(id: number): Promise<AlarmEntry | undefined> {
    const a = this.find(id);
    return a && { ...a };
  }

  async acknowledge(id: number, time: number) {
    const a = this.find(id);
    if (!a) return undefined;
    const changed = a.acknowledgedAt === null;
    if (changed) a.acknowledgedAt = time;
    return { alarm: { ...a }, changed };
  }

  async queryAlarms(f: AlarmFilter): Promise<AlarmEntry[]> {
    const out: AlarmEntry[] = [];
    const limit = Math.min(f.limit ?? 200, 1000);
    for (let i = this.alarms.length - 1; i >= 0 && out.length < limit; i--) {
      const a = this.alarms[i];
      if (f.deviceId !== undefined && a.deviceId !== f.deviceId) continue;
      if (f.channelId !== undefined && a.channelId !== f.channelId) continue;
      if (f.priority !== undefined && a.priority !== f.priority) continue;
      if (f.method !== undefined && a.method !== f.method) continue;
      if (f.unacknowledged && a.acknowledgedAt !== null) continue;
      if (f.from !== undefined && at(a) < f.from) continue;
      if (f.to !== undefined && at(a) > f.to) continue;
      if (f.before !== undefined && a.id >= f.before) continue;
      out.push({ ...a });
    }
    return out;
  }

  async pruneAlarms(keep: number): Promise<void> {
    if (this.alarms.length > keep) this.alarms = this.alarms.slice(-keep);
  }

  async appendPosition(p: NewPosition): Promise<PositionEntry> {
    const entry = { id: ++this.lastPosition, ...p };
    const list = this.positions.get(p.deviceId) ?? [];
    list.push(entry);
    this.positions.set(p.deviceId, list);
    return { ...entry };
  }

  async queryPositions(o: PositionFilter): Promise<PositionEntry[]> {
    const from = o.from ?? 0;
    const to = o.to ?? Number.MAX_SAFE_INTEGER;
    const inRange = (this.positions.get(o.deviceId) ?? []).filter((p) => at(p) >= from && at(p) <= to);
    return inRange.slice(-Math.min(o.limit ?? 1000, 10_000)).map((p) => ({ ...p }));
  }

  async prunePositions(deviceId: string, keep: number): Promise<void> {
    const list = this.positions.get(deviceId);
    if (list && list.length > keep) this.positions.set(deviceId, list.slice(-keep));
  }

  async loadPresetNames() {
    return [...this.names].map(([key, name]) => {
      const [deviceId, channelId, index] = key.split('/');
      return { deviceId, channelId, index: Number(index), name };
    });
  }

  async setPresetName(deviceId: string, channelId: string, index: number, name: string | null): Promise<void> {
    const key = `${deviceId}/${channelId}/${index}`;
    if (name === null) this.names.delete(key);
    else this.names.set(key, name);
  }

  async loadWanted() {
    return [...this.wanted].map(([key, intervalSec]) => {
      const [deviceId, event] = key.split('/');
      return { deviceId, event, intervalSec };
    });
  }

  async setWanted(deviceId: string, event: string, on: boolean, intervalSec: number | null): Promise<void> {
    if (on) this.wanted.set(`${deviceId}/${event}`, intervalSec);
    else this.wanted.delete(`${deviceId}/${event}`);
  }

  private find(id: number): AlarmEntry | undefined {
    // Ids ascend with position: binary search.
    let lo = 0;
    let hi = this.alarms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.alarms[mid].id;
      if (v === id) return this.alarms[mid];
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
