/** Drag data a channel in the device tree carries, so it can be dropped on a live tile. */
export const CHANNEL_DRAG_TYPE = 'application/x-gb28181-channel';

export interface DraggedChannel {
  deviceId: string;
  channelId: string;
  name: string;
}

export function readDraggedChannel(data: DataTransfer): DraggedChannel | null {
  try {
    const raw = data.getData(CHANNEL_DRAG_TYPE);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<DraggedChannel>;
    return typeof v.deviceId === 'string' && typeof v.channelId === 'string' ? { deviceId: v.deviceId, channelId: v.channelId, name: String(v.name ?? v.channelId) } : null;
  } catch {
    return null;
  }
}
