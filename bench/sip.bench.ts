// npm run bench:sip — parse and serialize throughput for typical GB28181 messages. Prints messages per second.
import { parseMessage } from '../src/main/sip/message/parse';
import { serializeMessage } from '../src/main/sip/message/serialize';
import { getCallId, getCSeq, getTopVia } from '../src/main/sip/message/headers';
import { SipStreamFramer } from '../src/main/sip/framing/stream-framer';
import type { SipMessage } from '../src/main/sip/message/types';
import { CATALOG_MESSAGE, REGISTER_WITH_AUTH } from '../src/main/sip/message/testing/samples';

const RUN_MS = 1000;

/** Calls fn in batches for about RUN_MS after a warm-up; returns operations per second. */
function measure(fn: () => void): number {
  const deadline = (ms: number): bigint => process.hrtime.bigint() + BigInt(ms) * 1_000_000n;
  for (const end = deadline(200); process.hrtime.bigint() < end; ) for (let i = 0; i < 100; i++) fn();
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(RUN_MS) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) fn();
    ops += 100;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

function parsed(buf: Buffer): SipMessage {
  const r = parseMessage(buf);
  if (!r.ok) throw new Error('sample does not parse: ' + r.error.reason);
  return r.message;
}

const samples: [string, Buffer][] = [
  ['REGISTER with Authorization', Buffer.from(REGISTER_WITH_AUTH)],
  ['MESSAGE Catalog (GB2312 body)', CATALOG_MESSAGE],
];

let sink = 0;
const rows: string[][] = [];
for (const [name, wire] of samples) {
  const message = parsed(wire);
  const parse = measure(() => {
    const r = parseMessage(wire);
    if (r.ok) sink += r.message.headers.length;
  });
  const parseRead = measure(() => {
    const r = parseMessage(wire);
    if (r.ok) sink += (getTopVia(r.message)?.port ?? 0) + (getCSeq(r.message)?.seq ?? 0) + (getCallId(r.message)?.length ?? 0);
  });
  const serialize = measure(() => {
    sink += serializeMessage(message).length;
  });
  const roundTrip = measure(() => {
    const r = parseMessage(wire);
    if (r.ok) sink += serializeMessage(r.message).length;
  });
  const stream = Buffer.concat(Array.from({ length: 10 }, () => wire));
  const framer = new SipStreamFramer();
  const frame = measure(() => {
    sink += framer.push(stream).length;
  }) * 10;
  rows.push([name, String(wire.length), ...[parse, parseRead, serialize, roundTrip, frame].map((v) => Math.round(v).toLocaleString('en-US'))]);
}

const header = ['message', 'bytes', 'parse/s', 'parse+Via/CSeq/Call-ID/s', 'serialize/s', 'parse+serialize/s', 'TCP framing/s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]): string => cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`SIP message throughput (node ${process.version}, one core, ${RUN_MS} ms per figure)`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
if (sink === 42) console.log('');
