import type { SipRequest, SipResponse } from '../message/types';
import { getCallId, getFromTag, getToTag } from '../message';
import { Dialog, dialogKey } from './dialog';

/** Dialogs by id, matched from either side (§12.2.2: a request's To tag is our local tag). */
export class DialogTable {
  private readonly dialogs = new Map<string, Dialog>();

  get size(): number {
    return this.dialogs.size;
  }

  add(d: Dialog): Dialog {
    this.dialogs.set(d.key, d);
    return d;
  }

  remove(d: Dialog): void {
    if (this.dialogs.get(d.key) === d) this.dialogs.delete(d.key);
  }

  all(): Dialog[] {
    return [...this.dialogs.values()];
  }

  /** The dialog an incoming request belongs to, or undefined (out of dialog, or unknown: 481). */
  forRequest(req: SipRequest): Dialog | undefined {
    const callId = getCallId(req);
    const localTag = getToTag(req);
    if (!callId || !localTag) return undefined;
    return this.dialogs.get(dialogKey({ callId, localTag, remoteTag: getFromTag(req) ?? '' }));
  }

  /** The dialog a response to one of our requests belongs to. */
  forResponse(res: SipResponse): Dialog | undefined {
    const callId = getCallId(res);
    const localTag = getFromTag(res);
    const remoteTag = getToTag(res);
    if (!callId || !localTag || !remoteTag) return undefined;
    return this.dialogs.get(dialogKey({ callId, localTag, remoteTag }));
  }
}
