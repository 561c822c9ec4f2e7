import { describe, expect, it } from 'vitest';
import type { RegistrationFailure } from '../../../shared/types/devices';
import { createLogger } from '../../log/logger';
import { parseMessage } from '../../sip/message';
import type { SipAddress, SipRequest } from '../../sip/message/types';
import { FakeClock } from '../../sip/timers/clock';
import { answerChallenge, NonceStore, parseDigestParams } from '../digest';
import { parseGbTime } from '../datetime';
import { FailureTracker } from './failures';
import { AdmissionRate } from './admission-rate';
import { RegistrationLockout } from './lockout';
import { ordinal } from './ordinal';
import { Registrar, type Binding, type KnownDevice, type RegistrarDirectory, type RegistrarSettings, type RegistrarReply } from './registrar';

const DEV = '34020000001320000001';
const SRC: SipAddress = { transport: 'UDP', address: '10.0.0.7', port: 5060 };

interface RegOpts {
  deviceId?: string;
  uri?: string;
  callId?: string;
  cseq?: number;
  expires?: number | null;
  contactExpires?: number;
  auth?: string;
  gbVer?: string;
}

function register(o: RegOpts = {}): SipRequest {
  const id = o.deviceId ?? DEV;
  const lines = [
    `REGISTER ${o.uri ?? 'sip:34020000002000000001@3402000000'} SIP/2.0`,
    'Via: SIP/2.0/UDP 10.0.0.7:5060;rport;branch=z9hG4bK-same',
    `From: <sip:${id}@3402000000>;tag=ft1`,
    `To: <sip:${id}@3402000000>`,
    `Call-ID: ${o.callId ?? 'reg-call-1'}`,
    `CSeq: ${o.cseq ?? 1} REGISTER`,
    `Contact: <sip:${id}@10.0.0.7:5060>${o.contactExpires !== undefined ? `;expires=${o.contactExpires}` : ''}`,
    'Max-Forwards: 70',
    'User-Agent: IPC-Test',
  ];
  if (o.expires !== null) lines.push(`Expires: ${o.expires ?? 3600}`);
  if (o.gbVer) lines.push(`X-GB-Ver: ${o.gbVer}`);
  if (o.auth) lines.push(`Authorization: ${o.auth}`);
  lines.push('Content-Length: 0', '', '');
  const r = parseMessage(Buffer.from(lines.join('\r\n')));
  if (!r.ok || r.message.kind !== 'request') throw new Error('fixture');
  return r.message;
}

function header(r: RegistrarReply, name: string): string | undefined {
  return r.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function setup(over: Partial<RegistrarSettings> = {}, devices: Record<string, KnownDevice> = {}, admission?: AdmissionRate) {
  const clock = new FakeClock(Date.UTC(2024, 7, 20, 7, 18, 42, 123));
  const settings: RegistrarSettings = {
    sipId: '34020000002000000001',
    domain: '3402000000',
    password: '12345678',
    admissionMode: 'open',
    strictTarget: false,
    ...over,
  };
  const bound: Binding[] = [];
  const unbound: Binding[] = [];
  const saved: RegistrationFailure[] = [];
  const events: RegistrationFailure[] = [];
  const lastErrors: unknown[] = [];
  const directory: RegistrarDirectory = {
    find: (id) => devices[id],
    bind: (b) => bound.push(b),
    unbind: (b) => unbound.push(b),
    failed: (_id, said) => lastErrors.push(said),
  };
  const logger = createLogger();
  const nonces = new NonceStore({ ttlMs: 30_000, clock });
  const registrar = new Registrar({
    settings: () => settings,
    directory,
    clock,
    nonces,
    lockout: new RegistrationLockout(clock),
    admission,
    failures: new FailureTracker({ save: (f) => saved.push(f), clear: () => undefined }),
    logger,
    onFailure: (f) => events.push(f),
  });
  /** The full exchange: REGISTER, 401, REGISTER with Authorization (same branch, CSeq 2). */
  const login = (password: string, o: RegOpts & { qop?: 'auto' | 'none'; source?: SipAddress } = {}) => {
    const first = registrar.handle(register(o), o.source ?? SRC);
    expect(first.status).toBe(401);
    const challenge = header(first, 'WWW-Authenticate')!;
    const auth = answerChallenge(challenge, {
      username: o.deviceId ?? DEV,
      password,
      method: 'REGISTER',
      uri: o.uri ?? 'sip:34020000002000000001@3402000000',
      qop: o.qop,
    });
    return { challenge, reply: registrar.handle(register({ ...o, cseq: 2, auth }), o.source ?? SRC) };
  };
  return { clock, settings, registrar, bound, unbound, saved, events, logger, login, nonces, lastErrors };
}

describe('ordinal', () => {
  it('names counts the way people say them', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th',
    ]);
  });
});

describe('Registrar', () => {
  it('challenges with MD5 Digest offering qop=auth in the domain realm, then registers with a 200 devices can set their clock from', () => {
    const s = setup();
    const { challenge, reply } = s.login('12345678', { gbVer: '3.0' });
    const p = parseDigestParams(challenge);
    expect(p.ok && p.value.params).toMatchObject({ realm: '3402000000', qop: 'auth', algorithm: 'MD5' });
    expect(reply.status).toBe(200);
    expect(reply.outcome).toBe('registered');
    const date = header(reply, 'Date')!;
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(parseGbTime(date)!.getTime()).toBe(s.clock.now());
    expect(header(reply, 'Contact')).toBe('<sip:34020000001320000001@10.0.0.7:5060>');
    expect(header(reply, 'Expires')).toBe('3600');
    expect(header(reply, 'X-GB-Ver')).toBe('3.0');
    expect(s.bound).toHaveLength(1);
    expect(s.bound[0]).toMatchObject({ deviceId: DEV, expiresSec: 3600, gbVersion: '3.0', callId: 'reg-call-1', targetMismatch: null, userAgent: 'IPC-Test' });
  });

  it("dates the 200 in the device's zone: its own setting, else deviceTimeZone, else the console's", () => {
    const viaSetting = setup({ deviceTimeZone: '+08:00' });
    expect(header(viaSetting.login('12345678').reply, 'Date')).toBe('2024-08-20T15:18:42.123');
    const own = setup({ deviceTimeZone: '+08:00' }, { [DEV]: { password: null, allowed: true, timeZone: '-05:00' } });
    expect(header(own.login('12345678').reply, 'Date')).toBe('2024-08-20T02:18:42.123');
    const iana = setup({}, { [DEV]: { password: null, allowed: true, timeZone: 'Asia/Shanghai' } });
    expect(header(iana.login('12345678').reply, 'Date')).toBe('2024-08-20T15:18:42.123');
  });

  it('accepts an answer without qop (RFC 2069 form), and echoes X-GB-Ver capped at ours, none when absent', () => {
    const s = setup();
    expect(s.login('12345678', { qop: 'none' }).reply.status).toBe(200);
    expect(header(s.login('12345678', { qop: 'none' }).reply, 'X-GB-Ver')).toBeUndefined();
    expect(header(s.login('12345678', { gbVer: '2.0' }).reply, 'X-GB-Ver')).toBe('2.0');
    expect(header(s.login('12345678', { gbVer: '4.0' }).reply, 'X-GB-Ver')).toBe('3.0');
  });

  it('answers a right password with an expired nonce by a new challenge with stale=true', () => {
    const s = setup();
    const first = s.registrar.handle(register(), SRC);
    const auth = answerChallenge(header(first, 'WWW-Authenticate')!, { username: DEV, password: '12345678', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    s.clock.advance(31_000);
    const again = s.registrar.handle(register({ cseq: 2, auth }), SRC);
    expect(again.status).toBe(401);
    expect(again.outcome).toBe('stale');
    expect(header(again, 'WWW-Authenticate')).toContain('stale=true');
    expect(s.events).toEqual([]);
    const wrong = answerChallenge(header(first, 'WWW-Authenticate')!, { username: DEV, password: 'nope', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    expect(s.registrar.handle(register({ cseq: 3, auth: wrong }), SRC).status).toBe(403);
  });

  it('a nonce this server did not issue gets a fresh challenge without stale, right password or wrong, and is not counted', () => {
    const s = setup();
    const foreign = `Digest realm="3402000000", nonce="${new NonceStore().issue()}", qop="auth", algorithm=MD5`;
    const good = answerChallenge(foreign, { username: DEV, password: '12345678', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    const bad = answerChallenge(foreign, { username: DEV, password: 'x', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    const right = s.registrar.handle(register({ auth: good }), SRC);
    const wrong = s.registrar.handle(register({ auth: bad }), SRC);
    for (const r of [right, wrong]) {
      expect(r).toMatchObject({ status: 401, outcome: 'challenge' });
      expect(header(r, 'WWW-Authenticate')).not.toContain('stale');
    }
    expect(s.events).toEqual([]);
  });

  it('a nonce issued to another address is not ours: a captured answer replayed from elsewhere is challenged again', () => {
    const s = setup();
    const first = s.registrar.handle(register(), SRC);
    const auth = answerChallenge(header(first, 'WWW-Authenticate')!, { username: DEV, password: '12345678', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    const elsewhere = s.registrar.handle(register({ cseq: 2, auth }), { ...SRC, port: 5070 });
    expect(elsewhere).toMatchObject({ status: 401, outcome: 'challenge' });
    expect(s.bound).toHaveLength(0);
    expect(s.registrar.handle(register({ cseq: 3, auth }), SRC).status).toBe(200);
    // the same answer again, even from the device's own address, is a replay
    expect(s.registrar.handle(register({ cseq: 4, auth }), SRC)).toMatchObject({ status: 401, outcome: 'challenge' });
    expect(s.bound).toHaveLength(1);
  });

  it('credentials bind to the device ID in To and From, to the Request-URI and to our realm', () => {
    const s = setup();
    const other = '34020000001320000002';
    const first = s.registrar.handle(register(), SRC);
    const challenge = header(first, 'WWW-Authenticate')!;
    const uri = 'sip:34020000002000000001@3402000000';
    const auth = answerChallenge(challenge, { username: DEV, password: '12345678', method: 'REGISTER', uri });
    const swapped = s.registrar.handle(register({ deviceId: other, cseq: 2, auth }), SRC);
    expect(swapped).toMatchObject({ status: 403, outcome: 'bad-request', reason: `Credentials are for ${DEV}, not for ${other}` });
    const otherUri = answerChallenge(challenge, { username: DEV, password: '12345678', method: 'REGISTER', uri: 'sip:34020000002000000009@3402000000' });
    expect(s.registrar.handle(register({ cseq: 3, auth: otherUri }), SRC)).toMatchObject({ status: 400, outcome: 'bad-request' });
    const otherRealm = answerChallenge(challenge.replace('realm="3402000000"', 'realm="4401020049"'), { username: DEV, password: '12345678', method: 'REGISTER', uri });
    expect(s.registrar.handle(register({ cseq: 4, auth: otherRealm }), SRC)).toMatchObject({ status: 403, outcome: 'bad-request' });
    expect(s.bound).toHaveLength(0);
    const fromOther = parseMessage(Buffer.from(`REGISTER ${uri} SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-x\r\nFrom: <sip:${other}@3402000000>;tag=a\r\nTo: <sip:${DEV}@3402000000>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n`));
    if (!fromOther.ok || fromOther.message.kind !== 'request') throw new Error('fixture');
    expect(s.registrar.handle(fromOther.message, SRC)).toMatchObject({ status: 403, reason: `From names ${other} but To names ${DEV}; a device registers itself` });
    expect(s.login('12345678').reply.status).toBe(200);
  });

  it('X-GB-Ver is on challenges and refusals too', () => {
    const s = setup({ admissionMode: 'allowlist' }, { [DEV]: { password: null, allowed: true } });
    expect(header(s.registrar.handle(register({ gbVer: '3.0' }), SRC), 'X-GB-Ver')).toBe('3.0');
    expect(header(s.registrar.handle(register({ gbVer: '2.0', deviceId: '34020000001320000099' }), SRC), 'X-GB-Ver')).toBe('2.0');
    expect(header(s.login('wrong', { gbVer: '3.0' }).reply, 'X-GB-Ver')).toBe('3.0');
    expect(header(s.registrar.handle(register({ gbVer: '3.0', deviceId: 'camera1' }), SRC), 'X-GB-Ver')).toBe('3.0');
  });

  it('uses the device password when it has one, the server password otherwise', () => {
    const s = setup({}, { [DEV]: { password: 'own-pass', allowed: false } });
    expect(s.login('12345678').reply.status).toBe(403);
    // A known device's failure is its last problem, coded for the console.
    expect(s.lastErrors).toEqual([expect.objectContaining({ code: 'reg.wrongPassword', params: expect.objectContaining({ deviceId: DEV }) })]);
    expect(s.login('own-pass').reply.status).toBe(200);
    expect(s.login('12345678', { deviceId: '34020000001320000002' }).reply.status).toBe(200);
  });

  it('a wrong password gets 403 and a log line naming device, address and count', () => {
    const s = setup();
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { reply } = s.login('wrong');
      expect(reply).toMatchObject({ status: 403, reason: 'Wrong password', outcome: 'wrong-password' });
      texts.push(s.events[i].message);
    }
    expect(texts[0]).toBe('device 34020000001320000001 at 10.0.0.7:5060 sent a wrong password (1st time); set the same password on the device and in the console');
    expect(texts[2]).toContain('sent a wrong password (3rd time)');
    expect(s.logger.recent().filter((e) => e.level === 'warn').map((e) => e.message)).toEqual(texts);
    expect(s.events[2]).toMatchObject({ deviceId: DEV, address: '10.0.0.7:5060', transport: 'UDP', reason: 'wrong-password', count: 3 });
    expect(s.events[2].firstAt).toBeLessThanOrEqual(s.events[2].lastAt);
    expect(s.saved).toHaveLength(3);
  });

  it('10 wrong passwords within a minute lock that device at that address only: 403 without a challenge', () => {
    const s = setup();
    for (let i = 0; i < 10; i++) s.login('wrong');
    const r = s.registrar.handle(register(), SRC);
    expect(r).toMatchObject({ status: 403, outcome: 'locked-out', reason: 'Too many wrong passwords from 10.0.0.7:5060; try again in 60 s' });
    expect(header(r, 'WWW-Authenticate')).toBeUndefined();
    expect(s.events.at(-1)!.message).toBe(
      'device 34020000001320000001 at 10.0.0.7:5060 was refused without a challenge: device 34020000001320000001 at 10.0.0.7:5060 is locked out for 60 s more after 10 wrong passwords within a minute (1st time)',
    );
    // another camera behind the same NAT, and this camera from another port, are not affected
    expect(s.login('12345678', { deviceId: '34020000001320000002' }).reply.status).toBe(200);
    expect(s.login('12345678', { source: { ...SRC, port: 5062 } }).reply.status).toBe(200);
    s.clock.advance(59_000);
    expect(s.registrar.handle(register(), SRC).reason).toContain('try again in 1 s');
    s.clock.advance(1_000);
    expect(s.registrar.handle(register(), SRC).status).toBe(401);
  });

  it('wrong passwords for one device from many addresses back that device ID off, except from where it registered', () => {
    const s = setup();
    expect(s.login('12345678').reply.status).toBe(200);
    for (let i = 0; i < 20; i++) s.login('wrong', { source: { ...SRC, address: '10.0.0.66', port: 6000 + i } });
    const guesser = s.registrar.handle(register(), { ...SRC, address: '10.0.0.67', port: 7000 });
    expect(guesser).toMatchObject({ status: 403, outcome: 'locked-out', reason: `Too many wrong passwords for ${DEV}; try again in 60 s` });
    expect(s.login('12345678').reply.status).toBe(200);
    s.clock.advance(60_000);
    for (let i = 0; i < 20; i++) s.login('wrong', { source: { ...SRC, address: '10.0.0.66', port: 6100 + i } });
    expect(s.registrar.handle(register(), { ...SRC, address: '10.0.0.67', port: 7000 }).reason).toBe(`Too many wrong passwords for ${DEV}; try again in 120 s`);
  });

  it('an IP sending wrong passwords for 20 device IDs within a minute is locked out, but not for devices registered from it', () => {
    const s = setup();
    expect(s.login('12345678').reply.status).toBe(200);
    const spray = { ...SRC, port: 6000 };
    for (let i = 0; i < 20; i++) s.login('wrong', { deviceId: `340200000013200001${String(10 + i)}`, source: spray });
    const r = s.registrar.handle(register({ deviceId: '34020000001320000500' }), { ...SRC, port: 6001 });
    expect(r).toMatchObject({ status: 403, reason: 'Too many failed registrations from 10.0.0.7; try again in 60 s' });
    expect(s.logger.recent().some((e) => e.message.startsWith('10.0.0.7 is locked out for 60 s more after wrong passwords for 20 different device IDs'))).toBe(true);
    expect(s.login('12345678').reply.status).toBe(200);
    expect(s.registrar.handle(register(), { ...SRC, address: '10.0.0.8' }).status).toBe(401);
  });

  it('wrong answers to a nonce from another address are never counted (a spoofer cannot lock anyone out)', () => {
    const s = setup();
    const first = s.registrar.handle(register(), { ...SRC, port: 9999 });
    const auth = answerChallenge(header(first, 'WWW-Authenticate')!, { username: DEV, password: 'wrong', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    for (let i = 0; i < 50; i++) expect(s.registrar.handle(register({ cseq: 2 + i, auth }), SRC).status).toBe(401);
    expect(s.login('12345678').reply.status).toBe(200);
  });

  it('wrong passwords spread over more than a minute do not lock out', () => {
    const s = setup();
    for (let i = 0; i < 12; i++) {
      s.login('wrong');
      s.clock.advance(7_000);
    }
    expect(s.registrar.handle(register(), SRC).status).toBe(401);
  });

  it('refuses a device ID that is not 20 digits with a reason phrase that says so', () => {
    const s = setup();
    const short = s.registrar.handle(register({ deviceId: '3402000000132000001' }), SRC);
    expect(short).toMatchObject({ status: 403, reason: 'Device ID 3402000000132000001 must be 20 digits; got 19', outcome: 'bad-device-id' });
    const letters = s.registrar.handle(register({ deviceId: 'camera1' }), SRC);
    expect(letters.reason).toBe('Device ID camera1 must be 20 digits (0-9 only)');
    expect(s.events[0].message).toBe('a device at 10.0.0.7:5060 was refused: Device ID 3402000000132000001 must be 20 digits; got 19 (1st time)');
  });

  it('accepts a REGISTER addressed to another server ID and domain, flagged; refuses it when strict', () => {
    const uri = 'sip:44010200492000000001@4401020049';
    const open = setup();
    expect(open.login('12345678', { uri }).reply.status).toBe(200);
    expect(open.bound[0].targetMismatch?.text).toBe(
      'registered to server ID 44010200492000000001 and domain 4401020049, but this server is 34020000002000000001 in domain 3402000000',
    );
    const byIp = setup();
    byIp.login('12345678', { uri: 'sip:34020000002000000001@192.168.1.10:5060' });
    expect(byIp.bound[0].targetMismatch).toBeNull();

    const strict = setup({ strictTarget: true });
    const r = strict.registrar.handle(register({ uri }), SRC);
    expect(r).toMatchObject({ status: 403, outcome: 'wrong-target', reason: 'Wrong server ID or domain: this server is 34020000002000000001 in domain 3402000000' });
    expect(strict.events[0].message).toBe(
      'device 34020000001320000001 at 10.0.0.7:5060 registered to server ID 44010200492000000001 and domain 4401020049, but this server is 34020000002000000001 in domain 3402000000; refused because the strict server ID check is on (1st time)',
    );
    const other = { code: 'reg.target.both', params: { serverId: '44010200492000000001', domain: '4401020049' } };
    expect(open.bound[0].targetMismatch).toMatchObject(other);
    expect(strict.events[0].text).toMatchObject({ code: 'reg.wrongTargetDetail', params: { detail: other }, text: strict.events[0].message });
  });

  it('allowlist admission: only devices added in the console get a challenge', () => {
    const s = setup({ admissionMode: 'allowlist' }, { [DEV]: { password: null, allowed: true } });
    expect(s.login('12345678').reply.status).toBe(200);
    const other = s.registrar.handle(register({ deviceId: '34020000001320000099' }), SRC);
    expect(other).toMatchObject({ status: 403, outcome: 'not-allowed', reason: "Device 34020000001320000099 is not on this server's allowlist" });
    expect(s.events[0].message).toBe(
      'device 34020000001320000099 at 10.0.0.7:5060 is not on the allowlist; add it in the console or set admission to open (1st time)',
    );
  });

  it('Expires: 0 (or Contact: *) unregisters after authentication; Contact ;expires= wins over Expires', () => {
    const s = setup();
    const r = s.login('12345678', { expires: 0 }).reply;
    expect(r).toMatchObject({ status: 200, outcome: 'unregistered' });
    expect(header(r, 'Expires')).toBe('0');
    expect(s.unbound).toHaveLength(1);
    expect(s.bound).toHaveLength(0);
    s.login('12345678', { expires: 3600, contactExpires: 120 });
    expect(s.bound[0].expiresSec).toBe(120);
    s.login('12345678', { expires: null });
    expect(s.bound[1].expiresSec).toBe(3600);
  });

  it('an unreadable Authorization header gets 400 naming the fault; SHA-256 gets 403', () => {
    const s = setup();
    const r = s.registrar.handle(register({ auth: 'Digest username="x"' }), SRC);
    expect(r).toMatchObject({ status: 400, outcome: 'bad-request', reason: 'Authorization header: missing realm, nonce, uri, response' });
    expect(s.events[0].message).toContain('sent credentials that cannot be checked: Authorization header: missing realm, nonce, uri, response (1st time)');
    const first = s.registrar.handle(register(), SRC);
    const good = answerChallenge(header(first, 'WWW-Authenticate')!, { username: DEV, password: '12345678', method: 'REGISTER', uri: 'sip:34020000002000000001@3402000000' });
    const sha = s.registrar.handle(register({ auth: good.replace('algorithm=MD5', 'algorithm=SHA-256') }), SRC);
    expect(sha).toMatchObject({ status: 403, reason: 'algorithm SHA-256 is not supported (GB/T 28181 uses MD5)' });
  });

  it('open admission takes a limited number of new devices per source IP per minute; known devices are not counted', () => {
    const s = setup({}, { '34020000001320000009': { password: null, allowed: true } }, new AdmissionRate({ perSource: 2, exempt: () => false }));
    const id = (n: number) => `3402000000132000000${n}`;
    expect(s.login('12345678', { deviceId: id(1) }).reply.status).toBe(200);
    expect(s.login('12345678', { deviceId: id(2) }).reply.status).toBe(200);
    const third = s.login('12345678', { deviceId: id(3) }).reply;
    expect(third).toMatchObject({ status: 403, outcome: 'not-allowed', reason: 'Too many new devices from 10.0.0.7; try again in a minute' });
    expect(s.events.at(-1)!.message).toContain('was not admitted: 2 new devices from 10.0.0.7 joined within a minute');
    expect(s.login('12345678', { deviceId: id(9) }).reply.status).toBe(200);
    expect(s.login('12345678', { deviceId: id(3), source: { ...SRC, address: '10.0.0.8' } }).reply.status).toBe(200);
    s.clock.advance(60_000);
    expect(s.login('12345678', { deviceId: id(3) }).reply.status).toBe(200);
  });

  it('a successful registration clears the device failure entries', () => {
    const s = setup();
    s.login('wrong');
    s.login('wrong');
    expect(s.events.at(-1)!.count).toBe(2);
    s.login('12345678');
    s.login('wrong');
    expect(s.events.at(-1)!.count).toBe(1);
  });
});

describe('FailureTracker bounds', () => {
  const ctx = (deviceId: string, address = '10.0.0.7:5060') => ({ deviceId, address, transport: 'UDP' as const });

  it('gives unknown IDs from one IP a few entries of their own, then folds the rest into one entry for the IP', () => {
    const saved: RegistrationFailure[] = [];
    const t = new FailureTracker({ save: (f) => saved.push(f), clear: () => undefined }, [], { unknownPerSource: 3 });
    for (let i = 0; i < 1000; i++) t.record('not-allowed', ctx(`3402000000132${String(i).padStart(7, '0')}`, `10.0.0.7:${5000 + i}`), 1000 + i, false);
    expect(t.size).toBe(4);
    const folded = t.of('*@10.0.0.7')[0];
    expect(folded).toMatchObject({ count: 997, reason: 'not-allowed', address: '10.0.0.7:5999' });
    expect(folded.message).toBe(
      'REGISTERs from 10.0.0.7 for many device IDs this console does not know failed 997 times (latest: 34020000001320000999 from 10.0.0.7:5999, not admitted); they are counted in this one entry',
    );
    // a known device always gets its own entry; saves are throttled for the folded entry
    t.record('wrong-password', ctx('34020000001329999999'), 3000, true);
    expect(t.of('34020000001329999999')).toHaveLength(1);
    expect(saved.length).toBeLessThan(40);
  });

  it('keeps at most maxDevices devices, dropping the least recently failed, and ages entries out', () => {
    const cleared: string[] = [];
    const t = new FailureTracker({ save: () => undefined, clear: (id) => cleared.push(id) }, [], { maxDevices: 10, maxAgeMs: 1_000_000 });
    for (let i = 0; i < 25; i++) t.record('wrong-password', ctx(`340200000013200000${String(10 + i)}`), i);
    expect(t.size).toBe(10);
    expect(cleared).toHaveLength(15);
    expect(t.list().map((f) => f.deviceId).at(-1)).toBe('34020000001320000025');
    t.record('wrong-password', ctx('34020000001320000099'), 1_000_022);
    // failed at 15..22 are a million ms old: gone; 23, 24 and the new one stay
    expect(t.list().map((f) => f.lastAt)).toEqual([1_000_022, 24, 23]);
  });

  it('loads at most maxDevices from the store, the newest, and clears the rest there', () => {
    const cleared: string[] = [];
    const initial = Array.from({ length: 50 }, (_, i): RegistrationFailure => ({
      deviceId: `340200000013200000${String(10 + i)}`, address: '10.0.0.7:5060', transport: 'UDP', reason: 'not-allowed', message: 'm', count: 1, firstAt: i, lastAt: i,
    }));
    const t = new FailureTracker({ save: () => undefined, clear: (id) => cleared.push(id) }, initial.reverse(), { maxDevices: 20 });
    expect(t.size).toBe(20);
    expect(cleared).toHaveLength(30);
    expect(t.list()[0].deviceId).toBe('34020000001320000059');
  });
});
