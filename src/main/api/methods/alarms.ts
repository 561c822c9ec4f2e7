// alarm.* and position.* methods over the alarm feature (core/control-feature.ts).
import { ApiError } from '../../../shared/errors';
import type { AlarmEntry, AlarmFilter, PositionEntry, SubscriptionStateView } from '../../../shared/types/control';
import type { AlarmQuery } from '../../gb28181/alarm/alarm-query';
import type { ApiHandlers } from '../handlers';

export type AlarmMethodName = 'alarm.list' | 'alarm.ack' | 'alarm.subscribe' | 'alarm.query' | 'position.subscribe' | 'position.list';

/** What the alarm methods need (the control feature provides it). */
export interface AlarmFeature {
  list(f: AlarmFilter): Promise<AlarmEntry[]>;
  acknowledge(alarmId: number): Promise<AlarmEntry | undefined>;
  subscribe(deviceId: string, on: boolean): Promise<{ state: SubscriptionStateView; reason?: string }>;
  query(q: AlarmQuery): Promise<{ answered: boolean; alarms: AlarmEntry[] }>;
  subscribePositions(deviceId: string, on: boolean, intervalSec?: number): Promise<{ state: SubscriptionStateView; reason?: string }>;
  positions(o: { deviceId: string; from?: number; to?: number; limit?: number }): Promise<PositionEntry[]>;
}

export function alarmMethods(f: AlarmFeature): Pick<ApiHandlers, AlarmMethodName> {
  return {
    'alarm.list': async (p) => ({ alarms: await f.list(p) }),
    'alarm.ack': async ({ alarmId }) => {
      const alarm = await f.acknowledge(alarmId);
      if (!alarm) throw new ApiError('not_found', `alarm #${alarmId} is not stored (it may have been removed as one of the oldest past 100,000)`);
      return { alarm };
    },
    'alarm.subscribe': (p) => f.subscribe(p.deviceId, p.on ?? true),
    'alarm.query': (p) => f.query(p),
    'position.subscribe': (p) => f.subscribePositions(p.deviceId, p.on ?? true, p.intervalSec),
    'position.list': async (p) => ({ positions: await f.positions(p) }),
  };
}
