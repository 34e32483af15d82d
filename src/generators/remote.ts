import { readCapped } from './bounded-body.js';
import { GenerationError } from './generator.js';
import { bodyText, request, statusError } from './http.js';
import { decodeBase64Image } from './image-output.js';

/**
 * What the hosted back ends that answer "come back later" share (Replicate, Black Forest Labs): a
 * wait between polls that ends at once on abort, a check that a URL the provider hands back may
 * carry our key, and the download of a result file (which never carries it).
 */

/** Waits `ms`, or less if the signal fires (then throws its reason, as fetch would). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    function done() {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
  });
}

/**
 * Whether `url` is on the same origin as `base` (or, with `trustedSuffix`, on a host ending in it).
 * A key is only ever sent to such URLs: a provider's answer is data, and a URL in it must not be
 * able to collect the key.
 */
export function mayCarryKey(url: string, base: string, trustedSuffix?: string): boolean {
  try {
    const target = new URL(url);
    const origin = new URL(base);
    if (target.origin === origin.origin) return true;
    return Boolean(trustedSuffix && target.protocol === 'https:' && target.hostname.endsWith(trustedSuffix));
  } catch {
    return false;
  }
}

/** Poll failures in a row tolerated within one attempt: giving up would pay for the task again. */
const POLL_TRIES = 5;

/**
 * One poll (or status read) of a task already paid for. A transient failure — connection reset,
 * 5xx, 429, a garbled body — is read again after a short wait instead of failing the attempt, which
 * would submit (and pay for) the task a second time. Permanent failures and aborts pass at once.
 */
export async function pollPatiently<T>(
  read: () => Promise<T>,
  signal: AbortSignal,
  waitMs: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const transient = error instanceof GenerationError && error.kind === 'transient';
      if (!transient || signal.aborted || attempt >= POLL_TRIES) throw error;
      await pause(Math.max(waitMs, error.options.retryAfterMs ?? 0, 100 * attempt), signal);
    }
  }
}

/** Download tries within one attempt: the image is paid for, so a blip must not cost a new one. */
const DOWNLOAD_TRIES = 3;

/**
 * Downloads a result file the provider pointed at (a signed or CDN URL, or a `data:` URI), with no
 * credentials. Result URLs expire (Replicate: 1 hour, BFL: 10 minutes), so this happens at once,
 * and a failed download is tried again here before the attempt (and the paid image) is given up.
 */
export async function downloadResult(
  backend: string,
  url: string,
  signal: AbortSignal,
  cap: number,
): Promise<Buffer> {
  if (url.startsWith('data:')) return decodeBase64Image(backend, url);
  if (!/^https?:\/\//i.test(url))
    throw new GenerationError(`${backend} returned a result that is not a URL`, 'transient');
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await request(backend, url, { signal });
      if (!response.ok) {
        const error = statusError(
          `${backend} result download`,
          response.status,
          await bodyText(response, 300),
        );
        // 404/403 on a signed URL means expired or not yet there: a new attempt makes a new file.
        throw new GenerationError(error.message, 'transient', { status: response.status });
      }
      return await readCapped(backend, response, cap);
    } catch (error) {
      if (signal.aborted || attempt >= DOWNLOAD_TRIES) throw error;
      await pause(250 * attempt, signal);
    }
  }
}
