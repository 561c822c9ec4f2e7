// log.export: the messages matching a filter, oldest first, as a text log or a pcap file in the export folder.
// Pages of rows are written one await at a time so a large export never holds the event loop for long.
import fs from 'node:fs';
import path from 'node:path';
import type { LogExportResult, LogFilter } from '../../../shared/types/signalling';
import { messageText } from './detail';
import { PcapBuilder, pcapFileHeader, type PcapMessage } from './pcap';
import type { SignallingReader } from './reader';
import type { SipScan } from './scan';

export type ExportFormat = 'text' | 'pcap';

const PAGE = 1000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time with its UTC offset: 2024-08-20 10:00:00.123 +08:00. */
export function localTimestamp(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} ` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

function fileStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Opens a new file signalling-YYYYMMDD-HHMMSS[-n].ext without ever overwriting an earlier export. */
async function createExportFile(dir: string, now: number, ext: string): Promise<{ file: string; handle: fs.promises.FileHandle }> {
  // Exports hold device IDs, addresses and call details: this user's only (folder 0700, files 0600).
  await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.promises.chmod(dir, 0o700);
  const base = `signalling-${fileStamp(now)}`;
  for (let n = 0; ; n++) {
    const file = path.join(dir, n === 0 ? `${base}.${ext}` : `${base}-${n}.${ext}`);
    try {
      return { file, handle: await fs.promises.open(file, 'wx', 0o600) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw err;
    }
  }
}

export function describeFilter(f: LogFilter): string {
  const parts: string[] = [];
  if (f.deviceId) parts.push(`device ${f.deviceId}`);
  if (f.method) parts.push(`method ${f.method}`);
  if (f.statusClass) parts.push(f.statusClass === 'request' ? 'requests only' : `responses ${f.statusClass}`);
  if (f.direction) parts.push(f.direction === 'in' ? 'received only' : 'sent only');
  if (f.hideKeepalives) parts.push('without keepalives');
  if (f.text) parts.push(`containing "${f.text}"`);
  if (f.from !== undefined) parts.push(`from ${localTimestamp(f.from)}`);
  if (f.to !== undefined) parts.push(`to ${localTimestamp(f.to)}`);
  return parts.length ? parts.join(', ') : 'all messages';
}

/** One stored message as an export writes it: its id, socket facts and exact bytes. */
export interface ExportedMessage {
  id: number;
  meta: Omit<PcapMessage, 'raw'>;
  raw: Buffer;
  scan?: SipScan;
}

/** Where an export reads from: every engine pages its messages matching a filter in id order. */
export interface ExportSource {
  /** Id of the newest stored message (0 when empty). */
  lastId(): Promise<number>;
  /** Messages matching `filter` with after < id < before, ascending, at most `limit`. */
  page(filter: LogFilter, after: number, before: number, limit: number): Promise<ExportedMessage[]>;
}

/** The SQLite engine's reader as an export source. */
export function readerSource(reader: SignallingReader): ExportSource {
  return {
    lastId: async () => reader.lastId(),
    page: async (filter, after, before, limit) =>
      reader.rows(filter, { order: 'asc', after, before, limit }, Number.POSITIVE_INFINITY).messages.map((r) => ({ id: r.row.id, meta: r.meta, raw: r.raw, scan: r.scan })),
  };
}

function textBlock(d: ExportedMessage): string {
  const r = d.meta;
  const arrow = r.direction === 'in' ? `${r.peerAddr} -> ${r.localAddr}` : `${r.localAddr} -> ${r.peerAddr}`;
  const head = `#${d.id}  ${localTimestamp(r.time)}  ${r.direction === 'in' ? 'received' : 'sent'}  ${r.transport}  ${arrow}  ${d.raw.length} bytes`;
  const body = messageText(d.raw, d.scan).replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '');
  return `${head}\r\n${body}\r\n\r\n`;
}

export function exportLog(reader: SignallingReader, filter: LogFilter, format: ExportFormat, dir: string, now: number): Promise<LogExportResult> {
  return exportMessages(readerSource(reader), filter, format, dir, now);
}

export async function exportMessages(
  source: ExportSource,
  filter: LogFilter,
  format: ExportFormat,
  dir: string,
  now: number,
): Promise<LogExportResult> {
  const { file, handle } = await createExportFile(dir, now, format === 'pcap' ? 'pcap' : 'txt');
  let count = 0;
  try {
    // A snapshot: messages stored after the request are not part of the export.
    const lastId = await source.lastId();
    const pcap = new PcapBuilder();
    if (format === 'pcap') await handle.write(pcapFileHeader());
    else await handle.write(`GB28181 Console signalling log, exported ${localTimestamp(now)}: ${describeFilter(filter)}\r\n\r\n`);
    let after = 0;
    for (;;) {
      const rows = await source.page(filter, after, lastId + 1, PAGE);
      if (rows.length === 0) break;
      const chunks: (Buffer | string)[] = [];
      for (const r of rows) {
        if (format === 'pcap') chunks.push(...pcap.records({ ...r.meta, raw: r.raw }));
        else chunks.push(textBlock(r));
      }
      await handle.write(format === 'pcap' ? Buffer.concat(chunks as Buffer[]) : Buffer.from((chunks as string[]).join(''), 'utf8'));
      count += rows.length;
      after = rows[rows.length - 1].id;
      if (rows.length < PAGE) break;
    }
    if (format === 'text') await handle.write(`(${count} message${count === 1 ? '' : 's'})\r\n`);
  } catch (err) {
    await handle.close();
    await fs.promises.rm(file, { force: true });
    throw err;
  }
  await handle.close();
  return { path: file, count };
}
