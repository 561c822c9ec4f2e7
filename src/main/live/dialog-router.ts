// In-dialog requests from devices go to the media session whose call owns the dialog, whatever its kind:
// BYE (the device ends the call), INFO (MANSRTSP answers some devices send as requests) and MediaStatus
// (GB/T 28181-2016 §9.8.3: NotifyType 121, the end of a recording, sent as MESSAGE in the call's dialog).
// One router per device directory: it takes the directory's BYE and INFO hooks for every kind at once.
import { getCallId, getHeader } from '../sip/message';
import type { SipRequest } from '../sip/message/types';
import type { IncomingRequestContext } from '../sip/stack/incoming';
import type { LiveDeviceDirectory, MediaStatusNote } from './directory';
import type { MediaSession } from './media-session';

export class DialogRouter {
  private readonly sessions = new Set<MediaSession>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(devices: LiveDeviceDirectory) {
    if (devices.onInDialog) {
      this.unsubscribe.push(devices.onInDialog('BYE', (req, ctx) => this.bye(req, ctx)));
      this.unsubscribe.push(devices.onInDialog('INFO', (req, ctx) => this.info(req, ctx)));
    } else if (devices.onBye) {
      this.unsubscribe.push(devices.onBye((req, ctx) => this.bye(req, ctx)));
    }
    if (devices.onMediaStatus) this.unsubscribe.push(devices.onMediaStatus((n) => this.mediaStatus(n)));
  }

  add(s: MediaSession): void {
    this.sessions.add(s);
  }

  remove(s: MediaSession): void {
    this.sessions.delete(s);
  }

  /** The session whose call owns this dialog (or, without one, this Call-ID once answered). */
  owner(ctx: Pick<IncomingRequestContext, 'dialog'>, callId: string | undefined): MediaSession | undefined {
    for (const s of this.sessions) if (!s.ended && s.call?.owns(ctx.dialog, callId)) return s;
    return undefined;
  }

  /** An incoming BYE: answered and true when it ends one of our calls. */
  bye(req: SipRequest, ctx: IncomingRequestContext): boolean {
    const s = this.owner(ctx, getCallId(req));
    if (!s) return false;
    if (!ctx.answered) ctx.respond(200);
    s.deviceBye(getHeader(req, 'Reason'));
    return true;
  }

  /** INFO from a device in one of our calls: answered 200 (nothing in it changes the session). */
  info(req: SipRequest, ctx: IncomingRequestContext): boolean {
    const s = this.owner(ctx, getCallId(req));
    if (!s) return false;
    if (!ctx.answered) ctx.respond(200);
    return true;
  }

  private mediaStatus(n: MediaStatusNote): void {
    let s = n.callId ? this.owner({ dialog: n.dialog }, n.callId) : undefined;
    // Devices that send MediaStatus outside the dialog: the one history call of that channel.
    if (!s) {
      const candidates = [...this.sessions].filter((x) => !x.ended && x.kind !== 'play' && x.deviceId === n.deviceId && (x.channelId === n.channelId || !n.channelId));
      if (candidates.length === 1) s = candidates[0];
    }
    if (s) s.rules.onMediaStatus?.(s, n.notifyType);
  }

  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.sessions.clear();
  }
}
