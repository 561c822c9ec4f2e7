import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/**
 * Serves the built renderer; unknown paths get index.html so client-side routes survive a reload. `page`
 * rewrites index.html per request (the API token goes in there); that answer is never cached.
 */
export function serveStatic(
  root: string,
  urlPath: string,
  res: http.ServerResponse,
  headers: Record<string, string>,
  page?: (html: string) => string,
): void {
  const decoded = safeDecode(urlPath);
  const resolved = path.resolve(root, '.' + (decoded ?? '/'));
  const inside = resolved === root || resolved.startsWith(root + path.sep);
  let file = inside && decoded !== null ? resolved : path.join(root, 'index.html');
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`The console has not been built yet (no ${file}); run "npm run build" first.\n`);
    return;
  }
  if (page && path.basename(file) === 'index.html') {
    const body = page(fs.readFileSync(file, 'utf8'));
    res.writeHead(200, { ...headers, 'content-type': TYPES['.html'], 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  fs.createReadStream(file).pipe(res);
}

function safeDecode(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    return null;
  }
}
