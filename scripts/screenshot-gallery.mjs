#!/usr/bin/env node
/**
 * Makes the README's gallery screenshots (docs/gallery.png, docs/gallery-mobile.png): two real runs
 * of the CLI on the procedural generator (the second changes two prompts, so the page shows a
 * before/after), then report.html opened from disk in the system Chromium.
 *   node scripts/screenshot-gallery.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const manifest = (time) => `version: 1
defaults:
  size: 512x320
assets:
  - id: hero/skyline
    title: Home page hero
    prompt: a red sun over blue mountains, ${time}
    variants: 3
    tags: [home]
  - id: banner-{{sea}}
    prompt: a {{sea}} ocean wave, ${time}
    matrix:
      sea: [teal, gold]
    variants: 2
    tags: [campaign]
  - id: icons/badge
    prompt: a flat grey badge
    qa:
      minAesthetic: 9.5
    tags: [home]
`;

const dir = await mkdtemp(path.join(tmpdir(), 'genops-shots-'));
try {
  const file = path.join(dir, 'genops.yaml');
  const genops = (args) => {
    try {
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'src/genops.ts'), ...args], {
        cwd: dir, // the page names the manifest as given: `genops.yaml`, not a temporary path
        env: { ...process.env, CI: 'true' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (error) {
      if (error.status !== 1) throw error; // 1: a gate failed, as this demo means it to
    }
  };
  await writeFile(file, manifest('at noon'));
  genops(['run', '-m', 'genops.yaml', '-q']);
  await writeFile(file, manifest('at dusk'));
  genops(['run', '-m', 'genops.yaml', '-q']);

  const url = pathToFileURL(path.join(dir, '.genops', 'run', 'report.html')).href;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const [name, viewport, full] of [
      ['gallery.png', { width: 1280, height: 1250 }, false],
      ['gallery-mobile.png', { width: 390, height: 1400 }, false],
    ]) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
      await page.goto(url, { waitUntil: 'load' });
      // Sorted by id, a changed asset comes first: its variants, then the before/after slider.
      await page.selectOption('#sort', 'id');
      // Lazy images in view load after layout; give them a moment.
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(ROOT, 'docs', name), fullPage: full });
      await page.close();
      console.log(`docs/${name}`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
