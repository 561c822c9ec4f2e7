import { escapeAttr, escapeText } from './xml-text';

/** A value in an element tree to write. Keys starting with "@" are attributes; "#text" is text content. */
export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const NAME = /^[A-Za-z_][\w.-]*$/;

function scalar(v: string | number | boolean): string {
  return typeof v === 'string' ? v : String(v);
}

function element(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) element(name, v, out);
    return;
  }
  if (!NAME.test(name)) throw new Error(`invalid XML element name "${name}"`);
  if (typeof value !== 'object') {
    out.push(`<${name}>${escapeText(scalar(value))}</${name}>`);
    return;
  }
  let attrs = '';
  let text = '';
  const children: [string, XmlValue][] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    if (k.startsWith('@')) {
      const a = k.slice(1);
      if (!NAME.test(a)) throw new Error(`invalid XML attribute name "${a}"`);
      attrs += ` ${a}="${escapeAttr(scalar(v as string))}"`;
    } else if (k === '#text') text = escapeText(scalar(v as string));
    else children.push([k, v]);
  }
  if (children.length === 0) {
    out.push(`<${name}${attrs}>${text}</${name}>`);
    return;
  }
  out.push(`<${name}${attrs}>${text}`);
  for (const [k, v] of children) element(k, v, out);
  out.push(`</${name}>`);
}

/** Serialises one root element, one element per line (CRLF), in the object's key order. */
export function writeXml(root: string, body: XmlObject, declaration: string): string {
  const out: string[] = [`<?xml version="1.0" encoding="${declaration}"?>`];
  element(root, body, out);
  return `${out.join('\r\n')}\r\n`;
}
