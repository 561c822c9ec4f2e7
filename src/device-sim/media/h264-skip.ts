// A P picture whose every macroblock is P_Skip (H.264 7.3.4: one mb_skip_run over the whole picture): with no
// neighbour motion it predicts zero motion from reference index 0, so it repeats the previous picture exactly.
// The simulator uses it to hold a GOP longer than the clip's. Only for CAVLC streams with pic_order_cnt_type 2
// and frame_mbs_only (the committed baseline clip); others get `undefined`.
import { BitReader } from '../../main/media/bitstream/bit-reader';
import { unescapeRbsp } from '../../main/media/bitstream/rbsp';
import { splitNalUnits } from '../../main/media/annexb/nal-split';

export interface SkipParams {
  ppsId: number;
  log2MaxFrameNum: number;
  picSizeInMbs: number;
  deblockingControl: boolean;
}

/** The parameters a skip slice needs, from the SPS and PPS of a keyframe access unit (Annex B). */
export function skipParamsOf(keyframe: Buffer): SkipParams | undefined {
  let sps: Omit<SkipParams, 'ppsId' | 'deblockingControl'> | undefined;
  let pps: Pick<SkipParams, 'ppsId' | 'deblockingControl'> | undefined;
  try {
    for (const nal of splitNalUnits(keyframe)) {
      const type = nal[0] & 0x1f;
      if (type === 7) sps = readSps(new BitReader(unescapeRbsp(nal.subarray(1))));
      else if (type === 8) pps = readPps(new BitReader(unescapeRbsp(nal.subarray(1))));
    }
  } catch {
    return undefined;
  }
  return sps && pps ? { ...sps, ...pps } : undefined;
}

function readSps(r: BitReader): Omit<SkipParams, 'ppsId' | 'deblockingControl'> | undefined {
  const profileIdc = r.u(8);
  r.skip(16); // constraint flags, level_idc
  r.ue(); // seq_parameter_set_id
  if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profileIdc)) return undefined;
  const log2MaxFrameNum = r.ue() + 4;
  if (r.ue() !== 2) return undefined; // pic_order_cnt_type
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMbs = r.ue() + 1;
  if (!r.flag()) return undefined; // frame_mbs_only_flag
  return { log2MaxFrameNum, picSizeInMbs: widthMbs * heightMbs };
}

function readPps(r: BitReader): Pick<SkipParams, 'ppsId' | 'deblockingControl'> | undefined {
  const ppsId = r.ue();
  r.ue(); // seq_parameter_set_id
  if (r.flag()) return undefined; // entropy_coding_mode_flag: CABAC
  r.skip(1); // bottom_field_pic_order_in_frame_present_flag (no effect with frame_mbs_only)
  if (r.ue() !== 0) return undefined; // num_slice_groups_minus1
  r.ue(); // num_ref_idx_l0_default_active_minus1
  r.ue(); // num_ref_idx_l1_default_active_minus1
  if (r.flag()) return undefined; // weighted_pred_flag
  r.skip(2); // weighted_bipred_idc
  r.se(); // pic_init_qp_minus26
  r.se(); // pic_init_qs_minus26
  r.se(); // chroma_qp_index_offset
  const deblockingControl = r.flag();
  r.skip(1); // constrained_intra_pred_flag
  if (r.flag()) return undefined; // redundant_pic_cnt_present_flag
  return { ppsId, deblockingControl };
}

class BitWriter {
  private readonly bits: number[] = [];

  u(n: number, v: number): void {
    for (let i = n - 1; i >= 0; i--) this.bits.push(Math.floor(v / 2 ** i) & 1);
  }

  ue(v: number): void {
    const len = Math.floor(Math.log2(v + 1));
    this.u(len, 0);
    this.u(len + 1, v + 1);
  }

  se(v: number): void {
    this.ue(v <= 0 ? -2 * v : 2 * v - 1);
  }

  /** rbsp_trailing_bits, then the bytes. */
  finish(): Buffer {
    this.bits.push(1);
    while (this.bits.length % 8) this.bits.push(0);
    const out = Buffer.alloc(this.bits.length / 8);
    for (let i = 0; i < this.bits.length; i++) out[i >> 3] |= this.bits[i] << (7 - (i & 7));
    return out;
  }
}

/** emulation_prevention_three_byte where 00 00 is followed by 00..03 (H.264 7.4.1). */
function escape(rbsp: Buffer): Buffer {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

/**
 * One access unit (Annex B) of a skip picture. A reference picture takes the next frame_num after the previous
 * reference; a non-reference one (nal_ref_idc 0) takes previous + 1 as well and leaves the reference list alone,
 * so the clip's next P picture still finds its own references (H.264 7.4.3, 8.2.4).
 */
export function skipPicture(p: SkipParams, frameNum: number, reference: boolean): Buffer {
  const w = new BitWriter();
  w.ue(0); // first_mb_in_slice
  w.ue(5); // slice_type: P, every slice of the picture
  w.ue(p.ppsId);
  w.u(p.log2MaxFrameNum, frameNum % 2 ** p.log2MaxFrameNum);
  w.u(1, 1); // num_ref_idx_active_override_flag
  w.ue(0); // num_ref_idx_l0_active_minus1: one reference
  w.u(1, 0); // ref_pic_list_modification_flag_l0
  if (reference) w.u(1, 0); // adaptive_ref_pic_marking_mode_flag: sliding window
  w.se(0); // slice_qp_delta
  if (p.deblockingControl) w.ue(1); // disable_deblocking_filter_idc
  w.ue(p.picSizeInMbs); // mb_skip_run over the whole picture
  const nal = Buffer.concat([Buffer.from([reference ? 0x41 : 0x01]), escape(w.finish())]);
  return Buffer.concat([Buffer.from([0, 0, 0, 1]), nal]);
}
