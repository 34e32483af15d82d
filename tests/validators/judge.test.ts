import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, judgeImage, parseJudgeReply } from '../../src/validators/judge.js';
import { chatResponse, errorResponse, type OpenAIPeer, startOpenAIPeer } from '../peers/openai.js';
import { encode, scene } from './helpers/images.js';

let peer: OpenAIPeer;
const env = { JUDGE_KEY: 'sk-judge-test-key-000000' };
const config = () => ({ enabled: true, baseUrl: peer.baseUrl, apiKeyEnv: 'JUDGE_KEY', maxRetries: 0 });

beforeAll(async () => {
  peer = await startOpenAIPeer();
});
afterAll(async () => {
  await peer.close();
});

type UserPart = { type: string; text?: string; image_url?: { url: string; detail: string } };

function lastUserContent(): UserPart[] {
  const messages = (peer.requests.at(-1)?.body.messages ?? []) as { content: UserPart[] }[];
  return messages[1]?.content ?? [];
}

describe('vision judge against a loopback peer', () => {
  it('sends rubric, prompt and image, and reads score and reasons', async () => {
    peer.on('/v1/chat/completions', () => ({
      body: chatResponse('{"score": 7.5, "reasons": ["clean silhouette", "sky slightly banded"]}'),
    }));
    const image = scene(256, 256, 3);
    const outcome = await judgeImage(
      image,
      'a lighthouse at dusk',
      {
        ...config(),
        rubric: ['Reads at 64 px', 'Brand colours only'],
        model: 'gpt-test-vision',
      },
      env,
    );
    expect(outcome.score).toBe(7.5);
    expect(outcome.reasons).toEqual(['clean silhouette', 'sky slightly banded']);
    expect(outcome.check).toMatchObject({ id: 'judge.score', passed: true, value: 7.5, severity: 'info' });
    expect(outcome.check.reason).toBe('gpt-test-vision scored 7.5/10: clean silhouette; sky slightly banded');

    const body = peer.requests.at(-1)?.body as {
      model: string;
      messages: {
        role: string;
        content: string | { type: string; text?: string; image_url?: { url: string; detail: string } }[];
      }[];
      response_format: { type: string; json_schema: { name: string; strict: boolean } };
    };
    expect(body.model).toBe('gpt-test-vision');
    expect(body.messages[0]?.role).toBe('system');
    const user = body.messages[1]?.content as {
      type: string;
      text?: string;
      image_url?: { url: string; detail: string };
    }[];
    expect(user[0]?.text).toContain('a lighthouse at dusk');
    expect(user[0]?.text).toContain('- Reads at 64 px\n- Brand colours only');
    expect(user[1]?.image_url?.url).toMatch(/^data:image\/jpeg;base64,/);
    expect(user[1]?.image_url?.detail).toBe('low');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
  });

  it('the default rubric is used when the manifest gives none; encoded bytes pass through', async () => {
    peer.on('/v1/chat/completions', () => ({ body: chatResponse('{"score": 9, "reasons": []}') }));
    const png = await encode(scene(64, 64, 1), 'png');
    const outcome = await judgeImage({ bytes: png, mediaType: 'image/png' }, 'a fox', config(), env);
    expect(outcome.score).toBe(9);
    const user = lastUserContent();
    expect(user?.[0]?.text).toContain(DEFAULT_RUBRIC[0]);
    expect(user?.[1]?.image_url?.url).toBe(`data:image/png;base64,${png.toString('base64')}`);
  });

  it('minScore makes it a gate', async () => {
    peer.on('/v1/chat/completions', () => ({ body: chatResponse('{"score": 4, "reasons": ["muddy"]}') }));
    const outcome = await judgeImage(scene(32, 32, 1), 'a fox', { ...config(), minScore: 6 }, env);
    expect(outcome.check).toMatchObject({ passed: false, severity: 'gate', value: 4, threshold: 6 });
  });

  it('malformed output gives no score and says why', async () => {
    peer.on('/v1/chat/completions', () => ({ body: chatResponse('I would rate this image highly!') }));
    const prose = await judgeImage(scene(32, 32, 1), 'a fox', config(), env);
    expect(prose.score).toBeUndefined();
    expect(prose.check).toMatchObject({ passed: false, severity: 'info', value: 'no score' });
    expect(prose.check.reason).toContain('holds no JSON object');

    peer.on('/v1/chat/completions', () => ({ body: chatResponse(null, "I can't help with that.") }));
    const refused = await judgeImage(scene(32, 32, 1), 'a fox', { ...config(), minScore: 5 }, env);
    expect(refused.check).toMatchObject({ passed: false, severity: 'gate' });
    expect(refused.check.reason).toContain("the judge refused: I can't help with that.");
  });

  it('an HTTP error becomes the reason, not an exception', async () => {
    peer.on('/v1/chat/completions', () => errorResponse(400, 'Invalid image data', 'invalid_image'));
    const outcome = await judgeImage(scene(32, 32, 1), 'a fox', config(), env);
    expect(outcome.score).toBeUndefined();
    expect(outcome.check.reason).toContain('400 Invalid image data');
  });
});

describe('parsing judge replies', () => {
  it('tolerates fences, prose around the object and a numeric string', () => {
    expect(parseJudgeReply('```json\n{"score": 6, "reasons": ["ok"]}\n```')).toEqual({
      score: 6,
      reasons: ['ok'],
    });
    expect(parseJudgeReply('Here you go: {"score": "8.25", "reasons": "sharp"} Thanks.')).toEqual({
      score: 8.25,
      reasons: ['sharp'],
    });
    expect(parseJudgeReply('{"score": 0}')).toEqual({ score: 0, reasons: [] });
  });

  it('rejects what is not a 0–10 score', () => {
    expect(() => parseJudgeReply('')).toThrow('no text');
    expect(() => parseJudgeReply('{"score": 85, "reasons": []}')).toThrow('outside 0–10');
    expect(() => parseJudgeReply('{"rating": 7}')).toThrow('no numeric "score"');
    expect(() => parseJudgeReply('{"score": "high"}')).toThrow('no numeric "score"');
    expect(() => parseJudgeReply('[7]')).toThrow('not an object');
    expect(() => parseJudgeReply('{"score": 7,')).toThrow('holds no JSON object');
  });
});
