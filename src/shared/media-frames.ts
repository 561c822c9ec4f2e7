// The binary frame channel from the core to a live-view player: one message per video access unit, the same
// bytes over the headless shell's WebSocket (/api/media?sessionId=...) and an Electron MessagePort.
// Pure TypeScript (DataView / Uint8Array only) so the renderer and the core share it.
//
// Layout (big-endian), 28 bytes + codec string, then the access unit:
//   0  u8   magic 0x47 'G'
//   1  u8   magic 0x42 'B'
//   2  u8   version (1)
//   3  u8   header length in bytes (28 + codec string length): the payload starts here
//   4  u8   codec id (MEDIA_CODEC_IDS)
//   5  u8   flags (FRAME_FLAGS)
//   6  u8   codec string length (ASCII, e.g. "avc1.42C01E"; 0 when unknown)
//   7  u8   reserved, 0
//   8  u32  sequence: frame number within the session; a gap means this viewer missed frames
//   12 u32  pts, high 32 bits  } 90 kHz ticks since the session's first frame, monotonic
//   16 u32  pts, low 32 bits   } (the device's 33-bit PS / 32-bit RTP clock unwrapped)
//   20 u16  width in pixels (0 when unknown)
//   22 u16  height in pixels (0 when unknown)
//   24 u32  payload length in bytes
//   28 ...  codec string, then the payload: an Annex B access unit (start codes before every NAL unit;
//           keyframes carry their parameter sets: SPS/PPS, or VPS/SPS/PPS for H.265)

export const MEDIA_FRAME_MAGIC = [0x47, 0x42] as const;
export const MEDIA_FRAME_VERSION = 1;
export const MEDIA_FRAME_FIXED_HEADER = 28;
const MAX_CODEC_STRING = 255 - MEDIA_FRAME_FIXED_HEADER;

export type MediaFrameCodec = 'h264' | 'h265' | 'mpeg4' | 'svac' | 'g711a' | 'g711u' | 'aac';

export const MEDIA_CODEC_IDS: Readonly<Record<MediaFrameCodec, number>> = {
  h264: 1,
  h265: 2,
  mpeg4: 3,
  svac: 4,
  g711a: 0x41,
  g711u: 0x42,
  aac: 0x43,
};

const CODEC_BY_ID = new Map<number, MediaFrameCodec>(
  (Object.entries(MEDIA_CODEC_IDS) as [MediaFrameCodec, number][]).map(([name, id]) => [id, name]),
);

export const FRAME_FLAGS = {
  /** A random access point: decoding can start here (IDR / IRAP with parameter sets). */
  keyframe: 0x01,
  /** Codec string or resolution differ from the previous frame sent to this viewer: reconfigure the decoder. */
  configChanged: 0x02,
  /** Frames were left out just before this one (slow viewer, or packet loss): the decoder should reset. */
  discontinuity: 0x04,
} as const;

export interface MediaFrameMeta {
  codec: MediaFrameCodec;
  keyframe: boolean;
  configChanged: boolean;
  discontinuity: boolean;
  sequence: number;
  /** 90 kHz ticks, a safe integer >= 0. */
  pts: number;
  width: number;
  height: number;
  /** WebCodecs codec string, e.g. "avc1.42C01E" or "hvc1.1.6.L63.90"; "" when unknown. */
  codecString: string;
}

export interface DecodedMediaFrame extends MediaFrameMeta {
  version: number;
  /** The access unit: a view into the message, not a copy. */
  data: Uint8Array;
}

export type DecodeFrameResult = { ok: true; frame: DecodedMediaFrame } | { ok: false; reason: string };

/** One message: header + codec string + payload, in a new buffer. */
export function encodeFrame(meta: MediaFrameMeta, payload: Uint8Array): Uint8Array {
  const codecId = MEDIA_CODEC_IDS[meta.codec];
  if (codecId === undefined) throw new Error(`media frame: unknown codec "${meta.codec}"`);
  const codecString = meta.codecString ?? '';
  if (codecString.length > MAX_CODEC_STRING || !/^[\x20-\x7e]*$/.test(codecString)) {
    throw new Error(`media frame: codec string must be printable ASCII of at most ${MAX_CODEC_STRING} characters`);
  }
  if (!Number.isSafeInteger(meta.pts) || meta.pts < 0) throw new Error(`media frame: pts ${meta.pts} is not a non-negative integer`);
  const headerLength = MEDIA_FRAME_FIXED_HEADER + codecString.length;
  const out = new Uint8Array(headerLength + payload.length);
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out[0] = MEDIA_FRAME_MAGIC[0];
  out[1] = MEDIA_FRAME_MAGIC[1];
  out[2] = MEDIA_FRAME_VERSION;
  out[3] = headerLength;
  out[4] = codecId;
  out[5] =
    (meta.keyframe ? FRAME_FLAGS.keyframe : 0) |
    (meta.configChanged ? FRAME_FLAGS.configChanged : 0) |
    (meta.discontinuity ? FRAME_FLAGS.discontinuity : 0);
  out[6] = codecString.length;
  out[7] = 0;
  v.setUint32(8, meta.sequence >>> 0);
  v.setUint32(12, Math.floor(meta.pts / 0x1_0000_0000));
  v.setUint32(16, meta.pts % 0x1_0000_0000);
  v.setUint16(20, clampU16(meta.width));
  v.setUint16(22, clampU16(meta.height));
  v.setUint32(24, payload.length);
  for (let i = 0; i < codecString.length; i++) out[MEDIA_FRAME_FIXED_HEADER + i] = codecString.charCodeAt(i);
  out.set(payload, headerLength);
  return out;
}

/** Reads one message; never throws. Later versions may grow the header: `header length` is honoured. */
export function decodeFrame(message: ArrayBuffer | ArrayBufferView): DecodeFrameResult {
  const bytes =
    message instanceof ArrayBuffer ? new Uint8Array(message) : new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
  if (bytes.length < MEDIA_FRAME_FIXED_HEADER) return { ok: false, reason: `message of ${bytes.length} bytes is shorter than a frame header` };
  if (bytes[0] !== MEDIA_FRAME_MAGIC[0] || bytes[1] !== MEDIA_FRAME_MAGIC[1]) return { ok: false, reason: 'not a media frame (bad magic)' };
  const version = bytes[2];
  if (version < 1) return { ok: false, reason: `unknown frame version ${version}` };
  const headerLength = bytes[3];
  const codecLength = bytes[6];
  if (headerLength < MEDIA_FRAME_FIXED_HEADER + codecLength || headerLength > bytes.length) {
    return { ok: false, reason: `header length ${headerLength} does not fit the message (${bytes.length} bytes)` };
  }
  const codec = CODEC_BY_ID.get(bytes[4]);
  if (!codec) return { ok: false, reason: `unknown codec id ${bytes[4]}` };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloadLength = v.getUint32(24);
  if (headerLength + payloadLength !== bytes.length) {
    return { ok: false, reason: `payload length ${payloadLength} does not match the message (${bytes.length - headerLength} bytes after the header)` };
  }
  let codecString = '';
  for (let i = 0; i < codecLength; i++) codecString += String.fromCharCode(bytes[MEDIA_FRAME_FIXED_HEADER + i]);
  const flags = bytes[5];
  return {
    ok: true,
    frame: {
      version,
      codec,
      keyframe: (flags & FRAME_FLAGS.keyframe) !== 0,
      configChanged: (flags & FRAME_FLAGS.configChanged) !== 0,
      discontinuity: (flags & FRAME_FLAGS.discontinuity) !== 0,
      sequence: v.getUint32(8),
      pts: v.getUint32(12) * 0x1_0000_0000 + v.getUint32(16),
      width: v.getUint16(20),
      height: v.getUint16(22),
      codecString,
      data: bytes.subarray(headerLength),
    },
  };
}

/** 90 kHz ticks to the microseconds WebCodecs timestamps use. */
export function ptsToMicros(pts: number): number {
  return Math.round((pts * 100) / 9);
}

/**
 * WebSocket close codes of /api/media (4000-4999 are the application's). The close reason text is a sentence
 * for the installer (at most 123 bytes), e.g. why the session ended.
 */
export const MEDIA_CLOSE = {
  /** The live session ended (stopped, device BYE, no video...): the reason says why. */
  sessionEnded: 4000,
  /** No open session with that sessionId. */
  unknownSession: 4404,
  /** The server is shutting down. */
  shutdown: 4503,
} as const;

function clampU16(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(0xffff, Math.floor(n)) : 0;
}
