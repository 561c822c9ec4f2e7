// Events on their way to the consoles, gathered so a registration storm reaches them as batches: the first event
// after a quiet spell goes at once, later ones wait for the next flush (every `windowMs`). Within a batch a
// device's state events (online, updated, offline) collapse into one carrying its latest state, in the place of
// the first; every other event keeps its place, so the order a console applies them in stays true.

export interface QueuedEvent {
  event: string;
  payload: unknown;
}

export interface CoalescerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const DEVICE_STATE_EVENTS = new Set(['device.online', 'device.updated', 'device.offline']);
export const EVENT_BATCH_MS = 100;

export class EventCoalescer {
  private queue: QueuedEvent[] = [];
  /** Device ID -> its state event in `queue`. */
  private readonly deviceAt = new Map<string, QueuedEvent>();
  private timer: unknown = null;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly send: (batch: readonly QueuedEvent[]) => void,
    private readonly windowMs = EVENT_BATCH_MS,
    private readonly timers: CoalescerTimers = { now: Date.now, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
  ) {}

  push(event: string, payload: unknown): void {
    const deviceId = deviceIdOf(event, payload);
    if (deviceId !== null && DEVICE_STATE_EVENTS.has(event)) {
      const held = this.deviceAt.get(deviceId);
      if (held) {
        Object.assign(held, merged(held, { event, payload }));
        return;
      }
      const item = { event, payload };
      this.deviceAt.set(deviceId, item);
      this.queue.push(item);
    } else {
      // A removal ends what came before it: a later state event for that device starts a new entry after it.
      if (deviceId !== null && event === 'device.removed') this.deviceAt.delete(deviceId);
      this.queue.push({ event, payload });
    }
    this.schedule();
  }

  /** Sends what is waiting now (shutdown, tests). */
  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.deviceAt.clear();
    this.lastFlushAt = this.timers.now();
    this.send(batch);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.deviceAt.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = this.lastFlushAt + this.windowMs - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }
}

/**
 * The later state wins; an update that leaves the device as its held online/offline event said keeps that name
 * (and the offline reason), so a console still learns that the device came or went.
 */
function merged(held: QueuedEvent, next: QueuedEvent): QueuedEvent {
  if (next.event !== 'device.updated' || held.event === 'device.updated') return next;
  const online = (next.payload as { online?: unknown }).online === true;
  if (held.event === 'device.online' && online) return { event: held.event, payload: next.payload };
  if (held.event === 'device.offline' && !online) {
    return { event: held.event, payload: { ...(next.payload as object), reason: (held.payload as { reason?: unknown }).reason } };
  }
  return next;
}

function deviceIdOf(event: string, payload: unknown): string | null {
  if (!event.startsWith('device.') || typeof payload !== 'object' || payload === null) return null;
  const id = (payload as { deviceId?: unknown }).deviceId;
  return typeof id === 'string' ? id : null;
}
