// Recorded H.264 access units into an MP4 file without re-encoding: Annex B to length-prefixed samples, avcC
// from the first keyframe's parameter sets, written as they come (moov at the end), so memory stays flat.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Muxer, StreamTarget } from 'mp4-muxer';
import { annexBToLengthPrefixed, avcDecoderConfig } from '../../media/h264';

export class Mp4Writer {
  private muxer: Muxer<StreamTarget> | undefined;
  private readonly fd: number;
  private firstPts: number | undefined;
  private lastPts = -1;
  frames = 0;
  closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w', 0o644);
  }

  /** One access unit; frames before the first keyframe are skipped (nothing to decode them from). */
  add(f: { data: Uint8Array; pts: number; keyframe: boolean; width: number; height: number; codec: string }): void {
    if (this.closed) return;
    if (f.codec !== 'h264') throw new Error(`${f.codec.toUpperCase()} recordings cannot be written to MP4 yet (H.264 only)`);
    if (!this.muxer) {
      if (!f.keyframe) return;
      const description = avcDecoderConfig(Buffer.from(f.data));
      if (!description) return;
      this.muxer = new Muxer({
        target: new StreamTarget({ onData: (data, position) => void writeSync(this.fd, data, 0, data.length, position) }),
        video: { codec: 'avc', width: f.width || 640, height: f.height || 360 },
        fastStart: false,
        firstTimestampBehavior: 'offset',
      });
      this.firstPts = f.pts;
      this.pendingMeta = { decoderConfig: { codec: 'avc1', description } };
    }
    if (f.pts <= this.lastPts) return;
    const us = Math.round(((f.pts - this.firstPts!) * 1e6) / 90000);
    this.flushHeld(us);
    this.held = { data: annexBToLengthPrefixed(Buffer.from(f.data)), key: f.keyframe, us };
    this.lastPts = f.pts;
  }

  /** Writes the index and closes the file; false when no picture was written. */
  finish(): boolean {
    if (this.closed) return this.frames > 0;
    this.closed = true;
    if (this.held) this.flushHeld(this.held.us + (this.lastDuration || 40_000));
    if (this.muxer && this.frames > 0) this.muxer.finalize();
    closeSync(this.fd);
    return this.frames > 0;
  }

  private held: { data: Uint8Array; key: boolean; us: number } | undefined;
  private lastDuration = 0;
  private pendingMeta: Parameters<Muxer<StreamTarget>['addVideoChunkRaw']>[4];

  /** A sample's duration is known once the next one arrives. */
  private flushHeld(nextUs: number): void {
    const h = this.held;
    if (!h || !this.muxer) return;
    const duration = Math.max(1, nextUs - h.us);
    this.muxer.addVideoChunkRaw(h.data, h.key ? 'key' : 'delta', h.us, duration, this.pendingMeta);
    this.pendingMeta = undefined;
    this.lastDuration = duration;
    this.frames++;
    this.held = undefined;
  }
}
