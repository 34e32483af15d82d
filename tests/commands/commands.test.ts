import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliver, plan, qa, report, run, synthesize } from '../../src/commands/index.js';
import { InputError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import type { Lockfile } from '../../src/core/model.js';
import { readJson, SMALL_MANIFEST, tempDir, writeManifest } from '../helpers.js';

describe('the command layer', () => {
  it('runs layer by layer with typed results, as the action steps call it, and matches one `run`', async () => {
    const dir = await tempDir();
    const manifestPath = await writeManifest(dir, SMALL_MANIFEST);
    const where = { manifestPath, env: {}, log: silentLogger };

    const planned = await plan(where);
    expect(planned.result.jobs).toHaveLength(4);
    const synthesis = await synthesize(where);
    expect(synthesis.result.counts).toEqual({ jobs: 4, generated: 4, cached: 0, failed: 0 });
    const checked = await qa(where);
    expect(checked.gateFailed).toBe(false);
    expect(checked.result.counts.failed).toBe(0);
    const delivered = await deliver({ ...where, mode: 'publish' });
    expect(delivered.gateFailed).toBe(false);
    const stepwise = await readFile(path.join(dir, 'genops.lock'), 'utf8');

    const again = await run(where);
    expect(again).toMatchObject({ gateFailed: false, interrupted: false });
    expect(again.result.gate).toBe('pass');
    expect(await readFile(path.join(dir, 'genops.lock'), 'utf8')).toBe(stepwise);
  });

  it('says a gate failed when QA fails an asset, and the report agrees', async () => {
    const dir = await tempDir();
    const strict = SMALL_MANIFEST.replace('size: 128x96', 'size: 128x96\n  qa: { minAesthetic: 10 }');
    const manifestPath = await writeManifest(dir, strict);
    const outcome = await run({ manifestPath, env: {}, log: silentLogger });
    expect(outcome.gateFailed).toBe(true);
    expect(outcome.result.gate).toBe('fail');
    expect((await report({ manifestPath, env: {}, log: silentLogger })).gateFailed).toBe(true);
  });

  it('deploys a stale lockfile only when allowed to generate', async () => {
    const dir = await tempDir();
    const manifestPath = await writeManifest(dir, SMALL_MANIFEST);
    const where = { manifestPath, env: {}, log: silentLogger };
    await run(where);
    // The manifest changes after review: its lockfile no longer matches.
    await writeFile(manifestPath, SMALL_MANIFEST.replace(/prompt: (.*)/, 'prompt: $1, at dusk'));
    await plan(where);
    await expect(deliver({ ...where, mode: 'locked' })).rejects.toBeInstanceOf(InputError);
    const allowed = await deliver({ ...where, mode: 'locked', allowGenerate: true });
    expect(allowed.gateFailed).toBe(false);
    const lock = await readJson<Lockfile>(path.join(dir, 'genops.lock'));
    expect(Object.values(lock.assets).some((a) => a.prompt.includes('at dusk'))).toBe(true);
  });
});
