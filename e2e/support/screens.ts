// Layout checks and screenshots shared by the console specs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** Every visible control lies inside the window and is the topmost element at its centre (not clipped or covered). */
export async function layoutProblems(page: Page): Promise<string[]> {
  // Let layout settle first: ResizeObserver-driven changes (the device table drops columns that do not fit) land
  // one frame after the resize that caused them.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return page.evaluate(() => {
    const problems: string[] = [];
    const selector = 'button, input, select, textarea, [role="tab"], [role="treeitem"], [role="row"][tabindex]';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      if (r.left < 0 || r.right > window.innerWidth + 0.5) problems.push(`${name} sticks out horizontally (${Math.round(r.left)}..${Math.round(r.right)})`);
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      if (cy < 0 || cy > window.innerHeight) continue; // below the fold of a scrolling area
      // Inside a scroller, only what the scroller shows counts.
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (/(auto|scroll|hidden)/.test(style.overflow + style.overflowY)) {
          const pr = p.getBoundingClientRect();
          if (cy < pr.top || cy > pr.bottom) clipped = true;
        }
      }
      if (clipped) continue;
      const top = document.elementFromPoint(cx, cy);
      if (!top || !(el === top || el.contains(top) || top.contains(el) || (top as HTMLElement).closest('label')?.contains(el))) {
        problems.push(`${name} is covered by ${top ? `${top.tagName.toLowerCase()}.${(top as HTMLElement).className}` : 'nothing'}`);
      }
    }
    return problems;
  });
}

/** Console errors and uncaught exceptions of the page, collected for a final `toEqual([])`. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  // Chromium's "Failed to load resource: ... 409" names no request: the failed answers seen are added to it.
  const failed: string[] = [];
  page.on('response', (res) => {
    if (res.status() < 400) return;
    const req = res.request();
    failed.push(`${res.status()} ${req.method()} ${new URL(res.url()).pathname} ${(req.postData() ?? '').slice(0, 200)}`.trim());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    errors.push(text.startsWith('Failed to load resource') && failed.length > 0 ? `${text} (${failed.join('; ')})` : text);
  });
  return errors;
}

const README_DIR = 'docs/screenshots';

/**
 * A 1280x800 screenshot of the window for the README. Always written under e2e/output/readme/; written to
 * docs/screenshots/ (the committed copies, palette PNGs) only when README_SCREENSHOTS=1, so an ordinary test run
 * leaves the working tree clean.
 */
export async function readmeShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  if (!size || size.width !== 1280 || size.height !== 800) throw new Error(`README screenshots are taken at 1280x800; the page is ${JSON.stringify(size)}`);
  // No blinking caret or hover state in the pictures.
  await page.mouse.move(0, 0);
  const png = await page.screenshot({ caret: 'hide', animations: 'disabled' });
  fs.mkdirSync('e2e/output/readme', { recursive: true });
  fs.writeFileSync(path.join('e2e/output/readme', name), png);
  if (process.env.README_SCREENSHOTS === '1') {
    fs.mkdirSync(README_DIR, { recursive: true });
    fs.writeFileSync(path.join(README_DIR, name), toPalette(png));
  }
}

/** The same picture with a 256-colour palette (a third of the size; UI pictures lose nothing visible), when ffmpeg is there. */
function toPalette(png: Buffer): Buffer {
  const filter = 'split[a][b];[a]palettegen=max_colors=256:stats_mode=full[p];[b][p]paletteuse=dither=none';
  const run = spawnSync('ffmpeg', ['-loglevel', 'error', '-f', 'png_pipe', '-i', 'pipe:0', '-vf', filter, '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'], {
    input: png,
    maxBuffer: 32 * 1024 * 1024,
  });
  return run.status === 0 && run.stdout.length > 0 ? run.stdout : png;
}
