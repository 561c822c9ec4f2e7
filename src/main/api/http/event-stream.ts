// /api/events: every contract event to every connected console, each socket bounded. A client that stops
// reading (a frozen tab, a script that never reads) would make the server queue every event for it forever;
// past `maxBufferedBytes` it is disconnected and counted, and reconnects to fresh state when it reads again.
// A client that asks for batches (?batch=1) gets each batch as one JSON array of { event, payload }; others get
// one { event, payload } frame per event.
import type { WebSocket } from 'ws';
import type { QueuedEvent } from './event-coalescer';

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
  private readonly batched = new WeakSet<WebSocket>();
  private dropped = 0;

  constructor(
    private readonly maxBufferedBytes = DEFAULT_MAX_EVENT_BUFFER,
    private readonly onDrop: () => void = () => undefined,
  ) {}

  add(ws: WebSocket, batched = false): void {
    this.sockets.add(ws);
    if (batched) this.batched.add(ws);
    const gone = () => this.sockets.delete(ws);
    ws.on('close', gone);
    ws.on('error', gone);
  }

  broadcast(text: string): void {
    for (const ws of this.sockets) this.sendTo(ws, text);
  }

  broadcastBatch(batch: readonly QueuedEvent[]): void {
    if (this.sockets.size === 0 || batch.length === 0) return;
    let whole: string | null = null;
    let single: string[] | null = null;
    for (const ws of this.sockets) {
      if (this.batched.has(ws)) this.sendTo(ws, (whole ??= JSON.stringify(batch)));
      else for (const text of (single ??= batch.map((item) => JSON.stringify(item)))) this.sendTo(ws, text);
    }
  }

  private sendTo(ws: WebSocket, text: string): void {
    if (!this.sockets.has(ws) || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + Buffer.byteLength(text) > this.maxBufferedBytes) this.drop(ws);
    else ws.send(text);
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
