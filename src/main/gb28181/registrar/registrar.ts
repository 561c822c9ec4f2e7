// The REGISTER handler (GB/T 28181 §9.1, RFC 3261 §10.3): digest challenge and check, admission, target
// check, lockout, failure diagnostics, and the 200 OK devices set their clock from. It decides; the device
// service keeps the binding.
import type { RegistrationFailureReason, SipTransport } from '../../../shared/types/devices';
import type { Settings } from '../../../shared/settings';
import type { HeaderField, SipAddress, SipRequest } from '../../sip/message/types';
import { getCallId, getFrom, getHeader, getHeaders, getRequestUri, getTo } from '../../sip/message';
import type { Clock } from '../../sip/timers/clock';
import { peerKey } from '../../sip/transport/transport';
import type { Logger } from '../../log/logger';
import { buildChallenge, verifyAuthorization, type NonceStore } from '../digest';
import { reasonForBadDeviceId } from '../ids';
import { formatGbDateHeader } from '../datetime';
import { requestedExpires } from './expires';
import type { FailureTracker } from './failures';
import { gbVersionReply } from './gb-version';
import type { IpLockout } from './lockout';
import { checkTarget } from './target';

export type RegistrarSettings = Pick<Settings, 'sipId' | 'domain' | 'password' | 'admissionMode' | 'strictTarget'>;

/** What the registrar needs to know about a device the console already has. */
export interface KnownDevice {
  password: string | null;
  allowed: boolean;
}

/** A successful registration (expiresSec > 0) or unregistration (expiresSec = 0). */
export interface Binding {
  deviceId: string;
  source: SipAddress;
  /** TCP: the connection it registered on. */
  flow?: string;
  callId: string;
  expiresSec: number;
  contact: string | null;
  gbVersion: string | null;
  targetMismatch: string | null;
  userAgent: string | null;
}

export interface RegistrarDirectory {
  find(deviceId: string): KnownDevice | undefined;
  bind(b: Binding): void;
  unbind(b: Binding): void;
  /** A registration failure was recorded (the directory emits it and notes it on the device). */
  failed?(deviceId: string, message: string): void;
}

export interface RegistrarReply {
  status: number;
  reason?: string;
  headers: HeaderField[];
  /** What happened, for tests and logs. */
  outcome: 'challenge' | 'stale' | 'registered' | 'unregistered' | RegistrationFailureReason;
}

export interface RegistrarDeps {
  settings: () => RegistrarSettings;
  directory: RegistrarDirectory;
  clock: Pick<Clock, 'now'>;
  nonces: NonceStore;
  lockout: IpLockout;
  failures: FailureTracker;
  logger: Logger;
  /** Event sink for 'registration.failed'. */
  onFailure?: (f: ReturnType<FailureTracker['record']>) => void;
}

export class Registrar {
  constructor(private readonly d: RegistrarDeps) {}

  handle(req: SipRequest, source: SipAddress, flow?: string): RegistrarReply {
    const s = this.d.settings();
    const address = peerKey(source.address, source.port);
    const deviceId = (getTo(req)?.uri.user ?? getFrom(req)?.uri.user ?? '').trim();
    const transport = source.transport as SipTransport;
    const fail = (reason: RegistrationFailureReason, status: number, phrase: string, detail?: string): RegistrarReply => {
      const f = this.d.failures.record(reason, { deviceId, address, transport, detail }, this.d.clock.now());
      this.d.logger.warn(f.message);
      this.d.directory.failed?.(deviceId, f.message);
      this.d.onFailure?.(f);
      return { status, reason: phrase, headers: [], outcome: reason };
    };

    const lock = this.d.lockout.lockOf(source.address);
    if (lock) {
      const secs = Math.max(1, Math.ceil((lock.until - this.d.clock.now()) / 1000));
      const detail = `${source.address} is locked out for ${secs} s more after ${lock.failures} wrong passwords within a minute`;
      return fail('locked-out', 403, `Too many failed registrations from ${source.address}; try again in ${secs} s`, detail);
    }

    const badId = reasonForBadDeviceId(deviceId);
    if (badId) return fail('bad-device-id', 403, badId, badId);

    const target = checkTarget(getRequestUri(req), s);
    if (target.mismatch && s.strictTarget) {
      const phrase = `Wrong server ID or domain: this server is ${s.sipId} in domain ${s.domain}`;
      return fail('wrong-target', 403, phrase, target.mismatch);
    }

    const known = this.d.directory.find(deviceId);
    if (s.admissionMode === 'allowlist' && !known?.allowed) {
      return fail('not-allowed', 403, `Device ${deviceId} is not on this server's allowlist`);
    }

    const auth = getHeader(req, 'Authorization');
    if (!auth) return this.challenge(s.domain, false);

    const password = known?.password ?? s.password;
    const v = verifyAuthorization('REGISTER', auth, password, this.d.nonces);
    if (!v.ok) {
      switch (v.reason) {
        case 'stale-nonce':
          return this.challenge(s.domain, true);
        case 'unknown-nonce':
          // Not our nonce (e.g. from before a restart): a right password only needs a fresh nonce.
          return this.challenge(s.domain, v.passwordOk === true);
        case 'wrong-password': {
          const tripped = this.d.lockout.recordFailure(source.address);
          const r = fail('wrong-password', 403, 'Wrong password');
          if (tripped) {
            this.d.logger.warn(
              `${source.address} sent ${tripped.failures} wrong passwords within a minute; its REGISTERs are refused without a challenge for ${Math.round(this.d.lockout.lockMs / 1000)} s`,
            );
          }
          return r;
        }
        case 'bad-header':
          return { ...fail('bad-request', 400, v.detail.slice(0, 120), v.detail), outcome: 'bad-request' };
        default:
          return fail('bad-request', 403, v.detail.slice(0, 120), v.detail);
      }
    }

    const expiresSec = requestedExpires(req);
    const deviceVersion = getHeader(req, 'X-GB-Ver');
    const contacts = getHeaders(req, 'Contact');
    const binding: Binding = {
      deviceId,
      source,
      flow,
      callId: getCallId(req) ?? '',
      expiresSec,
      contact: contacts.join(', ') || null,
      gbVersion: deviceVersion?.trim() || null,
      targetMismatch: target.mismatch,
      userAgent: getHeader(req, 'User-Agent') ?? null,
    };
    const headers: HeaderField[] = [];
    const ver = gbVersionReply(deviceVersion);
    if (expiresSec === 0) {
      this.d.directory.unbind(binding);
      headers.push({ name: 'Expires', value: '0' });
    } else {
      this.d.directory.bind(binding);
      for (const c of contacts) headers.push({ name: 'Contact', value: c });
      headers.push({ name: 'Expires', value: String(expiresSec) });
    }
    headers.push({ name: 'Date', value: formatGbDateHeader(new Date(this.d.clock.now())) });
    if (ver) headers.push({ name: 'X-GB-Ver', value: ver });
    if (this.d.failures.clear(deviceId)) {
      this.d.logger.info(`device ${deviceId} at ${address} registered after earlier failures; its failure entries are cleared`);
    }
    return { status: 200, headers, outcome: expiresSec === 0 ? 'unregistered' : 'registered' };
  }

  private challenge(realm: string, stale: boolean): RegistrarReply {
    const value = buildChallenge(realm, { nonce: this.d.nonces.issue(), stale, qop: true });
    return { status: 401, reason: 'Unauthorized', headers: [{ name: 'WWW-Authenticate', value }], outcome: stale ? 'stale' : 'challenge' };
  }
}
