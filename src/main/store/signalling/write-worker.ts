// Entry of the signalling log's writer thread (started by writer-thread.ts): its own connection to the database
// (WAL, so the main thread's connection reads while this one writes) does the scanning, summarising, compression,
// inserts and retention. Batches are stored on the next turn of this thread's event loop, so batches that arrived
// together share transactions; each is acknowledged once stored (or shed by the writer's own bound).
import { parentPort, workerData } from 'node:worker_threads';
import type { LogMessage } from '../../../shared/types/signalling';
import { collectMeasured } from '../../process/heap';
import { yieldToSipThread } from '../../process/thread-priority';
import { connect } from '../sqlite/database';
import { SignallingCodes } from './codes';
import { CommitPacer } from './commit-pacer';
import { unpackRecords } from './record-batch';
import { Retention, type PruneResult } from './retention';
import { SpoolReader } from './spool-file';
import { StoredMessages } from './stored-messages';
import { SignallingWriter } from './writer';
import type { FromWriter, ToWriter, WriterThreadData } from './writer-protocol';

const data = workerData as WriterThreadData;

yieldToSipThread();
const port = parentPort!;
const post = (m: FromWriter): void => port.postMessage(m);

const db = connect(data.file);

const codes = new SignallingCodes(db);
const stored = new StoredMessages(db);
let tail: LogMessage[] = [];
let tailOn = data.tail;
const writer = new SignallingWriter(db, {
  ...data.writer,
  codes,
  stored,
  // This thread decides when to write (below), never the writer's own size trigger.
  batchSize: Number.MAX_SAFE_INTEGER,
  onStored: (m) => {
    if (tailOn) tail.push(...m);
  },
  onError: (text) => post({ t: 'error', text }),
});
const retention = new Retention(db, codes, stored);

let taken = 0;
let takenBytes = 0;
let takenSpooled = 0;
/** Batches waiting in the spool file, oldest first; read back while the writer's own queue is short. */
const spooled: Array<Extract<ToWriter, { t: 'spooled' }>> = [];
const spool = data.spoolFile ? new SpoolReader(data.spoolFile) : null;
/** Messages of spooled batches that could not be read back. */
let spoolLost = 0;
const SPOOL_FEED_BELOW = 2000;
let scheduled = false;
let retry: NodeJS.Timeout | null = null;

const pacer = new CommitPacer();
/**
 * Stored messages go back to the SIP thread at most this many a message. A storm's commit in one piece took an
 * 8-16 MB structured-clone buffer, and once glibc had freed one that large it kept that much of every thread's
 * freed memory for the rest of the process (its trim threshold follows the largest mapping freed).
 */
const TAIL_PIECE = 500;
let commitTimer: NodeJS.Timeout | null = null;

/** Reads spooled batches back into the writer's queue while it is short. */
function feedFromSpool(): void {
  while (spooled.length > 0 && writer.queued < SPOOL_FEED_BELOW) {
    const b = spooled.shift()!;
    try {
      for (const rec of unpackRecords(spool!.read(b.at, b.end), b.end)) writer.onMessage(rec);
    } catch (err) {
      spoolLost += b.count;
      post({ t: 'error', text: `signalling log: ${b.count} messages could not be read back from the spool file (${(err as Error).message}); they are counted as shed` });
    }
    taken += b.count;
    takenSpooled += b.count;
  }
}

/** Stores what waits (with spooled batches read back first while the writer's queue is short) and acknowledges it. */
function drain(): void {
  scheduled = false;
  if (commitTimer) clearTimeout(commitTimer);
  commitTimer = null;
  feedFromSpool();
  pacer.committed();
  writer.flush();
  const messages = tail.length > 0 ? tail : null;
  tail = [];
  const totals = { stored: writer.stored, dropped: writer.dropped + spoolLost, queued: writer.queued };
  post({ t: 'stored', count: taken, bytes: takenBytes, spooled: takenSpooled, ...totals, messages: messages && messages.slice(0, TAIL_PIECE) });
  for (let i = TAIL_PIECE; messages && i < messages.length; i += TAIL_PIECE) {
    post({ t: 'stored', count: 0, bytes: 0, spooled: 0, ...totals, messages: messages.slice(i, i + TAIL_PIECE) });
  }
  taken = takenBytes = takenSpooled = 0;
  // A storm's backlog in the spool: the next part on the next turn, so requests go in between.
  if (spooled.length > 0) drainSoon();
  // The database refused (disk full, locked): the writer kept the messages within its bound; try again later.
  if (writer.queued > 0 && !retry) {
    retry = setTimeout(() => {
      retry = null;
      drain();
    }, data.retryMs);
  }
}

/** Background retention: one small batch per turn of the event loop, so stores go on in between. */
function pruneSteps(m: Extract<ToWriter, { t: 'prune' }>): void {
  const total: PruneResult = { byAge: 0, bySize: 0, more: false };
  let batches = 0;
  const step = (): void => {
    try {
      const r = retention.prune(m.now, m.limits, 1);
      total.byAge += r.byAge;
      total.bySize += r.bySize;
      batches++;
      if (r.more && (m.maxBatches === null || batches < m.maxBatches)) return void setImmediate(step);
      total.more = r.more;
      post({ t: 'done', seq: m.seq, result: total });
    } catch (err) {
      post({ t: 'done', seq: m.seq, error: (err as Error).message });
    }
  };
  step();
}

/** A drain on the next turn of this thread's event loop (batches that arrived together share it). */
function drainSoon(): void {
  if (commitTimer) clearTimeout(commitTimer);
  commitTimer = null;
  if (scheduled) return;
  scheduled = true;
  setImmediate(drain);
}

/** Everything handed over so far stored, the spool's backlog included. */
function drainAll(): void {
  // Stops early when the database refuses (the writer's queue stays full): the retry timer goes on from there.
  do drain();
  while (spooled.length > 0 && writer.queued < SPOOL_FEED_BELOW);
}

port.on('message', (m: ToWriter) => {
  switch (m.t) {
    case 'spooled':
      spooled.push(m);
      return drainSoon();
    case 'batch':
      for (const rec of unpackRecords(Buffer.from(m.buf), m.end)) writer.onMessage(rec);
      taken += m.count;
      takenBytes += m.end;
      const when = pacer.arrived(m.count, performance.now(), m.heldMs);
      if (when === 'now') drainSoon();
      else if (!scheduled && !commitTimer) {
        commitTimer = setTimeout(() => {
          commitTimer = null;
          if (!scheduled) drain();
        }, when);
      }
      return;
    case 'flush':
      drainAll();
      return post({ t: 'done', seq: m.seq });
    case 'prune':
      return pruneSteps(m);
    case 'collect':
      return post({ t: 'done', seq: m.seq, heap: collectMeasured() });
    case 'tail':
      tailOn = m.on;
      if (!tailOn) tail = [];
      return;
    case 'close':
      drainAll();
      spool?.close();
      if (retry) clearTimeout(retry);
      if (commitTimer) clearTimeout(commitTimer);
      writer.stop();
      db.close();
      post({ t: 'done', seq: m.seq });
      return port.close();
  }
});

post({ t: 'ready' });
