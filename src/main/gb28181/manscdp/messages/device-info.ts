// DeviceInfo and DeviceStatus query / response (GB/T 28181-2016 A.2.4.4, A.2.4.5; A.2.6.5, A.2.6.6).
import type { DecodedBody, ManscdpDoc } from '../codec';
import { int, listItems, optStr, resultOk, str, type Sn } from '../fields';
import { parseGbTime } from '../../datetime/gb-time';
import { buildQuery, doc, type TimeOptions } from './common';
import { parseOnlineStatus } from './catalog';

export interface DeviceInfo {
  deviceId: string;
  sn: string;
  ok?: boolean;
  result?: string;
  deviceName?: string;
  deviceType?: string;
  manufacturer?: string;
  model?: string;
  firmware?: string;
  channel?: number;
  maxCamera?: number;
  maxAlarm?: number;
}

export const buildDeviceInfoQuery = (o: { sn: Sn; deviceId: string }) => buildQuery('DeviceInfo', o.sn, o.deviceId);

export function buildDeviceInfoResponse(o: {
  sn: Sn;
  deviceId: string;
  deviceName?: string;
  manufacturer?: string;
  model?: string;
  firmware?: string;
  channel?: number;
  ok?: boolean;
}): ManscdpDoc {
  return doc('Response', 'DeviceInfo', o.sn, o.deviceId, {
    DeviceName: o.deviceName,
    Result: o.ok === false ? 'ERROR' : 'OK',
    Manufacturer: o.manufacturer,
    Model: o.model,
    Firmware: o.firmware,
    Channel: o.channel,
  });
}

export function parseDeviceInfo(m: DecodedBody): DeviceInfo {
  const f = m.fields;
  const out: DeviceInfo = { deviceId: m.deviceId, sn: m.sn };
  const ok = resultOk(f);
  if (ok !== undefined) out.ok = ok;
  const set = <K extends keyof DeviceInfo>(k: K, v: DeviceInfo[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('result', optStr(f, 'Result'));
  set('deviceName', optStr(f, 'DeviceName'));
  set('deviceType', optStr(f, 'DeviceType'));
  set('manufacturer', optStr(f, 'Manufacturer'));
  set('model', optStr(f, 'Model'));
  set('firmware', optStr(f, 'Firmware'));
  set('channel', int(f, 'Channel'));
  set('maxCamera', int(f, 'MaxCamera'));
  set('maxAlarm', int(f, 'MaxAlarm'));
  return out;
}

export type DutyStatus = 'ONDUTY' | 'OFFDUTY' | 'ALARM';

export interface AlarmStatusItem {
  deviceId: string;
  dutyStatus?: DutyStatus;
  dutyStatusRaw?: string;
}

export interface DeviceStatus {
  deviceId: string;
  sn: string;
  ok?: boolean;
  /** Online: ONLINE -> true, OFFLINE -> false. */
  online?: boolean;
  onlineRaw?: string;
  /** Status: OK -> true, ERROR -> false. */
  statusOk?: boolean;
  statusRaw?: string;
  reason?: string;
  /** Encode / Record: ON -> true, OFF -> false. */
  encode?: boolean;
  record?: boolean;
  /** DeviceTime as sent, and parsed (local time). */
  deviceTimeRaw?: string;
  deviceTime?: Date;
  alarmStatus: AlarmStatusItem[];
}

export const buildDeviceStatusQuery = (o: { sn: Sn; deviceId: string }) => buildQuery('DeviceStatus', o.sn, o.deviceId);

const onOff = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'ON' : 'OFF');

export function buildDeviceStatusResponse(o: {
  sn: Sn;
  deviceId: string;
  online: boolean;
  statusOk?: boolean;
  reason?: string;
  encode?: boolean;
  record?: boolean;
  deviceTime?: string;
  alarmStatus?: { deviceId: string; dutyStatus: DutyStatus }[];
}): ManscdpDoc {
  const alarms = o.alarmStatus ?? [];
  return doc('Response', 'DeviceStatus', o.sn, o.deviceId, {
    Result: 'OK',
    Online: o.online ? 'ONLINE' : 'OFFLINE',
    Status: o.statusOk === false ? 'ERROR' : 'OK',
    Reason: o.reason,
    Encode: onOff(o.encode),
    Record: onOff(o.record),
    DeviceTime: o.deviceTime,
    Alarmstatus: alarms.length
      ? { '@Num': alarms.length, Item: alarms.map((a) => ({ DeviceID: a.deviceId, DutyStatus: a.dutyStatus })) }
      : undefined,
  });
}

export function parseDeviceStatus(m: DecodedBody, opts: TimeOptions = {}): DeviceStatus {
  const f = m.fields;
  const out: DeviceStatus = {
    deviceId: m.deviceId,
    sn: m.sn,
    alarmStatus: listItems(f, 'Alarmstatus').map((it) => {
      const a: AlarmStatusItem = { deviceId: str(it, 'DeviceID') ?? '' };
      const raw = optStr(it, 'DutyStatus');
      if (raw !== undefined) {
        a.dutyStatusRaw = raw;
        const v = raw.toUpperCase();
        if (v === 'ONDUTY' || v === 'OFFDUTY' || v === 'ALARM') a.dutyStatus = v;
      }
      return a;
    }),
  };
  const ok = resultOk(f);
  if (ok !== undefined) out.ok = ok;
  const onlineRaw = optStr(f, 'Online');
  if (onlineRaw !== undefined) {
    out.onlineRaw = onlineRaw;
    const v = parseOnlineStatus(onlineRaw);
    if (v !== undefined) out.online = v;
  }
  const statusRaw = optStr(f, 'Status');
  if (statusRaw !== undefined) {
    out.statusRaw = statusRaw;
    out.statusOk = statusRaw.toUpperCase() === 'OK';
  }
  const reason = optStr(f, 'Reason');
  if (reason !== undefined) out.reason = reason;
  const encode = parseOnlineStatus(optStr(f, 'Encode'));
  if (encode !== undefined) out.encode = encode;
  const record = parseOnlineStatus(optStr(f, 'Record'));
  if (record !== undefined) out.record = record;
  const dt = optStr(f, 'DeviceTime');
  if (dt !== undefined) {
    out.deviceTimeRaw = dt;
    const d = parseGbTime(dt, opts.timeZone);
    if (d) out.deviceTime = d;
  }
  return out;
}
