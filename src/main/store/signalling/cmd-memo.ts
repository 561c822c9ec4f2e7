import type { MessageSummary } from './summary';

const CMD_MEMO_SIZE = 4096;

/** A MESSAGE response carries no body: it takes its request's CmdType and SN, remembered by Call-ID (bounded). */
export class CmdTypeMemo {
  private readonly byCallId = new Map<string, { cmdType: string; sn: string | null }>();

  /** Returns true when the response took its request's CmdType/SN. */
  inherit(s: MessageSummary): boolean {
    if (s.method !== 'MESSAGE' || !s.callId) return false;
    if (s.status === null) {
      if (!s.cmdType) return false;
      if (this.byCallId.size >= CMD_MEMO_SIZE) this.byCallId.delete(this.byCallId.keys().next().value!);
      this.byCallId.set(s.callId, { cmdType: s.cmdType, sn: s.sn });
      return false;
    }
    const memo = s.cmdType ? undefined : this.byCallId.get(s.callId);
    if (!memo) return false;
    s.cmdType = memo.cmdType;
    s.sn = memo.sn;
    return true;
  }
}
