// Write-behind persistence for the device service, over any store engine. Changes made while handling one burst
// of network input are handed to the engine as one batch on the next turn of the event loop (setImmediate), so
// thousands of registrations a second cost one commit per burst instead of one per message. A trickle (one
// change per packet, e.g. keepalives teaching their interval) would still cost one commit per change, so a batch
// due less than `minCommitGapMs` after the previous one waits for the rest of that gap, gathering what comes
// meanwhile. `flush()` hands over at once; batches commit one after another, in order. Changes that only move
// a last-seen time (keepalives) are "touches": a device's last-seen time is written as a registration update at
// most every few minutes (and with its next real change, and at close), since after a restart a device gets a
// fresh keepalive window anyway; 10,000 devices keepaliving every minute would otherwise rewrite 10,000 rows a
// minute.
import type { Channel, RegistrationFailure } from '../../../shared/types/devices';
import type { DevicePersistence } from '../../gb28181/devices/persistence';
import type { DeviceChange, DeviceEngine, DeviceSnapshot } from '../engine';
import type { DeviceEventKind, DeviceRecord } from './types';

export class DeviceStore implements DevicePersistence {
  private readonly dirty = new Map<string, DeviceRecord>();
  /** Devices whose registration columns alone changed (a REGISTER from a device already stored). */
  private readonly reRegistered = new Map<string, DeviceRecord>();
  /** Touched devices whose last-seen time is not yet due to be written (written at close). */
  private readonly touched = new Map<string, DeviceRecord>();
  /** Touched devices whose last-seen time is due: the touch timer writes them. */
  private readonly dueTouches = new Map<string, DeviceRecord>();
  /** Devices being read back from the engine: until then this copy writes only their registration fields and events. */
  private readonly reloading = new Set<string>();
  private touchTimer: ReturnType<typeof setTimeout> | undefined;
  /** How long a due last-seen time waits, gathering others, before it is handed over. */
  touchDelayMs = 5_000;
  /** A last-seen time is written once it is this much newer than the one written (or at close). */
  touchWriteAfterMs = 5 * 60_000;
  /** The last-seen time each record had when it was last handed to the engine. */
  private readonly seenWritten = new WeakMap<DeviceRecord, number | null>();
  private ops: DeviceChange[] = [];
  private scheduled: { immediate: ReturnType<typeof setImmediate> } | { timer: ReturnType<typeof setTimeout> } | undefined;
  /** Scheduled batches are handed to the engine at most this often (flush() does not wait). */
  minCommitGapMs = 50;
  private lastHandOver = -Infinity;
  /** Waiting for the scheduled batch to be handed over and committed (committed()). */
  private handOverWaiters: Array<() => void> = [];
  private committing: Promise<void> = Promise.resolve();
  private closed = false;
  /**
   * Several instances sharing the store: a device registered to another live instance is that instance's to
   * write; this one's copy may be older, so its changes to the device are not handed over (asked at each flush).
   */
  heldElsewhere: (deviceId: string) => boolean = () => false;
  /** Write errors are reported here and never thrown into the network path. */
  onError: (err: Error) => void = () => {};

  private constructor(
    private readonly engine: DeviceEngine,
    private readonly snapshot: DeviceSnapshot,
  ) {}

  /** Loads what the engine holds (the registry reads it once, at start). */
  static async open(engine: DeviceEngine): Promise<DeviceStore> {
    return new DeviceStore(engine, await engine.loadAll());
  }

  get devices(): { all(): DeviceRecord[] } {
    return { all: () => this.snapshot.devices };
  }

  get channels(): { all(): Channel[] } {
    return { all: () => this.snapshot.channels };
  }

  forgetLoadedChannels(): void {
    this.snapshot.channels = [];
  }

  get failures(): { all(): RegistrationFailure[] } {
    return { all: () => this.snapshot.failures };
  }

  /** Newest first, including everything handed over before the call. */
  async recentEvents(deviceId: string, limit: number) {
    this.flush();
    await this.committing;
    return this.engine.recentEvents(deviceId, limit);
  }

  /**
   * The device as stored now (another instance sharing the store may have written it since this one loaded it).
   * Until it arrives, whole-record saves of it are written as registration changes and its channels are not
   * written: the rest of this copy may be older than the stored one (the caller saves what it makes of both).
   */
  async reload(deviceId: string): Promise<{ device: DeviceRecord; channels: Channel[] } | undefined> {
    this.reloading.add(deviceId);
    try {
      await this.flushed();
      return await this.engine.loadDevice(deviceId);
    } finally {
      this.reloading.delete(deviceId);
    }
  }

  saveDevice(d: DeviceRecord): void {
    this.dirty.set(d.deviceId, d);
    this.reRegistered.delete(d.deviceId);
    this.forgetTouch(d.deviceId);
    this.schedule();
  }

  /** Only the registration fields changed (address, transport, contact, version, times, Call-ID, errors). */
  saveRegistration(d: DeviceRecord): void {
    if (!this.dirty.has(d.deviceId)) this.reRegistered.set(d.deviceId, d);
    this.forgetTouch(d.deviceId);
    this.schedule();
  }

  /**
   * A change that may wait a few seconds (last-seen time). Whether it is due is decided here, once per touch: a
   * last-seen time moves only when touched, so a timer that looked at every touched device would find nothing new
   * (10,000 devices keepaliving every minute would cost a scan of all of them every few seconds).
   */
  touchDevice(d: DeviceRecord): void {
    const id = d.deviceId;
    if (this.dirty.has(id) || this.reRegistered.has(id) || this.closed) return;
    const written = this.seenWritten.get(d);
    if (written === undefined || written === null || (d.lastSeenAt ?? 0) - written >= this.touchWriteAfterMs) {
      this.touched.delete(id);
      this.dueTouches.set(id, d);
      this.armTouchTimer();
    } else {
      this.touched.set(id, d);
    }
  }

  /** Whether the touch timer is waiting to write due last-seen times (tests). */
  get touchTimerArmed(): boolean {
    return this.touchTimer !== undefined;
  }

  private forgetTouch(deviceId: string): void {
    this.touched.delete(deviceId);
    this.dueTouches.delete(deviceId);
  }

  private armTouchTimer(): void {
    if (this.touchTimer || this.closed) return;
    this.touchTimer = setTimeout(() => {
      this.touchTimer = undefined;
      this.takeTouches(false);
      this.flush();
    }, this.touchDelayMs);
    this.touchTimer.unref?.();
  }

  /** Queues the due last-seen times (and, when `all`, every one touched since it was written). */
  private takeTouches(all: boolean): void {
    const take = (touches: Map<string, DeviceRecord>) => {
      for (const d of touches.values()) if (!this.dirty.has(d.deviceId)) this.reRegistered.set(d.deviceId, d);
      touches.clear();
    };
    take(this.dueTouches);
    if (all) take(this.touched);
  }

  removeDevice(deviceId: string): void {
    this.dirty.delete(deviceId);
    this.reRegistered.delete(deviceId);
    this.forgetTouch(deviceId);
    this.enqueue({ type: 'remove-device', deviceId });
  }

  saveChannels(channels: Channel[]): void {
    if (channels.length) this.enqueue({ type: 'channels', channels: [...channels] });
  }

  removeChannels(deviceId: string, channelIds: string[]): void {
    if (channelIds.length) this.enqueue({ type: 'remove-channels', deviceId, channelIds: [...channelIds] });
  }

  addEvent(deviceId: string, time: number, kind: DeviceEventKind, message: string): void {
    this.enqueue({ type: 'event', deviceId, time, kind, message });
  }

  saveFailure(f: RegistrationFailure): void {
    this.enqueue({ type: 'failure', failure: { ...f } });
  }

  clearFailures(deviceId: string): void {
    this.enqueue({ type: 'clear-failures', deviceId });
  }

  /** Hands everything pending to the engine now; last-seen times only once due, or all of them when `all`. */
  flush(all = false): void {
    try {
      this.handOver(all);
    } finally {
      for (const w of this.handOverWaiters.splice(0)) void this.committing.then(w);
    }
  }

  private handOver(all: boolean): void {
    if (this.scheduled) {
      if ('immediate' in this.scheduled) clearImmediate(this.scheduled.immediate);
      else clearTimeout(this.scheduled.timer);
      this.scheduled = undefined;
    }
    if (this.closed) return;
    if (all) this.takeTouches(true);
    if (this.dirty.size === 0 && this.reRegistered.size === 0 && this.ops.length === 0) return;
    // Devices first: channel rows reference them.
    const batch: DeviceChange[] = [];
    for (const d of this.dirty.values()) {
      batch.push({ type: this.reloading.has(d.deviceId) ? 'registration' : 'device', device: d });
      this.seenWritten.set(d, d.lastSeenAt);
    }
    for (const d of this.reRegistered.values()) {
      batch.push({ type: 'registration', device: d });
      this.seenWritten.set(d, d.lastSeenAt);
    }
    batch.push(...this.ops);
    this.dirty.clear();
    const mine = batch.filter((c) => !this.heldElsewhere(deviceOf(c)) && !(this.reloading.has(deviceOf(c)) && (c.type === 'channels' || c.type === 'remove-channels')));
    this.reRegistered.clear();
    this.ops = [];
    this.lastHandOver = Date.now();
    // The engine reads the batch before commit returns (the registry goes on changing its records) and commits
    // batches in the order it is given them.
    const done = this.commit(mine);
    this.committing = this.committing.then(() => done);
  }

  /** Resolves once every change made so far is committed, at its batch's own time (it does not hurry it). */
  committed(): Promise<void> {
    if (!this.scheduled) return this.committing;
    return new Promise((resolve) => this.handOverWaiters.push(resolve));
  }

  /** Resolves once everything handed over so far is committed. */
  async flushed(): Promise<void> {
    this.flush();
    await this.committing;
  }

  async close(): Promise<void> {
    this.flush(true);
    await this.committing;
    this.closed = true;
    if (this.touchTimer) clearTimeout(this.touchTimer);
  }

  private async commit(batch: DeviceChange[]): Promise<void> {
    try {
      for (const err of await this.engine.commit(batch)) this.onError(err);
    } catch (err) {
      this.onError(err as Error);
    }
  }

  private enqueue(op: DeviceChange): void {
    this.ops.push(op);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    const run = () => {
      this.scheduled = undefined;
      this.flush();
    };
    const wait = this.lastHandOver + this.minCommitGapMs - Date.now();
    this.scheduled = wait > 0 ? { timer: setTimeout(run, wait) } : { immediate: setImmediate(run) };
  }
}

/** The device a change writes ('' for this instance's own registration failures, written wherever). */
function deviceOf(c: DeviceChange): string {
  switch (c.type) {
    case 'device':
    case 'registration':
      return c.device.deviceId;
    case 'channels':
      return c.channels[0]?.deviceId ?? '';
    case 'remove-channels':
    case 'event':
      return c.deviceId;
    default:
      return '';
  }
}
