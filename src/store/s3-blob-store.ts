/**
 * Blobs in an S3-compatible bucket: `<prefix>blobs/sha256/ab/abcdef…`, the production store that
 * carries approved images from the pull-request run to the merge run (docs/architecture.md).
 *
 * Never overwrites: every write is conditional (`If-None-Match: *`), and a 412 means the blob is
 * already there — its name is its hash, so it holds the same bytes, which `get()` proves on every
 * read by hashing what came back (S3 verifies the SHA-256 we send on write; moto and some other
 * S3-compatible servers do not, so the read-back check is what the guarantee rests on).
 */
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import PQueue from 'p-queue';
import { sha256Hex } from '../core/canonical.js';
import type { S3Target } from '../core/config.js';
import { assertSha256, type BlobCheck, type BlobStore, CorruptBlobError, SHA256_HEX } from './blob-store.js';
import {
  createS3Client,
  DEFAULT_S3_CONCURRENCY,
  etagMd5,
  hexToBase64,
  isConditionalConflict,
  isNotFound,
  isPreconditionFailed,
  MULTIPART_THRESHOLD,
  md5Hex,
  normalizePrefix,
  putMultipart,
  type S3ConnectionOptions,
  withKnownPayloadHash,
} from './s3-client.js';

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix; blobs live under `<prefix>blobs/sha256/`. */
  prefix?: string;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Bodies above this many bytes go multipart (default 16 MiB). */
  multipartThreshold?: number;
}

/** A missing blob, shaped like fs's ENOENT so callers handle every store alike. */
export class MissingBlobError extends Error {
  override name = 'MissingBlobError';
  readonly code = 'ENOENT';
  constructor(
    readonly sha256: string,
    location: string,
  ) {
    super(`blob ${sha256} is not in ${location}`);
  }
}

/** A write the server acknowledged with other bytes than we sent (ETag is not our MD5). */
export class UploadMismatchError extends Error {
  override name = 'UploadMismatchError';
}

export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  private readonly queue: PQueue;
  private readonly multipartThreshold: number;

  constructor(options: S3BlobStoreOptions) {
    this.client = withKnownPayloadHash(options.client);
    this.bucket = options.bucket;
    this.prefix = `${normalizePrefix(options.prefix)}blobs/sha256/`;
    this.queue = new PQueue({ concurrency: options.concurrency ?? DEFAULT_S3_CONCURRENCY });
    this.multipartThreshold = options.multipartThreshold ?? MULTIPART_THRESHOLD;
  }

  /** A store in the bucket of an `s3` target, with its endpoint, region and credentials. */
  static fromTarget(target: S3Target, options: S3ConnectionOptions = {}): S3BlobStore {
    return new S3BlobStore({
      client: createS3Client(target, options),
      bucket: target.bucket,
      prefix: target.prefix,
      concurrency: target.concurrency,
    });
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  keyOf(sha256: string): string {
    assertSha256(sha256);
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  async has(sha256: string): Promise<boolean> {
    const key = this.keyOf(sha256);
    return this.run(async () => {
      try {
        await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  /**
   * One HEAD: present, and its stored SHA-256 checksum (kept by S3 since the upload, which sent it)
   * is the name. An object without one (multipart, or written by another tool) is proven by `get`.
   */
  async verify(sha256: string): Promise<BlobCheck> {
    const key = this.keyOf(sha256);
    return this.run(async () => {
      try {
        const head = await this.client.send(
          new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
        );
        const stored = head.ChecksumSHA256;
        if (stored && !stored.includes('-') && stored !== hexToBase64(sha256)) {
          return { status: 'corrupt', actual: Buffer.from(stored, 'base64').toString('hex') };
        }
        return { status: 'ok' };
      } catch (error) {
        if (isNotFound(error)) return { status: 'missing' };
        throw error;
      }
    });
  }

  async get(sha256: string): Promise<Buffer> {
    const key = this.keyOf(sha256);
    const bytes = await this.run(async () => {
      try {
        const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        if (!response.Body) throw new Error(`GetObject ${key}: empty response body`);
        return Buffer.from(await response.Body.transformToByteArray());
      } catch (error) {
        if (isNotFound(error)) throw new MissingBlobError(sha256, this.location);
        throw error;
      }
    });
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new CorruptBlobError(sha256, actual, this.location);
    return bytes;
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const key = this.keyOf(sha);
    await this.run(() =>
      bytes.length > this.multipartThreshold
        ? this.putMultipart(key, bytes)
        : this.putSingle(key, bytes, sha),
    );
    return sha;
  }

  /**
   * Every blob in the store, from one paginated listing (1,000 keys a request) — for callers that
   * would otherwise ask `has()` once per blob.
   */
  async list(): Promise<Set<string>> {
    const shas = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.run(() =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }),
        ),
      );
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(object.Key.lastIndexOf('/') + 1);
        if (name && SHA256_HEX.test(name)) shas.add(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return shas;
  }

  private async putSingle(key: string, bytes: Buffer, sha: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: bytes,
            ContentLength: bytes.length,
            ContentType: 'application/octet-stream',
            IfNoneMatch: '*',
            // Verified and kept by S3 (the algorithm named, so servers keep it for HEAD's
            // ChecksumMode), and signed as the payload hash (withKnownPayloadHash).
            ChecksumAlgorithm: 'SHA256',
            ChecksumSHA256: hexToBase64(sha),
          }),
        );
        // The ETag is the server's MD5 of what it stored: proof the bytes arrived whole, also on
        // servers that ignore the SHA-256 we sent.
        const stored = etagMd5(response.ETag);
        if (stored && stored !== md5Hex(bytes)) {
          throw new UploadMismatchError(`s3://${this.bucket}/${key}: stored MD5 ${stored} is not ours`);
        }
        return;
      } catch (error) {
        if (isPreconditionFailed(error)) return; // already stored: same name, same bytes
        if (isConditionalConflict(error) && attempt < 4) {
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  private async putMultipart(key: string, bytes: Buffer): Promise<void> {
    // A multipart upload costs several requests: look before sending.
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    // Already stored (412): same name, same bytes.
    if (
      !(await putMultipart(this.client, {
        bucket: this.bucket,
        key,
        bytes,
        contentType: 'application/octet-stream',
        ifAbsent: true,
      }))
    )
      return;
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    if (head.ContentLength !== bytes.length) {
      throw new UploadMismatchError(
        `s3://${this.bucket}/${key}: stored ${head.ContentLength} bytes, sent ${bytes.length}`,
      );
    }
  }

  private run<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.add(task);
  }
}
