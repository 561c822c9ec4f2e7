import iconv from 'iconv-lite';

/** What a simulated device writes its MANSCDP bodies in. */
export type SimCharset = 'gb2312' | 'gb18030' | 'utf-8';

export function charsetLabel(c: SimCharset): string {
  return c === 'utf-8' ? 'UTF-8' : c.toUpperCase();
}

/** Text to bytes; GB2312 is written with the GB18030 encoder (a superset that agrees on GB2312's range). */
export function encodeText(text: string, c: SimCharset): Buffer {
  return c === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030');
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
