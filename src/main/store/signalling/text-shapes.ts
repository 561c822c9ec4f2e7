// Templated keepalives stay out of the trigram index, so a text search would have to read every one of them. Each
// templated kind keeps instead the few shapes its messages take: the bytes with every digit run as one marker (a
// keepalive differs from the next almost only in digits). A search text whose own shape occurs in none of them
// cannot be in any message of the kind, and the kind is not read at all.

/** Shapes a kind keeps at most; one more makes the kind open (every search reads it). */
export const MAX_SHAPES = 8;
const DIGITS = '\x01';
const NON_ASCII = /[^\x00-\x7f]/;

/** The shape of a message's bytes. */
export function shapeOf(raw: Buffer): string {
  return raw.toString('latin1').replace(/[\x01\x02]/g, '\x02').replace(/\d+/g, DIGITS);
}

/** Whether shapeOf(raw) is `shape`, compared byte by byte without building it. */
export function hasShape(raw: Buffer, shape: string): boolean {
  let j = 0;
  for (let i = 0; i < raw.length; ) {
    const c = raw[i];
    if (c >= 0x30 && c <= 0x39) {
      if (shape.charCodeAt(j++) !== 1) return false;
      while (i < raw.length && raw[i] >= 0x30 && raw[i] <= 0x39) i++;
      continue;
    }
    if (shape.charCodeAt(j++) !== (c === 1 ? 2 : c)) return false;
    i++;
  }
  return j === shape.length;
}

/**
 * False only when `text` cannot occur in the text of a message of this shape. The message text holds an ASCII
 * character only where its bytes do (UTF-8, GB2312/GBK bodies), and its digits only inside digit runs; lower-casing
 * turns two non-ASCII letters into ASCII i and k, so those count as possible wherever non-ASCII bytes are.
 */
export function shapeMayHold(shape: string, text: string): boolean {
  if (/[\x01\x02]/.test(text)) return true;
  const nonAscii = NON_ASCII.test(shape);
  if (NON_ASCII.test(text)) return nonAscii;
  const needle = text.toLowerCase().replace(/\d+/g, DIGITS);
  if (nonAscii && /[ik]/.test(needle)) return true;
  return shape.toLowerCase().includes(needle);
}

/** Whether a kind with these shapes (null: open) may hold `text`. */
export function shapesMayHold(shapes: readonly string[] | null, text: string): boolean {
  return shapes === null || shapes.some((s) => shapeMayHold(s, text));
}
