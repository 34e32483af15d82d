/**
 * Issue 13's figures: the review gallery (report.html) of a 1,000-asset run, two variants each, a
 * tenth of them changed against the previous run: its size on disk, the report layer's time, and in
 * Chromium (system binary, opened from disk) the load time and the time to filter and sort.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { main } from '../src/cli.js';
import type { BenchRow } from './run.js';

const ASSETS = 1000;

async function cli(argv: string[]): Promise<number> {
  const sink = () => new PassThrough().resume();
  return main({ argv, env: { ...process.env, CI: 'true' }, stdout: sink(), stderr: sink() });
}

async function folderBytes(dir: string): Promise<{ bytes: number; files: number; kinds: string }> {
  let bytes = 0;
  let files = 0;
  const kinds = new Map<string, number>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    files++;
    const kind = path.extname(entry.name).slice(1).toUpperCase();
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return { bytes, files, kinds: [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ') };
}

const manifest = (changed: boolean) =>
  `version: 1\ndefaults: { size: 256x192 }\nassets:\n${Array.from(
    { length: ASSETS },
    (_, i) =>
      `  - id: set-${i % 10}/asset-${i}\n    prompt: a ${['red', 'blue', 'green', 'gold'][i % 4]} sun over the sea number ${i}${changed && i % 10 === 0 ? ' at dusk' : ''}\n    variants: 2\n    tags: [set-${i % 10}]\n`,
  ).join('')}`;

export default async function galleryBench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-gallery-bench-'));
  try {
    const file = path.join(dir, 'genops.yaml');
    await writeFile(file, manifest(false));
    await cli(['run', '-m', file, '-q']);
    await writeFile(file, manifest(true));
    await cli(['run', '-m', file, '-q']);
    const runDir = path.join(dir, '.genops', 'run');
    // The report alone, with every thumbnail already made: what the gallery adds to a rerun.
    const t0 = performance.now();
    await cli(['report', '-m', file, '-q']);
    const reportMs = performance.now() - t0;
    const html = (await stat(path.join(runDir, 'report.html'))).size;
    const images = await folderBytes(path.join(runDir, 'gallery'));
    const diffs = await folderBytes(path.join(runDir, 'diffs'));
    const browserRows = await loadInChromium(path.join(runDir, 'report.html'));
    const text = await readFile(path.join(runDir, 'report.html'), 'utf8');
    const cards = text.split('<article class="asset"').length - 1;
    return [
      { name: `report.html, ${cards} assets`, value: html / 1024, unit: 'KiB' },
      {
        name: 'gallery/ thumbnails',
        value: images.bytes / 1024 / 1024,
        unit: 'MiB',
        note: `${images.files} files (${images.kinds})`,
      },
      {
        name: 'diffs/',
        value: diffs.bytes / 1024,
        unit: 'KiB',
        note: `${diffs.files} files (${diffs.kinds})`,
      },
      { name: 'genops report (thumbnails already made)', value: reportMs, unit: 'ms' },
      ...browserRows,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadInChromium(gallery: string): Promise<BenchRow[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const loads: { dcl: number; load: number }[] = [];
    let filterMs = 0;
    let sortMs = 0;
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(gallery).href, { waitUntil: 'load' });
      loads.push(
        (await page.evaluate(`(() => {
          const n = performance.getEntriesByType('navigation')[0];
          return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
        })()`)) as { dcl: number; load: number },
      );
      // One search keystroke and one sort over all cards, each through to the next frame.
      filterMs = (await page.evaluate(`new Promise((done) => {
        const q = document.getElementById('q');
        const t = performance.now();
        q.value = 'gold';
        q.dispatchEvent(new Event('input'));
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t)));
      })`)) as number;
      sortMs = (await page.evaluate(`new Promise((done) => {
        const s = document.getElementById('sort');
        const t = performance.now();
        s.value = 'score-desc';
        s.dispatchEvent(new Event('change'));
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t)));
      })`)) as number;
      await page.close();
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1] as number;
    return [
      { name: 'Chromium DOMContentLoaded (median of 3)', value: median(loads.map((l) => l.dcl)), unit: 'ms' },
      { name: 'Chromium load event (median of 3)', value: median(loads.map((l) => l.load)), unit: 'ms' },
      { name: 'search keystroke → next frame', value: filterMs, unit: 'ms' },
      { name: 'sort by score → next frame', value: sortMs, unit: 'ms' },
    ];
  } finally {
    await browser.close();
  }
}
