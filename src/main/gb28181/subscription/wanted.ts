// What every online device should hold: a list of subscription kinds (Catalog now; Alarm and MobilePosition
// add themselves). A device back online, by keepalive or by a refresh of its registration, gets each kind that
// does not stand; a device that registered anew may have rebooted and lost them all, so each starts afresh.
// A device that went offline keeps none: its subscriptions are dropped, as it cannot NOTIFY anyway.
/** One kind of subscription a device should hold while it is online. */
export interface DeviceSubscription {
  /** The Event package, e.g. "Catalog". */
  readonly event: string;
  /** True while a subscription stands or a SUBSCRIBE for it is in flight. */
  isActive(deviceId: string): boolean;
  /** Subscribes (replacing any standing one); never rejects. */
  start(deviceId: string): Promise<unknown>;
  /** Forgets the device's subscription; the stored state stops saying active. */
  stop(deviceId: string): void;
  /** The device ended the subscription itself (RFC 6665 §4.1.3, Subscription-State: terminated). */
  ended(deviceId: string, reason: string): void;
}

/** The registry's lifecycle notifications this needs. */
export interface DeviceLifecycle {
  onOnline(fn: (deviceId: string, cause: 'registration' | 'keepalive') => void): () => void;
  onRegistered(fn: (d: { deviceId: string }, kind: 'new' | 'refresh') => void): () => void;
  onOffline(fn: (o: { deviceId: string }) => void): () => void;
}

export class WantedSubscriptions {
  private readonly kinds: DeviceSubscription[] = [];
  private readonly unhook: Array<() => void> = [];

  constructor(kinds: DeviceSubscription[] = []) {
    this.kinds.push(...kinds);
  }

  /** Adds a kind every online device should hold; returns its removal. */
  add(kind: DeviceSubscription): () => void {
    this.kinds.push(kind);
    return () => {
      const i = this.kinds.indexOf(kind);
      if (i >= 0) this.kinds.splice(i, 1);
    };
  }

  get events(): string[] {
    return this.kinds.map((k) => k.event);
  }

  /** Every kind that does not stand is started. */
  ensure(deviceId: string): void {
    for (const k of this.kinds) if (!k.isActive(deviceId)) void k.start(deviceId);
  }

  /** Every kind starts afresh (a new registration: the device may have rebooted). */
  renew(deviceId: string): Promise<unknown> {
    return Promise.all(this.kinds.map((k) => k.start(deviceId)));
  }

  stop(deviceId: string): void {
    for (const k of this.kinds) k.stop(deviceId);
  }

  /** A terminating NOTIFY for `event`; unknown events are ignored. */
  ended(deviceId: string, event: string, reason: string): void {
    for (const k of this.kinds) if (k.event.toLowerCase() === event.toLowerCase()) k.ended(deviceId, reason);
  }

  /**
   * Keeps the list true over a device's life: back online by keepalive or a refresh, each missing kind is
   * started; offline, all are dropped. (After a new registration the follow-up queries call renew.)
   */
  follow(devices: DeviceLifecycle): void {
    this.unhook.push(
      devices.onOnline((id, cause) => {
        if (cause === 'keepalive') this.ensure(id);
      }),
      devices.onRegistered((d, kind) => {
        if (kind === 'refresh') this.ensure(d.deviceId);
      }),
      devices.onOffline((o) => this.stop(o.deviceId)),
    );
  }

  close(): void {
    for (const off of this.unhook.splice(0)) off();
  }
}
