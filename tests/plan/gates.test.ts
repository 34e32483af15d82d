import { describe, expect, it } from 'vitest';
import { manifestValidator } from '../../src/manifest/schema.js';
import { mergeQaGates } from '../../src/plan/gates.js';

const manifest = (extra: Record<string, unknown>) => ({
  version: 1,
  assets: [{ id: 'hero', prompt: 'a lighthouse', ...extra }],
});

describe('schema: the gates’ fields in $defs.qa and $defs.policy', () => {
  it('accepts every gate field', () => {
    const validate = manifestValidator();
    const doc = {
      version: 1,
      policy: {
        block: ['gore', '/nud(e|ity)/i'],
        allow: ['blood orange'],
        nsfw: { enabled: true, thresholds: { Porn: 0.5, Sexy: 0.9 } },
        moderation: {
          enabled: true,
          thresholds: { violence: 0.3, 'self-harm/intent': 0.1 },
          onError: 'skip',
        },
      },
      defaults: {
        qa: {
          clip: { model: 'models/clip-vit-large-patch14', minScore: 0.6 },
          weights: { aesthetic: 2, clip: 1, judge: 0 },
          similarity: {
            hash: 'dhash',
            maxDistance: 6,
            acrossAssets: 'gate',
            unchangedSsim: 0.97,
            unchangedLocalSsim: 0.85,
          },
        },
      },
      assets: [
        {
          id: 'hero',
          prompt: 'a lighthouse',
          qa: {
            minAesthetic: 5,
            block: ['storm'],
            allow: ['storm lantern'],
            judge: { enabled: true, rubric: ['Reads at 64 px'], minScore: 6, detail: 'high' },
          },
        },
        { id: 'icon', prompt: 'an icon', qa: { judge: { rubric: 'Flat, two colours' } } },
      ],
    };
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects out-of-range and unknown gate fields', () => {
    const validate = manifestValidator();
    for (const qa of [
      { clip: { minScore: 3 } },
      { clip: { modle: 'x' } },
      { judge: { minScore: 11 } },
      { judge: { rubric: [] } },
      { weights: { aesthetic: -1 } },
      { weights: { beauty: 1 } },
      { similarity: { maxDistance: 65 } },
      { similarity: { acrossAssets: 'fail' } },
      { block: [''] },
    ]) {
      expect(validate(manifest({ qa })), JSON.stringify(qa)).toBe(false);
    }
    expect(validate({ ...manifest({}), policy: { moderation: { onError: 'ignore' } } })).toBe(false);
    expect(validate({ ...manifest({}), policy: { moderation: { thresholds: { violence: 2 } } } })).toBe(
      false,
    );
  });
});

describe('layering an asset’s gates over the defaults', () => {
  it('adds block/allow lists and merges nested objects field by field', () => {
    const merged = mergeQaGates(
      { block: ['gore'], clip: { model: 'clip', minScore: 0.5 }, weights: { aesthetic: 2 } },
      { block: ['storm'], allow: ['storm lantern'], clip: { minScore: 0.7 }, judge: { enabled: true } },
    );
    expect(merged).toEqual({
      block: ['gore', 'storm'],
      allow: ['storm lantern'],
      clip: { model: 'clip', minScore: 0.7 },
      judge: { enabled: true },
      weights: { aesthetic: 2 },
    });
    expect(mergeQaGates()).toEqual({});
  });
});

describe('qa.overridable', () => {
  it('the schema takes soft checks only; an asset list replaces the defaults (an empty one allows none)', () => {
    const validate = manifestValidator();
    expect(validate(manifest({ qa: { overridable: ['aesthetic.score', 'technical.bytes'] } }))).toBe(true);
    expect(validate(manifest({ qa: { overridable: ['policy.nsfw'] } }))).toBe(false);
    expect(validate(manifest({ qa: { overridable: ['technical.decode'] } }))).toBe(false);
    const defaults = { overridable: ['aesthetic.score', 'clip.score'] } as const;
    expect(mergeQaGates({ overridable: [...defaults.overridable] }, {}).overridable).toEqual([
      'aesthetic.score',
      'clip.score',
    ]);
    expect(
      mergeQaGates({ overridable: [...defaults.overridable] }, { overridable: ['judge.score'] }).overridable,
    ).toEqual(['judge.score']);
    expect(
      mergeQaGates({ overridable: [...defaults.overridable] }, { overridable: [] }).overridable,
    ).toBeUndefined();
  });
});
