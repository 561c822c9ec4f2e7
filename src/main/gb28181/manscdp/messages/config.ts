// ConfigDownload query / response and DeviceConfig control (GB/T 28181-2016 A.2.3.2, A.2.4.7, A.2.6.8).
import type { DecodedBody, ManscdpDoc, XmlElement } from '../codec';
import { child, int, isElement, optStr, resultOk, type Sn } from '../fields';
import { buildQuery, doc } from './common';

export interface BasicParam {
  name?: string;
  /** Registration expiry, seconds. */
  expiration?: number;
  /** Keepalive interval, seconds. */
  heartBeatInterval?: number;
  /** Missed keepalives before the device counts as offline. */
  heartBeatCount?: number;
  positionCapability?: number;
  longitude?: string;
  latitude?: string;
}

/** ConfigType values are joined with "/" (e.g. BasicParam/VideoParamOpt). */
export function buildConfigDownloadQuery(o: { sn: Sn; deviceId: string; configTypes: string[] }): ManscdpDoc {
  return buildQuery('ConfigDownload', o.sn, o.deviceId, { ConfigType: o.configTypes.join('/') });
}

export function parseConfigDownloadQuery(m: DecodedBody): { sn: string; deviceId: string; configTypes: string[] } {
  const raw = optStr(m.fields, 'ConfigType') ?? '';
  return { sn: m.sn, deviceId: m.deviceId, configTypes: raw.split('/').map((s) => s.trim()).filter(Boolean) };
}

function basicParamXml(p: BasicParam) {
  return {
    Name: p.name,
    Expiration: p.expiration,
    HeartBeatInterval: p.heartBeatInterval,
    HeartBeatCount: p.heartBeatCount,
    PositionCapability: p.positionCapability,
    Longitude: p.longitude,
    Latitude: p.latitude,
  };
}

/** Device side: the Response to ConfigDownload for BasicParam. */
export function buildBasicParamResponse(o: { sn: Sn; deviceId: string; basicParam: BasicParam }): ManscdpDoc {
  return doc('Response', 'ConfigDownload', o.sn, o.deviceId, { Result: 'OK', BasicParam: basicParamXml(o.basicParam) });
}

/** Platform side: DeviceConfig setting BasicParam (only the given fields are sent). */
export function buildDeviceConfigBasicParam(o: { sn: Sn; deviceId: string; basicParam: BasicParam }): ManscdpDoc {
  return doc('Control', 'DeviceConfig', o.sn, o.deviceId, { BasicParam: basicParamXml(o.basicParam) });
}

export function parseBasicParam(el: XmlElement | undefined): BasicParam | undefined {
  if (!el) return undefined;
  const p: BasicParam = {};
  const name = optStr(el, 'Name');
  if (name !== undefined) p.name = name;
  for (const [k, n] of [
    ['expiration', 'Expiration'],
    ['heartBeatInterval', 'HeartBeatInterval'],
    ['heartBeatCount', 'HeartBeatCount'],
    ['positionCapability', 'PositionCapability'],
  ] as const) {
    const v = int(el, n);
    if (v !== undefined) p[k] = v;
  }
  const lon = optStr(el, 'Longitude');
  if (lon !== undefined) p.longitude = lon;
  const lat = optStr(el, 'Latitude');
  if (lat !== undefined) p.latitude = lat;
  return p;
}

export interface ConfigDownloadResponse {
  sn: string;
  deviceId: string;
  ok?: boolean;
  basicParam?: BasicParam;
  /** Every other config element as decoded (VideoParamOpt, SVACEncodeConfig, ...). */
  otherConfigs: Record<string, XmlElement>;
}

const NOT_CONFIG = new Set(['CmdType', 'SN', 'DeviceID', 'Result', 'BasicParam']);

export function parseConfigDownloadResponse(m: DecodedBody): ConfigDownloadResponse {
  const out: ConfigDownloadResponse = { sn: m.sn, deviceId: m.deviceId, otherConfigs: {} };
  const ok = resultOk(m.fields);
  if (ok !== undefined) out.ok = ok;
  const bp = parseBasicParam(child(m.fields, 'BasicParam'));
  if (bp) out.basicParam = bp;
  for (const [k, v] of Object.entries(m.fields)) {
    const el = Array.isArray(v) ? v[0] : v;
    if (!NOT_CONFIG.has(k) && isElement(el)) out.otherConfigs[k] = el;
  }
  return out;
}

/** Device side: reads a DeviceConfig control (BasicParam part). */
export function parseDeviceConfig(m: DecodedBody): { sn: string; deviceId: string; basicParam?: BasicParam } {
  const out: { sn: string; deviceId: string; basicParam?: BasicParam } = { sn: m.sn, deviceId: m.deviceId };
  const bp = parseBasicParam(child(m.fields, 'BasicParam'));
  if (bp) out.basicParam = bp;
  return out;
}
