// A minimal UDP registrar for load runs (bench/sim-scale.bench.ts): answers REGISTER with a digest challenge,
// then 200 OK with Date after checking the answer; answers every MESSAGE with 200. Runs as its own process so
// the simulator's CPU and memory can be measured alone. Prints one JSON line {"port":N} when ready, and a
// JSON line of counters on SIGUSR2 or when stdin closes. REGISTRAR_QUERIES=1: after a device's first registration
// it also asks what the console asks (DeviceInfo, Catalog, ConfigDownload BasicParam, a Catalog SUBSCRIBE), each
// sent once, without a transaction: the devices' work of a registration storm with a platform that keeps up.
import dgram from 'node:dgram';
import { formatGbDateHeader } from '../../main/gb28181/datetime';
import { buildChallenge, NonceStore, verifyAuthorization } from '../../main/gb28181/digest';
import { encodeDoc } from '../../main/gb28181/manscdp/codec';
import { buildCatalogQuery } from '../../main/gb28181/manscdp/messages/catalog';
import { buildQuery } from '../../main/gb28181/manscdp/messages/common';
import { buildConfigDownloadQuery } from '../../main/gb28181/manscdp/messages/config';
import { createRequest, createResponse, getExpires, getHeader, getTo, parseMessage, serializeMessage } from '../../main/sip/message';
import type { SipResponse } from '../../main/sip/message/types';
import { newBranch, newCallId, newTag } from '../../main/sip/transaction';

const password = process.env.REGISTRAR_PASSWORD ?? '12345678';
const realm = process.env.REGISTRAR_REALM ?? '3402000000';
const nonces = new NonceStore();
const QUERIES = process.env.REGISTRAR_QUERIES === '1';
const SERVER_ID = '34020000002000000001';
const asked = new Set<string>();
let sn = 0;
const counters = { queries: 0, register: 0, challenged: 0, registered: 0, unregistered: 0, refused: 0, message: 0, other: 0 };
const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024, sendBufferSize: 8 * 1024 * 1024 });

socket.on('message', (raw, rinfo) => {
  const parsed = parseMessage(raw);
  if (!parsed.ok || parsed.message.kind !== 'request') return;
  const req = parsed.message;
  let res: SipResponse;
  if (req.method === 'REGISTER') {
    counters.register++;
    const auth = getHeader(req, 'Authorization');
    const user = getTo(req)?.uri.user ?? '';
    const v = auth ? verifyAuthorization('REGISTER', auth, password, nonces, { realm, username: user }) : undefined;
    if (!v || (!v.ok && (v.reason === 'stale-nonce' || v.reason === 'unknown-nonce'))) {
      counters.challenged++;
      res = createResponse(req, 401, 'Unauthorized', {
        toTag: 'mr' + counters.register,
        headers: [{ name: 'WWW-Authenticate', value: buildChallenge(realm, { nonce: nonces.issue() }) }],
      });
    } else if (!v.ok) {
      counters.refused++;
      res = createResponse(req, 403, 'Forbidden');
    } else {
      const expires = getExpires(req) ?? 3600;
      if (expires === 0) counters.unregistered++;
      else counters.registered++;
      res = createResponse(req, 200, 'OK', {
        toTag: 'mr' + counters.register,
        headers: [
          { name: 'Expires', value: String(expires) },
          { name: 'Date', value: formatGbDateHeader(new Date()) },
        ],
      });
      if (QUERIES && expires > 0 && !asked.has(user)) {
        asked.add(user);
        socket.send(serializeMessage(res), rinfo.port, rinfo.address);
        askAfterRegistration(user, rinfo);
        return;
      }
    }
  } else if (req.method === 'MESSAGE') {
    counters.message++;
    res = createResponse(req, 200, 'OK');
  } else if (req.method === 'ACK') {
    return;
  } else {
    counters.other++;
    res = createResponse(req, 200, 'OK');
  }
  socket.send(serializeMessage(res), rinfo.port, rinfo.address);
});

/** The follow-ups a console sends a newly registered device, each in a request of its own. */
function askAfterRegistration(deviceId: string, to: dgram.RemoteInfo): void {
  const send = (method: string, body: Buffer, extra: { name: string; value: string }[] = []) => {
    counters.queries++;
    const local = socket.address();
    const req = createRequest({
      method,
      uri: `sip:${deviceId}@${to.address}:${to.port}`,
      headers: [
        { name: 'Via', value: `SIP/2.0/UDP ${local.address}:${local.port};rport;branch=${newBranch()}` },
        { name: 'From', value: `<sip:${SERVER_ID}@${realm}>;tag=${newTag()}` },
        { name: 'To', value: `<sip:${deviceId}@${realm}>` },
        { name: 'Call-ID', value: newCallId() },
        { name: 'CSeq', value: `1 ${method}` },
        { name: 'Content-Type', value: 'Application/MANSCDP+xml' },
        ...extra,
      ],
      body,
    });
    socket.send(serializeMessage(req), to.port, to.address);
  };
  send('MESSAGE', encodeDoc(buildQuery('DeviceInfo', ++sn, deviceId)));
  send('MESSAGE', encodeDoc(buildCatalogQuery({ sn: ++sn, deviceId })));
  send('MESSAGE', encodeDoc(buildConfigDownloadQuery({ sn: ++sn, deviceId, configTypes: ['BasicParam'] })));
  const local = socket.address();
  send('SUBSCRIBE', encodeDoc(buildCatalogQuery({ sn: ++sn, deviceId })), [
    { name: 'Event', value: 'Catalog' },
    { name: 'Expires', value: '3600' },
    { name: 'Contact', value: `<sip:${SERVER_ID}@${local.address}:${local.port}>` },
  ]);
}

const report = () => process.stdout.write(JSON.stringify({ counters, cpu: process.cpuUsage(), rss: process.memoryUsage().rss }) + '\n');
process.on('SIGUSR2', report);
process.stdin.on('end', () => {
  report();
  process.exit(0);
});
process.stdin.resume();

socket.bind(Number(process.env.REGISTRAR_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: socket.address().port }) + '\n');
});
