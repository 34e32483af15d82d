/**
 * What synthesis does with a provider's answers beyond the image (issue 14): a refused prompt is
 * remembered by job key and not paid for again; a bad key is said once; 429s met are reported.
 * Through the CLI, against the loopback OpenAI peer.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportData, Synthesis } from '../../src/core/model.js';
import { readJson, runCli, tempDir, writeManifest } from '../helpers.js';
import { type OpenAIPeer, startOpenAIPeer } from '../peers/openai-peer.js';

const KEY = 'sk-test-peer-key-123456';
let peer: OpenAIPeer | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

/** A manifest of `count` 256² assets on one OpenAI generator at the peer, with `options` for it. */
async function openaiManifest(count: number, options: string): Promise<{ dir: string; manifest: string }> {
  const dir = await tempDir();
  const assets = Array.from(
    { length: count },
    (_, i) => `  - id: a${i}\n    prompt: picture ${i}\n    size: 256x256\n    generator: gpt\n`,
  ).join('');
  const manifest = await writeManifest(
    dir,
    `version: 1
generators:
  gpt: { type: openai, model: dall-e-2, baseUrl: ${peer?.url}, ${options} }
assets:
${assets}`,
  );
  return { dir, manifest };
}

describe('synthesis remembers what providers said', () => {
  it('a refused prompt is not sent again unless --retry-refused', async () => {
    peer = await startOpenAIPeer();
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      `version: 1
generators:
  gpt: { type: openai, model: dall-e-2, baseUrl: ${peer.url}, retries: 0 }
assets:
  - id: fine
    prompt: a red sun
    size: 256x256
    generator: gpt
  - id: refused
    prompt: something forbidden
    size: 256x256
    generator: gpt
`,
    );
    const env = { OPENAI_API_KEY: KEY };
    const synthesisFile = path.join(dir, '.genops/run/synthesis.json');
    const first = await runCli(['run', '-m', manifest], env);
    expect(first.code).toBe(1);
    expect(peer.stats.requests).toBe(2);

    const second = await runCli(['run', '-m', manifest], env);
    expect(second.code).toBe(1);
    // Nothing sent: the fine one is cached, the refused one remembered.
    expect(peer.stats.requests).toBe(2);
    const refused = Object.values((await readJson<Synthesis>(synthesisFile)).entries).find(
      (e) => e.status === 'failed',
    );
    expect(refused?.failure).toMatchObject({ kind: 'policy', attempts: 0 });
    expect(refused?.failure?.message).toMatch(/^refused by generator "gpt" on .*--retry-refused/);

    const third = await runCli(['synthesize', '-m', manifest, '--retry-refused'], env);
    expect(third.code).toBe(1);
    expect(peer.stats.requests).toBe(3);
  });

  it('a bad key: one message for the generator, not one per job, and few requests', async () => {
    peer = await startOpenAIPeer();
    const { manifest } = await openaiManifest(8, 'concurrency: 1, retries: 3');
    expect((await runCli(['plan', '-m', manifest])).code).toBe(0);
    const run = await runCli(['synthesize', '-m', manifest], { OPENAI_API_KEY: 'sk-wrong-000000000' });
    expect(run.code).toBe(3); // a rejected key: nothing could be produced
    expect(peer.stats.unauthorized).toBe(1);
    expect(run.stderr.match(/rejected the key in OPENAI_API_KEY/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/generator "gpt": .* stopped; 8 job\(s\) not generated/);
  });

  it('the report says how many 429s were met and how long the run waited for them', async () => {
    peer = await startOpenAIPeer({ rateLimit: { limit: 2, windowMs: 1000 } });
    const { dir, manifest } = await openaiManifest(6, 'concurrency: 6, retries: 0');
    expect((await runCli(['plan', '-m', manifest])).code).toBe(0);
    const run = await runCli(['synthesize', '-m', manifest], { OPENAI_API_KEY: KEY });
    expect(run.code).toBe(0);
    const synthesis = await readJson<Synthesis>(path.join(dir, '.genops/run/synthesis.json'));
    expect(synthesis.counts.generated).toBe(6);
    expect(synthesis.rateLimits?.gpt?.rateLimited).toBe(peer.stats.rateLimited);
    expect(peer.stats.rateLimited).toBeGreaterThan(0);
    expect(synthesis.rateLimits?.gpt?.waitedMs).toBeGreaterThan(0);
    await runCli(['report', '-m', manifest], {});
    const report = await readJson<ReportData>(path.join(dir, '.genops/run/report.json'));
    expect(report.layers.synthesize?.rateLimited).toBe(peer.stats.rateLimited);
    const markdown = await readFile(path.join(dir, '.genops/run/report.md'), 'utf8');
    expect(markdown).toMatch(/\d+ rate-limited answers \(429\), [\d.]+ m?s waited for them/);
  });
});
