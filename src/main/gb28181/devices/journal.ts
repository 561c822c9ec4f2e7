// How a change to a device record leaves the registry: the store engine is told what to save (whole record,
// registration fields only, or a last-seen touch), a row goes to the device's history, and the contract's
// event goes to the sink. One place, so every change is saved and announced the same way.
import { channelView } from '../../../shared/channel-view';
import type { ServerText } from '../../../shared/texts';
import type { Channel, ChannelView, DeviceEvent, DeviceSummary } from '../../../shared/types/devices';
import type { Clock } from '../../sip/timers/clock';
import { decodeEventMessage, encodeEventMessage } from './event-message';
import type { DeviceEventSink } from './events';
import type { DevicePersistence } from './persistence';
import type { DeviceEventKind, DeviceRecord } from './record';

export class DeviceJournal {
  constructor(
    readonly store: DevicePersistence,
    private readonly sink: DeviceEventSink,
    private readonly clock: Clock,
    private readonly summary: (d: DeviceRecord) => DeviceSummary,
  ) {}

  /** A row in the device's history: a coded sentence (event-texts.ts), or a plain English one. */
  note(d: DeviceRecord, kind: DeviceEventKind, said: ServerText | string): void {
    this.store.addEvent(d.deviceId, this.clock.now(), kind, encodeEventMessage(said));
  }

  /** The device's history, newest first, each row with its code and parameters when it was stored with them. */
  async recent(deviceId: string, limit: number): Promise<DeviceEvent[]> {
    return (await this.store.recentEvents(deviceId, limit)).map((e) => decodeEventMessage(e.time, e.message));
  }

  /** Any field changed: saved and announced. */
  changed(d: DeviceRecord): void {
    d.updatedAt = this.clock.now();
    this.store.saveDevice(d);
    this.updated(d);
  }

  updated(d: DeviceRecord): void {
    this.sink.emit('device.updated', this.summary(d));
  }

  online(d: DeviceRecord): void {
    this.store.saveDevice(d);
    this.sink.emit('device.online', this.summary(d));
  }

  offline(d: DeviceRecord, reason: string): void {
    this.store.saveDevice(d);
    this.sink.emit('device.offline', { ...this.summary(d), reason });
  }

  removed(deviceId: string): void {
    this.store.removeDevice(deviceId);
    this.sink.emit('device.removed', { deviceId });
  }

  /** The device's channels changed (saved by the caller): the whole list goes out, so removed ones disappear. */
  channelsChanged(deviceId: string, channels: Iterable<Channel>): void {
    const views: ChannelView[] = [];
    for (const c of channels) views.push(channelView(c));
    this.sink.emit('channel.changed', { deviceId, channels: views });
  }
}
