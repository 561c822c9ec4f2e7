import { describe, expect, it } from 'vitest';
import { ALARM_DEVICE as A, alarmEntry as alarm } from './testing/alarm-entry';
import { MAX_UNACKED_HELD, UnackedAlarms } from './unacked-alarms';

describe('unacknowledged alarms per device', () => {
  it('counts the unacknowledged alarms of a read per reporting device', () => {
    const u = new UnackedAlarms();
    u.finishRead(u.startRead(), [alarm(1), alarm(2, { acknowledgedAt: 3 }), alarm(3, { deviceId: 'B' }), alarm(4)]);
    expect([...u.counts()]).toEqual([
      [A, 2],
      ['B', 1],
    ]);
  });

  it('an alarm raised while a read is on its way is kept when the read answers without it', () => {
    const u = new UnackedAlarms();
    const read = u.startRead();
    u.raised(alarm(7));
    expect(u.counts().get(A)).toBe(1);
    // the server answered before it stored alarm 7; its answer arrives after the event
    u.finishRead(read, [alarm(5)]);
    expect(u.counts().get(A)).toBe(2);
  });

  it('an alarm acknowledged while a read is on its way stays acknowledged when the read still lists it', () => {
    const u = new UnackedAlarms();
    u.raised(alarm(5));
    const read = u.startRead();
    u.acknowledged(alarm(5, { acknowledgedAt: 9 }));
    u.finishRead(read, [alarm(5)]);
    expect(u.counts().get(A)).toBeUndefined();
  });

  it('the same alarm raised twice counts once; a failed read changes nothing', () => {
    const u = new UnackedAlarms();
    u.raised(alarm(1));
    u.raised(alarm(1));
    const read = u.startRead();
    u.abandonRead(read);
    u.finishRead(read, []);
    expect(u.counts().get(A)).toBe(1);
  });

  it('holds at most MAX_UNACKED_HELD alarms, forgetting the oldest', () => {
    const u = new UnackedAlarms();
    for (let id = 1; id <= MAX_UNACKED_HELD + 5; id++) u.raised(alarm(id));
    expect(u.counts().get(A)).toBe(MAX_UNACKED_HELD);
  });
});
