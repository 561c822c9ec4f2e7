import { describe, expect, it } from 'vitest';
import { recordingFileName, snapshotFileName } from './file-names';

describe('file names', () => {
  const at = new Date(2025, 0, 31, 14, 5, 9);

  it('name the channel and the local time', () => {
    expect(snapshotFileName('34020000001320000001', at)).toBe('snapshot-34020000001320000001-20250131-140509.png');
    expect(recordingFileName('34020000001320000001', at)).toBe('recording-34020000001320000001-20250131-140509.mp4');
  });

  it('keep only characters every file system accepts', () => {
    expect(snapshotFileName('../东门/cam 1', at)).toBe('snapshot-cam_1-20250131-140509.png');
    expect(snapshotFileName('东门', at)).toBe('snapshot-channel-20250131-140509.png');
  });
});
