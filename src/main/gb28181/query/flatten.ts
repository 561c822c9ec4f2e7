import { textOf, type XmlElement } from '../manscdp/codec';
import { isElement } from '../manscdp/fields';

/** Top-level text fields of a body as sent (DeviceInfo: DeviceName, Manufacturer, ...); nested lists skipped. */
export function flattenFields(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el)) {
    if (k.startsWith('@') || k === '#text') continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (isElement(first) && Object.keys(first).some((n) => !n.startsWith('@') && n !== '#text')) continue;
    const t = textOf(v);
    if (t !== undefined) out[k] = t.trim();
  }
  return out;
}
