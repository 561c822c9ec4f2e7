// Device tables held in this process only: nothing outlives it (QA runs, demos). Same rules as the SQL engines:
// a channel needs its device, each device keeps its newest events, a removed device takes its rows with it.
import type { Channel, DeviceEvent, RegistrationFailure } from '../../../shared/types/devices';
import type { DeviceRecord } from '../../gb28181/devices/record';
import { EVENTS_PER_DEVICE, type DeviceChange, type DeviceEngine, type DeviceSnapshot } from '../engine';

type StoredEvent = DeviceEvent & { kind: string };

const copy = <T>(v: T): T => structuredClone(v);
const byKey = <T>(key: (v: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export class MemoryDeviceEngine implements DeviceEngine {
  private readonly devices = new Map<string, DeviceRecord>();
  private readonly channels = new Map<string, Map<string, Channel>>();
  private readonly events = new Map<string, StoredEvent[]>();
  private readonly failures = new Map<string, Map<string, RegistrationFailure>>();

  async loadAll(): Promise<DeviceSnapshot> {
    const channels = [...this.channels.values()].flatMap((m) => [...m.values()]);
    const failures = [...this.failures.values()].flatMap((m) => [...m.values()]);
    return {
      devices: [...this.devices.values()].sort(byKey((d) => d.deviceId)).map(copy),
      channels: channels.sort(byKey((c) => `${c.deviceId}/${c.channelId}`)).map(copy),
      failures: failures.sort((a, b) => b.lastAt - a.lastAt).map(copy),
    };
  }

  async commit(changes: readonly DeviceChange[]): Promise<Error[]> {
    const errors: Error[] = [];
    for (const c of changes) {
      try {
        this.apply(c);
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return errors;
  }

  async loadDevice(deviceId: string) {
    const device = this.devices.get(deviceId);
    return device && { device: copy(device), channels: [...(this.channels.get(deviceId)?.values() ?? [])].sort(byKey((c) => c.channelId)).map(copy) };
  }

  async recentEvents(deviceId: string, limit: number): Promise<StoredEvent[]> {
    return (this.events.get(deviceId) ?? []).slice(-limit).reverse().map(copy);
  }

  private apply(c: DeviceChange): void {
    switch (c.type) {
      case 'device':
        this.devices.set(c.device.deviceId, copy(c.device));
        return;
      case 'registration':
        return this.saveRegistration(c.device);
      case 'remove-device':
        this.devices.delete(c.deviceId);
        this.channels.delete(c.deviceId);
        this.events.delete(c.deviceId);
        return;
      case 'channels':
        return this.saveChannels(c.channels);
      case 'remove-channels':
        for (const id of c.channelIds) this.channels.get(c.deviceId)?.delete(id);
        return;
      case 'event':
        return this.addEvent(c.deviceId, { time: c.time, kind: c.kind, message: c.message });
      case 'failure':
        this.mapOf(this.failures, c.failure.deviceId).set(c.failure.reason, copy(c.failure));
        return;
      case 'clear-failures':
        this.failures.delete(c.deviceId);
    }
  }

  private saveRegistration(d: DeviceRecord): void {
    const stored = this.devices.get(d.deviceId);
    if (!stored) return void this.devices.set(d.deviceId, copy(d));
    Object.assign(stored, {
      transport: d.transport, ip: d.ip, port: d.port, contact: d.contact, gbVersion: d.gbVersion, online: d.online,
      registeredAt: d.registeredAt, lastSeenAt: d.lastSeenAt, expiresAt: d.expiresAt, registerCallId: d.registerCallId,
      targetMismatch: d.targetMismatch, lastError: d.lastError, updatedAt: d.updatedAt,
    });
  }

  private saveChannels(channels: Channel[]): void {
    for (const ch of channels) {
      if (!this.devices.has(ch.deviceId)) throw new Error(`channel ${ch.channelId}: device ${ch.deviceId} is not stored (FOREIGN KEY)`);
      this.mapOf(this.channels, ch.deviceId).set(ch.channelId, copy(ch));
    }
  }

  private addEvent(deviceId: string, e: StoredEvent): void {
    const list = this.events.get(deviceId) ?? [];
    list.push(e);
    if (list.length > EVENTS_PER_DEVICE) list.splice(0, list.length - EVENTS_PER_DEVICE);
    this.events.set(deviceId, list);
  }

  private mapOf<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
    let m = outer.get(key);
    if (!m) outer.set(key, (m = new Map()));
    return m;
  }
}
