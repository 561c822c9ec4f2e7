// MANSRTSP playback control carried in INFO bodies (GB/T 28181-2016 Annex B): PAUSE / PLAY / TEARDOWN with
// their own CSeq, Range: npt=<start>- and Scale.

export interface MansrtspCommand {
  method: 'PLAY' | 'PAUSE' | 'TEARDOWN';
  cseq?: number;
  /** npt start in seconds; undefined for "now" or no Range. */
  rangeStartSec?: number;
  scale?: number;
}

export type MansrtspResult = { ok: true; command: MansrtspCommand } | { ok: false; reason: string };

export function parseMansrtsp(body: string): MansrtspResult {
  const lines = body.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const start = /^(PLAY|PAUSE|TEARDOWN)\s+(?:\S+\s+)?RTSP\/1\.0$/i.exec(lines[0] ?? '');
  if (!start) return { ok: false, reason: `not a MANSRTSP request line: "${(lines[0] ?? '').slice(0, 40)}"` };
  const cmd: MansrtspCommand = { method: start[1].toUpperCase() as MansrtspCommand['method'] };
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    const value = line.slice(i + 1).trim();
    if (name === 'cseq' && /^\d+$/.test(value)) cmd.cseq = Number(value);
    if (name === 'scale') {
      const s = Number(value);
      if (!Number.isFinite(s) || s === 0) return { ok: false, reason: `Scale "${value}" is not a non-zero number` };
      cmd.scale = s;
    }
    if (name === 'range') {
      const m = /^npt\s*=\s*([^-]*)-/i.exec(value);
      if (!m) return { ok: false, reason: `Range "${value}" is not npt=<start>-` };
      const from = m[1].trim();
      if (from !== '' && from.toLowerCase() !== 'now') {
        const sec = Number(from);
        if (!Number.isFinite(sec) || sec < 0) return { ok: false, reason: `Range start "${from}" is not a number of seconds` };
        cmd.rangeStartSec = sec;
      }
    }
  }
  return { ok: true, command: cmd };
}
