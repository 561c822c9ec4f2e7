import type { AnnexBRules } from '../annexb/codec-rules';
import { avcCodecString } from './codec-string';
import { H264Nal, isH264Keyframe, isH264Vcl } from './nal';
import { parseH264Sps } from './sps';

/**
 * Access unit boundaries, H.264 7.4.1.2.3: an AUD, SPS, PPS, SEI or type 14-18 NAL unit after a picture starts a
 * new access unit, and so does a slice with first_mb_in_slice == 0 (ue(v) 0 is the single bit '1').
 * Arbitrary slice order (baseline ASO) is not supported.
 */
export const h264Rules: AnnexBRules = {
  codec: 'h264',
  classifyBytes: 2,
  nalType: (buf, at) => buf[at] & 0x1f,
  isVcl: isH264Vcl,
  isKeyframe: isH264Keyframe,
  isSps: (t) => t === H264Nal.Sps,
  startsAccessUnit(buf, at, type, currentHasVcl) {
    if (!currentHasVcl) return false;
    if (type === H264Nal.Slice || type === H264Nal.Idr || type === H264Nal.SliceA) return (buf[at + 1] & 0x80) !== 0;
    return type === H264Nal.Aud || type === H264Nal.Sei || type === H264Nal.Sps || type === H264Nal.Pps || (type >= 14 && type <= 18);
  },
  parseSps(nal) {
    const sps = parseH264Sps(nal);
    if (!sps) return undefined;
    return {
      width: sps.width,
      height: sps.height,
      profile: sps.profile,
      codecString: avcCodecString(sps.profileIdc, sps.constraintFlags, sps.levelIdc),
    };
  },
};
