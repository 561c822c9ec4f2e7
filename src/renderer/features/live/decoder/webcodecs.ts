// The browser's own decoder (WebCodecs). Annex B goes in as it is: without a `description` the AVC and HEVC
// registrations read Annex B, so parameter sets stay in-band.
import type { DecoderKind, EncodedAccessUnit, FrameDecoder, FrameDecoderInit } from './types';

class WebCodecsDecoder implements FrameDecoder {
  private readonly d: VideoDecoder;

  constructor(init: FrameDecoderInit) {
    this.d = new VideoDecoder({ output: init.output, error: (e) => init.error(e) });
  }

  get state(): FrameDecoder['state'] {
    return this.d.state;
  }

  get decodeQueueSize(): number {
    return this.d.decodeQueueSize;
  }

  configure(config: { codec: string }): void {
    this.d.configure({ codec: config.codec, optimizeForLatency: true });
  }

  decode(unit: EncodedAccessUnit): void {
    this.d.decode(new EncodedVideoChunk(unit));
  }

  reset(): void {
    this.d.reset();
  }

  close(): void {
    if (this.d.state !== 'closed') this.d.close();
  }
}

export const webCodecsKind: DecoderKind = { name: 'WebCodecs', create: (init) => new WebCodecsDecoder(init) };

export async function webCodecsSupports(codec: string): Promise<boolean> {
  if (typeof VideoDecoder === 'undefined') return false;
  try {
    return (await VideoDecoder.isConfigSupported({ codec })).supported === true;
  } catch {
    return false;
  }
}
