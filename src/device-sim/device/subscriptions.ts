// Event subscriptions a device serves (GB/T 28181-2016 §9.7, §9.11; RFC 6665): Catalog (NOTIFY on channel
// changes, items carry <Event>), Alarm (NOTIFY per alarm) and MobilePosition (NOTIFY every Interval seconds).
import type { SipAddress, SipRequest } from '../../main/sip/message/types';
import { createResponse, getCallId, getContacts, getExpires, getFrom, getHeader, getTo, formatUri } from '../../main/sip/message';
import type { TimerHandle } from '../../main/sip/timers/clock';
import type { ServerTransaction } from '../../main/sip/transaction';
import { newTag } from '../../main/sip/transaction';
import type { Inbound } from '../../main/sip/transport';
import { channelEntry, type ChannelState } from '../model/catalog';
import { readManscdp, text } from '../manscdp/read';
import { alarmNotify, catalogNotify, encodeDoc, mobilePosition, type AlarmFields } from '../manscdp/messages';
import type { XmlElement } from '../manscdp/xml';
import { positionAt } from '../model/position-track';
import { contact, inDialogRequest, type DialogRef } from '../sip/requests';
import type { SimDevice } from './device';

type Kind = 'Catalog' | 'Alarm' | 'MobilePosition';

interface Subscription {
  kind: Kind;
  event: string;
  dialog: DialogRef;
  dest: SipAddress;
  expiresAt: number;
  expiry?: TimerHandle;
  interval?: TimerHandle;
  intervalSec: number;
}

const DEFAULT_EXPIRES = 600;
const KINDS: Record<string, Kind> = { catalog: 'Catalog', alarm: 'Alarm', mobileposition: 'MobilePosition' };

export class Subscriptions {
  private readonly subs = new Map<string, Subscription>();

  constructor(private readonly device: SimDevice) {}

  get count(): number {
    return this.subs.size;
  }

  list(): { callId: string; kind: Kind; expiresAt: number }[] {
    return [...this.subs.entries()].map(([callId, s]) => ({ callId, kind: s.kind, expiresAt: s.expiresAt }));
  }

  subscribe(req: SipRequest, tx: ServerTransaction, inbound: Inbound): void {
    const callId = getCallId(req) ?? '';
    const expires = getExpires(req) ?? DEFAULT_EXPIRES;
    const existing = this.subs.get(callId);
    const toTag = getTo(req)?.params.tag;
    if (toTag) {
      if (!existing || existing.dialog.localTag !== toTag) {
        tx.respond(createResponse(req, 481, 'Subscription Does Not Exist'));
        return;
      }
      tx.respond(this.ok(req, existing.dialog.localTag, expires));
      if (expires === 0) this.end(callId, true);
      else this.arm(callId, existing, expires);
      return;
    }
    const read = readManscdp(req.body);
    const kind = read.ok ? KINDS[read.message.cmdType.toLowerCase()] : undefined;
    if (!read.ok || !kind) {
      tx.respond(createResponse(req, read.ok ? 489 : 400, read.ok ? 'Bad Event' : 'Bad Request'));
      return;
    }
    const from = getFrom(req);
    const to = getTo(req);
    const localTag = newTag();
    tx.respond(this.ok(req, localTag, expires));
    if (expires === 0 || !from || !to) return;
    let cseq = 1;
    const remoteTarget = getContacts(req)[0]?.uri;
    const sub: Subscription = {
      kind,
      event: getHeader(req, 'Event') ?? kind,
      dialog: {
        callId,
        localUri: formatUri(to.uri),
        localTag,
        remoteUri: formatUri(from.uri),
        remoteTag: from.params.tag ?? '',
        remoteTarget: remoteTarget ? formatUri(remoteTarget) : formatUri(from.uri),
        nextCseq: () => cseq++,
      },
      dest: inbound.source,
      expiresAt: 0,
      intervalSec: Math.max(1, Number(text(read.message.body, 'Interval')) || 5),
    };
    this.subs.set(callId, sub);
    this.arm(callId, sub, expires);
    this.device.events.emit('subscribed', { callId, cmdType: kind, expires });
    if (kind === 'MobilePosition') void this.sendPosition(callId);
  }

  /** Tells catalog subscribers that a channel changed. */
  async catalogChanged(ch: ChannelState, event: string): Promise<void> {
    const entry = channelEntry(this.device.tree, ch, event);
    const body = catalogNotify(this.device.deviceId, this.device.nextSn(), [entry], this.device.itemContext());
    await Promise.all(this.of('Catalog').map(([callId]) => this.notify(callId, body)));
  }

  /** An alarm: a MESSAGE to the platform (§9.4) and a NOTIFY to every alarm subscription. */
  async alarm(channelId: string, fields: AlarmFields): Promise<void> {
    const body = alarmNotify(channelId, this.device.nextSn(), fields, this.device.timeText);
    let status: number | undefined;
    try {
      status = (await this.device.sendMessage(body, { allowMalformed: false })).status;
    } catch {
      status = undefined;
    }
    this.device.events.emit('alarm-sent', { channelId, status });
    await Promise.all(this.of('Alarm').map(([callId]) => this.notify(callId, body)));
  }

  closeAll(): void {
    for (const callId of [...this.subs.keys()]) this.end(callId, false);
  }

  /**
   * Ends every subscription from the device's side with a NOTIFY that has no body and says
   * `Subscription-State: terminated` (RFC 6665 §4.1.3), as devices do when they drop one; resolves with each answer.
   */
  async terminateAll(reason = 'noresource'): Promise<(number | undefined)[]> {
    const subs = [...this.subs.entries()];
    for (const [callId] of subs) this.end(callId, false);
    return Promise.all(
      subs.map(async ([callId, sub]) => {
        const status = await this.sendNotify(sub, undefined, `terminated;reason=${reason}`).catch(() => undefined);
        this.device.events.emit('notify-sent', { callId, cmdType: sub.kind, status });
        return status;
      }),
    );
  }

  private of(kind: Kind): [string, Subscription][] {
    return [...this.subs.entries()].filter(([, s]) => s.kind === kind);
  }

  private ok(req: SipRequest, toTag: string, expires: number) {
    return createResponse(req, 200, 'OK', {
      toTag,
      headers: [
        { name: 'Expires', value: String(expires) },
        { name: 'Contact', value: contact(this.device.deviceId, this.device.link.local()) },
      ],
    });
  }

  private arm(callId: string, sub: Subscription, expires: number): void {
    const t = this.device.timers;
    if (sub.expiry) t.clearTimeout(sub.expiry);
    sub.expiresAt = t.now() + expires * 1000;
    sub.expiry = t.setTimeout(() => this.end(callId, true), expires * 1000);
  }

  private end(callId: string, sendFinal: boolean): void {
    const sub = this.subs.get(callId);
    if (!sub) return;
    this.subs.delete(callId);
    const t = this.device.timers;
    if (sub.expiry) t.clearTimeout(sub.expiry);
    if (sub.interval) t.clearTimeout(sub.interval);
    this.device.events.emit('unsubscribed', { callId, cmdType: sub.kind });
    // During an outage nothing leaves the device, a final NOTIFY included.
    if (sendFinal && !this.device.inOutage) void this.sendNotify(sub, undefined, 'terminated;reason=timeout').catch(() => {});
  }

  private async sendPosition(callId: string): Promise<void> {
    const sub = this.subs.get(callId);
    if (!sub) return;
    const ch = this.device.tree.channels[0];
    const at = positionAt({ longitude: ch?.longitude ?? 117.2272, latitude: ch?.latitude ?? 31.8206 }, this.device.timers.now());
    const body = mobilePosition(this.device.deviceId, this.device.nextSn(), this.device.config.gbVersion, { time: this.device.clock.now(), ...at, altitude: 30 }, this.device.timeText);
    // the next report is due an interval after this one, however long the platform takes to answer
    sub.interval = this.device.timers.setTimeout(() => void this.sendPosition(callId), sub.intervalSec * 1000);
    await this.notify(callId, body);
  }

  private async notify(callId: string, doc: XmlElement): Promise<void> {
    const sub = this.subs.get(callId);
    if (!sub) return;
    const remaining = Math.max(0, Math.round((sub.expiresAt - this.device.timers.now()) / 1000));
    let status: number | undefined;
    try {
      status = await this.sendNotify(sub, doc, `active;expires=${remaining}`);
    } catch {
      status = undefined;
    }
    this.device.events.emit('notify-sent', { callId, cmdType: sub.kind, status });
  }

  private async sendNotify(sub: Subscription, doc: XmlElement | undefined, state: string): Promise<number> {
    const body = doc ? encodeDoc(doc, { charset: this.device.config.charset, malformed: this.device.config.faults.malformedXml }) : undefined;
    const headers = [
      { name: 'Event', value: sub.event },
      { name: 'Subscription-State', value: state },
      { name: 'Contact', value: contact(this.device.deviceId, this.device.link.local()) },
    ];
    if (body) headers.push({ name: 'Content-Type', value: 'Application/MANSCDP+xml' });
    const req = inDialogRequest('NOTIFY', sub.dialog, this.device.link.local(), headers, body, this.device.viaBranch);
    return (await this.device.request(req, sub.dest)).status;
  }
}
