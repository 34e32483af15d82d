/**
 * Prompt optimisation, the pure half: which `optimize:` block applies to an asset, what a rewrite is
 * keyed by, the chat messages that ask for it and how its reply is read. The plan layer
 * (src/layers/optimize.ts) finds or makes the rewrites; the planner only consumes them.
 */
import { contentKey } from '../core/canonical.js';
import type { OptimizeConfig } from '../core/config.js';
import type { AssetSpec, Manifest } from '../manifest/types.js';

/** Bump when the rewrite recipe (messages, reply handling) changes: every rewrite is asked again. */
export const OPTIMIZE_VERSION = 1;
export const DEFAULT_OPTIMIZE_MODEL = 'gpt-4.1-mini';
export const DEFAULT_OPTIMIZE_INSTRUCTIONS = [
  'You rewrite prompts for an image generation model so they produce better images.',
  'Keep every subject, object, colour, count and constraint of the original; add nothing that changes what is shown.',
  'Make it specific and visual: composition, lighting, materials, lens or medium where the original leaves them open.',
  'Never ask for text, logos or watermarks in the image unless the original does.',
  'Answer with the rewritten prompt only: no preamble, no quotes, no markdown.',
].join('\n');
/** Image back ends take at most this much prompt (GPT image models); a longer reply is refused. */
const MAX_REWRITE = 32_000;

/** One rewrite to find or make: its key is everything the answer depends on, and nothing else. */
export interface RewriteRequest {
  key: string;
  model: string;
  instructions: string;
  examples: { prompt: string; rewritten: string }[];
  prompt: string;
  /** Where to ask (not keyed: a proxy does not change the model's answer). */
  baseUrl?: string;
  apiKeyEnv: string;
  /** Where the `optimize:` block is in the manifest, for messages. */
  at: (string | number)[];
}

/** The asset's `optimize:` over the defaults' one; `undefined` when none applies or it is disabled. */
export function optimizeConfigFor(manifest: Manifest, spec: AssetSpec): OptimizeConfig | undefined {
  const merged = { ...manifest.defaults?.optimize, ...spec.optimize };
  if (!manifest.defaults?.optimize && !spec.optimize) return undefined;
  return merged.enabled === false ? undefined : merged;
}

export function rewriteRequest(
  config: OptimizeConfig,
  prompt: string,
  at: (string | number)[] = ['defaults', 'optimize'],
): RewriteRequest {
  const model = config.model ?? DEFAULT_OPTIMIZE_MODEL;
  const instructions = config.instructions ?? DEFAULT_OPTIMIZE_INSTRUCTIONS;
  const examples = (config.examples ?? []).map(({ prompt: p, rewritten }) => ({ prompt: p, rewritten }));
  return {
    key: contentKey({ v: OPTIMIZE_VERSION, model, instructions, examples, prompt }),
    model,
    instructions,
    examples,
    prompt,
    baseUrl: config.baseUrl,
    apiKeyEnv: config.apiKeyEnv ?? 'OPENAI_API_KEY',
    at,
  };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Instructions as the system message, each example as a user/assistant turn, then the prompt. */
export function rewriteMessages(request: RewriteRequest): ChatMessage[] {
  return [
    { role: 'system', content: request.instructions },
    ...request.examples.flatMap((e): ChatMessage[] => [
      { role: 'user', content: e.prompt },
      { role: 'assistant', content: e.rewritten },
    ]),
    { role: 'user', content: request.prompt },
  ];
}

export class RewriteReplyError extends Error {
  override name = 'RewriteReplyError';
}

/**
 * The rewritten prompt from the model's reply: trimmed, one wrapping code fence or pair of quotes
 * and a leading `Prompt:` label taken off (models add them despite being told not to). An empty or
 * over-long reply is an error, never a prompt.
 */
export function parseRewrite(text: string | null | undefined): string {
  let out = (text ?? '').trim();
  const fenced = /^```[a-z]*\n([\s\S]*?)\n```$/i.exec(out);
  if (fenced) out = (fenced[1] ?? '').trim();
  out = out.replace(/^(rewritten prompt|prompt)\s*:\s*/i, '').trim();
  const quoted = /^(["'“])([\s\S]*)(["'”])$/.exec(out);
  if (quoted?.[2] && !/["“”]/.test(quoted[2])) out = quoted[2].trim();
  if (!out) throw new RewriteReplyError('the optimisation model answered no text');
  if (out.length > MAX_REWRITE) {
    throw new RewriteReplyError(
      `the optimisation model answered ${out.length} characters; image back ends take at most ${MAX_REWRITE}`,
    );
  }
  return out;
}
