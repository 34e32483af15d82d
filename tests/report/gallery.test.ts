/**
 * report.html in real Chromium, opened from disk the way a reviewer opens a downloaded artifact:
 * made by two real runs of the CLI on the procedural generator (the second changes two prompts, so
 * there are previous versions, SSIM verdicts and diff images).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const HOSTILE = `<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script>`;
const HOSTILE_BY = `<img src=x onerror="window.__pwned=3"> @everyone`;

const manifest = (wave: string) => `version: 1
defaults:
  size: 160x120
assets:
  - id: hero/sky
    prompt: '${HOSTILE} a red sun over blue mountains'
    variants: 3
    tags: [hero]
  - id: wave-{{c}}
    prompt: a {{c}} ocean wave ${wave}
    matrix:
      c: [teal, gold]
    tags: [sea]
  - id: strict
    prompt: a quiet grey field
    qa:
      minAesthetic: 9.9
    tags: [hero]
`;

let browser: Browser;
let dir: string;
let manifestFile: string;
let gallery: string;
const ASSETS = ['strict', 'hero/sky', 'wave-gold', 'wave-teal'];

beforeAll(async () => {
  // Made here, not with tempDir (that one is removed after each test): every test reads this run.
  dir = await mkdtemp(path.join(tmpdir(), 'genops-gallery-'));
  const file = path.join(dir, 'genops.yaml');
  manifestFile = file;
  await writeFile(file, manifest('at noon'));
  expect((await runCli(['run', '--manifest', file])).code).toBe(1); // `strict` fails its gate
  // A reviewer with a hostile name picks the variant the scores chose (so nothing else changes).
  const qa = JSON.parse(await readFile(path.join(dir, '.genops', 'run', 'qa.json'), 'utf8'));
  const chosen = qa.assets.find((a: { id: string }) => a.id === 'hero/sky').chosen;
  const variant = String(qa.jobs[chosen].variant + 1);
  expect((await runCli(['pick', 'hero/sky', variant, '--by', HOSTILE_BY, '--manifest', file])).code).toBe(0);
  await writeFile(file, manifest('at dusk'));
  expect((await runCli(['run', '--manifest', file])).code).toBe(1);
  gallery = path.join(dir, '.genops', 'run', 'report.html');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens the gallery from disk, collecting console errors (CSP violations included) and page errors. */
async function open(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(gallery).href, { waitUntil: 'load' });
  return { page, errors };
}

const shownIds = (page: Page) =>
  page.evaluate(
    `[...document.querySelectorAll('article.asset')].filter((a) => !a.hidden).map((a) => a.dataset.id)`,
  ) as Promise<string[]>;

describe('review gallery in Chromium', () => {
  it('genops report --html rewrites the gallery from the run folder and names it', async () => {
    const before = await readFile(gallery, 'utf8');
    await rm(gallery);
    const made = await runCli(['report', '--html', '--manifest', manifestFile]);
    expect(made.code).toBe(1); // the report's gate: `strict` failed
    expect(made.stderr).toContain(`gallery: ${pathToFileURL(gallery).href}`);
    expect(await readFile(gallery, 'utf8')).toBe(before);
  });

  it('shows every asset with its variants, the chosen one marked, and loads every image from disk', async () => {
    const { page, errors } = await open();
    expect(await shownIds(page)).toEqual(ASSETS);
    const hero = page.locator('article[data-id="hero/sky"]');
    await expect(hero.locator('figure.variant').count()).resolves.toBe(3);
    await expect(hero.locator('figure.variant.chosen').count()).resolves.toBe(1);
    await expect(page.locator('article[data-id="strict"] figure.variant.chosen').count()).resolves.toBe(0);
    // Every check with value, threshold and reason; the failed one says why.
    const strict = page.locator('article[data-id="strict"]');
    await strict.locator('summary').first().click();
    const line = strict.locator('ul.checks li', { hasText: 'aesthetic' }).first();
    await expect(line.getAttribute('class')).resolves.toBe('fail');
    await expect(line.textContent()).resolves.toMatch(/^fail aesthetic\.\S+ \d+(\.\d+)?, threshold 9\.9/);
    // A changed asset: before/after with its SSIM verdict, and the diff behind a toggle.
    const wave = page.locator('article[data-id="wave-teal"]');
    await expect(wave.locator('.compare h3').textContent()).resolves.toMatch(/changed · SSIM 0\.\d{4}/);
    await expect(hero.locator('.compare').count()).resolves.toBe(0); // unchanged: nothing to compare

    // Lazy images load as they come into view; before, after and diff once their toggle shows them.
    const images = page.locator('main img');
    const count = await images.count();
    expect(count).toBe(3 + 1 + 1 + 1 + 2 * 3); // variants, plus before/after/diff of both waves
    for (let i = 0; i < count; i++) {
      const img = images.nth(i);
      const role = await img.getAttribute('class');
      if (role) {
        const section = img.locator('xpath=ancestor::section[1]');
        await section.locator(`input[type=radio][value=${role}]`).check();
      }
      await img.scrollIntoViewIfNeeded();
      await expect
        .poll(
          () =>
            img.evaluate((i: { complete: boolean; naturalWidth: number }) => i.complete && i.naturalWidth),
          {
            timeout: 5000,
          },
        )
        .toBeGreaterThan(0);
    }
    for (const id of ASSETS)
      await expect(page.locator(`article[data-id="${id}"]`).isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps a hostile prompt as text: no injected element, no script run', async () => {
    const { page, errors } = await open();
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    const prompt = await page.locator('article[data-id="hero/sky"] .prompt').textContent();
    expect(prompt).toContain(HOSTILE);
    const html = await readFile(gallery, 'utf8');
    expect(html).not.toContain('<img src=x');
    expect(errors).toEqual([]);
  });

  it("shows who picked the chosen variant, a hostile reviewer's name as text", async () => {
    const { page, errors } = await open();
    const hero = page.locator('article[data-id="hero/sky"]');
    await expect(hero.locator('figure.variant.chosen .chosen-mark').textContent()).resolves.toBe(
      `✓ picked by ${HOSTILE_BY}`,
    );
    await expect(hero.locator('ul.human li').first().textContent()).resolves.toMatch(
      /^variant \d picked by <img src=x onerror="window.__pwned=3"> @everyone at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('filters, sorts, searches and moves through assets with the keyboard', async () => {
    const { page, errors } = await open();
    await page.keyboard.press('j');
    expect(await page.evaluate('document.activeElement.dataset.id')).toBe('strict');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement.dataset.id')).toBe('wave-gold');
    await page.keyboard.press('k');
    expect(await page.evaluate('document.activeElement.dataset.id')).toBe('hero/sky');
    await page.keyboard.press('Enter');
    await expect(page.locator('#viewer').isVisible()).resolves.toBe(true);
    await expect
      .poll(() => page.evaluate(`document.getElementById('viewer-img').naturalWidth`))
      .toBeGreaterThan(0);
    await expect(page.locator('#viewer-caption').textContent()).resolves.toMatch(
      /hero\/sky, variant \d of 3 \(chosen\)/,
    );
    await page.keyboard.press('Escape');
    await expect(page.locator('#viewer').isVisible()).resolves.toBe(false);

    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement.id')).toBe('q');
    await page.keyboard.type('OCEAN');
    expect(await shownIds(page)).toEqual(['wave-gold', 'wave-teal']);
    await page.fill('#q', '');
    await page.selectOption('#filter', 'fail');
    expect(await shownIds(page)).toEqual(['strict']);
    await page.selectOption('#filter', 'changed');
    expect(await shownIds(page)).toEqual(['wave-gold', 'wave-teal']);
    await page.selectOption('#filter', 'all');
    await page.selectOption('#tag', 'hero');
    expect(await shownIds(page)).toEqual(['strict', 'hero/sky']);
    await page.selectOption('#tag', '');
    await expect(page.locator('#count').textContent()).resolves.toBe('4 of 4 assets shown');
    await page.selectOption('#sort', 'id');
    expect(await shownIds(page)).toEqual(['hero/sky', 'strict', 'wave-gold', 'wave-teal']);
    await page.selectOption('#sort', 'score-asc');
    const scores = (await page.evaluate(
      `[...document.querySelectorAll('article.asset')].map((a) => a.dataset.score === '' ? -1 : Number(a.dataset.score))`,
    )) as number[];
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(errors).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core), and reads at phone width', async () => {
    const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 740 },
    ]) {
      const { page, errors } = await open(viewport);
      // Evaluated through the DevTools protocol, which the page's CSP does not govern.
      await page.evaluate(axe);
      const violations = (await page.evaluate(
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))`,
      )) as { id: string; impact: string; nodes: number }[];
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
      // Nothing wider than the screen: no sideways scrolling on a phone.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      expect(errors).toEqual([]);
    }
  });
});
