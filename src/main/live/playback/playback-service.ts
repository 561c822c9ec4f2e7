// Playback of a channel's recordings (GB/T 28181-2016 §9.8): INVITE s=Playback for [start, end], then
// MANSRTSP in INFO for pause, resume, seek (Range: npt= first) and speed (Scale:). A paused session is kept:
// no frames and no viewer do not end it. MediaStatus 121 (end of the recording) ends it cleanly. Every
// playback.start gets its own session, so a second viewer of the same recording never waits on the first.
import type { ApiEventName, ApiEvents } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import type { PlaybackAction } from '../../../shared/types/recordings';
import { buildHistoryInvite } from '../../gb28181/invite';
import { buildMansrtsp, MANSRTSP_CONTENT_TYPE, MansrtspSequence, type MansrtspRequest } from '../../gb28181/mansrtsp';
import type { Logger } from '../../log/logger';
import type { SipStack } from '../../sip/stack/stack';
import type { MediaSession, SessionRules } from '../media-session';
import type { SessionHost } from '../session-host';
import { controlRefusedText, endOfRecordingText, historyTexts, stoppedText } from './texts';

export interface PlaybackServiceOptions {
  host: SessionHost;
  stack: Pick<SipStack, 'sendInDialog'>;
  events: { emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void };
  logger: Logger;
}



interface Playback {
  start: number;
  end: number;
  paused: boolean;
  scale: number;
  seq: MansrtspSequence;
  finished: boolean;
  stoppedByUser: boolean;
}

export class PlaybackService {
  private readonly state = new WeakMap<MediaSession, Playback>();

  constructor(private readonly o: PlaybackServiceOptions) {}

  private rules(p: Playback): SessionRules {
    return {
      kind: 'playback',
      what: 'playback',
      ssrcKind: 'history',
      texts: historyTexts('playback'),
      buildInvite: (stack, spec) => buildHistoryInvite(stack, { ...spec, sessionName: 'Playback', start: p.start, end: p.end }),
      keepsWithoutViewers: () => p.paused,
      quiet: () => p.paused,
      onMediaStatus: (s, type) => {
        if (type !== '121') return;
        p.finished = true;
        void s.end(endOfRecordingText(s.channelId, 'playback'), { hangup: true });
      },
      onEnded: (s, e) => {
        const outcome = p.finished ? 'finished' : p.stoppedByUser || e.byDevice ? 'stopped' : e.wasPlaying ? 'stopped' : 'failed';
        this.o.events.emit('playback.ended', { sessionId: s.id, deviceId: s.deviceId, channelId: s.channelId, reason: e.reason, outcome });
        (outcome === 'failed' ? this.o.logger.warn : this.o.logger.info)(e.reason);
      },
    };
  }

  /** INVITEs the device for the range; resolves once it answered (frames follow on the media channel). */
  async start(q: { deviceId: string; channelId: string; start: number; end: number }): Promise<{ sessionId: string }> {
    const p: Playback = { start: q.start, end: q.end, paused: false, scale: 1, seq: new MansrtspSequence(), finished: false, stoppedByUser: false };
    const s = this.o.host.open(this.rules(p), { deviceId: q.deviceId, channelId: q.channelId });
    this.state.set(s, p);
    await s.ready;
    return { sessionId: s.id };
  }

  async control(sessionId: string, action: PlaybackAction, value?: number): Promise<void> {
    const { s, p } = this.session(sessionId);
    if (action === 'pause') {
      await this.send(s, { method: 'PAUSE', cseq: p.seq.next() }, 'pause');
      p.paused = true;
    } else if (action === 'resume') {
      await this.send(s, { method: 'PLAY', cseq: p.seq.next() }, 'resume');
      p.paused = false;
    } else if (action === 'seek') {
      const at = Math.min(Math.max(value ?? p.start, p.start), p.end);
      s.discontinuity = true;
      await this.send(s, { method: 'PLAY', cseq: p.seq.next(), rangeStartSec: at - p.start }, 'seek in');
      p.paused = false;
    } else {
      const scale = value ?? 1;
      await this.send(s, { method: 'PLAY', cseq: p.seq.next(), scale }, 'change the speed of');
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
    if (!s || !p || s.ended) throw new DomainError('not_found', `no playback session ${sessionId} is open (it may have ended: see playback.ended)`);
    return { s, p };
  }

  private async send(s: MediaSession, r: MansrtspRequest, verb: string): Promise<void> {
    const dialog = s.dialog;
    if (!dialog) throw new DomainError('conflict', `playback of camera ${s.channelId} is not playing yet; try again once it does`);
    const res = await this.o.stack.sendInDialog(dialog, 'INFO', {
      body: Buffer.from(buildMansrtsp(r)),
      contentType: MANSRTSP_CONTENT_TYPE,
      noNewConnection: s.device.noNewConnection,
    });
    if (res.status >= 300) throw new DomainError('unavailable', controlRefusedText(s.channelId, verb, res.status, res.reason));
  }
}
