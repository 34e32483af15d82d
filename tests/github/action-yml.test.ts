/** action.yml and src/github/constants.ts name the same inputs, outputs, defaults and steps. */
import { describe, expect, it } from 'vitest';
import { IMAGE_NODE_FLAGS, MALLOC_SETTINGS } from '../../src/commands/relaunch.js';
import { Inputs, inputEnv, Outputs, PlanOutputs, SECRET_INPUTS, Steps } from '../../src/github/constants.js';
import { DEFAULTS } from '../../src/github/settings.js';
import { REPO_ROOT } from '../action/fixtures.js';
import { loadActionYaml } from '../action/harness.js';

/** A GitHub expression as written in YAML: `${{ … }}`. */
const expr = (body: string) => `\${{ ${body} }}`;

const action = await loadActionYaml(REPO_ROOT);
const steps = action.runs.steps;

describe('action.yml', () => {
  it('declares exactly the inputs and outputs of constants.ts, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
    for (const spec of [...Object.values(action.inputs), ...Object.values(action.outputs)])
      expect(spec.description.length).toBeGreaterThan(10);
  });

  it('states the same defaults as the code', () => {
    for (const [name, value] of Object.entries(DEFAULTS))
      expect(action.inputs[name]?.default, name).toBe(value);
    expect(action.inputs[Inputs.GithubToken]?.default).toBe(expr('github.token'));
    for (const name of Object.keys(SECRET_INPUTS)) expect(action.inputs[name]?.default, name).toBe('');
  });

  it('maps inputs to GENOPS_* variables by one rule, and only to declared inputs', () => {
    for (const step of steps)
      for (const [key, value] of Object.entries(step.env ?? {})) {
        const m = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(String(value));
        if (m) {
          expect(Object.values(Inputs)).toContain(m[1]);
          expect(key).toBe(inputEnv(m[1] as string));
        }
      }
  });

  it('gives secrets only to the steps that use them', () => {
    const has = (id: string, input: string) =>
      Object.keys(steps.find((s) => s.id === id)?.env ?? {}).includes(inputEnv(input));
    for (const id of ['report', 'previews', 'handoff', 'lockfile', 'comment', 'gate'])
      for (const secret of Object.keys(SECRET_INPUTS)) expect(has(id, secret), `${id} ${secret}`).toBe(false);
    // The plan step asks the optimisation model (optimize:) for rewrites genops.lock lacks: OpenAI only.
    for (const secret of Object.keys(SECRET_INPUTS))
      expect(has('plan', secret), `plan ${secret}`).toBe(secret === Inputs.OpenaiApiKey);
    for (const id of ['synthesize', 'qa', 'deliver', 'plan', 'report', 'gate', 'rerun'])
      expect(has(id, Inputs.GithubToken), id).toBe(false);
    // A review command: the steps holding the token hold no generator key but the optimiser's.
    for (const id of ['review', 'candidates', 'decide'])
      for (const secret of Object.keys(SECRET_INPUTS))
        expect(has(id, secret), `${id} ${secret}`).toBe(id === 'decide' && secret === Inputs.OpenaiApiKey);
    expect(has('synthesize', Inputs.OpenaiApiKey)).toBe(true);
    expect(has('deliver', Inputs.AwsSecretAccessKey)).toBe(true);
    expect(has('synthesize', Inputs.AwsSecretAccessKey)).toBe(false);
  });

  it('runs every node step by a known name, with bash', () => {
    const nodeSteps = steps.filter((s) => s.run?.includes('dist/index.js'));
    for (const s of nodeSteps) {
      expect(s.shell).toBe('bash');
      const name = /dist\/index\.js" (\S+)/.exec(s.run ?? '')?.[1];
      expect(Steps).toContain(name);
      expect(s.id).toBe(name);
    }
    expect(nodeSteps.map((s) => s.id).sort()).toEqual([...Steps].sort());
  });

  it('refers only to steps and plan outputs that exist, earlier in the file', () => {
    const seen = new Set<string>();
    const text = (v: unknown) => JSON.stringify(v);
    for (const step of steps) {
      for (const m of text(step).matchAll(/steps\.([a-z-]+)\.outputs\.([a-z-]+)/g)) {
        expect(seen, `${step.id} reads ${m[1]}`).toContain(m[1]);
        if (m[1] === 'plan') expect(Object.values(PlanOutputs)).toContain(m[2]);
      }
      if (step.id) seen.add(step.id);
    }
    for (const out of Object.values(action.outputs)) {
      const m = /steps\.([a-z-]+)\.outputs\.([a-z-]+)/.exec(out.value);
      expect(seen).toContain(m?.[1]);
    }
  });

  it('restores and saves each cache with the identical key and path list, restore before save', () => {
    const pairs = [
      ['deps-cache', 'Save runtime dependencies'],
      ['cache-restore', 'Save GenOps cache'],
    ] as const;
    for (const [restoreId, saveName] of pairs) {
      const restore = steps.findIndex((s) => s.id === restoreId);
      const save = steps.findIndex((s) => s.name === saveName);
      expect(steps[restore]?.uses).toBe('actions/cache/restore@v5');
      expect(steps[save]?.uses).toBe('actions/cache/save@v5');
      expect(restore).toBeLessThan(save);
      expect(steps[save]?.with?.path).toBe(steps[restore]?.with?.path);
      expect(steps[save]?.with?.key).toBe(steps[restore]?.with?.key);
    }
    // Keyed by the plan, saved right after synthesis (or deploy), before QA can fail.
    const ids = steps.map((s) => s.id ?? s.name);
    expect(ids.indexOf('Save GenOps cache')).toBeGreaterThan(ids.indexOf('synthesize'));
    expect(ids.indexOf('Save GenOps cache')).toBeLessThan(ids.indexOf('qa'));
    expect(steps.find((s) => s.id === 'cache-restore')?.with?.key).toBe(expr('steps.plan.outputs.cache-key'));
  });

  it("sets the CLI's allocator settings and Node flags on every step with image work", () => {
    for (const id of ['synthesize', 'deploy', 'qa', 'decide', 'rerun', 'deliver', 'report', 'previews']) {
      const step = steps.find((s) => s.id === id);
      // QA alone keeps glibc's own arenas, as the CLI does (IMAGE_COMMANDS has no `qa`).
      if (id === 'qa') expect(step?.env?.MALLOC_ARENA_MAX, id).toBeUndefined();
      else expect(step?.env, id).toMatchObject(MALLOC_SETTINGS);
      expect(step?.run, id).toBe(
        `node ${IMAGE_NODE_FLAGS.join(' ')} "$GITHUB_ACTION_PATH/dist/index.js" ${id}`,
      );
    }
  });

  it("keeps V8's compiled code for the job's later node steps, and only for them", () => {
    for (const step of steps) {
      const cache = step.env?.NODE_COMPILE_CACHE;
      if (step.run?.includes('dist/index.js'))
        expect(cache, step.id).toBe(`${expr('runner.temp')}/genops-compile-cache`);
      else expect(cache, step.id ?? step.name).toBeUndefined();
    }
  });

  it('has branding for the marketplace', () => {
    const raw = action as unknown as { branding?: { icon?: string; color?: string }; name?: string };
    expect(raw.name).toBe('GenOps');
    expect(raw.branding?.icon).toBeTruthy();
    expect(raw.branding?.color).toBeTruthy();
  });
});

describe('the action controls its Node.js', () => {
  const check = steps.find((s) => s.name === 'Check Node.js');

  /** The step's script under bash, with `node` on PATH reporting `version` (the real binary, told otherwise). */
  async function runCheck(version: string) {
    const { execFile } = await import('node:child_process');
    const { mkdtemp, writeFile, chmod } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(tmpdir(), 'genops-node-'));
    const fake = path.join(dir, 'fake-version.cjs');
    await writeFile(
      fake,
      `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });\nObject.defineProperty(process, 'version', { value: 'v${version}' });\n`,
    );
    await writeFile(
      path.join(dir, 'node'),
      `#!/bin/sh\nexec "${process.execPath}" --require "${fake}" "$@"\n`,
    );
    await chmod(path.join(dir, 'node'), 0o755);
    return new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', String(check?.run)],
        { env: { PATH: `${dir}:/usr/bin:/bin` } },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
  }

  it('is the first step, and fails on Node.js 20 with a one-line fix', async () => {
    expect(steps[0]?.name).toBe('Check Node.js');
    const old = await runCheck('20.19.0');
    expect(old.code).toBe(1);
    expect(old.stdout.trim().split('\n')).toHaveLength(1);
    expect(old.stdout).toMatch(
      /^::error title=GenOps needs Node\.js 22 or later::.*v20\.19\.0.*node-version: 24/,
    );
  });

  it('passes on Node.js 22 and 24', async () => {
    expect(await runCheck('22.12.0')).toEqual({ code: 0, stdout: '' });
    expect(await runCheck('24.11.1')).toEqual({ code: 0, stdout: '' });
  });
});
