// Body charset: GB/T 28181-2016 says GB2312, 2022 says GB18030, many devices send UTF-8, and some declare GB2312
// while sending UTF-8. We trust the bytes over the declaration: UTF-8 when they are valid UTF-8 (with non-ASCII
// content), GB18030 (a superset of GB2312/GBK) otherwise.
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';

export type BodyCharset = 'gb18030' | 'utf-8';
/** Charsets we can send in: gb2312 declares GB2312 (bytes encoded as GBK), gb18030 declares GB18030. */
export type SendCharset = 'gb2312' | 'gb18030' | 'utf-8';

export interface DecodedText {
  text: string;
  charset: BodyCharset;
  /** The encoding named in the XML declaration, as written; undefined when absent. */
  declaredEncoding?: string;
  /** True when the bytes contradicted the declaration and we decoded by the bytes. */
  charsetMismatch: boolean;
}

/** The text when the bytes are valid UTF-8, without a byte order mark (checked without throwing: GB bodies are common). */
function validUtf8(buf: Uint8Array): string | undefined {
  if (!isUtf8(buf)) return undefined;
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return Buffer.from(buf.buffer, buf.byteOffset + bom, buf.length - bom).toString('utf8');
}

export function declaredEncodingOf(buf: Uint8Array): string | undefined {
  const head = Buffer.from(buf.buffer, buf.byteOffset, Math.min(buf.length, 256)).toString('latin1');
  const m = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/i.exec(head);
  return m ? m[1] : undefined;
}

function family(enc: string | undefined): 'gb' | 'utf-8' | 'other' | 'none' {
  if (!enc) return 'none';
  const e = enc.toLowerCase().replace(/[-_]/g, '');
  if (e === 'gb2312' || e === 'gbk' || e === 'gb18030' || e === 'cp936' || e === 'xgbk' || e === 'euccn') return 'gb';
  if (e === 'utf8') return 'utf-8';
  return 'other';
}

/**
 * ICU's GB18030 decoder (TextDecoder) is several times faster than iconv-lite's and reads every valid sequence the
 * same, except 18 two-byte codes that GB18030-2022 moved out of the private use area (A6D9-A6F3, FE59-FEA0 to
 * U+FE10-FE19, U+9FB4-9FBB). Bytes that are not GB18030, and text holding those characters, go to iconv-lite.
 */
const MOVED_IN_2022 = /[\uFE10-\uFE19\u9FB4-\u9FBB]/;
let icuGb18030: TextDecoder | null | undefined;

export function decodeGb18030(buf: Buffer): string {
  if (icuGb18030 === undefined) {
    try {
      icuGb18030 = new TextDecoder('gb18030', { fatal: true });
    } catch {
      icuGb18030 = null; // a runtime without ICU's GB18030 table
    }
  }
  if (icuGb18030) {
    try {
      const text = icuGb18030.decode(buf);
      if (!MOVED_IN_2022.test(text)) return text;
    } catch {
      // not GB18030 throughout: iconv-lite decodes it as before, with replacement characters
    }
  }
  return iconv.decode(buf, 'gb18030');
}

export function decodeBodyText(buf: Uint8Array): DecodedText {
  const declaredEncoding = declaredEncodingOf(buf);
  const fam = family(declaredEncoding);
  const base = declaredEncoding === undefined ? {} : { declaredEncoding };
  if (isAscii(buf)) {
    const text = Buffer.from(buf.buffer, buf.byteOffset, buf.length).toString('latin1');
    return { ...base, text, charset: fam === 'gb' ? 'gb18030' : 'utf-8', charsetMismatch: false };
  }
  const utf8 = validUtf8(buf);
  if (utf8 !== undefined) {
    return { ...base, text: utf8, charset: 'utf-8', charsetMismatch: fam === 'gb' };
  }
  return {
    ...base,
    text: decodeGb18030(Buffer.from(buf.buffer, buf.byteOffset, buf.length)),
    charset: 'gb18030',
    charsetMismatch: fam === 'utf-8',
  };
}

export function declarationName(charset: SendCharset): string {
  return charset === 'gb2312' ? 'GB2312' : charset === 'gb18030' ? 'GB18030' : 'UTF-8';
}

const NOT_ASCII = /[^\x00-\x7f]/;

export function encodeText(text: string, charset: SendCharset): Buffer {
  // ASCII is the same bytes in all three; a query the server sends (a device ID, a command) nearly always is.
  if (!NOT_ASCII.test(text)) return Buffer.from(text, 'latin1');
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  return iconv.encode(text, charset === 'gb2312' ? 'gbk' : 'gb18030');
}

/** The charset to answer a device in, given how its last body was decoded. */
export function replyCharsetFor(d: { charset: BodyCharset; declaredEncoding?: string }): SendCharset {
  if (d.charset === 'utf-8') return 'utf-8';
  return d.declaredEncoding && /18030/.test(d.declaredEncoding) ? 'gb18030' : 'gb2312';
}

/** Parses a user or CLI charset setting ("gb2312", "GB18030", "utf8" ...). */
export function parseSendCharset(s: string): SendCharset | undefined {
  const fam = family(s);
  if (fam === 'utf-8') return 'utf-8';
  if (fam !== 'gb') return undefined;
  return /18030/.test(s) ? 'gb18030' : 'gb2312';
}
