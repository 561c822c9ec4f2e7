// Where a storm's log messages wait when the writer thread is behind: batches the SIP thread cannot keep in
// memory are appended to a file next to the database, and the writer thread reads them back, in order, as it
// catches up (tap-queue.ts decides which batches go here). Memory stays bounded and nothing is shed unless the
// file reaches its own bound. The file is emptied whenever the writer has taken everything in it, and at start.
import fs from 'node:fs';

const DEFAULT_SPOOL_MAX_BYTES = 256 * 1024 * 1024;

/** The SIP thread's end: appends batches. */
export class SpoolWriter {
  private fd: number | null = null;
  private end = 0;

  constructor(
    readonly file: string,
    private readonly maxBytes = DEFAULT_SPOOL_MAX_BYTES,
  ) {}

  /** Appends `bytes` of `buf`; returns where they start, or null when the bound is reached (throws when the disk refuses). */
  append(buf: ArrayBuffer, bytes: number): number | null {
    if (this.end + bytes > this.maxBytes) return null;
    // Owner-only, as the database files are: the log holds what devices and the console said.
    this.fd ??= fs.openSync(this.file, 'w+', 0o600);
    const at = this.end;
    let done = 0;
    while (done < bytes) done += fs.writeSync(this.fd, new Uint8Array(buf, done, bytes - done), 0, bytes - done, at + done);
    this.end += bytes;
    return at;
  }

  /** The reader has taken everything: the file starts again empty. */
  empty(): void {
    if (this.fd === null || this.end === 0) return;
    fs.ftruncateSync(this.fd, 0);
    this.end = 0;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.end = 0;
    fs.rmSync(this.file, { force: true });
  }
}

/** The writer thread's end: reads back what was appended. */
export class SpoolReader {
  private fd: number | null = null;

  constructor(readonly file: string) {}

  read(at: number, bytes: number): Buffer {
    this.fd ??= fs.openSync(this.file, 'r');
    const buf = Buffer.allocUnsafe(bytes);
    let done = 0;
    while (done < bytes) {
      const n = fs.readSync(this.fd, buf, done, bytes - done, at + done);
      if (n === 0) throw new Error(`signalling log: the spool file ${this.file} ends before byte ${at + bytes}`);
      done += n;
    }
    return buf;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
