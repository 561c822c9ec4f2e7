import { describe, expect, it } from 'vitest';
import { channelView } from '../../../shared/channel-view';
import type { Channel } from '../../../shared/types/devices';
import type { Clock } from '../../sip/timers/clock';
import type { DeviceEvents } from './events';
import { DeviceJournal } from './journal';
import type { DevicePersistence } from './persistence';

const channel = (id: string): Channel => ({
  deviceId: '34020000001110000001',
  channelId: id,
  name: id,
  online: true,
  status: 'ON',
  manufacturer: null,
  model: null,
  owner: null,
  civilCode: null,
  block: null,
  address: null,
  parental: false,
  parentId: null,
  businessGroupId: null,
  ptzType: null,
  ipAddress: null,
  port: null,
  longitude: null,
  latitude: null,
  raw: { DeviceID: id, Name: id, Status: 'ON', Info: { DownloadSpeed: '1/2/4/8' } },
  updatedAt: 1,
});

describe('device journal', () => {
  it("channel.changed carries the device's whole channel list without each item as sent", () => {
    const sent: DeviceEvents['channel.changed'][] = [];
    const sink = { emit: (event: string, payload: unknown) => event === 'channel.changed' && sent.push(payload as DeviceEvents['channel.changed']) };
    const journal = new DeviceJournal({} as DevicePersistence, sink, { now: () => 0 } as unknown as Clock, () => {
      throw new Error('no summary asked for');
    });
    const channels = [channel('34020000001310000001'), channel('34020000001310000002')];
    journal.channelsChanged('34020000001110000001', channels);
    expect(sent).toEqual([{ deviceId: '34020000001110000001', channels: channels.map(channelView) }]);
    expect(sent[0].channels.every((c) => !('raw' in c) && c.downloadSpeed === '1/2/4/8')).toBe(true);
  });
});
