/**
 * Reviewers' decisions end to end through the CLI, on the procedural generator: a decision is
 * recorded in genops.decisions.json, a run applies it, the lockfile records it, and a deploy from
 * the same manifest, decisions and cache ships exactly the chosen bytes.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { Lockfile, Plan, QaReport } from '../../src/core/model.js';
import { readJson, runCli, tempDir, writeManifest } from '../helpers.js';

const MANIFEST = `version: 1
defaults:
  size: 128x96
assets:
  - id: hero/sky
    prompt: a red sun over blue mountains
    variants: 3
  - id: other
    prompt: a teal ocean wave
`;

async function project(manifest = MANIFEST) {
  const dir = await tempDir();
  const manifestPath = await writeManifest(dir, manifest);
  const cli = (...argv: string[]) => runCli([...argv, '-m', manifestPath, '-q']);
  const read = {
    plan: () => readJson<Plan>(path.join(dir, '.genops/run/plan.json')),
    qa: () => readJson<QaReport>(path.join(dir, '.genops/run/qa.json')),
    lock: () => readJson<Lockfile>(path.join(dir, 'genops.lock')),
    report: () => readFile(path.join(dir, '.genops/run/report.md'), 'utf8'),
    gallery: () => readFile(path.join(dir, '.genops/run/report.html'), 'utf8'),
    decisions: () => readFile(path.join(dir, 'genops.decisions.json'), 'utf8'),
  };
  return { dir, manifestPath, cli, read };
}

/** The blob of each variant of an asset (1-based), from the run folder. */
async function variantBlobs(dir: string, asset: string): Promise<string[]> {
  const plan = await readJson<Plan>(path.join(dir, '.genops/run/plan.json'));
  const synthesis = await readJson<{ entries: Record<string, { blob: string }> }>(
    path.join(dir, '.genops/run/synthesis.json'),
  );
  const keys = plan.assets.find((a) => a.id === asset)?.jobs ?? [];
  return keys.map((key) => synthesis.entries[key]?.blob as string);
}

describe('genops pick', () => {
  it('ships the picked variant, records who picked it, and a deploy from the same inputs delivers its bytes', async () => {
    const { dir, cli, read } = await project();
    expect((await cli('run')).code).toBe(0);
    const qa = await read.qa();
    const best = qa.jobs[qa.assets.find((a) => a.id === 'hero/sky')?.chosen as string]?.variant as number;
    const picked = ((best + 1) % 3) + 1; // a variant (1-based) the scores did not choose
    const otherBefore = (await read.lock()).assets.other;

    const pick = await cli(
      'pick',
      'hero/sky',
      String(picked),
      '--by',
      'alice',
      '--source',
      'https://example.test/c/1',
    );
    expect(pick.code).toBe(0);
    expect(JSON.parse(await read.decisions()).assets['hero/sky'].pick).toMatchObject({
      variant: picked,
      by: 'alice',
    });

    expect((await cli('run')).code).toBe(0);
    const blobs = await variantBlobs(dir, 'hero/sky');
    const lock = await read.lock();
    const hero = lock.assets['hero/sky'];
    expect(hero?.blob).toBe(blobs[picked - 1]);
    expect(hero?.blob).not.toBe(blobs[best]);
    // The stored bytes are the picked variant's: they hash to its blob name.
    const stored = await readFile(
      path.join(dir, '.genops/blobs/sha256', hero?.blob.slice(0, 2) ?? '', hero?.blob ?? ''),
    );
    expect(sha256Hex(stored)).toBe(blobs[picked - 1]);
    expect(hero?.decision?.pick).toMatchObject({ variant: picked, bestVariant: best + 1, by: 'alice' });
    expect(lock.assets.other).toEqual(otherBefore);
    expect(await readFile(path.join(dir, 'genops.lock'), 'utf8')).toContain('"decision"');
    const report = await read.report();
    expect(report).toContain(`${picked} of 3, picked by alice`);
    expect(report).toContain(`variant ${picked} picked by alice`);
    expect(await read.gallery()).toContain('✓ picked by alice');

    // The rerun changes nothing: the decision survives and the lockfile keeps its bytes.
    const lockText = await readFile(path.join(dir, 'genops.lock'), 'utf8');
    expect((await cli('run')).code).toBe(0);
    expect(await readFile(path.join(dir, 'genops.lock'), 'utf8')).toBe(lockText);

    // The merge: the same manifest, decisions and cache, without the PR's lockfile.
    const main = await tempDir();
    for (const name of ['genops.yaml', 'genops.decisions.json'])
      await cp(path.join(dir, name), path.join(main, name));
    await cp(path.join(dir, '.genops/blobs'), path.join(main, '.genops/blobs'), { recursive: true });
    await cp(path.join(dir, '.genops/cache'), path.join(main, '.genops/cache'), { recursive: true });
    expect((await runCli(['run', '-m', path.join(main, 'genops.yaml'), '-q'])).code).toBe(0);
    const deployed = await readJson<Lockfile>(path.join(main, 'genops.lock'));
    expect(deployed.assets['hero/sky']?.blob).toBe(blobs[picked - 1]);
    const file = deployed.assets['hero/sky']?.files[0];
    const bytes = await readFile(path.join(main, 'generated', file?.path ?? ''));
    expect(sha256Hex(bytes)).toBe(hero?.files[0]?.sha256);

    // The action's merge: plan, then publish exactly what the reviewed lockfile names.
    const locked = await tempDir();
    for (const name of ['genops.yaml', 'genops.decisions.json', 'genops.lock'])
      await cp(path.join(dir, name), path.join(locked, name));
    await cp(path.join(dir, '.genops/blobs'), path.join(locked, '.genops/blobs'), { recursive: true });
    const lockedManifest = path.join(locked, 'genops.yaml');
    expect((await runCli(['plan', '-m', lockedManifest, '-q'])).code).toBe(0);
    expect((await runCli(['deliver', '--locked', '-m', lockedManifest, '-q'])).code).toBe(0);
    const published = await readFile(path.join(locked, 'generated', file?.path ?? ''));
    expect(sha256Hex(published)).toBe(hero?.files[0]?.sha256);
  });

  it('refuses bad input with exit 2, naming the manifest and the fix, and writes nothing', async () => {
    const { dir, manifestPath, cli } = await project();
    const outOfRange = await cli('pick', 'hero/sky', '4', '--by', 'a');
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toContain(`${manifestPath}: hero/sky has 3 variants (1–3)`);
    expect((await cli('pick', 'nope', '1', '--by', 'a')).stderr).toMatch(/no asset "nope" in the manifest/);
    const usage = await cli('pick', 'hero/sky');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/pick needs a variant number counted from 1/);
    await expect(readFile(path.join(dir, 'genops.decisions.json'))).rejects.toThrow(/ENOENT/);
  });

  it('a changed prompt or variants count lapses the pick with a note, and the scores choose again', async () => {
    const { dir, manifestPath, cli, read } = await project();
    expect((await cli('pick', 'hero/sky', '3', '--by', 'alice')).code).toBe(0);
    await writeFile(manifestPath, MANIFEST.replace('variants: 3', 'variants: 2'));
    expect((await cli('run')).code).toBe(0);
    const note =
      "pick of hero/sky variant 3 by alice no longer applies: the manifest's variants changed from 3 to 2; pick again";
    const hero = (await read.qa()).assets.find((a) => a.id === 'hero/sky');
    expect(hero?.human?.notes).toEqual([note]);
    expect(hero?.human?.pick).toBeUndefined();
    expect(await read.report()).toContain(`⚠️ <code>hero/sky</code>: ${note.replace(/'/g, '&#39;')}`);
    expect(await read.gallery()).toContain(note.replace(/'/g, '&#39;'));
    expect((await read.lock()).assets['hero/sky']?.decision).toBeUndefined();

    await writeFile(manifestPath, MANIFEST);
    expect((await cli('pick', 'hero/sky', '3', '--by', 'alice')).code).toBe(0);
    await writeFile(manifestPath, MANIFEST.replace('a red sun', 'a pale sun'));
    const lapsed = await runCli(['run', '-m', manifestPath]);
    expect(lapsed.code).toBe(0);
    expect(lapsed.stderr).toContain(
      'pick of hero/sky variant 3 by alice no longer applies: the prompt changed; pick again',
    );
    expect(await variantBlobs(dir, 'hero/sky')).toHaveLength(3);
  });
});

describe('genops reroll', () => {
  it('gives that asset new jobs and keys; every other key stays byte-identical', async () => {
    const { cli, read } = await project();
    expect((await cli('plan')).code).toBe(0);
    const before = await read.plan();
    expect((await cli('reroll', 'hero/sky', '--by', 'carol')).code).toBe(0);
    expect((await cli('plan')).code).toBe(0);
    const after = await read.plan();
    const keysOf = (plan: Plan, asset: string) => plan.assets.find((a) => a.id === asset)?.jobs ?? [];
    expect(keysOf(after, 'other')).toEqual(keysOf(before, 'other'));
    expect(keysOf(after, 'hero/sky')).toHaveLength(3);
    for (const key of keysOf(after, 'hero/sky')) expect(keysOf(before, 'hero/sky')).not.toContain(key);
    expect((await cli('reroll', 'hero/sky', '--by', 'carol')).code).toBe(0);
    expect((await cli('plan')).code).toBe(0);
    const third = await read.plan();
    for (const key of keysOf(third, 'hero/sky')) expect(keysOf(after, 'hero/sky')).not.toContain(key);
    expect(JSON.parse(await read.decisions()).assets['hero/sky'].reroll).toMatchObject({
      offset: 2,
      by: 'carol',
    });
    expect((await cli('run')).code).toBe(0);
    expect((await read.lock()).assets['hero/sky']?.decision?.reroll).toMatchObject({
      offset: 2,
      by: 'carol',
    });
    // The merge plans with the same offsets, so the locked keys are current: the deploy goes ahead.
    expect((await cli('plan')).code).toBe(0);
    expect((await cli('deliver', '--locked')).code).toBe(0);
  });
});

describe('genops approve', () => {
  const STRICT = MANIFEST.replace(
    '    variants: 3\n',
    '    variants: 3\n    qa:\n      minAesthetic: 9.9\n      overridable: [aesthetic.score]\n',
  );

  it('an approved overridable soft gate passes, saying who approved it; policy gates are refused', async () => {
    const { cli, read } = await project(STRICT);
    expect((await cli('run')).code).toBe(1);
    expect((await read.qa()).assets.find((a) => a.id === 'hero/sky')?.verdict).toBe('fail');

    const policy = await cli('approve', 'hero/sky', 'policy.prompt', '--by', 'bob');
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/"policy.prompt" cannot be approved: .*policy checks never/);
    const notAllowed = await cli('approve', 'other', 'aesthetic.score', '--by', 'bob');
    expect(notAllowed.stderr).toMatch(
      /does not allow overriding aesthetic.score for other; list it under `qa.overridable`/,
    );

    expect((await cli('approve', 'hero/sky', '--by', 'bob')).code).toBe(0);
    expect((await cli('run')).code).toBe(0);
    const qa = await read.qa();
    const hero = qa.assets.find((a) => a.id === 'hero/sky');
    expect(hero?.verdict).toBe('pass');
    const check = qa.jobs[hero?.chosen as string]?.checks.find((c) => c.id === 'aesthetic.score');
    expect(check).toMatchObject({ passed: true, approvedBy: { by: 'bob' } });
    expect((await read.lock()).assets['hero/sky']?.decision?.approved?.[0]).toMatchObject({
      gate: 'aesthetic.score',
      by: 'bob',
    });
    expect(await read.report()).toContain('aesthetic.score approved by bob');
    expect(await read.gallery()).toMatch(
      /<span class="result">approved<\/span> <code>aesthetic.score<\/code>.*approved by bob/,
    );
  });

  it('the manifest cannot make a policy check overridable', async () => {
    const { manifestPath, cli } = await project(
      MANIFEST.replace('  size: 128x96\n', '  size: 128x96\n  qa:\n    overridable: [policy.nsfw]\n'),
    );
    const planned = await cli('plan');
    expect(planned.code).toBe(2);
    expect(planned.stderr).toContain(`${manifestPath}:5:`);
    expect(planned.stderr).toMatch(/overridable/);
  });
});

describe('genops review --comment', () => {
  it('applies every /genops line of a comment, lists refusals, exits 2 for them and prints JSON', async () => {
    const { dir, manifestPath, read } = await project();
    const comment = path.join(dir, 'comment.md');
    await writeFile(comment, '> /genops pick hero/sky 1\n/genops pick hero/sky 2\n/genops pick hero/sky 9\n');
    const outcome = await runCli([
      'review',
      '--comment',
      comment,
      '--by',
      'dana',
      '--source',
      'https://github.com/o/r/pull/3#issuecomment-5',
      '--json',
      '-q',
      '-m',
      manifestPath,
    ]);
    expect(outcome.code).toBe(2);
    const result = JSON.parse(outcome.stdout);
    expect(result.applied).toEqual(['hero/sky: variant 2 picked by dana; rerun to ship it']);
    expect(result.errors).toEqual([expect.stringMatching(/hero\/sky has 3 variants/)]);
    expect(result.changed).toBe(true);
    expect(JSON.parse(await read.decisions()).assets['hero/sky'].pick).toMatchObject({
      variant: 2,
      by: 'dana',
      source: 'https://github.com/o/r/pull/3#issuecomment-5',
    });
  });
});
