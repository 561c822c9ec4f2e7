// What device control needs from device access (DeviceService fits): sending MANSCDP, asking with SN
// matching, the device's GB version, Responses that no single-answer query consumed, notes and lifecycle.
import type { DecodedBody, ManscdpDoc } from '../manscdp/codec';
import type { SipResponse } from '../../sip/message/types';
import type { ServerText } from '../../../shared/texts';

export interface ControlDevices {
  sendManscdp(deviceId: string, doc: ManscdpDoc): Promise<SipResponse>;
  /** One Response matched by device + CmdType + SN (QueryService.ask). */
  query(deviceId: string, build: (sn: number) => ManscdpDoc, timeoutMs?: number): Promise<DecodedBody>;
  nextSn(): number;
  /** X-GB-Ver the device registered with ("3.0" = 2022); undefined when it did not say. */
  gbVersion(deviceId: string): string | undefined;
  isOnline(deviceId: string): boolean;
  /** A row in the device's history: a coded sentence, or a plain English one. */
  note(deviceId: string, level: 'info' | 'error', text: ServerText | string): void;
  onManscdp(cmdType: string, handler: (deviceId: string, body: DecodedBody) => void): () => void;
  onRegistered(fn: (deviceId: string, kind: 'new' | 'refresh') => void): () => void;
  onOffline(fn: (deviceId: string) => void): () => void;
}
