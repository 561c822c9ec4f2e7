import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../shared/media-frames';
import { AckWindowSink } from './ack-window-sink';
import { FrameFanout, type FanoutFrame } from './frame-fanout';

const frame = (i: number): FanoutFrame => ({
  codec: 'h264',
  data: new Uint8Array(1000),
  pts: i * 3600,
  keyframe: i % 10 === 0,
  width: 640,
  height: 360,
  codecString: 'avc1.42C01E',
});

const nextMessage = <T>(port: MessagePort) => new Promise<T>((resolve) => port.once('message', resolve));

describe('AckWindowSink over a MessagePort', () => {
  it('counts unacknowledged bytes, so a renderer that stops acknowledging is dropped to the next keyframe', async () => {
    const { port1, port2 } = new MessageChannel();
    const sink = new AckWindowSink({ postMessage: (m) => port1.postMessage(m), close: () => port1.close() });
    const fanout = new FrameFanout({ maxBufferedBytes: 5000 });
    fanout.subscribe(sink);
    const received: number[] = [];
    const readOne = async () => {
      const r = decodeFrame(await nextMessage<Uint8Array>(port2));
      if (!r.ok) throw new Error(r.reason);
      received.push(r.frame.sequence);
      return r.frame.sequence;
    };
    const ack = async (sequence: number) => {
      const got = nextMessage<{ ack: number }>(port1);
      port2.postMessage({ ack: sequence });
      sink.acknowledge((await got).ack);
    };

    for (let i = 0; i < 10; i++) {
      fanout.push(frame(i));
      await ack(await readOne());
    }
    expect(sink.bufferedAmount).toBe(0);

    // the renderer keeps reading but stops acknowledging: five frames fit in 5000 bytes, then nothing
    for (let i = 10; i < 30; i++) {
      const before = sink.bufferedAmount;
      fanout.push(frame(i));
      if (sink.bufferedAmount !== before) await readOne();
    }
    expect(received.slice(10)).toEqual([10, 11, 12, 13, 14]);
    expect(sink.bufferedAmount).toBe(5 * 1039);

    await ack(14);
    expect(sink.bufferedAmount).toBe(0);
    for (let i = 30; i < 33; i++) {
      fanout.push(frame(i));
      await ack(await readOne());
    }
    expect(received.slice(15)).toEqual([30, 31, 32]);
    port1.close();
  });
});
