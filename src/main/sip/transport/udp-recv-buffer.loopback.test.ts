// The SIP port's receive buffer: what the kernel granted is known, and a buffer smaller than asked is worded for
// the installer (Linux caps it at net.core.rmem_max; a storm then overflows it, docs/protocol.md §15).
import { afterEach, describe, expect, it } from 'vitest';
import { smallRecvBufferWarning } from './recv-buffer';
import { UdpTransport } from './udp';

let open: UdpTransport[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});

describe('the SIP UDP receive buffer', () => {
  it('reports what the kernel granted when asked for more than any limit allows', async () => {
    const asked = 1024 * 1024 * 1024;
    const t = await UdpTransport.listen({ address: '127.0.0.1', port: 0, recvBufferBytes: asked });
    open.push(t);
    expect(t.recvBuffer.asked).toBe(asked);
    expect(t.recvBuffer.granted).toBeGreaterThan(0);
    expect(t.recvBuffer.granted).toBeLessThan(asked);
    expect(smallRecvBufferWarning(`${t.local.address}:${t.local.port}`, t.recvBuffer)).toMatch(/^the SIP UDP port 127\.0\.0\.1:\d+ got a \d+ KiB receive buffer of the 1048576 KiB asked for/);
  });

  it('says nothing when the buffer is as asked, and names the limit and the fix when it is not', () => {
    expect(smallRecvBufferWarning('0.0.0.0:5060', { asked: 4194304, granted: 8388608 })).toBeNull();
    expect(smallRecvBufferWarning('0.0.0.0:5060', { asked: 4194304, granted: 0 })).toBeNull();
    expect(smallRecvBufferWarning('0.0.0.0:5060', { asked: 4194304, granted: 425984 })).toBe(
      'the SIP UDP port 0.0.0.0:5060 got a 416 KiB receive buffer of the 4096 KiB asked for (limited by net.core.rmem_max): ' +
        'when thousands of devices register at once it will lose datagrams, which they send again 500 ms later. ' +
        'Raise the limit and restart: sysctl -w net.core.rmem_max=4194304',
    );
  });
});
