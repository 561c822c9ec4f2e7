import type { AnnexBRules } from '../annexb/codec-rules';
import { hevcCodecString } from './codec-string';
import { H265Nal, isH265Keyframe, isH265Vcl } from './nal';
import { parseH265Sps } from './sps';

/**
 * Access unit boundaries, H.265 7.4.2.4.4: after a picture, an AUD, VPS, SPS, PPS, prefix SEI or type 41-44 / 48-55
 * NAL unit starts a new access unit, and so does a slice segment with first_slice_segment_in_pic_flag set (the
 * first bit after the 2-byte header). Suffix SEI, end of sequence/bitstream and filler belong to the current one.
 */
export const h265Rules: AnnexBRules = {
  codec: 'h265',
  classifyBytes: 3,
  nalType: (buf, at) => (buf[at] >> 1) & 0x3f,
  isVcl: isH265Vcl,
  isKeyframe: isH265Keyframe,
  isSps: (t) => t === H265Nal.Sps,
  startsAccessUnit(buf, at, type, currentHasVcl) {
    if (!currentHasVcl) return false;
    if (type < 32) return (buf[at + 2] & 0x80) !== 0;
    return (type >= 32 && type <= 35) || type === H265Nal.PrefixSei || (type >= 41 && type <= 44) || (type >= 48 && type <= 55);
  },
  parseSps(nal) {
    const sps = parseH265Sps(nal);
    if (!sps) return undefined;
    return { width: sps.width, height: sps.height, profile: sps.profile, codecString: hevcCodecString(sps.ptl) };
  },
};
