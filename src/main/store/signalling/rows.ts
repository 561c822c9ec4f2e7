// Table and column names of the signalling log (schema: migration 3 in store/sqlite/migrations.ts) and the
// mapping from a stored row to the API's LogMessage.
import type { LogMessage } from '../../../shared/types/signalling';

export const MESSAGE_TABLE = 'signalling_message';
export const TEXT_TABLE = 'signalling_text';
export const TOTALS_TABLE = 'signalling_totals';

export interface MessageRow {
  id: number;
  time: number;
  direction: 'in' | 'out';
  transport: 'UDP' | 'TCP';
  local_addr: string;
  peer_addr: string;
  method: string | null;
  status: number | null;
  reason: string | null;
  call_id: string | null;
  cseq: string | null;
  from_user: string | null;
  to_user: string | null;
  device_id: string | null;
  cmd_type: string | null;
  sn: string | null;
  size: number;
}

export const MESSAGE_COLUMNS =
  'id, time, direction, transport, local_addr, peer_addr, method, status, reason, call_id, cseq, from_user, to_user, device_id, cmd_type, sn, size';

/** The stored method column holds the CSeq method of a response too (so a method filter finds both sides). */
export function rowToMessage(r: MessageRow): LogMessage {
  return {
    id: r.id,
    time: r.time,
    direction: r.direction,
    transport: r.transport,
    localAddress: r.local_addr,
    peerAddress: r.peer_addr,
    method: r.status === null ? r.method : null,
    status: r.status,
    reason: r.reason,
    callId: r.call_id,
    cseq: r.cseq,
    fromUser: r.from_user,
    toUser: r.to_user,
    deviceId: r.device_id,
    cmdType: r.cmd_type,
    sn: r.sn,
    size: r.size,
  };
}
