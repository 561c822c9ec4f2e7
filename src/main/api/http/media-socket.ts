// GET /api/media?sessionId=<id> upgraded to a WebSocket: one binary message per video frame of that live
// session (format: src/shared/media-frames.ts). Same guard as /api/events (Host, Origin, token). Nothing is ever queued here:
// a client that reads slowly shows up in ws.bufferedAmount and the session's fan-out drops it to the next
// keyframe. Close codes: MEDIA_CLOSE (4000 session ended, 4404 unknown session, 4503 shutdown).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MEDIA_CLOSE } from '../../../shared/media-frames';
import type { FrameSink, ViewerStats } from '../../live/frame-fanout';
import { pickProtocol } from './auth';
import type { Refusal } from './request-guard';

export const MEDIA_PATH = '/api/media';

export interface FrameSource {
  subscribeFrames(sessionId: string, sink: FrameSink): { unsubscribe(): void; stats(): ViewerStats } | undefined;
}

export interface MediaSocketOptions {
  live: FrameSource;
  /** The server's request guard: null lets the upgrade through. */
  authorize: (req: http.IncomingMessage) => Refusal | null;
}

export interface MediaClientInfo {
  sessionId: string;
  bufferedAmount: number;
  sent: number;
  dropped: number;
}

export interface MediaSocket {
  /**
   * For the HTTP server's 'upgrade' listener: true when the request was for /api/media (accepted or refused
   * here), false when it is someone else's.
   */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  clients(): MediaClientInfo[];
  /** Closes every media WebSocket (server shutdown by default). */
  close(code?: number, reason?: string): void;
}

export function createMediaSocket(opts: MediaSocketOptions): MediaSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false, handleProtocols: pickProtocol });
  const clients = new Map<WebSocket, { sessionId: string; stats(): ViewerStats }>();

  const refuse = (socket: Duplex, status: string, text: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  };

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== MEDIA_PATH) return false;
      const refusal = opts.authorize(req);
      if (refusal) {
        refuse(socket, `${refusal.status} Refused`, refusal.message);
        return true;
      }
      const sessionId = url.searchParams.get('sessionId');
      if (!sessionId) {
        refuse(socket, '400 Bad Request', `${MEDIA_PATH} needs ?sessionId=<id> from live.start`);
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.binaryType = 'nodebuffer';
        const sink: FrameSink = {
          send: (message) => ws.send(message, { binary: true }),
          get bufferedAmount() {
            return ws.bufferedAmount;
          },
          close: (code, reason) => ws.close(code, reason),
        };
        const sub = opts.live.subscribeFrames(sessionId, sink);
        if (!sub) {
          ws.close(MEDIA_CLOSE.unknownSession, `no open live session ${sessionId.slice(0, 60)}`);
          return;
        }
        clients.set(ws, { sessionId, stats: sub.stats });
        const gone = () => {
          sub.unsubscribe();
          clients.delete(ws);
        };
        ws.on('close', gone);
        ws.on('error', gone);
      });
      return true;
    },
    clients() {
      return [...clients].map(([ws, c]) => ({ sessionId: c.sessionId, bufferedAmount: ws.bufferedAmount, ...c.stats() }));
    },
    close(code = MEDIA_CLOSE.shutdown, reason = 'the console is shutting down') {
      for (const ws of clients.keys()) ws.close(code, reason);
      clients.clear();
      if (code === MEDIA_CLOSE.shutdown) wss.close();
    },
  };
}
