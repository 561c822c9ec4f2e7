import { describe, expect, it } from 'vitest';
import { createLogger } from '../../log/logger';
import { describeAlarm, LoggingAlarmSink, type ReceivedAlarm } from './alarm-sink';

const alarm = (over: Partial<ReceivedAlarm['alarm']> = {}): ReceivedAlarm => ({
  deviceId: '34020000001180000001',
  via: 'MESSAGE',
  alarm: { sn: '5', deviceId: '34020000001320000011', alarmPriority: 1, alarmMethod: 5, alarmTimeRaw: '2022-5-24T0:07:21', alarmDescription: '越界报警', ...over },
});

describe('LoggingAlarmSink', () => {
  it('logs one installer-readable line and tells its listeners', () => {
    const logger = createLogger();
    const sink = new LoggingAlarmSink(logger);
    const heard: ReceivedAlarm[] = [];
    const off = sink.on((a) => heard.push(a));
    sink.receive(alarm());
    off();
    sink.receive(alarm());
    expect(heard).toHaveLength(1);
    expect(logger.recent().map((e) => e.message)).toEqual([
      'device 34020000001180000001 raised a video alarm on 34020000001320000011 (priority 1) at 2022-5-24T0:07:21: 越界报警',
      'device 34020000001180000001 raised a video alarm on 34020000001320000011 (priority 1) at 2022-5-24T0:07:21: 越界报警',
    ]);
  });

  it("keeps a device's text on one bounded line", () => {
    const line = describeAlarm(alarm({ alarmDescription: `fire\n12:00 INFO device X registered${'!'.repeat(500)}`, alarmMethod: 9 }));
    expect(line).not.toMatch(/\n/);
    expect(line).toContain('method 9 alarm');
    expect(line.length).toBeLessThan(400);
  });
});
