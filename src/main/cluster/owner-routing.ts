// API methods across instances. A method about one device runs where the device is registered: here when it
// is online here, else on its owner (presence) through the relay, which sends the SIP there. Lists are gathered
// from every live instance and merged, so the console of any instance shows every device.
import { DomainError } from '../../shared/errors';
import type { CommandRelay } from './relay';
import { notRelayedText } from './texts';

/** Methods that hold something for the calling client (a move until it stops or the client is gone). */
const HELD_FOR_CLIENT: readonly string[] = ['ptz.move', 'ptz.focus', 'ptz.iris'];

type Handler = (params: never, caller?: never) => unknown;
export type HandlerTable = Record<string, Handler>;

/** Methods whose params name one device (params.deviceId) and which the device's owner must run. */
export const OWNER_METHODS: readonly string[] = [
  'device.get',
  'device.refresh',
  'record.query',
  'ptz.move',
  'ptz.stop',
  'ptz.focus',
  'ptz.iris',
  'ptz.preset',
  'ptz.presets',
  'ptz.cruise',
  'ptz.scan',
  'ptz.aux',
  'ptz.dragZoom',
  'ptz.homePosition',
  'ptz.precise',
  'ptz.position',
  'device.control',
  'device.config.get',
  'device.config.set',
  'alarm.subscribe',
  'alarm.query',
  'position.subscribe',
];

/**
 * Methods about one device that run here even when another instance owns it, once `prepare` has fetched what
 * they need from the owner: live view, playback and download keep their media session (the viewer's frames, the
 * download's file) on this instance; the owner places the call. Their session methods (live.stop,
 * playback.control, playback.stop, download.cancel) then run here too, where the session is.
 */
export const PREPARED_METHODS: readonly string[] = ['live.start', 'playback.start', 'download.start'];

/**
 * The console's own record of a device (allowlist, name, password, keepalive figures): every instance keeps it in
 * memory for the REGISTERs and messages it answers, so each applies the change (the shared store takes the same
 * values). The answer is this instance's, else the first other instance's that knew the device.
 */
export const EVERYWHERE_METHODS: readonly string[] = ['device.add', 'device.update', 'device.remove'];

/** Methods whose results are lists to merge from every instance: the list's key of an entry. */
export const GATHERED_METHODS: Readonly<Record<string, (entry: Record<string, unknown>) => string>> = {
  'device.list': (d) => String(d.deviceId),
  'channel.list': (c) => `${String(c.deviceId)}/${String(c.channelId)}`,
  // Each instance answers the REGISTERs that reach it, so each keeps its own failures and locks.
  'registration.failures': (f) => `${String(f.deviceId)}|${String(f.address)}|${String(f.reason)}`,
};

/** Methods every live instance runs (locks and failures live where the REGISTERs arrived); the answers combined. */
export const BROADCAST_METHODS: Readonly<Record<string, (answers: Array<Record<string, unknown>>) => unknown>> = {
  'registration.unlock': (answers) => ({ unlocked: answers.reduce((n, a) => n + (typeof a.unlocked === 'number' ? a.unlocked : 0), 0) }),
  'registration.clearFailure': (answers) => ({ cleared: answers.some((a) => a.cleared === true) }),
};

export interface OwnerRoutingDeps {
  self: string;
  /** Whether the device is registered and online on this instance (then nothing is relayed). */
  onlineHere(deviceId: string): boolean;
  owner(deviceId: string): Promise<string | undefined>;
  /** The other live instances, for gathering lists. */
  others(): string[];
  relay: Pick<CommandRelay, 'call'>;
  /** A HELD_FOR_CLIENT method ran on `owner` for this client: tell the owner when the client is gone. */
  heldFor?(clientId: string, owner: string): void;
  /** Before a PREPARED_METHODS call on another instance's device. */
  prepare?(owner: string, deviceId: string): Promise<void>;
  /** How long a list waits for the other instances (an instance that does not answer is left out). */
  gatherTimeoutMs?: number;
  onError?: (text: string) => void;
}

/** The handlers this instance answers with: device methods go to the owner, lists are gathered. */
export function routeByOwner<H extends HandlerTable>(handlers: H, d: OwnerRoutingDeps): H {
  const routed: HandlerTable = { ...handlers };
  for (const method of OWNER_METHODS) {
    const local = handlers[method];
    if (local) routed[method] = ownerRouted(method, local, d);
  }
  for (const method of PREPARED_METHODS) {
    const local = handlers[method];
    if (local && d.prepare) routed[method] = prepared(local, d);
  }
  for (const [method, keyOf] of Object.entries(GATHERED_METHODS)) {
    const local = handlers[method];
    if (local) routed[method] = gathered(method, local, keyOf, d);
  }
  for (const method of EVERYWHERE_METHODS) {
    const local = handlers[method];
    if (local) routed[method] = everywhere(method, local, d);
  }
  for (const [method, combine] of Object.entries(BROADCAST_METHODS)) {
    const local = handlers[method];
    if (local) routed[method] = broadcast(method, local, combine, d);
  }
  return routed as H;
}

/** What another instance may ask this one to run (never settings, tokens or the simulator). */
export function relayExecutor(handlers: HandlerTable): (method: string, params: unknown, clientId?: string) => Promise<unknown> {
  const allowed = new Set([...OWNER_METHODS, ...Object.keys(GATHERED_METHODS), ...Object.keys(BROADCAST_METHODS), ...EVERYWHERE_METHODS]);
  return async (method, params, clientId) => {
    const h = handlers[method];
    if (!allowed.has(method) || !h) throw DomainError.saying('bad_request', notRelayedText(method.slice(0, 80)));
    return (h as (p: unknown, c?: { clientId?: string }) => unknown)(params, clientId ? { clientId } : undefined);
  };
}

function ownerRouted(method: string, local: Handler, d: OwnerRoutingDeps): Handler {
  return (async (params: { deviceId?: unknown }, caller?: unknown) => {
    const id = params?.deviceId;
    if (typeof id !== 'string' || d.onlineHere(id)) return (local as (p: unknown, c?: unknown) => unknown)(params, caller);
    const owner = await d.owner(id);
    if (!owner || owner === d.self) return (local as (p: unknown, c?: unknown) => unknown)(params, caller);
    const clientId = (caller as { clientId?: unknown } | undefined)?.clientId;
    const held = typeof clientId === 'string' && HELD_FOR_CLIENT.includes(method) ? clientId : undefined;
    if (held) d.heldFor?.(held, owner);
    return d.relay.call(owner, method, params, undefined, held);
  }) as Handler;
}

function everywhere(method: string, local: Handler, d: OwnerRoutingDeps): Handler {
  return (async (params: unknown, caller?: unknown) => {
    const [mine, ...theirs] = await Promise.allSettled([
      Promise.resolve().then(() => (local as (p: unknown, c?: unknown) => unknown)(params, caller)),
      ...d.others().map((id) => d.relay.call(id, method, params, d.gatherTimeoutMs ?? 5_000)),
    ]);
    if (mine.status === 'fulfilled') return mine.value;
    const other = theirs.find((r) => r.status === 'fulfilled');
    if (other) return (other as PromiseFulfilledResult<unknown>).value;
    throw mine.reason;
  }) as Handler;
}

function prepared(local: Handler, d: OwnerRoutingDeps): Handler {
  return (async (params: { deviceId?: unknown }, caller?: unknown) => {
    const id = params?.deviceId;
    if (typeof id === 'string' && !d.onlineHere(id)) {
      const owner = await d.owner(id);
      if (owner && owner !== d.self) await d.prepare!(owner, id);
    }
    return (local as (p: unknown, c?: unknown) => unknown)(params, caller);
  }) as Handler;
}

function gathered(method: string, local: Handler, keyOf: (e: Record<string, unknown>) => string, d: OwnerRoutingDeps): Handler {
  const forOneDevice = ownerRouted(method, local, d);
  return (async (params: { deviceId?: unknown }, caller?: unknown) => {
    // One device's entries (channel.list of a device): its owner's list.
    if (typeof params?.deviceId === 'string') return (forOneDevice as (p: unknown, c?: unknown) => unknown)(params, caller);
    const mine = (await (local as (p: unknown, c?: unknown) => unknown)(params, caller)) as Array<Record<string, unknown>>;
    const theirs = await Promise.all(
      d.others().map((id) =>
        d.relay.call(id, method, params, d.gatherTimeoutMs ?? 5_000).catch((err: Error) => {
          d.onError?.(`${method}: console instance ${id} left out (${err.message})`);
          return [];
        }),
      ),
    );
    return mergeLists([mine, ...(theirs as Array<Array<Record<string, unknown>>>)], keyOf);
  }) as Handler;
}

function broadcast(method: string, local: Handler, combine: (answers: Array<Record<string, unknown>>) => unknown, d: OwnerRoutingDeps): Handler {
  return (async (params: unknown, caller?: unknown) => {
    const mine = (await (local as (p: unknown, c?: unknown) => unknown)(params, caller)) as Record<string, unknown>;
    const theirs = await Promise.all(
      d.others().map((id) =>
        d.relay.call(id, method, params, d.gatherTimeoutMs ?? 5_000).catch((err: Error) => {
          d.onError?.(`${method}: console instance ${id} left out (${err.message})`);
          return {};
        }),
      ),
    );
    return combine([mine, ...(theirs as Array<Record<string, unknown>>)]);
  }) as Handler;
}

/** One entry per key; an entry that says online (the owner's view) beats one that does not. */
export function mergeLists(lists: Array<Array<Record<string, unknown>>>, keyOf: (e: Record<string, unknown>) => string): Array<Record<string, unknown>> {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      const k = keyOf(e);
      const prev = byKey.get(k);
      if (!prev || (e.online === true && prev.online !== true)) byKey.set(k, e);
    }
  }
  return [...byKey.values()];
}
