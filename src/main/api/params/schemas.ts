// One schema per contract method: dispatch() checks every call's params with it before the handler runs, so
// handlers receive typed, bounded values. A method missing here is a compile error.
//
// Adding a method: add its entry to the group of its feature, built from the checks in check.ts, e.g.
//   'ptz.move': object({ deviceId, channelId, pan: wholeNumber(-255, 255) }),
import type { ApiMethodName, MediaTransport, ParamsOf } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import { settingRules, type Settings } from '../../../shared/settings';
import { timeZoneProblemText } from '../../../shared/time-zone';
import type { LogFilter } from '../../../shared/types/signalling';
import { MAX_LIMIT } from '../../store/signalling';
import {
  anyObject,
  bool,
  channelId,
  deviceId,
  nullable,
  object,
  oneOf,
  optional,
  ParamError,
  text,
  time,
  wholeNumber,
  type Check,
  type CrossRule,
} from './check';
import { controlSchemas } from './control-schemas';

const none = object<Record<string, never>>({});

/** Any text up to `max` characters, '' included (a name cleared back to the device's own). */
function anyText(max: number): Check<string> {
  return (v, field) => {
    if (typeof v !== 'string') throw new ParamError(field, `${field} must be text; got ${JSON.stringify(v)}`);
    if (v.length > max) throw new ParamError(field, `${field} must be at most ${max} characters`);
    return v;
  };
}

/** A device's own registration password: the same rule as the server password. */
const password: Check<string> = (v, field) => {
  if (typeof v !== 'string') throw new ParamError(field, `${field} must be text`);
  const problem = settingRules.password(v, {} as Settings);
  if (problem) throw new ParamError(field, problem.text, problem);
  return v;
};

/** A device's time zone: an IANA name Intl knows or ±hh:mm. */
const timeZone: Check<string> = (v, field) => {
  if (typeof v !== 'string') throw new ParamError(field, `${field} must be text such as Asia/Shanghai or +08:00, or null for the console's default`);
  const problem = timeZoneProblemText(v.trim());
  if (problem) throw new ParamError(field, problem.text, problem);
  return v.trim();
};

const MEDIA_TRANSPORTS: readonly MediaTransport[] = ['udp', 'tcp-passive', 'tcp-active'];
export const SIM_LIMITS = { maxPerStart: 200, maxChannels: 64 };

const settings = {
  'server.status': none,
  'server.stats': none,
  'settings.get': object({ reveal: optional(bool) }),
  'settings.rotateToken': none,
  // Keys and values are checked by the settings service, which knows every setting's rule.
  'settings.update': anyObject as Check<Partial<Settings>>,
};

const devices = {
  'device.list': none,
  'device.get': object({ deviceId }),
  'device.add': object({ deviceId, name: optional(anyText(64)), password: optional(password) }),
  'device.update': object({
    deviceId,
    name: optional(anyText(64)),
    password: nullable(password),
    mediaTransport: optional(oneOf(MEDIA_TRANSPORTS)),
    timeZone: nullable(timeZone),
    heartbeatSec: nullable(wholeNumber(5, 3600)),
    heartbeatCount: nullable(wholeNumber(1, 100)),
  }),
  'device.remove': object({ deviceId }),
  'device.refresh': object({ deviceId, what: oneOf(['info', 'status', 'catalog'] as const) }),
  'channel.list': object({ deviceId: optional(deviceId) }),
  'channel.tree': none,
  'channel.rename': object({ deviceId, channelId, name: anyText(64) }),
  'registration.failures': none,
  // Entries are keyed by what the peer sent: a malformed ID, or '*@<ip>' for many unknown IDs from one address.
  'registration.clearFailure': object({ deviceId: text({ max: 128, missing: 'deviceId is missing (from registration.failures)' }) }),
  // A lock may name any ID a peer sent, so lifting one takes any text.
  'registration.unlock': object<{ deviceId?: string; ip?: string }>(
    { deviceId: optional(text({ max: 64, trim: true })), ip: optional(text({ max: 64, trim: true })) },
    (p) => (p.deviceId === undefined && p.ip === undefined ? ['deviceId', 'give deviceId, ip or both: whose registration lock to lift'] : null),
  ),
};

const filterText = (max: number, trim = false) => optional(text({ max, trim }), { emptyIsAbsent: true });
const timeRange: CrossRule<LogFilter> = (p) =>
  p.from !== undefined && p.to !== undefined && p.from > p.to ? ['from', 'the time range ends before it starts (from is after to)'] : null;
const filterShape = {
  deviceId: filterText(64, true),
  method: filterText(64, true),
  text: filterText(200),
  statusClass: optional(oneOf(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx', 'request'] as const), { emptyIsAbsent: true }),
  direction: optional(oneOf(['in', 'out'] as const), { emptyIsAbsent: true }),
  hideKeepalives: optional(bool),
  from: optional(time),
  to: optional(time),
};

const log = {
  'log.query': object({ ...filterShape, limit: optional(wholeNumber(1, MAX_LIMIT)), before: optional(wholeNumber(1)) }, timeRange),
  'log.get': object({ id: wholeNumber(1, Number.MAX_SAFE_INTEGER, 'id of the message is missing') }),
  'log.call': object({ callId: text({ max: 512, missing: 'callId is missing' }), near: optional(wholeNumber(1)) }),
  'log.export': object({ ...filterShape, format: oneOf(['text', 'pcap'] as const) }, timeRange),
};

const live = {
  'live.start': object({ deviceId, channelId, transport: optional(oneOf(MEDIA_TRANSPORTS)) }),
  'live.stop': object({ sessionId: text({ max: 100, missing: 'sessionId is missing (from live.start or live.list)' }) }),
  'live.list': none,
};

/** Unix seconds (recordings' times), 2000-01-01 to 2100-01-01. */
const unixSeconds: Check<number> = (v, field) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 946_684_800 || v > 4_102_444_800) {
    throw new ParamError(field, `${field} must be a time in Unix seconds (e.g. ${Math.floor(Date.now() / 1000)}); got ${JSON.stringify(v)}`);
  }
  return Math.floor(v);
};
const MAX_RANGE_SEC = 31 * 86_400;
const recordRange: CrossRule<{ start: number; end: number }> = (p) =>
  p.end <= p.start
    ? ['end', 'the time range ends before it starts (end must be after start)']
    : p.end - p.start > MAX_RANGE_SEC
      ? ['end', 'the time range is longer than 31 days; ask day by day']
      : null;
const sessionId = text({ max: 100, missing: 'sessionId is missing (from playback.start)' });
const downloadId = text({ max: 100, missing: 'downloadId is missing (from download.start or download.list)' });
const anyNumber: Check<number> = (v, field) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParamError(field, `${field} must be a number; got ${JSON.stringify(v)}`);
  return v;
};
/** a=downloadspeed (GB/T 28181-2016 §9.9): 1, 2, 4 or 8. */
const downloadSpeed: Check<number> = (v, field) => {
  if (v !== 1 && v !== 2 && v !== 4 && v !== 8) throw new ParamError(field, `${field} must be 1, 2, 4 or 8; got ${JSON.stringify(v)}`);
  return v;
};
const recordings = {
  'record.query': object({ deviceId, channelId, start: unixSeconds, end: unixSeconds, type: optional(oneOf(['all', 'time', 'alarm', 'manual'] as const)) }, recordRange),
  'playback.start': object({ deviceId, channelId, start: unixSeconds, end: unixSeconds }, recordRange),
  'playback.control': object<{ sessionId: string; action: 'pause' | 'resume' | 'seek' | 'speed'; value?: number }>(
    { sessionId, action: oneOf(['pause', 'resume', 'seek', 'speed'] as const), value: optional(anyNumber) },
    (p) =>
      p.action === 'seek' && (p.value === undefined || p.value < 946_684_800)
        ? ['value', 'seek needs value: the time to go to, in Unix seconds']
        : p.action === 'speed' && (p.value === undefined || Math.abs(p.value) < 0.25 || Math.abs(p.value) > 8)
          ? ['value', 'speed needs value from 0.25 to 8']
          : null,
  ),
  'playback.stop': object({ sessionId }),
  'download.start': object(
    { deviceId, channelId, start: unixSeconds, end: unixSeconds, speed: optional(downloadSpeed) },
    recordRange,
  ),
  'download.cancel': object({ downloadId }),
  'download.list': none,
};

const sim = {
  'sim.start': object({
    count: optional(wholeNumber(1, SIM_LIMITS.maxPerStart)),
    channels: optional(wholeNumber(0, SIM_LIMITS.maxChannels)),
    transport: optional(oneOf(['udp', 'tcp'] as const)),
    wrongPassword: optional(bool),
  }),
  'sim.stop': none,
  'sim.list': none,
};

export const PARAMS: { [M in ApiMethodName]: Check<ParamsOf<M>> } = { ...settings, ...devices, ...log, ...live, ...recordings, ...controlSchemas, ...sim };

/** The method's params, checked and typed; a bad one is a bad_request naming the field. */
export function checkParams<M extends ApiMethodName>(method: M, params: unknown): ParamsOf<M> {
  try {
    return PARAMS[method](params, 'params');
  } catch (err) {
    if (err instanceof ParamError) throw new ApiError('bad_request', err.message, { [err.field]: err.message }, err.text);
    throw err;
  }
}
