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

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

function write(e: XmlElement, out: string[]): void {
  let open = '<' + e.name;
  for (const [k, v] of Object.entries(e.attrs ?? {})) open += ` ${k}="${escapeXml(String(v))}"`;
  if (e.content === undefined) {
    out.push(open + '/>');
    return;
  }
  if (typeof e.content === 'string' || typeof e.content === 'number') {
    out.push(`${open}>${escapeXml(String(e.content))}</${e.name}>`);
    return;
  }
  out.push(open + '>');
  for (const c of e.content) if (c) write(c, out);
  out.push(`</${e.name}>`);
}

/** `<?xml ...?>` declaration plus the root, CRLF line ends. */
export function renderXml(root: XmlElement, encodingName: string): string {
  const out = [`<?xml version="1.0" encoding="${encodingName}"?>`];
  write(root, out);
  return out.join('\r\n') + '\r\n';
}
