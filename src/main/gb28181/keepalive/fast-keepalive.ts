// Keepalives are most of what a platform receives (10,000 devices: 167 a second). Their usual shape is read
// here with one regular expression instead of the full MANSCDP codec (XML validation and parsing were more than
// half the cost of a keepalive). Anything else (other elements, attributes, comments, non-ASCII bytes, NUL
// padding, lower-case tags, an unknown charset) goes through the codec as before.
import { parseSendCharset, type SendCharset } from '../manscdp/charset';

export interface FastKeepalive {
  deviceId: string;
  sn: string;
  status: 'OK' | 'ERROR';
  /** The charset the XML declaration names, when there is one. */
  charset?: SendCharset;
}

const SHAPE =
  /^(?:<\?xml\s+version\s*=\s*["']1\.[01]["'](?:\s+encoding\s*=\s*["']([A-Za-z0-9._-]{1,20})["'])?\s*\?>)?\s*<Notify>\s*<CmdType>Keepalive<\/CmdType>\s*<SN>(\d{1,10})<\/SN>\s*<DeviceID>(\d{20})<\/DeviceID>\s*<Status>(OK|ERROR)<\/Status>\s*<\/Notify>\s*$/;

export function readFastKeepalive(body: Buffer): FastKeepalive | undefined {
  if (body.length === 0 || body.length > 512) return undefined;
  for (let i = 0; i < body.length; i++) if (body[i] >= 0x80 || body[i] === 0) return undefined;
  const m = SHAPE.exec(body.toString('latin1'));
  if (!m) return undefined;
  const out: FastKeepalive = { sn: m[2], deviceId: m[3], status: m[4] as 'OK' | 'ERROR' };
  if (m[1] !== undefined) {
    const charset = parseSendCharset(m[1]);
    if (!charset) return undefined;
    out.charset = charset;
  }
  return out;
}
