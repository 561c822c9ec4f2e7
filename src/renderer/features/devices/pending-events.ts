// Device events waiting for the next store update: one entry per device (its latest state or its removal) and
// one per device's channel list, so a registration storm of any length holds at most two entries a device.
import type { ChannelView, DeviceSummary } from '../../../shared/contract';

export type PendingEvent =
  | { kind: 'device'; device: DeviceSummary }
  | { kind: 'removed'; deviceId: string }
  | { kind: 'channels'; deviceId: string; channels: ChannelView[] };

export class PendingEvents {
  private items = new Map<string, PendingEvent>();

  push(item: PendingEvent): void {
    const key = item.kind === 'channels' ? `c:${item.deviceId}` : `d:${item.kind === 'device' ? item.device.deviceId : item.deviceId}`;
    // Moved to the end: applied after anything that came before it.
    this.items.delete(key);
    this.items.set(key, item);
  }

  take(): PendingEvent[] {
    const items = [...this.items.values()];
    this.items.clear();
    return items;
  }

  get size(): number {
    return this.items.size;
  }
}
