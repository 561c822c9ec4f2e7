// Device events of every instance reach every console: an instance publishes its own device events on the
// platform's event channel and re-emits the others' on its bus (never publishing those again). An event about a
// device online here is this instance's to tell, so another's late word on it (an expiry after the device
// moved) is dropped.
import type { Redis } from 'ioredis';
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import type { ClusterKeys } from './keys';

export const SHARED_EVENTS: readonly string[] = ['device.online', 'device.offline', 'device.updated', 'device.removed', 'channel.changed', 'device.rebooted', 'registration.failed'];

export interface EventBusLike {
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  onAny(listener: <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void): () => void;
}

interface Shared {
  from: string;
  name: string;
  payload: { deviceId?: unknown };
}

export class EventShare {
  private relaying = false;
  private readonly unhook: Array<() => void> = [];

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly keys: ClusterKeys,
    private readonly self: string,
    private readonly onlineHere: (deviceId: string) => boolean,
    private readonly onError: (text: string) => void,
    /** Another instance told an event about a device not online here. */
    private readonly heard: (name: string, deviceId: string) => void = () => {},
  ) {}

  async start(bus: EventBusLike): Promise<void> {
    const emit = bus.emit as (event: string, payload: unknown) => void;
    const onMessage = (channel: string, text: string) => {
      if (channel !== this.keys.events) return;
      const e = parse(text);
      if (!e || e.from === this.self || !SHARED_EVENTS.includes(e.name)) return;
      const id = e.payload.deviceId;
      if (typeof id === 'string' && e.name !== 'device.removed' && this.onlineHere(id)) return;
      if (typeof id === 'string') this.heard(e.name, id);
      this.relaying = true;
      try {
        emit.call(bus, e.name, e.payload);
      } finally {
        this.relaying = false;
      }
    };
    this.sub.on('message', onMessage);
    this.unhook.push(() => this.sub.off('message', onMessage));
    await this.sub.subscribe(this.keys.events);
    this.unhook.push(
      (bus.onAny as (l: (event: string, payload: unknown) => void) => () => void)((name, payload) => {
        if (this.relaying || !SHARED_EVENTS.includes(name)) return;
        const text = JSON.stringify({ from: this.self, name, payload });
        this.pub.publish(this.keys.events, text).catch((err: Error) => this.onError(`Redis: sharing ${name} failed: ${err.message}`));
      }),
    );
  }

  stop(): void {
    for (const u of this.unhook.splice(0)) u();
  }
}

function parse(text: string): Shared | undefined {
  try {
    const e = JSON.parse(text) as Shared;
    return typeof e?.from === 'string' && typeof e.name === 'string' && e.payload && typeof e.payload === 'object' ? e : undefined;
  } catch {
    return undefined;
  }
}
