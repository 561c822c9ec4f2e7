// log.* API methods over the signalling log: parameter checks with sentences the console can show as they are.
import type { LogFilter, LogQuery } from '../../../shared/types/signalling';
import { ApiError } from '../../../shared/errors';
import { MAX_LIMIT, type SignallingLog } from '../../store/signalling';
import type { ApiHandlers } from '../handlers';

const STATUS_CLASSES = new Set(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx', 'request']);
const MAX_TEXT = 200;

function bad(message: string): never {
  throw new ApiError('bad_request', message);
}

function optString(p: Record<string, unknown>, key: string, max = MAX_TEXT): string | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') bad(`${key} must be text; got ${JSON.stringify(v)}`);
  if (v.length > max) bad(`${key} must be at most ${max} characters`);
  return v;
}

function optTime(p: Record<string, unknown>, key: 'from' | 'to'): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${key} must be a time in milliseconds since 1970; got ${JSON.stringify(v)}`);
  return v;
}

function optPositiveInt(p: Record<string, unknown>, key: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) bad(`${key} must be a whole number from 1 to ${max}; got ${JSON.stringify(v)}`);
  return v;
}

export function parseLogFilter(params: unknown): LogFilter {
  const p = (params ?? {}) as Record<string, unknown>;
  const filter: LogFilter = {};
  const deviceId = optString(p, 'deviceId', 64);
  if (deviceId) filter.deviceId = deviceId.trim();
  const method = optString(p, 'method', 64);
  if (method) filter.method = method.trim();
  const text = optString(p, 'text');
  if (text) filter.text = text;
  if (p.statusClass !== undefined && p.statusClass !== null && p.statusClass !== '') {
    if (typeof p.statusClass !== 'string' || !STATUS_CLASSES.has(p.statusClass)) {
      bad(`statusClass must be one of 1xx, 2xx, 3xx, 4xx, 5xx, 6xx or request; got ${JSON.stringify(p.statusClass)}`);
    }
    filter.statusClass = p.statusClass as LogFilter['statusClass'];
  }
  if (p.direction !== undefined && p.direction !== null && p.direction !== '') {
    if (p.direction !== 'in' && p.direction !== 'out') bad(`direction must be "in" or "out"; got ${JSON.stringify(p.direction)}`);
    filter.direction = p.direction;
  }
  const from = optTime(p, 'from');
  const to = optTime(p, 'to');
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (from !== undefined && to !== undefined && from > to) bad('the time range ends before it starts (from is after to)');
  return filter;
}

export function parseLogQuery(params: unknown): LogQuery {
  const p = (params ?? {}) as Record<string, unknown>;
  const q: LogQuery = parseLogFilter(p);
  const limit = optPositiveInt(p, 'limit', MAX_LIMIT);
  if (limit !== undefined) q.limit = limit;
  const before = optPositiveInt(p, 'before');
  if (before !== undefined) q.before = before;
  return q;
}

export function logMethods(log: SignallingLog): Pick<ApiHandlers, 'log.query' | 'log.get' | 'log.call' | 'log.export'> {
  return {
    'log.query': async (params) => log.query(parseLogQuery(params)),
    'log.get': async (params) => {
      const id = optPositiveInt(params as unknown as Record<string, unknown>, 'id');
      if (id === undefined) bad('id of the message is missing');
      const detail = log.get(id);
      if (!detail) throw new ApiError('not_found', `signalling log message #${id} is not stored (it may have been removed by log retention)`);
      return detail;
    },
    'log.call': async (params) => {
      const callId = optString(params as unknown as Record<string, unknown>, 'callId', 512);
      if (!callId) bad('callId is missing');
      return log.call(callId);
    },
    'log.export': async (params) => {
      const format = (params as unknown as Record<string, unknown>).format;
      if (format !== 'text' && format !== 'pcap') bad(`format must be "text" or "pcap"; got ${JSON.stringify(format)}`);
      return log.export(parseLogFilter(params), format);
    },
  };
}
