import type { LogMessage } from '../../../../shared/contract';

/** A stored message as log.query lists it, for the Signalling tab's tests; `id` also sets its time and Call-ID. */
export function logMessage(id: number, over: Partial<LogMessage> = {}): LogMessage {
  return {
    id,
    time: 1_700_000_000_000 + id,
    direction: 'in',
    transport: 'UDP',
    localAddress: '127.0.0.1:5060',
    peerAddress: '127.0.0.1:5062',
    method: 'MESSAGE',
    status: null,
    reason: null,
    callId: `c${id}`,
    cseq: '1 MESSAGE',
    fromUser: null,
    toUser: null,
    deviceId: null,
    cmdType: 'Keepalive',
    sn: null,
    size: 300,
    ...over,
  };
}
