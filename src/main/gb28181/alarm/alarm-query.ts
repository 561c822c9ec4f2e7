// Query Alarm (GB/T 28181-2016 A.2.4.5): the device's own alarm history. Answers come as Response MESSAGEs with
// the query's SN, either one alarm per message (fields as in the Alarm notify) or a list with SumNum.
import type { DecodedBody } from '../manscdp/codec';
import { int, listItems } from '../manscdp/fields';
import { buildQuery } from '../manscdp/messages/common';
import { parseAlarmNotify, type AlarmNotify } from '../manscdp/messages/notify';
import { formatGbTime } from '../datetime/gb-time';
import type { ControlDevices } from '../control/device-access';
import type { ResponseCollector } from '../control/response-collector';
import { DomainError } from '../../../shared/errors';
import { alarmQueryOfflineText, alarmQueryRefusedText } from './texts';

export interface AlarmQuery {
  deviceId: string;
  channelId?: string;
  from?: number;
  to?: number;
  startPriority?: number;
  endPriority?: number;
  method?: number;
}

export function alarmsOf(part: DecodedBody, timeZone?: string): AlarmNotify[] {
  const items = listItems(part.fields, 'AlarmList');
  if (items.length === 0) return part.fields.AlarmPriority !== undefined || part.fields.AlarmTime !== undefined ? [parseAlarmNotify(part, { timeZone })] : [];
  return items.map((it) => parseAlarmNotify({ ...part, fields: it, deviceId: typeof it.DeviceID === 'string' ? it.DeviceID : part.deviceId }, { timeZone }));
}

export async function queryAlarms(
  devices: ControlDevices,
  collector: ResponseCollector,
  q: AlarmQuery,
  o: { idleMs: number; totalMs: number; timeZone?: string } = { idleMs: 3_000, totalMs: 20_000 },
): Promise<{ answered: boolean; alarms: AlarmNotify[] }> {
  if (!devices.isOnline(q.deviceId)) throw DomainError.saying('conflict', alarmQueryOfflineText(q.deviceId));
  const sn = devices.nextSn();
  const sumOf = (parts: DecodedBody[]) => Math.max(-1, ...parts.map((p) => int(p.fields, 'SumNum') ?? -1));
  const count = (parts: DecodedBody[]) => parts.reduce((n, p) => n + alarmsOf(p).length, 0);
  const wait = collector.expect(q.deviceId, 'Alarm', sn, {
    done: (parts) => sumOf(parts) >= 0 && count(parts) >= sumOf(parts),
    idleMs: o.idleMs,
    totalMs: o.totalMs,
  });
  const time = (ms: number | undefined) => (ms === undefined ? undefined : formatGbTime(new Date(ms), o.timeZone));
  try {
    const res = await devices.sendManscdp(
      q.deviceId,
      buildQuery('Alarm', sn, q.channelId ?? q.deviceId, {
        StartAlarmPriority: q.startPriority ?? 0,
        EndAlarmPriority: q.endPriority ?? 0,
        AlarmMethod: q.method ?? 0,
        StartAlarmTime: time(q.from),
        EndAlarmTime: time(q.to),
      }),
    );
    if (res.status >= 300) throw DomainError.saying('conflict', alarmQueryRefusedText(q.deviceId, res.status, res.reason));
  } catch (err) {
    wait.cancel();
    throw err;
  }
  const got = await wait.result;
  return { answered: got.parts.length > 0, alarms: got.parts.flatMap((p) => alarmsOf(p, o.timeZone)) };
}
