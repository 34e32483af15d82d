import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectMode, readEvent } from '../../src/github/event.js';
import { readSettings } from '../../src/github/settings.js';
import { condition, evaluate } from '../action/expressions.js';

/** A GitHub expression as written in YAML: `${{ … }}`. */
const expr = (body: string) => `\${{ ${body} }}`;

async function eventFile(payload: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-event-'));
  const file = path.join(dir, 'event.json');
  await writeFile(file, JSON.stringify(payload));
  return file;
}

const repository = { full_name: 'acme/site', default_branch: 'trunk' };

describe('mode and settings', () => {
  it('detects the mode from the event', async () => {
    const pr = {
      pull_request: {
        number: 4,
        head: { ref: 'f', sha: 'h', repo: { full_name: 'acme/site' } },
        base: { ref: 'trunk', repo: { full_name: 'acme/site' } },
      },
      repository,
    };
    const at = async (name: string, ref: string, payload: unknown) =>
      detectMode(
        readEvent({ GITHUB_EVENT_NAME: name, GITHUB_REF: ref, GITHUB_EVENT_PATH: await eventFile(payload) }),
      );
    expect(await at('pull_request', 'refs/pull/4/merge', pr)).toBe('pr');
    expect(await at('push', 'refs/heads/trunk', { repository })).toBe('deploy');
    expect(await at('push', 'refs/heads/main', { repository })).toBe('check');
    expect(
      await at('workflow_run', 'refs/heads/trunk', {
        repository,
        workflow_run: { id: 1, head_sha: 'x', event: 'pull_request', conclusion: 'success' },
      }),
    ).toBe('comment');
    expect(await at('schedule', 'refs/heads/trunk', { repository })).toBe('check');
  });

  it('refuses pull_request_target unless the workflow opts in, stating the risk', async () => {
    const fork = {
      pull_request: {
        number: 5,
        head: { ref: 'x', sha: 's', repo: { full_name: 'eve/site' } },
        base: { ref: 'trunk', repo: { full_name: 'acme/site' } },
      },
      repository,
    };
    const env = {
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_REF: 'refs/heads/trunk',
      GITHUB_EVENT_PATH: await eventFile(fork),
      GITHUB_WORKSPACE: tmpdir(),
    };
    expect(() => readSettings(env)).toThrow(
      /refusing to run on pull_request_target: .*secrets and a write token.*baseUrl at any host, which then receives the API key.*allow-pull-request-target: true/,
    );
    expect(() => readSettings({ ...env, GENOPS_ALLOW_PULL_REQUEST_TARGET: 'maybe' })).toThrow(
      /not a boolean/,
    );
    expect(readSettings({ ...env, GENOPS_ALLOW_PULL_REQUEST_TARGET: 'true' }).mode).toBe('pr');
    // The ordinary event needs no opt-in.
    expect(readSettings({ ...env, GITHUB_EVENT_NAME: 'pull_request' }).mode).toBe('pr');
  });

  it('tells a fork pull request (and a deleted fork) from a same-repository one', async () => {
    const pr = (head: unknown) => ({
      pull_request: {
        number: 1,
        head: { ref: 'x', sha: 's', repo: head },
        base: { ref: 'trunk', repo: { full_name: 'acme/site' } },
      },
      repository,
    });
    expect(
      readEvent({ GITHUB_EVENT_PATH: await eventFile(pr({ full_name: 'acme/site' })) }).pullRequest?.fork,
    ).toBe(false);
    expect(
      readEvent({ GITHUB_EVENT_PATH: await eventFile(pr({ full_name: 'eve/site' })) }).pullRequest?.fork,
    ).toBe(true);
    expect(readEvent({ GITHUB_EVENT_PATH: await eventFile(pr(null)) }).pullRequest?.fork).toBe(true);
  });

  it('resolves paths against the workspace and rejects bad values with the input named', () => {
    const env = { GITHUB_WORKSPACE: '/w', GENOPS_MANIFEST: 'art/genops.yaml', GENOPS_MODE: 'check' };
    const s = readSettings(env);
    expect(s).toMatchObject({
      manifest: '/w/art/genops.yaml',
      stateDir: '/w/art/.genops',
      runDir: '/w/art/.genops/run',
      lockfile: '/w/art/genops.lock',
      cache: true,
      storeBranch: 'genops-store',
    });
    expect(readSettings({ ...env, GENOPS_STORE_BRANCH: '' }).storeBranch).toBe('');
    expect(() => readSettings({ ...env, GENOPS_MODE: 'ship-it' })).toThrow(
      /input mode: "ship-it" is not one of auto, pr, deploy, check, comment/,
    );
    expect(() => readSettings({ ...env, GENOPS_CACHE: 'maybe' })).toThrow(
      /input cache: "maybe" is not a boolean/,
    );
    expect(() => readSettings({ ...env, GENOPS_PREVIEWS_BRANCH: '../main' })).toThrow(/previews-branch/);
    expect(() => readSettings({ ...env, GENOPS_CACHE_KEY_PREFIX: 'a,b' })).toThrow(/commas/);
  });
});

describe('harness expressions', () => {
  const ctx = {
    contexts: {
      inputs: { cache: 'true', 'key-prefix': 'x' },
      steps: { 'deps-cache': { outputs: { 'cache-hit': 'true' }, outcome: 'success' } },
      github: { token: 't' },
    },
    status: { failed: false, cancelled: false },
  };
  it('reads hyphenated names, compares strings ignoring case, returns operands', () => {
    expect(evaluate("steps.deps-cache.outputs.cache-hit != 'true'", ctx)).toBe(false);
    expect(evaluate("inputs.cache == 'TRUE'", ctx)).toBe(true);
    expect(evaluate("steps.missing.outputs.x || 'fallback'", ctx)).toBe('fallback');
    expect(evaluate("!(inputs.cache == 'false') && inputs.key-prefix", ctx)).toBe('x');
    expect(evaluate("'it''s'", ctx)).toBe("it's");
  });
  it('adds success() to conditions without a status function', () => {
    const failed = { ...ctx, status: { failed: true, cancelled: false } };
    expect(condition("inputs.cache == 'true'", failed)).toBe(false);
    expect(condition("always() && inputs.cache == 'true'", failed)).toBe(true);
    expect(condition(expr('failure()'), failed)).toBe(true);
    expect(condition(undefined, ctx)).toBe(true);
  });
});
