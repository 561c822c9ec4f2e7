// PresetQuery (GB/T 28181-2016 A.2.4.10 / A.2.6.11).
import type { DecodedBody, ManscdpDoc } from '../codec';
import { attr, child, int, listItems, optStr, str, type Sn } from '../fields';
import { buildQuery, doc } from './common';

export interface Preset {
  presetId: string;
  presetName?: string;
}

export const buildPresetQuery = (o: { sn: Sn; deviceId: string }) => buildQuery('PresetQuery', o.sn, o.deviceId);

export function buildPresetQueryResponse(o: { sn: Sn; deviceId: string; presets: Preset[]; sumNum?: number }): ManscdpDoc {
  return doc('Response', 'PresetQuery', o.sn, o.deviceId, {
    SumNum: o.sumNum ?? o.presets.length,
    PresetList: {
      '@Num': o.presets.length,
      Item: o.presets.map((p) => ({ PresetID: p.presetId, PresetName: p.presetName })),
    },
  });
}

export interface PresetPart {
  sn: string;
  deviceId: string;
  sumNum?: number;
  num?: number;
  items: Preset[];
}

export function parsePresetQueryResponse(m: DecodedBody): PresetPart {
  const part: PresetPart = {
    sn: m.sn,
    deviceId: m.deviceId,
    items: listItems(m.fields, 'PresetList').map((it) => {
      const p: Preset = { presetId: str(it, 'PresetID') ?? '' };
      const name = optStr(it, 'PresetName');
      if (name !== undefined) p.presetName = name;
      return p;
    }),
  };
  const sumNum = int(m.fields, 'SumNum');
  if (sumNum !== undefined) part.sumNum = sumNum;
  const num = attr(child(m.fields, 'PresetList'), 'Num');
  if (num !== undefined && /^\d+$/.test(num)) part.num = Number(num);
  return part;
}
