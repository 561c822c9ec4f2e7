// Codec 2 of signalling blocks: each message (its meta line and exact bytes) is split
// into a skeleton, the text with its digit runs cut out, and the runs as numbers. Keepalives and their 200 OKs
// differ almost only in digits (IDs, SN, CSeq, branch, tag, Call-ID, time), so a block holds each skeleton once
// and every further message as a skeleton number plus small binary fields: a run's change from the same field
// of the previous message with that skeleton (times, IDs, SNs step by little), or its value when that is smaller.

/** Digit runs are cut into fields of at most this many digits (exact in 32-bit arithmetic). */
const FIELD_DIGITS = 9;
/** Skeleton bytes 1..9 stand for a field of that many digits; byte 0 escapes a literal 0..9, or (before 10) ends the meta. */
const ESC = 0;
const META_END = 10;

export interface TemplateMessage {
  id: number;
  meta: string;
  raw: Buffer;
}

class Out {
  private buf = Buffer.allocUnsafe(64 * 1024);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
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

// Scratch of the encoder, which runs on one thread and finishes a block before the next.
let scratch = Buffer.allocUnsafe(64 * 1024);
let metaScratch = Buffer.allocUnsafe(1024);
/** Field values of the message split() cut last: fields[0 .. fieldCount). */
let fields = new Float64Array(16 * 1024);
let fieldCount = 0;
/** FNV-1a of the skeleton split() made last (a key to find it among a block's skeletons without a string copy). */
let skeletonHash = 0;

/** Appends the skeleton of src[0 .. end) to scratch from n, its digit fields to fields; returns the new end. */
function shape(src: Buffer, end: number, n: number): number {
  let h = skeletonHash;
  let f = fieldCount;
  let i = 0;
  while (i < end) {
    const c = src[i];
    if (isDigit(c)) {
      let v = 0;
      let j = i;
      while (j < end && j - i < FIELD_DIGITS && isDigit(src[j])) v = v * 10 + (src[j++] - 48);
      scratch[n++] = j - i;
      h = Math.imul(h ^ (j - i), 0x01000193);
      fields[f++] = v;
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
  fieldCount = f;
  return n;
}

/** Cuts meta + raw into its skeleton, scratch[0 .. returned length), and fields[0 .. fieldCount). */
function split(meta: string, raw: Buffer): number {
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, two units, is 4).
  if (metaScratch.length < 3 * meta.length) metaScratch = Buffer.allocUnsafe(3 * meta.length);
  const metaLength = metaScratch.write(meta, 0, 'utf8');
  const bytes = metaLength + raw.length;
  // Each byte adds at most two skeleton bytes (an escape) or one field.
  if (scratch.length < 2 * bytes + 2) scratch = Buffer.allocUnsafe(2 * bytes + 2);
  if (fields.length < bytes) fields = new Float64Array(bytes);
  fieldCount = 0;
  skeletonHash = 0x811c9dc5;
  let n = shape(metaScratch, metaLength, 0);
  scratch[n++] = ESC;
  scratch[n++] = META_END;
  skeletonHash = Math.imul(Math.imul(skeletonHash ^ ESC, 0x01000193) ^ META_END, 0x01000193);
  return shape(raw, raw.length, n);
}

const zigzag = (d: number) => (d >= 0 ? 2 * d : -2 * d - 1);
const unzigzag = (z: number) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

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

/** Where each value (below 10^9) was last remembered, by open addressing; reset() empties it in O(1) for the next block. */
class RecallTable {
  private bits = 12;
  private keys = new Int32Array(1 << this.bits);
  private seen = new Int32Array(1 << this.bits);
  private stamps = new Int32Array(1 << this.bits);
  private stamp = 1;
  private size = 0;

  reset(): void {
    if (++this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.size = 0;
  }

  /** The position value was last remembered at, 0 when never. */
  get(value: number): number {
    const mask = (1 << this.bits) - 1;
    for (let i = this.slot(value); ; i = (i + 1) & mask) {
      if (this.stamps[i] !== this.stamp) return 0;
      if (this.keys[i] === value) return this.seen[i];
    }
  }

  set(value: number, seen: number): void {
    if (2 * (this.size + 1) > 1 << this.bits) this.grow();
    const mask = (1 << this.bits) - 1;
    let i = this.slot(value);
    while (this.stamps[i] === this.stamp && this.keys[i] !== value) i = (i + 1) & mask;
    if (this.stamps[i] !== this.stamp) this.size++;
    this.stamps[i] = this.stamp;
    this.keys[i] = value;
    this.seen[i] = seen;
  }

  private slot(value: number): number {
    return Math.imul(value, 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const { keys, seen, stamps, stamp } = this;
    this.bits++;
    this.keys = new Int32Array(1 << this.bits);
    this.seen = new Int32Array(1 << this.bits);
    this.stamps = new Int32Array(1 << this.bits);
    this.stamp = 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === stamp) this.set(keys[i], seen[i]);
  }
}

const recalled = new RecallTable();
const encoded = new Out();

/** The messages of a block as skeletons and fields (deflated after by block-codec.ts); recall: codec 3. */
export function templateEncode(messages: readonly TemplateMessage[], recall = true): Buffer {
  return Buffer.from(templateEncodeView(messages, recall));
}

/** As templateEncode, into a scratch buffer: the view is valid until the next call. */
export function templateEncodeView(messages: readonly TemplateMessage[], recall = true): Buffer {
  const out = encoded;
  out.len = 0;
  /** A block's skeletons by hash: their numbers and bytes (numbered in order of first use). */
  const skeletons = new Map<number, { ref: number; bytes: Buffer }[]>();
  let skeletonCount = 0;
  const previous: number[][] = [];
  const seenAt = recalled;
  seenAt.reset();
  let seen = 0;
  let lastId = 0;
  for (const m of messages) {
    const length = split(m.meta, m.raw);
    const skeleton = scratch.subarray(0, length);
    out.varint(m.id - lastId);
    lastId = m.id;
    const same = skeletons.get(skeletonHash);
    let ref = -1;
    if (same) for (const k of same) if (k.bytes.equals(skeleton)) { ref = k.ref; break; }
    if (ref < 0) {
      ref = skeletonCount++;
      const known = { ref, bytes: Buffer.from(skeleton) };
      if (same) same.push(known);
      else skeletons.set(skeletonHash, [known]);
      previous.push(new Array<number>(fieldCount).fill(0));
      out.varint(ref);
      out.varint(length);
      out.bytes(skeleton);
    } else out.varint(ref);
    const prev = previous[ref];
    for (let i = 0; i < fieldCount; i++) {
      const v = fields[i];
      const delta = zigzag(v - prev[i]);
      if (!recall) {
        // Even: change from the previous value (zigzag); odd: the value itself.
        out.varint(delta <= v ? 2 * delta : 2 * v + 1);
      } else {
        let tag = delta <= v ? 3 * delta + DELTA : 3 * v + VALUE;
        const at = seenAt.get(v);
        // Distance 1 is the value remembered last.
        const back = at === 0 ? 0 : seen - at + 1;
        if (back >= 1 && back <= RECALL_SPAN && varintBytes(3 * back + RECALL) < varintBytes(tag)) tag = 3 * back + RECALL;
        out.varint(tag);
        if (v >= RECALL_MIN) seenAt.set(v, ++seen);
      }
      prev[i] = v;
    }
  }
  return out.done();
}

/**
 * A block's messages read lazily: a message's fields depend on every message before it (a delta from its
 * skeleton's previous message, a recall of a recent value), so the block is read in order, only as far as the
 * messages asked for, keeping each message's field values; its bytes are joined from its skeleton and fields only
 * when asked for.
 */
export class TemplateBlock {
  private pos = 0;
  /** Messages read so far: ids[0 .. count), ascending, each one's skeleton and where its fields start. */
  private count = 0;
  private ids: Float64Array = new Float64Array(256);
  private skeletonOf: Int32Array = new Int32Array(256);
  /** fieldsFrom[i] .. fieldsFrom[i + 1]: the i-th message's values in fields. */
  private fieldsFrom: Int32Array = new Int32Array(257);
  private fields: Int32Array = new Int32Array(8192);
  private readonly skeletons: Buffer[] = [];
  private readonly skeletonFields: number[] = [];
  /** Where each skeleton's previous message put its fields (-1: none yet, they count as 0). */
  private readonly lastAt: number[] = [];
  private readonly recent = new Int32Array(RECALL_SPAN + 1);
  private seen = 0;
  private broken: Error | null = null;
  /** Messages built so far: a page asked for again finds them as they are. */
  private readonly built = new Map<number, TemplateMessage>();
  private released = false;

  /** buf: the inflated block (its skeletons are read in place); recall: codec 3. */
  constructor(
    private buf: Buffer,
    private readonly recall: boolean,
  ) {}

  /** The message with this id, undefined when the block does not hold it. */
  find(id: number): TemplateMessage | undefined {
    const known = this.broken ? undefined : this.built.get(id);
    if (known || this.released) return known;
    this.readTo(id);
    const ids = this.ids;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] < id) lo = mid + 1;
      else if (ids[mid] > id) hi = mid - 1;
      else {
        const m = this.message(mid);
        this.built.set(id, m);
        if (this.built.size === this.count && this.pos >= this.buf.length) this.release();
        return m;
      }
    }
    return undefined;
  }

  /** Every message is built: the fields they were built from are no longer needed. */
  private release(): void {
    this.released = true;
    this.ids = new Float64Array(0);
    this.skeletonOf = new Int32Array(0);
    this.fieldsFrom = new Int32Array(0);
    this.fields = new Int32Array(0);
    this.skeletons.length = 0;
    this.buf = Buffer.alloc(0);
  }

  /** Every message, in order. */
  all(): TemplateMessage[] {
    if (this.released) return [...this.built.values()].sort((a, b) => a.id - b.id);
    this.readTo(Infinity);
    return Array.from({ length: this.count }, (_, i) => this.message(i));
  }

  /** Reads messages until one with at least this id; a block found broken stays broken (not read from half a message). */
  private readTo(id: number): void {
    if (this.broken) throw this.broken;
    try {
      this.read(id);
    } catch (e) {
      this.broken = e as Error;
      throw e;
    }
  }

  private read(untilId: number): void {
    const { buf, recent, recall } = this;
    let { ids, skeletonOf, fieldsFrom, fields } = this;
    const end = buf.length;
    let pos = this.pos;
    let i = this.count;
    let n = fieldsFrom[i];
    let seen = this.seen;
    while (pos < end && (i === 0 || ids[i - 1] < untilId)) {
      if (i + 1 >= ids.length) ({ ids, skeletonOf, fieldsFrom } = this.growMessages());
      ids[i] = (i === 0 ? 0 : ids[i - 1]) + varintAt(buf, pos);
      const ref = varintAt(buf, varintEnd);
      pos = varintEnd;
      if (ref === this.skeletons.length) {
        const length = varintAt(buf, pos);
        pos = varintEnd;
        const skeleton = buf.subarray(pos, pos + length);
        pos += length;
        let count = 0;
        for (let k = 0; k < skeleton.length; k++) {
          if (skeleton[k] === ESC) k++;
          else if (skeleton[k] >= 1 && skeleton[k] <= FIELD_DIGITS) count++;
        }
        this.skeletons.push(skeleton);
        this.skeletonFields.push(count);
        this.lastAt.push(-1);
      }
      if (ref >= this.skeletons.length) throw new Error('signalling block: unknown skeleton');
      const count = this.skeletonFields[ref];
      // Each field takes at least one byte.
      if (count > end - pos) throw new Error('signalling block: truncated field');
      if (n + count > fields.length) fields = this.growFields(n + count);
      const prevAt = this.lastAt[ref];
      skeletonOf[i] = ref;
      this.lastAt[ref] = n;
      for (let f = 0; f < count; f++) {
        const z = varintAt(buf, pos);
        pos = varintEnd;
        const prev = prevAt < 0 ? 0 : fields[prevAt + f];
        let v: number;
        if (!recall) v = z % 2 === 1 ? (z - 1) / 2 : prev + unzigzag(z / 2);
        else {
          const x = Math.floor(z / 3);
          const kind = z - 3 * x;
          if (kind === DELTA) v = prev + unzigzag(x);
          else if (kind === VALUE) v = x;
          else {
            if (x < 1 || x > RECALL_SPAN || x > seen) throw new Error('signalling block: bad recall');
            v = recent[(seen - x + 1) % recent.length];
          }
          if (v >= RECALL_MIN) recent[++seen % recent.length] = v;
        }
        if (!(v >= 0 && v <= MAX_FIELD)) throw new Error('signalling block: bad field');
        fields[n++] = v;
      }
      fieldsFrom[++i] = n;
      this.pos = pos;
      this.count = i;
      this.seen = seen;
    }
  }

  private growMessages(): { ids: Float64Array; skeletonOf: Int32Array; fieldsFrom: Int32Array } {
    const size = 2 * this.ids.length;
    this.ids = grown(this.ids, new Float64Array(size));
    this.skeletonOf = grown(this.skeletonOf, new Int32Array(size));
    this.fieldsFrom = grown(this.fieldsFrom, new Int32Array(size + 1));
    return { ids: this.ids, skeletonOf: this.skeletonOf, fieldsFrom: this.fieldsFrom };
  }

  private growFields(least: number): Int32Array {
    this.fields = grown(this.fields, new Int32Array(Math.max(least, 2 * this.fields.length)));
    return this.fields;
  }

  /** The i-th message's meta and exact bytes (its own buffer). */
  private message(i: number): TemplateMessage {
    const skeleton = this.skeletons[this.skeletonOf[i]];
    const fields = this.fields;
    const size = skeleton.length + (this.fieldsFrom[i + 1] - this.fieldsFrom[i]) * FIELD_DIGITS;
    // Joined in scratch, then the bytes copied out: a message kept holds only its own bytes.
    if (joined.length < size) joined = Buffer.allocUnsafe(Math.max(size, 2 * joined.length));
    const out = joined;
    let len = 0;
    let f = this.fieldsFrom[i];
    let metaEnd = -1;
    for (let k = 0; k < skeleton.length; k++) {
      const c = skeleton[k];
      if (c === ESC) {
        const next = skeleton[++k];
        if (next === META_END && metaEnd < 0) metaEnd = len;
        else out[len++] = next;
      } else if (c >= 1 && c <= FIELD_DIGITS) {
        // c digits, leading zeros kept.
        let v = fields[f++];
        for (let d = len + c - 1; d >= len; d--) {
          out[d] = 48 + (v % 10);
          v = Math.floor(v / 10);
        }
        len += c;
      } else out[len++] = c;
    }
    if (metaEnd < 0) throw new Error('signalling block: message without meta');
    return { id: this.ids[i], meta: out.toString('utf8', 0, metaEnd), raw: Buffer.from(out.subarray(metaEnd, len)) };
  }
}

let joined = Buffer.allocUnsafe(4096);

/** Where the varint varintAt read last ends (a second result without allocating one). */
let varintEnd = 0;

function varintAt(buf: Buffer, pos: number): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    if (pos >= buf.length) throw new Error('signalling block: truncated field');
    const b = buf[pos++];
    v += (b & 127) * mul;
    if (b < 128) {
      varintEnd = pos;
      return v;
    }
    mul *= 128;
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Field values fit 32 bits: a field has at most FIELD_DIGITS digits. */
const MAX_FIELD = 10 ** FIELD_DIGITS - 1;

export function templateDecode(buf: Buffer, recall = true): TemplateMessage[] {
  return new TemplateBlock(buf, recall).all();
}
