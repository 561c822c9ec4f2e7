// Where a player's frames come from: the headless shell sends them over a WebSocket (/api/media), the Electron
// preload over a MessagePort behind window.gb.openMedia; the messages are the same (src/shared/media-frames.ts).
import type { GbBridge, GbMediaBridge } from '../../../shared/contract';
import { decodeFrame, MEDIA_CLOSE, type DecodedMediaFrame } from '../../../shared/media-frames';
import { socketProtocols } from '../../api/api-token';

export interface FrameSourceEnd {
  /** The server ended the session (it says why), there is no such session, or the channel broke. */
  kind: 'session-ended' | 'unknown-session' | 'shutdown' | 'broken' | 'unavailable';
  reason: string;
}

export interface FrameSource {
  onFrame(cb: (frame: DecodedMediaFrame) => void): void;
  /** Called once when the channel closes for any reason other than close(). */
  onEnd(cb: (end: FrameSourceEnd) => void): void;
  /** Messages that were not valid frames (kept out of the player). */
  readonly badMessages: number;
  close(): void;
}

/** The media socket's URL: the session only; the token goes as a subprotocol (api/api-token.ts). */
export function mediaSocketUrl(origin: string, sessionId: string): string {
  const url = new URL('/api/media', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('sessionId', sessionId);
  return url.toString();
}

export function endFromClose(code: number, reason: string): FrameSourceEnd {
  if (code === MEDIA_CLOSE.sessionEnded) return { kind: 'session-ended', reason };
  if (code === MEDIA_CLOSE.unknownSession) return { kind: 'unknown-session', reason };
  if (code === MEDIA_CLOSE.shutdown) return { kind: 'shutdown', reason };
  return { kind: 'broken', reason: reason || `connection closed (code ${code})` };
}

/** Decoding, the two callbacks and the once-only ending both real sources share; `release` closes the channel. */
abstract class ChannelFrameSource implements FrameSource {
  private frameCb: (frame: DecodedMediaFrame) => void = () => undefined;
  private endCb: (end: FrameSourceEnd) => void = () => undefined;
  private closed = false;
  badMessages = 0;

  onFrame(cb: (frame: DecodedMediaFrame) => void): void {
    this.frameCb = cb;
  }

  onEnd(cb: (end: FrameSourceEnd) => void): void {
    this.endCb = cb;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }

  protected abstract release(): void;

  protected deliver(message: ArrayBuffer | Uint8Array): void {
    if (this.closed) return;
    const r = decodeFrame(message);
    if (r.ok) this.frameCb(r.frame);
    else this.badMessages++;
  }

  protected ended(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.endCb(endFromClose(code, reason));
  }
}

export class WebSocketFrameSource extends ChannelFrameSource {
  private readonly socket: WebSocket;

  constructor(url: string, protocols?: string[]) {
    super();
    this.socket = new WebSocket(url, protocols);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onmessage = (msg) => {
      if (msg.data instanceof ArrayBuffer) this.deliver(msg.data);
      else this.badMessages++;
    };
    this.socket.onclose = (e) => this.ended(e.code, e.reason);
  }

  protected release(): void {
    this.socket.close(1000, 'viewer left');
  }
}

/** Electron: the preload's openMedia (a MessagePort with acknowledgements; the preload sends those). */
export class BridgeFrameSource extends ChannelFrameSource {
  private readonly closeChannel: () => void;

  constructor(bridge: GbMediaBridge, sessionId: string) {
    super();
    this.closeChannel = bridge.openMedia(sessionId, {
      onFrame: (message) => this.deliver(message),
      onEnd: (code, reason) => this.ended(code, reason),
    });
  }

  protected release(): void {
    this.closeChannel();
  }
}

/** A source that has nothing to give, with the reason (e.g. no media channel in this shell). */
export class UnavailableFrameSource implements FrameSource {
  readonly badMessages = 0;
  constructor(private readonly reason: string) {}
  onFrame(): void {}
  onEnd(cb: (end: FrameSourceEnd) => void): void {
    queueMicrotask(() => cb({ kind: 'unavailable', reason: this.reason }));
  }
  close(): void {}
}

/** Frames of one session for this page: the Electron bridge, else a WebSocket on the page's own origin. */
export function openFrameSource(sessionId: string, unavailableText: string): FrameSource {
  const gb = window.gb as (GbBridge & Partial<GbMediaBridge>) | undefined;
  if (gb?.openMedia) return new BridgeFrameSource(gb as GbMediaBridge, sessionId);
  const { protocol, origin } = window.location;
  if (protocol !== 'http:' && protocol !== 'https:') return new UnavailableFrameSource(unavailableText);
  return new WebSocketFrameSource(mediaSocketUrl(origin, sessionId), socketProtocols());
}
