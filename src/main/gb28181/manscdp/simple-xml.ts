// A reader for the plain XML almost every MANSCDP body is (docs/protocol.md §3): an optional declaration, one
// root, elements with quoted attributes, text, the five entities and character references. It builds the same
// object the general parser in codec.ts builds with its options, several times faster, and gives up (null) on
// anything else: comments, CDATA, processing instructions, DOCTYPE, mixed content, names with prefixes,
// unquoted or duplicate attributes, a close tag spelled unlike its open tag, text outside the root, nesting
// deeper than allowed, an '&' that is not a reference. The caller then validates and parses the general way,
// so what the fast path accepts is a subset of what the validator accepts, and errors are worded as before.
// Its values are copies of their own (sip/message/kept.ts): a kept catalogue item must not hold the message's text.
import { keptCopy } from '../../sip/message/kept';
import { isSpaceCode } from '../../sip/message/text';
import { canonicalElement } from './names';
import { unescapeXml } from './xml-text';

type Node = string | { [name: string]: Node | Node[] };

/** [A-Za-z_] */
const isNameStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
/** [A-Za-z0-9_.-] */
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
const REFERENCE_AT = /&(?:lt|gt|amp|apos|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/y;
const DECLARATION_AT = /<\?xml(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"<&?>]*"|'[^'<&?>]*'))*[ \t\r\n]*\?>/y;

interface Name {
  /** As spelled in the message (a close tag must repeat it). */
  raw: string;
  canonical: string;
}

/**
 * The names seen, by length and first character, so that a name read again is found without cutting a string out
 * of the message (a catalog repeats a dozen names on every item). Bounded both ways, as the names come from the
 * peer: a few per bucket (a long bucket would make every lookup a long scan) and 2048 in all.
 */
const names = new Map<number, Name[]>();
let namesHeld = 0;
const PER_BUCKET = 8;

function nameAt(s: string, from: number, to: number): Name {
  const key = (to - from) * 128 + s.charCodeAt(from);
  let bucket = names.get(key);
  if (bucket) for (const n of bucket) if (s.startsWith(n.raw, from)) return n;
  const raw = s.slice(from, to);
  const n: Name = { raw: keptCopy(raw), canonical: keptCopy(canonicalElement(raw)) };
  if (to - from > 64 || (bucket && bucket.length >= PER_BUCKET)) return n;
  if (namesHeld >= 2048) {
    names.clear();
    namesHeld = 0;
    bucket = undefined;
  }
  if (!bucket) names.set(key, (bucket = []));
  bucket.push(n);
  namesHeld++;
  return n;
}

/** Thrown to leave the reader; one instance, so giving up captures no stack. */
const GIVE_UP = new Error('not plain MANSCDP XML');
const giveUp = (): never => {
  throw GIVE_UP;
};

export function parseSimpleXml(xml: string, maxDepth: number): Record<string, Node> | null {
  try {
    return new Reader(xml, maxDepth).document();
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
}

class Reader {
  private i = 0;
  /** The canonical name of the element element() read last. */
  private elementName = '';

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  document(): Record<string, Node> {
    if (this.s.startsWith('<?')) {
      // The declaration is ignored, but must be one, and first.
      DECLARATION_AT.lastIndex = 0;
      if (!DECLARATION_AT.test(this.s)) giveUp();
      this.i = DECLARATION_AT.lastIndex;
    }
    this.space();
    if (this.s[this.i] !== '<') giveUp();
    const value = this.element(1);
    const name = this.elementName;
    this.space();
    if (this.i !== this.s.length) giveUp();
    return { [name]: value };
  }

  private space(): void {
    for (let c = this.s.charCodeAt(this.i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = this.s.charCodeAt(++this.i));
  }

  private name(): Name {
    const from = this.i;
    if (!isNameStart(this.s.charCodeAt(from))) giveUp();
    let to = from + 1;
    while (isNameChar(this.s.charCodeAt(to))) to++;
    this.i = to;
    return nameAt(this.s, from, to);
  }

  /** Whether the name at the reader is `name` (and no longer); moves past it when it is. */
  private nameIs(name: string): boolean {
    if (!this.s.startsWith(name, this.i) || isNameChar(this.s.charCodeAt(this.i + name.length))) return false;
    this.i += name.length;
    return true;
  }

  /** Whether s[from, to) is only white space (what trim() removes). */
  private blank(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (!isSpaceCode(this.s.charCodeAt(i))) return false;
    return true;
  }

  /** Text between markup: every '&' a reference; line ends normalised to LF as XML 1.0 §2.11 asks. */
  private checkedText(text: string): string {
    for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
      REFERENCE_AT.lastIndex = at;
      if (!REFERENCE_AT.test(text)) giveUp();
    }
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }

  /** At '<' of an open tag; returns the value the general parser gives the element, and sets elementName. */
  private element(depth: number): Node {
    if (depth > this.maxDepth) giveUp();
    this.i++;
    const { raw, canonical: name } = this.name();
    // <constructor>, <__proto__>, <toString>...: as keys of a plain object they would read or set what every
    // object inherits; the general parser refuses them as such.
    if (name in Object.prototype) giveUp();
    const attrs = this.attributes();
    if (this.s.startsWith('/>', this.i)) {
      this.i += 2;
      this.elementName = name;
      return attrs ?? '';
    }
    if (this.s[this.i] !== '>') giveUp();
    this.i++;
    let children: Record<string, Node | Node[]> | null = null;
    let textFrom = 0;
    let textTo = 0;
    for (;;) {
      const lt = this.s.indexOf('<', this.i);
      if (lt < 0) giveUp();
      const from = this.i;
      this.i = lt;
      const next = this.s.charCodeAt(lt + 1);
      if (next === 0x2f /* / */) {
        // An element with children has only white space around them (mixed content is left to the general path).
        if (children === null) {
          textFrom = from;
          textTo = lt;
        } else if (!this.blank(from, lt)) giveUp();
        this.i += 2;
        if (!this.nameIs(raw)) giveUp();
        this.space();
        if (this.s.charCodeAt(this.i) !== 0x3e /* > */) giveUp();
        this.i++;
        break;
      }
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || !this.blank(from, lt)) giveUp();
      const childValue = this.element(depth + 1);
      const childName = this.elementName;
      children ??= {};
      const had = children[childName];
      if (childName === 'Item') {
        if (had === undefined) children[childName] = [childValue];
        else (had as Node[]).push(childValue);
      } else if (had === undefined) children[childName] = childValue;
      else if (Array.isArray(had)) had.push(childValue);
      else children[childName] = [had, childValue];
    }
    this.elementName = name;
    if (children) return attrs ? Object.assign(children, attrs) : children;
    while (textFrom < textTo && isSpaceCode(this.s.charCodeAt(textFrom))) textFrom++;
    while (textTo > textFrom && isSpaceCode(this.s.charCodeAt(textTo - 1))) textTo--;
    // Trimmed first: a reference or a CR LF never spans the white space at either end.
    const trimmed = textFrom < textTo ? this.checkedText(this.s.slice(textFrom, textTo)) : '';
    const value = trimmed && keptCopy(unescapeXml(trimmed));
    if (!attrs) return value;
    return value ? Object.assign({ '#text': value }, attrs) : attrs;
  }

  /** Quoted attributes up to '>' or '/>'; null when there are none. */
  private attributes(): Record<string, Node> | null {
    let attrs: Record<string, Node> | null = null;
    for (;;) {
      const before = this.i;
      this.space();
      const c = this.s[this.i];
      if (c === '>' || c === '/') return attrs;
      if (this.i === before) giveUp();
      const key = `@${this.name().canonical}`;
      this.space();
      if (this.s[this.i] !== '=') giveUp();
      this.i++;
      this.space();
      const quote = this.s[this.i];
      if (quote !== '"' && quote !== "'") giveUp();
      const end = this.s.indexOf(quote, this.i + 1);
      if (end < 0) giveUp();
      const value = this.s.slice(this.i + 1, end);
      if (value.includes('<')) giveUp();
      this.i = end + 1;
      attrs ??= {};
      if (key in attrs) giveUp();
      const trimmed = this.checkedText(value).trim();
      attrs[key] = trimmed && keptCopy(unescapeXml(trimmed));
    }
  }
}
