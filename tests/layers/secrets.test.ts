import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from '../helpers.js';
import { type OpenAIPeer, startOpenAIPeer } from '../peers/openai-peer.js';

const KEY = 'sk-secret-never-shown-0123456789';
let peer: OpenAIPeer | undefined;
afterAll(async () => {
  await peer?.close();
});

async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('secrets never reach an output', () => {
  it('an API key appears in no log line, run file, report, lockfile, cache or delivered file — even in errors', async () => {
    peer = await startOpenAIPeer({ apiKey: KEY });
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      `version: 1
generators:
  gpt: { type: openai, model: dall-e-2, baseUrl: ${peer.url}, retries: 0 }
  wrong: { type: openai, model: dall-e-2, baseUrl: ${peer.url}, apiKeyEnv: WRONG_KEY, retries: 0 }
assets:
  - id: ok
    prompt: a red sun
    size: 256x256
    generator: gpt
  - id: denied
    prompt: a blue moon
    size: 256x256
    generator: wrong
`,
    );
    // The wrong key is a secret too: the peer's 401 must not echo it anywhere.
    const env = { OPENAI_API_KEY: KEY, WRONG_KEY: `${KEY}-wrong` };
    const run = await runCli(['run', '-m', manifest, '--json'], env);
    expect(run.code).toBe(3); // a rejected key: the run could not produce its images
    expect(run.stdout + run.stderr).not.toContain(KEY);
    const files = await everyFile(dir);
    expect(files.some((f) => f.endsWith('report.md'))).toBe(true);
    for (const file of files) {
      const text = (await readFile(file)).toString('latin1');
      expect(text.includes(KEY), file).toBe(false);
    }
  });
});
