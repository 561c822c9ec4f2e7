// Device events of every instance reach every console: an instance publishes its own device events on the
// platform's event channel and re-emits the others' on its bus (never publishing those again). An event about a
// device online here is this instance's to tell, so another's late word on it (an expiry after the device
// moved) is dropped.
import type { Redis } from 'ioredis';
import type { ApiEventName, ApiEvents } from '../../shared/contract';
import type { ClusterKeys } from './keys';
import { SharedChannel } from './shared-channel';

export const SHARED_EVENTS: readonly string[] = ['device.online', 'device.offline', 'device.updated', 'device.removed', 'channel.changed', 'device.rebooted', 'registration.failed'];

export interface EventBusLike {
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  onAny(listener: <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void): () => void;
}

interface Shared {
  name: string;
  payload: { deviceId?: unknown };
}

export class EventShare {
  private readonly channel: SharedChannel<Shared>;

  constructor(
    pub: Redis,
    sub: Redis,
    keys: ClusterKeys,
    self: string,
    private readonly onlineHere: (deviceId: string) => boolean,
    private readonly onError: (text: string) => void,
    /** Another instance told an event about a device not online here. */
    private readonly heard: (name: string, deviceId: string) => void = () => {},
  ) {
    this.channel = new SharedChannel(pub, sub, keys.events, self, read);
  }

  async start(bus: EventBusLike): Promise<void> {
    const emit = bus.emit as (event: string, payload: unknown) => void;
    await this.channel.listen((e) => {
      const id = e.payload.deviceId;
      if (typeof id === 'string' && e.name !== 'device.removed' && this.onlineHere(id)) return;
      if (typeof id === 'string') this.heard(e.name, id);
      emit.call(bus, e.name, e.payload);
    });
    this.channel.onStop(
      (bus.onAny as (l: (event: string, payload: unknown) => void) => () => void)((name, payload) => {
        if (!SHARED_EVENTS.includes(name)) return;
        this.channel.publish({ name, payload: payload as Shared['payload'] }, (err) => this.onError(`Redis: sharing ${name} failed: ${err.message}`));
      }),
    );
  }

  stop(): void {
    this.channel.stop();
  }
}

function read(m: Record<string, unknown>): Shared | undefined {
  const { name, payload } = m;
  return typeof name === 'string' && SHARED_EVENTS.includes(name) && payload && typeof payload === 'object' ? { name, payload } : undefined;
}
