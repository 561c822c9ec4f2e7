// A tiny XML writer for MANSCDP bodies: elements in a fixed order, text escaped, one element per line
// (as devices write them). Kept separate from the server's codec on purpose: the simulator is a second,
// independent implementation of the wire format.

export type XmlChild = XmlElement | undefined | false;

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number>;
  /** Text content, or child elements. */
  content?: string | number | XmlChild[];
}

export function el(name: string, content?: string | number | XmlChild[], attrs?: Record<string, string | number>): XmlElement {
  return attrs ? { name, content, attrs } : { name, content };
}

/** An element only when the value is present. */
export function opt(name: string, value: string | number | undefined | null): XmlChild {
  return value === undefined || value === null ? undefined : el(name, value);
}

const MARKUP = /[&<>"']/;

export function escapeXml(s: string): string {
  if (!MARKUP.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

function write(e: XmlElement): string {
  let open = '<' + e.name;
  if (e.attrs) for (const [k, v] of Object.entries(e.attrs)) open += ` ${k}="${escapeXml(String(v))}"`;
  const content = e.content;
  if (content === undefined) return open + '/>';
  if (typeof content !== 'object') return `${open}>${escapeXml(String(content))}</${e.name}>`;
  let out = open + '>';
  for (const c of content) if (c) out += '\r\n' + write(c);
  return `${out}\r\n</${e.name}>`;
}

/** `<?xml ...?>` declaration plus the root, CRLF line ends. */
export function renderXml(root: XmlElement, encodingName: string): string {
  return `<?xml version="1.0" encoding="${encodingName}"?>\r\n${write(root)}\r\n`;
}
