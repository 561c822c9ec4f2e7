import { describe, expect, it } from 'vitest';
import { MEDIA_CLOSE } from '../../../shared/media-frames';
import { endFromClose, mediaSocketUrl } from './frame-source';

describe('frame source', () => {
  it('builds the media WebSocket address on the page origin, with the token when there is one', () => {
    expect(mediaSocketUrl('http://127.0.0.1:8080', 'a b', null)).toBe('ws://127.0.0.1:8080/api/media?sessionId=a+b');
    expect(mediaSocketUrl('https://console.example:8443', 's1', 't/k')).toBe('wss://console.example:8443/api/media?sessionId=s1&token=t%2Fk');
  });

  it('tells an ended session from a broken connection by the close code', () => {
    expect(endFromClose(MEDIA_CLOSE.sessionEnded, 'camera sent BYE')).toEqual({ kind: 'session-ended', reason: 'camera sent BYE' });
    expect(endFromClose(MEDIA_CLOSE.unknownSession, 'no session s1')).toEqual({ kind: 'unknown-session', reason: 'no session s1' });
    expect(endFromClose(MEDIA_CLOSE.shutdown, 'shutting down').kind).toBe('shutdown');
    expect(endFromClose(1006, '')).toEqual({ kind: 'broken', reason: 'connection closed (code 1006)' });
  });
});
