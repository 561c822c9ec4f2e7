// Which console instances are alive: each writes its card (SIP address, load) under a key that expires unless
// refreshed, so a dead instance drops out within ttlMs. The live list is kept as a local snapshot, refreshed on
// every beat, so a REGISTER can be answered (302 or not) without waiting on Redis.
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys';

export interface InstanceCard {
  id: string;
  /** Where devices reach its SIP server (the Contact of a 302). */
  sip: { ip: string; port: number };
  /** Devices online on it: its load. */
  devicesOnline: number;
  startedAt: number;
}

export interface InstanceDirectoryOptions {
  ttlMs: number;
  /** The card this instance publishes, read on every beat. */
  card: () => InstanceCard;
  onError?: (err: Error) => void;
}

export class InstanceDirectory {
  private snapshot = new Map<string, InstanceCard>();
  /** The same array until the next refresh (callers may tell snapshots apart by identity). */
  private list: InstanceCard[] = [];
  private refreshedAt = 0;
  private static readonly NONE: InstanceCard[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new Set<() => void>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterKeys,
    private readonly o: InstanceDirectoryOptions,
  ) {}

  get selfId(): string {
    return this.o.card().id;
  }

  /** First beat (awaited), then one every ttl/3. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((err: Error) => this.o.onError?.(err)), Math.max(50, Math.floor(this.o.ttlMs / 3)));
    this.timer.unref();
  }

  /** Publishes this instance's card and reads everyone's. */
  async beat(): Promise<void> {
    const card = this.o.card();
    await this.redis.multi().set(this.keys.instance(card.id), JSON.stringify(card), 'PX', this.o.ttlMs).sadd(this.keys.instances, card.id).exec();
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const ids = await this.redis.smembers(this.keys.instances);
    const values = ids.length ? await this.redis.mget(ids.map((id) => this.keys.instance(id))) : [];
    const next = new Map<string, InstanceCard>();
    const dead: string[] = [];
    ids.forEach((id, i) => {
      const card = parseCard(values[i]);
      if (card) next.set(id, card);
      else dead.push(id);
    });
    if (dead.length) await this.redis.srem(this.keys.instances, ...dead);
    const before = [...this.snapshot.keys()].sort().join();
    this.snapshot = next;
    this.list = [...next.values()];
    this.refreshedAt = Date.now();
    if (before !== [...next.keys()].sort().join()) for (const fn of this.changed) fn();
  }

  /** Empty while Redis has not answered for a whole ttl: then nobody is known alive (no 302 to a guess). */
  alive(): InstanceCard[] {
    return Date.now() - this.refreshedAt > this.o.ttlMs ? InstanceDirectory.NONE : this.list;
  }

  isAlive(id: string): boolean {
    return this.snapshot.has(id);
  }

  card(id: string): InstanceCard | undefined {
    return this.snapshot.get(id);
  }

  onChange(fn: () => void): () => void {
    this.changed.add(fn);
    return () => this.changed.delete(fn);
  }

  /** Stops beating; `leave` also removes the card at once (a clean shutdown) instead of letting it expire. */
  async stop(leave: boolean): Promise<void> {
    clearInterval(this.timer);
    if (!leave) return;
    const id = this.selfId;
    await this.redis.multi().del(this.keys.instance(id)).srem(this.keys.instances, id).exec();
  }
}

function parseCard(text: string | null): InstanceCard | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as InstanceCard;
    return typeof c.id === 'string' && c.sip && typeof c.sip.port === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
}
