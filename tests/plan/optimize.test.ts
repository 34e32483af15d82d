import { describe, expect, it } from 'vitest';
import type { BackendIdentity } from '../../src/core/model.js';
import { loadManifest } from '../../src/manifest/load.js';
import { buildPlan } from '../../src/plan/build.js';
import {
  DEFAULT_OPTIMIZE_INSTRUCTIONS,
  DEFAULT_OPTIMIZE_MODEL,
  parseRewrite,
  RewriteReplyError,
  rewriteMessages,
  rewriteRequest,
} from '../../src/plan/optimize.js';
import { tempDir, writeManifest } from '../helpers.js';

const identityOf = (): BackendIdentity => ({
  type: 'procedural',
  model: 'genops-procedural',
  endpointClass: 'local',
  version: '1',
});

async function loaded(text: string) {
  return loadManifest(await writeManifest(await tempDir(), text));
}

describe('rewrite keys', () => {
  it('change with the model, instructions, examples and prompt, and nothing else', () => {
    const base = { model: 'm', instructions: 'be vivid', examples: [{ prompt: 'a', rewritten: 'b' }] };
    const key = rewriteRequest(base, 'a cat').key;
    expect(rewriteRequest({ ...base }, 'a cat').key).toBe(key);
    expect(rewriteRequest({ ...base, baseUrl: 'http://proxy', apiKeyEnv: 'OTHER' }, 'a cat').key).toBe(key);
    expect(rewriteRequest({ ...base, enabled: true }, 'a cat').key).toBe(key);
    const changed = [
      rewriteRequest({ ...base, model: 'n' }, 'a cat'),
      rewriteRequest({ ...base, instructions: 'be plain' }, 'a cat'),
      rewriteRequest({ ...base, examples: [] }, 'a cat'),
      rewriteRequest({ ...base, examples: [{ prompt: 'a', rewritten: 'c' }] }, 'a cat'),
      rewriteRequest(base, 'a dog'),
    ].map((r) => r.key);
    expect(new Set([key, ...changed]).size).toBe(6);
    const defaults = rewriteRequest({}, 'x');
    expect(defaults).toMatchObject({
      model: DEFAULT_OPTIMIZE_MODEL,
      instructions: DEFAULT_OPTIMIZE_INSTRUCTIONS,
      apiKeyEnv: 'OPENAI_API_KEY',
    });
  });

  it('asks with the instructions, each example as a turn, then the prompt', () => {
    const request = rewriteRequest(
      { instructions: 'rewrite', examples: [{ prompt: 'p1', rewritten: 'r1' }] },
      'a lighthouse',
    );
    expect(rewriteMessages(request)).toEqual([
      { role: 'system', content: 'rewrite' },
      { role: 'user', content: 'p1' },
      { role: 'assistant', content: 'r1' },
      { role: 'user', content: 'a lighthouse' },
    ]);
  });
});

describe('parseRewrite', () => {
  it('takes off what models wrap a prompt in, and refuses what is not one', () => {
    expect(parseRewrite('  a lighthouse at dusk \n')).toBe('a lighthouse at dusk');
    expect(parseRewrite('```\na lighthouse at dusk\n```')).toBe('a lighthouse at dusk');
    expect(parseRewrite('"a lighthouse at dusk"')).toBe('a lighthouse at dusk');
    expect(parseRewrite('Prompt: a lighthouse at dusk')).toBe('a lighthouse at dusk');
    // Quotes inside are the prompt's own.
    expect(parseRewrite('"a sign reading "OPEN" in neon"')).toBe('"a sign reading "OPEN" in neon"');
    expect(() => parseRewrite('')).toThrow(RewriteReplyError);
    expect(() => parseRewrite(null)).toThrow(/no text/);
    expect(() => parseRewrite('x'.repeat(32_001))).toThrow(/32001 characters/);
  });
});

describe('the planner with optimize', () => {
  const manifest = `version: 1
defaults:
  size: 64x64
  optimize:
    model: chat-small
    instructions: make it vivid
policy:
  block: [gore]
assets:
  - id: calm
    prompt: a quiet lake
    variants: 2
  - id: plain
    prompt: a quiet lake
    optimize:
      enabled: false
  - id: blocked
    prompt: gore everywhere
  - id: own
    prompt: a quiet lake
    optimize:
      instructions: make it sparse
`;

  it('names the rewrites it needs, keeps the original until given one, then keys the rewrite', async () => {
    const input = await loaded(manifest);
    const first = buildPlan({ loaded: input, identityOf });
    // One rewrite per distinct (inputs, prompt); none for a disabled asset or a blocked prompt.
    expect(first.wanted.map((w) => [w.prompt, w.instructions, w.at])).toEqual([
      ['a quiet lake', 'make it vivid', ['defaults', 'optimize']],
      ['a quiet lake', 'make it sparse', ['assets', 3, 'optimize']],
    ]);
    const calm0 = first.jobs.find((j) => j.asset === 'calm');
    expect(calm0?.request.prompt).toBe('a quiet lake');
    expect(calm0?.optimized).toBeUndefined();

    const rewrites = new Map(first.wanted.map((w) => [w.key, `${w.instructions}: ${w.prompt}, at dawn`]));
    const second = buildPlan({ loaded: input, identityOf, rewrites });
    expect(second.wanted).toEqual([]);
    const byAsset = (id: string) => second.jobs.filter((j) => j.asset === id);
    expect(byAsset('calm').map((j) => j.request.prompt)).toEqual([
      'make it vivid: a quiet lake, at dawn',
      'make it vivid: a quiet lake, at dawn',
    ]);
    expect(byAsset('calm')[0]?.optimized).toEqual({
      key: first.wanted[0]?.key,
      model: 'chat-small',
      original: 'a quiet lake',
    });
    expect(byAsset('calm')[0]?.key).not.toBe(calm0?.key);
    expect(byAsset('plain')[0]?.request.prompt).toBe('a quiet lake');
    expect(byAsset('own')[0]?.request.prompt).toBe('make it sparse: a quiet lake, at dawn');
    expect(byAsset('blocked')[0]?.policy?.[0]).toMatchObject({ passed: false, id: 'policy.prompt' });
    expect(byAsset('blocked')[0]?.optimized).toBeUndefined();
  });

  it('checks the rewrite against the policy too', async () => {
    const input = await loaded(manifest);
    const { wanted } = buildPlan({ loaded: input, identityOf });
    const rewrites = new Map(wanted.map((w) => [w.key, 'a quiet lake with gore on the shore']));
    const { jobs } = buildPlan({ loaded: input, identityOf, rewrites });
    const calm = jobs.find((j) => j.asset === 'calm');
    expect(calm?.optimized?.original).toBe('a quiet lake');
    const failed = calm?.policy?.find((c) => !c.passed);
    expect(failed?.reason).toMatch(/^the optimised prompt: prompt contains "gore"/);
  });
});
