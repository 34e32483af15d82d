/** The example workflows and this repository's CI: least privilege, concurrency, fork safety. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../action/fixtures.js';
import { loadActionYaml } from '../action/harness.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { permissions?: unknown; steps: Step[]; if?: string }>;
}

async function load(dir: string): Promise<Map<string, Workflow>> {
  const out = new Map<string, Workflow>();
  for (const f of await readdir(path.join(REPO_ROOT, dir)))
    if (f.endsWith('.yml'))
      out.set(f, parse(await readFile(path.join(REPO_ROOT, dir, f), 'utf8')) as Workflow);
  return out;
}

const examples = await load('examples/workflows');
const ci = await load('.github/workflows');
const action = await loadActionYaml(REPO_ROOT);

describe('cancelled runs stop', () => {
  it('steps that run after a failure use !cancelled(), never always(): a superseded run writes nothing', () => {
    const conditions: [string, string | undefined][] = [
      ...action.runs.steps.map((s): [string, string | undefined] => ['action.yml', s.if]),
      ...[...examples, ...ci].flatMap(([file, wf]) =>
        Object.values(wf.jobs).flatMap((job) =>
          [job.if, ...job.steps.map((s) => s.if)].map((c): [string, string | undefined] => [file, c]),
        ),
      ),
    ];
    for (const [file, c] of conditions) expect(c ?? '', file).not.toMatch(/\balways\(\)/);
    const guarded = conditions.filter(([, c]) => c?.includes('!cancelled()'));
    expect(guarded.length).toBeGreaterThanOrEqual(8);
  });
});

describe('example workflows', () => {
  it('has the PR, deploy, fork-safe comment and sharded workflows', () => {
    expect([...examples.keys()].sort()).toEqual([
      'genops-deploy.yml',
      'genops-fork-comment.yml',
      'genops-pr.yml',
      'genops-review.yml',
      'genops-sharded.yml',
    ]);
  });

  it('sharded: plan → a matrix of synthesis shards from plan --shards --json → one finishing job', () => {
    const wf = examples.get('genops-sharded.yml') as Workflow & {
      jobs: Record<string, { needs?: string; strategy?: { 'fail-fast': boolean; matrix: string } }>;
    };
    const runs = (job: string) => (wf.jobs[job]?.steps ?? []).map((s) => s.run ?? s.uses ?? '').join('\n');
    // The action's own CLI is put on PATH (mode: setup): no npm package to install.
    expect(runs('plan')).toMatch(/genops\/action@v1[\s\S]*genops plan .*--shards .* --json/);
    expect(wf.jobs.synthesize?.strategy).toMatchObject({ 'fail-fast': false });
    expect(wf.jobs.synthesize?.strategy?.matrix).toContain('needs.plan.outputs.matrix');
    // Each shard uploads only what it made (--export), not the whole state folder.
    expect(runs('synthesize')).toMatch(
      /genops synthesize .*--shard "\$\{\{ matrix.shard \}\}"[\s\S]*--export/,
    );
    expect(wf.jobs.finish?.needs).toBe('synthesize');
    expect(runs('finish')).toMatch(
      /download-artifact@v6[\s\S]*genops merge --state \.genops shards\/\*[\s\S]*genops\/action@v1[\s\S]*actions\/cache\/save/,
    );
  });

  it('declare least-privilege permissions and a concurrency group', () => {
    for (const [file, wf] of [...examples, ...ci]) {
      expect(typeof wf.permissions, file).toBe('object');
      expect(Object.values(wf.permissions as object), file).not.toContain('write-all');
      if (examples.has(file)) expect(wf.concurrency?.group, file).toBeTruthy();
    }
    expect(examples.get('genops-pr.yml')?.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
    expect(examples.get('genops-deploy.yml')?.permissions).toMatchObject({ contents: 'read' });
    expect(examples.get('genops-deploy.yml')?.concurrency?.['cancel-in-progress']).toBe(false);
    expect(examples.get('genops-pr.yml')?.concurrency?.group).toContain('github.event.pull_request.number');
  });

  it('never runs a fork’s code with write access: no pull_request_target, no checkout in the workflow_run job', () => {
    for (const [file, wf] of [...examples, ...ci])
      expect(Object.keys(wf.on), file).not.toContain('pull_request_target');
    const comment = examples.get('genops-fork-comment.yml') as Workflow;
    expect(Object.keys(comment.on)).toEqual(['workflow_run']);
    const steps = Object.values(comment.jobs).flatMap((j) => j.steps);
    expect(steps.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
    expect(steps.find((s) => s.uses === 'genops/action@v1')?.with).toMatchObject({ mode: 'comment' });
    expect(Object.values(comment.jobs)[0]?.if).toContain('head_repository.full_name != github.repository');
    // The pair: the comment workflow listens to the PR workflow by its name.
    expect((comment.on.workflow_run as { workflows: string[] }).workflows).toEqual([
      examples.get('genops-pr.yml')?.name,
    ]);
  });

  it('review commands: issue_comment on pull requests with a command, no checkout, least privilege, queued per PR', () => {
    const wf = examples.get('genops-review.yml') as Workflow;
    expect(wf.on).toEqual({ issue_comment: { types: ['created'] } });
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(wf.concurrency?.group).toMatch(/^genops-review-\$\{\{ github\.event\.issue\.number \}\}$/);
    expect(wf.concurrency?.['cancel-in-progress']).toBe(false);
    const job = Object.values(wf.jobs)[0];
    expect(job?.if).toContain('github.event.issue.pull_request');
    expect(job?.if).toContain("contains(github.event.comment.body, '/genops')");
    // The PR's files are data: nothing of the branch is checked out, installed or run by the workflow.
    expect(job?.steps.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
    expect(job?.steps.some((s) => s.run)).toBe(false);
    // The action checks the PR head out itself, after the write-access check, without credentials.
    const checkoutStep = action.runs.steps.find((s) => s.uses?.startsWith('actions/checkout'));
    expect(checkoutStep?.if).toBe("steps.review.outputs.proceed == 'true'");
    expect(checkoutStep?.with?.['persist-credentials']).toBe(false);
  });

  it('pass only inputs the action declares, and secrets only as inputs', () => {
    for (const [file, wf] of examples)
      for (const step of Object.values(wf.jobs).flatMap((j) => j.steps))
        if (step.uses === 'genops/action@v1')
          for (const input of Object.keys(step.with ?? {}))
            expect(Object.keys(action.inputs), `${file}: ${input}`).toContain(input);
  });
});

describe('this repository', () => {
  it('CI runs the tests and the action itself; check-dist rebuilds and compares dist/', () => {
    const runs = Object.values(ci.get('ci.yml')?.jobs ?? {}).flatMap((j) =>
      j.steps.map((s) => s.run ?? s.uses ?? ''),
    );
    expect(runs).toContain('npm test');
    expect(runs).toContain('./');
    const check = Object.values(ci.get('check-dist.yml')?.jobs ?? {}).flatMap((j) =>
      j.steps.map((s) => s.run ?? ''),
    );
    expect(check).toContain('npm run package');
    expect(check.join('\n')).toContain('git status --porcelain -- dist');
  });
});
