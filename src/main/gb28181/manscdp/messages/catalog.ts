// Catalog query / response / NOTIFY (GB/T 28181-2016 A.2.4.3, A.2.6.4; 2022 A.2.4.3).
import type { DecodedBody, ManscdpDoc, XmlElement } from '../codec';
import { attr, child, float, int, listItems, optStr, otherText, str, type Sn } from '../fields';
import type { XmlObject } from '../xml-write';
import { buildQuery, doc, flag, pages, parseFlag } from './common';

export type PtzType = 1 | 2 | 3 | 4;

export const CATALOG_EVENTS = ['ON', 'OFF', 'VLOST', 'DEFECT', 'ADD', 'DEL', 'UPDATE'] as const;
export type CatalogEvent = (typeof CATALOG_EVENTS)[number];

export interface CatalogInfo {
  ptzType?: PtzType;
  /** PTZType as sent, when present (also when it is not 1-4). */
  ptzTypeRaw?: string;
  positionType?: string;
  roomType?: string;
  useType?: string;
  supplyLightType?: string;
  directionType?: string;
  resolution?: string;
  businessGroupId?: string;
  downloadSpeed?: string;
  svcSpaceSupportMode?: string;
  svcTimeSupportMode?: string;
  other: Record<string, string>;
}

export interface CatalogItem {
  deviceId: string;
  name?: string;
  manufacturer?: string;
  model?: string;
  owner?: string;
  civilCode?: string;
  block?: string;
  address?: string;
  parental?: boolean;
  /** ParentID as sent; may hold several IDs separated by "/". */
  parentId?: string;
  /** ParentID split on "/", empty parts dropped. */
  parentIds: string[];
  safetyWay?: string;
  registerWay?: string;
  securityLevelCode?: string;
  certNum?: string;
  certifiable?: string;
  errCode?: string;
  endTime?: string;
  secrecy?: string;
  ipAddress?: string;
  port?: number;
  password?: string;
  /** ON / ONLINE -> true, OFF / OFFLINE -> false; undefined when absent or unrecognised. */
  online?: boolean;
  /** Status as sent. */
  statusRaw?: string;
  longitude?: number;
  latitude?: number;
  businessGroupId?: string;
  info?: CatalogInfo;
  /** NOTIFY only. */
  event?: CatalogEvent;
  /** Event as sent, when present. */
  eventRaw?: string;
  /** Fields we do not model, as text. */
  other: Record<string, string>;
}

/** Normalises the Status variants devices send. */
export function parseOnlineStatus(raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  const v = raw.trim().toUpperCase();
  if (v === 'ON' || v === 'ONLINE' || v === 'OK' || v === '1' || v === 'TRUE') return true;
  if (v === 'OFF' || v === 'OFFLINE' || v === '0' || v === 'FALSE') return false;
  return undefined;
}

/** 1-4 (also "01", " 3 "); undefined otherwise. */
export function parsePtzType(raw: string | undefined): PtzType | undefined {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= 4 ? (n as PtzType) : undefined;
}

export function parseCatalogEvent(raw: string | undefined): CatalogEvent | undefined {
  const v = raw?.trim().toUpperCase();
  return (CATALOG_EVENTS as readonly string[]).includes(v ?? '') ? (v as CatalogEvent) : undefined;
}

const ITEM_KNOWN = new Set([
  'DeviceID', 'Name', 'Manufacturer', 'Model', 'Owner', 'CivilCode', 'Block', 'Address', 'Parental', 'ParentID',
  'SafetyWay', 'RegisterWay', 'SecurityLevelCode', 'CertNum', 'Certifiable', 'ErrCode', 'EndTime', 'Secrecy',
  'IPAddress', 'Port', 'Password', 'Status', 'Longitude', 'Latitude', 'BusinessGroupID', 'Info', 'Event', 'PTZType',
]);
const INFO_FIELDS: [keyof CatalogInfo, string][] = [
  ['positionType', 'PositionType'],
  ['roomType', 'RoomType'],
  ['useType', 'UseType'],
  ['supplyLightType', 'SupplyLightType'],
  ['directionType', 'DirectionType'],
  ['resolution', 'Resolution'],
  ['businessGroupId', 'BusinessGroupID'],
  ['downloadSpeed', 'DownloadSpeed'],
  ['svcSpaceSupportMode', 'SVCSpaceSupportMode'],
  ['svcTimeSupportMode', 'SVCTimeSupportMode'],
];
const INFO_KNOWN = new Set(['PTZType', ...INFO_FIELDS.map(([, x]) => x)]);
const ITEM_TEXT: [keyof CatalogItem, string][] = [
  ['name', 'Name'],
  ['manufacturer', 'Manufacturer'],
  ['model', 'Model'],
  ['owner', 'Owner'],
  ['civilCode', 'CivilCode'],
  ['block', 'Block'],
  ['address', 'Address'],
  ['safetyWay', 'SafetyWay'],
  ['registerWay', 'RegisterWay'],
  ['securityLevelCode', 'SecurityLevelCode'],
  ['certNum', 'CertNum'],
  ['certifiable', 'Certifiable'],
  ['errCode', 'ErrCode'],
  ['endTime', 'EndTime'],
  ['secrecy', 'Secrecy'],
  ['ipAddress', 'IPAddress'],
  ['password', 'Password'],
  ['businessGroupId', 'BusinessGroupID'],
];

function parseInfo(item: XmlElement): CatalogInfo | undefined {
  const el = child(item, 'Info');
  // Some devices put PTZType directly in the item.
  const ptzRaw = optStr(el, 'PTZType') ?? optStr(item, 'PTZType');
  if (!el && ptzRaw === undefined) return undefined;
  const info: CatalogInfo = { other: el ? otherText(el, INFO_KNOWN) : {} };
  if (ptzRaw !== undefined) {
    info.ptzTypeRaw = ptzRaw;
    const t = parsePtzType(ptzRaw);
    if (t) info.ptzType = t;
  }
  for (const [key, name] of INFO_FIELDS) {
    const v = optStr(el, name);
    if (v !== undefined) (info as unknown as Record<string, string>)[key] = v;
  }
  return info;
}

export function parseCatalogItem(item: XmlElement): CatalogItem {
  const out: CatalogItem = { deviceId: str(item, 'DeviceID') ?? '', parentIds: [], other: otherText(item, ITEM_KNOWN) };
  for (const [key, name] of ITEM_TEXT) {
    const v = optStr(item, name);
    if (v !== undefined) (out as unknown as Record<string, string>)[key] = v;
  }
  const parental = parseFlag(optStr(item, 'Parental'));
  if (parental !== undefined) out.parental = parental;
  const parentId = optStr(item, 'ParentID');
  if (parentId !== undefined) {
    out.parentId = parentId;
    out.parentIds = parentId.split('/').map((s) => s.trim()).filter(Boolean);
  }
  const port = int(item, 'Port');
  if (port !== undefined) out.port = port;
  const statusRaw = optStr(item, 'Status');
  if (statusRaw !== undefined) {
    out.statusRaw = statusRaw;
    const online = parseOnlineStatus(statusRaw);
    if (online !== undefined) out.online = online;
  }
  const lon = float(item, 'Longitude');
  if (lon !== undefined) out.longitude = lon;
  const lat = float(item, 'Latitude');
  if (lat !== undefined) out.latitude = lat;
  const info = parseInfo(item);
  if (info) out.info = info;
  const eventRaw = optStr(item, 'Event');
  if (eventRaw !== undefined) {
    out.eventRaw = eventRaw;
    const ev = parseCatalogEvent(eventRaw);
    if (ev) out.event = ev;
  }
  return out;
}

/** Item element for a response or NOTIFY, fields in the order of the standard's schema. */
export function catalogItemXml(it: Partial<CatalogItem> & { deviceId: string }): XmlObject {
  const info = it.info;
  const infoXml: XmlObject | undefined = info
    ? {
        PTZType: info.ptzType !== undefined ? String(info.ptzType) : info.ptzTypeRaw,
        PositionType: info.positionType,
        RoomType: info.roomType,
        UseType: info.useType,
        SupplyLightType: info.supplyLightType,
        DirectionType: info.directionType,
        Resolution: info.resolution,
        BusinessGroupID: info.businessGroupId,
        DownloadSpeed: info.downloadSpeed,
        SVCSpaceSupportMode: info.svcSpaceSupportMode,
        SVCTimeSupportMode: info.svcTimeSupportMode,
        ...(info.other ?? {}),
      }
    : undefined;
  return {
    DeviceID: it.deviceId,
    Event: it.event ?? it.eventRaw,
    Name: it.name,
    Manufacturer: it.manufacturer,
    Model: it.model,
    Owner: it.owner,
    CivilCode: it.civilCode,
    Block: it.block,
    Address: it.address,
    Parental: flag(it.parental),
    ParentID: it.parentId ?? (it.parentIds?.length ? it.parentIds.join('/') : undefined),
    SafetyWay: it.safetyWay,
    RegisterWay: it.registerWay,
    SecurityLevelCode: it.securityLevelCode,
    CertNum: it.certNum,
    Certifiable: it.certifiable,
    ErrCode: it.errCode,
    EndTime: it.endTime,
    Secrecy: it.secrecy,
    IPAddress: it.ipAddress,
    Port: it.port,
    Password: it.password,
    Status: it.statusRaw ?? (it.online === undefined ? undefined : it.online ? 'ON' : 'OFF'),
    Longitude: it.longitude,
    Latitude: it.latitude,
    BusinessGroupID: it.businessGroupId,
    Info: infoXml,
    ...(it.other ?? {}),
  };
}

export function buildCatalogQuery(o: { sn: Sn; deviceId: string; startTime?: string; endTime?: string }): ManscdpDoc {
  return buildQuery('Catalog', o.sn, o.deviceId, { StartTime: o.startTime, EndTime: o.endTime });
}

type ItemInput = Partial<CatalogItem> & { deviceId: string };

/** One Response part: SumNum is the total, DeviceList Num the count in this part. */
export function buildCatalogResponse(o: { sn: Sn; deviceId: string; sumNum: number; items: ItemInput[] }): ManscdpDoc {
  return doc('Response', 'Catalog', o.sn, o.deviceId, {
    SumNum: o.sumNum,
    DeviceList: { '@Num': o.items.length, Item: o.items.map(catalogItemXml) },
  });
}

/** The whole catalog split into Response parts of at most `pageSize` items, all with the same SN. */
export function buildCatalogResponseParts(o: { sn: Sn; deviceId: string; items: ItemInput[]; pageSize: number }): ManscdpDoc[] {
  return pages(o.items, o.pageSize).map((items) =>
    buildCatalogResponse({ sn: o.sn, deviceId: o.deviceId, sumNum: o.items.length, items }),
  );
}

/** Catalog NOTIFY (subscription): items carry Event ON/OFF/VLOST/DEFECT/ADD/DEL/UPDATE. */
export function buildCatalogNotify(o: { sn: Sn; deviceId: string; items: (ItemInput & { event: CatalogEvent })[] }): ManscdpDoc {
  return doc('Notify', 'Catalog', o.sn, o.deviceId, {
    SumNum: o.items.length,
    DeviceList: { '@Num': o.items.length, Item: o.items.map(catalogItemXml) },
  });
}

export interface CatalogPart {
  deviceId: string;
  sn: string;
  /** SumNum; undefined when absent or not a number. */
  sumNum?: number;
  /** DeviceList Num attribute, when present. */
  num?: number;
  items: CatalogItem[];
}

/** Reads a Catalog Response part or a Catalog NOTIFY. */
export function parseCatalog(m: DecodedBody): CatalogPart {
  const part: CatalogPart = {
    deviceId: m.deviceId,
    sn: m.sn,
    items: listItems(m.fields, 'DeviceList').map(parseCatalogItem),
  };
  const sumNum = int(m.fields, 'SumNum');
  if (sumNum !== undefined) part.sumNum = sumNum;
  const numAttr = attr(child(m.fields, 'DeviceList'), 'Num');
  if (numAttr !== undefined && /^\d+$/.test(numAttr)) part.num = Number(numAttr);
  return part;
}
