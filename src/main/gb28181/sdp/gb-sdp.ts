// Reading the SDP of a GB/T 28181 INVITE or its answer (GB/T 28181-2016 §9.2, Annex G), liberal in what it
// accepts: y= and f= lines (not SDP), media-level or missing c=, a=sendonly in answers, a=filesize, a=streamMode.
import * as sdpTransform from 'sdp-transform';

export interface SdpPayload {
  pt: number;
  codec?: string;
  rate?: number;
}

export interface GbSdp {
  sessionName: string;
  /** o= username: the sender's ID (server ID in offers, usually device/channel ID in answers). */
  ownerId: string;
  /** Media address: media-level c=, else session-level c=, else the o= address. */
  ip: string;
  port: number;
  mediaType: string;
  /** Raw m= protocol, e.g. "RTP/AVP" or "TCP/RTP/AVP". */
  protocol: string;
  transport: 'udp' | 'tcp';
  /** a=setup value as sent (active / passive / actpass), lower-cased. */
  setup?: string;
  connectionNew?: boolean;
  /** y= value as sent (10 decimal digits in GB). */
  ssrc?: string;
  /** y= as an RTP SSRC number, when it is a decimal that fits 32 bits. */
  ssrcValue?: number;
  payloads: SdpPayload[];
  direction?: 'sendrecv' | 'recvonly' | 'sendonly' | 'inactive';
  /** t= start / stop in Unix seconds (0 0 for live). */
  startTime?: number;
  endTime?: number;
  /** u= value, e.g. "34020000001320000001:0" for history. */
  uri?: string;
  filesize?: number;
  downloadSpeed?: number;
  streamMode?: string;
  /** f= value, e.g. "v/2/4/25/1/4000a/1/8/1". */
  fLine?: string;
  /** Other a= lines we did not interpret, as "name:value". */
  otherAttributes: string[];
}

export type SdpParseResult = { ok: true; sdp: GbSdp } | { ok: false; reason: string };

function extraLine(text: string, type: string): string | undefined {
  const m = new RegExp(`^[ \\t]*${type}=[ \\t]*(.*?)[ \\t]*$`, 'm').exec(text);
  return m ? m[1] : undefined;
}

function toNumber(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : undefined;
}

export function parseGbSdp(text: string): SdpParseResult {
  if (typeof text !== 'string' || !/^\s*v=/m.test(text)) return { ok: false, reason: 'not an SDP body (no v= line)' };
  let session: sdpTransform.SessionDescription;
  try {
    session = sdpTransform.parse(text);
  } catch (e) {
    return { ok: false, reason: `unreadable SDP: ${(e as Error).message}` };
  }
  const media = session.media?.find((m) => m.type === 'video') ?? session.media?.[0];
  if (!media) return { ok: false, reason: 'SDP has no m= line' };
  const port = Number(media.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, reason: `m= port "${media.port}" is not a port` };
  const ip = media.connection?.ip ?? session.connection?.ip ?? session.origin?.address;
  if (!ip) return { ok: false, reason: 'SDP has no c= line and no o= address' };

  const protocol = String(media.protocol ?? '');
  const rtpmap = new Map((media.rtp ?? []).map((r) => [Number(r.payload), r]));
  const pts = String(media.payloads ?? '')
    .split(/\s+/)
    .filter((p) => /^\d+$/.test(p))
    .map(Number);
  const payloads: SdpPayload[] = pts.map((pt) => {
    const r = rtpmap.get(pt);
    return r ? { pt, codec: String(r.codec), rate: r.rate } : { pt };
  });

  const attrs = new Map<string, string>();
  const otherAttributes: string[] = [];
  for (const inv of [...(session.invalid ?? []), ...(media.invalid ?? [])]) {
    const v = String(inv.value);
    const i = v.indexOf(':');
    const name = (i < 0 ? v : v.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : v.slice(i + 1).trim();
    if (name === 'filesize' || name === 'downloadspeed' || name === 'streammode') attrs.set(name, value);
    else otherAttributes.push(v);
  }

  const y = extraLine(text, 'y');
  const ssrcValue = y && /^\d{1,10}$/.test(y) && Number(y) <= 0xffffffff ? Number(y) : undefined;
  const sdp: GbSdp = {
    sessionName: String(session.name ?? ''),
    ownerId: String(session.origin?.username ?? ''),
    ip: String(ip),
    port,
    mediaType: String(media.type),
    protocol,
    transport: /tcp/i.test(protocol) ? 'tcp' : 'udp',
    payloads,
    otherAttributes,
  };
  const setup = media.setup ?? (session as { setup?: string }).setup;
  if (setup) sdp.setup = String(setup).toLowerCase();
  const conn = media.connectionType ?? (session as { connectionType?: string }).connectionType;
  if (conn) sdp.connectionNew = conn === 'new';
  if (y) sdp.ssrc = y;
  if (ssrcValue !== undefined) sdp.ssrcValue = ssrcValue;
  const direction = media.direction ?? session.direction;
  if (direction) sdp.direction = direction;
  if (session.timing) {
    sdp.startTime = Number(session.timing.start);
    sdp.endTime = Number(session.timing.stop);
  }
  if (session.uri !== undefined) sdp.uri = String(session.uri);
  const filesize = toNumber(attrs.get('filesize'));
  if (filesize !== undefined) sdp.filesize = filesize;
  const speed = toNumber(attrs.get('downloadspeed'));
  if (speed !== undefined) sdp.downloadSpeed = speed;
  if (attrs.has('streammode')) sdp.streamMode = attrs.get('streammode');
  const f = extraLine(text, 'f');
  if (f !== undefined) sdp.fLine = f;
  return { ok: true, sdp };
}

/** The platform's TCP role implied by a device's answer: device "active" means we listen (tcp-passive). */
export function platformTcpMode(answer: GbSdp): 'tcp-passive' | 'tcp-active' | undefined {
  if (answer.transport !== 'tcp') return undefined;
  if (answer.setup === 'active') return 'tcp-passive';
  if (answer.setup === 'passive') return 'tcp-active';
  return undefined;
}

export interface FLine {
  video?: { codec?: string; resolution?: string; fps?: string; rateControl?: string; kbps?: string };
  audio?: { codec?: string; kbps?: string; sampleRate?: string };
}

/** Splits an f= value ("v/codec/res/fps/rc/kbps" + "a/codec/kbps/samplerate"); empty fields stay undefined. */
export function parseFLine(value: string): FLine {
  const out: FLine = {};
  const opt = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);
  const v = /v\/([^a]*)/.exec(value);
  if (v) {
    const [codec, resolution, fps, rateControl, kbps] = v[1].split('/');
    out.video = { codec: opt(codec), resolution: opt(resolution), fps: opt(fps), rateControl: opt(rateControl), kbps: opt(kbps) };
  }
  const a = /a\/(.*)$/.exec(value);
  if (a) {
    const [codec, kbps, sampleRate] = a[1].split('/');
    out.audio = { codec: opt(codec), kbps: opt(kbps), sampleRate: opt(sampleRate) };
  }
  return out;
}
