// Alarm and MobilePosition subscriptions (GB/T 28181-2016 §9.11, RFC 6665) for the devices the installer asked
// for: SUBSCRIBE with a Query body, refreshed in its dialog before it expires, re-established by
// WantedSubscriptions when the device is back online. The NOTIFYs are routed by their body's CmdType.
import type { SubscriptionStateView } from '../../../shared/types/control';
import type { Logger } from '../../log/logger';
import { Dialog } from '../../sip/dialog/dialog';
import { getExpires, getToTag } from '../../sip/message';
import type { SipRequest, SipResponse } from '../../sip/message/types';
import type { SipStack } from '../../sip/stack/stack';
import type { Clock, TimerHandle } from '../../sip/timers/clock';
import type { ManscdpDoc } from '../manscdp/codec';
import { encodeDoc } from '../manscdp/codec';
import { MANSCDP_CONTENT_TYPE, type DeviceMessenger } from '../devices/messenger';
import type { DeviceSubscription } from '../subscription/wanted';
import { endAtDevice, grantedLate } from '../subscription/end-at-device';
import { errorText, type ServerText } from '../../../shared/texts';
import * as says from '../devices/event-texts';

/** Which devices should hold the subscription (kept by the store, so it survives restarts). */
export interface WantedDevices {
  has(deviceId: string): boolean;
}

export interface EventSubscriptionDeps {
  stack: SipStack;
  messenger: DeviceMessenger;
  /** The subscription's Query body for a device (Alarm: priorities and methods; MobilePosition: Interval). */
  body(deviceId: string, sn: number): ManscdpDoc;
  nextSn(): number;
  clock: Clock;
  logger: Logger;
  note(deviceId: string, level: 'info' | 'error', text: ServerText | string): void;
  charsetOf(deviceId: string): 'gb2312' | 'gb18030' | 'utf-8';
  wanted: WantedDevices;
  expiresSec?: number;
  retryMs?: number;
}

interface Sub {
  deviceId: string;
  sn: number;
  dialog?: Dialog;
  timer?: TimerHandle;
  stopped: boolean;
}

/** The Event package: no value is fixed by GB/T 28181 for these; "presence" is what devices accept (docs/protocol.md §4). */
const EVENT_HEADER = 'presence';

export class EventSubscriptions implements DeviceSubscription {
  private readonly subs = new Map<string, Sub>();
  private readonly states = new Map<string, { state: SubscriptionStateView; reason?: string }>();
  private readonly expiresSec: number;
  private readonly retryMs: number;

  constructor(
    readonly event: 'Alarm' | 'MobilePosition',
    private readonly d: EventSubscriptionDeps,
  ) {
    this.expiresSec = d.expiresSec ?? 3600;
    this.retryMs = d.retryMs ?? 60_000;
  }

  state(deviceId: string): { state: SubscriptionStateView; reason?: string } {
    return this.states.get(deviceId) ?? { state: 'off' };
  }

  isActive(deviceId: string): boolean {
    return this.subs.has(deviceId) || !this.d.wanted.has(deviceId);
  }

  /**
   * Subscribes afresh. A subscription it replaces is ended at the device too (RFC 6665: each SUBSCRIBE outside a
   * dialog makes a subscription of its own, and the device would report on both until the old one expired).
   */
  async start(deviceId: string): Promise<{ state: SubscriptionStateView; reason?: string }> {
    if (!this.d.wanted.has(deviceId)) return this.state(deviceId);
    const old = this.subs.get(deviceId);
    this.stop(deviceId);
    if (old?.dialog) void this.endAtDevice(deviceId, old.dialog, old.sn);
    const sub: Sub = { deviceId, sn: this.d.nextSn(), stopped: false };
    this.subs.set(deviceId, sub);
    let req: SipRequest;
    let res: SipResponse;
    try {
      req = this.d.messenger.buildManscdp(deviceId, 'SUBSCRIBE', this.d.body(deviceId, sub.sn), this.headers());
      res = await this.d.messenger.send(deviceId, req);
    } catch (err) {
      if (this.subs.get(deviceId) === sub) this.subs.delete(deviceId);
      return this.set(deviceId, 'failed', says.subscribeFailed(this.event, errorText(err)));
    }
    if (sub.stopped) {
      // Replaced or stopped while its SUBSCRIBE was out: the device holds it all the same.
      const late = grantedLate(req, res, this.d.messenger.route(deviceId).dest);
      if (late) void this.endAtDevice(deviceId, late, sub.sn);
      return this.state(deviceId);
    }
    if (res.status >= 300) {
      this.subs.delete(deviceId);
      return this.set(deviceId, 'refused', says.subscribeRefused(this.event, res.status, res.reason));
    }
    if (getToTag(res)) {
      try {
        sub.dialog = this.d.stack.dialogs.add(Dialog.fromUac(req, res, this.d.messenger.route(deviceId).dest));
      } catch {
        // no usable dialog: refreshes go out as new SUBSCRIBEs
      }
    }
    this.granted(sub, res);
    return this.set(deviceId, 'active');
  }

  /** Forgets the device's subscription (offline, or no longer wanted); no un-SUBSCRIBE is sent. */
  stop(deviceId: string): void {
    const sub = this.subs.get(deviceId);
    if (!sub) return;
    sub.stopped = true;
    if (sub.timer !== undefined) this.d.clock.clearTimeout(sub.timer);
    if (sub.dialog) this.d.stack.dialogs.remove(sub.dialog);
    this.subs.delete(deviceId);
    if (this.states.get(deviceId)?.state === 'active') this.states.delete(deviceId);
  }

  /** Ends it at the device too (Expires: 0 in the dialog), for alarm.subscribe {on: false}. */
  async unsubscribe(deviceId: string): Promise<void> {
    const sub = this.subs.get(deviceId);
    this.stop(deviceId);
    this.states.delete(deviceId);
    if (sub?.dialog) await this.endAtDevice(deviceId, sub.dialog, sub.sn);
  }

  /** SUBSCRIBE with Expires: 0 in the subscription's dialog. */
  private endAtDevice(deviceId: string, dialog: Dialog, sn: number): Promise<void> {
    return endAtDevice(this.d.stack, dialog, EVENT_HEADER, encodeDoc(this.d.body(deviceId, sn), this.d.charsetOf(deviceId)));
  }

  ended(deviceId: string, reason: string): void {
    this.stop(deviceId);
    if (/^(deactivated|timeout)$/i.test(reason)) void this.start(deviceId);
  }

  close(): void {
    for (const id of [...this.subs.keys()]) this.stop(id);
  }

  private set(deviceId: string, state: SubscriptionStateView, said?: ServerText): { state: SubscriptionStateView; reason?: string } {
    const reason = said?.text;
    const v = reason ? { state, reason } : { state };
    this.states.set(deviceId, v);
    if (said) {
      this.d.note(deviceId, state === 'refused' ? 'info' : 'error', said);
      this.d.logger.info(`device ${deviceId}: ${said.text}`);
    }
    return v;
  }

  private headers() {
    return [
      { name: 'Event', value: EVENT_HEADER },
      { name: 'Expires', value: String(this.expiresSec) },
    ];
  }

  private granted(sub: Sub, res: SipResponse): void {
    const granted = getExpires(res);
    const sec = granted && granted > 0 ? granted : this.expiresSec;
    const inMs = Math.min(3600_000, Math.max(1_000, sec * 800));
    sub.timer = this.d.clock.setTimeout(() => void this.refresh(sub), inMs);
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
      res = await this.d.stack.sendInDialog(sub.dialog, 'SUBSCRIBE', {
        body: encodeDoc(this.d.body(sub.deviceId, sub.sn), this.d.charsetOf(sub.deviceId)),
        contentType: MANSCDP_CONTENT_TYPE,
        headers: this.headers(),
        noNewConnection: sub.dialog.peer.transport === 'TCP',
      });
    } catch (err) {
      if (sub.stopped) return;
      this.set(sub.deviceId, 'failed', says.subscriptionRefreshFailed(this.event, errorText(err)));
      sub.timer = this.d.clock.setTimeout(() => void this.start(sub.deviceId), this.retryMs);
      return;
    }
    if (sub.stopped) return;
    if (res.status === 481 || res.status === 408) {
      // the device holds no such subscription (or does not answer): nothing to end there
      this.stop(sub.deviceId);
      void this.start(sub.deviceId);
      return;
    }
    if (res.status >= 300) {
      this.stop(sub.deviceId);
      this.set(sub.deviceId, 'refused', says.subscriptionRefreshRefused(this.event, res.status, res.reason));
      return;
    }
    this.granted(sub, res);
  }
}
