/**
 * The one place the quality gates build an OpenAI client (moderation and the vision judge), and
 * turn an image into the data URL those endpoints take.
 */
import type OpenAI from 'openai';
import sharp from 'sharp';
import { openAIClient } from '../clients/openai.js';
import type { OpenAIEndpoint } from '../core/config.js';
import type { RawImage } from '../core/image.js';
import { readSecret, redact } from '../core/secrets.js';

export interface OpenAIConnection extends OpenAIEndpoint {
  /** SDK retries on 408/409/429/5xx and connection errors. Default 2 (the SDK's own default). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}

/** Raw pixels, or encoded bytes with their media type (e.g. the blob as stored). */
export type ImageInput = RawImage | { bytes: Buffer; mediaType: string };

/** OpenAI rejects images above 20 MB; stay well below after base64 growth (×4/3). */
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

export class MissingApiKeyError extends Error {
  override name = 'MissingApiKeyError';
}

export function createOpenAI(
  conn: OpenAIConnection,
  env: NodeJS.ProcessEnv = process.env,
  purpose = 'OpenAI',
): OpenAI {
  const envName = conn.apiKeyEnv ?? 'OPENAI_API_KEY';
  const apiKey = readSecret(env, envName);
  if (!apiKey) {
    throw new MissingApiKeyError(
      `${purpose} is enabled but ${envName} is not set — set that environment variable, or disable ${purpose}`,
    );
  }
  return openAIClient({
    apiKey,
    baseUrl: conn.baseUrl,
    maxRetries: conn.maxRetries ?? 2,
    timeoutMs: conn.timeoutMs ?? 60_000,
    fetch: conn.fetch,
    env,
  });
}

/**
 * A `data:` URL for the image. Raw pixels are encoded as JPEG (quality 90; PNG when there is an
 * alpha channel) — the shrunk decode is plenty for a classifier and keeps the request small.
 */
export async function imageDataUrl(image: ImageInput): Promise<string> {
  let bytes: Buffer;
  let mediaType: string;
  if ('bytes' in image) {
    ({ bytes, mediaType } = image);
  } else {
    const input = sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: image.channels },
    });
    if (image.channels === 4) {
      bytes = await input.png().toBuffer();
      mediaType = 'image/png';
    } else {
      bytes = await input.jpeg({ quality: 90 }).toBuffer();
      mediaType = 'image/jpeg';
    }
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new Error(
      `image is ${(bytes.length / 1048576).toFixed(1)} MB; OpenAI takes at most 20 MB — pass the shrunk decode instead of the original`,
    );
  }
  return `data:${mediaType};base64,${bytes.toString('base64')}`;
}

/** An error as text safe for a report: no secret survives. */
export function safeMessage(error: unknown): string {
  // The SDK's APIError message already starts with the HTTP status.
  return redact(error instanceof Error ? error.message : String(error));
}
