import { describe, expect, it } from 'vitest';
import { FakeClock } from '../timers/clock';
import { InMemoryNetwork } from '../transport/memory';
import { SipStack } from '../stack/stack';
import { TapHub, type SignallingRecord } from './tap';

describe('signalling tap', () => {
  it('is inactive with no observer and isolates an observer that throws', () => {
    const hub = new TapHub();
    expect(hub.active).toBe(false);
    const got: SignallingRecord[] = [];
    hub.add({ onMessage: () => { throw new Error('bad observer'); } });
    const off = hub.add({ onMessage: (r) => got.push(r) });
    expect(hub.active).toBe(true);
    const rec: SignallingRecord = { direction: 'in', transport: 'UDP', local: { address: 'a', port: 1 }, peer: { address: 'b', port: 2 }, timeMs: 0, raw: Buffer.from('x') };
    hub.onMessage(rec);
    expect(got).toEqual([rec]);
    expect(hub.observerFailures).toBe(1);
    off();
    hub.onMessage(rec);
    expect(got).toHaveLength(1);
  });

  it('sees every message sent and received with direction, transport, addresses, time and bytes', async () => {
    const clock = new FakeClock(1_700_000_000_000);
    const net = new InMemoryNetwork();
    const a = net.transport('UDP', { address: '10.0.0.1', port: 5060 });
    const b = net.transport('UDP', { address: '10.0.0.7', port: 5062 });
    const server = new SipStack({ transports: [a], clock });
    const device = new SipStack({ transports: [b], clock });
    const records: SignallingRecord[] = [];
    server.tap.add({ onMessage: (r) => records.push(r) });
    device.onRequest((_req, ctx) => void ctx.respond(200));
    const req = server.createRequest({ method: 'OPTIONS', uri: 'sip:d@10.0.0.7:5062', from: 'sip:s@x', to: 'sip:d@x' });
    await server.request(req, { transport: 'UDP', address: '10.0.0.7', port: 5062 });
    expect(records.map((r) => [r.direction, r.transport, `${r.local.address}:${r.local.port}`, `${r.peer.address}:${r.peer.port}`, r.timeMs])).toEqual([
      ['out', 'UDP', '10.0.0.1:5060', '10.0.0.7:5062', 1_700_000_000_000],
      ['in', 'UDP', '10.0.0.1:5060', '10.0.0.7:5062', 1_700_000_000_000],
    ]);
    expect(records[0].raw.toString()).toMatch(/^OPTIONS sip:d@10\.0\.0\.7:5062 SIP\/2\.0\r\n/);
    expect(records[1].raw.toString()).toMatch(/^SIP\/2\.0 200 OK\r\n/);
  });
});
