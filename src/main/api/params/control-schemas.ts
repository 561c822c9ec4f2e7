// Param schemas of the PTZ, device control, configuration, alarm and position methods (see schemas.ts).
import type { ConfigValue, ParamsOf, PtzAxis } from '../../../shared/contract';
import { configProblems, isEditableConfig, problemText } from '../../../shared/config-fields';
import { CONFIG_TYPES } from '../../../shared/types/control';
import { bool, channelId, deviceId, object, oneOf, optional, ParamError, text, time, wholeNumber, type Check } from './check';

const axis: Check<PtzAxis> = (v, field) => {
  if (v !== -1 && v !== 0 && v !== 1) throw new ParamError(field, `${field} must be -1, 0 or 1; got ${JSON.stringify(v)}`);
  return v;
};

/** A real number in [min, max]. */
function number(min: number, max: number): Check<number> {
  return (v, field) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new ParamError(field, `${field} must be a number from ${min} to ${max}; got ${JSON.stringify(v)}`);
    }
    return v;
  };
}

const speed = wholeNumber(1, 100);
const ref = { deviceId, channelId };
const preset = wholeNumber(1, 255);
const group = wholeNumber(0, 255);
const twelveBit = wholeNumber(0, 4095);
const pixels = wholeNumber(0, 65535);
const name = text({ max: 64, trim: true });

const MAX_CONFIG_DEPTH = 4;
const MAX_CONFIG_KEYS = 64;

/** Element values for DeviceConfig: text or numbers, nested objects and lists, bounded in depth and size. */
const configValues: Check<{ [name: string]: ConfigValue }> = (v, field) => {
  let keys = 0;
  const walk = (x: unknown, at: string, depth: number): ConfigValue => {
    if (typeof x === 'string') {
      if (x.length > 512) throw new ParamError(field, `${at} must be at most 512 characters`);
      return x;
    }
    if (typeof x === 'number' && Number.isFinite(x)) return String(x);
    if (typeof x === 'boolean') return x ? '1' : '0';
    if (depth >= MAX_CONFIG_DEPTH) throw new ParamError(field, `${at} is nested too deep (at most ${MAX_CONFIG_DEPTH} levels)`);
    if (Array.isArray(x)) return x.map((e, i) => walk(e, `${at}[${i}]`, depth + 1));
    if (x && typeof x === 'object') {
      const out: { [name: string]: ConfigValue } = {};
      for (const [k, e] of Object.entries(x)) {
        if (++keys > MAX_CONFIG_KEYS) throw new ParamError(field, `${field} has more than ${MAX_CONFIG_KEYS} values`);
        if (!/^@?[A-Za-z][A-Za-z0-9]{0,63}$/.test(k)) throw new ParamError(field, `${at}: "${k.slice(0, 40)}" is not an element name`);
        out[k] = walk(e, `${at}.${k}`, depth + 1);
      }
      return out;
    }
    throw new ParamError(field, `${at} must be text, a number, an object or a list`);
  };
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ParamError(field, `${field} must be an object of element values`);
  return walk(v, field, 0) as { [name: string]: ConfigValue };
};

const configTypes: Check<(typeof CONFIG_TYPES)[number][]> = (v, field) => {
  if (!Array.isArray(v) || v.length === 0) throw new ParamError(field, `${field} must list one or more of ${CONFIG_TYPES.join(', ')}`);
  const one = oneOf(CONFIG_TYPES);
  return [...new Set(v.map((t, i) => one(t, `${field}[${i}]`)))];
};

/** BasicParam as DeviceConfig sets it: bounds a device can take (GB/T 28181-2016 A.2.3.2). */
const basicParam = object<NonNullable<ParamsOf<'device.config.set'>['basicParam']>>(
  {
    name: optional(name),
    expiration: optional(wholeNumber(60, 86_400)),
    heartBeatInterval: optional(wholeNumber(5, 3600)),
    heartBeatCount: optional(wholeNumber(1, 100)),
  },
  (p) => (Object.keys(p).length === 0 ? ['basicParam', 'basicParam sets nothing: give name, expiration, heartBeatInterval or heartBeatCount'] : null),
);

const alarmPriority = wholeNumber(0, 4);
const alarmMethod = wholeNumber(0, 7);

export const controlSchemas = {
  'ptz.move': object<ParamsOf<'ptz.move'>>({ ...ref, pan: axis, tilt: axis, zoom: axis, speed }),
  'ptz.stop': object<ParamsOf<'ptz.stop'>>(ref),
  'ptz.focus': object<ParamsOf<'ptz.focus'>>({ ...ref, focus: oneOf(['near', 'far', 'stop'] as const), speed: optional(speed) }),
  'ptz.iris': object<ParamsOf<'ptz.iris'>>({ ...ref, iris: oneOf(['open', 'close', 'stop'] as const), speed: optional(speed) }),
  'ptz.preset': object<ParamsOf<'ptz.preset'>>({
    ...ref,
    action: oneOf(['set', 'call', 'delete'] as const),
    index: preset,
    name: optional(name, { emptyIsAbsent: true }),
  }),
  'ptz.presets': object<ParamsOf<'ptz.presets'>>(ref),
  'ptz.presetName': object<ParamsOf<'ptz.presetName'>>({
    ...ref,
    index: preset,
    name: (v, field) => (v === '' ? '' : name(v, field)),
  }),
  'ptz.cruise': object<ParamsOf<'ptz.cruise'>>(
    { ...ref, group, action: oneOf(['add', 'remove', 'clear', 'speed', 'dwell', 'start', 'stop'] as const), preset: optional(preset), value: optional(twelveBit) },
    (p) => ((p.action === 'add' || p.action === 'remove') && p.preset === undefined ? ['preset', `preset is missing: which preset to ${p.action}`] : null),
    (p) => ((p.action === 'speed' || p.action === 'dwell') && p.value === undefined ? ['value', `value is missing: the cruise ${p.action} (0-4095)`] : null),
  ),
  'ptz.scan': object<ParamsOf<'ptz.scan'>>(
    { ...ref, group, action: oneOf(['setLeft', 'setRight', 'speed', 'start', 'stop'] as const), value: optional(twelveBit) },
    (p) => (p.action === 'speed' && p.value === undefined ? ['value', 'value is missing: the scan speed (0-4095)'] : null),
  ),
  'ptz.aux': object<ParamsOf<'ptz.aux'>>({ ...ref, aux: wholeNumber(1, 255), on: bool }),
  'ptz.dragZoom': object<ParamsOf<'ptz.dragZoom'>>(
    {
      ...ref,
      direction: oneOf(['in', 'out'] as const),
      length: wholeNumber(1, 65535),
      width: wholeNumber(1, 65535),
      midPointX: pixels,
      midPointY: pixels,
      lengthX: wholeNumber(1, 65535),
      lengthY: wholeNumber(1, 65535),
    },
    (p) => (p.midPointX > p.length ? ['midPointX', 'midPointX lies outside the video (more than length)'] : null),
    (p) => (p.midPointY > p.width ? ['midPointY', 'midPointY lies outside the video (more than width)'] : null),
    (p) => (p.lengthX > p.length ? ['lengthX', 'the box is wider than the video'] : null),
    (p) => (p.lengthY > p.width ? ['lengthY', 'the box is taller than the video'] : null),
  ),
  'ptz.homePosition': object<ParamsOf<'ptz.homePosition'>>({
    ...ref,
    enabled: bool,
    resetTime: optional(wholeNumber(0, 86_400)),
    presetIndex: optional(preset),
  }),
  'ptz.precise': object<ParamsOf<'ptz.precise'>>(
    { ...ref, pan: optional(number(0, 360)), tilt: optional(number(-90, 90)), zoom: optional(number(1, 1000)) },
    (p) => (p.pan === undefined && p.tilt === undefined && p.zoom === undefined ? ['pan', 'give pan, tilt or zoom'] : null),
  ),
  'ptz.position': object<ParamsOf<'ptz.position'>>(ref),
  'device.control': object<ParamsOf<'device.control'>>({
    deviceId,
    channelId: optional(channelId),
    command: oneOf(['reboot', 'record', 'stopRecord', 'guard', 'unguard', 'resetAlarm', 'iframe', 'home', 'formatSdCard'] as const),
    presetIndex: optional(preset),
    resetTime: optional(wholeNumber(0, 86_400)),
  }),
  'device.config.get': object<ParamsOf<'device.config.get'>>({ deviceId, channelId: optional(channelId), types: configTypes }),
  'device.config.set': object<ParamsOf<'device.config.set'>>(
    { deviceId, channelId: optional(channelId), basicParam: optional(basicParam), type: optional(oneOf(CONFIG_TYPES)), values: optional(configValues) },
    (p) =>
      (p.basicParam === undefined) === (p.type === undefined)
        ? ['basicParam', 'give basicParam, or type with values (one configuration per call)']
        : null,
    (p) => (p.type === 'BasicParam' ? ['type', 'BasicParam is set through basicParam (it is checked field by field)'] : null),
    (p) => (p.type !== undefined && p.values === undefined ? ['values', `values is missing: the ${p.type} elements to set`] : null),
    (p) => {
      if (!p.type || !p.values || !isEditableConfig(p.type)) return null;
      const problems = configProblems(p.type, p.values);
      return problems.length ? ['values', `${p.type}: ${problems.map(problemText).join('; ')}`] : null;
    },
  ),
  'alarm.list': object<ParamsOf<'alarm.list'>>({
    deviceId: optional(deviceId, { emptyIsAbsent: true }),
    channelId: optional(channelId, { emptyIsAbsent: true }),
    unacknowledged: optional(bool),
    priority: optional(wholeNumber(1, 4)),
    method: optional(wholeNumber(1, 7)),
    from: optional(time),
    to: optional(time),
    limit: optional(wholeNumber(1, 1000)),
    before: optional(wholeNumber(1)),
  }),
  'alarm.ack': object<ParamsOf<'alarm.ack'>>({ alarmId: wholeNumber(1, Number.MAX_SAFE_INTEGER, 'alarmId is missing (from alarm.list or alarm.raised)') }),
  'alarm.subscribe': object<ParamsOf<'alarm.subscribe'>>({ deviceId, on: optional(bool) }),
  'alarm.query': object<ParamsOf<'alarm.query'>>({
    deviceId,
    channelId: optional(channelId),
    from: optional(time),
    to: optional(time),
    startPriority: optional(alarmPriority),
    endPriority: optional(alarmPriority),
    method: optional(alarmMethod),
  }),
  'position.subscribe': object<ParamsOf<'position.subscribe'>>({ deviceId, on: optional(bool), intervalSec: optional(wholeNumber(1, 3600)) }),
  'position.list': object<ParamsOf<'position.list'>>({ deviceId, from: optional(time), to: optional(time), limit: optional(wholeNumber(1, 10_000)) }),
};
