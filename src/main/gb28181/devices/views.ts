// The API shapes of a device: the summary in lists and events, and the details of one device.
import { isOrganisationNodeId } from '../../../shared/gb-ids';
import { textOf, type ServerText } from '../../../shared/texts';
import type { Channel, DeviceDetails, DeviceEvent, DeviceSummary, OtherSource } from '../../../shared/types/devices';
import { peerKey } from '../../sip/transport/transport';
import type { DeviceRecord } from './record';

export function deviceSummary(d: DeviceRecord, channels: Iterable<Channel>, channelsChangedAt?: number): DeviceSummary {
  let channelCount = 0;
  let onlineChannelCount = 0;
  for (const c of channels) {
    if (isOrganisationNodeId(c.channelId)) continue;
    channelCount++;
    if (c.online) onlineChannelCount++;
  }
  const mismatch = stored(d.targetMismatch);
  const lastError = stored(d.lastError);
  return {
    deviceId: d.deviceId,
    name: d.customName ?? d.deviceName ?? d.deviceId,
    online: d.online,
    manufacturer: d.manufacturer,
    model: d.model,
    firmware: d.firmware,
    transport: d.transport,
    address: d.ip && d.port ? peerKey(d.ip, d.port) : '',
    charset: d.charset === 'utf-8' ? 'UTF-8' : 'GB18030',
    gbVersion: d.gbVersion,
    registeredAt: d.registeredAt,
    lastSeenAt: d.lastSeenAt,
    expiresAt: d.expiresAt,
    keepaliveIntervalSec: d.keepaliveIntervalSec,
    keepaliveCount: d.keepaliveCount,
    channelCount,
    onlineChannelCount,
    hasOwnPassword: d.password !== null,
    targetMismatch: mismatch.english,
    ...(mismatch.text ? { targetMismatchText: mismatch.text } : {}),
    mediaTransport: d.mediaTransport,
    timeZone: d.timeZone,
    lastError: lastError.english,
    ...(lastError.text ? { lastErrorText: lastError.text } : {}),
    ...(channelsChangedAt !== undefined ? { channelsChangedAt } : {}),
  };
}

/** A sentence's English, and the sentence itself when it is coded. */
function stored(value: ServerText | string | null): { english: string | null; text?: ServerText } {
  if (value === null) return { english: null };
  return typeof value === 'string' ? { english: value } : { english: textOf(value), text: value };
}

/** Details: the summary plus info, status, catalog state and the event history, newest first. */
export function deviceDetails(
  summary: DeviceSummary,
  d: DeviceRecord,
  events: DeviceEvent[],
  extra: { otherSources: OtherSource[]; localAddress: string | null },
): DeviceDetails {
  return {
    ...summary,
    info: { ...d.info },
    status: d.status,
    catalog: { ...d.catalog },
    events: [...events].sort((a, b) => b.time - a.time),
    keepaliveSource: d.keepaliveSource,
    learnedKeepaliveSec: d.learnedSec,
    otherSources: extra.otherSources,
    localAddress: extra.localAddress,
  };
}
