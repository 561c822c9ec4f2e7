// A FrameSink for transports with no send-queue gauge (an Electron MessagePort): the receiver acknowledges
// each frame's sequence number once it has taken it, and the bytes sent but not yet acknowledged stand in for
// ws.bufferedAmount, so the fan-out's backpressure works the same way.
import { MEDIA_FRAME_FIXED_HEADER } from '../../shared/media-frames';
import type { FrameSink } from './frame-fanout';

export interface MessageChannelEnd {
  postMessage(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export class AckWindowSink implements FrameSink {
  private readonly inFlight: Array<{ sequence: number; bytes: number }> = [];
  private outstanding = 0;

  constructor(private readonly port: MessageChannelEnd) {}

  get bufferedAmount(): number {
    return this.outstanding;
  }

  send(message: Uint8Array): void {
    const sequence = message.length >= MEDIA_FRAME_FIXED_HEADER ? new DataView(message.buffer, message.byteOffset, 12).getUint32(8) : -1;
    this.port.postMessage(message);
    this.inFlight.push({ sequence, bytes: message.length });
    this.outstanding += message.length;
  }

  /** The receiver took every frame up to and including `sequence` (the renderer posts { ack: sequence }). */
  acknowledge(sequence: number): void {
    while (this.inFlight.length && this.inFlight[0].sequence <= sequence) {
      this.outstanding -= this.inFlight.shift()!.bytes;
    }
  }

  close(code: number, reason: string): void {
    this.inFlight.length = 0;
    this.outstanding = 0;
    this.port.close(code, reason);
  }
}
