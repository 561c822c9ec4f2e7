// Why our media connection to a camera (TCP active) could not be made.
import { errorText, serverText, type ServerText } from '../../../shared/texts';

export function connectTimeoutText(address: string, ms: number): ServerText {
  return serverText('media.connectTimeout', { address, ms }, `the camera's media port ${address} did not accept a connection within ${ms} ms`);
}

export function connectRefusedText(address: string): ServerText {
  return serverText('media.connectRefused', { address }, `could not connect to the camera's media port ${address}: the camera refused it (nothing listens on that port)`);
}

export function connectFailedText(address: string, err: unknown): ServerText {
  const detail = errorText(err);
  return serverText('media.connectFailed', { address, detail }, `could not connect to the camera's media port ${address}: ${detail.text}`);
}
