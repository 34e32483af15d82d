/**
 * `genops init`: starts a repository the right way — a commented manifest that runs offline as it
 * is, the review/deploy/fork-comment/review-command workflows, and the state folder ignored by git. It never
 * overwrites a file; it says which it kept.
 */
import { constants } from 'node:fs';
import { appendFile, copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';

/** Shipped with the package (package.json `files`): the templates and the example workflows. */
// Not `new URL('../../', import.meta.url)`: ncc bundles that as an asset whose id hashes the
// checkout's absolute path, so dist/ would differ between two clones.
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What init writes: target path in the repository ← source in the package. */
export const INIT_FILES: ReadonlyArray<readonly [target: string, source: string]> = [
  ['genops.yaml', 'templates/genops.yaml'],
  ['.github/workflows/genops-pr.yml', 'examples/workflows/genops-pr.yml'],
  ['.github/workflows/genops-deploy.yml', 'examples/workflows/genops-deploy.yml'],
  ['.github/workflows/genops-fork-comment.yml', 'examples/workflows/genops-fork-comment.yml'],
  ['.github/workflows/genops-review.yml', 'examples/workflows/genops-review.yml'],
];

/**
 * `init --sharded`: the pull-request review runs as a matrix of synthesis shards
 * (genops-sharded.yml) in place of genops-pr.yml; fork pull requests get no secrets to generate
 * with, so the fork-comment workflow is left out. Deploy is the same.
 */
export const INIT_FILES_SHARDED: ReadonlyArray<readonly [target: string, source: string]> = [
  ['genops.yaml', 'templates/genops.yaml'],
  ['.github/workflows/genops-sharded.yml', 'examples/workflows/genops-sharded.yml'],
  ['.github/workflows/genops-deploy.yml', 'examples/workflows/genops-deploy.yml'],
];

/** The state folder (blob store, caches, run folder): rebuilt by a run, travels by GitHub's cache. */
export const STATE_IGNORE = '.genops/';

export interface InitResult {
  /** Files written, relative to the folder. */
  written: string[];
  /** Files that existed and were left as they were. */
  kept: string[];
}

export async function init(dir: string, options: { sharded?: boolean } = {}): Promise<InitResult> {
  const result: InitResult = { written: [], kept: [] };
  for (const [target, source] of options.sharded ? INIT_FILES_SHARDED : INIT_FILES) {
    const to = path.join(dir, target);
    await mkdir(path.dirname(to), { recursive: true });
    try {
      // COPYFILE_EXCL: an existing file is never replaced, even one made between a check and the copy.
      await copyFile(path.join(PACKAGE_ROOT, source), to, constants.COPYFILE_EXCL);
      result.written.push(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // The action's bundled CLI (mode: setup) carries no templates: they ship with the npm package.
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw new UsageError(
          `init: ${source} is not beside this genops; run \`npx genops init\` (the npm package)`,
        );
      if (code !== 'EEXIST') throw error;
      result.kept.push(target);
    }
  }
  await ignoreState(dir, result);
  return result;
}

/** Adds the state folder to .gitignore (creating it) unless a line already ignores it. */
async function ignoreState(dir: string, result: InitResult): Promise<void> {
  const file = path.join(dir, '.gitignore');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const lines = (text ?? '').split(/\r?\n/).map((l) => l.trim());
  if (lines.some((l) => ['.genops', '.genops/', '/.genops', '/.genops/', '**/.genops/'].includes(l))) {
    result.kept.push('.gitignore');
    return;
  }
  const separator = text && !text.endsWith('\n') ? '\n' : '';
  await appendFile(file, `${separator}# GenOps state: blob store, caches and run folder\n${STATE_IGNORE}\n`);
  result.written.push('.gitignore');
}
