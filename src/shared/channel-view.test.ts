import { describe, expect, it } from 'vitest';
import { channelView, downloadSpeedOf } from './channel-view';
import type { Channel } from './types/devices';

const channel: Channel = {
  deviceId: '34020000001110000001',
  channelId: '34020000001310000001',
  name: 'Gate',
  online: true,
  status: 'ON',
  manufacturer: 'Hikvision',
  model: 'DS-2CD',
  owner: 'Owner',
  civilCode: '340200',
  block: null,
  address: 'Gate 1',
  parental: false,
  parentId: '34020000001110000001',
  businessGroupId: null,
  ptzType: 1,
  ipAddress: '10.0.0.8',
  port: 5060,
  longitude: 120.1,
  latitude: 30.2,
  raw: { DeviceID: '34020000001310000001', Name: 'Gate', SafetyWay: '0', Info: { PTZType: '1', DownloadSpeed: '1/2/4/8' } },
  updatedAt: 5,
};

describe('a channel as channel.changed carries it', () => {
  it('is every parsed field without the item as sent, with its DownloadSpeed', () => {
    const { raw: _raw, ...parsed } = channel;
    expect(channelView(channel)).toEqual({ ...parsed, downloadSpeed: '1/2/4/8' });
    expect(channelView({ ...channel, customName: 'Front gate', name: 'Front gate' })).toMatchObject({ customName: 'Front gate', name: 'Front gate' });
    expect(channelView({ ...channel, customName: null })).toHaveProperty('customName', null);
  });

  it('reads DownloadSpeed from the item or its (first) Info block', () => {
    expect(downloadSpeedOf({ DownloadSpeed: '4/1/2' })).toBe('4/1/2');
    expect(downloadSpeedOf({ Info: [{ DownloadSpeed: '1/16/2' }, { DownloadSpeed: '8' }] })).toBe('1/16/2');
    expect(downloadSpeedOf({ Info: { PTZType: '1' } })).toBeNull();
    expect(downloadSpeedOf({})).toBeNull();
  });
});
