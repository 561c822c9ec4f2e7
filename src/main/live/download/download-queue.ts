// Downloads (GB/T 28181-2016 §9.9): INVITE s=Download with a=downloadspeed, the frames remuxed to MP4 as they
// arrive, at most `concurrency` at a time (the rest queued). Progress is the share of recorded footage received
// (progress.ts). A download ends on MediaStatus 121, on the device's BYE, or when its timestamps stop advancing
// (the session's stall watchdog), and is then done, truncated or failed, said which. It belongs to the
// process, not to a window: closing the console window does not end it.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ApiEventName, ApiEvents } from '../../../shared/contract';
import { DomainError } from '../../../shared/errors';
import { errorText, textOf, type ServerText } from '../../../shared/texts';
import type { DownloadView, RecordQueryResult } from '../../../shared/types/recordings';
import { buildHistoryInvite } from '../../gb28181/invite';
import type { Logger } from '../../log/logger';
import type { MediaSession, SessionRules } from '../media-session';
import type { SessionHost } from '../session-host';
import { failedText, historyTexts } from '../playback/texts';
import { cancelledText, cancelledWhyText, downloadEndText, failedWhyText, rangeReachedText, reachedEndText, timestampsStuckText, tooManyText } from './texts';
import { Mp4Writer } from './mp4-writer';
import { downloadProgress, judgeEnd, recordedSeconds } from './progress';

export interface DownloadQueueOptions {
  host: SessionHost;
  events: { emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void };
  logger: Logger;
  dir: string;
  /** The record list, for progress; a failure counts the whole range as recorded. */
  records(q: { deviceId: string; channelId: string; start: number; end: number }): Promise<RecordQueryResult>;
  /** Downloads running at once (default 2). */
  concurrency?: number;
  /** Finished downloads kept in download.list (default 100). */
  keep?: number;
  /** Frames whose timestamps have not advanced for this long end the download (default 10 s). */
  stallMs?: number;
}

interface Download {
  view: DownloadView;
  session?: MediaSession;
  writer?: Mp4Writer;
  recorded: number;
  firstPts?: number;
  mediaSec: number;
  /** When mediaSec last grew (clock ms). */
  advancedAt?: number;
  advancedSec: number;
  /** A tick already saw the timestamps at the end (the device gets one more tick to send its MediaStatus 121). */
  endSeen?: boolean;
  cause?: '121' | 'bye' | 'stalled' | 'error';
  rate: { at: number; bytes: number } | undefined;
}

/** Downloads queued and running at once, all devices together. */
const MAX_OPEN = 200;

export class DownloadQueue {
  private readonly downloads = new Map<string, Download>();
  private readonly concurrency: number;

  constructor(private readonly o: DownloadQueueOptions) {
    this.concurrency = o.concurrency ?? 2;
  }

  start(p: { deviceId: string; channelId: string; start: number; end: number; speed?: number }): { downloadId: string } {
    if (this.open().length >= MAX_OPEN) throw DomainError.saying('conflict', tooManyText(MAX_OPEN));
    const downloadId = randomUUID();
    const d: Download = {
      view: { downloadId, state: 'queued', progress: 0, bytes: 0, deviceId: p.deviceId, channelId: p.channelId, start: p.start, end: p.end, speed: p.speed ?? 4 },
      recorded: p.end - p.start,
      mediaSec: 0,
      advancedSec: -1,
      rate: undefined,
    };
    this.downloads.set(downloadId, d);
    this.trim();
    this.emit(d);
    this.pump();
    return { downloadId };
  }

  async cancel(downloadId: string): Promise<{ cancelled: boolean }> {
    const d = this.downloads.get(downloadId);
    if (!d || (d.view.state !== 'queued' && d.view.state !== 'running')) return { cancelled: false };
    if (d.view.state === 'queued') {
      this.finish(d, 'cancelled', cancelledWhyText(true));
      return { cancelled: true };
    }
    d.view.state = 'cancelled';
    await d.session?.end(cancelledText(d.view.channelId), { hangup: true });
    return { cancelled: true };
  }

  list(): DownloadView[] {
    return [...this.downloads.values()].map((d) => ({ ...d.view }));
  }

  async close(): Promise<void> {
    await Promise.all(this.open().map((d) => this.cancel(d.view.downloadId)));
  }

  private open(): Download[] {
    return [...this.downloads.values()].filter((d) => d.view.state === 'queued' || d.view.state === 'running');
  }

  private pump(): void {
    const running = [...this.downloads.values()].filter((d) => d.view.state === 'running').length;
    const next = [...this.downloads.values()].find((d) => d.view.state === 'queued');
    if (!next || running >= this.concurrency) return;
    next.view.state = 'running';
    void this.run(next).finally(() => this.pump());
    this.pump();
  }

  private async run(d: Download): Promise<void> {
    const v = d.view;
    try {
      const r = await this.o.records(v);
      d.recorded = recordedSeconds(r.items, v.start, v.end) || v.end - v.start;
    } catch {
      d.recorded = v.end - v.start;
    }
    if (v.state !== 'running') return;
    mkdirSync(this.o.dir, { recursive: true });
    const file = path.join(this.o.dir, `${v.channelId}_${stamp(v.start)}_${stamp(v.end)}_${v.downloadId.slice(0, 8)}.mp4`);
    try {
      d.writer = new Mp4Writer(file);
      d.session = this.o.host.open(this.rules(d), { deviceId: v.deviceId, channelId: v.channelId });
      this.emit(d);
      await d.session.closed;
    } catch (err) {
      this.finish(d, 'failed', downloadEndText(failedWhyText(), errorText(err), true));
    }
  }

  private rules(d: Download): SessionRules {
    const v = d.view;
    return {
      kind: 'download',
      what: 'download',
      ssrcKind: 'history',
      texts: historyTexts('download'),
      buildInvite: (stack, spec) => buildHistoryInvite(stack, { ...spec, sessionName: 'Download', start: v.start, end: v.end, downloadSpeed: v.speed }),
      keepsWithoutViewers: () => true,
      onFrame: (s, f) => {
        d.firstPts ??= f.pts;
        d.mediaSec = (f.pts - d.firstPts) / 90000;
        try {
          d.writer!.add(f);
        } catch (err) {
          d.cause = 'error';
          void s.end(failedText(v.channelId, 'download', errorText(err)), { hangup: true });
        }
      },
      onMediaStatus: (s, type) => {
        if (type !== '121') return;
        d.cause = '121';
        void s.end(reachedEndText(v.channelId), { hangup: true });
      },
      onTick: (s, now) => {
        v.bytes = s.stats()?.bytes ?? v.bytes;
        v.progress = downloadProgress(d.recorded, d.mediaSec);
        if (d.rate) v.rateBps = Math.round(((v.bytes - d.rate.bytes) * 1000) / Math.max(1, now - d.rate.at));
        d.rate = { at: now, bytes: v.bytes };
        v.etaSec = v.rateBps && v.progress > 0 ? Math.round(((1 - v.progress) * (now - s.startedAt)) / 1000 / v.progress) : null;
        this.emit(d);
        // The last frame's timestamp is one frame short of the end: within 0.1 s is the end.
        if (v.progress >= 1 || (d.firstPts !== undefined && d.mediaSec >= d.recorded - 0.1)) {
          if (!d.endSeen) return void (d.endSeen = true);
          d.cause ??= 'stalled';
          void s.end(rangeReachedText(v.channelId), { hangup: true });
          return;
        }
        if (d.mediaSec > d.advancedSec) {
          d.advancedSec = d.mediaSec;
          d.advancedAt = now;
        } else if (d.advancedAt !== undefined && now - d.advancedAt >= (this.o.stallMs ?? 10_000)) {
          d.cause ??= 'stalled';
          const at = Math.round(d.mediaSec * 10) / 10;
          void s.end(timestampsStuckText(v.channelId, at), { hangup: true });
        }
      },
      onEnded: (s, e) => {
        v.bytes = s.stats()?.bytes ?? v.bytes;
        v.progress = downloadProgress(d.recorded, d.mediaSec);
        const wrote = d.writer?.finish() ?? false;
        if (v.state === 'cancelled') {
          this.removeFile(d);
          return this.finish(d, 'cancelled', cancelledWhyText(false));
        }
        const cause = d.cause ?? (e.byDevice ? 'bye' : e.wasPlaying ? 'stalled' : 'error');
        const end = judgeEnd({ cause, frames: d.writer?.frames ?? 0, progress: v.progress });
        if (end.state === 'done') v.progress = 1;
        if (wrote && end.state !== 'failed') v.path = d.writer!.path;
        else this.removeFile(d);
        this.finish(d, end.state, downloadEndText(end.why, e.said, end.state === 'failed' && !wrote && cause !== 'error'));
      },
    };
  }

  private removeFile(d: Download): void {
    if (d.writer) rmSync(d.writer.path, { force: true });
  }

  private finish(d: Download, state: DownloadView['state'], said: ServerText | string): void {
    const why = textOf(said);
    d.view.state = state;
    d.view.reason = why;
    if (typeof said === 'string') delete d.view.reasonText;
    else d.view.reasonText = said;
    delete d.view.rateBps;
    delete d.view.etaSec;
    (state === 'failed' ? this.o.logger.warn : this.o.logger.info)(`download of camera ${d.view.channelId} ${state}: ${why}`);
    this.o.events.emit('download.done', { ...d.view });
  }

  private emit(d: Download): void {
    this.o.events.emit('download.progress', { ...d.view });
  }

  private trim(): void {
    const keep = this.o.keep ?? 100;
    const finished = [...this.downloads.values()].filter((d) => d.view.state !== 'queued' && d.view.state !== 'running');
    for (const d of finished.slice(0, Math.max(0, finished.length - keep))) this.downloads.delete(d.view.downloadId);
  }
}

function stamp(unix: number): string {
  return new Date(unix * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15);
}
