import { beforeAll, expect, it, vi } from 'vitest';
import { routeByOwner } from '../main/cluster/owner-routing';
import type { ServerText } from '../shared/texts';

let translate: typeof import('../renderer/i18n/index').translate;
let wordServerText: typeof import('../renderer/i18n/server-text').wordServerText;
beforeAll(async () => {
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
  vi.stubGlobal('navigator', { language: 'en' });
  ({ translate } = await import('../renderer/i18n/index'));
  ({ wordServerText } = await import('../renderer/i18n/server-text'));
});

it("words the refusal of another instance's recordings in either language (English as the server says it)", async () => {
  const routed = routeByOwner(
    { 'playback.start': () => ({}), 'download.start': () => ({}) },
    { self: 'A', onlineHere: () => false, owner: async () => 'B', others: () => [], relay: { call: async () => undefined } },
  );
  for (const [method, zh] of [['playback.start', '录像回放'], ['download.start', '录像下载']] as const) {
    const err = (await (routed[method] as unknown as (p: object) => Promise<unknown>)({ deviceId: '34020000001320000001' }).catch((e: { text: ServerText }) => e)) as { message: string; text: ServerText };
    expect(wordServerText((k, v) => translate('en', k, v), err.text)).toBe(err.message);
    expect(wordServerText((k, v) => translate('zh-CN', k, v), err.text)).toBe(`设备 34020000001320000001 注册在控制台实例 B 上；请在该实例的控制台中开始${zh}`);
  }
});
