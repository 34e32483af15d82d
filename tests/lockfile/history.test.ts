import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import { InputError } from '../../src/core/errors.js';
import type { LockedAsset, Lockfile } from '../../src/core/model.js';
import { diffLockfiles } from '../../src/lockfile/diff.js';
import { readObjects } from '../../src/lockfile/git.js';
import { lockfileAt, lockfileHistory, planRollback, resolveRef } from '../../src/lockfile/history.js';

let repo: string;
const commits: Record<string, string> = {};

function asset(id: string, version: number, extra: Partial<LockedAsset> = {}): LockedAsset {
  const blob = sha256Hex(`${id} v${version}`);
  return {
    id,
    blob,
    key: sha256Hex(`key ${id} v${version}`),
    prompt: `${id} prompt v${version}`,
    negativePrompt: '',
    backend: 'procedural',
    model: 'noise-1',
    seed: version,
    reproducible: true,
    width: 64,
    height: 64,
    format: 'png',
    scores: { aesthetic: 5 + version / 10 },
    files: [
      {
        format: 'webp',
        width: 64,
        height: 64,
        sha256: blob,
        bytes: 100 + version,
        path: `${id}/${id}-64w.${blob.slice(0, 12)}.webp`,
        url: `https://cdn.example.com/${id}/${id}-64w.${blob.slice(0, 12)}.webp`,
      },
    ],
    ...extra,
  };
}

/** Stable key order and formatting, as the lockfile writer produces. */
function serialize(assets: LockedAsset[]): string {
  const lock: Lockfile = {
    lockfileVersion: 1,
    assets: Object.fromEntries(assets.sort((a, b) => a.id.localeCompare(b.id)).map((a) => [a.id, a])),
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

let clock = 0;
function run(args: string[]): string {
  clock++;
  const date = `2026-01-${String(clock).padStart(2, '0')}T12:00:00+01:00`;
  return execFileSync('git', args, {
    cwd: repo,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Reviewer',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_COMMITTER_NAME: 'Ada Reviewer',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  })
    .toString()
    .trim();
}

async function commit(name: string, file: string, content: string, message: string): Promise<void> {
  await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
  await writeFile(path.join(repo, file), content);
  run(['add', '-A']);
  run(['commit', '-q', '-m', message]);
  commits[name] = run(['rev-parse', 'HEAD']);
}

beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'genops-history-'));
  run(['init', '-q', '-b', 'main']);
  await commit('readme', 'README.md', '# site\n', 'Start');
  await commit('c1', 'genops.lock', serialize([asset('hero', 1), asset('icon', 1)]), 'Add hero and icon');
  await commit('c2', 'genops.lock', serialize([asset('hero', 2), asset('icon', 1)]), 'Regenerate hero');
  await commit('c3', 'genops.lock', serialize([asset('hero', 2), asset('icon', 2)]), 'Regenerate icon');
  run(['tag', 'release-1']);
  await commit(
    'conflict',
    'genops.lock',
    '<<<<<<< HEAD\n{"broken": true\n',
    'Commit a merge conflict by mistake',
  );
  await commit('c4', 'genops.lock', serialize([asset('hero', 2), asset('icon', 2)]), 'Fix the lockfile');
  // Move the lockfile into a folder and change hero in the same commit.
  await mkdir(path.join(repo, 'site'));
  run(['mv', 'genops.lock', 'site/genops.lock']);
  await commit(
    'c5',
    'site/genops.lock',
    serialize([asset('hero', 3), asset('icon', 2)]),
    'Move lockfile; hero v3',
  );
  await commit('c6', 'site/genops.lock', serialize([asset('icon', 2)]), 'Drop hero');
  await commit('c7', 'site/genops.lock', serialize([asset('hero', 4), asset('icon', 2)]), 'Bring hero back');
});

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('lockfileHistory', () => {
  it('lists the commits that changed one asset, newest first, following a rename', async () => {
    const history = await lockfileHistory(repo, 'site/genops.lock', 'hero');
    expect(history.map((e) => [e.commit, e.change, e.subject])).toEqual([
      [commits.c7, 'added', 'Bring hero back'],
      [commits.c6, 'removed', 'Drop hero'],
      [commits.c5, 'changed', 'Move lockfile; hero v3'],
      [commits.c2, 'changed', 'Regenerate hero'],
      [commits.c1, 'added', 'Add hero and icon'],
    ]);
  });

  it('gives blob, key, urls, scores, author and date for each entry', async () => {
    const [latest, removed, , , first] = await lockfileHistory(repo, 'site/genops.lock', 'hero');
    const v4 = asset('hero', 4);
    expect(latest).toMatchObject({
      blob: v4.blob,
      key: v4.key,
      urls: [v4.files[0]?.url],
      scores: { aesthetic: 5.4 },
      author: 'Ada Reviewer <ada@example.com>',
    });
    expect(latest?.asset?.prompt).toBe('hero prompt v4');
    expect(first?.date).toMatch(/^2026-01-\d\dT12:00:00\+01:00$/);
    expect(removed?.blob).toBeUndefined();
    expect(removed?.urls).toEqual([]);
  });

  it('skips commits that did not touch the asset and commits whose lockfile does not parse', async () => {
    const icon = await lockfileHistory(repo, 'site/genops.lock', 'icon');
    expect(icon.map((e) => e.commit)).toEqual([commits.c3, commits.c1]);
  });

  it('starts from a ref and honours a limit', async () => {
    const atRelease = await lockfileHistory(repo, 'genops.lock', 'hero', { ref: 'release-1' });
    expect(atRelease.map((e) => e.commit)).toEqual([commits.c2, commits.c1]);
    const one = await lockfileHistory(repo, 'site/genops.lock', 'hero', { limit: 1 });
    expect(one).toHaveLength(1);
  });

  it('answers an empty history for an unknown asset', async () => {
    expect(await lockfileHistory(repo, 'site/genops.lock', 'nope')).toEqual([]);
  });

  it('works from a subfolder of the repository', async () => {
    const history = await lockfileHistory(path.join(repo, 'site'), 'genops.lock', 'hero');
    expect(history).toHaveLength(5);
  });
});

describe('lockfileAt', () => {
  it('returns the lockfile as committed at a commit, a tag or a relative ref', async () => {
    const atC2 = await lockfileAt(repo, 'genops.lock', commits.c2 as string);
    expect(atC2.assets.hero?.blob).toBe(asset('hero', 2).blob);
    expect(atC2.assets.icon?.blob).toBe(asset('icon', 1).blob);
    expect((await lockfileAt(repo, 'genops.lock', 'release-1')).assets.icon?.blob).toBe(
      asset('icon', 2).blob,
    );
    expect((await lockfileAt(repo, 'site/genops.lock', 'HEAD~1')).assets.hero).toBeUndefined();
    // The lockfile lives at site/genops.lock now but was genops.lock then: the rename is followed.
    expect((await lockfileAt(repo, 'site/genops.lock', 'release-1')).assets.hero?.blob).toBe(
      asset('hero', 2).blob,
    );
    const absolute = await lockfileAt(repo, path.join(repo, 'site', 'genops.lock'), 'HEAD');
    expect(absolute.assets.hero?.blob).toBe(asset('hero', 4).blob);
  });

  it('says when the ref is unknown, the file absent or not a lockfile', async () => {
    await expect(lockfileAt(repo, 'genops.lock', 'no-such-branch')).rejects.toThrow(
      /no commit "no-such-branch"/,
    );
    await expect(lockfileAt(repo, 'genops.lock', '--output=/tmp/x')).rejects.toBeInstanceOf(InputError);
    await expect(lockfileAt(repo, 'genops.lock', commits.readme as string)).rejects.toThrow(/does not exist/);
    await expect(lockfileAt(repo, 'genops.lock', commits.conflict as string)).rejects.toThrow(
      /not a GenOps lockfile/,
    );
    await expect(lockfileAt(repo, '../outside.lock', 'HEAD')).rejects.toThrow(/inside the git repository/);
  });

  it('resolves refs to full commit hashes', async () => {
    expect(await resolveRef(repo, 'release-1')).toBe(commits.c3);
  });
});

describe('rollback', () => {
  it('plans a rollback: the old lockfile and what it changes against the working tree', async () => {
    const plan = await planRollback(repo, 'site/genops.lock', 'release-1');
    expect(plan.commit).toBe(commits.c3);
    expect(plan.lockfile.assets.hero?.blob).toBe(asset('hero', 2).blob);
    expect(plan.diff.changed.map((c) => c.id)).toEqual(['hero']);
    expect(plan.diff.changed[0]?.fields).toEqual(['blob', 'files', 'key', 'prompt', 'scores', 'seed']);
    expect(plan.diff.unchanged).toEqual(['icon']);
  });

  it('diffs lockfiles: added, removed, changed, unchanged', () => {
    const before: Lockfile = {
      lockfileVersion: 1,
      assets: { a: asset('a', 1), b: asset('b', 1), c: asset('c', 1) },
    };
    const after: Lockfile = {
      lockfileVersion: 1,
      assets: { b: asset('b', 1), c: asset('c', 2), d: asset('d', 1) },
    };
    const diff = diffLockfiles(before, after);
    expect(diff.added).toEqual(['d']);
    expect(diff.removed).toEqual(['a']);
    expect(diff.changed.map((c) => c.id)).toEqual(['c']);
    expect(diff.unchanged).toEqual(['b']);
  });
});

describe('git objects', () => {
  it('reads many objects in one process, missing ones as undefined', async () => {
    const [a, missing, tree] = await readObjects(repo, [
      `${commits.c1}:genops.lock`,
      'HEAD:nope',
      'HEAD:site',
    ]);
    expect(JSON.parse(a?.toString() ?? '').lockfileVersion).toBe(1);
    expect(missing).toBeUndefined();
    expect(tree).toBeUndefined();
  });
});
