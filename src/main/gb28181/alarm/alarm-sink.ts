// Where alarms from devices go (GB/T 28181 §9.4 alarm notification, §9.11 Alarm subscription): one place, which
// the alarm feature owns. Device access answers the device; the sink decides what to keep and show.
import { Listeners } from '../../../shared/listeners';
import type { Logger } from '../../log/logger';
import type { AlarmNotify } from '../manscdp/messages/notify';

export interface ReceivedAlarm {
  /** The registered device that sent it; the alarm names the device or channel in alarm in `alarm.deviceId`. */
  deviceId: string;
  /** MESSAGE: an alarm notification (answered with a Response MESSAGE); NOTIFY: an Alarm subscription's event. */
  via: 'MESSAGE' | 'NOTIFY';
  /** AlarmTime read in the device's time zone. */
  alarm: AlarmNotify;
}

export interface AlarmSink {
  receive(a: ReceivedAlarm): void;
}

const METHODS: Record<number, string> = { 1: 'phone', 2: 'device', 3: 'SMS', 4: 'GPS', 5: 'video', 6: 'device fault', 7: 'other' };

/** One line an installer can read, e.g. "device 3402... raised a video alarm on 3402... (priority 1): 移动侦测". */
export function describeAlarm(a: ReceivedAlarm): string {
  const { alarm } = a;
  const method = alarm.alarmMethod !== undefined ? `${METHODS[alarm.alarmMethod] ?? `method ${alarm.alarmMethod}`} ` : '';
  const where = alarm.deviceId && alarm.deviceId !== a.deviceId ? ` on ${alarm.deviceId}` : '';
  const priority = alarm.alarmPriority !== undefined ? ` (priority ${alarm.alarmPriority})` : '';
  const at = alarm.alarmTimeRaw ? ` at ${oneLine(alarm.alarmTimeRaw, 40)}` : '';
  return `device ${a.deviceId} raised a ${method}alarm${where}${priority}${at}${alarm.alarmDescription ? `: ${oneLine(alarm.alarmDescription, 200)}` : ''}`;
}

/** Device text in a log line: no line breaks or control characters (they could fake further lines), bounded. */
const oneLine = (s: string, max: number) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, max);

/** Until the alarm feature provides its own: logs each alarm and tells listeners. */
export class LoggingAlarmSink implements AlarmSink {
  private readonly listeners = new Listeners<[ReceivedAlarm]>();

  constructor(private readonly logger: Logger) {}

  receive(a: ReceivedAlarm): void {
    this.logger.info(describeAlarm(a));
    this.listeners.emit(a);
  }

  on(fn: (a: ReceivedAlarm) => void): () => void {
    return this.listeners.add(fn);
  }
}
