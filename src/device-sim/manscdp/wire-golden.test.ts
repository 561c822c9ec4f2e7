// The bytes the simulator puts on the wire for its MANSCDP bodies, pinned: a digest of every body below, as the
// writer produced them before it was made cheaper. Any change to what a device sends shows up here.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalogEntries, pages, type CatalogTree } from '../model/catalog';
import { BUSINESS_GROUP_NAME, channelName, VIRTUAL_ORG_NAMES } from '../model/names';
import type { SimCharset } from './charset';
import * as doc from './messages';
import { el, type XmlElement } from './xml';

const id = (n: number, type: string) => `3402000000${type}${String(n).padStart(7, '0')}`;

function tree(i: number, channels: number): CatalogTree {
  const vos = VIRTUAL_ORG_NAMES.map((name, k) => ({ id: id(i * 2 + k, '216'), name }));
  return {
    deviceId: id(i, '132'),
    businessGroup: { id: id(i, '215'), name: BUSINESS_GROUP_NAME },
    virtualOrgs: vos,
    channels: Array.from({ length: channels }, (_, ch) => ({
      channelId: id(i * 40 + ch, '131'),
      name: channelName(ch),
      online: ch % 5 !== 3,
      parentId: vos[ch % 2].id,
      ptzType: ch === 0 ? 1 : 3,
      longitude: 117.2272 + ch * 0.0005 + i * 0.00001,
      latitude: 31.8206 + ch * 0.0003,
    })),
  };
}

const at = new Date(Date.UTC(2026, 11, 6, 2, 3, 4));
const utc = (d: Date) => d.toISOString().slice(0, 19);

function documents(): [string, XmlElement][] {
  const out: [string, XmlElement][] = [];
  for (const [i, channels] of [[0, 4], [7, 4], [123, 40], [9999, 1]] as const) {
    const t = tree(i, channels);
    const entries = catalogEntries(t);
    for (const version of ['2.0', '3.0'] as const) {
      const ctx = { version, manufacturer: 'SIMULATOR', model: 'SIM-NVR', civilCode: '340200', ipAddress: '192.168.1.20', port: 5060 + i };
      pages(entries, 4).forEach((page, p) => out.push([`catalog ${i} ${version} page ${p}`, doc.catalogResponse(t.deviceId, String(i + 1), entries.length, page, ctx)]));
      out.push([`catalog ${i} ${version} one message`, doc.catalogResponse(t.deviceId, '9', entries.length, entries, ctx)]);
      out.push([`catalog notify ${i} ${version}`, doc.catalogNotify(t.deviceId, 3, [{ ...entries[entries.length - 1], event: 'OFF' }], ctx)]);
    }
    out.push([`device info ${i}`, doc.deviceInfo(t.deviceId, '17', { name: `模拟设备${i + 1}`, manufacturer: 'SIMULATOR', model: 'SIM-NVR', firmware: 'V5.6.0 build 2026', channels })]);
    out.push([`basic param ${i}`, doc.configBasicParam(t.deviceId, '18', { name: `模拟设备${i + 1}`, serverId: '34020000002000000001', serverIp: '10.0.0.1', serverPort: 5060, domain: '3402000000', expiration: 3600, heartBeatInterval: 60, heartBeatCount: 3 })]);
    out.push([`keepalive ${i}`, doc.keepalive(t.deviceId, i + 1, i % 2 ? [t.channels[0].channelId] : [])]);
  }
  out.push(['device status', doc.deviceStatus(id(1, '132'), '5', { recording: true, deviceTime: at, alarms: [{ channelId: id(1, '131'), duty: 'ALARM' }] }, utc)]);
  out.push(['record info', doc.recordInfo(id(1, '131'), '6', '大门口', 1, [{ channelId: id(1, '131'), name: '大门口', filePath: '/rec/a&b<1>.mp4', start: at, end: at, type: 'time', fileSize: 123456 }], id(1, '132'), utc)]);
  out.push(['alarm', doc.alarmNotify(id(1, '131'), 8, { priority: 1, method: 5, time: at, description: '视频丢失 "quoted" \'single\'', alarmType: 2, longitude: 117.1, latitude: 31.2 }, utc)]);
  out.push(['position 2016', doc.mobilePosition(id(1, '132'), 9, '2.0', { time: at, longitude: 117.1, latitude: 31.2, speed: 1.5, direction: 90, altitude: 10 }, utc)]);
  out.push(['position 2022', doc.mobilePosition(id(1, '132'), 9, '3.0', { time: at, longitude: 117.1, latitude: 31.2, speed: 1.5, direction: 90, altitude: 10 }, utc)]);
  out.push(['presets', doc.presetQuery(id(1, '131'), '10', [{ id: 1, name: '门口 <1>', pan: 0, tilt: 0, zoom: 1 }])]);
  out.push(['result', doc.result('DeviceControl', id(1, '131'), '11', false)]);
  out.push(['attributes and odd text', el('Response', [el('CmdType', 'X'), el('Odd', 'a&b<c>"d"\'e\' 𠀀 € ½ é'), el('List', [el('Item', '')], { Num: 1, Note: 'x"&<y' }), el('Empty')])]);
  return out;
}

function digests(charset: SimCharset, malformed = false): string {
  const h = createHash('sha256');
  for (const [name, d] of documents()) {
    const bytes = doc.encodeDoc(d, { charset, malformed });
    h.update(`${name}\n${bytes.length}\n`).update(bytes);
  }
  return h.digest('hex');
}

describe('the bytes of MANSCDP bodies', () => {
  it('are what devices sent before, in every charset', () => {
    expect(documents().length).toBe(68);
    expect(digests('gb2312')).toBe('2e5d70cfa3d76fc851f817649860045535d302573d3ce628aac1c729eeb3f6b2');
    expect(digests('gb18030')).toBe('160261996e5617828c57c9bf16855af5cb7a8903a5832bd15c1a00d7a5c1f3df');
    expect(digests('utf-8')).toBe('9c67a88955863e6e6aa97871cb1db880d276658a3ccab757cf7832f8433d6c3e');
    expect(digests('gb2312', true)).toBe('e3ce8613c003db756a95acb5aa9e0d8dc702fec681fa84e8e7cf79facd4c4191');
  });
});
