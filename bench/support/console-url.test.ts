// The benches' reading of a starting server's output: the console address is found, and what follows is drained
// without being kept or searched.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { consoleUrlFrom } from './console-url';

describe("a starting server's output", () => {
  it('gives the console address, split across chunks, and keeps what came before it', async () => {
    const out = new PassThrough();
    const c = consoleUrlFrom(out);
    out.write('SIP listening on UDP 127.0.0.1:5060\nConsole: http://127.0.0.1:4');
    out.write('1234/#token\n');
    expect(await c.url).toBe('http://127.0.0.1:41234/');
    expect(c.printed()).toContain('SIP listening');
  });

  it('reads what follows the address without keeping it, and keeps the stream flowing', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const c = consoleUrlFrom(out);
    out.write('Console: http://127.0.0.1:8080/\n');
    await c.url;
    expect(out.listenerCount('data')).toBe(0);
    const kept = c.printed().length;
    const line = `10:00:00 INFO  device 34020000001320000001 at 127.0.0.1:5060 registered\n`;
    // far past the stream's buffer: with nobody reading, the writes would stop being taken
    for (let i = 0; i < 1000; i++) await new Promise((taken) => out.write(line, taken));
    expect(c.printed().length).toBe(kept);
  });
});
