// ConfigDownload (one Response per ConfigType, same SN: GB/T 28181-2016 A.2.4.7, 2022 adds the rest of
// CONFIG_TYPES) and DeviceConfig (A.2.3.2), answered with Result.
import type { BasicParamInput, ConfigPanel, ConfigType, ConfigValue, ControlOutcome } from '../../../shared/types/control';
import { DomainError } from '../../../shared/errors';
import type { DecodedBody, XmlElement } from '../manscdp/codec';
import { encodeBody } from '../manscdp/codec';
import { resultOk } from '../manscdp/fields';
import { doc } from '../manscdp/messages/common';
import { buildConfigDownloadQuery, buildDeviceConfigBasicParam } from '../manscdp/messages/config';
import type { XmlObject } from '../manscdp/xml-write';
import type { ControlSender } from './control-sender';
import type { ControlDevices } from './device-access';
import type { ResponseCollector } from './response-collector';
import * as says from './texts';

/** 2022 answers a SnapShotConfig query with an element named SnapShot (docs/protocol.md §3). */
const ALIASES: Record<string, ConfigType> = { SnapShot: 'SnapShotConfig', VideoParamAttribute: 'VideoParamOpt' };

export class ConfigControl {
  constructor(
    private readonly devices: ControlDevices,
    private readonly sender: ControlSender,
    private readonly collector: ResponseCollector,
    private readonly timing = { idleMs: 5_000, totalMs: 20_000 },
  ) {}

  async get(deviceId: string, channelId: string | undefined, types: ConfigType[]): Promise<ConfigPanel[]> {
    if (!this.devices.isOnline(deviceId)) throw DomainError.saying('conflict', says.offlineForConfig(deviceId));
    const sn = this.devices.nextSn();
    const wait = this.collector.expect(deviceId, 'ConfigDownload', sn, {
      done: (parts) => parts.length >= types.length,
      idleMs: this.timing.idleMs,
      totalMs: this.timing.totalMs,
    });
    try {
      const res = await this.devices.sendManscdp(deviceId, buildConfigDownloadQuery({ sn, deviceId: channelId ?? deviceId, configTypes: types }));
      if (res.status >= 300) throw DomainError.saying('conflict', says.answered(deviceId, res.status, res.reason, 'ConfigDownload'));
    } catch (err) {
      wait.cancel();
      throw err;
    }
    const { parts } = await wait.result;
    return panelsFrom(types, parts);
  }

  set(deviceId: string, channelId: string | undefined, o: { basicParam?: BasicParamInput; type?: ConfigType; values?: { [k: string]: ConfigValue } }): Promise<ControlOutcome> {
    const target = channelId ?? deviceId;
    if (o.basicParam) {
      const bp = o.basicParam;
      return this.sender.answered(deviceId, (sn) => buildDeviceConfigBasicParam({ sn, deviceId: target, basicParam: bp }), 'DeviceConfig BasicParam');
    }
    const type = o.type!;
    const values = o.values as XmlObject;
    return this.sender.answered(deviceId, (sn) => doc('Control', 'DeviceConfig', sn, target, { [type]: values }), `DeviceConfig ${type}`);
  }
}

/** Each part is matched to the type whose element it carries; an ERROR part without one goes to the first type still open. */
export function panelsFrom(types: ConfigType[], parts: DecodedBody[]): ConfigPanel[] {
  const panels = new Map<ConfigType, ConfigPanel>(types.map((t) => [t, { type: t, answered: false }]));
  for (const part of parts) {
    const ok = resultOk(part.fields);
    const result = ok === false ? 'ERROR' : 'OK';
    const xml = encodeBody('Response', part.fields as unknown as XmlObject, 'utf-8').toString('utf8');
    let matched = false;
    for (const [name, value] of Object.entries(part.fields)) {
      const type = (ALIASES[name] ?? name) as ConfigType;
      const panel = panels.get(type);
      if (!panel || panel.answered) continue;
      const el = Array.isArray(value) ? value[0] : value;
      Object.assign(panel, { answered: true, result, xml, values: typeof el === 'object' ? toValues(el) : { value: el } });
      matched = true;
    }
    if (!matched) {
      const open = [...panels.values()].find((p) => !p.answered);
      if (open) Object.assign(open, { answered: true, result, xml });
    }
  }
  return [...panels.values()];
}

function toValues(el: XmlElement): { [name: string]: ConfigValue } {
  const out: { [name: string]: ConfigValue } = {};
  for (const [k, v] of Object.entries(el)) {
    out[k] = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : toValues(x))) : typeof v === 'string' ? v : toValues(v);
  }
  return out;
}
