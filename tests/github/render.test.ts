import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/github/client.js';
import { renderComment } from '../../src/github/comment.js';
import { BranchPreviewHost, previewFolder, thumbnail } from '../../src/github/previews.js';
import { GitHubPeer, WRITE_TOKEN } from '../peers/github.js';
import { report, row } from './report-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

let peer: GitHubPeer;
beforeAll(async () => {
  peer = new GitHubPeer('acme/site');
  await peer.start();
  peer.commitFiles('main', { 'genops.yaml': 'version: 1\n' });
});
afterAll(() => peer.stop());

const solid = (r: number, g: number, b: number) =>
  sharp({ create: { width: 1024, height: 576, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

// Chromium comes with `npm test` (scripts/ensure-test-deps.mjs): missing, this test fails.
describe('comment in a browser', () => {
  it('shows before, after and what changed side by side from the previews branch, and no injected markup', async () => {
    const client = new GitHubClient(WRITE_TOKEN, 'acme', 'site', peer.url);
    const host = new BranchPreviewHost(client, 'genops-previews', 'https://github.com', { days: 30, pr: 3 });
    const files = new Map([
      ['000-hero.before.webp', await thumbnail(await solid(200, 40, 40))],
      ['000-hero.after.webp', await thumbnail(await solid(40, 40, 200))],
      ['000-hero.diff.webp', await thumbnail(await solid(230, 230, 230))],
    ]);
    const { urls } = await host.publish(files, previewFolder(3, '77', '1'));
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const data = report([
      row('hero', { title: hostile, change: 'changed', prompt: hostile, scores: { aesthetic: 6 } }),
    ]);
    const body = renderComment({
      header: 'genops',
      report: data,
      runUrl: 'https://github.com/acme/site/actions/runs/77/attempts/1',
      previews: {
        links: [
          {
            id: 'hero',
            change: 'changed',
            verdict: 'pass',
            before: urls.get('000-hero.before.webp'),
            after: urls.get('000-hero.after.webp'),
            diff: urls.get('000-hero.diff.webp'),
          },
        ],
        omitted: 0,
      },
    });

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
      const served: string[] = [];
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        const bytes = url.startsWith('https://github.com/') ? peer.resolveBlobUrl(url) : undefined;
        if (!bytes) return route.fulfill({ status: 404, body: 'not found' });
        served.push(url);
        return route.fulfill({ status: 200, contentType: 'image/webp', body: bytes });
      });
      await page.setContent(`<!doctype html><meta charset="utf-8"><body>${body}</body>`, {
        waitUntil: 'load',
      });
      // In the page (no DOM types in this project's tsconfig, so as a string).
      const images = (await page.evaluate(`[...document.images].map((i) => {
        const r = i.getBoundingClientRect();
        return { alt: i.alt, natural: i.naturalWidth, width: r.width, top: r.top, left: r.left, src: i.getAttribute('src') };
      })`)) as {
        alt: string;
        natural: number;
        width: number;
        top: number;
        left: number;
        src: string | null;
      }[];
      expect(images.map((i) => i.alt)).toEqual(['before', 'after', 'what changed']);
      for (const img of images) expect(img.natural, img.src ?? '').toBeGreaterThan(0);
      const [before, after, diff] = images as [
        (typeof images)[number],
        (typeof images)[number],
        (typeof images)[number],
      ];
      expect([before.width, after.width, diff.width]).toEqual([240, 240, 160]);
      expect(after.top).toBe(before.top);
      expect(after.left).toBeGreaterThan(before.left + 240);
      expect(diff.left).toBeGreaterThan(after.left + 240);
      expect(served).toHaveLength(3);
      // The hostile title and prompt stayed text.
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.textContent('body')).toContain('<img src=x onerror=');
    } finally {
      await browser.close();
    }
  });
});
