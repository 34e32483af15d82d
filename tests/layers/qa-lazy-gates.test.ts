import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, writeManifest } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** Loaded at start-up into the CLI's process: at exit it writes which heavy ML packages were loaded. */
const PROBE = `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const heavy = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](@tensorflow|nsfwjs|onnxruntime-node|openai)[\\\\/]/.test(f));
  writeFileSync(process.env.GENOPS_PROBE_OUT, JSON.stringify(heavy));
});
`;

/** Runs `genops run` in its own process (this one may have loaded anything) and lists the heavy packages it loaded. */
async function heavyPackagesLoaded(dir: string, manifestText: string): Promise<string[]> {
  const manifest = await writeManifest(dir, manifestText);
  const probe = path.join(dir, 'probe.mjs');
  const out = path.join(dir, 'loaded.json');
  await writeFile(probe, PROBE);
  await exec(
    path.join(root, 'node_modules/.bin/tsx'),
    ['--import', probe, path.join(root, 'src/genops.ts'), 'run', '-m', manifest],
    {
      env: { ...process.env, GENOPS_PROBE_OUT: out },
    },
  );
  const loaded: string[] = JSON.parse(await readFile(out, 'utf8'));
  return [...new Set(loaded.flatMap((f) => /node_modules[\\/]([^\\/]+)/.exec(f)?.[1] ?? []))].sort();
}

describe('QA gates load their heavy modules lazily', () => {
  it('a manifest without ML gates loads no ML package; one that enables NSFW loads tfjs for it', async () => {
    const dir = await tempDir();
    const manifest = 'version: 1\ndefaults: { size: 64x64 }\nassets:\n  - id: a\n    prompt: green forest\n';
    expect(await heavyPackagesLoaded(dir, manifest)).toEqual([]);
    // The same image with the NSFW gate wanted: proves the probe sees what a gate loads.
    const withNsfw = manifest.replace('assets:', 'policy: { nsfw: { enabled: true } }\nassets:');
    expect(await heavyPackagesLoaded(dir, withNsfw)).toContain('@tensorflow');
  });
});
