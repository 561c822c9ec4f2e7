// Stored form of logged messages. Each message keeps the socket facts the bytes do not hold (time, direction,
// transport, addresses, CmdType/SN inherited by a response) as a short meta line next to its exact bytes.
// A block is a run of such messages deflated together with a preset dictionary of typical GB28181 traffic, so
// even a small block compresses like a long stream; the first byte names the codec so old blocks stay readable.
import zlib from 'node:zlib';
import { TemplateBlock, templateEncodeView } from './digit-template';
import { SIP_DICTIONARY } from './sip-dictionary';

export interface StoredMeta {
  time: number;
  direction: 'in' | 'out';
  transport: 'UDP' | 'TCP';
  localAddr: string;
  peerAddr: string;
  /** CmdType and SN a response inherited from its request ('' when none). */
  cmdType: string;
  sn: string;
}

export interface StoredMessage {
  id: number;
  meta: string;
  raw: Buffer;
}

const CODEC_DEFLATE_DICT_1 = 1;
/** Skeletons and digit fields (digit-template.ts), deflated with the same dictionary. */
const CODEC_TEMPLATE_DICT_1 = 2;
/** As 2, and a field may name a recent value by its distance back (a response repeats its request's). */
const CODEC_TEMPLATE_RECALL_DICT_1 = 3;
const DICTIONARY = Buffer.from(SIP_DICTIONARY, 'latin1');

const clean = (s: string) => (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 ? s : s.replace(/[\t\n]/g, ' '));

export function encodeMeta(m: StoredMeta): string {
  return `${m.time}\t${m.direction}\t${m.transport}\t${clean(m.localAddr)}\t${clean(m.peerAddr)}\t${clean(m.cmdType)}\t${clean(m.sn)}`;
}

export function decodeMeta(s: string): StoredMeta {
  const [time, direction, transport, localAddr, peerAddr, cmdType = '', sn = ''] = s.split('\t');
  return {
    time: Number(time),
    direction: direction === 'out' ? 'out' : 'in',
    transport: transport === 'TCP' ? 'TCP' : 'UDP',
    localAddr: localAddr ?? '',
    peerAddr: peerAddr ?? '',
    cmdType,
    sn,
  };
}

export function encodeBlock(messages: readonly StoredMessage[], level = 6): Buffer {
  const body = zlib.deflateRawSync(templateEncodeView(messages, true), { level, dictionary: DICTIONARY });
  return Buffer.concat([Buffer.from([CODEC_TEMPLATE_RECALL_DICT_1]), body]);
}

/** A stored block opened for reading: a message is built only when asked for. */
export interface OpenBlock {
  /** The message with this id, undefined when the block does not hold it. */
  find(id: number): StoredMessage | undefined;
  /** Every message, in id order. */
  all(): StoredMessage[];
}

/**
 * Opens a block without building its messages: a page of results mostly needs a few messages of each block it
 * touches, and building all of a block's (about 200) costs several times what inflating and reading its fields does.
 */
export function openBlock(data: Buffer): OpenBlock {
  if (data[0] === CODEC_TEMPLATE_RECALL_DICT_1) return new TemplateBlock(zlib.inflateRawSync(data.subarray(1), { dictionary: DICTIONARY }), true);
  if (data[0] === CODEC_TEMPLATE_DICT_1) return new TemplateBlock(zlib.inflateRawSync(data.subarray(1), { dictionary: DICTIONARY }), false);
  if (data[0] !== CODEC_DEFLATE_DICT_1) throw new Error(`unknown signalling block codec ${data[0]}`);
  return new FramedBlock(zlib.inflateRawSync(data.subarray(1), { dictionary: DICTIONARY }));
}

export function decodeBlock(data: Buffer): StoredMessage[] {
  return openBlock(data).all();
}

/** Codec 1: id (6 bytes), meta length (2), meta, raw length (4), raw; all deflated. */
class FramedBlock implements OpenBlock {
  private readonly messages = new Map<number, StoredMessage>();

  constructor(buf: Buffer) {
    let pos = 0;
    while (pos + 12 <= buf.length) {
      const id = buf.readUIntLE(pos, 6);
      const metaLen = buf.readUInt16LE(pos + 6);
      pos += 8;
      const meta = buf.toString('utf8', pos, pos + metaLen);
      pos += metaLen;
      const rawLen = buf.readUInt32LE(pos);
      pos += 4;
      // A copy, so one message kept by a caller does not hold the whole block.
      this.messages.set(id, { id, meta, raw: Buffer.from(buf.subarray(pos, pos + rawLen)) });
      pos += rawLen;
    }
  }

  find(id: number): StoredMessage | undefined {
    return this.messages.get(id);
  }

  all(): StoredMessage[] {
    return [...this.messages.values()];
  }
}
