import { describe, expect, it } from 'vitest';
import type { MediaHandlers } from '../../../shared/contract';
import { encodeFrame, MEDIA_CLOSE, type DecodedMediaFrame } from '../../../shared/media-frames';
import { BridgeFrameSource, endFromClose, mediaSocketUrl, type FrameSourceEnd } from './frame-source';

describe('frame source', () => {
  it('builds the media WebSocket address on the page origin, never with the token in it', () => {
    expect(mediaSocketUrl('http://127.0.0.1:8080', 'a b')).toBe('ws://127.0.0.1:8080/api/media?sessionId=a+b');
    expect(mediaSocketUrl('https://console.example:8443', 's1')).toBe('wss://console.example:8443/api/media?sessionId=s1');
  });

  it('tells an ended session from a broken connection by the close code', () => {
    expect(endFromClose(MEDIA_CLOSE.sessionEnded, 'camera sent BYE')).toEqual({ kind: 'session-ended', reason: 'camera sent BYE' });
    expect(endFromClose(MEDIA_CLOSE.unknownSession, 'no session s1')).toEqual({ kind: 'unknown-session', reason: 'no session s1' });
    expect(endFromClose(MEDIA_CLOSE.shutdown, 'shutting down').kind).toBe('shutdown');
    expect(endFromClose(1006, '')).toEqual({ kind: 'broken', reason: 'connection closed (code 1006)' });
  });
});

describe('BridgeFrameSource (Electron openMedia)', () => {
  function bridge() {
    const opened: { sessionId: string; handlers: MediaHandlers; closed: number }[] = [];
    return {
      opened,
      openMedia(sessionId: string, handlers: MediaHandlers) {
        const entry = { sessionId, handlers, closed: 0 };
        opened.push(entry);
        return () => void entry.closed++;
      },
    };
  }
  const frame = (sequence: number) =>
    encodeFrame({ codec: 'h264', keyframe: sequence === 0, configChanged: false, discontinuity: false, sequence, pts: sequence * 3600, width: 640, height: 360, codecString: 'avc1.42C01E' }, Uint8Array.of(0, 0, 0, 1, 0x65));

  it('decodes frames, counts garbage, and reports the end with its reason once', () => {
    const b = bridge();
    const source = new BridgeFrameSource(b, 's1');
    const frames: DecodedMediaFrame[] = [];
    const ends: FrameSourceEnd[] = [];
    source.onFrame((f) => frames.push(f));
    source.onEnd((e) => ends.push(e));
    expect(b.opened[0].sessionId).toBe('s1');
    b.opened[0].handlers.onFrame(frame(0));
    b.opened[0].handlers.onFrame(Uint8Array.of(1, 2, 3));
    b.opened[0].handlers.onFrame(frame(1));
    b.opened[0].handlers.onEnd(MEDIA_CLOSE.sessionEnded, 'camera sent BYE');
    b.opened[0].handlers.onEnd(MEDIA_CLOSE.sessionEnded, 'again');
    b.opened[0].handlers.onFrame(frame(2));
    expect(frames.map((f) => f.sequence)).toEqual([0, 1]);
    expect(source.badMessages).toBe(1);
    expect(ends).toEqual([{ kind: 'session-ended', reason: 'camera sent BYE' }]);
  });

  it('close() closes the channel once and silences it', () => {
    const b = bridge();
    const source = new BridgeFrameSource(b, 's2');
    const frames: DecodedMediaFrame[] = [];
    source.onFrame((f) => frames.push(f));
    source.close();
    source.close();
    b.opened[0].handlers.onFrame(frame(0));
    expect(b.opened[0].closed).toBe(1);
    expect(frames).toEqual([]);
  });
});
