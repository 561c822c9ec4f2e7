import { parseGbSdp, type SdpParseResult } from './gb-sdp';

export * from './gb-sdp';
export * from './build';
export * from './ssrc';

/** Platform side: read the device's 200 OK SDP. */
export function parseSdpAnswer(text: string): SdpParseResult {
  return parseGbSdp(text);
}

/** Device side (simulator): read the platform's INVITE SDP. */
export function parseInviteOffer(text: string): SdpParseResult {
  return parseGbSdp(text);
}
