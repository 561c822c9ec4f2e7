// Which decoder turns a stream into pictures: the browser's (WebCodecs) where it can decode the codec, else
// the WebAssembly H.265 decoder for H.265, else none (the tile says the stream cannot be decoded).
import { wasmHevcKind, wasmHevcUnavailable } from './hevc-wasm';
import type { DecoderKind } from './types';
import { webCodecsKind, webCodecsSupports } from './webcodecs';

const isHevc = (codec: string): boolean => codec.startsWith('hvc1.') || codec.startsWith('hev1.');

export async function pickDecoder(codec: string): Promise<DecoderKind | null> {
  if (await webCodecsSupports(codec)) return webCodecsKind;
  if (isHevc(codec) && typeof Worker !== 'undefined' && typeof VideoFrame !== 'undefined' && !wasmHevcUnavailable()) return wasmHevcKind;
  return null;
}
