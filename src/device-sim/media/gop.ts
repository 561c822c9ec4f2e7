// A live camera's picture sequence built from the clip: a keyframe every `gopFrames` frames, whatever the clip's
// own keyframe interval. A shorter GOP cuts a clip GOP short; a longer one stretches it with skip pictures
// (h264-skip.ts): one non-reference skip after each clip picture while there are some, reference skips at the
// end of the GOP for the rest (pic_order_cnt_type 2 allows no two non-reference pictures in a row, H.264
// 7.4.2.1.1). Each GOP starts from the clip's next keyframe. A forced keyframe (the IFrame DeviceControl) makes
// the next picture a keyframe and restarts the GOP count, as an encoder does.
import type { ClipFrame, VideoClip } from '../../main/media/clip/load-clip';
import { skipParamsOf, skipPicture, type SkipParams } from './h264-skip';

export interface GopPicture {
  data: Buffer;
  keyframe: boolean;
  /** A keyframe sent because it was asked for. */
  forced: boolean;
}

/** frameNum: the references before it in the GOP, which is a skip picture's frame_num whether or not it is one. */
type Step = { clip: number } | { skip: 'ref' | 'nonref'; frameNum: number };

export class GopSequence {
  /** Frames between keyframes, after any cap (see `capped`). */
  readonly gopFrames: number;
  /** True when the clip cannot be stretched (no skip pictures for it) and the GOP was cut to the clip's. */
  readonly capped: boolean;
  private readonly keyframes: number[];
  private readonly skip: SkipParams | undefined;
  private plan: Step[] = [];
  private pos = 0;
  private clipGop = -1;
  private forceNext = false;
  private readonly skipCache = new Map<string, Buffer>();

  /** `startAt`: the position in the first GOP to begin with (0: on a keyframe; a real camera answers mid-GOP). */
  constructor(
    private readonly clip: VideoClip,
    gopFrames: number,
    startAt = 0,
  ) {
    this.keyframes = clip.frames.flatMap((f, i) => (f.keyframe ? [i] : []));
    const clipGopFrames = Math.min(...this.keyframes.map((k, i) => (this.keyframes[i + 1] ?? clip.frames.length) - k));
    this.skip = clip.codec === 'h264' ? skipParamsOf(clip.frames[this.keyframes[0]].data) : undefined;
    const wanted = Math.max(1, Math.round(gopFrames));
    this.capped = wanted > clipGopFrames && !this.skip;
    this.gopFrames = this.capped ? clipGopFrames : wanted;
    this.nextGop();
    this.pos = Math.min(Math.max(0, Math.floor(startAt)), this.gopFrames - 1);
  }

  /** The next picture is a keyframe. */
  forceKeyframe(): void {
    this.forceNext = true;
  }

  next(): GopPicture {
    let forced = false;
    if (this.forceNext) {
      this.forceNext = false;
      forced = this.pos !== 0;
      if (forced) this.nextGop();
    } else if (this.pos >= this.plan.length) this.nextGop();
    const step = this.plan[this.pos++];
    if ('clip' in step) {
      const f: ClipFrame = this.clip.frames[step.clip];
      return { data: f.data, keyframe: f.keyframe, forced: forced && f.keyframe };
    }
    const key = `${step.skip}:${step.frameNum}`;
    let data = this.skipCache.get(key);
    if (!data) {
      data = skipPicture(this.skip!, step.frameNum, step.skip === 'ref');
      this.skipCache.set(key, data);
    }
    return { data, keyframe: false, forced: false };
  }

  private nextGop(): void {
    this.clipGop = (this.clipGop + 1) % this.keyframes.length;
    const first = this.keyframes[this.clipGop];
    const end = this.keyframes[this.clipGop + 1] ?? this.clip.frames.length;
    const clipFrames = Math.min(end - first, this.gopFrames);
    const extra = this.gopFrames - clipFrames;
    const between = Math.min(extra, clipFrames - 1);
    const plan: Step[] = [];
    // The clip's pictures are all references: frame_num i for the i-th of the GOP.
    for (let i = 0; i < clipFrames; i++) {
      plan.push({ clip: first + i });
      if (i < between) plan.push({ skip: 'nonref', frameNum: i + 1 });
    }
    for (let i = 0; i < extra - between; i++) plan.push({ skip: 'ref', frameNum: clipFrames + i });
    this.plan = plan;
    this.pos = 0;
  }
}
