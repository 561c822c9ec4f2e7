// /api/events: every contract event to every connected console, each socket bounded. A client that stops
// reading (a frozen tab, a script that never reads) would make the server queue every event for it forever;
// past `maxBufferedBytes` it is disconnected and counted, and reconnects to fresh state when it reads again.
// A client that asks for batches (?batch=1) gets each batch as one JSON array of { event, payload }; others get
// one { event, payload } frame per event. A client that connected with ?optin=1 gets the opt-in events
// (shared/contract.ts OPT_IN_EVENTS) only while it listens for them (listen-frame.ts).
import type { WebSocket } from 'ws';
import { OPT_IN_EVENTS, isOptInEvent, type OptInEventName } from '../../../shared/contract';
import type { QueuedEvent } from './event-coalescer';
import { FrameBuffers, type Frame } from './frame-buffers';

/** Close code for a client dropped for reading too slowly (4000-4999: application codes). */
export const EVENTS_TOO_SLOW = 4008;
export const DEFAULT_MAX_EVENT_BUFFER = 4 * 1024 * 1024;
/**
 * The most events in one frame. A storm's batch (a few thousand devices' state and channels, hundreds of KB) goes
 * a frame per turn of the event loop: serialized whole, it would hold every other request for 10-20 ms.
 */
export const EVENTS_PER_FRAME = 128;

export interface EventStreamStats {
  clients: number;
  /** Clients disconnected since start because their unread events passed the bound. */
  dropped: number;
  /** Bytes queued for all clients right now. */
  bufferedBytes: number;
}

interface Client {
  batched: boolean;
  /** null: every event (no ?optin=1); else the opt-in events it listens for. */
  listening: Set<OptInEventName> | null;
}

/** How many clients receive each opt-in event, reported whenever that number changes. */
export type OptInDemand = (event: OptInEventName, clients: number) => void;

export class EventStream {
  private readonly clients = new Map<WebSocket, Client>();
  private dropped = 0;
  private readonly demand = new Map<OptInEventName, number>(OPT_IN_EVENTS.map((e) => [e, 0]));
  private readonly buffers = new FrameBuffers();
  /** Parts of batches not sent yet, in order: one goes per turn. */
  private waiting: Array<readonly QueuedEvent[]> = [];
  private sendingLater = false;

  constructor(
    private readonly maxBufferedBytes = DEFAULT_MAX_EVENT_BUFFER,
    private readonly onDrop: () => void = () => undefined,
    private readonly onDemand: OptInDemand = () => undefined,
  ) {}

  add(ws: WebSocket, batched = false, optIn = false): void {
    this.clients.set(ws, { batched, listening: optIn ? new Set() : null });
    this.recount();
    const gone = () => {
      if (this.clients.delete(ws)) this.recount();
    };
    ws.on('close', gone);
    ws.on('error', gone);
  }

  /** An ?optin=1 client starts or stops receiving opt-in events (no effect on a client that receives all). */
  listen(ws: WebSocket, events: readonly OptInEventName[], on: boolean): void {
    const listening = this.clients.get(ws)?.listening;
    if (!listening) return;
    for (const e of events) {
      if (on) listening.add(e);
      else listening.delete(e);
    }
    this.recount();
  }

  /** Clients receiving an opt-in event now. */
  listeners(event: OptInEventName): number {
    return this.demand.get(event) ?? 0;
  }

  broadcastBatch(batch: readonly QueuedEvent[]): void {
    if (this.clients.size === 0 || batch.length === 0) return;
    // What is left of the last batch goes first, now: at most one batch ever waits.
    for (let part = this.waiting.shift(); part; part = this.waiting.shift()) this.sendPart(part);
    for (let i = 0; i < batch.length; i += EVENTS_PER_FRAME) this.waiting.push(batch.length <= EVENTS_PER_FRAME ? batch : batch.slice(i, i + EVENTS_PER_FRAME));
    this.sendNextPart();
  }

  /** The next part now, the rest in later turns. */
  private readonly sendNextPart = (): void => {
    const part = this.waiting.shift();
    if (part) this.sendPart(part);
    if (this.waiting.length === 0 || this.sendingLater) return;
    this.sendingLater = true;
    setImmediate(this.sendLater);
  };

  private readonly sendLater = (): void => {
    this.sendingLater = false;
    this.sendNextPart();
  };

  private sendPart(batch: readonly QueuedEvent[]): void {
    const optIn = batch.some((item) => isOptInEvent(item.event));
    /** The batch's frame for a set of left-out opt-in events (key: their names), made once per set. */
    const wholes = new Map<string, Frame>();
    const singles = new Map<string, Frame[]>();
    for (const [ws, client] of this.clients) {
      const left = optIn ? leftOut(client) : NONE;
      const key = left.join(',');
      if (client.batched) {
        let frame = wholes.get(key);
        if (frame === undefined) wholes.set(key, (frame = this.buffers.encode(JSON.stringify(left.length ? without(batch, left) : batch))));
        this.sendTo(ws, frame);
      } else {
        let frames = singles.get(key);
        if (frames === undefined) singles.set(key, (frames = (left.length ? without(batch, left) : batch).map((item) => this.buffers.encode(JSON.stringify(item)))));
        for (const frame of frames) this.sendTo(ws, frame);
      }
    }
    for (const frame of wholes.values()) frame.release();
    for (const frames of singles.values()) for (const frame of frames) frame.release();
  }

  /**
   * A frame is JSON in UTF-8, encoded once for every client: sent as a string, each send would measure and encode
   * the text again (a storm's batches are megabytes, often Chinese names). Its buffer is reused once every socket
   * has written it out (ws calls back then, or with an error when the socket closed first).
   */
  private sendTo(ws: WebSocket, frame: Frame): void {
    if (!this.clients.has(ws) || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + frame.data.length > this.maxBufferedBytes) this.drop(ws);
    else ws.send(frame.data, { binary: false }, frame.hold());
  }

  /** Disconnects everyone (token rotated, shutdown). */
  closeAll(code: number, reason: string): void {
    for (const ws of this.clients.keys()) ws.close(code, reason);
  }

  terminateAll(): void {
    this.waiting = [];
    for (const ws of this.clients.keys()) ws.terminate();
    this.clients.clear();
    this.recount();
  }

  stats(): EventStreamStats {
    let bufferedBytes = 0;
    for (const ws of this.clients.keys()) bufferedBytes += ws.bufferedAmount;
    return { clients: this.clients.size, dropped: this.dropped, bufferedBytes };
  }

  private drop(ws: WebSocket): void {
    this.clients.delete(ws);
    this.recount();
    this.dropped++;
    this.onDrop();
    // terminate, not close: a close frame would queue behind the data the client is not reading.
    ws.terminate();
  }

  private recount(): void {
    for (const event of OPT_IN_EVENTS) {
      let n = 0;
      for (const c of this.clients.values()) if (!c.listening || c.listening.has(event)) n++;
      if (n === this.demand.get(event)) continue;
      this.demand.set(event, n);
      this.onDemand(event, n);
    }
  }
}

const NONE: readonly OptInEventName[] = [];

function leftOut(client: Client): readonly OptInEventName[] {
  const listening = client.listening;
  if (!listening) return NONE;
  return OPT_IN_EVENTS.filter((e) => !listening.has(e));
}

function without(batch: readonly QueuedEvent[], left: readonly OptInEventName[]): QueuedEvent[] {
  return batch.filter((item) => !(left as readonly string[]).includes(item.event));
}
