/**
 * OpenAI moderation (`omni-moderation-latest`): the prompt as text and the image as a data URL in
 * one request. Off by default (it needs a key and the network). A flagged result is a failed policy
 * check; so is a category score at or above a threshold the manifest sets.
 *
 * When the service cannot answer (no key, network, 5xx after the SDK's retries), `onError` decides:
 * `fail` (default) records a failed policy check — a safety gate that did not run has not passed —
 * and `skip` records an info check and lets the image through.
 */
import type { ModerationConfig } from '../core/config.js';
import type { CheckResult } from '../core/model.js';
import {
  createOpenAI,
  type ImageInput,
  imageDataUrl,
  type OpenAIConnection,
  safeMessage,
} from './openai-client.js';

export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';

/** `policy.moderation` with the connection settings tests and callers may add. */
export type ModerationOptions = Omit<ModerationConfig, 'enabled'> & OpenAIConnection;

export interface ModerationInput {
  text?: string;
  image?: ImageInput;
}

/** One result as the API documents it (POST /v1/moderations). */
export interface ModerationResult {
  flagged: boolean;
  categories: Record<string, boolean>;
  category_scores: Record<string, number>;
  category_applied_input_types?: Record<string, string[]>;
}

export async function moderate(
  input: ModerationInput,
  options: ModerationOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckResult> {
  const model = options.model ?? DEFAULT_MODERATION_MODEL;
  let results: ModerationResult[];
  try {
    if (!input.text && !input.image) throw new Error('nothing to moderate: give text, an image or both');
    const client = createOpenAI(options, env, 'moderation');
    const parts: ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[] = [];
    if (input.text) parts.push({ type: 'text', text: input.text });
    if (input.image) parts.push({ type: 'image_url', image_url: { url: await imageDataUrl(input.image) } });
    const response = await client.moderations.create({ model, input: parts });
    results = response.results as unknown as ModerationResult[];
    if (!Array.isArray(results) || results.length === 0) throw new Error('the response holds no results');
  } catch (error) {
    const skip = options.onError === 'skip';
    return {
      id: 'policy.moderation',
      passed: skip,
      value: 'not run',
      threshold: 'not flagged',
      reason: `moderation (${model}) did not answer: ${safeMessage(error)}${skip ? ' — skipped (onError: skip)' : ''}`,
      severity: skip ? 'info' : 'policy',
    };
  }
  return verdictFromResults(results, options.thresholds ?? {}, model);
}

/** The check for a moderation response: pure, so the verdict rules are testable without a server. */
export function verdictFromResults(
  results: ModerationResult[],
  thresholds: Record<string, number>,
  model = DEFAULT_MODERATION_MODEL,
): CheckResult {
  const hits = new Map<string, { score: number; by: string; inputs: string[] }>();
  let top = { category: '', score: 0 };
  for (const r of results) {
    for (const [category, score] of Object.entries(r.category_scores ?? {})) {
      if (score > top.score) top = { category, score };
      const inputs = r.category_applied_input_types?.[category] ?? [];
      const limit = thresholds[category];
      const flaggedHere = r.categories?.[category] === true;
      if (flaggedHere || (limit !== undefined && score >= limit)) {
        const by = flaggedHere ? 'flagged' : `score ≥ ${limit}`;
        const prev = hits.get(category);
        if (!prev || score > prev.score) hits.set(category, { score, by, inputs });
      }
    }
    // A result flagged with no category marked still fails: trust the service's own verdict.
    if (r.flagged && !Object.values(r.categories ?? {}).some(Boolean) && !hits.has('(unspecified)')) {
      hits.set('(unspecified)', { score: 1, by: 'flagged', inputs: [] });
    }
  }
  const thresholdText = Object.keys(thresholds).length
    ? `not flagged; ${Object.entries(thresholds)
        .map(([c, t]) => `${c} < ${t}`)
        .join(', ')}`
    : 'not flagged';
  if (hits.size === 0) {
    return {
      id: 'policy.moderation',
      passed: true,
      value: top.category ? `highest ${top.category} ${top.score.toFixed(3)}` : 'no categories',
      threshold: thresholdText,
      reason: `${model}: nothing flagged`,
      severity: 'policy',
    };
  }
  const list = [...hits]
    .sort((a, b) => b[1].score - a[1].score)
    .map(
      ([c, h]) =>
        `${c} ${h.score.toFixed(3)} (${h.by}${h.inputs.length ? `, from ${h.inputs.join('+')}` : ''})`,
    );
  return {
    id: 'policy.moderation',
    passed: false,
    value: list.join('; '),
    threshold: thresholdText,
    reason: `${model} flagged: ${list.join('; ')}`,
    severity: 'policy',
  };
}
