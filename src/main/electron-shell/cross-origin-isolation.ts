// The console window's page is cross-origin isolated where it can be, so the H.265 WebAssembly decoder has
// SharedArrayBuffer (threads, and a stream read as it arrives). Responses over HTTP (the dev server) get
// COOP/COEP; file:// answers carry no headers, so for the built page SharedArrayBuffer is switched on instead
// (the page loads only its own files, and no other site runs in this browser).

interface CommandLine {
  appendSwitch(name: string, value?: string): void;
}

interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}

interface WebRequest {
  onHeadersReceived(listener: (details: HeadersDetails, callback: (r: { responseHeaders?: Record<string, string[]> }) => void) => void): void;
}

/** Before the app is ready. */
export function allowSharedMemory(commandLine: CommandLine): void {
  commandLine.appendSwitch('enable-features', 'SharedArrayBuffer');
}

export const ISOLATION_HEADERS: Record<string, string[]> = {
  'Cross-Origin-Opener-Policy': ['same-origin'],
  'Cross-Origin-Embedder-Policy': ['require-corp'],
};

/** Adds COOP/COEP to the app's own pages and files (isOwn: the page's origin). */
export function isolateOwnResponses(webRequest: WebRequest, isOwn: (url: string) => boolean): void {
  webRequest.onHeadersReceived((details, callback) => {
    if (!isOwn(details.url)) return callback({});
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) if (name.toLowerCase() in LOWER) delete headers[name];
    callback({ responseHeaders: { ...headers, ...ISOLATION_HEADERS } });
  });
}

const LOWER = Object.fromEntries(Object.keys(ISOLATION_HEADERS).map((k) => [k.toLowerCase(), true]));
