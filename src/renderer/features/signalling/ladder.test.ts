import { describe, expect, it } from 'vitest';
import type { LogMessageDetail } from '../../../shared/contract';
import { layoutLadder } from './ladder';

function m(id: number, time: number, direction: 'in' | 'out', what: string | number, peer = '10.0.0.7:5060', cmdType: string | null = null): LogMessageDetail {
  return {
    id,
    time,
    direction,
    transport: 'UDP',
    localAddress: '10.0.0.1:5060',
    peerAddress: peer,
    method: typeof what === 'string' ? what : null,
    status: typeof what === 'number' ? what : null,
    reason: typeof what === 'number' ? (what === 200 ? 'OK' : what === 401 ? 'Unauthorized' : 'Trying') : null,
    callId: 'abc',
    cseq: null,
    fromUser: null,
    toUser: null,
    deviceId: direction === 'in' ? '34020000001320000001' : null,
    cmdType,
    sn: null,
    size: 400,
    text: '',
    body: { kind: 'none' },
  };
}

describe('layoutLadder', () => {
  it('draws a REGISTER exchange between the device lane and the server lane in time order', () => {
    const ladder = layoutLadder([m(3, 1020, 'in', 'REGISTER'), m(1, 1000, 'in', 'REGISTER'), m(2, 1005, 'out', 401), m(4, 1030, 'out', 200)]);
    expect(ladder.lanes.map((l) => [l.kind, l.address, l.deviceId])).toEqual([
      ['server', '10.0.0.1:5060', null],
      ['peer', '10.0.0.7:5060', '34020000001320000001'],
    ]);
    expect(ladder.steps.map((s) => [s.label, s.from, s.to, s.offsetMs, s.tone])).toEqual([
      ['REGISTER', 1, 0, 0, 'request'],
      ['401 Unauthorized', 0, 1, 5, 'bad'],
      ['REGISTER', 1, 0, 20, 'request'],
      ['200 OK', 0, 1, 30, 'ok'],
    ]);
  });

  it('gives each peer address its own lane and names the CmdType of MESSAGEs', () => {
    const ladder = layoutLadder([m(1, 0, 'out', 'MESSAGE', '10.0.0.7:5060', 'Catalog'), m(2, 1, 'in', 'INVITE', '10.0.0.8:5060')]);
    expect(ladder.lanes).toHaveLength(3);
    expect(ladder.steps[0]).toMatchObject({ label: 'MESSAGE (Catalog)', from: 0, to: 1 });
    expect(ladder.steps[1]).toMatchObject({ from: 2, to: 0 });
  });
});
