import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse } from '../../main/sip/message';
import type { SipResponse } from '../../main/sip/message/types';
import { FakeClock } from '../../main/sip/timers/clock';
import { SipNode } from './node';
import { messageRequest } from './requests';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const SERVER_ID = '34020000002000000001';
const nodes: SipNode[] = [];
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
});

async function pair(timers?: { t4: number }): Promise<{ device: SipNode; platform: SipNode }> {
  // A clock that never advances: a transaction waiting on a timer waits for the whole test.
  const clock = new FakeClock();
  const device = await SipNode.udp('127.0.0.1', clock, timers);
  const platform = await SipNode.udp('127.0.0.1', clock);
  nodes.push(device, platform);
  platform.attach(SERVER_ID, { onRequest: (req, tx) => tx.respond(createResponse(req, 200, 'OK')) });
  return { device, platform };
}

async function twentyRequests(device: SipNode, platform: SipNode): Promise<WeakRef<SipResponse>[]> {
  const dest = { transport: 'UDP' as const, address: '127.0.0.1', port: platform.local.port };
  const local = { transport: 'UDP' as const, host: '127.0.0.1', port: device.local.port };
  const answers: WeakRef<SipResponse>[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await device.request(messageRequest({ fromId: '34020000001320000001', serverId: SERVER_ID, domain: '3402000000', local, body: Buffer.from('x') }), dest);
    expect(res.status).toBe(200);
    answers.push(new WeakRef(res));
  }
  return answers;
}

describe('SipNode requests', () => {
  it("ends a request's transaction at its final response (no Timer K)", async () => {
    const { device, platform } = await pair();
    await twentyRequests(device, platform);
    expect(device.transactions.clientCount).toBe(0);
  });

  it("keeps no answer alive while a completed transaction waits out Timer K (a caller's own T4)", async () => {
    const { device, platform } = await pair({ t4: 5000 });
    const answers = await twentyRequests(device, platform);
    expect(device.transactions.clientCount).toBe(20);
    await new Promise(setImmediate);
    gc();
    expect(answers.filter((a) => a.deref() !== undefined)).toHaveLength(0);
    expect(device.transactions.clientCount).toBe(20);
  });
});
