// Batched writer: the tap only enqueues; a flush stores queued messages in one transaction per batch.
import type Database from 'better-sqlite3';
import { isAscii } from 'node:buffer';
import type { LogMessage } from '../../../shared/types/signalling';
import type { SignallingRecord, SignallingTap } from '../../sip/tap';
import { encodeMeta } from './block-codec';
import { SignallingCodes } from './codes';
import { messageText } from './detail';
import { RingQueue } from './ring-queue';
import { MESSAGE_TABLE, PENDING_TABLE, TEXT_TABLE, TOTALS_TABLE } from './rows';
import { emptyScan, isKeepAlive, scanSip, type SipScan } from './scan';
import { StoredMessages, type PendingRow } from './stored-messages';
import { messageOf, summarize, type MessageSummary } from './summary';
import { callHash, templatedKeepalive } from './templated';
import { CmdTypeMemo } from './cmd-memo';

export interface WriterOptions {
  /** Queued messages kept at most; beyond it the oldest are dropped and counted. */
  maxQueue?: number;
  /** Queue length that triggers a flush before the timer. */
  batchSize?: number;
  /** Most messages stored in one transaction (a larger backlog is written in several, yielding in between). */
  maxPerTransaction?: number;
  /** Deflate level of stored blocks (1 fastest .. 9 smallest). */
  compressLevel?: number;
  onStored?: (messages: LogMessage[]) => void;
  onError?: (text: string) => void;
  /** Shared with the reader of the same connection (one is made when absent). */
  codes?: SignallingCodes;
  stored?: StoredMessages;
}

interface BatchSums {
  bytes: number;
  storedBytes: number;
  indexed: number;
  kinds: Map<number, number>;
  pending: PendingRow[];
}

export class SignallingWriter implements SignallingTap {
  private readonly queue: RingQueue<SignallingRecord>;
  private readonly batchSize: number;
  private readonly maxPerTransaction: number;
  private readonly insertMessage;
  private readonly insertPending;
  private readonly insertText;
  readonly codes: SignallingCodes;
  readonly storedMessages: StoredMessages;
  private readonly readTotals;
  private readonly addTotals;
  private readonly cmdMemo = new CmdTypeMemo();
  private flushScheduled = false;
  private failing = false;
  private stopped = false;
  /** Records seen by the tap (for the rate meter and tests). */
  received = 0;
  stored = 0;
  keepAlivesSkipped = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly options: WriterOptions = {},
    private readonly onReceived: () => void = () => {},
  ) {
    this.queue = new RingQueue(options.maxQueue ?? 50_000);
    this.batchSize = options.batchSize ?? 500;
    this.maxPerTransaction = options.maxPerTransaction ?? 2000;
    this.codes = options.codes ?? new SignallingCodes(db);
    this.storedMessages = options.stored ?? new StoredMessages(db);
    this.insertMessage = db.prepare<[number, number, number, number | null, number, number]>(
      `INSERT INTO ${MESSAGE_TABLE} (id, time, kind, device, call, size) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insertPending = db.prepare<[number, string, Buffer, number, number | null, number | null]>(
      `INSERT INTO ${PENDING_TABLE} (id, meta, raw, time, kind, device) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.insertText = db.prepare(`INSERT INTO ${TEXT_TABLE} (rowid, text) VALUES (?, ?)`);
    this.readTotals = db.prepare<[], { maxTime: number; breakId: number; nextId: number }>(
      `SELECT max_time AS maxTime, time_break_id AS breakId, next_id AS nextId FROM ${TOTALS_TABLE} WHERE id = 1`,
    );
    this.addTotals = db.prepare<[number, number, number, number, number, number, number]>(
      `UPDATE ${TOTALS_TABLE} SET messages = messages + ?, bytes = bytes + ?, stored_bytes = stored_bytes + ?, indexed = indexed + ?,
         max_time = ?, time_break_id = ?, next_id = ? WHERE id = 1`,
    );
  }

  /** Messages dropped because the queue was full (the database could not keep up or was failing). */
  get dropped(): number {
    return this.queue.dropped;
  }

  get queued(): number {
    return this.queue.size;
  }

  /** The SIP receive/send path calls this: O(1), no parsing, never throws. */
  onMessage(rec: SignallingRecord): void {
    if (this.stopped) return;
    try {
      // CRLF keep-alives (RFC 5626 §3.5.1) are not messages; the check stops at the first non-blank byte.
      if (isKeepAlive(rec.raw)) {
        this.keepAlivesSkipped++;
        return;
      }
      this.received++;
      this.onReceived();
      this.queue.push(rec);
      if (this.queue.size >= this.batchSize && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flushSome();
        });
      }
    } catch {
      // logging must never disturb signalling
    }
  }

  /** Stores one transaction's worth; schedules the next when a backlog remains. Used by the timer. */
  flushSome(): void {
    if (this.queue.size === 0 || this.stopped) return;
    this.writeBatch(this.queue.take(this.maxPerTransaction));
    if (this.queue.size > 0 && !this.failing && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushSome();
      });
    }
  }

  /** Stores what is queued and ignores later messages (shutdown). */
  stop(): void {
    this.flush();
    this.stopped = true;
  }

  /** Stores everything queued now (tests, shutdown). */
  flush(): void {
    while (this.queue.size > 0) {
      if (!this.writeBatch(this.queue.take(this.maxPerTransaction))) return;
    }
  }

  private writeBatch(batch: SignallingRecord[]): boolean {
    const stored: LogMessage[] = [];
    const pending: PendingRow[] = [];
    try {
      this.db.transaction(() => {
        let { maxTime, breakId, nextId } = this.readTotals.get()!;
        const sums: BatchSums = { bytes: 0, storedBytes: 0, indexed: 0, kinds: new Map(), pending };
        for (const rec of batch) {
          const m = this.insertOne(nextId++, rec, sums);
          // A time earlier than one already stored means the clock stepped back (see SignallingReader.idRangeForTime).
          if (m.time < maxTime) breakId = m.id;
          else maxTime = m.time;
          stored.push(m);
        }
        this.codes.count(sums.kinds);
        this.addTotals.run(stored.length, sums.bytes, sums.storedBytes, sums.indexed, maxTime, breakId, nextId);
        // The blocks these messages complete go in the same commit, formed from them directly: only the messages
        // no block took are inserted as pending rows, and a trickle's drain costs one commit, not one a block.
        this.storedMessages.adding(pending);
        this.compact();
        for (const r of this.storedMessages.fileRest()) this.insertPending.run(r.id, r.meta, r.raw, r.time, r.kind, r.device);
        // Immediate: with a reader connection in another thread, a deferred read-then-write could fail on a stale snapshot.
      }).immediate();
    } catch (err) {
      // The dictionaries may hold codes the rolled-back transaction created.
      try {
        this.codes.load(this.db);
        this.storedMessages.recount();
      } catch {
        // the next attempt reports the problem
      }
      // Disk full, database locked...: keep the messages for the next attempt (the queue bound still holds).
      stored.length = 0;
      this.queue.restore(batch);
      if (!this.failing) this.options.onError?.(`signalling log: cannot store messages (${(err as Error).message}); will retry`);
      this.failing = true;
      return false;
    }
    if (this.failing) this.options.onError?.('signalling log: storing messages again');
    this.failing = false;
    this.stored += stored.length;
    if (stored.length > 0) {
      try {
        this.options.onStored?.(stored);
      } catch (err) {
        this.options.onError?.(`signalling log: live tail listener failed (${(err as Error).message})`);
      }
    }
    return true;
  }

  /**
   * Deflates every full block waiting (a full one forms every BLOCK_MESSAGES messages). Inside the write transaction
   * each block is a savepoint (compactOne's nested transaction): a block that fails leaves its messages pending.
   */
  private compact(): void {
    try {
      while (this.storedMessages.compactOne(this.options.compressLevel)) {
        // next block
      }
    } catch (err) {
      this.options.onError?.(`signalling log: cannot compress stored messages (${(err as Error).message}); they stay uncompressed`);
    }
  }

  private insertOne(id: number, rec: SignallingRecord, sums: BatchSums): LogMessage {
    let s: MessageSummary;
    let scan: SipScan | null = null;
    try {
      scan = scanSip(rec.raw);
      s = summarize(rec, scan);
    } catch {
      // A scanner bug costs the fields of one message, never the message itself.
      scan = null;
      s = summarize(rec, emptyScan(rec.raw));
    }
    const scanned = scan !== null;
    const inherited = this.cmdMemo.inherit(s);
    const otherUser = scanned ? templatedKeepalive(rec.raw, s) : null;
    const templatedCode =
      otherUser === null
        ? null
        : this.codes.kindCodeIfRoom({ direction: s.direction, method: s.method, statusClass: s.statusClass, cmdType: s.cmdType, otherUser, templated: true });
    const kindCode =
      templatedCode ?? this.codes.kindCode({ direction: s.direction, method: s.method, statusClass: s.statusClass, cmdType: s.cmdType, otherUser: null, templated: false });
    const templated = templatedCode !== null;
    if (templated) this.codes.addShape(kindCode, rec.raw);
    const device = s.deviceId ? this.codes.deviceCode(s.deviceId) : null;
    // A templated keepalive has no row: its block's metadata describes it (templated-meta.ts). 0: no Call-ID.
    if (!templated) this.insertMessage.run(id, s.time, kindCode, device, s.callId ? callHash(s.callId) : 0, s.size);
    const meta = encodeMeta({
      time: s.time,
      direction: s.direction,
      transport: s.transport,
      localAddr: s.localAddr,
      peerAddr: s.peerAddr,
      cmdType: inherited ? (s.cmdType ?? '') : '',
      sn: inherited ? (s.sn ?? '') : '',
    });
    const row: PendingRow = { id, meta, raw: rec.raw, time: s.time, kind: templated ? kindCode : null, device: templated ? device : null };
    if (templated) row.call = s.callId ? callHash(s.callId) : null;
    sums.pending.push(row);
    if (!templated) {
      this.insertText.run(id, indexedText(rec.raw, scan));
      sums.indexed++;
    }
    sums.bytes += s.size;
    sums.storedBytes += rec.raw.length + Buffer.byteLength(meta);
    sums.kinds.set(kindCode, (sums.kinds.get(kindCode) ?? 0) + 1);
    return messageOf(id, s);
  }

}

/**
 * The text the trigram index holds; templated keepalives have none, so it is made only for indexed messages.
 * An ASCII message's text is its own bytes up to the body's end, less the NUL padding decodeBody trims: they go to
 * the index as they are (SQLite reads a blob's bytes as the text), without a string made and encoded back to UTF-8.
 */
function indexedText(raw: Buffer, scan: SipScan | null): string | Buffer {
  try {
    if (scan) {
      if (isAscii(raw)) {
        if (scan.bodyStart >= scan.bodyEnd) return raw.subarray(0, scan.bodyStart);
        let end = scan.bodyEnd;
        while (end > scan.bodyStart && raw[end - 1] === 0) end--;
        return raw.subarray(0, end);
      }
      return messageText(raw, scan);
    }
  } catch {
    // A decoding bug costs the decoded body in the index, never the message.
  }
  return raw.toString('latin1');
}
