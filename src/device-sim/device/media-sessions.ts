// INVITE sessions a device serves (GB/T 28181-2016 §9.2 live, §9.8 playback, §9.9 download): answer with SDP
// carrying the offered y= SSRC, start RTP on the ACK, obey MANSRTSP in INFO, end with MediaStatus 121 for
// recorded media, stop on BYE.
import { buildAnswer, parseInviteOffer, type GbSdp } from '../../main/gb28181/sdp';
import type { SipAddress, SipRequest } from '../../main/sip/message/types';
import { createResponse, formatUri, getCallId, getContacts, getFrom, getTo } from '../../main/sip/message';
import type { ServerTransaction } from '../../main/sip/transaction';
import { newTag } from '../../main/sip/transaction';
import type { Inbound } from '../../main/sip/transport';
import { mediaStatus } from '../manscdp/messages';
import { audioClip, videoClip } from '../media/clips';
import { parseMansrtsp } from '../media/mansrtsp';
import { TcpConnectSink, TcpListenSink, UdpSink, type RtpSink } from '../media/sinks';
import { MediaStreamer, type StreamMode, type StreamStats } from '../media/streamer';
import { RECORD_BYTES_PER_SECOND, recordedSecondsIn } from '../model/records';
import { contact, inDialogRequest, type DialogRef } from '../sip/requests';
import type { SimDevice } from './device';

export interface MediaSessionView {
  callId: string;
  channelId: string;
  sessionName: string;
  mode: StreamMode;
  transport: RtpSink['kind'];
  ssrc: number;
  /** The y= the platform offered. */
  offeredSsrc: string | undefined;
  target: string;
  acked: boolean;
  stats: StreamStats | null;
}

interface Session {
  callId: string;
  channelId: string;
  offer: GbSdp;
  mode: StreamMode;
  sink: RtpSink;
  streamer: MediaStreamer;
  ssrc: number;
  dialog: DialogRef;
  dest: SipAddress;
  acked: boolean;
  ended: boolean;
}

const MODES: Record<string, StreamMode> = { play: 'live', playback: 'playback', download: 'download' };

export class MediaSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly device: SimDevice) {}

  get count(): number {
    return this.sessions.size;
  }

  list(): MediaSessionView[] {
    return [...this.sessions.values()].map((s) => ({
      callId: s.callId,
      channelId: s.channelId,
      sessionName: s.offer.sessionName,
      mode: s.mode,
      transport: s.sink.kind,
      ssrc: s.ssrc,
      offeredSsrc: s.offer.ssrc,
      target: `${s.offer.ip}:${s.offer.port}`,
      acked: s.acked,
      stats: s.acked ? s.streamer.snapshot() : null,
    }));
  }

  get(callId: string): MediaSessionView | undefined {
    return this.list().find((s) => s.callId === callId);
  }

  /** IFrame DeviceControl: the next frame of each live stream of the channel (or of every channel) is a keyframe. */
  requestKeyframe(channelId?: string): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.mode !== 'live' || (channelId && s.channelId !== channelId)) continue;
      s.streamer.requestKeyframe();
      n++;
    }
    return n;
  }

  invite(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    const callId = getCallId(req) ?? '';
    if (getTo(req)?.params.tag) {
      // re-INVITE: we do not renegotiate media
      tx.respond(createResponse(req, this.sessions.has(callId) ? 488 : 481));
      return;
    }
    const channelId = this.channelFor(req);
    const parsed = parseInviteOffer(req.body.toString('utf8'));
    const sessionName = parsed.ok ? parsed.sdp.sessionName : '';
    const answered = !this.device.config.faults.neverAnswerInvite;
    this.device.events.emit('invite', { callId, channelId, sessionName, answered });
    if (!answered) return; // fault knob: the platform's INVITE times out (only 100 Trying goes out)
    if (!parsed.ok) {
      tx.respond(createResponse(req, 488, 'Not Acceptable Here'));
      return;
    }
    const mode = MODES[parsed.sdp.sessionName.toLowerCase()];
    if (!mode) {
      tx.respond(createResponse(req, 488, `Unknown session ${parsed.sdp.sessionName.slice(0, 20)}`));
      return;
    }
    void this.answer(req, tx, inbound, channelId, parsed.sdp, mode).catch((err: Error) => {
      if (!tx.answered) tx.respond(createResponse(req, 500, `Media setup failed: ${err.message}`.slice(0, 120)));
    });
  }

  ack(callId: string): void {
    const s = this.sessions.get(callId);
    if (!s || s.acked) return;
    s.acked = true;
    void s.sink
      .ready()
      .then(() => {
        if (s.ended) return;
        s.streamer.start();
        this.device.events.emit('media-started', { callId, channelId: s.channelId, transport: s.sink.kind, ssrc: s.ssrc });
      })
      .catch((err: Error) => this.finish(s, 'error', true, err.message));
  }

  bye(req: SipRequest, tx: ServerTransaction): void {
    const s = this.sessions.get(getCallId(req) ?? '');
    if (!s) {
      tx.respond(createResponse(req, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    tx.respond(createResponse(req, 200, 'OK'));
    this.finish(s, 'bye', false);
  }

  info(req: SipRequest, tx: ServerTransaction): void {
    const s = this.sessions.get(getCallId(req) ?? '');
    if (!s) {
      tx.respond(createResponse(req, 481, 'Call/Transaction Does Not Exist'));
      return;
    }
    const parsed = parseMansrtsp(req.body.toString('utf8'));
    if (!parsed.ok) {
      tx.respond(createResponse(req, 400, 'Bad MANSRTSP'));
      return;
    }
    const c = parsed.command;
    const rangeSeek = this.device.config.field.rangeSeek;
    if (c.method === 'PLAY' && c.rangeStartSec !== undefined && rangeSeek === 'refuse') {
      tx.respond(createResponse(req, 501, 'Not Implemented'));
      this.device.events.emit('playback', { callId: s.callId, method: 'PLAY refused', rangeStartSec: c.rangeStartSec, scale: c.scale });
      return;
    }
    // field knob 'ignore': the Range is read past, playback carries on where it was
    const from = rangeSeek === 'ignore' ? undefined : c.rangeStartSec;
    const rtsp = `RTSP/1.0 200 OK\r\nCSeq: ${c.cseq ?? 0}\r\n\r\n`;
    tx.respond(createResponse(req, 200, 'OK', { headers: [{ name: 'Content-Type', value: 'Application/MANSRTSP' }], body: Buffer.from(rtsp) }));
    if (c.method === 'PAUSE') s.streamer.pause();
    else if (c.method === 'PLAY') s.streamer.play(from, c.scale);
    else this.finish(s, 'stopped', true);
    this.device.events.emit('playback', { callId: s.callId, method: c.method, rangeStartSec: c.rangeStartSec, scale: c.scale });
  }

  /** The device ends one call itself (BYE in its dialog), as a camera does when its recording is removed. */
  async hangup(callId: string): Promise<boolean> {
    const s = this.sessions.get(callId);
    if (!s) return false;
    await this.finish(s, 'stopped', true);
    return true;
  }

  /** Ends every session; `sendBye` for an orderly shutdown, not for a crash or reboot. */
  async closeAll(sendBye: boolean): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => this.finish(s, 'stopped', sendBye)));
  }

  /** Seconds of media a playback or download of [start, end) sends (unix seconds, the SDP t= line). */
  private windowSeconds(mode: StreamMode, channelId: string, start: number, end: number): number {
    const field = this.device.config.field;
    if (mode !== 'download' || !field.downloadRecordedOnly) return end - start;
    return recordedSecondsIn(channelId, new Date(start * 1000), new Date(end * 1000), field.recordFileMinutes);
  }

  private channelFor(req: SipRequest): string {
    const user = /^sips?:([^@;]+)@/i.exec(req.uri)?.[1];
    if (user && this.device.control.has(user)) return user;
    return this.device.tree.channels[0]?.channelId ?? this.device.deviceId;
  }

  private async answer(req: SipRequest, tx: ServerTransaction, inbound: Inbound, channelId: string, offer: GbSdp, mode: StreamMode): Promise<void> {
    const cfg = this.device.config;
    const localIp = this.device.link.localIp;
    const offered = offer.ssrcValue;
    let ssrc = offered ?? ownSsrc(mode, cfg.server.domain);
    if (cfg.faults.ssrcMismatch) ssrc = ownSsrc(mode, cfg.server.domain, offered);
    let sink: RtpSink;
    let setup: 'active' | 'passive' | undefined;
    if (offer.transport === 'udp') sink = await UdpSink.open(localIp, offer.ip, offer.port);
    else if (offer.setup === 'active') {
      sink = await TcpListenSink.listen(localIp);
      setup = 'passive';
    } else {
      sink = new TcpConnectSink(localIp, offer.ip, offer.port);
      setup = 'active';
    }
    const duration = mode === 'live' ? undefined : Math.max(1, this.windowSeconds(mode, channelId, offer.startTime ?? 0, offer.endTime ?? 0));
    const speed = mode === 'download' ? Math.max(1, offer.downloadSpeed ?? 1) : 1;
    const callId = getCallId(req) ?? '';
    const from = getFrom(req);
    const to = getTo(req);
    const localTag = newTag();
    let cseq = 1;
    const remoteTarget = getContacts(req)[0]?.uri;
    const clip = videoClip(cfg.clip);
    const gopFrames = Math.max(1, Math.round(cfg.gopSec * clip.fps));
    const s: Session = {
      callId,
      channelId,
      offer,
      mode,
      sink,
      ssrc,
      dest: inbound.source,
      acked: false,
      ended: false,
      dialog: {
        callId,
        localUri: to ? formatUri(to.uri) : `sip:${channelId}@${cfg.server.domain}`,
        localTag,
        remoteUri: from ? formatUri(from.uri) : `sip:${cfg.server.id}@${cfg.server.domain}`,
        remoteTag: from?.params.tag ?? '',
        remoteTarget: remoteTarget ? formatUri(remoteTarget) : from ? formatUri(from.uri) : `sip:${cfg.server.id}@${cfg.server.domain}`,
        nextCseq: () => cseq++,
      },
      streamer: new MediaStreamer({
        clip,
        audio: cfg.audio ? audioClip() : undefined,
        ssrc,
        mode,
        durationSec: duration,
        speed,
        sink,
        faults: { dropPercent: cfg.faults.rtpDropPercent, reorderPercent: cfg.faults.rtpReorderPercent },
        random: this.device.random,
        onEnd: () => void this.endOfFile(callId),
        stallAfterSec: cfg.field.mediaStallAfterSec,
        freezeTimestampsAfterSec: cfg.field.freezeTimestampsAfterSec,
        gopFrames,
        startAt: cfg.midGopStart && gopFrames > 1 ? 1 + Math.floor(Math.random() * (gopFrames - 1)) : 0,
        onKeyframe: (k) => this.device.events.emit('keyframe-sent', { callId, channelId, ...k }),
      }),
    };
    sink.onClosed(() => this.finish(s, 'connection-lost', true));
    if (tx.state !== 'Proceeding') {
      sink.close();
      return; // CANCELled while we were opening sockets
    }
    this.sessions.set(callId, s);
    tx.setUser({ on2xxAckTimeout: () => this.finish(s, 'ack-timeout', true) });
    const sdp = buildAnswer({
      sessionName: offer.sessionName,
      ownerId: channelId,
      ip: localIp,
      port: sink.kind === 'tcp-passive' ? 9 : sink.localPort, // RFC 4145 §4.1: an active endpoint writes port 9
      transport: offer.transport,
      setup,
      ssrc: String(ssrc).padStart(10, '0'),
      startTime: offer.startTime,
      endTime: offer.endTime,
      filesize: mode === 'download' ? Math.round((duration ?? 0) * RECORD_BYTES_PER_SECOND) : undefined,
    });
    tx.respond(
      createResponse(req, 200, 'OK', {
        toTag: localTag,
        headers: [
          { name: 'Contact', value: contact(channelId, this.device.link.local()) },
          { name: 'Content-Type', value: 'application/sdp' },
        ],
        body: Buffer.from(sdp),
      }),
    );
    // TCP where the platform listens: connect now, so the platform sees the connection as soon as it ACKs.
    if (sink.kind === 'tcp-passive') sink.ready().catch(() => {});
  }

  private async endOfFile(callId: string): Promise<void> {
    const s = this.sessions.get(callId);
    if (!s || this.device.config.field.noMediaStatus) return;
    // MediaStatus 121 travels in the INVITE's dialog (same Call-ID); the platform then sends BYE.
    const body = mediaStatus(s.channelId, this.device.nextSn(), 121);
    let status: number | undefined;
    try {
      const req = this.device.sendMessage(body, { dialog: s.dialog });
      status = (await req).status;
    } catch {
      status = undefined;
    }
    this.device.events.emit('media-status-sent', { callId, status });
  }

  private async finish(s: Session, reason: 'bye' | 'stopped' | 'connection-lost' | 'ack-timeout' | 'error', sendBye: boolean, detail?: string): Promise<void> {
    if (s.ended) return;
    s.ended = true;
    this.sessions.delete(s.callId);
    s.streamer.stop();
    s.sink.close();
    this.device.events.emit('media-ended', { callId: s.callId, channelId: s.channelId, reason, detail });
    if (!sendBye) return;
    try {
      await this.device.request(inDialogRequest('BYE', s.dialog, this.device.link.local(), [], undefined, this.device.viaBranch), s.dest);
    } catch {
      // the platform may be gone
    }
  }
}

/** An SSRC of our own (a device that ignores y=): history/live digit + domain digits 4-8 + 4 digits. */
function ownSsrc(mode: StreamMode, domain: string, avoid?: number): number {
  for (;;) {
    const s = Number(`${mode === 'live' ? 0 : 1}${domain.slice(3, 8)}${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`);
    if (s !== avoid) return s;
  }
}
