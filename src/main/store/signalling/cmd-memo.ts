import type { MessageSummary } from './summary';

const CMD_MEMO_SIZE = 4096;

/** A MESSAGE response carries no body: it takes its request's CmdType and SN, remembered by Call-ID (bounded). */
export class CmdTypeMemo {
  private readonly byCallId = new Map<string, { cmdType: string; sn: string | null }>();
  /** The memo's Call-IDs in insertion order (the Map's own order), so the oldest is found without an iterator. */
  private readonly order: string[];
  private first = 0;
  private count = 0;

  constructor(private readonly size = CMD_MEMO_SIZE) {
    this.order = new Array(size + 1);
  }

  /** Returns true when the response took its request's CmdType/SN. */
  inherit(s: MessageSummary): boolean {
    if (s.method !== 'MESSAGE' || !s.callId) return false;
    if (s.status === null) {
      if (!s.cmdType) return false;
      if (this.byCallId.size >= this.size) this.evictOldest();
      if (!this.byCallId.has(s.callId)) this.order[(this.first + this.count++) % this.order.length] = s.callId;
      this.byCallId.set(s.callId, { cmdType: s.cmdType, sn: s.sn });
      return false;
    }
    const memo = s.cmdType ? undefined : this.byCallId.get(s.callId);
    if (!memo) return false;
    s.cmdType = memo.cmdType;
    s.sn = memo.sn;
    return true;
  }

  private evictOldest(): void {
    this.byCallId.delete(this.order[this.first]);
    this.first = (this.first + 1) % this.order.length;
    this.count--;
  }
}
