// An alarm as the console receives it, for the alarm tests: a motion alarm from one camera, unacknowledged.
import type { AlarmEntry } from '../../../../shared/contract';

export const ALARM_DEVICE = '34020000001320000001';

export const alarmEntry = (id: number, patch: Partial<AlarmEntry> = {}): AlarmEntry => ({
  id,
  deviceId: ALARM_DEVICE,
  channelId: '34020000001310000001',
  priority: 1,
  method: 5,
  type: '2',
  eventType: null,
  time: 0,
  timeRaw: null,
  description: 'motion',
  longitude: null,
  latitude: null,
  via: 'MESSAGE',
  receivedAt: 0,
  acknowledgedAt: null,
  ...patch,
});
