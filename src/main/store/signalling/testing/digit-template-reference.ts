// The block encoder of digit-template.ts as it was before its scratch buffers were reused: a reference that
// differential tests compare the encoder's bytes with. Not used by the product.
const FIELD_DIGITS = 9;
/** Skeleton bytes 1..9 stand for a field of that many digits; byte 0 escapes a literal 0..9, or (before 10) ends the meta. */
const ESC = 0;
const META_END = 10;

interface TemplateMessage {
  id: number;
  meta: string;
  raw: Buffer;
}

class Out {
  private buf = Buffer.alloc(64 * 1024);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }
  varint(v: number): void {
    this.room(8);
    while (v >= 128) {
      this.buf[this.len++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
  }
  bytes(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.len);
    this.len += b.length;
  }
  done(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

let scratch = Buffer.alloc(64 * 1024);
/** FNV-1a of the skeleton split() made last (a key to find it among a block's skeletons without a string copy). */
let skeletonHash = 0;

/** Appends the skeleton of src to scratch from n, its digit fields to fields; returns the new end. */
function shape(src: Buffer, n: number, fields: number[]): number {
  let h = skeletonHash;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (isDigit(c)) {
      let v = 0;
      let j = i;
      while (j < src.length && j - i < FIELD_DIGITS && isDigit(src[j])) v = v * 10 + (src[j++] - 48);
      scratch[n++] = j - i;
      h = Math.imul(h ^ (j - i), 0x01000193);
      fields.push(v);
      i = j;
      continue;
    }
    if (c <= FIELD_DIGITS) {
      scratch[n++] = ESC;
      h = Math.imul(h ^ ESC, 0x01000193);
    }
    scratch[n++] = c;
    h = Math.imul(h ^ c, 0x01000193);
    i++;
  }
  skeletonHash = h;
  return n;
}

/** Skeleton (a view of a scratch buffer, valid until the next call) and field values of meta + raw. */
function split(meta: string, raw: Buffer): { skeleton: Buffer; fields: number[] } {
  const metaBytes = Buffer.from(meta, 'utf8');
  const most = 2 * (metaBytes.length + raw.length) + 2;
  if (scratch.length < most) scratch = Buffer.alloc(most);
  const fields: number[] = [];
  skeletonHash = 0x811c9dc5;
  let n = shape(metaBytes, 0, fields);
  scratch[n++] = ESC;
  scratch[n++] = META_END;
  skeletonHash = Math.imul(Math.imul(skeletonHash ^ ESC, 0x01000193) ^ META_END, 0x01000193);
  n = shape(raw, n, fields);
  return { skeleton: scratch.subarray(0, n), fields };
}

const zigzag = (d: number) => (d >= 0 ? 2 * d : -2 * d - 1);

/**
 * Values of at least this size are remembered (in order of appearance) so a later field can name one by its
 * distance back: a 200 OK repeats its request's branch, tag, Call-ID and CSeq a message later.
 */
const RECALL_MIN = 1000;
const RECALL_SPAN = 255;

/** Field codings (codec 3; codec 2 has only the first two, as even/odd): tag = 3 * x + kind. */
const DELTA = 0;
const VALUE = 1;
const RECALL = 2;

const varintBytes = (v: number) => (v < 128 ? 1 : v < 16_384 ? 2 : v < 2_097_152 ? 3 : v < 268_435_456 ? 4 : 5);

export function referenceTemplateEncode(messages: readonly TemplateMessage[], recall = true): Buffer {
  const out = new Out();
  /** A block's skeletons by hash: their numbers and bytes (numbered in order of first use). */
  const skeletons = new Map<number, { ref: number; bytes: Buffer }[]>();
  let skeletonCount = 0;
  const previous: number[][] = [];
  const seenAt = new Map<number, number>();
  let seen = 0;
  let lastId = 0;
  for (const m of messages) {
    const { skeleton, fields } = split(m.meta, m.raw);
    out.varint(m.id - lastId);
    lastId = m.id;
    const same = skeletons.get(skeletonHash);
    let ref = same?.find((k) => k.bytes.equals(skeleton))?.ref;
    if (ref === undefined) {
      ref = skeletonCount++;
      const known = { ref, bytes: Buffer.from(skeleton) };
      if (same) same.push(known);
      else skeletons.set(skeletonHash, [known]);
      previous.push(new Array(fields.length).fill(0));
      out.varint(ref);
      out.varint(skeleton.length);
      out.bytes(skeleton);
    } else out.varint(ref);
    const prev = previous[ref];
    for (let i = 0; i < fields.length; i++) {
      const v = fields[i];
      const delta = zigzag(v - prev[i]);
      if (!recall) {
        // Even: change from the previous value (zigzag); odd: the value itself.
        out.varint(delta <= v ? 2 * delta : 2 * v + 1);
      } else {
        let tag = delta <= v ? 3 * delta + DELTA : 3 * v + VALUE;
        const at = seenAt.get(v);
        // Distance 1 is the value remembered last.
        const back = at === undefined ? 0 : seen - at + 1;
        if (back >= 1 && back <= RECALL_SPAN && varintBytes(3 * back + RECALL) < varintBytes(tag)) tag = 3 * back + RECALL;
        out.varint(tag);
        if (v >= RECALL_MIN) seenAt.set(v, ++seen);
      }
      prev[i] = v;
    }
  }
  return out.done();
}
