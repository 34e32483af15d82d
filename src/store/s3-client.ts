/**
 * The one place an S3 client is built from a manifest's `s3` target, and the small helpers every S3
 * caller shares (key prefixes, public URLs, checksums, error classification, request counting).
 *
 * Credentials: when the target names environment variables (`accessKeyIdEnv`, `secretAccessKeyEnv`,
 * `sessionTokenEnv`) they are read through `readSecret`, so their values are redacted from all output.
 * Otherwise the SDK's default provider chain applies: AWS_* environment variables, shared config
 * files, and on GitHub Actions the OIDC web identity (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE, as
 * set by aws-actions/configure-aws-credentials).
 */
import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3Target } from '../core/config.js';
import { InputError } from '../core/errors.js';
import { readSecret } from '../core/secrets.js';

export const DEFAULT_S3_CONCURRENCY = 16;
/** Bodies larger than this go through a multipart upload (@aws-sdk/lib-storage). */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
export const MULTIPART_PART_SIZE = 8 * 1024 * 1024;

export interface S3ConnectionOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra client settings (tests pass static credentials or a retry policy). */
  clientConfig?: Partial<S3ClientConfig>;
}

/** The client settings for a target; exported so the tests can check what a manifest turns into. */
export function s3ClientConfig(target: S3Target, options: S3ConnectionOptions = {}): S3ClientConfig {
  const env = options.env ?? process.env;
  const concurrency = target.concurrency ?? DEFAULT_S3_CONCURRENCY;
  const config: S3ClientConfig = {
    // A custom endpoint (MinIO, R2, moto, Ceph) needs some region to sign with; AWS needs the real one,
    // which the SDK then finds in AWS_REGION or the shared config when the manifest gives none.
    region: target.region ?? (target.endpoint ? 'us-east-1' : undefined),
    endpoint: target.endpoint,
    forcePathStyle: target.forcePathStyle ?? Boolean(target.endpoint),
    // We send our own SHA-256 with every write and verify every read against the blob's name; the
    // SDK's default CRC32 on top would only cost CPU and, on some S3-compatible servers, trailers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 4,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: concurrency }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: concurrency }),
    },
    ...options.clientConfig,
  };
  const credentials = credentialsFromEnv(target, env);
  if (credentials && !options.clientConfig?.credentials) config.credentials = credentials;
  return config;
}

export function createS3Client(target: S3Target, options: S3ConnectionOptions = {}): S3Client {
  return withKnownPayloadHash(new S3Client(s3ClientConfig(target, options)));
}

const hashing = new WeakSet<S3Client>();

/**
 * Lets a write that carries `ChecksumSHA256` sign that same hash as its SigV4 payload hash
 * (`x-amz-content-sha256`) instead of the SDK hashing the body once more. One SHA-256 pass then
 * serves the object's name, the checksum S3 stores, and the signature — and S3 rejects a body that
 * does not match the signed hash before storing anything. Idempotent per client.
 */
export function withKnownPayloadHash(client: S3Client): S3Client {
  if (hashing.has(client)) return client;
  hashing.add(client);
  client.middlewareStack.add(
    (next) => async (args) => {
      const checksum = (args.input as { ChecksumSHA256?: string }).ChecksumSHA256;
      const request = args.request as { headers?: Record<string, string> };
      if (checksum && request.headers) {
        request.headers['x-amz-content-sha256'] = Buffer.from(checksum, 'base64').toString('hex');
      }
      return next(args);
    },
    { step: 'build', name: 'genopsKnownPayloadHash' },
  );
  return client;
}

function credentialsFromEnv(
  target: S3Target,
  env: NodeJS.ProcessEnv,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const { accessKeyIdEnv, secretAccessKeyEnv, sessionTokenEnv } = target;
  if (!accessKeyIdEnv && !secretAccessKeyEnv) return undefined;
  if (!accessKeyIdEnv || !secretAccessKeyEnv) {
    throw new InputError({
      file: 'genops.yaml',
      path: `delivery.targets[s3:${target.bucket}]`,
      message: 'accessKeyIdEnv and secretAccessKeyEnv go together',
      hint: 'name both variables, or neither to use the AWS default credential chain (env, OIDC role)',
    });
  }
  const accessKeyId = readSecret(env, accessKeyIdEnv);
  const secretAccessKey = readSecret(env, secretAccessKeyEnv);
  const sessionToken = sessionTokenEnv ? readSecret(env, sessionTokenEnv) : undefined;
  const missing = [
    accessKeyId ? undefined : accessKeyIdEnv,
    secretAccessKey ? undefined : secretAccessKeyEnv,
  ].filter(Boolean);
  if (missing.length || !accessKeyId || !secretAccessKey) {
    throw new InputError({
      file: 'genops.yaml',
      path: `delivery.targets[s3:${target.bucket}]`,
      message: `environment variable ${missing.join(' and ')} is not set`,
      hint: 'set it (on GitHub: from a secret, via env:) or remove the *Env names to use the default chain',
    });
  }
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** `img` → `img/`, `/img/` → `img/`, undefined → ``: a key prefix always ends with a slash or is empty. */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed ? `${trimmed}/` : '';
}

/** Encodes each path segment for a URL, keeping the slashes. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/**
 * The URL under which the target's root (bucket + prefix) is publicly served, ending with `/`:
 * `publicBaseUrl` when given (a CDN in front of the bucket: it maps to the prefix, not the bucket);
 * else the endpoint's path-style or virtual-hosted URL; else the AWS virtual-hosted URL.
 */
export function publicRootUrl(target: S3Target): string {
  const prefix = encodeKeyPath(normalizePrefix(target.prefix));
  if (target.publicBaseUrl) return target.publicBaseUrl.replace(/\/*$/, '/');
  const bucket = encodeURIComponent(target.bucket);
  if (target.endpoint) {
    const url = new URL(target.endpoint);
    const base = url.pathname.replace(/\/*$/, '');
    const pathStyle = target.forcePathStyle ?? true;
    if (pathStyle) return `${url.protocol}//${url.host}${base}/${bucket}/${prefix}`;
    return `${url.protocol}//${bucket}.${url.host}${base}/${prefix}`;
  }
  const region = target.region ? `.${target.region}` : '';
  return `https://${bucket}.s3${region}.amazonaws.com/${prefix}`;
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** A hex sha256 as the base64 form S3's checksum headers take. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * The MD5 an ETag stands for, when it stands for one: a single-part upload without SSE-KMS has the
 * hex MD5 of its bytes as ETag; multipart (`…-3`) and KMS-encrypted objects do not.
 */
export function etagMd5(etag: string | undefined): string | undefined {
  const bare = etag?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  return bare && /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}

interface SdkError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/** HEAD/GET of a missing key: `NotFound` from HEAD, `NoSuchKey` from GET, always HTTP 404. */
export function isNotFound(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return httpStatusOf(error) === 404 || e?.name === 'NotFound' || e?.name === 'NoSuchKey';
}

/** `If-None-Match: *` refused because the key exists. */
export function isPreconditionFailed(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return httpStatusOf(error) === 412 || e?.name === 'PreconditionFailed';
}

/** S3 answers 409 ConditionalRequestConflict when a conditional write races another: retry it. */
export function isConditionalConflict(error: unknown): boolean {
  return httpStatusOf(error) === 409;
}

/** HTTP attempts per S3 operation name (`PutObject`, `HeadObject`, …), retries included. */
export type RequestCounts = Map<string, number>;

/**
 * Counts every HTTP attempt the client makes, by operation. The middleware sits in the deserialize
 * step, below the retry middleware, so a retried request counts once per attempt — the figure a
 * bill or a rate limit sees. Used by the tests (0 PUTs on an unchanged redeploy) and the report.
 */
export function countRequests(client: S3Client): RequestCounts {
  const counts: RequestCounts = new Map();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'genopsRequestCounter', priority: 'low' },
  );
  return counts;
}

/** Sum of the counts for the given operations (all when none given). */
export function totalRequests(counts: RequestCounts, ...operations: string[]): number {
  let total = 0;
  for (const [name, n] of counts) if (!operations.length || operations.includes(name)) total += n;
  return total;
}

export interface MultipartPut {
  bucket: string;
  key: string;
  bytes: Buffer;
  contentType: string;
  cacheControl?: string;
  /** Write only if no object has the key (If-None-Match: *, sent on CompleteMultipartUpload). */
  ifAbsent: boolean;
}

/**
 * A large body through @aws-sdk/lib-storage, SHA-256 checksummed. Resolves `false` when `ifAbsent`
 * and the key already existed (412), `true` when this call wrote the object.
 */
export async function putMultipart(client: S3Client, put: MultipartPut): Promise<boolean> {
  // Loaded only for bodies over the multipart threshold: most deliveries never need it.
  const { Upload } = await import('@aws-sdk/lib-storage');
  try {
    const upload = new Upload({
      client,
      partSize: MULTIPART_PART_SIZE,
      queueSize: 4,
      params: {
        Bucket: put.bucket,
        Key: put.key,
        Body: put.bytes,
        ContentType: put.contentType,
        CacheControl: put.cacheControl,
        ChecksumAlgorithm: 'SHA256',
        IfNoneMatch: put.ifAbsent ? '*' : undefined,
      },
    });
    await upload.done();
    return true;
  } catch (error) {
    if (put.ifAbsent && isPreconditionFailed(error)) return false;
    throw error;
  }
}
