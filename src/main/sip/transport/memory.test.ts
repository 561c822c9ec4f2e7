import { describe, expect, it } from 'vitest';
import type { InboundData } from './transport';
import { InMemoryTransport } from './memory';

describe('InMemoryTransport', () => {
  it('delivers between a pair asynchronously, with the sender as source', async () => {
    const [a, b] = InMemoryTransport.pair('UDP');
    const got: InboundData[] = [];
    b.onMessage((d) => got.push(d));
    const sending = a.send(Buffer.from('hello'), { transport: 'UDP', address: b.local.address, port: b.local.port });
    expect(got).toHaveLength(0);
    await sending;
    await new Promise((r) => setImmediate(r));
    expect(got.map((d) => [d.raw.toString(), d.source])).toEqual([['hello', { transport: 'UDP', address: '127.0.0.1', port: 5060 }]]);
  });

  it('drops what the filter says, silently on datagrams and with an error on a stream to nobody', async () => {
    const [a, b, net] = InMemoryTransport.pair('UDP');
    let n = 0;
    b.onMessage(() => n++);
    net.dropFilter = (raw) => raw.toString() === 'lost';
    const to = { transport: 'UDP' as const, address: b.local.address, port: b.local.port };
    await a.send(Buffer.from('lost'), to);
    await a.send(Buffer.from('kept'), to);
    await new Promise((r) => setImmediate(r));
    expect(n).toBe(1);
    const [t] = InMemoryTransport.pair('TCP');
    await expect(t.send(Buffer.from('x'), { transport: 'TCP', address: '192.0.2.1', port: 5060 })).rejects.toThrow(/cannot open a TCP connection to 192\.0\.2\.1:5060/);
  });
});
