import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './ipc-sender';

const APP = 'file:///app/renderer/index.html';
const isApp = (url: string) => url === APP;
const windowId = () => 7;

describe('isTrustedSender', () => {
  it("trusts the window's own main frame showing the app page", () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: APP, parent: null } }, windowId, isApp)).toBe(true);
  });

  it('refuses iframes, other pages, other webContents and events without a frame', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: APP, parent: {} } }, windowId, isApp)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } }, windowId, isApp)).toBe(false);
    expect(isTrustedSender({ sender: { id: 8 }, senderFrame: { url: APP, parent: null } }, windowId, isApp)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, windowId, isApp)).toBe(false);
    expect(isTrustedSender({}, windowId, isApp)).toBe(false);
    expect(isTrustedSender(null, windowId, isApp)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: APP, parent: null } }, () => null, isApp)).toBe(false);
  });
});
