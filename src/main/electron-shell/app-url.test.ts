import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-url';

const rendererIndex = path.resolve('/opt/console/out/renderer/index.html');
const built = { rendererIndex };

describe('isAppUrl', () => {
  it('accepts exactly the built index.html, with a hash or query', () => {
    const url = pathToFileURL(rendererIndex).href;
    expect(isAppUrl(url, built)).toBe(true);
    expect(isAppUrl(`${url}#/devices`, built)).toBe(true);
    expect(isAppUrl(`${url}?lang=zh`, built)).toBe(true);
  });

  it('refuses a sibling folder sharing the prefix, other files, traversal and other schemes', () => {
    for (const url of [
      pathToFileURL('/opt/console/out/renderer-x/index.html').href,
      pathToFileURL('/opt/console/out/renderer/evil.html').href,
      pathToFileURL('/opt/console/out/renderer/sub/index.html').href,
      'file:///opt/console/out/renderer/../renderer-x/index.html',
      'file://evil-host/opt/console/out/renderer/index.html',
      'https://evil.example/opt/console/out/renderer/index.html',
      'not a url',
    ]) {
      expect(isAppUrl(url, built), url).toBe(false);
    }
  });

  it('in development accepts only the dev server origin', () => {
    const dev = { rendererIndex, devUrl: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isAppUrl('http://user@localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });
});
