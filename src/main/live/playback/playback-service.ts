// Playback of a channel's recordings (GB/T 28181-2016 §9.8): INVITE s=Playback for [start, end], then
// MANSRTSP in INFO for pause, resume, seek (Range: npt= first) and speed (Scale:). A paused session is kept:
// no frames and no viewer do not end it. MediaStatus 121 (end of the recording) ends it cleanly. Every
// playback.start gets its own session, so a second viewer of the same recording never waits on the first.
// A device that does not honour Range (it refuses the INFO, or its timestamps do not jump near the target within
// SEEK_CHECK_MS) is asked again by a new INVITE from the target time in the same session, and the console is
// told (playback.note); later seeks on that call go straight to a new INVITE.
import type { ApiEventName, ApiEvents } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import type { PlaybackAction } from '../../../shared/types/recordings';
import { buildHistoryInvite } from '../../gb28181/invite';
import { buildMansrtsp, MANSRTSP_CONTENT_TYPE, MansrtspSequence, type MansrtspRequest } from '../../gb28181/mansrtsp';
import type { Logger } from '../../log/logger';
import type { SipStack } from '../../sip/stack/stack';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { errorText, type ServerText } from '../../../shared/texts';
import type { FanoutFrame } from '../frame-fanout';
import type { MediaSession, SessionRules } from '../media-session';
import type { SessionHost } from '../session-host';
import { controlRefusedText, endOfRecordingText, failedText, historyTexts, movingText, noSessionText, notPlayingText, reinvitedText, reinviteFailedText, stoppedText, type ControlVerb } from './texts';

export interface PlaybackServiceOptions {
  host: SessionHost;
  stack: Pick<SipStack, 'sendInDialog'>;
  events: { emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void };
  logger: Logger;
  /** How long a seek by Range may take to show in the timestamps before a new INVITE (default SEEK_CHECK_MS). */
  seekCheckMs?: number;
}

/** A seek shows as a jump of the timestamps within this long, or the device is taken not to honour Range. */
export const SEEK_CHECK_MS = 3000;
/** Media seconds between consecutive frames that count as a jump (at 8x with unscaled timestamps: 40 ms). */
const JUMP_SEC = 1;
/** A seek this close to the picture needs no jump to be believed (it may land on the keyframe it is in). */
const NEAR_SEC = 3;

interface Playback {
  start: number;
  end: number;
  /** Where the current call's t= starts (Range npt counts from here); moves with a new INVITE. */
  callStart: number;
  paused: boolean;
  scale: number;
  seq: MansrtspSequence;
  finished: boolean;
  stoppedByUser: boolean;
  /** Recording time of a frame's pts: set by the first frame of each call, moved by a seek that landed. */
  origin?: { pts: number; at: number };
  /** Recording time of the last frame. */
  lastAt?: number;
  /** Where the first frame of the call is, when a seek was asked before any frame came. */
  firstAt?: number;
  /** A Range seek waiting to show in the timestamps. */
  seek?: { at: number; timer?: TimerHandle };
  /** The call's device did not honour Range: seeks are new INVITEs. */
  rangeBroken: boolean;
  reinviting: boolean;
}

export class PlaybackService {
  private readonly state = new WeakMap<MediaSession, Playback>();
  private readonly clock: Clock;
  private readonly seekCheckMs: number;

  constructor(private readonly o: PlaybackServiceOptions) {
    this.clock = o.host.clock;
    this.seekCheckMs = o.seekCheckMs ?? SEEK_CHECK_MS;
  }

  private rules(p: Playback): SessionRules {
    return {
      kind: 'playback',
      what: 'playback',
      ssrcKind: 'history',
      texts: historyTexts('playback'),
      buildInvite: (stack, spec) => buildHistoryInvite(stack, { ...spec, sessionName: 'Playback', start: p.start, end: p.end }),
      keepsWithoutViewers: () => p.paused || p.reinviting,
      quiet: () => p.paused || p.reinviting,
      onFrame: (s, f) => {
        this.frame(p, f);
        s.fanout.push(f);
      },
      onMediaStatus: (s, type) => {
        if (type !== '121') return;
        p.finished = true;
        void s.end(endOfRecordingText(s.channelId, 'playback'), { hangup: true });
      },
      onEnded: (s, e) => {
        const outcome = p.finished ? 'finished' : p.stoppedByUser || e.byDevice ? 'stopped' : e.wasPlaying ? 'stopped' : 'failed';
        const text = typeof e.said === 'string' ? undefined : (e.said as ServerText);
        this.o.events.emit('playback.ended', { sessionId: s.id, deviceId: s.deviceId, channelId: s.channelId, reason: e.reason, ...(text ? { text } : {}), outcome });
        (outcome === 'failed' ? this.o.logger.warn : this.o.logger.info)(e.reason);
        this.clearSeek(p);
      },
    };
  }

  /** INVITEs the device for the range; resolves once it answered (frames follow on the media channel). */
  async start(q: { deviceId: string; channelId: string; start: number; end: number }): Promise<{ sessionId: string }> {
    const p: Playback = {
      start: q.start,
      end: q.end,
      callStart: q.start,
      paused: false,
      scale: 1,
      seq: new MansrtspSequence(),
      finished: false,
      stoppedByUser: false,
      rangeBroken: false,
      reinviting: false,
    };
    const s = this.o.host.open(this.rules(p), { deviceId: q.deviceId, channelId: q.channelId });
    this.state.set(s, p);
    await s.ready;
    return { sessionId: s.id };
  }

  async control(sessionId: string, action: PlaybackAction, value?: number): Promise<void> {
    const { s, p } = this.session(sessionId);
    if (p.reinviting) throw DomainError.saying('conflict', movingText(s.channelId));
    if (action === 'pause') {
      await this.send(s, { method: 'PAUSE', cseq: p.seq.next() }, 'pause');
      p.paused = true;
      if (p.seek?.timer !== undefined) this.clock.clearTimeout(p.seek.timer);
      if (p.seek) p.seek.timer = undefined;
    } else if (action === 'resume') {
      await this.send(s, { method: 'PLAY', cseq: p.seq.next() }, 'resume');
      p.paused = false;
      if (p.seek) this.armSeekCheck(s, p);
    } else if (action === 'seek') {
      await this.seek(s, p, Math.min(Math.max(value ?? p.start, p.start), p.end));
    } else {
      const scale = value ?? 1;
      await this.send(s, { method: 'PLAY', cseq: p.seq.next(), scale }, 'speed');
      p.scale = scale;
      p.paused = false;
    }
  }

  async stop(sessionId: string): Promise<{ stopped: boolean }> {
    const s = this.o.host.get(sessionId);
    const p = s && this.state.get(s);
    if (!s || !p || s.ended) return { stopped: false };
    p.stoppedByUser = true;
    await s.end(stoppedText(s.channelId, 'playback'), { hangup: true, code: 'conflict' });
    return { stopped: true };
  }

  list(): MediaSession[] {
    return this.o.host.all('playback');
  }

  private session(sessionId: string): { s: MediaSession; p: Playback } {
    const s = this.o.host.get(sessionId);
    const p = s && this.state.get(s);
    if (!s || !p || s.ended) throw DomainError.saying('not_found', noSessionText(sessionId));
    return { s, p };
  }

  /** Range: npt= first; a new INVITE from `at` where the device refuses it, ignores it, or cannot go before its call. */
  private async seek(s: MediaSession, p: Playback, at: number): Promise<void> {
    this.clearSeek(p);
    if (!inCall(s)) throw DomainError.saying('conflict', notPlayingText(s.channelId));
    if (p.rangeBroken || at < p.callStart) return this.reinviteAt(s, p, at);
    s.discontinuity = true;
    let res: { status: number; reason: string };
    try {
      res = await this.info(s, { method: 'PLAY', cseq: p.seq.next(), rangeStartSec: at - p.callStart });
    } catch (err) {
      res = { status: 408, reason: (err as Error).message };
    }
    if (res.status >= 300) {
      p.rangeBroken = true;
      return this.reinviteAt(s, p, at, reinvitedText(s.channelId, at, { refused: res }));
    }
    p.paused = false;
    if (p.lastAt === undefined) {
      p.firstAt = at; // no picture yet to judge by: the first one is taken to be at the target
      return;
    }
    if (Math.abs(at - p.lastAt) < NEAR_SEC) return;
    p.seek = { at };
    this.armSeekCheck(s, p);
  }

  private armSeekCheck(s: MediaSession, p: Playback): void {
    const seek = p.seek;
    if (!seek) return;
    if (seek.timer !== undefined) this.clock.clearTimeout(seek.timer);
    seek.timer = this.clock.setTimeout(() => {
      seek.timer = undefined;
      if (p.seek !== seek || s.ended) return;
      p.rangeBroken = true;
      void this.reinviteAt(s, p, seek.at, reinvitedText(s.channelId, seek.at, { ignoredSec: Math.round(this.seekCheckMs / 100) / 10 })).catch(() => undefined);
    }, this.seekCheckMs);
  }

  private clearSeek(p: Playback): void {
    if (p.seek?.timer !== undefined) this.clock.clearTimeout(p.seek.timer);
    p.seek = undefined;
  }

  /** Where each frame is in the recording; a pending seek is done once the timestamps jump. */
  private frame(p: Playback, f: FanoutFrame): void {
    if (!p.origin) {
      const at = p.firstAt ?? p.callStart;
      p.origin = { pts: f.pts, at };
      p.firstAt = undefined;
      p.lastAt = at;
      return;
    }
    const at = p.origin.at + (f.pts - p.origin.pts) / 90000;
    const prev = p.lastAt ?? at;
    p.lastAt = at;
    if (!p.seek || Math.abs(at - prev) <= JUMP_SEC) return;
    // The device moved. Some restart their timestamps at a seek: then the picture is taken to be at the target.
    if (Math.abs(at - p.seek.at) > NEAR_SEC * 2) {
      p.origin = { pts: f.pts, at: p.seek.at };
      p.lastAt = p.seek.at;
    }
    this.clearSeek(p);
  }

  /** A new INVITE for [at, end] in the same session (same port, SSRC and viewers); the old call gets its BYE. */
  private async reinviteAt(s: MediaSession, p: Playback, at: number, note?: ServerText): Promise<void> {
    this.clearSeek(p);
    p.reinviting = true;
    s.discontinuity = true;
    try {
      await s.reinvite((stack, spec) => buildHistoryInvite(stack, { ...spec, sessionName: 'Playback', start: at, end: p.end }));
    } catch (err) {
      p.reinviting = false;
      const text = failedText(s.channelId, 'playback', reinviteFailedText(errorText(err)));
      await s.end(text, { hangup: true });
      throw DomainError.saying('unavailable', text);
    }
    p.reinviting = false;
    if (s.ended) return;
    p.seq = new MansrtspSequence();
    p.callStart = at;
    p.origin = undefined;
    p.lastAt = undefined;
    p.paused = false;
    s.discontinuity = true;
    if (note) {
      s.warn(note);
      this.o.events.emit('playback.note', { sessionId: s.id, deviceId: s.deviceId, channelId: s.channelId, note });
    }
    if (p.scale !== 1) await this.send(s, { method: 'PLAY', cseq: p.seq.next(), scale: p.scale }, 'speed').catch((err: unknown) => s.warn(errorText(err)));
  }

  private async info(s: MediaSession, r: MansrtspRequest): Promise<{ status: number; reason: string }> {
    const dialog = s.dialog;
    if (!inCall(s)) throw DomainError.saying('conflict', notPlayingText(s.channelId));
    // A call another console instance placed: its dialog, and so the INFO, are that instance's.
    if (!dialog) return s.call!.sendInfo!(Buffer.from(buildMansrtsp(r)), MANSRTSP_CONTENT_TYPE);
    return this.o.stack.sendInDialog(dialog, 'INFO', {
      body: Buffer.from(buildMansrtsp(r)),
      contentType: MANSRTSP_CONTENT_TYPE,
      noNewConnection: s.device.noNewConnection,
    });
  }

  private async send(s: MediaSession, r: MansrtspRequest, verb: ControlVerb): Promise<void> {
    const res = await this.info(s, r);
    if (res.status >= 300) throw DomainError.saying('unavailable', controlRefusedText(s.channelId, verb, res.status, res.reason));
  }
}

/** The call is answered and can carry in-dialog requests (here, or through the instance that placed it). */
function inCall(s: MediaSession): boolean {
  return !!s.dialog || (!!s.call?.answered && !!s.call.sendInfo);
}
