/**
 * The one place an OpenAI SDK client is built, for the image back end and for the gates that call
 * OpenAI (moderation, the vision judge). Callers choose the retries: the image back end retries in
 * its own caller, so its SDK client must not retry too.
 */
import OpenAI from 'openai';

export interface OpenAIClientOptions {
  apiKey: string;
  /** An OpenAI-compatible API root (Azure, a proxy, the tests' loopback peer); default OpenAI's. */
  baseUrl?: string;
  maxRetries: number;
  timeoutMs: number;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
  /** Where OPENAI_ORG_ID and OPENAI_PROJECT_ID are read: the run's environment, not the SDK's own. */
  env: NodeJS.ProcessEnv;
}

export function openAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseUrl,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    fetch: options.fetch,
    organization: options.env.OPENAI_ORG_ID ?? null,
    project: options.env.OPENAI_PROJECT_ID ?? null,
  });
}
