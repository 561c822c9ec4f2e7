// Before any test: the machine must render Chinese (a screenshot of boxes passes no human review). .ci/run
// installs fonts-wqy-microhei; elsewhere, install any CJK font (fonts-noto-cjk, fonts-wqy-microhei).
import { execFileSync } from 'node:child_process';
import useTestTempDir from '../scripts/test-temp-dir';

/** Returns the teardown: the run's temporary folder removed. */
export default function globalSetup(): () => void {
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', [':lang=zh-cn', 'family'], { encoding: 'utf8' });
  } catch (err) {
    throw new Error(`cannot list fonts with fc-list (${(err as Error).message}); install fontconfig and a CJK font such as fonts-wqy-microhei`);
  }
  if (fonts.trim() === '') {
    throw new Error('no font with Simplified Chinese glyphs is installed, so Chinese screenshots would show boxes: apt-get install fonts-wqy-microhei (.ci/run does)');
  }
  return useTestTempDir();
}
