import { describe, expect, it } from 'vitest';
import { imageConcurrency } from '../../src/core/image.js';
import type { Job } from '../../src/core/model.js';
import { createProceduralGenerator, rendersInFlight } from '../../src/generators/procedural.js';

describe('procedural generator: rendering bound', () => {
  it('rasterises one image per core at a time, however many jobs are in flight', async () => {
    // More jobs in flight than cores, as a caller with a high `concurrency` sends them.
    const generator = createProceduralGenerator({
      name: 'procedural',
      config: { type: 'procedural', concurrency: 16 },
      baseDir: '.',
      env: {},
    });
    const jobs: Job[] = Array.from({ length: 3 * imageConcurrency() + 2 }, (_, i) => ({
      key: `k${i}`,
      asset: `a${i}`,
      variant: 0,
      generator: 'procedural',
      backend: generator.identity(),
      request: {
        prompt: `a city at night number ${i}`,
        negativePrompt: '',
        width: 512,
        height: 512,
        format: 'png',
        seed: i,
        embeddings: [],
        params: {},
      },
    }));
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, rendersInFlight());
    }, 1);
    const signal = new AbortController().signal;
    const made = await Promise.all(jobs.map((job) => generator.generate(job, { signal })));
    clearInterval(watch);
    expect(made.every((image) => image.bytes.length > 0)).toBe(true);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(imageConcurrency());
    expect(rendersInFlight()).toBe(0);
  });
});
