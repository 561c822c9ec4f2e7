// API clients as the transports see them come and go: a console tab's event socket, an Electron window. Features
// that hold something for a client (a PTZ move it started) hear when it is gone.
import { Listeners } from '../../shared/listeners';

/** A client ID a transport accepts: short, plain (it is a peer's text). */
export function clientIdFrom(v: unknown): string | undefined {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(v) ? v : undefined;
}

export class ApiClients {
  private readonly gone = new Listeners<[string]>();
  private readonly open = new Map<string, number>();

  /** A connection of the client opened (a client may hold several, e.g. two sockets of one tab during a reconnect). */
  connected(clientId: string): void {
    this.open.set(clientId, (this.open.get(clientId) ?? 0) + 1);
  }

  /** One connection closed; when it was the client's last, it is gone. */
  disconnected(clientId: string): void {
    const n = (this.open.get(clientId) ?? 1) - 1;
    if (n > 0) {
      this.open.set(clientId, n);
      return;
    }
    this.open.delete(clientId);
    this.gone.emit(clientId);
  }

  /** The client is gone whatever it held open (a window reloaded or closed). */
  ended(clientId: string): void {
    this.open.delete(clientId);
    this.gone.emit(clientId);
  }

  onGone(fn: (clientId: string) => void): () => void {
    return this.gone.add(fn);
  }

  get count(): number {
    return this.open.size;
  }
}
