// Why a request got no usable final answer, as sentences the console words in its language.
import { errorText, serverText, type ServerText } from '../../../shared/texts';

export function noAnswerText(timer: 'B' | 'F', address: string, method: string, seconds: number): ServerText {
  return serverText('sip.noAnswer', { timer, address, method, seconds }, `Timer ${timer} fired: no answer from ${address} to ${method} within ${seconds} s`);
}

/** `err`: what the transport said (a socket error). */
export function sendFailedText(method: string, address: string, err: unknown): ServerText {
  const detail = errorText(err);
  return serverText('sip.sendFailed', { method, address, detail }, `${method} to ${address} failed: ${detail.text}`);
}

export function noToTagText(address: string, status: number): ServerText {
  return serverText('sip.noToTag', { address, status }, `${address} answered ${status} to INVITE without a To tag, so no call can be set up (RFC 3261 §12.1.2)`);
}
