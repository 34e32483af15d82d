import { describe, expect, it } from 'vitest';
import type { BackendIdentity, Job } from '../../src/core/model.js';
import { asMade, estimateCost, FREE_TYPES, PRICES, priceOf } from '../../src/plan/prices.js';

function job(
  backend: Partial<BackendIdentity> & { type: string; model: string },
  request: { width?: number; height?: number; params?: Record<string, unknown> } = {},
  generator = backend.type,
): Job {
  return {
    key: `${generator}-${Math.random()}`,
    asset: 'a',
    variant: 0,
    generator,
    backend: { endpointClass: backend.type, version: '1', ...backend },
    request: {
      prompt: 'p',
      negativePrompt: '',
      width: request.width ?? 1024,
      height: request.height ?? 1024,
      format: 'png',
      seed: 1,
      embeddings: [],
      params: request.params ?? {},
    },
  };
}

describe('the price table', () => {
  it('gives every row a source URL and a date, and no negative or duplicate price', () => {
    const seen = new Set<string>();
    for (const row of PRICES) {
      expect(row.source, row.model).toMatch(/^https:\/\//);
      expect(row.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row.usd).toBeGreaterThan(0);
      const id = `${row.type} ${row.model} ${row.size ?? '*'} ${row.quality ?? '*'}`;
      expect(seen.has(id), id).toBe(false);
      seen.add(id);
    }
    for (const type of ['openai', 'stability', 'replicate', 'google', 'bfl'])
      expect(
        PRICES.some((r) => r.type === type),
        type,
      ).toBe(true);
  });
});

describe('priceOf', () => {
  it('prices OpenAI by model, size and quality', () => {
    const gpt = (quality: string | undefined, width = 1024, height = 1024) =>
      priceOf(
        job(
          { type: 'openai', model: 'gpt-image-1', settings: quality ? { quality } : undefined },
          { width, height },
        ),
      )?.usd;
    expect(gpt('low')).toBe(0.011);
    expect(gpt('medium')).toBe(0.042);
    expect(gpt('high', 1536, 1024)).toBe(0.25);
    // Unset or `auto`: the model picks, so the estimate is its ceiling.
    expect(gpt(undefined)).toBe(0.167);
    expect(gpt('auto')).toBe(0.167);
    // A smaller size is made at the next size up and shrunk: that size is paid.
    expect(gpt('low', 512, 512)).toBe(0.011);
    expect(gpt('low', 1200, 800)).toBe(0.016);
    // The asset's params win over the generator's setting.
    const perAsset = job(
      { type: 'openai', model: 'gpt-image-1', settings: { quality: 'high' } },
      { params: { quality: 'low' } },
    );
    expect(priceOf(perAsset)?.usd).toBe(0.011);
    expect(priceOf(job({ type: 'openai', model: 'dall-e-3' }))?.usd).toBe(0.04);
    expect(
      priceOf(job({ type: 'openai', model: 'dall-e-3', settings: { quality: 'hd' } }, { width: 1792 }))?.usd,
    ).toBe(0.12);
  });

  it('prices the other paid back ends, free ones at 0, and unknown models not at all', () => {
    expect(priceOf(job({ type: 'stability', model: 'stable-image-ultra' }))?.usd).toBe(0.08);
    expect(priceOf(job({ type: 'bfl', model: 'flux-pro-1.1' }))?.usd).toBe(0.04);
    expect(priceOf(job({ type: 'google', model: 'gemini-2.5-flash-image' }))?.usd).toBe(0.039);
    expect(priceOf(job({ type: 'replicate', model: 'black-forest-labs/flux-schnell' }))?.usd).toBe(0.003);
    // A pinned Replicate version is the same model.
    expect(priceOf(job({ type: 'replicate', model: 'black-forest-labs/flux-1.1-pro:abc123' }))?.usd).toBe(
      0.04,
    );
    // FLUX.2 is priced by megapixel: the first, then each further one.
    const mp2 = priceOf(job({ type: 'bfl', model: 'flux-2-pro' }, { width: 2000, height: 1000 }));
    expect(mp2?.usd).toBeCloseTo(0.045, 6);
    for (const type of FREE_TYPES) expect(priceOf(job({ type, model: 'anything' }))?.usd).toBe(0);
    expect(priceOf(job({ type: 'replicate', model: 'someone/unknown-model' }))).toBeUndefined();
  });

  it("searches the manifest's prices first", () => {
    const overrides = [
      { type: 'replicate', model: 'someone/unknown-model', usd: 0.5 },
      { type: 'openai', model: 'gpt-image-1', quality: 'low', size: '1024x1024', usd: 0.009 },
    ];
    const unknown = priceOf(job({ type: 'replicate', model: 'someone/unknown-model' }), overrides);
    expect(unknown).toEqual({ usd: 0.5, source: 'manifest prices' });
    const contract = job({ type: 'openai', model: 'gpt-image-1', settings: { quality: 'low' } });
    expect(priceOf(contract, overrides)?.usd).toBe(0.009);
    const medium = job({ type: 'openai', model: 'gpt-image-1', settings: { quality: 'medium' } });
    expect(priceOf(medium, overrides)?.usd).toBe(0.042);
  });
});

describe('estimateCost', () => {
  it('sums per generator and model, counts unpriced jobs, and does not drift', () => {
    const low = { type: 'openai', model: 'gpt-image-1', settings: { quality: 'low' } };
    const jobs = [
      ...Array.from({ length: 1000 }, () => job(low, {}, 'img')),
      job({ type: 'bfl', model: 'flux-pro-1.1' }, {}, 'flux'),
      job({ type: 'replicate', model: 'someone/unknown' }, {}, 'rep'),
      job({ type: 'procedural', model: 'genops-procedural' }, {}, 'procedural'),
    ];
    const cost = estimateCost(jobs);
    expect(cost.usd).toBe(11.04);
    expect(cost.jobs).toBe(1003);
    expect(cost.unpriced).toBe(1);
    expect(cost.lines.map((l) => [l.generator, l.jobs, l.usd, l.unpriced])).toEqual([
      ['flux', 1, 0.04, 0],
      ['img', 1000, 11, 0],
      ['procedural', 1, 0, 0],
      ['rep', 1, 0, 1],
    ]);
    expect(cost.lines[1]?.sources[0]).toMatch(/^https:/);
    expect(estimateCost([])).toEqual({ currency: 'USD', usd: 0, jobs: 0, unpriced: 0, lines: [] });
  });
});

describe('asMade', () => {
  it('prices a spend by the quality and size the back end reports having made', () => {
    const planned = job({ type: 'openai', model: 'gpt-image-1' }, { width: 512, height: 512 });
    expect(priceOf(planned)?.usd).toBe(0.167);
    const made = asMade(planned, { reproducible: false, extra: { quality: 'medium', size: '1536x1024' } });
    expect(priceOf(made)?.usd).toBe(0.063);
    expect(planned.request.params).toEqual({});
    expect(asMade(planned, { reproducible: true })).toBe(planned);
    expect(asMade(planned, undefined)).toBe(planned);
  });
});
