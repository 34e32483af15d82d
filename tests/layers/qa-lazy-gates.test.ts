import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir, writeManifest } from '../helpers.js';

const exec = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/**
 * Loaded at start-up into the CLI's process: records every module the process resolves, through a
 * resolve hook (ESM imports) and require.cache at exit (CommonJS), so a heavy package loaded either
 * way is seen.
 */
const PROBE = `import { createRequire, register } from 'node:module';
import { appendFileSync } from 'node:fs';
const hook = \`import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.GENOPS_PROBE_OUT, resolved.url + '\\\\n');
  return resolved;
}\`;
register('data:text/javascript,' + encodeURIComponent(hook));
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.GENOPS_PROBE_OUT, Object.keys(require.cache).join('\\n') + '\\n'));
`;

/** Runs `genops run` in its own process (this one may have loaded anything) and lists the heavy packages it loaded. */
async function heavyPackagesLoaded(dir: string, manifestText: string): Promise<string[]> {
  const manifest = await writeManifest(dir, manifestText);
  const probe = path.join(dir, 'probe.mjs');
  const out = path.join(dir, 'loaded.json');
  await writeFile(probe, PROBE);
  await writeFile(out, '');
  // The bin users run: compiled JavaScript in lib/ (tests/setup/build.ts builds it).
  await exec(process.execPath, ['--import', probe, path.join(root, 'bin/genops.js'), 'run', '-m', manifest], {
    env: { ...process.env, GENOPS_PROBE_OUT: out },
  });
  const loaded = (await readFile(out, 'utf8')).split('\n');
  const heavy = /node_modules[\\/](@tensorflow|nsfwjs|onnxruntime-node|openai)[\\/]/;
  return [...new Set(loaded.filter((f) => heavy.test(f)).flatMap((f) => heavy.exec(f)?.[1] ?? []))].sort();
}

describe('QA gates load their heavy modules lazily', () => {
  it('a manifest without ML gates loads no ML package; one that enables NSFW loads tfjs for it', {
    timeout: 180_000,
  }, async () => {
    const dir = await tempDir();
    const manifest = 'version: 1\ndefaults: { size: 64x64 }\nassets:\n  - id: a\n    prompt: green forest\n';
    expect(await heavyPackagesLoaded(dir, manifest)).toEqual([]);
    // The same image with the NSFW gate wanted: proves the probe sees what a gate loads.
    const withNsfw = manifest.replace('assets:', 'policy: { nsfw: { enabled: true } }\nassets:');
    expect(await heavyPackagesLoaded(dir, withNsfw)).toContain('@tensorflow');
  });
});
