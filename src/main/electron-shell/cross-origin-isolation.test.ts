import { describe, expect, it } from 'vitest';
import { allowSharedMemory, isolateOwnResponses } from './cross-origin-isolation';

type Listener = Parameters<Parameters<typeof isolateOwnResponses>[0]['onHeadersReceived']>[0];

function answer(listener: Listener, url: string, responseHeaders: Record<string, string[]>) {
  let out: { responseHeaders?: Record<string, string[]> } | null = null;
  listener({ url, responseHeaders }, (r) => (out = r));
  return out!;
}

describe('cross-origin isolation in the Electron shell', () => {
  it("adds COOP/COEP to the app's own responses, replacing any already there, and leaves others alone", () => {
    let listener: Listener | null = null;
    isolateOwnResponses({ onHeadersReceived: (l) => (listener = l) }, (url) => url.startsWith('http://localhost:5173/'));
    const own = answer(listener!, 'http://localhost:5173/assets/hevc-worker.js', { 'content-type': ['text/javascript'], 'cross-origin-embedder-policy': ['unsafe-none'] });
    expect(own.responseHeaders).toEqual({
      'content-type': ['text/javascript'],
      'Cross-Origin-Opener-Policy': ['same-origin'],
      'Cross-Origin-Embedder-Policy': ['require-corp'],
    });
    expect(answer(listener!, 'https://example.com/', { a: ['b'] })).toEqual({});
  });

  it('switches SharedArrayBuffer on for the file:// page', () => {
    const switches: string[][] = [];
    allowSharedMemory({ appendSwitch: (...a: string[]) => void switches.push(a) });
    expect(switches).toEqual([['enable-features', 'SharedArrayBuffer']]);
  });
});
