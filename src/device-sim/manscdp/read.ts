// Reading what the platform sends a device: a MANSCDP Query / Control / Notify / Response. Element names
// are matched case-insensitively (docs/protocol.md §6); every value is kept as text.
import { XMLParser } from 'fast-xml-parser';
import { decodeBody } from './charset';

export type XmlObject = { [name: string]: XmlValue };
export type XmlValue = string | XmlObject | XmlValue[];

export interface ManscdpMessage {
  root: 'Query' | 'Control' | 'Notify' | 'Response';
  cmdType: string;
  sn: string;
  deviceId: string;
  /** The root element's children (names as sent). */
  body: XmlObject;
  /** Whether the body was declared as GB2312/GBK/GB18030. */
  gbCharset: boolean;
}

export type ReadResult = { ok: true; message: ManscdpMessage } | { ok: false; reason: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

/** The general reader: validates, then builds the object (repeated elements as arrays, attributes as '@name'). */
export function parseXml(xml: string): XmlObject {
  return parser.parse(xml, true) as XmlObject;
}

const FLAT_HEAD = /<\?xml version="([\w.-]*)" encoding="([\w.-]*)"\?>[ \t\r\n]*<([A-Za-z]\w*)>[ \t\r\n]*/y;
const FLAT_FIELD = /<([A-Za-z]\w*)>([^\s<>&](?:[^<>&]*[^\s<>&])?)<\/\1>[ \t\r\n]*/y;
const FLAT_END = /<\/([A-Za-z]\w*)>[ \t\r\n]*$/y;
/** Names the general parser renames or refuses (it guards objects against prototype pollution). */
const GUARDED = /^(?:hasownproperty|tostring|valueof|__\w+|constructor|prototype)$/i;

/**
 * The platform's queries are one root of plain text fields (a declaration, then e.g. CmdType, SN, DeviceID).
 * Such a document is read here into the object the general parser builds from it; anything else (attributes,
 * nesting, repeated or empty fields, references, comments...) is left to the general parser (undefined).
 */
export function readFlat(xml: string): XmlObject | undefined {
  FLAT_HEAD.lastIndex = 0;
  const head = FLAT_HEAD.exec(xml);
  if (!head || GUARDED.test(head[3])) return undefined;
  const body: XmlObject = {};
  let at = FLAT_HEAD.lastIndex;
  for (;;) {
    FLAT_FIELD.lastIndex = at;
    const field = FLAT_FIELD.exec(xml);
    if (!field) break;
    if (GUARDED.test(field[1]) || Object.hasOwn(body, field[1])) return undefined;
    body[field[1]] = field[2];
    at = FLAT_FIELD.lastIndex;
  }
  FLAT_END.lastIndex = at;
  const end = FLAT_END.exec(xml);
  if (!end || end[1] !== head[3] || at === FLAT_HEAD.lastIndex) return undefined;
  return { '?xml': { '@version': head[1], '@encoding': head[2] }, [head[3]]: body };
}

const ROOTS = ['Query', 'Control', 'Notify', 'Response'] as const;

/** The child named `name` (any case), or undefined. */
export function child(obj: XmlValue | undefined, name: string): XmlValue | undefined {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** Text of a child element (first one when repeated), or undefined. */
export function text(obj: XmlValue | undefined, name: string): string | undefined {
  let v = child(obj, name);
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as XmlObject)['#text'] === 'string') return (v as XmlObject)['#text'] as string;
  return v === undefined ? undefined : '';
}

export function readManscdp(raw: Buffer): ReadResult {
  const xml = decodeBody(raw);
  let doc: XmlObject;
  try {
    doc = readFlat(xml) ?? parseXml(xml);
  } catch (err) {
    return { ok: false, reason: `unreadable XML: ${(err as Error).message.split('\n')[0]}` };
  }
  for (const root of ROOTS) {
    const body = child(doc, root);
    if (!body || typeof body !== 'object' || Array.isArray(body)) continue;
    const cmdType = text(body, 'CmdType');
    if (!cmdType) return { ok: false, reason: `${root} without CmdType` };
    const declared = /encoding\s*=\s*["']([^"']+)["']/i.exec(xml.slice(0, 100))?.[1] ?? '';
    return {
      ok: true,
      message: {
        root,
        cmdType,
        sn: text(body, 'SN') ?? '',
        deviceId: text(body, 'DeviceID') ?? '',
        body,
        gbCharset: /^gb/i.test(declared),
      },
    };
  }
  return { ok: false, reason: 'no Query, Control, Notify or Response root element' };
}
