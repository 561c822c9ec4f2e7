// Composition of the GB/T 28181 server over the SIP stack: sockets, registrar, device registry,
// keepalive/offline detection, queries and catalog subscriptions. The store engine and the event sink come
// from the core; the API methods over these parts are built there too (api/methods/devices.ts).
import type { ApiEvents, ListenAddress } from '../../../shared/contract';
import { USER_AGENT } from '../../../shared/product';
import type { Settings } from '../../../shared/settings';
import { describeBindError, StartupError } from '../../config/bind-errors';
import type { Logger } from '../../log/logger';
import { firstLanAddress, isUnspecified } from '../../sip/stack/local-address';
import { SipStack } from '../../sip/stack/stack';
import type { SignallingTap } from '../../sip/tap/tap';
import { systemClock, type Clock } from '../../sip/timers/clock';
import type { TimerBase } from '../../sip/timers/timers';
import { TcpTransport, type TcpListenOptions } from '../../sip/transport/tcp';
import type { Transport } from '../../sip/transport/transport';
import { smallRecvBufferWarning } from '../../sip/transport/recv-buffer';
import { UdpTransport } from '../../sip/transport/udp';
import { ThreadedUdpTransport } from '../../sip/transport/udp-thread/threaded-udp';
import { NonceStore } from '../digest';
import { DeviceService } from '../devices/device-service';
import type { DeviceEvents } from '../devices/events';
import { DeviceMessenger } from '../devices/messenger';
import type { DevicePersistence } from '../devices/persistence';
import { DeviceRegistry } from '../devices/registry';
import { QueryService, type QueryTimeouts } from '../query/query-service';
import { deviceOfflineText } from '../query/texts';
import { FailureTracker } from '../registrar/failures';
import type { AdmissionRateOptions } from '../registrar/admission-rate';
import { AdmissionRate } from '../registrar/admission-rate';
import { RegistrationLockout, type LockoutOptions } from '../registrar/lockout';
import { Registrar, type RedirectPolicy } from '../registrar/registrar';
import { CatalogSubscriptions, type SubscriptionOptions } from '../subscription/catalog-subscriptions';
import { WantedSubscriptions } from '../subscription/wanted';
import { catalogAgainSteps, followUpSteps, isUnreachable, type FollowUpServices } from '../followup/after-registration';
import { CatalogRecovery, type CatalogRecoveryOptions } from '../followup/catalog-recovery';
import { RegisterPressure, type RegisterPressureOptions } from '../followup/register-pressure';
import { FollowUpScheduler, type FollowUpOptions } from '../followup/scheduler';
import { RequestRouter } from './request-router';

export type GbEvents = DeviceEvents & Pick<ApiEvents, 'registration.failed'>;

/** Where the GB server's events go (the core's event bus). */
export interface GbEventSink {
  emit<E extends keyof GbEvents>(event: E, payload: GbEvents[E]): void;
}

import type { AlarmSink } from '../alarm/alarm-sink';

export interface GbServerOptions {
  /** The effective settings; read on every use, so changes apply without a restart where they can. */
  settings: { readonly values: Settings };
  /** Device persistence (the SQLite engine in store/devices); the GB server flushes it but does not close it. */
  store: DevicePersistence;
  events: GbEventSink;
  logger: Logger;
  clock?: Clock;
  tap?: SignallingTap;
  /** Where device alarms go (default: logged only). */
  alarms?: AlarmSink;
  /** Tests: use these transports instead of binding the SIP port. */
  transports?: Transport[];
  /** The SIP UDP port's socket on a thread of its own (udp-thread/threaded-udp.ts), as the shipped server runs it. */
  udpThread?: boolean;
  /** Several instances: the digest nonce secret they share, and where a REGISTER may be sent instead (302). */
  cluster?: { nonceSecret: Buffer; redirect?: RedirectPolicy; heldElsewhere?: (deviceId: string) => boolean };
  /** Tunables, mostly for tests. */
  tuning?: {
    timers?: Partial<TimerBase>;
    nonceTtlMs?: number;
    lockout?: LockoutOptions;
    /** Open admission: new devices per source IP per minute (loopback exempt unless `exempt` says otherwise). */
    admission?: AdmissionRateOptions;
    queries?: Partial<QueryTimeouts>;
    subscription?: SubscriptionOptions;
    /** Ask DeviceInfo, Catalog, BasicParam and subscribe after each new registration (default true). */
    autoQueries?: boolean;
    /** Bounds of the automatic follow-up queries. */
    followUps?: Partial<FollowUpOptions>;
    /** When a device online without its catalogue is asked for it again. */
    catalogRecovery?: Partial<CatalogRecoveryOptions>;
    /** REGISTERs per second above which follow-ups wait. */
    registerPressure?: Partial<RegisterPressureOptions>;
    /** TCP connections idle this long are closed (default 15 min). */
    tcpIdleMs?: number;
  };
}

export interface GbServer {
  listen: ListenAddress[];
  stack: SipStack;
  /** Device access for other features (live view, playback, PTZ, alarms). */
  devices: DeviceService;
  registry: DeviceRegistry;
  queries: QueryService;
  subscriptions: CatalogSubscriptions;
  /** Subscription kinds every online device should hold (features add theirs: Alarm, MobilePosition). */
  wanted: WantedSubscriptions;
  failures: FailureTracker;
  /** Registration locks (device + source, device ID, source IP), for the installer to see and lift. */
  lockout: RegistrationLockout;
  registrar: Registrar;
  followUps: FollowUpScheduler;
  /** The zone a device's zone-less times are read and written in (undefined: the console's). */
  timeZoneOf(deviceId: string): string | undefined;
  stats(): {
    devicesOnline: number;
    devicesTotal: number;
    devicesCatalogued: number;
    followUpsPending: number;
    followUpsInFlight: number;
    followUpWindow: number;
    sipRequestsResent: number;
    sipRequestRepeatsReceived: number;
    sipDatagramsDropped: number;
  };
  close(): Promise<void>;
}

export async function startGbServer(opts: GbServerOptions): Promise<GbServer> {
  const { settings, store, events, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const tuning = opts.tuning ?? {};
  const tcpOptions = { idleTimeoutMs: tuning.tcpIdleMs, maxBodyBytes: settings.values.sipMaxBodyKb * 1024 };
  const transports = opts.transports ?? (await bindSipPort(settings.values.sipIp, settings.values.sipPort, tcpOptions, opts.clock, opts.udpThread ?? false));
  for (const t of transports) {
    const warning = t.recvBuffer && smallRecvBufferWarning(`${t.local.address}:${t.local.port}`, t.recvBuffer);
    if (warning) logger.warn(warning);
  }
  const stack = new SipStack({
    transports,
    clock,
    timers: tuning.timers,
    userAgent: USER_AGENT,
    // Via and Contact name the local address that routes to each device (stack.localAddressFor)
    contactUser: settings.values.sipId,
    tap: opts.tap,
  });

  const registry = new DeviceRegistry({
    store,
    events,
    logger,
    clock,
    keepaliveDefaults: () => ({ intervalSec: settings.values.keepaliveIntervalSec, count: settings.values.keepaliveCount }),
    heldElsewhere: opts.cluster?.heldElsewhere,
  });
  const failures = new FailureTracker({ save: (f) => store.saveFailure(f), clear: (id) => store.clearFailures(id) }, store.failures.all());
  const lockout = new RegistrationLockout(clock, tuning.lockout);
  const registrar = new Registrar({
    settings: () => settings.values,
    directory: registry,
    clock,
    nonces: new NonceStore({ ttlMs: tuning.nonceTtlMs, clock, secret: opts.cluster?.nonceSecret }),
    lockout,
    admission: new AdmissionRate(tuning.admission),
    failures,
    logger,
    onFailure: (f) => events.emit('registration.failed', f),
    redirect: opts.cluster?.redirect,
  });
  const messenger = new DeviceMessenger(stack, registry, () => settings.values);
  const queries = new QueryService(messenger, registry, clock, logger, tuning.queries);
  const subscriptions = new CatalogSubscriptions(stack, messenger, registry, queries.sn, clock, logger, tuning.subscription);
  const service = new DeviceService(stack, registry, messenger, queries);
  // What every online device should hold, re-established whenever it is back online.
  const wanted = new WantedSubscriptions([subscriptions]);
  wanted.follow(registry);
  // A device's zone, else the console's default setting, else the console's own (undefined).
  const timeZoneOf = (id: string) => registry.get(id)?.timeZone ?? (settings.values.deviceTimeZone || undefined);
  const router = new RequestRouter({ registrar, registry, queries, service, logger, subscriptions: wanted, alarms: opts.alarms, timeZoneOf });
  stack.onRequest((req, ctx) => router.handle(req, ctx));
  const pressure = new RegisterPressure(clock, tuning.registerPressure);
  stack.onStatelessRequest((req, source, flow) => {
    if (req.method === 'REGISTER') pressure.note();
    return router.stateless(req, source, flow);
  });

  stack.onEvent((e) => {
    if (e.type === 'connection-closed') registry.connectionClosed(e.peer, e.text);
    else if (e.type === 'handler-error') logger.error(e.text);
  });

  const followUps = new FollowUpScheduler(clock, {
    underPressure: () => pressure.underPressure(),
    retransmissions: () => stack.transactions.retransmissions.requestsResent + stack.transactions.retransmissions.requestRepeatsReceived,
    onError: (deviceId, step, err) => logger.error(`device ${deviceId}: ${step} failed unexpectedly: ${(err as Error).message}`),
  }, tuning.followUps);
  const followUpServices: FollowUpServices = {
    deviceInfo: (id) => queries.deviceInfo(id),
    catalog: (id) =>
      queries.catalog(id).catch((err: unknown) => {
        if (!isUnreachable(err)) catalogRecovery.refused(id);
        throw err;
      }),
    basicParam: (id) => queries.basicParam(id),
    subscribe: (id) => wanted.renew(id),
    isOnline: (id) => registry.get(id)?.online === true,
    note: (id, said) => {
      registry.note(id, 'error', said);
      logger.info(`device ${id}: ${said.text}`);
    },
  };
  const catalogRecovery = new CatalogRecovery(
    clock,
    {
      catalogued: (id) => registry.get(id)?.catalog.updatedAt != null,
      online: (id) => registry.get(id)?.online === true,
      known: (id) => registry.get(id) !== undefined,
      busy: (id) => followUps.isScheduled(id),
      // Online means heard from within its keepalive window: whatever ended its follow-ups unanswered has passed.
      ask: (id) => {
        followUps.clearCooldown(id);
        return followUps.schedule(id, catalogAgainSteps(id, followUpServices));
      },
    },
    tuning.catalogRecovery,
  );
  if (tuning.autoQueries !== false) {
    registry.onRegistered((d, kind) => {
      if (kind !== 'new') return;
      catalogRecovery.registered(d.deviceId);
      const queued = followUps.schedule(d.deviceId, followUpSteps(d.deviceId, followUpServices));
      if (queued === 'cooling-down') {
        logger.info(`device ${d.deviceId} registered again but did not answer the last queries; not asked again for now (use Refresh)`);
      }
    });
  }
  registry.onOffline((o) => {
    followUps.cancel(o.deviceId);
    subscriptions.stop(o.deviceId);
    queries.deviceGone(o.deviceId, deviceOfflineText(o.deviceId, o.said ?? o.text));
  });

  const listen: ListenAddress[] = transports.map((t) => ({
    transport: t.name === 'UDP' ? 'udp' : 'tcp',
    ip: t.local.address,
    port: t.local.port,
  }));
  logger.info(`SIP server ${settings.values.sipId} (domain ${settings.values.domain}) listening on ${listen.map((l) => `${l.transport.toUpperCase()} ${l.ip}:${l.port}`).join(', ')}`);

  let closed = false;
  return {
    listen,
    stack,
    devices: service,
    registry,
    queries,
    subscriptions,
    wanted,
    failures,
    lockout,
    registrar,
    followUps,
    timeZoneOf,
    stats: () => {
      const f = followUps.stats();
      const r = stack.transactions.retransmissions;
      return { ...registry.stats(), followUpsPending: f.queued + f.running, followUpsInFlight: f.running, followUpWindow: f.window, sipRequestsResent: r.requestsResent, sipRequestRepeatsReceived: r.requestRepeatsReceived, sipDatagramsDropped: datagramsDropped(transports) };
    },
    async close() {
      if (closed) return;
      closed = true;
      followUps.close();
      catalogRecovery.close();
      wanted.close();
      subscriptions.close();
      queries.close();
      registry.close();
      await stack.close();
    },
  };
}

/** Datagrams the SIP UDP socket's thread refused because the main thread was too far behind (udp-thread/threaded-udp.ts). */
function datagramsDropped(transports: Transport[]): number {
  let n = 0;
  for (const t of transports) n += t.dropped ?? 0;
  return n;
}

/**
 * UDP and TCP on the SIP port; a port in use fails start-up with a sentence naming --sip-port. With port 0 the
 * system picks a free UDP port, whose TCP twin may be taken by some other program's connection: then another
 * UDP port is tried (a few times) rather than failing.
 */
async function bindSipPort(
  ip: string,
  port: number,
  tcpOptions: Omit<TcpListenOptions, 'address' | 'port'>,
  clock: Clock | undefined,
  thread: boolean,
): Promise<Transport[]> {
  const attempts = port === 0 ? 5 : 1;
  for (let attempt = 1; ; attempt++) {
    let udp: UdpTransport | ThreadedUdpTransport;
    try {
      // A site's keepalives are read in small batches rather than one wakeup each (docs/protocol.md §15).
      // An injected clock (tests running minutes of fake time) also measures the rate and times the pauses.
      udp = thread ? await ThreadedUdpTransport.listen({ address: ip, port, pacing: true }) : await UdpTransport.listen({ address: ip, port, pacing: true, clock });
    } catch (err) {
      throw new StartupError(describeBindError('--sip-port', 'SIP UDP', ip, port, err));
    }
    try {
      const tcp = await TcpTransport.listen({ ...tcpOptions, address: ip, port: udp.local.port });
      return [udp, tcp];
    } catch (err) {
      await udp.close();
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!inUse || attempt >= attempts) throw new StartupError(describeBindError('--sip-port', 'SIP TCP', ip, udp.local.port, err));
    }
  }
}
