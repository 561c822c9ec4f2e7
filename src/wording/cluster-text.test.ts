// What the cluster says to a console (src/main/cluster) against the console's wording of it (src/renderer).
import { beforeAll, expect, it, vi } from 'vitest';
import { routeByOwner } from '../main/cluster/owner-routing';
import { relayClosingText } from '../main/cluster/relay';
import type { ServerText } from '../shared/texts';

let translate: typeof import('../renderer/i18n/index').translate;
let wordServerText: typeof import('../renderer/i18n/server-text').wordServerText;
beforeAll(async () => {
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
  vi.stubGlobal('navigator', { language: 'en' });
  ({ translate } = await import('../renderer/i18n/index'));
  ({ wordServerText } = await import('../renderer/i18n/server-text'));
});

const word = (lang: 'en' | 'zh-CN', said: ServerText) => wordServerText((k, v) => translate(lang, k, v), said);

it("starts playback and download of another instance's device here once the owner's view is fetched (no refusal to word)", async () => {
  const prepared: string[] = [];
  const routed = routeByOwner(
    { 'playback.start': () => ({ ran: 'here' }), 'download.start': () => ({ ran: 'here' }) },
    { self: 'A', onlineHere: () => false, owner: async () => 'B', others: () => [], relay: { call: async () => undefined }, prepare: async (owner, id) => void prepared.push(`${owner}/${id}`) },
  );
  for (const method of ['playback.start', 'download.start'] as const) {
    await expect((routed[method] as unknown as (p: object) => Promise<unknown>)({ deviceId: '34020000001320000001' })).resolves.toEqual({ ran: 'here' });
  }
  expect(prepared).toEqual(['B/34020000001320000001', 'B/34020000001320000001']);
});

it('words an instance shutting down in either language (English as the server says it)', () => {
  expect(word('en', relayClosingText())).toBe(relayClosingText().text);
  expect(word('zh-CN', relayClosingText())).toBe('本控制台实例正在关闭');
});
