// MANSCDP+xml bodies (GB/T 28181 §6.x, Annex A): bytes <-> { root, CmdType, SN, DeviceID, fields }.
// Safety: entity processing is off and DOCTYPE is refused (no expansion attacks), size and depth are capped,
// and every value stays a string (20-digit IDs must never become numbers). Never throws on input.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  decodeBodyText,
  declarationName,
  encodeText,
  type BodyCharset,
  type SendCharset,
} from './charset';
import { canonicalCmdType, canonicalElement, canonicalRoot, ROOTS, type ManscdpRoot } from './names';
import { parseSimpleXml } from './simple-xml';
import { escapeLoneAmpersands, unescapeXml } from './xml-text';
import { writeXml, type XmlObject } from './xml-write';

export type XmlNode = string | XmlElement;
export interface XmlElement {
  [name: string]: XmlNode | XmlNode[];
}

export interface DecodedBody {
  ok: true;
  root: ManscdpRoot;
  /** Canonical spelling when known (e.g. "Catalog" for "catalog"), else as sent. */
  cmdType: string;
  sn: string;
  deviceId: string;
  /** All children of the root, names in canonical case; attributes as "@Name"; Item always an array. */
  fields: XmlElement;
  charset: BodyCharset;
  declaredEncoding?: string;
  /** The declaration named one charset and the bytes were another. */
  charsetMismatch: boolean;
}

export interface DecodeFailure {
  ok: false;
  /** Installer-readable, e.g. "malformed XML: Expected closing tag 'Name' ... at line 7". */
  reason: string;
  /** Best-effort header values found in the text, for the log line. */
  hint: { cmdType?: string; sn?: string; deviceId?: string };
}

export type DecodeResult = DecodedBody | DecodeFailure;

export interface DecodeOptions {
  /** Default 1 MiB. */
  maxBytes?: number;
  /** Maximum element nesting. Default 32 (real bodies use at most 5). */
  maxDepth?: number;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const DEFAULT_MAX_DEPTH = 32;

const parserCache = new Map<number, XMLParser>();

/** Any well-formed body (validated first): what parseSimpleXml gives up on. */
export function parseGeneralXml(xml: string, maxDepth: number): Record<string, unknown> {
  return parserFor(maxDepth).parse(xml) as Record<string, unknown>;
}

function parserFor(maxDepth: number): XMLParser {
  let p = parserCache.get(maxDepth);
  if (!p) {
    p = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      textNodeName: '#text',
      parseTagValue: false,
      parseAttributeValue: false,
      processEntities: false,
      htmlEntities: false,
      trimValues: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      allowBooleanAttributes: true,
      transformTagName: canonicalElement,
      // receives the prefixed name ("@num")
      transformAttributeName: (n) => (n.startsWith('@') ? `@${canonicalElement(n.slice(1))}` : canonicalElement(n)),
      tagValueProcessor: (_name, value) => unescapeXml(value),
      attributeValueProcessor: (_name, value) => unescapeXml(value),
      isArray: (name) => name === 'Item',
      maxNestedTags: maxDepth,
    });
    parserCache.set(maxDepth, p);
  }
  return p;
}

// Bounded, single quantifier: no backtracking blow-up on hostile input.
const HINT_PATTERNS = {
  cmdType: /<CmdType>([^<]{1,64})<\//i,
  sn: /<SN>([^<]{1,64})<\//i,
  deviceId: /<DeviceID>([^<]{1,64})<\//i,
};

function hintFrom(text: string): DecodeFailure['hint'] {
  const grab = (pattern: RegExp) => {
    const v = pattern.exec(text)?.[1].trim();
    return v ? v : undefined;
  };
  const hint: DecodeFailure['hint'] = {};
  const cmd = grab(HINT_PATTERNS.cmdType);
  if (cmd) hint.cmdType = canonicalCmdType(cmd);
  const sn = grab(HINT_PATTERNS.sn);
  if (sn) hint.sn = sn;
  const id = grab(HINT_PATTERNS.deviceId);
  if (id) hint.deviceId = id;
  return hint;
}

/** Text content of a node: the string itself, or "#text" of an element with attributes. */
export function textOf(node: XmlNode | XmlNode[] | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : Object.keys(node).every((k) => k.startsWith('@')) ? '' : undefined;
}

function canonicaliseTagNames(xml: string): string {
  return xml.replace(/<(\/?)([A-Za-z_][\w.-]*)/g, (_m, slash: string, name: string) => `<${slash}${canonicalElement(name)}`);
}

function trimBody(buf: Uint8Array): Uint8Array {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0 || buf[end - 1] === 0x20 || buf[end - 1] === 0x0a || buf[end - 1] === 0x0d || buf[end - 1] === 0x09)) end--;
  let start = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
  while (start < end && (buf[start] === 0x20 || buf[start] === 0x0a || buf[start] === 0x0d || buf[start] === 0x09)) start++;
  return buf.subarray(start, end);
}

export function decodeBody(input: Uint8Array | string, opts: DecodeOptions = {}): DecodeResult {
  try {
    return decodeUnsafe(input, opts);
  } catch (e) {
    // Defensive: the steps above are written not to throw; a library surprise must still not escape.
    return { ok: false, reason: `unreadable body: ${(e as Error)?.message ?? String(e)}`, hint: {} };
  }
}

function decodeUnsafe(input: Uint8Array | string, opts: DecodeOptions): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const raw = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (raw.length > maxBytes) {
    return { ok: false, reason: `body too large: ${raw.length} bytes (limit ${maxBytes})`, hint: {} };
  }
  const bytes = trimBody(raw);
  if (bytes.length === 0) return { ok: false, reason: 'empty body', hint: {} };
  const decoded = decodeBodyText(bytes);
  const text = decoded.text;
  // the hint is only for failures: read it from the text when one happens
  const fail = (reason: string): DecodeFailure => ({ ok: false, reason, hint: hintFrom(text) });
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return fail('DOCTYPE / ENTITY declarations are not allowed in MANSCDP bodies');
  }
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  let xml = escapeLoneAmpersands(text);
  let doc: Record<string, unknown> | null = parseSimpleXml(xml, maxDepth);
  if (!doc) {
    const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
    if (valid !== true) {
      // Some devices close <Name> with </name>: retry with known tag names in canonical case before giving up.
      const recased = canonicaliseTagNames(xml);
      if (recased === xml || XMLValidator.validate(recased, { allowBooleanAttributes: true }) !== true) {
        return fail(`malformed XML: ${valid.err.msg.replace(/\.$/, '')} at line ${valid.err.line}`);
      }
      xml = recased;
    }
    try {
      doc = parseGeneralXml(xml, maxDepth);
    } catch (e) {
      const msg = (e as Error)?.message ?? String(e);
      const reason = /nest/i.test(msg) ? `XML nested deeper than ${maxDepth} levels` : `malformed XML: ${msg}`;
      return fail(reason);
    }
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (!rootName) return fail('no root element');
  const root = canonicalRoot(rootName);
  if (!root) {
    return fail(`unknown root element <${rootName}>; expected ${ROOTS.join(', ')}`);
  }
  const body = doc[rootName];
  if (Array.isArray(body)) return fail(`malformed XML: more than one <${rootName}> root element`);
  const fields: XmlElement = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as XmlElement) : {};
  const cmdType = textOf(fields.CmdType);
  if (!cmdType) return fail(`<${root}> has no CmdType`);
  const result: DecodedBody = {
    ok: true,
    root,
    cmdType: canonicalCmdType(cmdType),
    sn: textOf(fields.SN) ?? '',
    deviceId: textOf(fields.DeviceID) ?? '',
    fields,
    charset: decoded.charset,
    charsetMismatch: decoded.charsetMismatch,
  };
  if (decoded.declaredEncoding !== undefined) result.declaredEncoding = decoded.declaredEncoding;
  return result;
}

/** Writes a body: XML declaration naming the charset, then the root element; bytes in that charset. */
export function encodeBody(root: ManscdpRoot, obj: XmlObject, charset: SendCharset = 'gb2312'): Buffer {
  return encodeText(writeXml(root, obj, declarationName(charset)), charset);
}

/** A body ready to encode: what the typed builders return. */
export interface ManscdpDoc {
  root: ManscdpRoot;
  body: XmlObject;
}

export function encodeDoc(doc: ManscdpDoc, charset: SendCharset = 'gb2312'): Buffer {
  return encodeBody(doc.root, doc.body, charset);
}
