import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

/** What a simulated device writes its MANSCDP bodies in. */
export type SimCharset = 'gb2312' | 'gb18030' | 'utf-8';

export function charsetLabel(c: SimCharset): string {
  return c === 'utf-8' ? 'UTF-8' : c.toUpperCase();
}

/** Text to bytes; GB2312 is written with the GB18030 encoder (a superset that agrees on GB2312's range). */
export function encodeText(text: string, c: SimCharset): Buffer {
  return c === 'utf-8' ? Buffer.from(text, 'utf8') : encodeGb18030(text);
}

const NON_ASCII = /[^\x00-\x7f]+/g;
/** GB18030 bytes of the non-ASCII runs seen (channel and device names: a small set), bounded. */
const runBytes = new Map<string, Buffer>();

function encodedRun(run: string): Buffer {
  let bytes = runBytes.get(run);
  if (bytes === undefined) {
    bytes = iconv.encode(run, 'gb18030');
    if (run.length <= 64) {
      if (runBytes.size >= 1024) runBytes.clear();
      runBytes.set(run, bytes);
    }
  }
  return bytes;
}

/**
 * GB18030 keeps ASCII as it is and encodes each other character on its own (a surrogate pair as one), so a body
 * is its ASCII stretches as they are and its non-ASCII runs encoded apart, each run once per process.
 */
function encodeGb18030(text: string): Buffer {
  const runs: Buffer[] = [];
  const bounds: number[] = [];
  let length = text.length;
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); m !== null; m = NON_ASCII.exec(text)) {
    const bytes = encodedRun(m[0]);
    runs.push(bytes);
    bounds.push(m.index, m.index + m[0].length);
    length += bytes.length - m[0].length;
  }
  if (runs.length === 0) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(length);
  let from = 0;
  let at = 0;
  for (let i = 0; i < runs.length; i++) {
    at += out.write(text.slice(from, bounds[2 * i]), at, 'latin1');
    at += runs[i].copy(out, at);
    from = bounds[2 * i + 1];
  }
  out.write(text.slice(from), at, 'latin1');
  return out;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes of a received body to text: trailing NULs dropped; a declaration naming GB2312/GBK/GB18030 decodes as
 * GB18030 unless the bytes are valid UTF-8 with non-ASCII (devices mislabel); otherwise UTF-8, falling back to
 * GB18030 when the bytes are not UTF-8.
 */
export function decodeBody(raw: Buffer): string {
  let end = raw.length;
  while (end > 0 && raw[end - 1] === 0) end--;
  const bytes = raw.subarray(0, end);
  // ASCII reads the same in UTF-8 and GB18030.
  if (isAscii(bytes)) return bytes.toString('latin1');
  const head = bytes.subarray(0, 100).toString('latin1');
  const declared = /encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  let utf8: string | undefined;
  try {
    utf8 = utf8Strict.decode(bytes);
  } catch {
    utf8 = undefined;
  }
  if (declared && /^(gb2312|gbk|gb18030|gb_2312.*)$/.test(declared)) {
    const ascii = !bytes.some((b) => b >= 0x80);
    if (!ascii && utf8 !== undefined) return utf8;
    return iconv.decode(bytes, 'gb18030');
  }
  return utf8 ?? iconv.decode(bytes, 'gb18030');
}
