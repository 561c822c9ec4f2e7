// Plays a clip as GB/T 28181 media: each frame becomes one PS packet (pack header, plus system header and
// PSM on keyframes, then PES with PTS), cut into RTP packets (PT 96, 90 kHz, one timestamp per frame, marker
// on the frame's last packet), paced in real time. Live loops forever; Playback and Download run for the
// requested window and then report the end (the device then sends MediaStatus 121). Live follows the camera's
// own GOP (gop.ts): keyframes every `gopFrames`, starting where the camera happens to be, one more on request.
import type { VideoClip } from '../../main/media/clip';
import { PsMuxer } from '../../main/media/ps-mux';
import { RtpPacketizer } from '../../main/media/rtp-packetize';
import { FaultyOutput, type RtpFaults } from './faults';
import { GopSequence } from './gop';
import type { RtpSink } from './sinks';

export type StreamMode = 'live' | 'playback' | 'download';

export interface StreamOptions {
  clip: VideoClip;
  /** 40 ms G.711A packets to interleave, or undefined for video only. */
  audio?: { data: Buffer; pts: number }[];
  ssrc: number;
  mode: StreamMode;
  /** Playback / Download: the requested window's length. */
  durationSec?: number;
  /** Download: a=downloadspeed. */
  speed?: number;
  sink: RtpSink;
  faults?: RtpFaults;
  random?: () => number;
  /** Playback / Download reached the end of the window. */
  onEnd?: () => void;
  /** Live: frames from one keyframe to the next (default the clip's). */
  gopFrames?: number;
  /** Live: where in the first GOP the stream begins (0: on a keyframe). */
  startAt?: number;
  /** Live: a keyframe went out; `frame` counts from the stream's first frame (0). */
  onKeyframe?: (k: { frame: number; forced: boolean }) => void;
  /** Playback / Download: stop sending at this many seconds into the window, without reporting the end. */
  stallAfterSec?: number;
  /** Playback / Download: from this many seconds into the window, frames keep coming with the same timestamp. */
  freezeTimestampsAfterSec?: number;
}

export interface StreamStats {
  frames: number;
  packets: number;
  bytes: number;
  dropped: number;
  reordered: number;
  /** Seconds from the start of the window (live: since the stream began). */
  positionSec: number;
  paused: boolean;
  scale: number;
  ended: boolean;
}

/** Largest number of frames sent in one timer tick when the process fell behind. */
const MAX_BURST = 10;

export class MediaStreamer {
  private readonly muxer: PsMuxer;
  private readonly rtp: RtpPacketizer;
  private readonly output: FaultyOutput;
  private readonly fps: number;
  private readonly frameMs: number;
  private readonly totalFrames: number;
  private readonly tsBase: number;
  /** Index of the next frame, counted from the start of the window. */
  private next = 0;
  private scale = 1;
  private paused = false;
  private running = false;
  private ended = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Wall time at which frame `anchorFrame` is due. */
  private anchorTime = 0;
  private anchorFrame = 0;
  private readonly stats = { frames: 0, packets: 0, bytes: 0 };
  /** Live only. */
  private readonly gop: GopSequence | undefined;

  constructor(private readonly o: StreamOptions) {
    this.fps = o.clip.fps;
    this.frameMs = 1000 / this.fps;
    this.totalFrames = o.mode === 'live' ? Infinity : Math.max(1, Math.round((o.durationSec ?? 0) * this.fps));
    this.muxer = new PsMuxer({ video: o.clip.codec, audio: o.audio ? 'g711a' : undefined });
    const random = o.random ?? Math.random;
    this.rtp = new RtpPacketizer({ ssrc: o.ssrc, payloadType: 96, maxPayload: 1400, sequenceNumber: Math.floor(random() * 65536) });
    this.tsBase = Math.floor(random() * 0x7fffffff);
    this.output = new FaultyOutput(o.faults ?? {}, random);
    if (o.mode === 'download') this.scale = Math.max(0.25, o.speed ?? 1);
    if (o.mode === 'live') this.gop = new GopSequence(o.clip, o.gopFrames ?? clipGopFrames(o.clip), o.startAt);
  }

  /** Live: frames between keyframes actually used (a clip that cannot be stretched keeps its own). */
  get gopFrames(): number | undefined {
    return this.gop?.gopFrames;
  }

  /** Live: the next frame is a keyframe (IFrame DeviceControl). */
  requestKeyframe(): void {
    this.gop?.forceKeyframe();
  }

  start(): void {
    if (this.running || this.ended) return;
    this.running = true;
    this.reanchor();
    this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rest = this.output.flush();
    if (rest.length) this.o.sink.send(rest);
  }

  /** MANSRTSP PAUSE. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** MANSRTSP PLAY: resume, optionally from `rangeStartSec` (npt) and at `scale`. */
  play(rangeStartSec?: number, scale?: number): void {
    if (scale !== undefined && Number.isFinite(scale) && scale !== 0) this.scale = scale;
    if (rangeStartSec !== undefined && Number.isFinite(rangeStartSec) && rangeStartSec >= 0) this.seek(rangeStartSec);
    this.paused = false;
    if (this.running && !this.ended) {
      if (this.timer) clearTimeout(this.timer);
      this.reanchor();
      this.tick();
    }
  }

  /** Moves to the keyframe at or before `sec` (a decoder must restart on a keyframe). */
  seek(sec: number): void {
    let n = Math.min(Math.max(0, Math.round(sec * this.fps)), this.totalFrames === Infinity ? Number.MAX_SAFE_INTEGER : this.totalFrames - 1);
    while (n > 0 && !this.frameAt(n).keyframe) n--;
    this.next = n;
    this.reanchor();
  }

  snapshot(): StreamStats {
    return {
      ...this.stats,
      dropped: this.output.dropped,
      reordered: this.output.reordered,
      positionSec: this.next / this.fps,
      paused: this.paused,
      scale: this.scale,
      ended: this.ended,
    };
  }

  private frameAt(n: number) {
    const frames = this.o.clip.frames;
    return frames[((n % frames.length) + frames.length) % frames.length];
  }

  private reanchor(): void {
    this.anchorTime = Date.now();
    this.anchorFrame = this.next;
  }

  /** Wall time at which frame `n` is due, at the current scale (reverse play steps back one GOP at a time). */
  private dueTime(n: number): number {
    const rate = Math.abs(this.scale);
    return this.anchorTime + (Math.abs(n - this.anchorFrame) * this.frameMs) / rate;
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running || this.paused || this.ended) return;
    const now = Date.now();
    let sent = 0;
    while (sent < MAX_BURST && this.dueTime(this.next) <= now) {
      if (this.scale < 0) {
        if (!this.sendReverse()) return;
      } else if (!this.sendForward()) return;
      sent++;
    }
    if (sent === MAX_BURST && this.dueTime(this.next) < now - 1000) this.reanchor();
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.dueTime(this.next) - Date.now()));
  }

  private sendForward(): boolean {
    if (this.o.stallAfterSec !== undefined && this.o.mode !== 'live' && this.next >= this.o.stallAfterSec * this.fps) return false;
    if (this.next >= this.totalFrames) {
      this.finish();
      return false;
    }
    this.sendFrame(this.next);
    this.next++;
    return true;
  }

  /** Reverse play (negative Scale): keyframes only, walking back one second of media per step. */
  private sendReverse(): boolean {
    if (this.next < 0) {
      this.finish();
      return false;
    }
    let n = this.next;
    while (n > 0 && !this.frameAt(n).keyframe) n--;
    this.sendFrame(n);
    this.next = n - 1;
    return true;
  }

  private sendFrame(n: number): void {
    const f = this.gop ? this.gop.next() : this.frameAt(n);
    if (this.gop && f.keyframe) this.o.onKeyframe?.({ frame: n, forced: 'forced' in f && f.forced });
    const frozen = this.o.mode !== 'live' && this.o.freezeTimestampsAfterSec !== undefined ? Math.round(this.o.freezeTimestampsAfterSec * this.fps) : Infinity;
    const pts = Math.round((Math.min(n, frozen) * 90000) / this.fps);
    const ps = this.muxer.video({ data: f.data, pts, keyframe: f.keyframe });
    const ts = this.tsBase + pts;
    let packets = this.rtp.packetize(ps, ts);
    if (this.o.audio && this.o.audio.length) {
      const a = this.o.audio[((n % this.o.audio.length) + this.o.audio.length) % this.o.audio.length];
      packets = packets.concat(this.rtp.packetize(this.muxer.audio({ data: a.data, pts }), ts));
    }
    this.stats.frames++;
    const out = this.output.apply(packets);
    for (const p of out) {
      this.stats.packets++;
      this.stats.bytes += p.length;
    }
    if (out.length) this.o.sink.send(out);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.running = false;
    const rest = this.output.flush();
    if (rest.length) this.o.sink.send(rest);
    this.o.onEnd?.();
  }
}

function clipGopFrames(clip: VideoClip): number {
  const keys = clip.frames.flatMap((f, i) => (f.keyframe ? [i] : []));
  return keys.length > 1 ? keys[1] - keys[0] : clip.frames.length;
}
