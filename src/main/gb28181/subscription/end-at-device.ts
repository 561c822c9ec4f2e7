// Ending a subscription at the device: SUBSCRIBE with Expires: 0 in its dialog (RFC 6665 §4.1.2.3). Each
// SUBSCRIBE outside a dialog makes a subscription of its own, so one replaced here must be ended there too.
import { Dialog } from '../../sip/dialog/dialog';
import { getToTag } from '../../sip/message';
import type { SipAddress, SipRequest, SipResponse } from '../../sip/message/types';
import type { SipStack } from '../../sip/stack/stack';
import { MANSCDP_CONTENT_TYPE } from '../devices/messenger';

export async function endAtDevice(stack: Pick<SipStack, 'sendInDialog'>, dialog: Dialog, event: string, body: Buffer): Promise<void> {
  if (dialog.state === 'terminated') return;
  try {
    await stack.sendInDialog(dialog, 'SUBSCRIBE', {
      body,
      contentType: MANSCDP_CONTENT_TYPE,
      headers: [{ name: 'Event', value: event }, { name: 'Expires', value: '0' }],
      noNewConnection: dialog.peer.transport === 'TCP',
    });
  } catch {
    // the device may be gone; nothing stands here any more either way
  }
}

/** The dialog a SUBSCRIBE granted after its subscription was replaced or stopped here, to end it by; none if unusable. */
export function grantedLate(req: SipRequest, res: SipResponse, dest: SipAddress): Dialog | undefined {
  if (res.status >= 300 || !getToTag(res)) return undefined;
  try {
    return Dialog.fromUac(req, res, dest);
  } catch {
    return undefined;
  }
}
