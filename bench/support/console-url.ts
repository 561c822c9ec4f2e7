// The console's address from a starting server's output; after it, the output is drained unread, as a terminal
// would take it. Kept and searched, a storm's log lines cost the reading process (in the benches, the simulator's)
// seconds of CPU: each chunk flattened an ever longer string for the search.
import type { Readable } from 'node:stream';

export interface ConsoleUrl {
  url: Promise<string>;
  /** What the server printed before its console address (for an error when it exits first). */
  printed(): string;
}

export function consoleUrlFrom(out: Readable): ConsoleUrl {
  let printed = '';
  const url = new Promise<string>((resolve) => {
    const read = (chunk: Buffer | string) => {
      printed += chunk;
      // the address is whole once what follows it (its token hint or the line's end) has come
      const m = /Console: (http:\/\/[^\s#]+)[#\s]/.exec(printed);
      if (!m) return;
      out.off('data', read);
      out.resume();
      resolve(m[1]);
    };
    out.on('data', read);
  });
  return { url, printed: () => printed };
}
