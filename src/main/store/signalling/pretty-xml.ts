// Re-indents an XML document for reading: one element per line, an element holding only text on one line.
// Content is kept as sent (no entity decoding, no reordering). Text that is not well-formed is returned as is.

const TOKEN = /(<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[^<>]+>)/;
const INDENT = '  ';

function tagName(tag: string): string {
  const m = /^<\/?\s*([^\s/>]+)/.exec(tag);
  return m ? m[1] : '';
}

export function prettyXml(xml: string): string {
  const out: string[] = [];
  const open: string[] = [];
  let justOpened = false;
  for (const part of xml.split(TOKEN)) {
    if (part === '') continue;
    const pad = INDENT.repeat(open.length);
    const isMarkup = part.startsWith('<') && part.endsWith('>') && !part.startsWith('<![CDATA[');
    if (!isMarkup) {
      const text = part.trim();
      if (text === '') continue;
      if (justOpened) out[out.length - 1] += text;
      else out.push(pad + text);
      continue;
    }
    if (part.startsWith('<?') || part.startsWith('<!')) {
      out.push(pad + part);
      justOpened = false;
    } else if (part.startsWith('</')) {
      const name = tagName(part);
      if (open.pop() !== name) return xml;
      if (justOpened) out[out.length - 1] += part;
      else out.push(INDENT.repeat(open.length) + part);
      justOpened = false;
    } else if (part.endsWith('/>')) {
      out.push(pad + part);
      justOpened = false;
    } else {
      out.push(pad + part);
      open.push(tagName(part));
      justOpened = true;
    }
  }
  return open.length === 0 && out.length > 0 ? out.join('\n') : xml;
}
