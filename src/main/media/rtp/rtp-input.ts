import { EventEmitter } from 'node:events';
import { JitterEstimator } from './jitter';
import { type ReorderBufferOptions, RtpReorderBuffer } from './reorder-buffer';
import { type RtpPacket, parseRtp } from './rtp-header';

export interface RtpInputOptions extends ReorderBufferOptions {
  /** The SSRC we asked for (the y= line); packets with another one are accepted and reported once. */
  expectedSsrc?: number;
  /** RTP clock for jitter; default 90000. */
  clockRate?: number;
  /** Clock in ms (tests may pass a fake one); default performance.now. */
  now?: () => number;
}

export interface RtpStats {
  /** Valid RTP packets received (before reordering). */
  packets: number;
  /** RTP bytes received (headers included). */
  bytes: number;
  lost: number;
  late: number;
  duplicates: number;
  reordered: number;
  /** Datagrams or frames that were not RTP. */
  invalid: number;
  /** Packets dropped because they carried another SSRC than the stream we locked on. */
  foreignSsrc: number;
  /** Interarrival jitter in ms (RFC 3550 A.8). */
  jitterMs: number;
  ssrc?: number;
  /** "ip:port" of the sender of the first packet. */
  peer?: string;
  firstPacketAt?: number;
  lastPacketAt?: number;
}

export interface SsrcMismatch {
  expected: number;
  actual: number;
}

export interface RtpInputEvents {
  /** Packets in sequence order. */
  packet: [RtpPacket];
  /** A gap (count lost packets, 0 for a sender restart) just before the next 'packet'. */
  loss: [number];
  'ssrc-mismatch': [SsrcMismatch];
  /** The sender's address: the first one, then again whenever packets come from a new address. */
  peer: [{ address: string; previous?: string }];
  error: [Error];
  /** TCP only: a device connected (passive) or we connected (active). */
  connection: [{ remote: string }];
  /** TCP only: a media connection ended. */
  disconnect: [{ remote: string; reason: string }];
}

/** An SSRC we are locked on yields to another only after this much silence (or to the expected SSRC at once). */
const SSRC_SWITCH_AFTER_MS = 500;
/** A sender hopping between source ports would otherwise raise 'peer' on every packet. */
const MAX_PEER_EVENTS = 16;

/**
 * What every RTP receiver does with a packet once it has one (UDP datagram or TCP frame): parse, lock on an SSRC,
 * measure jitter, count, reorder and emit. Transport classes feed it through `receive`.
 */
export class RtpInput extends EventEmitter<RtpInputEvents> {
  readonly expectedSsrc: number | undefined;
  protected readonly now: () => number;
  private readonly reorder: RtpReorderBuffer;
  private readonly jitter: JitterEstimator;
  private ssrc = -1;
  private mismatchReported = false;
  private peerAddress = '';
  private peerPort = -1;
  private firstPeer: string | undefined;
  private peerChanges = 0;
  private packets = 0;
  private bytes = 0;
  private invalid = 0;
  private foreignSsrc = 0;
  private firstPacketAt: number | undefined;
  private lastPacketAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDeadline = -1;

  constructor(options: RtpInputOptions = {}) {
    super();
    this.expectedSsrc = options.expectedSsrc === undefined ? undefined : options.expectedSsrc >>> 0;
    this.now = options.now ?? (() => performance.now());
    this.jitter = new JitterEstimator(options.clockRate ?? 90000);
    this.reorder = new RtpReorderBuffer(
      (p) => this.emit('packet', p),
      (n) => this.emit('loss', n),
      options,
    );
  }

  stats(): RtpStats {
    const r = this.reorder.stats;
    return {
      packets: this.packets,
      bytes: this.bytes,
      lost: r.lost,
      late: r.late,
      duplicates: r.duplicates,
      reordered: r.reordered,
      invalid: this.invalid,
      foreignSsrc: this.foreignSsrc,
      jitterMs: this.jitter.ms,
      ssrc: this.ssrc < 0 ? undefined : this.ssrc,
      peer: this.firstPeer,
      firstPacketAt: this.firstPacketAt,
      lastPacketAt: this.firstPacketAt === undefined ? undefined : this.lastPacketAt,
    };
  }

  /** Feed one RTP packet as received. Never throws (listener errors become 'error' events). */
  receive(buf: Buffer, address: string, port: number): void {
    try {
      this.handle(buf, address, port);
    } catch (err) {
      this.reportError(err);
    }
  }

  private handle(buf: Buffer, address: string, port: number): void {
    const p = parseRtp(buf);
    if (!p) {
      this.invalid++;
      return;
    }
    const now = this.now();
    if (p.ssrc !== this.ssrc && !this.acceptSsrc(p.ssrc, now)) {
      this.foreignSsrc++;
      return;
    }
    if (port !== this.peerPort || address !== this.peerAddress) this.notePeer(address, port);
    this.packets++;
    this.bytes += buf.length;
    if (this.firstPacketAt === undefined) this.firstPacketAt = now;
    this.lastPacketAt = now;
    this.jitter.update(p.timestamp, now);
    try {
      this.reorder.push(p, now);
    } finally {
      this.armTimer();
    }
  }

  /** Emits 'error' when someone listens; a receive path must never throw. */
  protected reportError(err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    if (this.listenerCount('error') > 0) this.emit('error', e);
    else process.emitWarning(e.message, 'RtpInputWarning');
  }

  /** Count something that reached the transport but was not RTP. */
  protected countInvalid(n = 1): void {
    this.invalid += n;
  }

  /** Deliver what is held (end of stream) and stop timers. */
  protected finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.reorder.flush();
    } catch (err) {
      this.reportError(err);
    }
  }

  private acceptSsrc(ssrc: number, now: number): boolean {
    if (this.ssrc >= 0) {
      const silent = now - this.lastPacketAt >= SSRC_SWITCH_AFTER_MS;
      if (!silent && ssrc !== this.expectedSsrc) return false;
      this.reorder.flush();
      this.reorder.reset();
      this.jitter.reset();
      this.emit('loss', 0);
    }
    this.ssrc = ssrc;
    if (this.expectedSsrc !== undefined && ssrc !== this.expectedSsrc && !this.mismatchReported) {
      this.mismatchReported = true;
      this.emit('ssrc-mismatch', { expected: this.expectedSsrc, actual: ssrc });
    }
    return true;
  }

  private notePeer(address: string, port: number): void {
    const previous = this.peerPort < 0 ? undefined : `${this.peerAddress}:${this.peerPort}`;
    this.peerAddress = address;
    this.peerPort = port;
    const current = `${address}:${port}`;
    if (!this.firstPeer) this.firstPeer = current;
    if (this.peerChanges++ < MAX_PEER_EVENTS) this.emit('peer', { address: current, previous });
  }

  private armTimer(): void {
    const deadline = this.reorder.deadline;
    if (deadline < 0 || deadline === this.timerDeadline) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDeadline = deadline;
    this.timer = setTimeout(() => this.onTimer(), Math.max(1, deadline - this.now() + 1));
    this.timer.unref?.();
  }

  private onTimer(): void {
    this.timer = undefined;
    this.timerDeadline = -1;
    try {
      this.reorder.poll(this.now());
    } catch (err) {
      this.reportError(err);
    }
    this.armTimer();
  }
}
