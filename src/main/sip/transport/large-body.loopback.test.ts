// Large MANSCDP bodies over TCP (NVR catalogs of hundreds of channels in one MESSAGE), with the real stack.
import { afterEach, describe, expect, it } from 'vitest';
import { getCSeq } from '../message';
import { SipStack } from '../stack/stack';
import type { TransportEvent } from './transport';
import { listenUdpAndTcp } from './listen';
import { sipRequest, tcpConnect, until } from './testing/peers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function catalog(bytes: number): string {
  const item = '<Item><DeviceID>34020000001310000001</DeviceID><Name>Camera</Name><Status>ON</Status></Item>';
  const head = '<?xml version="1.0"?><Response><CmdType>Catalog</CmdType><SN>1</SN><DeviceList>';
  const tail = '</DeviceList></Response>';
  return head + item.repeat(Math.ceil((bytes - head.length - tail.length) / item.length)) + tail;
}

async function setup(maxBodyBytes?: number) {
  const { udp, tcp } = await listenUdpAndTcp({ address: '127.0.0.1', port: 0, maxBodyBytes });
  const stack = new SipStack({ transports: [udp, tcp], via: { host: '127.0.0.1' } });
  cleanups.push(() => stack.close());
  const bodies: number[] = [];
  stack.onRequest((req, ctx) => {
    bodies.push(req.body.length);
    ctx.respond(200);
  });
  const events: TransportEvent[] = [];
  stack.onEvent((e) => {
    if (e.type !== 'ack-missing' && e.type !== 'handler-error') events.push(e);
  });
  const dev = await tcpConnect(udp.local.port);
  cleanups.push(() => dev.close());
  return { dev, bodies, events };
}

const status = (m: { kind: string; status?: number }) => (m.kind === 'response' ? m.status : 0);

describe('large bodies over TCP', () => {
  it('passes on a 300 KB catalog MESSAGE', async () => {
    const { dev, bodies } = await setup();
    const body = catalog(300 * 1024);
    await dev.write(sipRequest('MESSAGE', { branch: 'z9hG4bKbig', via: 'TCP 127.0.0.1:5999', body }));
    const res = await until('the answer to the catalog', () => dev.messages[0]);
    expect(status(res)).toBe(200);
    expect(bodies).toEqual([Buffer.byteLength(body)]);
    expect(dev.closed).toBe(false);
  });

  it('answers 413 to a 2 MiB body, skips it and keeps serving the connection', async () => {
    const { dev, bodies, events } = await setup();
    const huge = catalog(2 * 1024 * 1024);
    await dev.write(sipRequest('MESSAGE', { branch: 'z9hG4bKhuge', cseq: 1, via: 'TCP 127.0.0.1:5999', body: huge }));
    await dev.write(sipRequest('MESSAGE', { branch: 'z9hG4bKnext', cseq: 2, via: 'TCP 127.0.0.1:5999', body: '<Notify/>' }));
    await until('two answers', () => dev.messages.length === 2);
    expect(dev.messages.map((m) => `${status(m)}/${getCSeq(m)!.seq}`)).toEqual(['413/1', '200/2']);
    expect(dev.closed).toBe(false);
    expect(bodies).toEqual([9]);
    const rejected = events.find((e) => e.type === 'rejected');
    expect(rejected?.text).toMatch(/with 413: Content-Length \d+ exceeds the 1048576 byte limit$/);
    expect(events.some((e) => e.type === 'connection-closed')).toBe(false);
  });

  it('applies a configured limit', async () => {
    const { dev, bodies } = await setup(100 * 1024);
    await dev.write(sipRequest('MESSAGE', { branch: 'z9hG4bKmid', cseq: 1, via: 'TCP 127.0.0.1:5999', body: catalog(200 * 1024) }));
    await dev.write(sipRequest('MESSAGE', { branch: 'z9hG4bKsmall', cseq: 2, via: 'TCP 127.0.0.1:5999', body: catalog(90 * 1024) }));
    await until('two answers', () => dev.messages.length === 2);
    expect(dev.messages.map(status)).toEqual([413, 200]);
    expect(bodies).toHaveLength(1);
  });
});
