/**
 * Optional vision judge: a chat model looks at the image with the prompt and the manifest's rubric
 * and answers a 0–10 score with reasons, as JSON. Off by default (it costs money and is not
 * reproducible); its score is one input of best-of-N selection, and a gate only when `minScore` is set.
 *
 * The reply is parsed defensively: code fences and prose around the JSON are tolerated, a numeric
 * string is accepted, a score outside 0–10, a refusal or no JSON at all is reported as such — never
 * turned into a number.
 */
import type { JudgeConfig } from '../core/config.js';
import type { CheckResult } from '../core/model.js';
import {
  createOpenAI,
  type ImageInput,
  imageDataUrl,
  type OpenAIConnection,
  safeMessage,
} from './openai-client.js';

export const DEFAULT_JUDGE_MODEL = 'gpt-4.1-mini';

export const DEFAULT_RUBRIC = [
  'Fidelity: the image shows what the prompt asks for, with nothing important missing or added.',
  'Craft: composition, lighting and colour are deliberate; no artefacts (warped hands, melted text, seams).',
  'Fitness: it would work as the asset it is meant to be, without retouching.',
];

/** `qa.judge` with the connection settings tests and callers may add. */
export type JudgeOptions = JudgeConfig & OpenAIConnection;

export interface JudgeVerdict {
  score: number;
  reasons: string[];
}

export interface JudgeOutcome {
  check: CheckResult;
  /** Present only when the judge answered a valid score. */
  score?: number;
  reasons: string[];
}

const SYSTEM = [
  'You are an exacting art director reviewing one generated image against the brief it was made from.',
  'Score it from 0 (unusable) to 10 (ship as is) against the rubric. Be specific and brief in your reasons.',
  'Answer with JSON only, exactly: {"score": <number 0-10>, "reasons": ["<reason>", ...]}',
].join('\n');

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['score', 'reasons'],
  properties: {
    score: { type: 'number', description: '0 (unusable) to 10 (ship as is)' },
    reasons: { type: 'array', items: { type: 'string' } },
  },
} as const;

export class JudgeReplyError extends Error {
  override name = 'JudgeReplyError';
}

/** The prompt text sent with the image: brief and rubric. Exported for tests and for reports. */
export function judgeInstructions(prompt: string, rubric: string | string[] = DEFAULT_RUBRIC): string {
  const items = (Array.isArray(rubric) ? rubric : [rubric]).map((r) => `- ${r.trim()}`).join('\n');
  return `Brief (the prompt the image was generated from):\n${prompt}\n\nRubric:\n${items}`;
}

/** Extracts {score, reasons} from a model's text reply; throws JudgeReplyError saying what is wrong. */
export function parseJudgeReply(text: string | null | undefined): JudgeVerdict {
  if (!text?.trim()) throw new JudgeReplyError('the judge replied with no text');
  const doc = extractJson(text);
  if (doc === undefined) throw new JudgeReplyError(`the judge's reply holds no JSON object: "${clip(text)}"`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new JudgeReplyError(`the judge's JSON is not an object: "${clip(text)}"`);
  }
  const record = doc as Record<string, unknown>;
  const raw = record.score;
  const score =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : Number.NaN;
  if (!Number.isFinite(score))
    throw new JudgeReplyError(`the judge's JSON has no numeric "score": "${clip(text)}"`);
  if (score < 0 || score > 10) throw new JudgeReplyError(`the judge's score ${score} is outside 0–10`);
  const reasons = Array.isArray(record.reasons)
    ? record.reasons.filter((r): r is string => typeof r === 'string' && r.trim() !== '')
    : typeof record.reasons === 'string'
      ? [record.reasons]
      : [];
  return { score, reasons };
}

function extractJson(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  // The outermost braces, for replies with prose around the object.
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const c of candidates) {
    try {
      return JSON.parse(c);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

/** Asks the judge about one image. Never throws: failures become the check's reason. */
export async function judgeImage(
  image: ImageInput,
  prompt: string,
  config: JudgeOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JudgeOutcome> {
  const model = config.model ?? DEFAULT_JUDGE_MODEL;
  const gated = config.minScore !== undefined;
  try {
    const client = createOpenAI(config, env, 'the vision judge');
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: SYSTEM },
        {
          role: 'user',
          content: [
            { type: 'text', text: judgeInstructions(prompt, config.rubric) },
            {
              type: 'image_url',
              image_url: { url: await imageDataUrl(image), detail: config.detail ?? 'low' },
            },
          ],
        },
      ],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'image_review', strict: true, schema: SCHEMA },
      },
    });
    const message = completion.choices?.[0]?.message;
    if (message?.refusal) throw new JudgeReplyError(`the judge refused: ${message.refusal}`);
    const verdict = parseJudgeReply(message?.content);
    const passed = !gated || verdict.score >= (config.minScore as number);
    const because = verdict.reasons.length ? `: ${verdict.reasons.join('; ')}` : '';
    return {
      score: verdict.score,
      reasons: verdict.reasons,
      check: {
        id: 'judge.score',
        passed,
        value: verdict.score,
        threshold: config.minScore ?? 'not gated (minScore unset)',
        reason: `${model} scored ${verdict.score}/10${because}`,
        severity: gated ? 'gate' : 'info',
      },
    };
  } catch (error) {
    return {
      reasons: [],
      check: {
        id: 'judge.score',
        passed: false,
        value: 'no score',
        threshold: config.minScore ?? 'not gated (minScore unset)',
        reason: `vision judge (${model}) gave no score: ${safeMessage(error)}`,
        severity: gated ? 'gate' : 'info',
      },
    };
  }
}
