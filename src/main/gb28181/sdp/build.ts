// Writing GB/T 28181 SDP: the platform's INVITE offer and the device's answer (simulator).
import * as sdpTransform from 'sdp-transform';
import type { SdpPayload } from './gb-sdp';

export type SessionName = 'Play' | 'Playback' | 'Download';
export type MediaTransport = 'udp' | 'tcp-passive' | 'tcp-active';

const DEFAULT_PAYLOADS: SdpPayload[] = [
  { pt: 96, codec: 'PS', rate: 90000 },
  { pt: 97, codec: 'MPEG4', rate: 90000 },
  { pt: 98, codec: 'H264', rate: 90000 },
];

type Time = number | Date;
const unix = (t: Time) => (typeof t === 'number' ? Math.floor(t) : Math.floor(t.getTime() / 1000));

interface CommonSdp {
  sessionName: string;
  ownerId: string;
  ip: string;
  port: number;
  tcp: boolean;
  setup?: string;
  direction: 'recvonly' | 'sendonly';
  payloads: SdpPayload[];
  start: number;
  stop: number;
  uri?: string;
  extraAttributes: string[];
  ssrc?: string;
  fLine?: string;
}

function render(c: CommonSdp): string {
  const ipVer = c.ip.includes(':') ? 6 : 4;
  const media: sdpTransform.MediaDescription = {
    type: 'video',
    port: c.port,
    protocol: c.tcp ? 'TCP/RTP/AVP' : 'RTP/AVP',
    payloads: c.payloads.map((p) => p.pt).join(' '),
    rtp: c.payloads.filter((p) => p.codec).map((p) => ({ payload: p.pt, codec: p.codec!, rate: p.rate })),
    fmtp: [],
    direction: c.direction,
  };
  if (c.tcp && c.setup) {
    media.setup = c.setup;
    media.connectionType = 'new';
  }
  if (c.extraAttributes.length) media.invalid = c.extraAttributes.map((value) => ({ value }));
  const session: sdpTransform.SessionDescription = {
    version: 0,
    origin: { username: c.ownerId, sessionId: 0, sessionVersion: 0, netType: 'IN', ipVer, address: c.ip },
    name: c.sessionName,
    connection: { version: ipVer, ip: c.ip },
    timing: { start: c.start, stop: c.stop },
    media: [media],
  };
  if (c.uri !== undefined) session.uri = c.uri;
  let text = sdpTransform.write(session);
  // GB/T 28181 Annex G: y= (SSRC) and f= (media format) follow the media description.
  if (c.ssrc !== undefined) text += `y=${c.ssrc}\r\n`;
  if (c.fLine !== undefined) text += `f=${c.fLine}\r\n`;
  return text;
}

export interface InviteOfferOptions {
  sessionName: SessionName;
  /** Our server ID (o= username). */
  ownerId: string;
  /** Media IP the device must send to (c= and o=). */
  ip: string;
  /** Our receive port (tcp-active: the port we will connect from is not known; still fill our port). */
  port: number;
  transport: MediaTransport;
  ssrc: string;
  /** Channel ID, for u= in Playback / Download. */
  channelId: string;
  /** Playback / Download window, Unix seconds or Date. */
  startTime?: Time;
  endTime?: Time;
  /** Download speed multiplier (a=downloadspeed). */
  downloadSpeed?: number;
  payloads?: SdpPayload[];
  fLine?: string;
}

/** SDP for our INVITE (GB/T 28181-2016 §9.2.2 live, §9.8 playback, §9.9 download). */
export function buildInviteOffer(o: InviteOfferOptions): string {
  const history = o.sessionName !== 'Play';
  if (history && (o.startTime === undefined || o.endTime === undefined)) {
    throw new Error(`${o.sessionName} needs startTime and endTime`);
  }
  const extra: string[] = [];
  if (o.sessionName === 'Download' && o.downloadSpeed !== undefined) extra.push(`downloadspeed:${o.downloadSpeed}`);
  return render({
    sessionName: o.sessionName,
    ownerId: o.ownerId,
    ip: o.ip,
    port: o.port,
    tcp: o.transport !== 'udp',
    setup: o.transport === 'tcp-passive' ? 'passive' : o.transport === 'tcp-active' ? 'active' : undefined,
    direction: 'recvonly',
    payloads: o.payloads ?? DEFAULT_PAYLOADS,
    start: history ? unix(o.startTime!) : 0,
    stop: history ? unix(o.endTime!) : 0,
    uri: history ? `${o.channelId}:0` : undefined,
    extraAttributes: extra,
    ssrc: o.ssrc,
    fLine: o.fLine,
  });
}

export interface AnswerOptions {
  sessionName: string;
  /** The answering device or channel ID (o= username). */
  ownerId: string;
  ip: string;
  port: number;
  transport: 'udp' | 'tcp';
  /** Our TCP role: "active" when we connect to the platform (it offered passive), "passive" when we listen. */
  setup?: 'active' | 'passive';
  /** The SSRC we will send with; normally the offer's y=. Omit to send no y= line (seen on real devices). */
  ssrc?: string;
  payload?: SdpPayload;
  startTime?: number;
  endTime?: number;
  /** Bytes, for Download answers (a=filesize). */
  filesize?: number;
  fLine?: string;
  /** Extra a= lines as "name:value" (e.g. "streamMode:MAIN") to mimic particular devices. */
  extraAttributes?: string[];
}

/** The device's SDP answer (used by the simulator). */
export function buildAnswer(o: AnswerOptions): string {
  const extra = [...(o.extraAttributes ?? [])];
  if (o.filesize !== undefined) extra.push(`filesize:${o.filesize}`);
  return render({
    sessionName: o.sessionName,
    ownerId: o.ownerId,
    ip: o.ip,
    port: o.port,
    tcp: o.transport === 'tcp',
    setup: o.setup,
    direction: 'sendonly',
    payloads: [o.payload ?? { pt: 96, codec: 'PS', rate: 90000 }],
    start: o.startTime ?? 0,
    stop: o.endTime ?? 0,
    extraAttributes: extra,
    ssrc: o.ssrc,
    fLine: o.fLine,
  });
}

/** The device's TCP role answering an offer: the opposite of the platform's a=setup. */
export function answerSetupFor(offerSetup: string | undefined): 'active' | 'passive' {
  return offerSetup === 'active' ? 'passive' : 'active';
}
