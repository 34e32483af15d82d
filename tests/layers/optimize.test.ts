/**
 * Prompt optimisation end to end, through the CLI, against a loopback OpenAI chat-completions peer
 * (tests/peers/openai.ts) reached by the real OpenAI SDK: rewrites are asked once, cached in the
 * state folder, written to genops.lock and reused from it with no key and no state.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Lockfile, Plan, ReportData } from '../../src/core/model.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';
import { chatResponse, errorResponse, type OpenAIPeer, startOpenAIPeer } from '../peers/openai.js';

const KEY = 'sk-chat-peer-key-7f3a91';
let peer: OpenAIPeer;
/** Prompts the peer was asked to rewrite, in order. */
const asked = () =>
  peer.requests
    .filter((r) => r.path === '/v1/chat/completions')
    .map((r) => (r.body.messages as { content: string }[]).at(-1)?.content);

beforeAll(async () => {
  peer = await startOpenAIPeer();
});
afterAll(() => peer.close());
beforeEach(() => {
  peer.requests.length = 0;
  peer.on('/v1/chat/completions', ({ headers, body }) => {
    if (headers.authorization !== `Bearer ${KEY}`)
      return errorResponse(401, 'Incorrect API key provided: sk-wr***rong.', 'invalid_api_key');
    const messages = body.messages as { content: string }[];
    return {
      body: chatResponse(`${messages.at(-1)?.content}, golden hour, 35mm film`, null, String(body.model)),
    };
  });
});

const manifest = (instructions = 'Make it cinematic.') => `version: 1
defaults:
  size: 64x48
  optimize:
    model: chat-small
    baseUrl: ${peer.baseUrl}
    instructions: ${instructions}
    examples:
      - prompt: a cat
        rewritten: a ginger cat on a windowsill, soft morning light
assets:
  - id: lake
    prompt: a quiet lake
    variants: 2
  - id: hill-{{c}}
    prompt: a {{c}} hill
    matrix:
      c: [green, grey]
`;

async function project(text = manifest()) {
  const dir = await tempDir();
  const file = await writeManifest(dir, text);
  const readJson = async <T>(name: string): Promise<T> =>
    JSON.parse(await readFile(path.join(dir, name), 'utf8'));
  return { dir, file, plan: () => readJson<Plan>('.genops/run/plan.json'), readJson };
}

describe('optimize: against a loopback chat-completions peer', () => {
  it('rewrites each distinct prompt once, keys the rewrite, and asks nothing on a rerun', async () => {
    const p = await project();
    const first = await runCli(['plan', '-m', p.file], { OPENAI_API_KEY: KEY });
    expect(first.code, first.stderr).toBe(0);
    expect(asked().sort()).toEqual(['a green hill', 'a grey hill', 'a quiet lake']);
    const request = peer.requests[0];
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body.model).toBe('chat-small');
    expect(((request?.body.messages ?? []) as unknown[]).slice(0, 3)).toEqual([
      { role: 'system', content: 'Make it cinematic.' },
      { role: 'user', content: 'a cat' },
      { role: 'assistant', content: 'a ginger cat on a windowsill, soft morning light' },
    ]);
    const plan = await p.plan();
    const lake = plan.jobs.filter((j) => j.asset === 'lake');
    expect(lake.map((j) => j.request.prompt)).toEqual([
      'a quiet lake, golden hour, 35mm film',
      'a quiet lake, golden hour, 35mm film',
    ]);
    expect(lake[0]?.optimized).toMatchObject({ model: 'chat-small', original: 'a quiet lake' });
    expect(first.stderr).toContain(
      'optimize: 3 prompt(s): 0 from the lockfile, 0 cached, 3 rewritten by chat-small',
    );

    const second = await runCli(['plan', '-m', p.file], { OPENAI_API_KEY: KEY });
    expect(second.code, second.stderr).toBe(0);
    expect(asked()).toHaveLength(3);
    expect((await p.plan()).jobs.map((j) => j.key)).toEqual(plan.jobs.map((j) => j.key));
    expect(second.stderr).toContain('0 from the lockfile, 3 cached, 0 rewritten');

    // New instructions are new inputs: every prompt is asked again (this peer answers the same text,
    // so the job keys, which hold the rewritten prompt, stay).
    await writeManifest(p.dir, manifest('Make it painterly.'));
    expect((await runCli(['plan', '-m', p.file], { OPENAI_API_KEY: KEY })).code).toBe(0);
    expect(asked()).toHaveLength(6);
    expect((await p.plan()).jobs[0]?.optimized?.key).not.toBe(plan.jobs[0]?.optimized?.key);
    expect((await p.plan()).jobs[0]?.key).toBe(plan.jobs[0]?.key);
    for (const text of [first.stderr, second.stderr, JSON.stringify(plan)]) expect(text).not.toContain(KEY);
  });

  it('locks the rewrite: with genops.lock, no state and no key, the plan is the same and asks nothing', async () => {
    const p = await project();
    const run = await runCli(['run', '-m', p.file], { OPENAI_API_KEY: KEY });
    expect(run.code, run.stderr).toBe(0);
    const keys = (await p.plan()).jobs.map((j) => j.key);
    const lock = await p.readJson<Lockfile>('genops.lock');
    expect(lock.assets.lake).toMatchObject({
      prompt: 'a quiet lake, golden hour, 35mm film',
      originalPrompt: 'a quiet lake',
      optimization: { model: 'chat-small' },
    });
    expect(lock.assets.lake?.optimization?.key).toMatch(/^[0-9a-f]{64}$/);
    const report = await p.readJson<ReportData>('.genops/run/report.json');
    expect(report.assets.find((a) => a.id === 'lake')?.originalPrompt).toBe('a quiet lake');
    const md = await readFile(path.join(p.dir, '.genops/run/report.md'), 'utf8');
    expect(md).toContain('Prompts rewritten by `optimize`');
    expect(md).toContain('original: a quiet lake');
    expect(md).toContain('rewritten: a quiet lake, golden hour, 35mm film');

    // CI: a fresh checkout has genops.lock but no state folder, and no key in this step.
    await rm(path.join(p.dir, '.genops'), { recursive: true, maxRetries: 5 });
    const before = asked().length;
    const ci = await runCli(['plan', '-m', p.file], {});
    expect(ci.code, ci.stderr).toBe(0);
    expect(asked()).toHaveLength(before);
    expect((await p.plan()).jobs.map((j) => j.key)).toEqual(keys);
    expect(ci.stderr).toContain('3 from the lockfile, 0 cached, 0 rewritten');
  });

  it('says which key is missing and where optimize is, when a rewrite must be made without one', async () => {
    const p = await project();
    const run = await runCli(['plan', '-m', p.file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /genops\.yaml:5:\d+: defaults\.optimize: prompt optimisation needs OPENAI_API_KEY/,
    );
    expect(run.stderr).toContain('optimize.enabled: false');
    expect(asked()).toEqual([]);
  });

  it('retries a 429 through the SDK alone, and reports a wrong key and a refusal without the key', async () => {
    let calls = 0;
    peer.on('/v1/chat/completions', ({ body }) => {
      calls++;
      if (calls === 1)
        return {
          ...errorResponse(429, 'Rate limit reached', 'rate_limit_exceeded'),
          headers: { 'retry-after-ms': '20' },
        };
      const last = (body.messages as { content: string }[]).at(-1)?.content ?? '';
      if (last.includes('grey')) return { body: chatResponse(null, 'I cannot help with that.') };
      return { body: chatResponse(`${last}, at dusk`) };
    });
    const p = await project(manifest().replace(/ {2}- id: hill[\s\S]*$/, ''));
    const ok = await runCli(['plan', '-m', p.file], { OPENAI_API_KEY: KEY });
    expect(ok.code, ok.stderr).toBe(0);
    expect(calls).toBe(2);
    expect((await p.plan()).jobs[0]?.request.prompt).toBe('a quiet lake, at dusk');

    const refused = await project();
    const refusal = await runCli(['plan', '-m', refused.file], { OPENAI_API_KEY: KEY });
    expect(refusal.code).not.toBe(0);
    expect(refusal.stderr).toContain(
      'rewriting "a grey hill" with chat-small failed: the model refused: I cannot help with that.',
    );

    const wrongKey = 'sk-wrong-key-0000000';
    peer.on('/v1/chat/completions', () =>
      errorResponse(401, `Incorrect API key provided: ${wrongKey}.`, 'invalid_api_key'),
    );
    const denied = await runCli(['plan', '-m', (await project()).file], { OPENAI_API_KEY: wrongKey });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('401');
    expect(denied.stderr).not.toContain(wrongKey);
  });
});
