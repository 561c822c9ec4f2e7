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

async function pair(): Promise<{ device: SipNode; platform: SipNode }> {
  // A clock that never advances: the device's transactions stay in Completed (Timer K) for the whole test.
  const clock = new FakeClock();
  const device = await SipNode.udp('127.0.0.1', clock);
  const platform = await SipNode.udp('127.0.0.1', clock);
  nodes.push(device, platform);
  platform.attach(SERVER_ID, { onRequest: (req, tx) => tx.respond(createResponse(req, 200, 'OK')) });
  return { device, platform };
}

describe('SipNode requests', () => {
  it('keeps no answer alive while the completed transaction waits out Timer K', async () => {
    const { device, platform } = await pair();
    const dest = { transport: 'UDP' as const, address: '127.0.0.1', port: platform.local.port };
    const local = { transport: 'UDP' as const, host: '127.0.0.1', port: device.local.port };
    const answers: WeakRef<SipResponse>[] = [];
    const ask = async () => {
      const res = await device.request(messageRequest({ fromId: '34020000001320000001', serverId: SERVER_ID, domain: '3402000000', local, body: Buffer.from('x') }), dest);
      answers.push(new WeakRef(res));
      return res.status;
    };
    for (let i = 0; i < 20; i++) expect(await ask()).toBe(200);
    expect(device.transactions.clientCount).toBe(20);
    await new Promise(setImmediate);
    gc();
    expect(answers.filter((a) => a.deref() !== undefined)).toHaveLength(0);
    expect(device.transactions.clientCount).toBe(20);
  });
});
