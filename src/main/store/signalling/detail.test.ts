import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from './charset';
import { decodeMessage } from './detail';
import { prettyXml } from './pretty-xml';
import { sdpFields } from './sdp-fields';
import { CHANNEL_NAMES, catalogResponseGb2312, deviceMessage, inviteOk, register } from './testing/messages';

describe('decodeMessage', () => {
  it('decodes a GB2312 Catalog body and pretty-prints it with the Chinese names', () => {
    const d = decodeMessage(deviceMessage(catalogResponseGb2312(9), 'cat'));
    expect(d.body.kind).toBe('xml');
    if (d.body.kind !== 'xml') return;
    expect(d.body.charset).toBe('GB2312');
    const lines = d.body.pretty.split('\n');
    expect(lines[0]).toBe('<?xml version="1.0" encoding="GB2312"?>');
    expect(lines).toContain('<Response>');
    expect(lines).toContain('  <CmdType>Catalog</CmdType>');
    expect(lines).toContain('  <DeviceList Num="2">');
    expect(lines).toContain(`      <Name>${CHANNEL_NAMES[0]}</Name>`);
    expect(lines).toContain(`      <Name>${CHANNEL_NAMES[1]}</Name>`);
    expect(lines[lines.length - 1]).toBe('</Response>');
    expect(d.text.startsWith('MESSAGE sip:')).toBe(true);
    expect(d.text).toContain(`<Name>${CHANNEL_NAMES[0]}</Name>`);
  });

  it('splits SDP into fields in order, keeping odd device lines', () => {
    const d = decodeMessage(inviteOk('inv'));
    expect(d.body.kind).toBe('sdp');
    if (d.body.kind !== 'sdp') return;
    expect(d.body.fields[0]).toEqual({ type: 'v', value: '0' });
    expect(d.body.fields).toContainEqual({ type: 'm', value: 'video 15060 RTP/AVP 96' });
    expect(d.body.fields).toContainEqual({ type: 'y', value: '0100000001' });
    expect(d.body.fields).toContainEqual({ type: 'f', value: '' });
    expect(d.body.fields.map((f) => f.type).join('')).toBe('vosctmaayf');
  });

  it('has no body for a REGISTER', () => {
    const d = decodeMessage(register());
    expect(d.body).toEqual({ kind: 'none' });
    expect(d.text).toContain('REGISTER sip:');
  });
});

describe('decodeBody', () => {
  it('trusts the bytes over the declaration (docs/protocol.md §6)', () => {
    const utf8 = Buffer.from('<?xml version="1.0" encoding="GB2312"?><N>大门</N>', 'utf8');
    expect(decodeBody(utf8)).toEqual({ text: '<?xml version="1.0" encoding="GB2312"?><N>大门</N>', charset: 'UTF-8 (declared GB2312)' });
    const gbk = iconv.encode('<?xml version="1.0"?><N>大门</N>', 'gbk');
    expect(decodeBody(gbk)).toEqual({ text: '<?xml version="1.0"?><N>大门</N>', charset: 'GB18030' });
    const gb18030 = iconv.encode('<?xml version="1.0" encoding="GB18030"?><N>𠀀门</N>', 'gb18030');
    expect(decodeBody(gb18030).text).toContain('𠀀门');
  });

  it('drops trailing NUL padding', () => {
    expect(decodeBody(Buffer.from('<a>1</a>\0\0\0')).text).toBe('<a>1</a>');
  });
});

describe('prettyXml', () => {
  it('returns text that is not well-formed unchanged', () => {
    expect(prettyXml('<a><b>1</a>')).toBe('<a><b>1</a>');
    expect(prettyXml('not xml')).toBe('not xml');
  });

  it('keeps self-closing elements, comments and attributes', () => {
    expect(prettyXml('<a x="1"><b/><!-- c --><d>t</d></a>')).toBe('<a x="1">\n  <b/>\n  <!-- c -->\n  <d>t</d>\n</a>');
  });
});

describe('sdpFields', () => {
  it('keeps a line that is not type=value whole', () => {
    expect(sdpFields('v=0\r\ngarbage\r\n')).toEqual([
      { type: 'v', value: '0' },
      { type: '', value: 'garbage' },
    ]);
  });
});
