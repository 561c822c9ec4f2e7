// What the instances of one platform say when a command between them fails, as server texts the console words.
import { serverText, type ServerText, type TextParams } from '../../shared/texts';

/** Commands still waiting for another instance when this one closes. */
export function relayClosingText(): ServerText {
  return serverText('cluster.shuttingDown', {}, 'this console instance is shutting down');
}

export function relayBusyText(waiting: number): ServerText {
  return serverText('cluster.relayBusy', { count: waiting }, `${waiting} commands are already waiting for other console instances; try again shortly`);
}

export function relayNoAnswerText(instance: string, method: string, seconds: number): ServerText {
  return serverText('cluster.noAnswer', { instance, method, seconds }, `console instance ${instance} did not answer ${method} within ${seconds} s`);
}

export function notListeningText(instance: string): ServerText {
  return serverText('cluster.notListening', { instance }, `console instance ${instance} is not listening (stopped or cut off from Redis)`);
}

/** A failure another instance reported without a sentence. */
export function failedElsewhereText(): ServerText {
  return serverText('cluster.failedElsewhere', {}, 'failed on another console instance');
}

export function startingText(method: string): ServerText {
  return serverText('cluster.starting', { method }, `this console instance is still starting; ${method} not run`);
}

export function notRelayedText(method: string): ServerText {
  return serverText('cluster.notRelayed', { method }, `${method} is not run for other console instances`);
}

export function noPlacerText(): ServerText {
  return serverText('cluster.noPlacer', {}, 'this console instance places no calls for others');
}

export function noSharerText(): ServerText {
  return serverText('cluster.noSharer', {}, 'this console instance shares no live view');
}

export function shareNoInstanceText(): ServerText {
  return serverText('cluster.shareNoInstance', {}, 'a shared live view names no instance');
}

const MISSING = {
  handle: 'no handle',
  device: 'no device or channel',
  mediaIp: 'no media address',
  mediaPort: 'no media port',
  transport: 'no media transport',
  ssrc: 'no SSRC',
  viewer: 'no viewer instance',
  kind: 'no Playback or Download',
  range: 'no time range',
  speed: 'no download speed',
} as const;
export type Missing = keyof typeof MISSING;
export const MISSING_PARTS = Object.keys(MISSING) as Missing[];

function missingText(what: Missing): ServerText {
  return serverText(`cluster.missing.${what}`, {}, MISSING[what]);
}

export function badCallText(what: Missing): ServerText {
  const detail = missingText(what);
  return serverText('cluster.badCall', { detail }, `a call placed for another console instance: ${detail.text}`);
}

export function badShareText(what: Missing): ServerText {
  const detail = missingText(what);
  return serverText('cluster.badShare', { detail }, `a live view shared with another console instance: ${detail.text}`);
}

export function tooManyCallsText(count: number): ServerText {
  return serverText('cluster.tooManyCalls', { count }, `${count} calls are already placed for other console instances`);
}

export function notOnlineHereText(deviceId: string): ServerText {
  return serverText('cluster.notOnlineHere', { deviceId }, `device ${deviceId} is not online on this console instance`);
}

export function callNotAnsweredText(): ServerText {
  return serverText('cluster.callNotAnswered', {}, 'the call is not answered (or has ended) on the console instance that holds the device');
}

export function infoNoBodyText(): ServerText {
  return serverText('cluster.infoNoBody', {}, 'a MANSRTSP INFO for another console instance: no body');
}

/** The viewer's side: the owner's failure to place the call, with the owner's own sentence inside. */
export function ownerFailedText(owner: string, deviceId: string, detail: ServerText): ServerText {
  return serverText('cluster.ownerFailed', { owner, deviceId, detail }, `console instance ${owner}, where device ${deviceId} is registered: ${detail.text}`);
}

export function callFailedElsewhereText(): ServerText {
  return serverText('cluster.callFailedElsewhere', {}, 'the call failed on the console instance that holds the device');
}

export function tooManySharesText(count: number): ServerText {
  return serverText('cluster.tooManyShares', { count }, `${count} live views are already shared with other console instances`);
}

export function alreadySharedText(): ServerText {
  return serverText('cluster.alreadyShared', {}, 'this live view is already shared');
}

export function notPlayingHereText(channelId: string): ServerText {
  return serverText('cluster.notPlayingHere', { channelId }, `live view of camera ${channelId} is not playing on this console instance`);
}

export function endedHereText(channelId: string): ServerText {
  return serverText('cluster.endedHere', { channelId }, `live view of camera ${channelId} ended on this console instance`);
}

export function shareUnreadableText(instance: string, channelId: string): ServerText {
  return serverText('cluster.shareUnreadable', { instance, channelId }, `console instance ${instance} answered a shared live view of camera ${channelId} unreadably`);
}

/**
 * A sentence another instance sent (in a failed command's reply or a call's outcome), kept only when it has the
 * shape of one: bounded in size and nesting, so a peer's message cannot grow what this instance keeps.
 */
export function readServerText(v: unknown, depth = 0): ServerText | undefined {
  if (depth > 4 || typeof v !== 'object' || v === null) return undefined;
  const { code, params, text } = v as Record<string, unknown>;
  if (typeof code !== 'string' || !/^[\w.]{1,80}$/.test(code) || typeof text !== 'string' || text.length > 2000) return undefined;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const entries = Object.entries(params);
  if (entries.length > 16) return undefined;
  const out: TextParams = {};
  for (const [name, p] of entries) {
    if (!/^\w{1,40}$/.test(name)) return undefined;
    if (typeof p === 'number' || (typeof p === 'string' && p.length <= 2000)) out[name] = p;
    else {
      const nested = readServerText(p, depth + 1);
      if (!nested) return undefined;
      out[name] = nested;
    }
  }
  return serverText(code, out, text);
}
