// The REGISTER handler (GB/T 28181 §9.1, RFC 3261 §10.3): digest challenge and check, admission, target
// check, lockout, failure diagnostics, and the 200 OK devices set their clock from. It decides; the device
// service keeps the binding. Credentials are bound to the device and the sender: the digest username must be
// the device ID in To (and From), the digest uri the Request-URI, and the nonce one we issued to this address
// and not yet used with this count (docs/protocol.md §4).
import type { RegistrationFailure, RegistrationFailureReason, SipTransport } from '../../../shared/types/devices';
import type { Settings } from '../../../shared/settings';
import type { ServerText } from '../../../shared/texts';
import type { HeaderField, SipAddress, SipRequest } from '../../sip/message/types';
import { getCallId, getFrom, getHeader, getHeaders, getRequestUri, getTo } from '../../sip/message';
import type { Clock } from '../../sip/timers/clock';
import { peerKey } from '../../sip/transport/transport';
import type { Logger } from '../../log/logger';
import { buildChallenge, NonceUse, verifyAuthorization, type NonceStore } from '../digest';
import { reasonForBadDeviceId } from '../ids';
import { formatGbDateHeader } from '../datetime';
import { AdmissionRate } from './admission-rate';
import { requestedExpires } from './expires';
import type { FailureTracker } from './failures';
import { gbVersionReply } from './gb-version';
import { lockDetail, lockPhrase } from './lock-text';
import type { RegistrationLockout } from './lockout';
import { checkTarget } from './target';

export type RegistrarSettings = Pick<Settings, 'sipId' | 'domain' | 'password' | 'admissionMode' | 'strictTarget'> & Partial<Pick<Settings, 'deviceTimeZone'>>;

/** What the registrar needs to know about a device the console already has. */
export interface KnownDevice {
  password: string | null;
  allowed: boolean;
  /** "ip:port" its standing registration came from, when the directory knows it. */
  registeredFrom?: string;
  /** The device's own time zone setting (docs/protocol.md §13); else the deviceTimeZone setting applies. */
  timeZone?: string;
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
  /** The other server ID or domain the REGISTER was addressed to (null: to us). */
  targetMismatch: ServerText | null;
  userAgent: string | null;
}

export interface RegistrarDirectory {
  find(deviceId: string): KnownDevice | undefined;
  bind(b: Binding): void;
  unbind(b: Binding): void;
  /** A registration failure was recorded (the directory emits it and notes it on the device). */
  failed?(deviceId: string, said: ServerText | string): void;
}

/**
 * Spreads devices over several console instances: names the instance a REGISTER should go to instead of this
 * one, answered 302 with that Contact (GB/T 28181-2022 §9.1, docs/protocol.md §4).
 */
export interface RedirectPolicy {
  choose(deviceId: string): { contact: string } | undefined;
}

export interface RegistrarReply {
  status: number;
  reason?: string;
  headers: HeaderField[];
  /** What happened, for tests and logs. */
  outcome: 'challenge' | 'stale' | 'registered' | 'unregistered' | 'redirected' | RegistrationFailureReason;
}

export interface RegistrarDeps {
  settings: () => RegistrarSettings;
  directory: RegistrarDirectory;
  clock: Pick<Clock, 'now'>;
  nonces: NonceStore;
  lockout: RegistrationLockout;
  failures: FailureTracker;
  logger: Logger;
  /** Event sink for 'registration.failed'. */
  onFailure?: (f: RegistrationFailure) => void;
  /** Replay guard for answers (default: one over the nonce store's ttl). */
  nonceUse?: NonceUse;
  /** Cap on new devices per source in open admission (default 60 per minute per IP). */
  admission?: AdmissionRate;
  /** Several instances: a registration may be sent to another one (302). */
  redirect?: RedirectPolicy;
}

export class Registrar {
  private readonly nonceUse: NonceUse;
  private readonly admission: AdmissionRate;

  constructor(private readonly d: RegistrarDeps) {
    this.nonceUse = d.nonceUse ?? new NonceUse({ ttlMs: d.nonces.ttlMs });
    this.admission = d.admission ?? new AdmissionRate();
  }

  /** Sizes of the tables peers can grow, for tests and diagnostics. */
  tableSizes(): Record<string, number> {
    return { failures: this.d.failures.size, nonceUses: this.nonceUse.size, admission: this.admission.size, ...this.d.lockout.sizes() };
  }

  handle(req: SipRequest, source: SipAddress, flow?: string): RegistrarReply {
    const r = this.decide(req, source, flow);
    // GB/T 28181-2022 Annex I: X-GB-Ver on every response to REGISTER, refusals and challenges included.
    const ver = gbVersionReply(getHeader(req, 'X-GB-Ver'));
    if (ver) r.headers.push({ name: 'X-GB-Ver', value: ver });
    return r;
  }

  private decide(req: SipRequest, source: SipAddress, flow?: string): RegistrarReply {
    const s = this.d.settings();
    const now = this.d.clock.now();
    const address = peerKey(source.address, source.port);
    const toUser = getTo(req)?.uri.user?.trim();
    const fromUser = getFrom(req)?.uri.user?.trim();
    const deviceId = toUser ?? fromUser ?? '';
    const transport = source.transport as SipTransport;
    const known = this.d.directory.find(deviceId);
    const fail = (reason: RegistrationFailureReason, status: number, phrase: string, detail?: string, detailText?: ServerText): RegistrarReply => {
      const { failure, report } = this.d.failures.record(reason, { deviceId, address, transport, detail, detailText }, now, known !== undefined);
      if (report) {
        this.d.logger.warn(failure.message);
        if (known) this.d.directory.failed?.(deviceId, failure.text ?? failure.message);
        this.d.onFailure?.(failure);
      }
      return { status, reason: phrase, headers: [], outcome: reason };
    };

    const lock = this.d.lockout.refusal(deviceId, source.address, address, known?.registeredFrom);
    if (lock) return fail('locked-out', 403, lockPhrase(lock, now), lockDetail(lock, now));

    const badId = reasonForBadDeviceId(deviceId);
    if (badId) return fail('bad-device-id', 403, badId, badId);
    if (fromUser !== undefined && fromUser !== deviceId) {
      const detail = `From names ${fromUser} but To names ${deviceId}; a device registers itself`;
      return fail('bad-request', 403, detail, detail);
    }

    const target = checkTarget(getRequestUri(req), s);
    if (target.mismatch && s.strictTarget) {
      const phrase = `Wrong server ID or domain: this server is ${s.sipId} in domain ${s.domain}`;
      return fail('wrong-target', 403, phrase, target.mismatch.text, target.mismatch);
    }

    if (s.admissionMode === 'allowlist' && !known?.allowed) {
      return fail('not-allowed', 403, `Device ${deviceId} is not on this server's allowlist`);
    }

    const flowKey = `${source.transport} ${address}`;
    const auth = getHeader(req, 'Authorization');
    if (!auth) return this.challenge(s.domain, flowKey, false);

    const password = known?.password ?? s.password;
    const v = verifyAuthorization('REGISTER', auth, password, this.d.nonces, {
      realm: s.domain,
      username: deviceId,
      requestUri: req.uri,
      binding: flowKey,
      nonceUse: this.nonceUse,
    });
    if (!v.ok) {
      switch (v.reason) {
        case 'stale-nonce':
          return this.challenge(s.domain, flowKey, true);
        case 'unknown-nonce':
        case 'replayed-nonce':
          // Not a nonce we gave this address, or one already used: a fresh challenge and no verdict on the
          // password (a real device answers it; a replayed or forged answer learns nothing).
          return this.challenge(s.domain, flowKey, false);
        case 'wrong-password': {
          const tripped = this.d.lockout.wrongPassword(deviceId, source.address, address, known?.registeredFrom);
          const r = fail('wrong-password', 403, 'Wrong password');
          if (tripped) this.d.logger.warn(`${lockDetail(tripped, now)}; REGISTERs it covers are refused without a challenge until then`);
          return r;
        }
        case 'wrong-username':
          return fail('bad-request', 403, `Credentials are for ${v.credentials?.username}, not for ${deviceId}`, v.detail);
        case 'bad-header':
        case 'wrong-uri':
          return fail('bad-request', 400, v.detail.slice(0, 120), v.detail);
        default:
          return fail('bad-request', 403, v.detail.slice(0, 120), v.detail);
      }
    }

    const expiresSec = requestedExpires(req);
    if (expiresSec > 0 && !known && s.admissionMode === 'open' && !this.admission.admit(source.address, now)) {
      const detail = `was not admitted: ${this.admission.perSource} new devices from ${source.address} joined within a minute (the limit in open admission); it gets in when it retries after that, or add it in the console`;
      return fail('not-allowed', 403, `Too many new devices from ${source.address}; try again in a minute`, detail);
    }
    this.d.lockout.succeeded(deviceId, address);
    const moved = expiresSec > 0 ? this.d.redirect?.choose(deviceId) : undefined;
    if (moved) return { status: 302, reason: 'Moved Temporarily', headers: [{ name: 'Contact', value: moved.contact }], outcome: 'redirected' };
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
    if (expiresSec === 0) {
      this.d.directory.unbind(binding);
      headers.push({ name: 'Expires', value: '0' });
    } else {
      this.d.directory.bind(binding);
      for (const c of contacts) headers.push({ name: 'Contact', value: c });
      headers.push({ name: 'Expires', value: String(expiresSec) });
    }
    // Devices set their clock from this wall-clock time: the device's zone, not the console's (docs/protocol.md §4).
    headers.push({ name: 'Date', value: formatGbDateHeader(new Date(now), known?.timeZone ?? (s.deviceTimeZone || undefined)) });
    if (this.d.failures.clear(deviceId)) {
      this.d.logger.info(`device ${deviceId} at ${address} registered after earlier failures; its failure entries are cleared`);
    }
    return { status: 200, headers, outcome: expiresSec === 0 ? 'unregistered' : 'registered' };
  }

  private challenge(realm: string, binding: string, stale: boolean): RegistrarReply {
    const value = buildChallenge(realm, { nonce: this.d.nonces.issue(binding), stale, qop: true });
    return { status: 401, reason: 'Unauthorized', headers: [{ name: 'WWW-Authenticate', value }], outcome: stale ? 'stale' : 'challenge' };
  }
}
