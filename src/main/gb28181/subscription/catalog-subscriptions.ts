// Catalog subscriptions (GB/T 28181-2016 §9.11, RFC 6665): SUBSCRIBE with Event: Catalog after a device
// registers, refreshed in its dialog before it expires; the device then NOTIFYs channel changes. A device that
// refuses (4xx/5xx/6xx) is noted and not asked again; a timeout is retried when the device is next back online
// (wanted.ts). The stored state says 'active' only while a subscription stands.
import type { Logger } from '../../log/logger';
import { Dialog } from '../../sip/dialog/dialog';
import { getExpires, getToTag } from '../../sip/message';
import type { SipRequest, SipResponse } from '../../sip/message/types';
import type { SipStack } from '../../sip/stack/stack';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import { encodeDoc } from '../manscdp/codec';
import { buildQuery } from '../manscdp/messages/common';
import { MANSCDP_CONTENT_TYPE, type DeviceMessenger } from '../devices/messenger';
import type { DeviceRegistry } from '../devices/registry';
import type { SnCounter } from '../query/sn';
import type { DeviceSubscription } from './wanted';
import { endAtDevice, grantedLate } from './end-at-device';
import * as says from '../devices/event-texts';
import { errorText } from '../../../shared/texts';

export interface SubscriptionOptions {
  /** Requested subscription duration. Default 600 s (the notes, §4). */
  expiresSec?: number;
  /** Refresh when this share of the granted duration has passed. Default 0.8. */
  refreshAt?: number;
  /** Wait before re-subscribing after a failed refresh. Default 60 s. */
  retryMs?: number;
}

interface Sub {
  deviceId: string;
  dialog?: Dialog;
  timer?: TimerHandle;
  sn: number;
  expiresSec: number;
  stopped: boolean;
}

export class CatalogSubscriptions implements DeviceSubscription {
  readonly event = 'Catalog';
  private readonly subs = new Map<string, Sub>();
  private readonly expiresSec: number;
  private readonly refreshAt: number;
  private readonly retryMs: number;

  constructor(
    private readonly stack: SipStack,
    private readonly messenger: DeviceMessenger,
    private readonly registry: DeviceRegistry,
    private readonly sn: SnCounter,
    private readonly clock: Clock,
    private readonly logger: Logger,
    opts: SubscriptionOptions = {},
  ) {
    this.expiresSec = opts.expiresSec ?? 600;
    this.refreshAt = opts.refreshAt ?? 0.8;
    this.retryMs = opts.retryMs ?? 60_000;
  }

  isActive(deviceId: string): boolean {
    return this.subs.has(deviceId);
  }

  /**
   * Subscribes unless the device refused before. Resolves when the device answered (never rejects). A subscription
   * it replaces is ended at the device too (RFC 6665: each SUBSCRIBE outside a dialog makes one of its own).
   */
  async start(deviceId: string): Promise<'active' | 'refused' | 'failed' | 'skipped'> {
    const d = this.registry.get(deviceId);
    if (!d || d.subscriptionState === 'refused') return 'skipped';
    const old = this.subs.get(deviceId);
    this.stop(deviceId);
    if (old?.dialog) void this.endAtDevice(old);
    const sub: Sub = { deviceId, sn: this.sn.next(), expiresSec: this.expiresSec, stopped: false };
    this.subs.set(deviceId, sub);
    let req: SipRequest;
    let res: SipResponse;
    try {
      req = this.messenger.buildManscdp(deviceId, 'SUBSCRIBE', buildQuery('Catalog', sub.sn, deviceId), this.headers(sub));
      res = await this.messenger.send(deviceId, req);
    } catch (err) {
      if (this.subs.get(deviceId) === sub) this.subs.delete(deviceId);
      this.registry.note(deviceId, 'error', says.catalogSubscribeFailed(errorText(err)));
      return 'failed';
    }
    if (sub.stopped) {
      // Replaced or stopped while its SUBSCRIBE was out: the device holds it all the same.
      const late = grantedLate(req, res, this.messenger.route(deviceId).dest);
      if (late) void this.endAtDevice({ ...sub, dialog: late });
      return 'failed';
    }
    if (res.status >= 300) {
      this.subs.delete(deviceId);
      this.refused(deviceId, res);
      return 'refused';
    }
    if (getToTag(res)) {
      try {
        sub.dialog = this.stack.dialogs.add(Dialog.fromUac(req, res, this.messenger.route(deviceId).dest));
      } catch {
        // no usable dialog: refreshes go out as new SUBSCRIBEs
      }
    }
    this.granted(sub, res);
    this.registry.setSubscription(deviceId, 'active', null);
    return 'active';
  }

  /** Forgets a device's subscription (offline, removed). No un-SUBSCRIBE is sent: the device may be gone. */
  stop(deviceId: string): void {
    const sub = this.subs.get(deviceId);
    if (sub) {
      sub.stopped = true;
      if (sub.timer !== undefined) this.clock.clearTimeout(sub.timer);
      if (sub.dialog) this.stack.dialogs.remove(sub.dialog);
      this.subs.delete(deviceId);
    }
    this.lapsed(deviceId);
  }

  /**
   * The device ended the subscription (Subscription-State: terminated). RFC 6665 §4.1.3: after "deactivated"
   * or "timeout" the subscriber may subscribe again at once; after other reasons it does not.
   */
  ended(deviceId: string, reason: string): void {
    this.stop(deviceId);
    if (/^(deactivated|timeout)$/i.test(reason) && this.registry.get(deviceId)?.online) void this.start(deviceId);
  }

  close(): void {
    for (const sub of this.subs.values()) {
      sub.stopped = true;
      if (sub.timer !== undefined) this.clock.clearTimeout(sub.timer);
    }
    this.subs.clear();
  }

  /** No subscription stands: the record stops saying active (a refusal stays on record). */
  private lapsed(deviceId: string): void {
    if (this.registry.get(deviceId)?.subscriptionState === 'active') this.registry.setSubscription(deviceId, null, null);
  }

  private headers(sub: Sub) {
    return [
      { name: 'Event', value: `Catalog;id=${sub.sn}` },
      { name: 'Expires', value: String(this.expiresSec) },
    ];
  }

  private async endAtDevice(sub: Sub): Promise<void> {
    if (!sub.dialog) return;
    const body = encodeDoc(buildQuery('Catalog', sub.sn, sub.deviceId), this.registry.get(sub.deviceId)?.charset ?? 'gb2312');
    await endAtDevice(this.stack, sub.dialog, `Catalog;id=${sub.sn}`, body);
  }

  private granted(sub: Sub, res: SipResponse): void {
    const granted = getExpires(res);
    sub.expiresSec = granted && granted > 0 ? granted : this.expiresSec;
    // Bounded: a device granting days would overflow setTimeout; refreshing early is harmless.
    const inMs = Math.min(3600_000, Math.max(1_000, sub.expiresSec * 1000 * this.refreshAt));
    sub.timer = this.clock.setTimeout(() => void this.refresh(sub), inMs);
  }

  private async refresh(sub: Sub): Promise<void> {
    if (sub.stopped || this.subs.get(sub.deviceId) !== sub) return;
    sub.timer = undefined;
    if (!sub.dialog || sub.dialog.state === 'terminated') {
      void this.start(sub.deviceId);
      return;
    }
    let res: SipResponse;
    try {
      const d = this.registry.get(sub.deviceId);
      const body = encodeDoc(buildQuery('Catalog', sub.sn, sub.deviceId), d?.charset ?? 'gb2312');
      res = await this.stack.sendInDialog(sub.dialog, 'SUBSCRIBE', {
        body,
        contentType: MANSCDP_CONTENT_TYPE,
        headers: this.headers(sub),
        noNewConnection: sub.dialog.peer.transport === 'TCP',
      });
    } catch (err) {
      if (sub.stopped) return;
      this.registry.note(sub.deviceId, 'error', says.catalogSubscriptionRefreshFailed(errorText(err)));
      this.lapsed(sub.deviceId);
      sub.timer = this.clock.setTimeout(() => void this.start(sub.deviceId), this.retryMs);
      return;
    }
    if (sub.stopped) return;
    if (res.status === 481 || res.status === 408) {
      // The device lost the subscription (e.g. it rebooted): subscribe afresh.
      this.stop(sub.deviceId);
      void this.start(sub.deviceId);
      return;
    }
    if (res.status >= 300) {
      this.stop(sub.deviceId);
      this.refused(sub.deviceId, res);
      return;
    }
    this.granted(sub, res);
  }

  private refused(deviceId: string, res: SipResponse): void {
    const said = says.catalogSubscribeRefused(res.status, res.reason);
    this.logger.info(`device ${deviceId}: ${said.text}`);
    this.registry.setSubscription(deviceId, 'refused', said);
  }
}
