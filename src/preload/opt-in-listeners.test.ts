import { describe, expect, it } from 'vitest';
import type { EventListenFrame } from '../shared/contract';
import { optInListeners } from './opt-in-listeners';

describe("the console window's opt-in listeners", () => {
  it('listens with the first listener of the live log and unlistens with the last, once each', () => {
    const sent: EventListenFrame[] = [];
    const l = optInListeners((f) => sent.push(f));
    const a = l.added('log.message');
    const b = l.added('log.message');
    a();
    a();
    expect(sent).toEqual([{ listen: ['log.message'] }]);
    b();
    expect(sent).toEqual([{ listen: ['log.message'] }, { unlisten: ['log.message'] }]);
    l.added('log.message');
    expect(sent).toHaveLength(3);
  });

  it('sends nothing for events every window gets anyway', () => {
    const sent: EventListenFrame[] = [];
    const l = optInListeners((f) => sent.push(f));
    l.added('device.online')();
    expect(sent).toEqual([]);
  });
});
