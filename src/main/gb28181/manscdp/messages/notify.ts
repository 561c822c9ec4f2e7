// Alarm, MediaStatus and MobilePosition notifies, and the subscription queries for Alarm / MobilePosition
// (GB/T 28181-2016 A.2.5.2, A.2.5.4, A.2.5.5; 2022 list-style MobilePosition).
import type { DecodedBody, ManscdpDoc, XmlElement } from '../codec';
import { child, float, int, listItems, optStr, str, type Sn } from '../fields';
import { formatGbTime, parseGbTime } from '../../datetime/gb-time';
import type { XmlObject } from '../xml-write';
import { buildQuery, buildResultResponse, doc, type TimeOptions } from './common';

type Time = Date | string;
const gbTime = (t: Time, zone?: string) => (typeof t === 'string' ? t : formatGbTime(t, zone));

// ---- Alarm ----

export interface AlarmNotify {
  sn: string;
  deviceId: string;
  /** 1 first-level (highest) .. 4 */
  alarmPriority?: number;
  /** 1 phone, 2 device, 3 SMS, 4 GPS, 5 video, 6 device fault, 7 other */
  alarmMethod?: number;
  alarmTimeRaw?: string;
  alarmTime?: Date;
  alarmDescription?: string;
  longitude?: number;
  latitude?: number;
  alarmType?: string;
  eventType?: string;
}

export function buildAlarmNotify(o: {
  sn: Sn;
  deviceId: string;
  alarmPriority: number;
  alarmMethod: number;
  alarmTime: Time;
  alarmDescription?: string;
  longitude?: number;
  latitude?: number;
  alarmType?: number | string;
  eventType?: number | string;
}): ManscdpDoc {
  const info: XmlObject | undefined =
    o.alarmType !== undefined
      ? {
          AlarmType: String(o.alarmType),
          AlarmTypeParam: o.eventType !== undefined ? { EventType: String(o.eventType) } : undefined,
        }
      : undefined;
  return doc('Notify', 'Alarm', o.sn, o.deviceId, {
    AlarmPriority: o.alarmPriority,
    AlarmMethod: o.alarmMethod,
    AlarmTime: gbTime(o.alarmTime),
    AlarmDescription: o.alarmDescription,
    Longitude: o.longitude,
    Latitude: o.latitude,
    Info: info,
  });
}

export function parseAlarmNotify(m: DecodedBody, opts: TimeOptions = {}): AlarmNotify {
  const f = m.fields;
  const out: AlarmNotify = { sn: m.sn, deviceId: m.deviceId };
  const pri = int(f, 'AlarmPriority');
  if (pri !== undefined) out.alarmPriority = pri;
  const method = int(f, 'AlarmMethod');
  if (method !== undefined) out.alarmMethod = method;
  const t = optStr(f, 'AlarmTime');
  if (t !== undefined) {
    out.alarmTimeRaw = t;
    const d = parseGbTime(t, opts.timeZone);
    if (d) out.alarmTime = d;
  }
  const desc = optStr(f, 'AlarmDescription');
  if (desc !== undefined) out.alarmDescription = desc;
  const lon = float(f, 'Longitude');
  if (lon !== undefined) out.longitude = lon;
  const lat = float(f, 'Latitude');
  if (lat !== undefined) out.latitude = lat;
  const info = child(f, 'Info');
  const at = optStr(info, 'AlarmType');
  if (at !== undefined) out.alarmType = at;
  const et = optStr(child(info, 'AlarmTypeParam'), 'EventType');
  if (et !== undefined) out.eventType = et;
  return out;
}

/** The platform's reply MESSAGE to an Alarm notify. */
export const buildAlarmResponse = (o: { sn: Sn; deviceId: string }) => buildResultResponse('Alarm', o.sn, o.deviceId, true);

/** Body of an Alarm SUBSCRIBE (0 = no filter). */
export function buildAlarmSubscribeQuery(o: {
  sn: Sn;
  deviceId: string;
  startAlarmPriority?: number;
  endAlarmPriority?: number;
  alarmMethod?: number;
  startTime?: Time;
  endTime?: Time;
  /** The device's zone, for Date times (default the console's). */
  timeZone?: string;
}): ManscdpDoc {
  return buildQuery('Alarm', o.sn, o.deviceId, {
    StartAlarmPriority: o.startAlarmPriority ?? 0,
    EndAlarmPriority: o.endAlarmPriority ?? 0,
    AlarmMethod: o.alarmMethod ?? 0,
    StartTime: o.startTime === undefined ? undefined : gbTime(o.startTime, o.timeZone),
    EndTime: o.endTime === undefined ? undefined : gbTime(o.endTime, o.timeZone),
  });
}

// ---- MediaStatus ----

/** NotifyType 121: the recorded file finished (playback / download); arrives in the INVITE dialog's Call-ID. */
export const MEDIA_STATUS_FILE_END = '121';

export function buildMediaStatusNotify(o: { sn: Sn; deviceId: string; notifyType?: string }): ManscdpDoc {
  return doc('Notify', 'MediaStatus', o.sn, o.deviceId, { NotifyType: o.notifyType ?? MEDIA_STATUS_FILE_END });
}

export function parseMediaStatusNotify(m: DecodedBody): { sn: string; deviceId: string; notifyType: string; fileEnded: boolean } {
  const notifyType = optStr(m.fields, 'NotifyType') ?? '';
  return { sn: m.sn, deviceId: m.deviceId, notifyType, fileEnded: notifyType === MEDIA_STATUS_FILE_END };
}

// ---- MobilePosition ----

export interface MobilePosition {
  deviceId: string;
  timeRaw?: string;
  time?: Date;
  longitude?: number;
  latitude?: number;
  /** km/h */
  speed?: number;
  /** degrees from north, clockwise */
  direction?: number;
  /** metres */
  altitude?: number;
}

export interface MobilePositionInput {
  deviceId: string;
  time: Time;
  longitude: number;
  latitude: number;
  speed?: number;
  direction?: number;
  altitude?: number;
}

function positionFields(p: MobilePositionInput): XmlObject {
  return {
    Time: gbTime(p.time),
    Longitude: p.longitude,
    Latitude: p.latitude,
    Speed: p.speed,
    Direction: p.direction,
    Altitude: p.altitude,
  };
}

/**
 * 2016: one position, flat under the root (its DeviceID is the header's).
 * 2022 (`list: true`): a DeviceList of Items, one per device.
 */
export function buildMobilePositionNotify(o: { sn: Sn; deviceId: string; positions: MobilePositionInput[]; list?: boolean }): ManscdpDoc {
  if (!o.list) {
    if (o.positions.length !== 1) throw new Error('the 2016 MobilePosition form carries exactly one position');
    return doc('Notify', 'MobilePosition', o.sn, o.deviceId, positionFields(o.positions[0]));
  }
  return doc('Notify', 'MobilePosition', o.sn, o.deviceId, {
    DeviceList: { '@Num': o.positions.length, Item: o.positions.map((p) => ({ DeviceID: p.deviceId, ...positionFields(p) })) },
  });
}

function readPosition(el: XmlElement, deviceId: string, zone: string | undefined): MobilePosition {
  const p: MobilePosition = { deviceId };
  const t = optStr(el, 'Time') ?? optStr(el, 'CaptureTime');
  if (t !== undefined) {
    p.timeRaw = t;
    const d = parseGbTime(t, zone);
    if (d) p.time = d;
  }
  for (const k of ['longitude', 'latitude', 'speed', 'direction', 'altitude'] as const) {
    const v = float(el, k[0].toUpperCase() + k.slice(1));
    if (v !== undefined) p[k] = v;
  }
  return p;
}

/** Reads either form. */
export function parseMobilePosition(m: DecodedBody, opts: TimeOptions = {}): { sn: string; deviceId: string; positions: MobilePosition[] } {
  const items = listItems(m.fields, 'DeviceList');
  const positions = items.length
    ? items.map((it) => readPosition(it, str(it, 'DeviceID') || m.deviceId, opts.timeZone))
    : optStr(m.fields, 'Longitude') !== undefined || optStr(m.fields, 'Latitude') !== undefined
      ? [readPosition(m.fields, m.deviceId, opts.timeZone)]
      : [];
  return { sn: m.sn, deviceId: m.deviceId, positions };
}

/** Body of a MobilePosition SUBSCRIBE; Interval in seconds (default 5). */
export function buildMobilePositionSubscribeQuery(o: { sn: Sn; deviceId: string; interval?: number }): ManscdpDoc {
  return buildQuery('MobilePosition', o.sn, o.deviceId, { Interval: o.interval ?? 5 });
}
