// MANSRTSP playback control (GB/T 28181-2016 §9.8.2, Annex B): RTSP-style requests carried in in-dialog INFO
// bodies (Content-Type Application/MANSRTSP), each with its own CSeq counting from 1 per playback dialog.
// PLAY resumes, optionally with `Range: npt=<seconds from the playback start>-` (seek) and `Scale:` (speed);
// PAUSE carries `PauseTime: now`. Devices answer 200 with a body `RTSP/1.0 200 OK` and the same CSeq.

export const MANSRTSP_CONTENT_TYPE = 'Application/MANSRTSP';

export type MansrtspRequest =
  | { method: 'PLAY'; cseq: number; /** seconds from the playback start (npt) */ rangeStartSec?: number; scale?: number }
  | { method: 'PAUSE'; cseq: number }
  | { method: 'TEARDOWN'; cseq: number };

/** "1.0", "0.25", "2.0": devices read the scale as a decimal; some reject a bare integer. */
export function formatScale(scale: number): string {
  return Number.isInteger(scale) ? scale.toFixed(1) : String(Math.round(scale * 1000) / 1000);
}

/** npt seconds, whole or to the millisecond. */
function formatNpt(sec: number): string {
  return Number.isInteger(sec) ? String(sec) : String(Math.round(sec * 1000) / 1000);
}

export function buildMansrtsp(r: MansrtspRequest): string {
  const lines = [`${r.method} RTSP/1.0`, `CSeq: ${r.cseq}`];
  if (r.method === 'PAUSE') lines.push('PauseTime: now');
  if (r.method === 'PLAY') {
    if (r.rangeStartSec !== undefined) lines.push(`Range: npt=${formatNpt(Math.max(0, r.rangeStartSec))}-`);
    if (r.scale !== undefined) lines.push(`Scale: ${formatScale(r.scale)}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** CSeq of one playback dialog's MANSRTSP requests (the SIP CSeq of the INFO is separate). */
export class MansrtspSequence {
  private n = 0;
  next(): number {
    this.n = this.n >= 0x7fffffff ? 1 : this.n + 1;
    return this.n;
  }
}

export interface MansrtspAnswer {
  status: number;
  reason: string;
  cseq?: number;
}

/** The device's answer body ("RTSP/1.0 200 OK\r\nCSeq: 3"); undefined when the body is not one (many send none). */
export function parseMansrtspAnswer(body: string): MansrtspAnswer | undefined {
  const lines = body.split(/\r?\n/).map((l) => l.trim());
  const m = /^RTSP\/1\.0\s+(\d{3})\s*(.*)$/i.exec(lines[0] ?? '');
  if (!m) return undefined;
  const a: MansrtspAnswer = { status: Number(m[1]), reason: m[2] };
  for (const line of lines.slice(1)) {
    const c = /^cseq\s*:\s*(\d+)$/i.exec(line);
    if (c) a.cseq = Number(c[1]);
  }
  return a;
}
