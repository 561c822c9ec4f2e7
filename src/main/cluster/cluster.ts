// Several console instances, one platform (--redis): this instance's card and device presence in Redis, the
// shared nonce secret, SSRC blocks, the command relay and the 302 policy. The composition root starts it before
// the GB server (which needs the nonce secret and the redirect policy) and attaches the devices after.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { StartupError } from '../config/bind-errors';
import { InstanceDirectory, type InstanceCard } from './instances';
import { ClusterKeys } from './keys';
import { sharedNonceSecret } from './nonce-secret';
import { relayExecutor, routeByOwner, type HandlerTable } from './owner-routing';
import { DevicePresence } from './presence';
import { connectRedis, redactUrl, type RedisLog } from './redis-client';
import { LoadRedirect } from './redirect';
import { RedirectNotes, readRedirectNote } from './redirect-notes';
import { CommandRelay, remoteClientId } from './relay';
import { SsrcBlocks } from './ssrc-blocks';
import { DomainError } from '../../shared/errors';
import { noPlacerText, noSharerText, shareNoInstanceText, startingText } from './texts';
import { EventShare, type EventBusLike } from './event-share';
import { SettingsShare, type SharedSettings } from './settings-share';
import { CallPlacer, PlacedCall, type CallPlacerDeps, type PlaceParams, type RemoteDeviceView } from './placed-calls';
import type { LiveDevice, LiveDeviceDirectory, MediaStatusNote } from '../live/directory';
import { LiveRegistry } from './live-registry';
import { LiveSharer, SharedCall, type SharedLiveService, type ShareParams } from './shared-live';

/** What the cluster needs of the device registry. */
export interface ClusterDevices {
  onRegistered(fn: (d: { deviceId: string }) => void): () => void;
  onOffline(fn: (o: { deviceId: string }) => void): () => void;
  all(): Array<{ deviceId: string; online: boolean }>;
  get(deviceId: string): { online: boolean } | undefined;
  stats(): { devicesOnline: number };
  /** The device registered to another instance: stop watching and writing it here. */
  handOver(deviceId: string): void;
}

/** What the cluster needs of the API clients registry (api/clients.ts). */
export interface ClusterClients {
  onGone(fn: (clientId: string) => void): () => void;
  ended(clientId: string): void;
}

export interface ClusterOptions {
  url: string;
  logger: RedisLog & { error(text: string): void };
  /** Where devices reach this instance's SIP server (read when the devices attach). */
  sipAddress: () => { ip: string; port: number };
  sipId: () => string;
  /** An instance whose card is not refreshed for this long is dead (default 10 s). */
  instanceTtlMs?: number;
  /** Online devices' presence is renewed this often, for three times as long (default 20 s). */
  presenceRefreshMs?: number;
  /** Key prefix of the platform (default "gb:"). */
  prefix?: string;
}

export interface Cluster {
  readonly self: string;
  readonly nonceSecret: Buffer;
  readonly redirect: LoadRedirect;
  readonly presence: DevicePresence;
  readonly instances: InstanceDirectory;
  /** SSRC sequence numbers 1-9999 this instance may use (unique across instances). */
  readonly ssrcRange: { min: number; max: number };
  /**
   * Before the device registry loads: which of these stored devices another live instance holds. Those are not
   * watched, marked offline or written here until they register here (heldElsewhere).
   */
  learnOwners(deviceIds: readonly string[]): Promise<void>;
  /** The device is registered to another live instance, as far as this instance knows. */
  heldElsewhere(deviceId: string): boolean;
  /** Starts publishing this instance's card and presence for these devices. */
  attach(devices: ClusterDevices): Promise<void>;
  /** Publishes this instance's device events and re-emits the other instances' on `bus`. */
  shareEvents(bus: EventBusLike): Promise<void>;
  /** Settings changed here are applied on every instance, and theirs here (not each instance's own addresses). */
  shareSettings(settings: SharedSettings): Promise<void>;
  /** API clients of this instance: moves they started on other instances stop there when they are gone. */
  followClients(clients: ClusterClients): void;
  /** Places live-view calls for viewers on other instances, over this instance's SIP stack. */
  serveCalls(deps: CallPlacerDeps): void;
  /** Which instance holds each channel's live-view call (one call per channel across the platform). */
  readonly liveRegistry: LiveRegistry;
  /** Shares this instance's live sessions with viewers on other instances (frames sent on over RTP from `bindIp`). */
  shareLive(live: SharedLiveService, bindIp: () => string): void;
  /** Live view's device directory that also knows devices of other instances a viewer here asked for. */
  liveDirectory(local: LiveDeviceDirectory, answerTimeoutMs: number): LiveDeviceDirectory;
  /** The API handlers routed by device owner; other instances may run the local ones through the relay. */
  route<H extends HandlerTable>(handlers: H): H;
  close(): Promise<void>;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const keys = new ClusterKeys(o.prefix);
  const self = `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const ttlMs = o.instanceTtlMs ?? 10_000;
  const refreshMs = o.presenceRefreshMs ?? 20_000;
  const redis: Redis = connectRedis(o.url, o.logger, 'commands');
  const sub: Redis = connectRedis(o.url, o.logger, 'subscriptions');
  const closeAll = () => {
    redis.disconnect();
    sub.disconnect();
  };
  // While Redis is unreachable the connection has said so once; each failed write would only repeat it.
  const report = (what: string) => (err: Error) => {
    if (redis.status === 'ready') o.logger.warn(`Redis: ${what} failed: ${err.message}`);
  };
  try {
    await redis.ping();
  } catch (err) {
    closeAll();
    throw new StartupError(`--redis ${redactUrl(o.url)}: cannot reach Redis (${(err as Error).message}); start it or check the address`);
  }
  let devices: ClusterDevices | undefined;
  const card = (): InstanceCard => ({ id: self, sip: o.sipAddress(), devicesOnline: devices?.stats().devicesOnline ?? 0, startedAt });
  const startedAt = Date.now();
  const instances = new InstanceDirectory(redis, keys, { ttlMs, card, onError: report('publishing this instance') });
  const presence = new DevicePresence(redis, keys, self);
  const nonceSecret = await sharedNonceSecret(redis, keys);
  const ssrc = new SsrcBlocks(redis, keys, self, ttlMs * 3);
  const ssrcRange = await ssrc.claim();
  let executor: (method: string, params: unknown, clientId?: string) => Promise<unknown> = async (method) => {
    throw DomainError.saying('unavailable', startingText(method));
  };
  let placer: CallPlacer | undefined;
  let sharer: LiveSharer | undefined;
  const liveRegistry = new LiveRegistry(redis, keys, self, refreshMs * 3);
  // This instance's live calls that another instance shares with it, by handle (bounded by its sessions).
  const sharedCalls = new Map<string, SharedCall>();
  // Calls owners placed for this instance's sessions, by handle (bounded by its sessions).
  const placedCalls = new Map<string, PlacedCall>();
  // The session host's MediaStatus listeners, for the notes owners relay of calls placed for this instance.
  const statusListeners = new Set<(n: MediaStatusNote) => void>();
  let clients: ClusterClients | undefined;
  // Which instances hold something for one of our clients (bounded: oldest clients forgotten first).
  const heldBy = new Map<string, Set<string>>();
  const noPlacer = (): never => {
    throw DomainError.saying('unavailable', noPlacerText());
  };
  const internal: Record<string, (p: unknown) => Promise<unknown>> = {
    'cluster.lookup': async (p) => (placer ?? noPlacer()).lookup(p as { deviceId?: unknown }),
    'cluster.placeCall': async (p) => (placer ?? noPlacer()).place(p as PlaceParams),
    'cluster.hangup': async (p) => (placer ?? noPlacer()).hangup(p as { handle?: unknown }),
    'cluster.info': async (p) => (placer ?? noPlacer()).info(p as { handle?: unknown; body?: unknown }),
    'cluster.movedAway': async (p) => {
      const id = (p as { deviceId?: unknown })?.deviceId;
      if (typeof id === 'string' && id.length <= 64) movedAway(id);
      return { ok: true };
    },
    'cluster.clientGone': async (p) => {
      const id = (p as { clientId?: unknown })?.clientId;
      if (typeof id === 'string' && /^r[0-9a-f]{31}$/.test(id)) clients?.ended(id);
      return { ok: true };
    },
    'cluster.share': async (p) => {
      if (!sharer) throw DomainError.saying('unavailable', noSharerText());
      const from = (p as { from?: unknown })?.from;
      if (typeof from !== 'string' || from.length > 200) throw DomainError.saying('bad_request', shareNoInstanceText());
      return sharer.share(from, p as ShareParams);
    },
    'cluster.unshare': async (p) => (sharer ? sharer.unshare((p as { handle?: unknown })?.handle) : { ended: false }),
    'cluster.shareEnded': async (p) => {
      const handle = (p as { handle?: unknown })?.handle;
      const call = typeof handle === 'string' ? sharedCalls.get(handle) : undefined;
      sharedCalls.delete(handle as string);
      call?.holderEnded();
      return { ok: Boolean(call) };
    },
    'cluster.callEnded': async (p) => {
      const call = placedCalls.get((p as { handle?: unknown })?.handle as string);
      call?.endedByDevice();
      return { ok: Boolean(call) };
    },
    'cluster.callEvent': async (p) => {
      const { handle, notifyType } = (p ?? {}) as { handle?: unknown; notifyType?: unknown };
      const call = placedCalls.get(handle as string);
      if (!call || typeof notifyType !== 'string' || !/^\d{1,8}$/.test(notifyType)) return { ok: false };
      const note: MediaStatusNote = { deviceId: call.deviceId, channelId: call.channelId, notifyType, callId: call.callId, dialog: undefined };
      for (const fn of statusListeners) fn(note);
      return { ok: true };
    },
    'cluster.keyframe': async (p) => (placer ?? noPlacer()).keyframe(p as { deviceId?: unknown; channelId?: unknown }),
  };
  const relay = new CommandRelay(redis, sub, keys, self, (m, p, client) => (internal[m] ? internal[m](p) : executor(m, p, client)), { onError: (t) => o.logger.warn(t) });
  const settingsShare = new SettingsShare(redis, sub, keys, self, (t) => o.logger.warn(t));
  // Stored devices another live instance holds (bounded by the devices this instance knows).
  const elsewhere = new Set<string>();
  const movedAway = (id: string) => {
    if (!devices?.get(id)) return;
    elsewhere.add(id);
    devices.handOver(id);
  };
  // A device that came online on another instance is written there; one it let go may be written here again.
  const heard = (name: string, id: string) => {
    if (name === 'device.online') movedAway(id);
    else if (name === 'device.offline' || name === 'device.removed') elsewhere.delete(id);
  };
  const events = new EventShare(redis, sub, keys, self, (id) => devices?.get(id)?.online === true, (t) => o.logger.warn(t), heard);
  // Devices of other instances a viewer here asked for: the owner's view of them, a bounded few.
  const remote = new Map<string, { owner: string; view: RemoteDeviceView }>();
  await relay.start();
  // A device redirected here is told here before its 302 leaves, so it arrives to a note and stays.
  const notes = new RedirectNotes(ttlMs);
  const notesChannel = keys.redirectedTo(self);
  sub.on('message', (channel: string, text: string) => {
    if (channel !== notesChannel) return;
    const n = readRedirectNote(text);
    if (n) notes.heard(n, Date.now());
  });
  await sub.subscribe(notesChannel);
  const redirect = new LoadRedirect({
    self,
    alive: () => instances.alive(),
    loadHere: () => devices?.stats().devicesOnline ?? 0,
    registeredHere: (id) => devices?.get(id)?.online === true,
    sentHere: (id) => notes.sentHere(id, Date.now()),
    reportedLoad: (id) => notes.loadOf(id, Date.now()),
    tell: (deviceId, target, load) => void redis.publish(keys.redirectedTo(target), JSON.stringify({ deviceId, from: self, load })).catch(report(`telling ${target} of a redirect`)),
    sipId: o.sipId,
    // A card is read within two beats (ttl/3 each) of its instance writing it.
    memoryMs: Math.ceil((ttlMs * 2) / 3),
    keepMs: ttlMs,
  });
  const timers: NodeJS.Timeout[] = [];
  const unsubscribe: Array<() => void> = [];
  let closed = false;

  return {
    self,
    nonceSecret,
    redirect,
    presence,
    instances,
    ssrcRange,
    async learnOwners(ids) {
      for (const id of await presence.heldElsewhere(ids)) elsewhere.add(id);
    },
    heldElsewhere: (id) => elsewhere.has(id),
    async attach(d) {
      devices = d;
      // The instance the device left stops watching and writing it at once, not at its next renewal.
      const registered = (id: string) => {
        elsewhere.delete(id);
        presence
          .take(id, refreshMs * 3)
          .then((before) => (before && instances.isAlive(before) ? relay.call(before, 'cluster.movedAway', { deviceId: id }) : undefined))
          .catch(report(`presence of ${id}`));
      };
      unsubscribe.push(d.onRegistered((r) => registered(r.deviceId)));
      unsubscribe.push(d.onOffline((x) => void presence.release(x.deviceId).catch(report(`presence of ${x.deviceId}`))));
      const renew = async () => {
        for (const id of await presence.renew(d.all().filter((r) => r.online).map((r) => r.deviceId), refreshMs * 3)) movedAway(id);
      };
      await renew();
      await instances.start();
      const t = setInterval(
        () =>
          void renew()
            .then(() => liveRegistry.renew())
            .then(() => sharer?.sweep((id) => instances.isAlive(id)))
            .then(() => ssrc.renew())
            .then((kept) => {
              if (!kept) o.logger.warn(`cluster: SSRC numbers ${ssrcRange.min}-${ssrcRange.max} are no longer held for this instance in Redis (was Redis restarted?); restart this instance so its SSRCs stay unique`);
            })
            .catch(report('renewing presence')),
        refreshMs,
      );
      t.unref();
      timers.push(t);
      o.logger.info(`cluster: this console instance is ${self} at Redis ${redactUrl(o.url)}; ${instances.alive().length} instance(s) alive; SSRC numbers ${ssrcRange.min}-${ssrcRange.max}`);
    },
    async shareEvents(bus) {
      await events.start(bus);
    },
    async shareSettings(s) {
      await settingsShare.start(s);
    },
    followClients(c) {
      clients = c;
      unsubscribe.push(
        c.onGone((clientId) => {
          const owners = heldBy.get(clientId);
          heldBy.delete(clientId);
          for (const owner of owners ?? []) {
            relay.call(owner, 'cluster.clientGone', { clientId: remoteClientId(self, clientId) }).catch(report(`telling ${owner} that a client left`));
          }
        }),
      );
    },
    serveCalls(deps) {
      placer = new CallPlacer({ ...deps, tell: (instance, method, params) => relay.call(instance, method, params) });
    },
    liveRegistry,
    shareLive(live, bindIp) {
      sharer = new LiveSharer(live, relay, bindIp, (t) => o.logger.warn(t));
    },
    liveDirectory(local, answerTimeoutMs) {
      const shareDeps = { registry: liveRegistry, relay: { call: (target: string, method: string, p: unknown, timeoutMs?: number) => relay.call(target, method, method === 'cluster.share' ? { ...(p as object), from: self } : p, timeoutMs) }, calls: sharedCalls, answerTimeoutMs, onError: (t: string) => o.logger.warn(t) };
      const shared = (d: LiveDevice): LiveDevice => ({ ...d, shareCall: (spec, own) => new SharedCall(shareDeps, d.deviceId, spec, own) });
      return {
        ...local,
        lookup(id) {
          const here = local.lookup(id);
          const r = here?.online ? undefined : remote.get(id);
          if (!r) return here && shared(here);
          return shared({ ...r.view, placeCall: (spec) => new PlacedCall(relay, r.owner, id, spec, answerTimeoutMs, placedCalls) });
        },
        // MediaStatus of calls placed elsewhere for sessions here arrives through their owners (cluster.callEvent).
        onMediaStatus(fn) {
          const off = local.onMediaStatus?.(fn);
          statusListeners.add(fn);
          return () => {
            off?.();
            statusListeners.delete(fn);
          };
        },
        // The owner asks: the device answers only there.
        async requestKeyframe(deviceId, channelId) {
          const r = local.lookup(deviceId)?.online ? undefined : remote.get(deviceId);
          if (r) return relay.call(r.owner, 'cluster.keyframe', { deviceId, channelId });
          return local.requestKeyframe?.(deviceId, channelId);
        },
      };
    },
    route(handlers) {
      executor = relayExecutor(handlers);
      return routeByOwner(handlers, {
        heldFor(clientId, owner) {
          let owners = heldBy.get(clientId);
          if (!owners) heldBy.set(clientId, (owners = new Set()));
          owners.add(owner);
          if (heldBy.size > 10_000) heldBy.delete(heldBy.keys().next().value!);
        },
        async prepare(owner, deviceId) {
          const view = (await relay.call(owner, 'cluster.lookup', { deviceId })) as RemoteDeviceView | null;
          remote.delete(deviceId);
          if (!view) return;
          remote.set(deviceId, { owner, view: { ...view, deviceId } });
          if (remote.size > 10_000) remote.delete(remote.keys().next().value!);
        },
        self,
        onlineHere: (id) => devices?.get(id)?.online === true,
        owner: (id) => presence.owner(id),
        others: () => instances.alive().map((c) => c.id).filter((id) => id !== self),
        relay,
        onError: (t) => o.logger.warn(t),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      for (const u of unsubscribe) u();
      relay.close();
      events.stop();
      settingsShare.stop();
      try {
        await placer?.close();
        await sharer?.close();
        await liveRegistry.releaseAll();
        const mine = devices?.all().filter((r) => r.online).map((r) => r.deviceId) ?? [];
        await Promise.all(mine.map((id) => presence.release(id)));
        await instances.stop(true);
        await ssrc.release();
      } catch (err) {
        o.logger.warn(`Redis: leaving the cluster cleanly failed: ${(err as Error).message}`);
      }
      closeAll();
    },
  };
}
