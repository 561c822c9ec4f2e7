// GB18030 bytes of a search text without iconv-lite's encoder, whose table is built on its first use (75 ms measured
// on the 2-core machine), inside the first Chinese search's time budget. The two-byte range (GBK's, GB18030 §6) is
// decoded once by ICU (node:util TextDecoder), one character a code, and a character's code is its place there.
import { TextDecoder } from 'node:util';

const LEAD_FIRST = 0x81;
const LEAD_LAST = 0xfe;
/** Trail bytes 0x40-0x7e and 0x80-0xfe. */
const TRAILS = [...Array.from({ length: 0x7f - 0x40 }, (_, i) => 0x40 + i), ...Array.from({ length: 0xff - 0x80 }, (_, i) => 0x80 + i)];

let twoByte: string | null | undefined;
/** How many codes decode to each UTF-16 unit: a character two codes decode to cannot rule a body out. */
const codesOf = new Uint8Array(0x10000);

/** Every two-byte code decoded in order, or null when the decoder does not give one character a code. */
function twoByteChars(): string | null {
  if (twoByte !== undefined) return twoByte;
  const codes = Buffer.alloc((LEAD_LAST - LEAD_FIRST + 1) * TRAILS.length * 2);
  let pos = 0;
  for (let lead = LEAD_FIRST; lead <= LEAD_LAST; lead++) {
    for (const trail of TRAILS) {
      codes[pos++] = lead;
      codes[pos++] = trail;
    }
  }
  let text: string | null = null;
  try {
    text = new TextDecoder('gb18030').decode(codes);
  } catch {
    // Node without full ICU: no GB18030 decoder.
  }
  twoByte = text !== null && text.length === codes.length / 2 ? text : null;
  if (twoByte !== null) for (let i = 0; i < twoByte.length; i++) codesOf[twoByte.charCodeAt(i)] = Math.min(2, codesOf[twoByte.charCodeAt(i)] + 1);
  return twoByte;
}

/** The text in GB18030 as bodies are decoded (ICU), or null when a character of it is neither ASCII nor one two-byte code. */
export function gb18030Bytes(text: string): Buffer | null {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      out.push(c);
      continue;
    }
    const chars = twoByteChars();
    const at = chars === null || codesOf[c] !== 1 ? -1 : chars.indexOf(ch);
    if (at < 0) return null;
    out.push(LEAD_FIRST + Math.floor(at / TRAILS.length), TRAILS[at % TRAILS.length]);
  }
  return Buffer.from(out);
}
