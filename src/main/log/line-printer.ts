// Prints log lines to stdout/stderr a batch at a time: lines logged in one turn of the event loop leave in one
// write per stream at the next turn (and at exit), so a registration storm's thousands of lines a second cost a
// few writes instead of a synchronous write each. The clock text is formatted once per second.
export interface LineOutput {
  write(text: string): unknown;
  /** A stream's own errors (process.stdout's EPIPE once the reader of its pipe is gone). */
  on?(event: 'error', listener: (err: Error) => void): unknown;
}

export interface LinePrinterOptions {
  out?: LineOutput;
  err?: LineOutput;
  /** When the pending lines are written (tests); defaults to the next turn of the event loop. */
  schedule?: (flush: () => void) => void;
}

export interface LinePrinter {
  print(time: number, level: string, message: string, toErr: boolean): void;
  flush(): void;
}

const atExit = new Set<() => void>();
let exitHooked = false;

export function createLinePrinter(opts: LinePrinterOptions = {}): LinePrinter {
  const out = opts.out ?? process.stdout;
  const err = opts.err ?? process.stderr;
  const schedule = opts.schedule ?? ((f: () => void) => setImmediate(f).unref());
  let outText = '';
  let errText = '';
  let scheduled = false;
  let clockSecond = -1;
  let clockText = '';
  // A stream that failed (its pipe's reader gone: `npm run serve | head`, a parent that exited) is written no more,
  // and its error is not left unhandled: each line would otherwise come back as an uncaught exception.
  const failed = new Set<LineOutput>();
  for (const stream of new Set<LineOutput>([out, err])) stream.on?.('error', () => failed.add(stream));

  const clock = (time: number): string => {
    const second = Math.floor(time / 1000);
    if (second !== clockSecond) {
      clockSecond = second;
      clockText = new Date(time).toLocaleTimeString();
    }
    return clockText;
  };

  const flush = (): void => {
    scheduled = false;
    if (outText) {
      const text = outText;
      outText = '';
      if (!failed.has(out)) out.write(text);
    }
    if (errText) {
      const text = errText;
      errText = '';
      if (!failed.has(err)) err.write(text);
    }
  };

  atExit.add(flush);
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => atExit.forEach((f) => f()));
  }
  return {
    print(time, level, message, toErr) {
      const line = `${clock(time)} ${level.toUpperCase().padEnd(5)} ${message}\n`;
      if (toErr) errText += line;
      else outText += line;
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
