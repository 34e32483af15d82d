import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REPOSITORY = 'acme/site';

/**
 * What a user's runner gets for `uses: genops/action@v1`: the repository at that ref, of which the
 * action uses action.yml and dist/ — and no node_modules (dist/node_modules is installed by the
 * action's own first steps). Copied to a folder with no node_modules above it.
 */
export async function isolatedAction(root: string): Promise<string> {
  const dir = path.join(root, 'action');
  await mkdir(dir, { recursive: true });
  await cp(path.join(REPO_ROOT, 'action.yml'), path.join(dir, 'action.yml'));
  await cp(path.join(REPO_ROOT, 'dist'), path.join(dir, 'dist'), {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes('node_modules'),
  });
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d))
    if (existsSync(path.join(d, 'node_modules')))
      throw new Error(`${d}/node_modules would leak into the isolated action`);
  return dir;
}

export async function scratch(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function clean(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * A checkout: the files of one commit in the workspace, emptied first. The path is the same on every
 * run, as GITHUB_WORKSPACE is on a runner (`/home/runner/work/site/site`), so caches match.
 */
export async function checkout(root: string, files: Record<string, string | Buffer>): Promise<string> {
  const dir = path.join(root, 'work', 'site', 'site');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const [p, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), content);
  }
  return dir;
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

/** Small, fast, offline: the built-in procedural generator. `ocean` varies between versions. */
export function manifest(options: { ocean?: string; extra?: string } = {}): string {
  return `# yaml-language-server: $schema=../../schemas/manifest.schema.json
version: 1
defaults:
  generator: procedural
  size: 160x96
  format: png
  qa:
    minAesthetic: 0
assets:
  - id: hero/skyline
    title: Homepage hero <b>bold</b>
    prompt: a violet and orange city skyline at dusk
    variants: 2
  - id: landing/ocean
    prompt: ${options.ocean ?? 'teal ocean waves on a golden beach'}
  - id: icon-{{color}}
    prompt: a {{color}} sun icon, geometric
    size: 64x64
    matrix:
      color: [red, blue]
${options.extra ?? ''}`;
}

export function pullRequestEvent(
  number: number,
  head: { ref: string; sha: string; repo?: string },
  baseSha: string,
  action = 'opened',
) {
  return {
    name: 'pull_request',
    ref: `refs/pull/${number}/merge`,
    // GITHUB_SHA of a pull_request run: the test merge commit, not the head.
    sha: `${baseSha.slice(0, 20)}${head.sha.slice(20)}`,
    payload: {
      action,
      number,
      pull_request: {
        number,
        state: 'open',
        head: { ref: head.ref, sha: head.sha, repo: { full_name: head.repo ?? REPOSITORY } },
        base: { ref: 'main', sha: baseSha, repo: { full_name: REPOSITORY } },
      },
      repository: { full_name: REPOSITORY, default_branch: 'main', private: true },
      sender: { login: 'octocat', type: 'User' },
    },
  };
}

export function pushEvent(before: string, after: string) {
  return {
    name: 'push',
    ref: 'refs/heads/main',
    sha: after,
    payload: {
      ref: 'refs/heads/main',
      before,
      after,
      repository: { full_name: REPOSITORY, default_branch: 'main', private: true },
      head_commit: { id: after, message: 'Merge pull request #7 from acme/feature/new-art' },
      pusher: { name: 'octocat' },
    },
  };
}

export function workflowRunEvent(runId: number, headSha: string) {
  return {
    name: 'workflow_run',
    ref: 'refs/heads/main',
    sha: 'f'.repeat(40),
    payload: {
      action: 'completed',
      workflow_run: {
        id: runId,
        name: 'GenOps (pull request)',
        event: 'pull_request',
        status: 'completed',
        conclusion: 'success',
        head_sha: headSha,
        head_branch: 'patch-1',
        // GitHub leaves this empty for pull requests from forks.
        pull_requests: [],
      },
      repository: { full_name: REPOSITORY, default_branch: 'main', private: true },
    },
  };
}
