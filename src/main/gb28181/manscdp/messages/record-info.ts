// RecordInfo query / response (GB/T 28181-2016 A.2.4.5, A.2.6.7). Responses are multi-part like Catalog.
import type { DecodedBody, ManscdpDoc, XmlElement } from '../codec';
import { attr, child, int, listItems, optStr, str, type Sn } from '../fields';
import { formatGbTime, parseGbTime } from '../../datetime/gb-time';
import type { XmlObject } from '../xml-write';
import { buildQuery, doc, pages, type TimeOptions } from './common';

export type RecordType = 'time' | 'alarm' | 'manual' | 'all';

export interface RecordInfoQuery {
  sn: string;
  /** The channel the records are asked for. */
  deviceId: string;
  startTime?: string;
  endTime?: string;
  start?: Date;
  end?: Date;
  /** As sent; "all" when absent. */
  type: string;
  filePath?: string;
  address?: string;
  secrecy?: string;
  recorderId?: string;
  indistinctQuery?: string;
}

type Time = Date | string;
const gbTime = (t: Time, zone?: string) => (typeof t === 'string' ? t : formatGbTime(t, zone));

export function buildRecordInfoQuery(o: {
  sn: Sn;
  channelId: string;
  startTime: Time;
  endTime: Time;
  type?: RecordType;
  filePath?: string;
  address?: string;
  secrecy?: number;
  recorderId?: string;
  indistinctQuery?: boolean;
  /** The device's zone, for Date times (default the console's). */
  timeZone?: string;
}): ManscdpDoc {
  return buildQuery('RecordInfo', o.sn, o.channelId, {
    StartTime: gbTime(o.startTime, o.timeZone),
    EndTime: gbTime(o.endTime, o.timeZone),
    FilePath: o.filePath,
    Address: o.address,
    Secrecy: o.secrecy ?? 0,
    Type: o.type ?? 'all',
    RecorderID: o.recorderId,
    IndistinctQuery: o.indistinctQuery === undefined ? undefined : o.indistinctQuery ? '1' : '0',
  });
}

export function parseRecordInfoQuery(m: DecodedBody, opts: TimeOptions = {}): RecordInfoQuery {
  const f = m.fields;
  const q: RecordInfoQuery = { sn: m.sn, deviceId: m.deviceId, type: optStr(f, 'Type') ?? 'all' };
  const startTime = optStr(f, 'StartTime');
  if (startTime !== undefined) {
    q.startTime = startTime;
    const d = parseGbTime(startTime, opts.timeZone);
    if (d) q.start = d;
  }
  const endTime = optStr(f, 'EndTime');
  if (endTime !== undefined) {
    q.endTime = endTime;
    const d = parseGbTime(endTime, opts.timeZone);
    if (d) q.end = d;
  }
  for (const [k, n] of [
    ['filePath', 'FilePath'],
    ['address', 'Address'],
    ['secrecy', 'Secrecy'],
    ['recorderId', 'RecorderID'],
    ['indistinctQuery', 'IndistinctQuery'],
  ] as const) {
    const v = optStr(f, n);
    if (v !== undefined) q[k] = v;
  }
  return q;
}

export interface RecordItem {
  deviceId: string;
  name?: string;
  filePath?: string;
  address?: string;
  /** Times as sent and parsed (in the device's zone unless they carry one). */
  startTime?: string;
  endTime?: string;
  start?: Date;
  end?: Date;
  secrecy?: string;
  type?: string;
  recorderId?: string;
  fileSize?: number;
  streamNumber?: string;
}

export interface RecordInfoPart {
  deviceId: string;
  sn: string;
  name?: string;
  sumNum?: number;
  num?: number;
  items: RecordItem[];
}

function parseRecordItem(it: XmlElement, opts: TimeOptions): RecordItem {
  const r: RecordItem = { deviceId: str(it, 'DeviceID') ?? '' };
  for (const [k, n] of [
    ['name', 'Name'],
    ['filePath', 'FilePath'],
    ['address', 'Address'],
    ['secrecy', 'Secrecy'],
    ['type', 'Type'],
    ['recorderId', 'RecorderID'],
    ['streamNumber', 'StreamNumber'],
  ] as const) {
    const v = optStr(it, n);
    if (v !== undefined) r[k] = v;
  }
  const startTime = optStr(it, 'StartTime');
  if (startTime !== undefined) {
    r.startTime = startTime;
    const d = parseGbTime(startTime, opts.timeZone);
    if (d) r.start = d;
  }
  const endTime = optStr(it, 'EndTime');
  if (endTime !== undefined) {
    r.endTime = endTime;
    const d = parseGbTime(endTime, opts.timeZone);
    if (d) r.end = d;
  }
  const size = int(it, 'FileSize');
  if (size !== undefined) r.fileSize = size;
  return r;
}

export function parseRecordInfo(m: DecodedBody, opts: TimeOptions = {}): RecordInfoPart {
  const part: RecordInfoPart = {
    deviceId: m.deviceId,
    sn: m.sn,
    items: listItems(m.fields, 'RecordList').map((it) => parseRecordItem(it, opts)),
  };
  const name = optStr(m.fields, 'Name');
  if (name !== undefined) part.name = name;
  const sumNum = int(m.fields, 'SumNum');
  if (sumNum !== undefined) part.sumNum = sumNum;
  const num = attr(child(m.fields, 'RecordList'), 'Num');
  if (num !== undefined && /^\d+$/.test(num)) part.num = Number(num);
  return part;
}

export interface RecordItemInput {
  deviceId: string;
  name?: string;
  filePath?: string;
  address?: string;
  startTime: Time;
  endTime: Time;
  secrecy?: number;
  type?: string;
  recorderId?: string;
  fileSize?: number;
}

function recordItemXml(r: RecordItemInput): XmlObject {
  return {
    DeviceID: r.deviceId,
    Name: r.name,
    FilePath: r.filePath,
    Address: r.address,
    StartTime: gbTime(r.startTime),
    EndTime: gbTime(r.endTime),
    Secrecy: r.secrecy ?? 0,
    Type: r.type ?? 'time',
    RecorderID: r.recorderId,
    FileSize: r.fileSize,
  };
}

export function buildRecordInfoResponse(o: { sn: Sn; deviceId: string; name?: string; sumNum: number; items: RecordItemInput[] }): ManscdpDoc {
  return doc('Response', 'RecordInfo', o.sn, o.deviceId, {
    Name: o.name,
    SumNum: o.sumNum,
    RecordList: { '@Num': o.items.length, Item: o.items.map(recordItemXml) },
  });
}

export function buildRecordInfoResponseParts(o: {
  sn: Sn;
  deviceId: string;
  name?: string;
  items: RecordItemInput[];
  pageSize: number;
}): ManscdpDoc[] {
  return pages(o.items, o.pageSize).map((items) =>
    buildRecordInfoResponse({ sn: o.sn, deviceId: o.deviceId, name: o.name, sumNum: o.items.length, items }),
  );
}

/** Key for duplicate detection when assembling parts: one channel's records differ by time, path and type. */
export function recordItemKey(r: RecordItem): string {
  return [r.deviceId, r.startTime ?? '', r.endTime ?? '', r.filePath ?? '', r.type ?? ''].join('|');
}
