/**
 * Every check a gate produces carries value, threshold and reason, so a reviewer sees why an image
 * passed or failed without a log — on pass and on fail, for every module.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/model.js';
import { compareWithPrevious } from '../../src/validators/change.js';
import { scoreWithClip } from '../../src/validators/clip.js';
import { judgeImage } from '../../src/validators/judge.js';
import { verdictFromResults } from '../../src/validators/moderation.js';
import { nsfwCheck } from '../../src/validators/nsfw.js';
import { checkPrompt, compileRules, refusalCheck } from '../../src/validators/policy.js';
import { duplicateChecks } from '../../src/validators/similarity.js';
import { chatResponse, moderationResult } from '../peers/openai.js';
import { scene, solid } from './helpers/images.js';

/** A fetch that answers every request with one chat completion, without any server. */
const fakeFetch = (content: string) =>
  (async () =>
    new Response(JSON.stringify(chatResponse(content)), {
      headers: { 'content-type': 'application/json' },
    })) as typeof fetch;

describe('every check explains itself', () => {
  it('value, threshold and reason are present on passes and failures alike', async () => {
    const rules = compileRules({ rules: { block: ['gore', 'blood'], allow: ['blood orange'] } });
    const image = scene(128, 128, 1);
    const edited = solid(128, 128, [0, 0, 0]);
    const judgeConfig = { apiKeyEnv: 'K', maxRetries: 0 };
    const env = { K: 'sk-test-checks-0000' };
    const checks: CheckResult[] = [
      ...checkPrompt('a calm lake', rules),
      ...checkPrompt('gore and a blood orange', rules),
      refusalCheck({ kind: 'policy', message: 'moderation_blocked', attempts: 1 }) as CheckResult,
      nsfwCheck({ Drawing: 0.1, Hentai: 0.01, Neutral: 0.87, Porn: 0.01, Sexy: 0.01 }),
      nsfwCheck({ Drawing: 0, Hentai: 0, Neutral: 0.1, Porn: 0.9, Sexy: 0 }),
      verdictFromResults([moderationResult()], {}),
      verdictFromResults([moderationResult({ sexual: 0.9 }, ['sexual'])], {}),
      ...(await scoreWithClip(undefined, image, 'a lake')).checks,
      ...(await scoreWithClip({ model: '/nonexistent/clip' }, image, 'a lake')).checks,
      ...duplicateChecks([
        { key: 'a', asset: 'x', variant: 0, hash: '0000000000000000' },
        { key: 'b', asset: 'x', variant: 1, hash: '0000000000000001' },
        { key: 'c', asset: 'y', variant: 0, hash: 'ffffffffffffffff' },
      ]).values(),
      ...duplicateChecks([{ key: 'only', asset: 'x', variant: 0, hash: '0000000000000000' }]).values(),
      (await compareWithPrevious(image, undefined)).check,
      (await compareWithPrevious(image, image)).check,
      (await compareWithPrevious(edited, image)).check,
      (await compareWithPrevious(solid(60, 30, [0, 0, 0]), image)).check,
      (
        await judgeImage(
          image,
          'a lake',
          { ...judgeConfig, fetch: fakeFetch('{"score": 8, "reasons": ["ok"]}') },
          env,
        )
      ).check,
      (
        await judgeImage(
          image,
          'a lake',
          { ...judgeConfig, minScore: 9, fetch: fakeFetch('{"score": 8}') },
          env,
        )
      ).check,
      (await judgeImage(image, 'a lake', { ...judgeConfig, fetch: fakeFetch('no idea') }, env)).check,
    ];
    expect(checks.some((c) => c.passed)).toBe(true);
    expect(checks.some((c) => !c.passed)).toBe(true);
    for (const c of checks) {
      expect(c.value, `${c.id} value`).not.toBeUndefined();
      expect(c.threshold, `${c.id} threshold`).not.toBeUndefined();
      expect(c.reason, `${c.id} reason`).toBeTruthy();
      expect(['gate', 'policy', 'info']).toContain(c.severity);
    }
  });
});
