import { describe, expect, it } from 'vitest';
import type { LogMessage } from '../../../shared/contract';
import { logMessage } from './testing/log-message';
import { appendOlder, newerThan, prepend } from './tail';

const msg = (id: number): LogMessage => logMessage(id);
const ids = (l: LogMessage[]) => l.map((m) => m.id);

describe('live tail lists', () => {
  it('takes only messages newer than the top of the list, newest first', () => {
    expect(ids(newerThan([msg(5), msg(4)], [msg(3), msg(7), msg(6), msg(5)]))).toEqual([7, 6]);
    expect(ids(newerThan([], [msg(1), msg(2)]))).toEqual([2, 1]);
  });

  it('prepends without duplicates and trims the oldest beyond the cap', () => {
    const r = prepend([msg(3), msg(2), msg(1)], [msg(5), msg(4), msg(3)], 4);
    expect(ids(r.list)).toEqual([5, 4, 3, 2]);
    expect(r.trimmed).toBe(true);
    expect(prepend([msg(1)], [msg(2)], 10).trimmed).toBe(false);
  });

  it('appends an older page below the oldest message only', () => {
    expect(ids(appendOlder([msg(9), msg(8)], [msg(8), msg(7), msg(5)]))).toEqual([9, 8, 7, 5]);
  });
});
