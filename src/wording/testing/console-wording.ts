// The console's wording of server texts, loaded as the renderer loads it (the i18n store reads the saved language
// and the browser's when imported, so both are stubbed first).
import { afterAll, beforeAll, vi } from 'vitest';
import type { ServerText } from '../../shared/texts';

export type Lang = 'en' | 'zh-CN';

/** Registers the loading in beforeAll; `word` is usable inside tests. `fallback`: what an unknown code words as. */
export function consoleWording(): { word(lang: Lang, said: ServerText, fallback?: string): string } {
  let translate: typeof import('../../renderer/i18n/index').translate;
  let wordServerText: typeof import('../../renderer/i18n/server-text').wordServerText;
  beforeAll(async () => {
    vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
    vi.stubGlobal('navigator', { language: 'en' });
    ({ translate } = await import('../../renderer/i18n/index'));
    ({ wordServerText } = await import('../../renderer/i18n/server-text'));
  });
  afterAll(() => vi.unstubAllGlobals());
  return { word: (lang, said, fallback = '') => wordServerText((key, vars) => translate(lang, key, vars), said, fallback) };
}
