// A channel as channel.changed carries it and the console holds it: its parsed fields without the Catalog item as
// sent (`raw`, about half a channel's bytes, and in a registration storm most of what reaches a console). The
// one field of the item the console needs beyond them, DownloadSpeed, comes parsed.
import type { Channel, ChannelView } from './types/devices';

export function channelView(c: Channel): ChannelView {
  return {
    deviceId: c.deviceId,
    channelId: c.channelId,
    name: c.name,
    ...(c.customName !== undefined ? { customName: c.customName } : {}),
    online: c.online,
    status: c.status,
    manufacturer: c.manufacturer,
    model: c.model,
    owner: c.owner,
    civilCode: c.civilCode,
    block: c.block,
    address: c.address,
    parental: c.parental,
    parentId: c.parentId,
    businessGroupId: c.businessGroupId,
    ptzType: c.ptzType,
    ipAddress: c.ipAddress,
    port: c.port,
    longitude: c.longitude,
    latitude: c.latitude,
    downloadSpeed: downloadSpeedOf(c.raw),
    updatedAt: c.updatedAt,
  };
}

/** DownloadSpeed as sent: in Info on GB/T 28181-2022 catalogs, directly in the item on some devices. */
export function downloadSpeedOf(raw: Record<string, unknown> | undefined): string | null {
  const direct = raw?.DownloadSpeed;
  if (typeof direct === 'string') return direct;
  const info = raw?.Info;
  const first = Array.isArray(info) ? info[0] : info;
  const nested = first && typeof first === 'object' ? (first as Record<string, unknown>).DownloadSpeed : undefined;
  return typeof nested === 'string' ? nested : null;
}
