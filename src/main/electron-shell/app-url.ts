// Which URLs are the app's own renderer: exactly the built index.html (any hash or query), or in development
// the electron-vite dev server's origin. A prefix check would let file:///…/renderer-x/ or
// http://localhost:5173.evil.example through.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppUrlOptions {
  /** The built renderer's index.html (absolute path). */
  rendererIndex: string;
  /** ELECTRON_RENDERER_URL in development. */
  devUrl?: string;
}

export function isAppUrl(url: string, opts: AppUrlOptions): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (opts.devUrl) {
    const dev = new URL(opts.devUrl);
    return u.protocol === dev.protocol && u.host === dev.host && u.username === '' && u.password === '';
  }
  if (u.protocol !== 'file:' || (u.host !== '' && u.host !== 'localhost')) return false;
  try {
    return path.resolve(fileURLToPath(u)) === path.resolve(opts.rendererIndex);
  } catch {
    return false;
  }
}
