// Cuts a TCP byte stream into SIP messages by Content-Length (RFC 3261 §18.3). Keeps at most one header
// section (64 KiB) plus one body (the configured limit) plus one slice of input buffered. A body over the limit
// is reported with its header section and skipped, so the stream stays framed; a stream that cannot be framed
// fails and the caller closes the connection.
import { MAX_HEADER_BYTES, MAX_STREAM_BODY_BYTES } from '../message/limits';

export type FramerEvent =
  /** One complete message (its own copy of the bytes), ready for parseMessage. */
  | { type: 'message'; data: Buffer }
  /**
   * CR/LF between messages. ping: a double CRLF, which RFC 5626 §4.4.1 answers with a single CRLF;
   * false: a lone CRLF (a pong, or padding), needing no answer.
   */
  | { type: 'keepalive'; ping: boolean }
  /**
   * A message whose Content-Length is over the limit: its header section (for a 413 answer); the body is being
   * skipped without being held, and framing goes on after it.
   */
  | { type: 'oversize'; head: Buffer; contentLength: number; limit: number }
  /** The stream cannot be framed any further: close the connection. Every later push returns []. */
  | { type: 'error'; status: 400 | 413 | 513; reason: string };

const CR = 13;
const LF = 10;
const SLICE = 16 * 1024;

type Phase = 'between' | 'head' | 'body' | 'skip';

export interface FramerOptions {
  /** Largest Content-Length framed as a message; larger bodies are skipped. Default 1 MiB. */
  maxBodyBytes?: number;
}

export class SipStreamFramer {
  private buf = Buffer.allocUnsafe(SLICE);
  private start = 0;
  private end = 0;
  private phase: Phase = 'between';
  private lfRun = 0;
  private scan = 0; // head phase: offset from `start` where the search for the blank line resumes
  private need = 0; // body phase: total length of the current message; skip phase: body bytes still to skip
  private dead = false;
  readonly maxBodyBytes: number;

  constructor(opts: FramerOptions = {}) {
    this.maxBodyBytes = opts.maxBodyBytes ?? MAX_STREAM_BODY_BYTES;
  }

  /** Bytes held waiting for the rest of a message. */
  get buffered(): number {
    return this.end - this.start;
  }

  get failed(): boolean {
    return this.dead;
  }

  /** Feed received bytes; returns what they completed, in stream order. */
  push(chunk: Buffer): FramerEvent[] {
    const events: FramerEvent[] = [];
    for (let off = 0; off < chunk.length && !this.dead; off += SLICE) {
      this.append(chunk.subarray(off, Math.min(chunk.length, off + SLICE)));
      this.drain(events);
    }
    return events;
  }

  private append(bytes: Buffer): void {
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end + bytes.length > this.buf.length) {
      const held = this.end - this.start;
      if (held + bytes.length > this.buf.length) {
        const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, held + bytes.length));
        this.buf.copy(grown, 0, this.start, this.end);
        this.buf = grown;
      } else {
        this.buf.copy(this.buf, 0, this.start, this.end);
      }
      this.start = 0;
      this.end = held;
    }
    bytes.copy(this.buf, this.end);
    this.end += bytes.length;
  }

  private fail(events: FramerEvent[], status: 400 | 413 | 513, reason: string): void {
    this.dead = true;
    this.start = this.end = 0;
    this.buf = Buffer.alloc(0);
    events.push({ type: 'error', status, reason });
  }

  private drain(events: FramerEvent[]): void {
    for (;;) {
      if (this.phase === 'skip') {
        const n = Math.min(this.need, this.end - this.start);
        this.start += n;
        this.need -= n;
        if (this.need > 0) return;
        this.phase = 'between';
      }
      if (this.phase === 'between') {
        while (this.start < this.end) {
          const c = this.buf[this.start];
          if (c === LF) {
            if (++this.lfRun === 2) {
              events.push({ type: 'keepalive', ping: true });
              this.lfRun = 0;
            }
          } else if (c !== CR && c !== 0) break; // NULs: padding some devices leave after a body (docs/protocol.md §13)
          this.start++;
        }
        if (this.start === this.end) return;
        if (!isTokenByte(this.buf[this.start])) {
          // A SIP message starts with a method or "SIP/"; anything else (TLS, binary) will never frame.
          const hex = this.buf[this.start].toString(16).padStart(2, '0');
          this.fail(events, 400, 'stream does not carry SIP (a message starts with byte 0x' + hex + ')');
          return;
        }
        if (this.lfRun === 1) events.push({ type: 'keepalive', ping: false });
        this.lfRun = 0;
        this.phase = 'head';
        this.scan = 0;
      }
      if (this.phase === 'head') {
        const headLen = this.findHeaderEnd();
        if (headLen < 0) {
          if (this.end - this.start > MAX_HEADER_BYTES) {
            this.fail(events, 513, 'header section longer than ' + MAX_HEADER_BYTES + ' bytes');
          }
          return;
        }
        if (headLen > MAX_HEADER_BYTES) {
          this.fail(events, 513, 'header section longer than ' + MAX_HEADER_BYTES + ' bytes');
          return;
        }
        const cl = contentLengthOf(this.buf.toString('latin1', this.start, this.start + headLen));
        if (typeof cl === 'string') {
          this.fail(events, 400, cl);
          return;
        }
        if (cl > this.maxBodyBytes) {
          events.push({ type: 'oversize', head: Buffer.from(this.buf.subarray(this.start, this.start + headLen)), contentLength: cl, limit: this.maxBodyBytes });
          this.start += headLen;
          this.need = cl;
          this.phase = 'skip';
          continue;
        }
        this.need = headLen + cl;
        this.phase = 'body';
      }
      if (this.end - this.start < this.need) return;
      events.push({ type: 'message', data: Buffer.from(this.buf.subarray(this.start, this.start + this.need)) });
      this.start += this.need;
      this.phase = 'between';
      if (this.start === this.end) {
        this.start = this.end = 0;
        if (this.buf.length > 4 * SLICE) this.buf = Buffer.allocUnsafe(SLICE);
        return;
      }
    }
  }

  /** Length of the header section including its blank line, or -1 when not yet complete. */
  private findHeaderEnd(): number {
    let i = this.start + this.scan;
    for (;;) {
      const nl = this.buf.indexOf(LF, i);
      if (nl < 0 || nl >= this.end) {
        this.scan = this.end - this.start;
        return -1;
      }
      if (nl + 1 >= this.end) break;
      const next = this.buf[nl + 1];
      if (next === LF) return nl + 2 - this.start;
      if (next === CR) {
        if (nl + 2 >= this.end) break;
        if (this.buf[nl + 2] === LF) return nl + 3 - this.start;
      }
      i = nl + 1;
    }
    // A line end at the very end of the data: look at it again when more arrives.
    this.scan = this.end - this.start - 1;
    while (this.scan > 0 && this.buf[this.start + this.scan] !== LF) this.scan--;
    return -1;
  }
}

function isTokenByte(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x2e || c === 0x21 || c === 0x25 || c === 0x2a || c === 0x5f || c === 0x2b ||
    c === 0x60 || c === 0x27 || c === 0x7e
  );
}

/** Content-Length (or `l`) of a header section: a number, 0 when absent, or the reason it is unusable. */
function contentLengthOf(raw: string): number | string {
  const head = raw.includes('\n ') || raw.includes('\n\t') ? raw.replace(/\r?\n[ \t]+/g, ' ') : raw;
  const re = /^(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)/gim;
  let found: number | undefined;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const v = m[1].trim();
    if (!/^\d{1,10}$/.test(v)) return 'Content-Length "' + v.slice(0, 20) + '" is not a non-negative integer';
    const n = Number(v);
    if (found !== undefined && found !== n) return 'conflicting Content-Length headers (' + found + ', ' + n + ')';
    found = n;
  }
  return found ?? 0;
}
