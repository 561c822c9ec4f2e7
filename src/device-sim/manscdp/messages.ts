// The MANSCDP bodies a device sends (GB/T 28181-2016 Annex A.2; 2022 differences noted where they apply).
import { formatGbTime } from '../../main/gb28181/datetime';
import type { CatalogEntry } from '../model/catalog';
import type { Preset } from '../model/ptz-state';
import type { RecordFile } from '../model/records';
import { charsetLabel, encodeText, type SimCharset } from './charset';
import { el, opt, renderXml, type XmlChild, type XmlElement } from './xml';

export type GbVersion = '2.0' | '3.0';

export interface EncodeOptions {
  charset: SimCharset;
  /** Fault knob: send XML that no parser accepts (an unclosed root and a bare '&'). */
  malformed?: boolean;
}

export function encodeDoc(root: XmlElement, opts: EncodeOptions): Buffer {
  let xml = renderXml(root, charsetLabel(opts.charset));
  if (opts.malformed) xml = xml.replace(/<\/\w+>\r\n$/, '<Broken attr=1 & unclosed\r\n');
  return encodeText(xml, opts.charset);
}

function head(root: string, cmdType: string, sn: string | number, deviceId: string, rest: XmlChild[]): XmlElement {
  return el(root, [el('CmdType', cmdType), el('SN', sn), el('DeviceID', deviceId), ...rest]);
}

export function keepalive(deviceId: string, sn: number, offlineChannels: string[] = []): XmlElement {
  const info = offlineChannels.length ? el('Info', offlineChannels.map((id) => el('DeviceID', id))) : undefined;
  return head('Notify', 'Keepalive', sn, deviceId, [el('Status', 'OK'), info]);
}

function fixed(n: number | undefined, digits: number): string | undefined {
  return n === undefined ? undefined : n.toFixed(digits);
}

export interface ItemContext {
  version: GbVersion;
  manufacturer: string;
  model: string;
  civilCode: string;
  ipAddress: string;
  port: number;
}

/** One catalog Item: organisation nodes carry only identity and parentage; channels carry the full set. */
export function catalogItem(e: CatalogEntry, ctx: ItemContext): XmlElement {
  if (e.kind !== 'channel') {
    return el('Item', [
      el('DeviceID', e.deviceId),
      el('Name', e.name),
      opt('ParentID', e.parentId),
      opt('BusinessGroupID', e.businessGroupId),
      opt('Event', e.event),
    ]);
  }
  const v2016 = ctx.version === '2.0';
  return el('Item', [
    el('DeviceID', e.deviceId),
    el('Name', e.name),
    el('Manufacturer', ctx.manufacturer),
    el('Model', ctx.model),
    v2016 ? el('Owner', 'Owner') : undefined,
    el('CivilCode', ctx.civilCode),
    el('Address', e.name),
    el('Parental', 0),
    el('ParentID', e.parentId),
    opt('BusinessGroupID', e.businessGroupId),
    v2016 ? el('SafetyWay', 0) : undefined,
    el('RegisterWay', 1),
    v2016 ? undefined : el('SecurityLevelCode', 1),
    el('Secrecy', 0),
    el('IPAddress', ctx.ipAddress),
    el('Port', ctx.port),
    el('Status', e.status ?? 'ON'),
    opt('Longitude', fixed(e.longitude, 6)),
    opt('Latitude', fixed(e.latitude, 6)),
    el('Info', [el('PTZType', e.ptzType ?? 3), el('DownloadSpeed', '1/2/4/8'), el('Resolution', '2/5')]),
    opt('Event', e.event),
  ]);
}

export function catalogResponse(deviceId: string, sn: string, sumNum: number, page: CatalogEntry[], ctx: ItemContext): XmlElement {
  return head('Response', 'Catalog', sn, deviceId, [
    el('SumNum', sumNum),
    el('DeviceList', page.map((e) => catalogItem(e, ctx)), { Num: page.length }),
  ]);
}

/** A catalog change NOTIFY body (subscription, §9.6): items with <Event>. */
export function catalogNotify(deviceId: string, sn: number, entries: CatalogEntry[], ctx: ItemContext): XmlElement {
  return head('Notify', 'Catalog', sn, deviceId, [
    el('SumNum', entries.length),
    el('DeviceList', entries.map((e) => catalogItem(e, ctx)), { Num: entries.length }),
  ]);
}

export interface DeviceInfoFields {
  name: string;
  manufacturer: string;
  model: string;
  firmware: string;
  channels: number;
}

export function deviceInfo(deviceId: string, sn: string, f: DeviceInfoFields): XmlElement {
  return head('Response', 'DeviceInfo', sn, deviceId, [
    el('DeviceName', f.name),
    el('Result', 'OK'),
    el('Manufacturer', f.manufacturer),
    el('Model', f.model),
    el('Firmware', f.firmware),
    el('Channel', f.channels),
  ]);
}

export interface DeviceStatusFields {
  recording: boolean;
  deviceTime: Date;
  alarms: { channelId: string; duty: 'ONDUTY' | 'OFFDUTY' | 'ALARM' }[];
}

/** Writes a device time; the device's own time format and zone (see time-text.ts). */
export type TimeWriter = (d: Date) => string;

export function deviceStatus(deviceId: string, sn: string, f: DeviceStatusFields, time: TimeWriter = formatGbTime): XmlElement {
  return head('Response', 'DeviceStatus', sn, deviceId, [
    el('Result', 'OK'),
    el('Online', 'ONLINE'),
    el('Status', 'OK'),
    el('Encode', 'ON'),
    el('Record', f.recording ? 'ON' : 'OFF'),
    el('DeviceTime', time(f.deviceTime)),
    el('Alarmstatus', f.alarms.map((a) => el('Item', [el('DeviceID', a.channelId), el('DutyStatus', a.duty)])), { Num: f.alarms.length }),
  ]);
}

export function recordInfo(
  channelId: string,
  sn: string,
  name: string,
  sumNum: number,
  page: RecordFile[],
  recorderId: string,
  time: TimeWriter = formatGbTime,
): XmlElement {
  return head('Response', 'RecordInfo', sn, channelId, [
    el('Name', name),
    el('SumNum', sumNum),
    el(
      'RecordList',
      page.map((r) =>
        el('Item', [
          el('DeviceID', r.channelId),
          el('Name', r.name),
          el('FilePath', r.filePath),
          el('Address', r.name),
          el('StartTime', time(r.start)),
          el('EndTime', time(r.end)),
          el('Secrecy', 0),
          el('Type', r.type),
          el('RecorderID', recorderId),
          el('FileSize', r.fileSize),
        ]),
      ),
      { Num: page.length },
    ),
  ]);
}

export interface BasicParamFields {
  name: string;
  serverId: string;
  serverIp: string;
  serverPort: number;
  domain: string;
  expiration: number;
  heartBeatInterval: number;
  heartBeatCount: number;
}

export function configBasicParam(deviceId: string, sn: string, f: BasicParamFields): XmlElement {
  return head('Response', 'ConfigDownload', sn, deviceId, [
    el('Result', 'OK'),
    el('BasicParam', [
      el('Name', f.name),
      el('DeviceID', deviceId),
      el('SIPServerID', f.serverId),
      el('SIPServerIP', f.serverIp),
      el('SIPServerPort', f.serverPort),
      el('DomainName', f.domain),
      el('Expiration', f.expiration),
      el('Password', '********'),
      el('HeartBeatInterval', f.heartBeatInterval),
      el('HeartBeatCount', f.heartBeatCount),
    ]),
  ]);
}

export function presetQuery(deviceId: string, sn: string, presets: Preset[]): XmlElement {
  return head('Response', 'PresetQuery', sn, deviceId, [
    el('SumNum', presets.length),
    el('PresetList', presets.map((p) => el('Item', [el('PresetID', p.id), el('PresetName', p.name)])), { Num: presets.length }),
  ]);
}

/** The answer to a control or config that takes one (Record, Guard, Alarm reset, HomePosition, DeviceConfig). */
export function result(cmdType: string, deviceId: string, sn: string, ok: boolean): XmlElement {
  return head('Response', cmdType, sn, deviceId, [el('Result', ok ? 'OK' : 'ERROR')]);
}

export interface AlarmFields {
  priority: number;
  method: number;
  time: Date;
  description: string;
  alarmType?: number;
  longitude?: number;
  latitude?: number;
}

export function alarmNotify(channelId: string, sn: number, f: AlarmFields, time: TimeWriter = formatGbTime): XmlElement {
  return head('Notify', 'Alarm', sn, channelId, [
    el('AlarmPriority', f.priority),
    el('AlarmMethod', f.method),
    el('AlarmTime', time(f.time)),
    el('AlarmDescription', f.description),
    opt('Longitude', fixed(f.longitude, 6)),
    opt('Latitude', fixed(f.latitude, 6)),
    f.alarmType !== undefined ? el('Info', [el('AlarmType', f.alarmType)]) : undefined,
  ]);
}

export function mediaStatus(channelId: string, sn: number, notifyType = 121): XmlElement {
  return head('Notify', 'MediaStatus', sn, channelId, [el('NotifyType', notifyType)]);
}

export interface PositionFields {
  time: Date;
  longitude: number;
  latitude: number;
  speed: number;
  direction: number;
  altitude: number;
}

/** 2016: flat fields; 2022: a list of Items (one per target). */
export function mobilePosition(deviceId: string, sn: number, version: GbVersion, p: PositionFields, time: TimeWriter = formatGbTime): XmlElement {
  const fields = [
    el('Time', time(p.time)),
    el('Longitude', p.longitude.toFixed(6)),
    el('Latitude', p.latitude.toFixed(6)),
    el('Speed', p.speed.toFixed(1)),
    el('Direction', p.direction.toFixed(1)),
    el('Altitude', p.altitude.toFixed(1)),
  ];
  if (version === '2.0') return head('Notify', 'MobilePosition', sn, deviceId, fields);
  return head('Notify', 'MobilePosition', sn, deviceId, [el('DeviceList', [el('Item', [el('DeviceID', deviceId), ...fields])], { Num: 1 })]);
}
