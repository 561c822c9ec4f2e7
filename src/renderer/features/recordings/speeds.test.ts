import { describe, expect, it } from 'vitest';
import { downloadSpeedOf } from '../../../shared/channel-view';
import { downloadSpeeds, playSpeeds } from './speeds';

/** A channel as the console holds it, from its Catalog item as sent. */
const sent = (raw: Record<string, unknown>) => ({ downloadSpeed: downloadSpeedOf(raw) });

describe('channel speeds', () => {
  it('reads DownloadSpeed from the item or its Info block; 8x playback only where 8 is listed', () => {
    expect(downloadSpeeds(sent({ Info: { DownloadSpeed: '1/2/4/8' } }))).toEqual([1, 2, 4, 8]);
    expect(playSpeeds(sent({ Info: { DownloadSpeed: '1/2/4/8' } }))).toEqual([0.25, 0.5, 1, 2, 4, 8]);
    expect(downloadSpeeds(sent({ DownloadSpeed: '4/1/2' }))).toEqual([1, 2, 4]);
    expect(playSpeeds(sent({ DownloadSpeed: '1/2/4' }))).toEqual([0.25, 0.5, 1, 2, 4]);
  });

  it('a channel that does not say gets 1, 2 and 4; nonsense is ignored', () => {
    expect(downloadSpeeds(undefined)).toEqual([1, 2, 4]);
    expect(downloadSpeeds(sent({ DownloadSpeed: 'fast' }))).toEqual([1, 2, 4]);
    expect(downloadSpeeds(sent({ Info: [{ DownloadSpeed: '1/16/2' }] }))).toEqual([1, 2]);
  });
});
