// /api/events: every contract event to every connected console, each socket bounded. A client that stops
// reading (a frozen tab, a script that never reads) would make the server queue every event for it forever;
// past `maxBufferedBytes` it is disconnected and counted, and reconnects to fresh state when it reads again.
import type { WebSocket } from 'ws';

/** Close code for a client dropped for reading too slowly (4000-4999: application codes). */
export const EVENTS_TOO_SLOW = 4008;
export const DEFAULT_MAX_EVENT_BUFFER = 4 * 1024 * 1024;

export interface EventStreamStats {
  clients: number;
  /** Clients disconnected since start because their unread events passed the bound. */
  dropped: number;
  /** Bytes queued for all clients right now. */
  bufferedBytes: number;
}

export class EventStream {
  private readonly sockets = new Set<WebSocket>();
  private dropped = 0;

  constructor(
    private readonly maxBufferedBytes = DEFAULT_MAX_EVENT_BUFFER,
    private readonly onDrop: () => void = () => undefined,
  ) {}

  add(ws: WebSocket): void {
    this.sockets.add(ws);
    const gone = () => this.sockets.delete(ws);
    ws.on('close', gone);
    ws.on('error', gone);
  }

  broadcast(text: string): void {
    for (const ws of this.sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount + Buffer.byteLength(text) > this.maxBufferedBytes) this.drop(ws);
      else ws.send(text);
    }
  }

  /** Disconnects everyone (token rotated, shutdown). */
  closeAll(code: number, reason: string): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }

  terminateAll(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }

  stats(): EventStreamStats {
    let bufferedBytes = 0;
    for (const ws of this.sockets) bufferedBytes += ws.bufferedAmount;
    return { clients: this.sockets.size, dropped: this.dropped, bufferedBytes };
  }

  private drop(ws: WebSocket): void {
    this.sockets.delete(ws);
    this.dropped++;
    this.onDrop();
    // terminate, not close: a close frame would queue behind the data the client is not reading.
    ws.terminate();
  }
}
