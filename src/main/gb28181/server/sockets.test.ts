// The GB server on real loopback sockets and the real clock: offline detection in real time, the TCP rule
// (requests over the device's own connection; a dropped connection means offline), and start-up errors.
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../config/bind-errors';
import type { SipAddress } from '../../sip/message/types';
import { TcpTransport } from '../../sip/transport/tcp';
import { UdpTransport } from '../../sip/transport/udp';
import { startHarness, until, type Harness } from './testing/harness';
import { TestDevice } from './testing/test-device';

const CAM = '34020000001320000001';
let open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close().catch(() => undefined);
  open = [];
});

async function server(tuning: Parameters<typeof startHarness>[0]['tuning'] = {}): Promise<{ h: Harness; udp: SipAddress; tcp: SipAddress }> {
  const h = await startHarness({ flags: { sipIp: '127.0.0.1', sipPort: 0 }, tuning });
  open.push(h);
  const port = h.server.listen[0].port;
  return { h, udp: { transport: 'UDP', address: '127.0.0.1', port }, tcp: { transport: 'TCP', address: '127.0.0.1', port } };
}

describe('real sockets, real clock', () => {
  it('a device that stops keepaliving goes offline after interval x count (1 s x 2 from its BasicParam)', async () => {
    const { h, udp } = await server();
    const transport = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    const cam = new TestDevice({ id: CAM, password: '12345678', transport, server: udp, basicParam: { heartBeatInterval: 1, heartBeatCount: 2 } });
    open.push(cam);
    expect((await cam.register()).status).toBe(200);
    await h.next('device.updated', (d) => d.keepaliveIntervalSec === 1);
    expect((await cam.keepalive()).status).toBe(200);
    const started = Date.now();
    const offline = await h.next('device.offline', (d) => d.deviceId === CAM, 6000);
    expect(offline.reason).toBe('no keepalive for 2 s (2 missed at 1 s)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('TCP: queries go over the connection the device registered on; when it drops the device is offline and must register again', async () => {
    const { h, tcp } = await server();
    const transport = await TcpTransport.listen({ address: '127.0.0.1', port: 0 });
    const cam = new TestDevice({ id: CAM, password: '12345678', transport, server: tcp, info: { deviceName: 'tcp-cam' } });
    open.push(cam);
    const online = h.next('device.online');
    expect((await cam.register()).status).toBe(200);
    const summary = await online;
    expect(summary.transport).toBe('TCP');
    await until(() => h.server.devices.get(CAM)?.name === 'tcp-cam', 'DeviceInfo over the TCP flow');
    const flow = h.server.devices.flowOf(CAM)!;
    expect(flow).toBe(summary.address);
    expect(transport.flows()).toHaveLength(1);
    expect(h.server.devices.route(CAM)).toMatchObject({ noNewConnection: true, dest: { transport: 'TCP' } });

    const offline = h.next('device.offline');
    transport.closeFlow(tcp);
    const ev = await offline;
    expect(ev.reason.startsWith(`TCP connection from ${flow} closed`)).toBe(true);
    expect(() => h.server.devices.route(CAM)).toThrow('device 34020000001320000001 registered over TCP but its connection is closed; it must reconnect and register again');
    expect((await cam.keepalive()).status).toBe(403);
    expect((await cam.register()).status).toBe(200);
    expect(h.server.devices.isOnline(CAM)).toBe(true);
  });

  it('start-up fails with a sentence naming --sip-port when the UDP or the TCP port is taken', async () => {
    const sock = dgram.createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const port = sock.address().port;
    try {
      const err = await startHarness({ flags: { sipIp: '127.0.0.1', sipPort: port } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toBe(
        `--sip-port ${port}: SIP UDP port 127.0.0.1:${port} is already in use by another program; stop it or pick another port with --sip-port`,
      );
    } finally {
      sock.close();
    }
    const tcpOnly = net.createServer();
    await new Promise<void>((r) => tcpOnly.listen(0, '127.0.0.1', () => r()));
    const tport = (tcpOnly.address() as net.AddressInfo).port;
    try {
      const err = await startHarness({ flags: { sipIp: '127.0.0.1', sipPort: tport } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toBe(
        `--sip-port ${tport}: SIP TCP port 127.0.0.1:${tport} is already in use by another program; stop it or pick another port with --sip-port`,
      );
    } finally {
      tcpOnly.close();
    }
  });
});
