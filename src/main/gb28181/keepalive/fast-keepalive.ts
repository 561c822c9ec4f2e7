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

// White space is the ASCII characters \s takes, without the U+00A0 it also takes (a latin1 byte 0xA0): nothing
// outside printable ASCII, CR, LF, TAB, VT and FF can match, so a body with any other byte (UTF-8, GB2312, NUL
// padding) fails the expression by itself and goes to the codec.
const S = String.raw`[\t\n\v\f\r ]`;
const SHAPE = new RegExp(
  String.raw`^(?:<\?xml${S}+version${S}*=${S}*["']1\.[01]["'](?:${S}+encoding${S}*=${S}*["']([A-Za-z0-9._-]{1,20})["'])?${S}*\?>)?` +
    String.raw`${S}*<Notify>${S}*<CmdType>Keepalive<\/CmdType>${S}*<SN>(\d{1,10})<\/SN>${S}*<DeviceID>(\d{20})<\/DeviceID>` +
    String.raw`${S}*<Status>(OK|ERROR)<\/Status>${S}*<\/Notify>${S}*$`,
);

export function readFastKeepalive(body: Buffer): FastKeepalive | undefined {
  if (body.length === 0 || body.length > 512) return undefined;
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
