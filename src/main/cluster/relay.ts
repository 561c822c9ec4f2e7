// Commands between instances over Redis pub/sub: instance A publishes {id, from, method, params} on B's command
// channel; B runs the method on its own handlers and publishes the result (or the error's code, sentence and server text) on
// A's reply channel. Requests waiting for a reply are bounded in number and time.
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DomainError, type DomainErrorCode } from '../../shared/errors';
import type { ServerText } from '../../shared/texts';
import { failedElsewhereText, notListeningText, readServerText, relayBusyText, relayClosingText, relayNoAnswerText } from './texts';
import type { ClusterKeys } from './keys';

/** `clientId`: the API client on the calling instance, as the caller named it there (see remoteClientId). */
export type RelayExecutor = (method: string, params: unknown, clientId?: string) => Promise<unknown>;

export interface CommandRelayOptions {
  /** How long a call waits for the other instance (default 15 s). */
  timeoutMs?: number;
  /** Calls waiting at once (default 1,000). */
  maxPending?: number;
  onError?: (text: string) => void;
}

interface Request {
  id: string;
  from: string;
  method: string;
  params: unknown;
  clientId?: string;
}

interface Reply {
  id: string;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string; text?: ServerText };
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

const CODES: readonly string[] = ['bad_request', 'invalid_setting', 'not_found', 'conflict', 'unavailable', 'timeout'];

export class CommandRelay {
  private readonly pending = new Map<string, Pending>();
  private readonly timeoutMs: number;
  private readonly maxPending: number;

  /** `sub` is a connection of its own: a subscribed ioredis connection runs no other commands. */
  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly keys: ClusterKeys,
    readonly self: string,
    private readonly execute: RelayExecutor,
    private readonly o: CommandRelayOptions = {},
  ) {
    this.timeoutMs = o.timeoutMs ?? 15_000;
    this.maxPending = o.maxPending ?? 1_000;
  }

  async start(): Promise<void> {
    this.sub.on('message', (channel: string, text: string) => {
      if (channel === this.keys.commands(this.self)) void this.serve(text);
      else if (channel === this.keys.replies(this.self)) this.settle(text);
    });
    await this.sub.subscribe(this.keys.commands(this.self), this.keys.replies(this.self));
  }

  /** Runs `method` on instance `target` and returns its result; its failure comes back as a DomainError. */
  async call(target: string, method: string, params: unknown, timeoutMs = this.timeoutMs, clientId?: string): Promise<unknown> {
    if (this.pending.size >= this.maxPending) {
      throw DomainError.saying('unavailable', relayBusyText(this.pending.size));
    }
    const req: Request = { id: randomUUID(), from: this.self, method, params, clientId };
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(req.id);
        reject(DomainError.saying('timeout', relayNoAnswerText(target, method, Math.round(timeoutMs / 1000))));
      }, timeoutMs);
      this.pending.set(req.id, { resolve, reject, timer });
    });
    const receivers = await this.pub.publish(this.keys.commands(target), JSON.stringify(req));
    if (receivers === 0) {
      this.fail(req.id, DomainError.saying('unavailable', notListeningText(target)));
    }
    return answer;
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.fail(id, DomainError.saying('unavailable', relayClosingText()));
    void this.sub.unsubscribe().catch(() => undefined);
  }

  private fail(id: string, err: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.reject(err);
  }

  private async serve(text: string): Promise<void> {
    const req = parse<Request>(text, (r) => typeof r.id === 'string' && typeof r.from === 'string' && typeof r.method === 'string');
    if (!req) {
      this.o.onError?.(`ignored a malformed command from another console instance: ${text.slice(0, 120)}`);
      return;
    }
    let reply: Reply;
    try {
      const clientId = typeof req.clientId === 'string' ? remoteClientId(req.from, req.clientId) : undefined;
      reply = { id: req.id, ok: true, result: await this.execute(req.method, req.params, clientId) };
    } catch (err) {
      const code = err instanceof DomainError ? err.code : ((err as { code?: string }).code ?? 'unavailable');
      const text = readServerText((err as { text?: unknown }).text);
      reply = { id: req.id, ok: false, error: { code, message: (err as Error).message, ...(text ? { text } : {}) } };
    }
    await this.pub.publish(this.keys.replies(req.from), JSON.stringify(reply)).catch((err: Error) => this.o.onError?.(`could not answer ${req.method} to console instance ${req.from}: ${err.message}`));
  }

  private settle(text: string): void {
    const reply = parse<Reply>(text, (r) => typeof r.id === 'string' && typeof r.ok === 'boolean');
    if (!reply) return;
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.result);
    else {
      const code = CODES.includes(reply.error?.code ?? '') ? (reply.error!.code as DomainErrorCode) : 'unavailable';
      const text = readServerText(reply.error?.text);
      const message = typeof reply.error?.message === 'string' ? reply.error.message : undefined;
      p.reject(text ? new DomainError(code, message ?? text.text, undefined, text) : message ? new DomainError(code, message) : DomainError.saying(code, failedElsewhereText()));
    }
  }
}

/**
 * The name an API client of instance `from` goes by on another instance (a PTZ move it started there stops when
 * it is gone): plain text of a client ID's shape, the same on both sides.
 */
export function remoteClientId(from: string, clientId: string): string {
  return `r${createHash('sha256').update(`${from}/${clientId}`).digest('hex').slice(0, 31)}`;
}

function parse<T>(text: string, ok: (v: T) => boolean): T | undefined {
  try {
    const v = JSON.parse(text) as T;
    return v && typeof v === 'object' && ok(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

