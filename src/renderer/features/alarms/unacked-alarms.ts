// The unacknowledged alarms per device behind the tree's badge: a read of the server's list, with the alarm events
// since that read was asked for laid over its answer. The answer comes over HTTP and the events over the event
// socket, so an answer the server gave before an alarm was stored can arrive after that alarm's event; taken alone
// it would take the alarm's badge away again.
import type { AlarmEntry } from '../../../shared/contract';

/** Alarms held (their IDs); past this the oldest are forgotten, so a flood of alarms cannot grow it without bound. */
export const MAX_UNACKED_HELD = 10_000;

type AlarmEvent = { raised: true; id: number; deviceId: string } | { raised: false; id: number };

/** One read of the list in flight: the events since it was asked for. */
export interface UnackedRead {
  readonly events: AlarmEvent[];
}

export class UnackedAlarms {
  /** Alarm ID to its device, oldest first. */
  private ids = new Map<number, string>();
  private readonly reads = new Set<UnackedRead>();

  raised(a: AlarmEntry): void {
    if (a.acknowledgedAt !== null) return this.acknowledged(a);
    this.apply({ raised: true, id: a.id, deviceId: a.deviceId });
  }

  acknowledged(a: Pick<AlarmEntry, 'id'>): void {
    this.apply({ raised: false, id: a.id });
  }

  /** Call before asking the server for its list of unacknowledged alarms. */
  startRead(): UnackedRead {
    const read: UnackedRead = { events: [] };
    this.reads.add(read);
    return read;
  }

  /** The server's list (as it was when it answered), then every event since the read was asked for, in order. */
  finishRead(read: UnackedRead, unacknowledged: readonly AlarmEntry[]): void {
    if (!this.reads.delete(read)) return;
    const ids = new Map<number, string>();
    for (const a of unacknowledged) if (a.acknowledgedAt === null) ids.set(a.id, a.deviceId);
    for (const e of read.events) applyTo(ids, e);
    this.ids = ids;
    this.bound();
  }

  /** The read failed: nothing of it applies. */
  abandonRead(read: UnackedRead): void {
    this.reads.delete(read);
  }

  counts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const deviceId of this.ids.values()) m.set(deviceId, (m.get(deviceId) ?? 0) + 1);
    return m;
  }

  private apply(e: AlarmEvent): void {
    applyTo(this.ids, e);
    for (const r of this.reads) if (r.events.length < MAX_UNACKED_HELD) r.events.push(e);
    this.bound();
  }

  private bound(): void {
    for (const id of this.ids.keys()) {
      if (this.ids.size <= MAX_UNACKED_HELD) return;
      this.ids.delete(id);
    }
  }
}

function applyTo(ids: Map<number, string>, e: AlarmEvent): void {
  if (e.raised) ids.set(e.id, e.deviceId);
  else ids.delete(e.id);
}
