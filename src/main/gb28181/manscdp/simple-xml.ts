// A reader for the plain XML almost every MANSCDP body is (docs/protocol.md §3): an optional declaration, one
// root, elements with quoted attributes, text, the five entities and character references. It builds the same
// object the general parser in codec.ts builds with its options, several times faster, and gives up (null) on
// anything else: comments, CDATA, processing instructions, DOCTYPE, mixed content, names with prefixes,
// unquoted or duplicate attributes, a close tag spelled unlike its open tag, text outside the root, nesting
// deeper than allowed, an '&' that is not a reference. The caller then validates and parses the general way,
// so what the fast path accepts is a subset of what the validator accepts, and errors are worded as before.
// Its values are copies of their own (sip/message/kept.ts): a kept catalogue item must not hold the message's text.
import { keptCopy } from '../../sip/message/kept';
import { canonicalElement } from './names';
import { unescapeXml } from './xml-text';

type Node = string | { [name: string]: Node | Node[] };

const NAME_START = /[A-Za-z_]/;
const NAME_AT = /[A-Za-z0-9_.-]*/y;
const REFERENCE_AT = /&(?:lt|gt|amp|apos|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/y;
const DECLARATION_AT = /<\?xml(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"<&?>]*"|'[^'<&?>]*'))*[ \t\r\n]*\?>/y;

/** Canonical names of the names seen, bounded (the names come from the peer) and copied out of the message. */
const seen = new Map<string, string>();
const canonical = (name: string): string => {
  let c = seen.get(name);
  if (c === undefined) {
    c = keptCopy(canonicalElement(name));
    if (name.length > 64) return c;
    if (seen.size >= 2048) seen.clear();
    seen.set(c, c);
  }
  return c;
};

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
    const [name, value] = this.element(1);
    this.space();
    if (this.i !== this.s.length) giveUp();
    return { [name]: value };
  }

  private space(): void {
    for (let c = this.s.charCodeAt(this.i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = this.s.charCodeAt(++this.i));
  }

  private name(): string {
    if (!NAME_START.test(this.s[this.i] ?? '')) giveUp();
    NAME_AT.lastIndex = this.i + 1;
    NAME_AT.exec(this.s);
    const name = this.s.slice(this.i, NAME_AT.lastIndex);
    this.i = NAME_AT.lastIndex;
    return name;
  }

  /** Text between markup: every '&' a reference; line ends normalised to LF as XML 1.0 §2.11 asks. */
  private checkedText(text: string): string {
    for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
      REFERENCE_AT.lastIndex = at;
      if (!REFERENCE_AT.test(text)) giveUp();
    }
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }

  /** At '<' of an open tag; returns the canonical name and the value the general parser gives the element. */
  private element(depth: number): [string, Node] {
    if (depth > this.maxDepth) giveUp();
    this.i++;
    const raw = this.name();
    const name = canonical(raw);
    const attrs = this.attributes();
    if (this.s.startsWith('/>', this.i)) {
      this.i += 2;
      return [name, attrs ?? ''];
    }
    if (this.s[this.i] !== '>') giveUp();
    this.i++;
    let children: Record<string, Node | Node[]> | null = null;
    let text = '';
    for (;;) {
      const lt = this.s.indexOf('<', this.i);
      if (lt < 0) giveUp();
      text += this.s.slice(this.i, lt);
      this.i = lt;
      const next = this.s[lt + 1];
      if (next === '/') {
        this.i += 2;
        if (this.name() !== raw) giveUp();
        this.space();
        if (this.s[this.i] !== '>') giveUp();
        this.i++;
        break;
      }
      if (next === '!' || next === '?') giveUp();
      const [childName, childValue] = this.element(depth + 1);
      children ??= {};
      const had = children[childName];
      if (childName === 'Item') {
        if (had === undefined) children[childName] = [childValue];
        else (had as Node[]).push(childValue);
      } else if (had === undefined) children[childName] = childValue;
      else if (Array.isArray(had)) had.push(childValue);
      else children[childName] = [had, childValue];
    }
    const trimmed = this.checkedText(text).trim();
    if (children) {
      if (trimmed) giveUp();
      return [name, attrs ? Object.assign(children, attrs) : children];
    }
    const value = trimmed && keptCopy(unescapeXml(trimmed));
    if (!attrs) return [name, value];
    return [name, value ? Object.assign({ '#text': value }, attrs) : attrs];
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
      const key = `@${canonical(this.name())}`;
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
