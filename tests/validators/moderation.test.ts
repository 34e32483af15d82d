import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderate, verdictFromResults } from '../../src/validators/moderation.js';
import {
  errorResponse,
  moderationResponse,
  moderationResult,
  type OpenAIPeer,
  startOpenAIPeer,
} from '../peers/openai.js';
import { scene } from './helpers/images.js';

let peer: OpenAIPeer;
const KEY = 'sk-test-moderation-0123456789';
const env = { GENOPS_MOD_KEY: KEY };

beforeAll(async () => {
  peer = await startOpenAIPeer();
});
afterAll(async () => {
  await peer.close();
});

const options = () => ({ baseUrl: peer.baseUrl, apiKeyEnv: 'GENOPS_MOD_KEY', maxRetries: 0 });

describe('OpenAI moderation against a loopback peer', () => {
  it('sends the prompt as text and the image as a data URL to omni-moderation-latest', async () => {
    peer.on('/v1/moderations', () => ({ body: moderationResponse([moderationResult({ violence: 0.02 })]) }));
    const image = scene(320, 200, 1);
    const check = await moderate({ text: 'a lighthouse at dusk', image }, options(), env);
    expect(check).toMatchObject({ id: 'policy.moderation', passed: true, severity: 'policy' });
    expect(check.value).toBe('highest violence 0.020');

    const request = peer.requests.at(-1);
    expect(request?.path).toBe('/v1/moderations');
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.body.model).toBe('omni-moderation-latest');
    const input = request?.body.input as { type: string; text?: string; image_url?: { url: string } }[];
    expect(input[0]).toEqual({ type: 'text', text: 'a lighthouse at dusk' });
    expect(input[1]?.type).toBe('image_url');
    const url = input[1]?.image_url?.url ?? '';
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    const meta = await sharp(Buffer.from(url.split(',')[1] ?? '', 'base64')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 200]);
  });

  it('a flagged result fails the check, naming categories, scores and input types', async () => {
    peer.on('/v1/moderations', () => ({
      body: moderationResponse([moderationResult({ sexual: 0.93, violence: 0.4 }, ['sexual'])]),
    }));
    const check = await moderate({ text: 'x', image: scene(64, 64, 2) }, options(), env);
    expect(check.passed).toBe(false);
    expect(check.severity).toBe('policy');
    expect(check.value).toBe('sexual 0.930 (flagged, from text+image)');
    expect(check.reason).toContain('omni-moderation-latest flagged');
  });

  it('a manifest threshold fails a score the service did not flag', async () => {
    peer.on('/v1/moderations', () => ({ body: moderationResponse([moderationResult({ violence: 0.45 })]) }));
    const loose = await moderate({ text: 'a duel' }, options(), env);
    expect(loose.passed).toBe(true);
    const strict = await moderate({ text: 'a duel' }, { ...options(), thresholds: { violence: 0.3 } }, env);
    expect(strict.passed).toBe(false);
    expect(strict.value).toBe('violence 0.450 (score ≥ 0.3, from text+image)');
    expect(strict.threshold).toBe('not flagged; violence < 0.3');
  });

  it('an API error fails closed by default, and is an info check with onError: skip', async () => {
    peer.on('/v1/moderations', () => errorResponse(500, 'The server had an error', null, 'server_error'));
    const closed = await moderate({ text: 'a cat' }, options(), env);
    expect(closed).toMatchObject({ passed: false, severity: 'policy', value: 'not run' });
    expect(closed.reason).toContain('500');
    const open = await moderate({ text: 'a cat' }, { ...options(), onError: 'skip' }, env);
    expect(open).toMatchObject({ passed: true, severity: 'info', value: 'not run' });
  });

  it('a missing key is reported by its variable name, and a key echoed by the server is redacted', async () => {
    const missing = await moderate({ text: 'a cat' }, options(), {});
    expect(missing.passed).toBe(false);
    expect(missing.reason).toContain('GENOPS_MOD_KEY is not set');

    peer.on('/v1/moderations', (r) =>
      errorResponse(401, `Incorrect API key provided: ${r.headers.authorization}`, 'invalid_api_key'),
    );
    const echoed = await moderate({ text: 'a cat' }, options(), env);
    expect(echoed.reason).toContain('Incorrect API key provided: Bearer ***');
    expect(echoed.reason).not.toContain(KEY);
  });

  it('the SDK retries a 429 as documented, then the verdict stands', async () => {
    let calls = 0;
    peer.on('/v1/moderations', () => {
      calls++;
      return calls === 1
        ? {
            ...errorResponse(429, 'Rate limit reached', 'rate_limit_exceeded', 'requests'),
            headers: { 'retry-after-ms': '10' },
          }
        : { body: moderationResponse([moderationResult()]) };
    });
    const check = await moderate({ text: 'a cat' }, { ...options(), maxRetries: 2 }, env);
    expect(calls).toBe(2);
    expect(check.passed).toBe(true);
  });
});

describe('moderation verdict rules', () => {
  it('a result flagged without any category set still fails', () => {
    const result = { ...moderationResult(), flagged: true };
    expect(verdictFromResults([result], {}).passed).toBe(false);
  });

  it('any of several results flagged fails, with the highest score per category', () => {
    const check = verdictFromResults(
      [moderationResult({ hate: 0.7 }, ['hate']), moderationResult({ hate: 0.9 }, ['hate'])],
      {},
    );
    expect(check.value).toBe('hate 0.900 (flagged, from text)');
  });
});
