// A minimal UDP registrar for load runs (bench/sim-scale.bench.ts): answers REGISTER with a digest challenge,
// then 200 OK with Date after checking the answer; answers every MESSAGE with 200. Runs as its own process so
// the simulator's CPU and memory can be measured alone. Prints one JSON line {"port":N} when ready, and a
// JSON line of counters on SIGUSR2 or when stdin closes.
import dgram from 'node:dgram';
import { formatGbDateHeader } from '../../main/gb28181/datetime';
import { buildChallenge, NonceStore, verifyAuthorization } from '../../main/gb28181/digest';
import { createResponse, getExpires, getHeader, getTo, parseMessage, serializeMessage } from '../../main/sip/message';
import type { SipResponse } from '../../main/sip/message/types';

const password = process.env.REGISTRAR_PASSWORD ?? '12345678';
const realm = process.env.REGISTRAR_REALM ?? '3402000000';
const nonces = new NonceStore();
const counters = { register: 0, challenged: 0, registered: 0, unregistered: 0, refused: 0, message: 0, other: 0 };
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
