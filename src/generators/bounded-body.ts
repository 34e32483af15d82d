import { AsyncLocalStorage } from 'node:async_hooks';
import type { GenerationRequest, Job } from '../core/model.js';
import { GenerationError } from './generator.js';
import { fetchFailure } from './http.js';

/**
 * Bounded answers: no back end can make a run hold more bytes than the image it was asked for could
 * take. Every image response is read as a stream and counted; past the cap the stream errors, which
 * cancels the body and so aborts the connection, and the job fails with the reason.
 */

/** Pixels we allow a back end to send for a request: a 2× upscale of it, or any hosted native size. */
const MIN_ALLOWED_PIXELS = 2048 * 2048;
/** 16-bit RGBA uncompressed: no lossless or lossy encoder produces more per pixel. */
const BYTES_PER_PIXEL = 8;
/** Room for what back ends embed beside the pixels: ComfyUI's workflow JSON, OpenAI's C2PA manifest. */
const METADATA_HEADROOM = 1024 * 1024;
/** Room for the JSON around a base64 image (A1111's `info`, OpenAI's usage). */
const JSON_HEADROOM = 256 * 1024;

/** The most image bytes a job may receive: from its size and `limits.maxPixels`, or the manifest's override. */
export function imageByteCap(
  request: Pick<GenerationRequest, 'width' | 'height'>,
  maxPixels: number,
  override?: number,
): number {
  if (override !== undefined) return override;
  const pixels = Math.min(maxPixels, Math.max(4 * request.width * request.height, MIN_ALLOWED_PIXELS));
  return Math.max(pixels, request.width * request.height) * BYTES_PER_PIXEL + METADATA_HEADROOM;
}

/** The cap of a job: the planned one, or (a job planned before caps existed) the default for its size. */
export function jobByteCap(job: Pick<Job, 'request' | 'maxResponseBytes'>): number {
  return job.maxResponseBytes ?? imageByteCap(job.request, 4096 * 4096);
}

/** Cap of a back end's informational JSON (ComfyUI's /object_info of a large install is tens of MB). */
export const MAX_INFO_BYTES = 64 * 1024 * 1024;

/** Most pixels an answer may decode to: as many as its byte cap was made for, at least the request's. */
export function jobPixelCap(job: Pick<Job, 'request' | 'maxResponseBytes'>): number {
  const fromBytes = Math.floor((jobByteCap(job) - METADATA_HEADROOM) / BYTES_PER_PIXEL);
  return Math.max(fromBytes, job.request.width * job.request.height);
}

/** The cap of a JSON body carrying the image as base64 (4 characters per 3 bytes). */
export function base64BodyCap(imageCap: number): number {
  return Math.ceil(imageCap / 3) * 4 + JSON_HEADROOM;
}

/** The error a body past its cap ends with: permanent (the same request would send as much again). */
export function tooLarge(backend: string, cap: number, declared?: number): GenerationError {
  const size = declared !== undefined ? `declared ${declared} bytes` : `sent more than ${cap} bytes`;
  return new GenerationError(
    `${backend} ${size}, over the ${cap}-byte cap for this image; the request was aborted ` +
      '(the cap follows the requested size and limits.maxPixels; limits.maxResponseBytes overrides it)',
    'permanent',
  );
}

/**
 * The response with a body that errors with `tooLarge` once more than `cap` bytes arrived (at once,
 * when Content-Length says so). Whoever reads it holds at most `cap` bytes.
 */
export function capResponse(backend: string, response: Response, cap: number): Response {
  if (!response.body) return response;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      if (declared > cap) controller.error(tooLarge(backend, cap, declared));
    },
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > cap) controller.error(tooLarge(backend, cap));
      else controller.enqueue(chunk);
    },
  });
  return new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Reads at most `cap` bytes of a body; more is a `tooLarge` failure, a cut connection is transient. */
export async function readCapped(backend: string, response: Response, cap: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = capResponse(backend, response, cap).body?.getReader();
  if (!reader) return Buffer.alloc(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw fetchFailure(backend, error);
  }
  return Buffer.concat(chunks);
}

/** A JSON body carrying a base64 image, read within the base64 cap of `imageCap`. */
export async function readCappedJson(
  backend: string,
  response: Response,
  imageCap: number,
): Promise<unknown> {
  const text = (await readCapped(backend, response, base64BodyCap(imageCap))).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw badAnswer(`${backend} answered ${text.length} characters that are not JSON`);
  }
}

/**
 * For SDKs that read bodies themselves (OpenAI's): a fetch whose response bodies are capped at the
 * cap of the job being generated (`withByteCap`), so concurrent jobs keep their own caps.
 */
const currentCap = new AsyncLocalStorage<{ backend: string; cap: number }>();

export function withByteCap<T>(backend: string, cap: number, work: () => Promise<T>): Promise<T> {
  return currentCap.run({ backend, cap }, work);
}

export const cappedFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const current = currentCap.getStore();
  return current ? capResponse(current.backend, response, current.cap) : response;
};

/** The GenerationError inside an SDK's wrapping (its connection errors keep ours as `cause`). */
export function ownError(error: unknown): GenerationError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof GenerationError) return e;
    e = e instanceof Error ? e.cause : undefined;
  }
  return undefined;
}

/**
 * A bad answer: the back end said it succeeded but sent bytes that are not a whole image. Worth one
 * more try (a cut or a glitch), not more: every try is paid for (`BadAnswers`).
 */
export function badAnswer(message: string, cause?: unknown): GenerationError {
  return new GenerationError(message, 'transient', { badAnswer: true, cause });
}

/** Counts one job's bad answers: the second ends the job, saying how many attempts it took. */
export class BadAnswers {
  private seen = 0;

  /** The error to throw for this attempt: a second bad answer becomes permanent. */
  note(error: unknown, attempts: number): unknown {
    if (!(error instanceof GenerationError) || !error.options.badAnswer) return error;
    this.seen++;
    if (this.seen < 2) return error;
    return new GenerationError(
      `${error.message} — a bad answer again after ${attempts} attempts; not retried further (each try is paid for)`,
      'permanent',
      error.options,
    );
  }
}
