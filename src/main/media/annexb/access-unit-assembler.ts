import type { VideoInfo } from '../frame/types';
import type { AnnexBRules } from './codec-rules';

export interface AccessUnit {
  /** Annex B bytes of the whole access unit (a copy the receiver may keep). */
  data: Buffer;
  pts: number;
  dts: number;
  keyframe: boolean;
  /** Picture info from the latest SPS seen on this stream. */
  info?: VideoInfo;
}

export interface AccessUnitAssemblerOptions {
  /** An access unit larger than this is dropped (protects memory against garbage); default 8 MiB. */
  maxAccessUnitBytes?: number;
}

const START_CODE = Buffer.from([0, 0, 1]);

/**
 * Builds access units from Annex B bytes that arrive in arbitrary pieces (PES payloads, RTP payloads).
 * A unit is emitted as soon as the first NAL unit of the next one is seen, or on flush() (end of an RTP frame).
 * Timestamps follow ISO 13818-1 2.4.3.7: a PTS given with setTimestamp() belongs to the first access unit that
 * starts at or after the position where it was given; units without one get the previous PTS plus the last step.
 */
export class AccessUnitAssembler {
  info: VideoInfo | undefined;
  /** Bytes dropped: garbage before the first start code, oversize units, resets. */
  droppedBytes = 0;

  private buf: Buffer;
  private len = 0;
  /** Absolute stream position of buf[0] (the start of the pending access unit). */
  private base = 0;
  private scanFrom = 0;
  private nalStart = -1;
  private nalType = -1;
  private hasVcl = false;
  private keyframe = false;
  private readonly tsOffsets: number[] = [];
  private readonly tsPts: number[] = [];
  private readonly tsDts: number[] = [];
  private lastPts = -1;
  private lastDts = -1;
  private ptsStep = 0;
  private lastSps: Buffer | undefined;
  private readonly maxBytes: number;

  constructor(
    private readonly rules: AnnexBRules,
    private readonly onAccessUnit: (au: AccessUnit) => void,
    options: AccessUnitAssemblerOptions = {},
  ) {
    this.maxBytes = options.maxAccessUnitBytes ?? 8 * 1024 * 1024;
    this.buf = Buffer.allocUnsafe(64 * 1024);
  }

  get pendingBytes(): number {
    return this.len;
  }

  /** The next bytes pushed begin a PES (or RTP frame) carrying this PTS/DTS. */
  setTimestamp(pts: number, dts: number = pts): void {
    this.tsOffsets.push(this.base + this.len);
    this.tsPts.push(pts);
    this.tsDts.push(dts);
    if (this.tsOffsets.length > 64) {
      this.tsOffsets.shift();
      this.tsPts.shift();
      this.tsDts.shift();
    }
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.len + chunk.length > this.maxBytes) {
      this.droppedBytes += this.len + chunk.length;
      this.reset();
      return;
    }
    this.ensureCapacity(this.len + chunk.length);
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
    this.scan();
  }

  /** End of a frame signalled by the transport: emit the pending unit if it holds a picture. */
  flush(): void {
    if (!this.hasVcl) return;
    this.completeNal(this.len);
    this.emit(this.len);
  }

  /** Forget everything pending (after packet loss). */
  reset(): void {
    this.droppedBytes += this.len;
    this.len = 0;
    this.base = 0;
    this.scanFrom = 0;
    this.nalStart = -1;
    this.nalType = -1;
    this.hasVcl = false;
    this.keyframe = false;
    this.tsOffsets.length = 0;
    this.tsPts.length = 0;
    this.tsDts.length = 0;
  }

  private scan(): void {
    const rules = this.rules;
    let view = this.buf.subarray(0, this.len);
    for (;;) {
      const sc = view.indexOf(START_CODE, this.scanFrom);
      if (sc < 0) {
        this.scanFrom = Math.max(this.scanFrom, this.len - 2);
        if (this.nalStart < 0 && this.scanFrom > 1) this.dropFront(this.scanFrom - 1);
        return;
      }
      const hdr = sc + 3;
      if (hdr + rules.classifyBytes > this.len) {
        this.scanFrom = sc;
        return;
      }
      let zero = sc > 0 && view[sc - 1] === 0 ? sc - 1 : sc;
      if (this.nalStart < 0) {
        if (zero > 0) {
          this.dropFront(zero);
          view = this.buf.subarray(0, this.len);
          this.scanFrom = 0;
          continue;
        }
      } else {
        this.completeNal(zero);
      }
      const type = rules.nalType(view, hdr);
      if (this.nalStart >= 0 && rules.startsAccessUnit(view, hdr, type, this.hasVcl)) {
        this.emit(zero);
        view = this.buf.subarray(0, this.len);
        this.scanFrom = 0;
        zero = 0;
        continue;
      }
      if (rules.isVcl(type)) this.hasVcl = true;
      if (rules.isKeyframe(type)) this.keyframe = true;
      this.nalStart = hdr;
      this.nalType = type;
      this.scanFrom = hdr + 1;
    }
  }

  /** The NAL unit that started at nalStart ends at `end`; parse it if it is a parameter set we care about. */
  private completeNal(end: number): void {
    if (this.nalStart < 0 || !this.rules.isSps(this.nalType)) return;
    while (end > this.nalStart && this.buf[end - 1] === 0) end--;
    const nal = this.buf.subarray(this.nalStart, end);
    if (this.lastSps && this.lastSps.equals(nal)) return;
    const info = this.rules.parseSps(nal);
    if (!info) return;
    this.info = info;
    this.lastSps = Buffer.from(nal);
  }

  /** Emits buf[0, end) as an access unit and keeps the rest as the start of the next one. */
  private emit(end: number): void {
    const data = Buffer.allocUnsafe(end);
    this.buf.copy(data, 0, 0, end);
    const { pts, dts } = this.takeTimestamp();
    const keyframe = this.keyframe;
    this.dropFront(end);
    this.nalStart = -1;
    this.nalType = -1;
    this.hasVcl = false;
    this.keyframe = false;
    this.scanFrom = 0;
    this.onAccessUnit({ data, pts, dts, keyframe, info: this.info });
  }

  private takeTimestamp(): { pts: number; dts: number } {
    const limit = this.base + 3;
    let n = 0;
    while (n < this.tsOffsets.length && this.tsOffsets[n] <= limit) n++;
    let pts: number;
    let dts: number;
    if (n > 0) {
      pts = this.tsPts[n - 1];
      dts = this.tsDts[n - 1];
      this.tsOffsets.splice(0, n);
      this.tsPts.splice(0, n);
      this.tsDts.splice(0, n);
      if (this.lastPts >= 0 && pts > this.lastPts) this.ptsStep = pts - this.lastPts;
    } else if (this.lastPts >= 0) {
      pts = this.lastPts + this.ptsStep;
      dts = this.lastDts + this.ptsStep;
    } else {
      pts = 0;
      dts = 0;
    }
    this.lastPts = pts;
    this.lastDts = dts;
    return { pts, dts };
  }

  private dropFront(n: number): void {
    if (n <= 0) return;
    if (this.nalStart < 0) this.droppedBytes += n;
    this.buf.copy(this.buf, 0, n, this.len);
    this.len -= n;
    this.base += n;
    this.scanFrom = Math.max(0, this.scanFrom - n);
  }

  private ensureCapacity(need: number): void {
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(Math.min(cap, this.maxBytes));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
