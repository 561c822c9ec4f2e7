import { describe, expect, it } from 'vitest';
import type { ChannelView, DeviceSummary, OrgTreeNode } from '../../../shared/contract';
import { countOrgTree, filterDevices, flattenDevices, flattenOrg } from './tree-rows';

function device(id: string, name: string, online = true, channels = 0, onlineChannels = channels): DeviceSummary {
  return {
    deviceId: id,
    name,
    online,
    manufacturer: null,
    model: null,
    firmware: null,
    transport: 'UDP',
    address: '127.0.0.1:5062',
    charset: 'GB18030',
    gbVersion: '2.0',
    registeredAt: 0,
    lastSeenAt: 0,
    expiresAt: 0,
    keepaliveIntervalSec: 60,
    keepaliveCount: 3,
    channelCount: channels,
    onlineChannelCount: onlineChannels,
    hasOwnPassword: false,
    targetMismatch: null,
    mediaTransport: 'udp',
    timeZone: null,
    lastError: null,
  };
}

function channel(deviceId: string, id: string, name: string, online = true): ChannelView {
  return {
    deviceId,
    channelId: id,
    name,
    online,
    status: online ? 'ON' : 'OFF',
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
    downloadSpeed: null,
    updatedAt: 0,
  };
}

const NVR = '34020000001110000001';
const CAM = '34020000001320000002';
const devices = [device(NVR, '一号录像机', true, 2, 1), device(CAM, 'Gate camera', false, 1, 0)];
const channels = new Map([
  [NVR, [channel(NVR, '34020000001310000001', '东门', true), channel(NVR, '34020000001310000002', '西门停车场', false)]],
]);
const none = { query: '', offlineOnly: false };

describe('flattenDevices', () => {
  it('lists devices collapsed, with counts and positions for aria-setsize/posinset', () => {
    const rows = flattenDevices(devices, channels, new Set(), none);
    expect(rows.map((r) => [r.key, r.level, r.posInSet, r.setSize, r.expanded])).toEqual([
      [`d:${NVR}`, 1, 1, 2, false],
      [`d:${CAM}`, 1, 2, 2, false],
    ]);
    expect(rows[0].counts).toEqual({ online: 1, total: 2 });
  });

  it('shows the channels of an opened device under it', () => {
    const rows = flattenDevices(devices, channels, new Set([NVR]), none);
    expect(rows.map((r) => r.name)).toEqual(['一号录像机', '东门', '西门停车场', 'Gate camera']);
    expect(rows[1]).toMatchObject({ level: 2, parentKey: `d:${NVR}`, posInSet: 1, setSize: 2 });
  });

  it('finds a channel by its Chinese name and opens its device for it', () => {
    const rows = flattenDevices(devices, channels, new Set(), { query: '西门', offlineOnly: false });
    expect(rows.map((r) => r.name)).toEqual(['一号录像机', '西门停车场']);
    expect(rows[0]).toMatchObject({ expanded: true, forced: true });
  });

  it('finds a device by part of its ID, typed with full-width digits too', () => {
    expect(flattenDevices(devices, channels, new Set(), { query: '1320000002', offlineOnly: false }).map((r) => r.id)).toEqual([CAM]);
    expect(flattenDevices(devices, channels, new Set(), { query: '１３２００００００２', offlineOnly: false }).map((r) => r.id)).toEqual([CAM]);
  });

  it('keeps only offline devices and offline channels for "offline only"', () => {
    const rows = flattenDevices(devices, channels, new Set([NVR]), { query: '', offlineOnly: true });
    expect(rows.map((r) => r.name)).toEqual(['一号录像机', '西门停车场', 'Gate camera']);
  });

  it('drops a fully online device for "offline only"', () => {
    const rows = flattenDevices([device(NVR, 'ok', true, 1, 1)], new Map(), new Set(), { query: '', offlineOnly: true });
    expect(rows).toEqual([]);
  });

  it('flattens 10,000 devices with 16 channels each, one opened, and searches all 160,000 channels', () => {
    const many: DeviceSummary[] = [];
    const chs = new Map<string, ChannelView[]>();
    for (let i = 0; i < 10_000; i++) {
      const id = `3402000000132${String(i).padStart(7, '0')}`;
      many.push(device(id, `摄像机 ${i}`, i % 7 !== 0, 16, 16));
      chs.set(id, Array.from({ length: 16 }, (_, j) => channel(id, `3402000000131${String(i * 16 + j).padStart(7, '0')}`, `通道 ${i}-${j}`)));
    }
    const rows = flattenDevices(many, chs, new Set([many[5].deviceId]), none);
    expect(rows.length).toBe(10_016);
    const hits = flattenDevices(many, chs, new Set(), { query: '通道 9999-15', offlineOnly: false });
    expect(hits.map((r) => r.name)).toEqual(['摄像机 9999', '通道 9999-15']);
  });
});

describe('filterDevices', () => {
  it('matches devices by name or by one of their channels', () => {
    expect(filterDevices(devices, channels, { query: 'gate', offlineOnly: false }).map((d) => d.deviceId)).toEqual([CAM]);
    expect(filterDevices(devices, channels, { query: '东门', offlineOnly: false }).map((d) => d.deviceId)).toEqual([NVR]);
  });
});

describe('flattenOrg', () => {
  const ch = (id: string, name: string, online: boolean): OrgTreeNode => ({ id, name, kind: 'channel', deviceId: NVR, online, children: [] });
  const tree: OrgTreeNode[] = [
    {
      id: '340200',
      name: '北京市',
      kind: 'civil-code',
      deviceId: NVR,
      children: [
        { id: '34020000002150000001', name: '园区', kind: 'business-group', deviceId: NVR, children: [ch('A1', '东门', true), ch('A2', '西门', false)] },
      ],
    },
  ];
  const counts = countOrgTree(tree);

  it('counts channels under every node', () => {
    expect(counts.get(tree[0])).toEqual({ online: 1, total: 2 });
  });

  it('shows only the top level until a node is opened', () => {
    const rows = flattenOrg(tree, new Set(), none, counts);
    expect(rows.map((r) => r.name)).toEqual(['北京市']);
    expect(rows[0]).toMatchObject({ hasChildren: true, expanded: false, counts: { online: 1, total: 2 } });
    const opened = flattenOrg(tree, new Set(['o:/340200']), none, counts);
    expect(opened.map((r) => [r.name, r.level])).toEqual([
      ['北京市', 1],
      ['园区', 2],
    ]);
  });

  it('opens the path to a matching channel and hides its non-matching siblings', () => {
    const rows = flattenOrg(tree, new Set(), { query: '西门', offlineOnly: false }, counts);
    expect(rows.map((r) => r.name)).toEqual(['北京市', '园区', '西门']);
    expect(rows[2]).toMatchObject({ level: 3, posInSet: 1, setSize: 1, channelId: 'A2' });
  });

  it('keeps offline channels and their ancestors for "offline only"', () => {
    const rows = flattenOrg(tree, new Set(), { query: '', offlineOnly: true }, counts);
    expect(rows.map((r) => r.name)).toEqual(['北京市', '园区', '西门']);
  });
});
