// Attacks on device authentication, against the real GB server on loopback UDP: replayed and forged digest
// answers, credentials moved to another device ID, wrong passwords meant to lock a camera out, and a flood of
// junk device IDs meant to grow the server's tables. A real camera keeps working through each.
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { SipAddress } from '../sip/message/types';
import { getHeader } from '../sip/message';
import { answerChallenge, NonceStore } from '../gb28181/digest';
import { startApiHarness, type ApiHarness } from '../api/testing/device-api';
import { junkId, REGISTER_URI, SipPeer } from './testing/sip-peer';

const CAM = '34020000001320000001';
const OTHER = '34020000001320000002';
const PASSWORD = '12345678';

let h: ApiHarness | undefined;
const peers: SipPeer[] = [];

async function server(o: Parameters<typeof startApiHarness>[0] = {}): Promise<{ h: ApiHarness; addr: SipAddress }> {
  h = await startApiHarness({ ...o, flags: { sipIp: '127.0.0.1', sipPort: 0, ...o.flags }, tuning: { autoQueries: false, ...o.tuning } });
  const udp = h.server.listen.find((l) => l.transport === 'udp')!;
  return { h, addr: { transport: 'UDP', address: udp.ip, port: udp.port } };
}

async function peer(addr: SipAddress, ip = '127.0.0.1'): Promise<SipPeer> {
  const p = await SipPeer.open(addr, ip);
  peers.push(p);
  return p;
}

async function addressOf(h: ApiHarness, deviceId: string): Promise<string | undefined> {
  return (await h.methods['device.list']({})).find((d) => d.deviceId === deviceId)?.address;
}

afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
  await h?.close();
  h = undefined;
});

describe('attacks on device authentication (SIP, loopback UDP)', () => {
  it('digest replay: a captured Authorization sent again from another port, or again from the camera, does not register', async () => {
    const { h, addr } = await server();
    const cam = await peer(addr);
    const attacker = await peer(addr);
    const { auth, res, callId } = await cam.login(CAM, PASSWORD);
    expect(res.status).toBe(200);
    expect(await addressOf(h, CAM)).toBe(cam.where);

    const replayed = await attacker.register({ deviceId: CAM, callId, cseq: 9, auth });
    expect(replayed.status).toBe(401);
    expect(await addressOf(h, CAM)).toBe(cam.where);
    // the same packet from the camera's own address (what a spoofer would send) is a used nonce count
    expect((await cam.register({ deviceId: CAM, callId, cseq: 10, auth })).status).toBe(401);
    // the camera itself carries on
    expect((await cam.login(CAM, PASSWORD)).res.status).toBe(200);
  });

  it('foreign nonce: a right and a wrong password over a nonce the server never issued get the same answer (no stale=true oracle)', async () => {
    const { addr } = await server();
    const guesser = await peer(addr);
    const foreign = `Digest realm="3402000000", nonce="${new NonceStore().issue()}", qop="auth", algorithm=MD5`;
    const answer = (password: string) => answerChallenge(foreign, { username: CAM, password, method: 'REGISTER', uri: REGISTER_URI });
    const right = await guesser.register({ deviceId: CAM, auth: answer(PASSWORD) });
    const wrong = await guesser.register({ deviceId: CAM, auth: answer('guess-1') });
    expect([right.status, wrong.status]).toEqual([401, 401]);
    expect(getHeader(right, 'WWW-Authenticate')).not.toMatch(/stale/i);
    expect(getHeader(wrong, 'WWW-Authenticate')).not.toMatch(/stale/i);
    // every wrong answer to a nonce of ours counts: the guesser is locked out after ten
    for (let i = 0; i < 10; i++) expect((await guesser.login(CAM, `guess-${i}`)).res.status).toBe(403);
    expect((await guesser.register({ deviceId: CAM })).reason).toMatch(/^Too many wrong passwords from 127\.0\.0\.1:\d+; try again in 60 s$/);
  });

  it('username swap: credentials for one device do not register another device ID', async () => {
    const { h, addr } = await server();
    const cam = await peer(addr);
    const attacker = await peer(addr);
    const { auth, callId } = await cam.login(CAM, PASSWORD);
    // the captured header, To and From now naming another device, from another port and from the camera's
    expect((await attacker.register({ deviceId: OTHER, callId, cseq: 20, auth })).status).not.toBe(200);
    expect((await cam.register({ deviceId: OTHER, callId, cseq: 21, auth })).status).not.toBe(200);
    // a fresh challenge for OTHER answered with the camera's user name and the right password
    const first = await attacker.register({ deviceId: OTHER, callId: 'swap@x', cseq: 1 });
    const swapped = answerChallenge(getHeader(first, 'WWW-Authenticate')!, { username: CAM, password: PASSWORD, method: 'REGISTER', uri: REGISTER_URI });
    const res = await attacker.register({ deviceId: OTHER, callId: 'swap@x', cseq: 2, auth: swapped });
    expect(res.status).toBe(403);
    expect(res.reason).toBe(`Credentials are for ${CAM}, not for ${OTHER}`);
    expect(await addressOf(h, OTHER)).toBeUndefined();
  });

  it('spoofed lockout: wrong passwords from another port, blind or answered, never lock the real camera out; the installer sees and lifts locks', async () => {
    const { h, addr } = await server();
    const cam = await peer(addr);
    const attacker = await peer(addr);
    expect((await cam.login(CAM, PASSWORD)).res.status).toBe(200);

    // blind: answers over nonces the attacker never got (as from a spoofed source); none is counted
    const foreign = `Digest realm="3402000000", nonce="${new NonceStore().issue()}", qop="auth", algorithm=MD5`;
    for (let i = 0; i < 30; i++) {
      const auth = answerChallenge(foreign, { username: CAM, password: `bad-${i}`, method: 'REGISTER', uri: REGISTER_URI });
      expect((await attacker.register({ deviceId: CAM, auth })).status).toBe(401);
    }
    // answered: fifteen wrong passwords for the camera's ID lock the attacker's address, not the camera
    for (let i = 0; i < 15; i++) await attacker.login(CAM, `bad-${i}`);
    expect((await attacker.register({ deviceId: CAM })).status).toBe(403);
    expect((await cam.login(CAM, PASSWORD)).res.status).toBe(200);

    const locks = (await h.methods['registration.failures']({})).filter((f) => f.lockedUntil !== undefined);
    expect(locks).toEqual([expect.objectContaining({ deviceId: CAM, address: attacker.where, reason: 'locked-out', lock: { scope: 'device-source', deviceId: CAM, ip: '127.0.0.1' } })]);
    expect(await h.methods['registration.unlock']({ deviceId: CAM })).toEqual({ unlocked: 1 });
    expect((await attacker.register({ deviceId: CAM })).status).toBe(401);

    // spraying wrong passwords over many IDs locks the IP for newcomers, but the camera registered from it stays in
    for (let i = 0; i < 25; i++) await attacker.login(junkId(100 + i), 'bad');
    const newcomer = await peer(addr);
    expect((await newcomer.register({ deviceId: OTHER })).reason).toMatch(/^Too many failed registrations from 127\.0\.0\.1; try again in \d+ s$/);
    expect((await cam.login(CAM, PASSWORD)).res.status).toBe(200);
    expect(await h.methods['registration.unlock']({ ip: '127.0.0.1' })).toMatchObject({ unlocked: expect.any(Number) });
    expect((await newcomer.login(OTHER, PASSWORD)).res.status).toBe(200);
  });

  it('100,000 junk device IDs: the failure, lockout and admission tables stay bounded and the camera keeps registering', { timeout: 240_000 }, async () => {
    const { h, addr } = await server({ tuning: { admission: { perSource: 50, exempt: () => false } } });
    const cam = await peer(addr);
    expect((await cam.login(CAM, PASSWORD)).res.status).toBe(200);
    const gc = vm.runInNewContext('gc') as () => void;
    const heapBefore = (gc(), process.memoryUsage().heapUsed);
    const cpuBefore = process.cpuUsage();
    const started = Date.now();

    // 1. open admission: 5,000 junk IDs answer the challenge with a wrong password, from 20 source IPs
    const sprayers = await Promise.all(Array.from({ length: 20 }, (_, i) => peer(addr, `127.0.1.${i + 1}`)));
    await Promise.all(sprayers.map(async (p, i) => {
      for (let n = 0; n < 250; n++) await p.login(junkId(i * 250 + n), 'wrong').catch(() => undefined);
    }));
    const sprayMs = Date.now() - started;
    // 2. allowlist: 100,000 junk IDs from 10 source IPs, no credentials
    h.settings.update({ admissionMode: 'allowlist' });
    const flooders = await Promise.all(Array.from({ length: 10 }, (_, i) => peer(addr, `127.0.2.${i + 1}`)));
    const answered = await Promise.all(flooders.map((p, i) => p.flood((function* () {
      for (let n = 0; n < 10_000; n++) yield p.registerText({ deviceId: junkId(100_000 + i * 10_000 + n) });
    })())));
    h.settings.update({ admissionMode: 'open' });

    const cpu = process.cpuUsage(cpuBefore);
    const heapAfter = (gc(), process.memoryUsage().heapUsed);
    const failures = await h.methods['registration.failures']({});
    const failedEvents = h.seen.filter((e) => e.name === 'registration.failed').length;
    const tables = h.server.registrar.tableSizes();
    console.log(
      `100,000 junk IDs + 5,000 wrong-password junk IDs: ${answered.reduce((a, b) => a + b, 0)} flood answers; ${Date.now() - started} ms (wrong-password phase ${sprayMs} ms); ` +
        `CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms (server and attackers in one process); ` +
        `heap ${(heapBefore / 2 ** 20).toFixed(1)} MB -> ${(heapAfter / 2 ** 20).toFixed(1)} MB; ` +
        `failure entries ${failures.length}, registration.failed events ${failedEvents}, tables ${JSON.stringify(tables)}`,
    );
    expect(failures.length).toBeLessThanOrEqual(1_100);
    expect(failedEvents).toBeLessThan(2_000);
    for (const [name, size] of Object.entries(tables)) expect(size, name).toBeLessThanOrEqual(16_384);
    expect(heapAfter - heapBefore).toBeLessThan(64 * 2 ** 20);
    expect((await cam.login(CAM, PASSWORD)).res.status).toBe(200);
  });
});

// v8 flag for the heap figure above (global gc); harmless if already set.
v8.setFlagsFromString('--expose-gc');
