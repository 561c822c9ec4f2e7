// The sentences of a device's history ("recent events"), each a code and parameters with its English wording.
import { serverText, textOf, type ServerText } from '../../../shared/texts';
import type { KeepaliveInUse } from '../keepalive/in-use';

export const online = (): ServerText => serverText('dev.online', {}, 'online');

export const onlineBecause = (why: ServerText): ServerText => serverText('dev.onlineWhy', { why }, `online: ${why.text}`);

export const offline = (why: ServerText): ServerText => serverText('dev.offline', { why }, `offline: ${why.text}`);

// ---- why a device went offline or came back ------------------------------------------------------------------

export const keepalivesResumed = (): ServerText => serverText('dev.why.keepalivesResumed', {}, 'keepalives resumed');

export function noKeepalive(intervalSec: number, count: number): ServerText {
  const seconds = intervalSec * count;
  return serverText('dev.why.noKeepalive', { seconds, count, interval: intervalSec }, `no keepalive for ${seconds} s (${count} missed at ${intervalSec} s)`);
}

export function expired(seconds: number | undefined): ServerText {
  return seconds
    ? serverText('dev.why.expired', { seconds }, `registration expired: not refreshed within ${seconds} s`)
    : serverText('dev.why.expiredNoTime', {}, 'registration expired: not refreshed');
}

export const expiredWhileStopped = (): ServerText =>
  serverText('dev.why.expiredWhileStopped', {}, 'its registration expired while the server was stopped');

export const removed = (): ServerText => serverText('dev.why.removed', {}, 'removed in the console');

export const registeredElsewhere = (): ServerText => serverText('dev.why.registeredElsewhere', {}, 'registered to another console instance');

export const unregistered = (address: string): ServerText =>
  serverText('dev.why.unregistered', { address }, `unregistered (REGISTER with Expires: 0 from ${address})`);

/** `text` is the transport's own sentence, e.g. "TCP connection from 10.0.0.7:5060 closed by the peer". */
export const connectionClosed = (address: string, text: string): ServerText => serverText('dev.why.connectionClosed', { address, detail: text }, text);

/** A MESSAGE or NOTIFY from the device whose body could not be read (answered 400). */
export const unreadable = (method: 'MESSAGE' | 'NOTIFY', cmdType: string | undefined, detail: string): ServerText =>
  cmdType
    ? serverText('dev.unreadableCmd', { method, cmdType, detail }, `sent a ${cmdType} ${method} we cannot read: ${detail}`)
    : serverText('dev.unreadable', { method, detail }, `sent a ${method} we cannot read: ${detail}`);

// ---- registration and addresses -----------------------------------------------------------------------------

/** What a refused request was: a keepalive, a Catalog MESSAGE, a NOTIFY without a body. */
export const whatKeepalive = (): ServerText => serverText('dev.what.keepalive', {}, 'a keepalive');
export const whatCmd = (cmdType: string, method: string): ServerText => serverText('dev.what.cmd', { cmdType, method }, `a ${cmdType} ${method}`);
export const whatEmptyNotify = (): ServerText => serverText('dev.what.emptyNotify', {}, 'a NOTIFY without a body');

/** A MESSAGE or NOTIFY naming the device from another address than it registered from (docs/protocol.md §3). */
export function refusedSource(what: ServerText, source: string, registered: string | undefined, count: number): ServerText {
  const at: ServerText | string = registered ?? serverText('dev.noAddress', {}, 'no address');
  const atText = textOf(at);
  const times = count > 1 ? ` (${count} times so far)` : '';
  const tail = 'If the device moved, it is accepted from the new address once it registers from there';
  const text = `${what.text} naming this device came from ${source}, not from its registered address ${atText}; refused with 403${times}. ${tail}`;
  return count > 1
    ? serverText('dev.refusedSourceTimes', { what, source, registered: at, count }, text)
    : serverText('dev.refusedSource', { what, source, registered: at }, text);
}


export function registered(address: string, transport: string, seconds: number, userAgent: string | null | undefined): ServerText {
  const via = `${address} over ${transport}`;
  return userAgent
    ? serverText('dev.registeredAgent', { address, transport, seconds, userAgent }, `registered from ${via} for ${seconds} s (${userAgent})`)
    : serverText('dev.registered', { address, transport, seconds }, `registered from ${via} for ${seconds} s`);
}

export const moved = (from: string, to: string, seenIn: string): ServerText =>
  serverText('dev.moved', { from, to, seenIn }, `moved from ${from} to ${to} (seen in its ${seenIn})`);

const KEEPALIVE_SOURCE: Record<KeepaliveInUse['source'], string> = {
  installer: 'set in the console',
  'basic-param': "from the device's BasicParam",
  learned: 'learned from its keepalives',
  default: "the console's default",
};

export function keepaliveInUse(k: KeepaliveInUse): ServerText {
  const source = serverText(`dev.keepaliveSource.${k.source}`, {}, KEEPALIVE_SOURCE[k.source]);
  return serverText(
    'dev.keepalive',
    { interval: k.intervalSec, count: k.count, source },
    `keepalive every ${k.intervalSec} s, offline after ${k.count} missed (${source.text})`,
  );
}

// ---- catalog ------------------------------------------------------------------------------------------------

export const catalogReceived = (n: number): ServerText =>
  n === 1 ? serverText('dev.catalogReceivedOne', { n }, 'catalog received: 1 item') : serverText('dev.catalogReceived', { n }, `catalog received: ${n} items`);

export const catalogIncomplete = (received: number, expected: number | null): ServerText =>
  serverText(
    'dev.catalogIncomplete',
    { received, expected: expected ?? '?' },
    `catalog incomplete: ${received} of ${expected ?? '?'} items arrived before the timeout; the partial list is kept`,
  );

export const catalogNoAnswer = (seconds: number): ServerText =>
  serverText('dev.catalogNoAnswer', { seconds }, `catalog query got no answer within ${seconds} s`);

export const catalogDuplicates = (n: number): ServerText => serverText('dev.catalogDuplicates', { n }, `catalog: ${n} duplicate item(s) ignored`);

export const catalogUndercount = (sumNum: number, sent: number): ServerText =>
  serverText('dev.catalogUndercount', { sumNum, sent }, `catalog: the device said SumNum ${sumNum} but sent ${sent} distinct items; all are kept`);

// ---- subscriptions ------------------------------------------------------------------------------------------

/** Why a request failed: an exception's sentence (errorText) or a plain detail. */
type Detail = ServerText | string;

export const catalogSubscribeFailed = (detail: Detail): ServerText =>
  serverText('dev.catalogSubFailed', { detail }, `Catalog SUBSCRIBE failed: ${textOf(detail)}; tried again when the device is next back online`);

export const catalogSubscriptionRefreshFailed = (detail: Detail): ServerText =>
  serverText('dev.catalogSubRefreshFailed', { detail }, `Catalog subscription refresh failed: ${textOf(detail)}`);

export const catalogSubscribeRefused = (status: number, reason: string): ServerText =>
  serverText(
    'dev.catalogSubRefused',
    { status, reason },
    `device answered ${status} ${reason} to the Catalog SUBSCRIBE; not subscribing again (channel changes show at the next catalog query)`,
  );

/** An Alarm or MobilePosition subscription (`event`) that could not be made or kept. */
export const subscribeFailed = (event: string, detail: Detail): ServerText =>
  serverText('dev.subFailed', { event, detail }, `${event} SUBSCRIBE failed: ${textOf(detail)}; tried again when the device is next back online`);

export const subscribeRefused = (event: string, status: number, reason: string): ServerText =>
  serverText('dev.subRefused', { event, status, reason }, `device answered ${status} ${reason} to the ${event} SUBSCRIBE`);

export const subscriptionRefreshFailed = (event: string, detail: Detail): ServerText =>
  serverText('dev.subRefreshFailed', { event, detail }, `${event} subscription refresh failed: ${textOf(detail)}`);

export const subscriptionRefreshRefused = (event: string, status: number, reason: string): ServerText =>
  serverText('dev.subRefreshRefused', { event, status, reason }, `device answered ${status} ${reason} to the ${event} subscription refresh`);

export const subscriptionEnded = (event: string, state: string): ServerText =>
  serverText('dev.subscriptionEnded', { event, state }, `ended its ${event} subscription (Subscription-State: ${state})`);

/** A step asked after registration (DeviceInfo, Catalog, BasicParam, subscriptions) failed. */
export const stepFailed = (step: string, detail: Detail): ServerText => serverText('dev.stepFailed', { step, detail }, `${step}: ${textOf(detail)}`);

// ---- console edits and commands -----------------------------------------------------------------------------

export const added = (): ServerText => serverText('dev.added', {}, 'added in the console');

export const passwordSet = (own: boolean): ServerText =>
  own
    ? serverText('dev.passwordSet', {}, 'own password set in the console')
    : serverText('dev.passwordRemoved', {}, 'own password removed; the server password applies');

export const timeZoneSet = (zone: string | null): ServerText =>
  zone
    ? serverText('dev.timeZoneSet', { zone }, `times in its messages are read in time zone ${zone}`)
    : serverText('dev.timeZoneDefault', {}, "times in its messages are read in the console's default time zone");

export const rebootSent = (): ServerText => serverText('dev.rebootSent', {}, 'reboot command sent (TeleBoot); waiting for the device to register again');

export const rebootBack = (ms: number): ServerText => {
  const seconds = (ms / 1000).toFixed(1);
  return serverText('dev.rebootBack', { seconds }, `registered again ${seconds} s after the reboot command`);
};

export const rebootNoReturn = (minutes: number): ServerText =>
  serverText('dev.rebootNoReturn', { minutes }, `did not register again within ${minutes} min of the reboot command`);

// ---- the device's last problem (details panel) ----------------------------------------------------------------

/** A Keepalive whose Status is not OK, with the faulty items it listed (Info/DeviceID). */
export const keepaliveUnhealthy = (status: string, faulty: string[]): ServerText =>
  faulty.length
    ? serverText('dev.keepaliveFaulty', { status: status || '?', faulty: faulty.join(', ') }, `keepalive reports Status ${status || '?'} (faulty: ${faulty.join(', ')})`)
    : serverText('dev.keepaliveStatus', { status: status || '?' }, `keepalive reports Status ${status || '?'}`);

/** Whether `said` is already keepaliveUnhealthy(status, faulty), checked without wording it. */
export function saysKeepaliveUnhealthy(said: ServerText | string | null, status: string, faulty: readonly string[]): boolean {
  if (said === null || typeof said === 'string') return false;
  if (said.code !== (faulty.length ? 'dev.keepaliveFaulty' : 'dev.keepaliveStatus')) return false;
  if (said.params.status !== (status || '?')) return false;
  return !faulty.length || said.params.faulty === faulty.join(', ');
}

/** `mismatch`: which server the device registered to instead of ours (registrar/target.ts). */
export const targetMismatch = (deviceId: string, mismatch: ServerText | string): ServerText =>
  serverText(
    'dev.targetMismatch',
    { deviceId, mismatch },
    `device ${deviceId} ${textOf(mismatch)}; accepted (turn on the strict server ID check to refuse such devices)`,
  );
