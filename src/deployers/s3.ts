/**
 * An S3-compatible bucket as a delivery target. Content-hashed files are written once with
 * `Cache-Control: public, max-age=31536000, immutable` and a conditional write; aliases and
 * assets.json are overwritten with a short cache lifetime.
 *
 * Cost model: one paginated ListObjectsV2 of the prefix per run (cached), one HEAD per content file
 * already there (its stored SHA-256 proves the bytes: `matches`), and one PutObject per file that is
 * new, changed or found damaged. An alias listed with the size and MD5 of its proven content file
 * costs nothing (`holdsCopy`).
 * Integrity without extra requests or hashing passes: each PUT signs the body's SHA-256 (S3 refuses
 * a body that does not match) and sends it as the stored checksum. A server that checks checksums
 * echoes it on success, and that answer is the proof. A server that ignores checksums sends none
 * back; then the ETag, its MD5 of what it stored, is compared with ours (an MD5 pass over the bytes,
 * about 3× the CPU of SHA-256 where the CPU has SHA instructions, so it is only paid there). moto
 * echoes the checksum without verifying it; a loopback test server is the one place that is fine.
 * Only multipart or KMS-encrypted objects without the echo, whose ETag is no MD5, cost a HEAD.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import PQueue from 'p-queue';
import type { S3Target } from '../core/config.js';
import {
  createS3Client,
  DEFAULT_S3_CONCURRENCY,
  encodeKeyPath,
  etagMd5,
  hexToBase64,
  isNotFound,
  isPreconditionFailed,
  MULTIPART_THRESHOLD,
  md5Hex,
  normalizePrefix,
  publicRootUrl,
  putMultipart,
  type S3ConnectionOptions,
  sha256Base64,
  withKnownPayloadHash,
} from '../store/s3-client.js';
import { type DeliveryTarget, IMMUTABLE, type PutOptions } from './target.js';

/** What one listing tells about an object, without a HEAD. */
export interface ListedObject {
  size: number;
  /** Hex MD5 of the bytes, when the ETag is one (single-part, no KMS). */
  md5?: string;
}

export interface S3DeliveryOptions extends S3ConnectionOptions {
  /** An existing client (tests count its requests); else one is built from the target. */
  client?: S3Client;
  multipartThreshold?: number;
  /** Keys per listing page (S3's maximum and default is 1,000; tests use fewer). */
  listPageSize?: number;
}

/** A write the server acknowledged with other bytes than we sent. */
export class DeliveryMismatchError extends Error {
  override name = 'DeliveryMismatchError';
}

export class S3DeliveryTarget implements DeliveryTarget {
  readonly client: S3Client;
  readonly bucket: string;
  /** Key prefix, empty or ending with `/`. */
  readonly prefix: string;
  readonly concurrency: number;
  private readonly root: string;
  private readonly queue: PQueue;
  private readonly multipartThreshold: number;
  private readonly listPageSize: number | undefined;
  private listed: Promise<Map<string, ListedObject>> | undefined;

  constructor(config: S3Target, options: S3DeliveryOptions = {}) {
    this.client = withKnownPayloadHash(options.client ?? createS3Client(config, options));
    this.bucket = config.bucket;
    this.prefix = normalizePrefix(config.prefix);
    this.concurrency = config.concurrency ?? DEFAULT_S3_CONCURRENCY;
    this.root = publicRootUrl(config);
    this.queue = new PQueue({ concurrency: this.concurrency });
    this.multipartThreshold = options.multipartThreshold ?? MULTIPART_THRESHOLD;
    this.listPageSize = options.listPageSize;
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  keyOf(path: string): string {
    if (!path || path.startsWith('/') || path.split('/').some((s) => s === '..' || s === '.' || s === '')) {
      throw new Error(`not a relative file path: ${JSON.stringify(path)}`);
    }
    return `${this.prefix}${path}`;
  }

  url(path: string): string {
    return `${this.root}${encodeKeyPath(path)}`;
  }

  async list(): Promise<Set<string>> {
    return new Set((await this.listing()).keys());
  }

  /**
   * Every object under the prefix with its size and MD5, from one paginated ListObjectsV2, fetched
   * once per target instance (one deliver run) and kept current by this instance's own writes.
   */
  listing(): Promise<Map<string, ListedObject>> {
    if (!this.listed) {
      this.listed = this.fetchListing();
      this.listed.catch(() => {
        this.listed = undefined; // a failed listing is retried by the next caller
      });
    }
    return this.listed;
  }

  /** Forget the cached listing (another writer may have changed the bucket). */
  refresh(): void {
    this.listed = undefined;
  }

  /** True when the listing shows exactly these bytes at `path` (same size and MD5): no write needed. */
  async holds(path: string, bytes: Buffer): Promise<boolean> {
    const entry = (await this.listing()).get(path);
    return entry?.size === bytes.length && entry.md5 !== undefined && entry.md5 === md5Hex(bytes);
  }

  /**
   * True when the listing shows `path` with the size and MD5 of `original`, whose bytes the caller
   * proved: an unchanged alias is recognised without loading or hashing its bytes.
   */
  async holdsCopy(path: string, original: string): Promise<boolean> {
    const listing = await this.listing();
    const copy = listing.get(path);
    const source = listing.get(original);
    return copy?.md5 !== undefined && copy.md5 === source?.md5 && copy.size === source.size;
  }

  /**
   * Stores the bytes and verifies them. `options.sha256` (hex), when the caller already hashed the
   * bytes, saves a hashing pass; S3 rejects the write if it does not match.
   */
  async put(path: string, bytes: Buffer, options: PutOptions & { sha256?: string }): Promise<void> {
    const key = this.keyOf(path);
    // Replacing damaged bytes under an immutable name is the one overwrite: no If-None-Match then.
    const immutable = options.cacheControl === IMMUTABLE && !options.replace;
    await this.queue.add(async () => {
      const md5 =
        bytes.length > this.multipartThreshold
          ? await this.putMultipart(key, bytes, options, immutable)
          : await this.putSingle(key, bytes, options, immutable);
      const listing = await this.listed?.catch(() => undefined);
      listing?.set(path, { size: bytes.length, md5 });
    });
  }

  /**
   * One HEAD with ChecksumMode: the SHA-256 the upload stored (S3 verified it on write) against the
   * name. An object without a whole-object SHA-256 (multipart, or written by another tool) is read
   * and hashed instead.
   */
  async matches(path: string, sha256: string): Promise<boolean> {
    const key = this.keyOf(path);
    return this.queue.add(async () => {
      try {
        const head = await this.client.send(
          new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }),
        );
        const stored = head.ChecksumSHA256;
        if (stored && !stored.includes('-')) return stored === hexToBase64(sha256);
        const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        const hash = createHash('sha256');
        for await (const chunk of object.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
        return hash.digest('hex') === sha256;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  /** Size, type, cache lifetime and MD5 of one object (for checks and tests; deliver never needs it). */
  async head(
    path: string,
  ): Promise<{ size?: number; contentType?: string; cacheControl?: string; md5?: string }> {
    const head = await this.client.send(
      new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(path) }),
    );
    return {
      size: head.ContentLength,
      contentType: head.ContentType,
      cacheControl: head.CacheControl,
      md5: etagMd5(head.ETag),
    };
  }

  private async fetchListing(): Promise<Map<string, ListedObject>> {
    const objects = new Map<string, ListedObject>();
    let token: string | undefined;
    do {
      const page = await this.queue.add(() =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix || undefined,
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key?.startsWith(this.prefix)) continue;
        objects.set(object.Key.slice(this.prefix.length), {
          size: object.Size ?? -1,
          md5: etagMd5(object.ETag),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  private async putSingle(
    key: string,
    bytes: Buffer,
    options: PutOptions & { sha256?: string },
    immutable: boolean,
  ): Promise<string | undefined> {
    const sha256 = options.sha256 ? hexToBase64(options.sha256) : sha256Base64(bytes);
    try {
      const response = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: options.contentType,
          CacheControl: options.cacheControl,
          // Verified and kept by S3 (the algorithm named, so HEAD's ChecksumMode returns it: see
          // `matches`), and signed as the payload hash (withKnownPayloadHash).
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: sha256,
          // A content-hashed name holds one content forever: write it only if absent.
          IfNoneMatch: immutable ? '*' : undefined,
        }),
      );
      const stored = etagMd5(response.ETag);
      // A server that checks checksums (AWS S3, R2, MinIO) refuses a body other than the one its
      // checksum names and echoes that checksum on success: proof enough, without an MD5 pass.
      if (response.ChecksumSHA256 === sha256) return stored;
      if (response.ChecksumSHA256 !== undefined) {
        throw new DeliveryMismatchError(
          `${this.location}${key.slice(this.prefix.length)}: stored SHA-256 ${response.ChecksumSHA256}, sent ${sha256}`,
        );
      }
      // The checksum was ignored: the ETag, the server's MD5 of what it stored, must be ours.
      if (stored === undefined) return this.verifyByHead(key, bytes);
      const md5 = md5Hex(bytes);
      if (stored !== md5) {
        throw new DeliveryMismatchError(
          `${this.location}${key.slice(this.prefix.length)}: stored MD5 ${stored}, sent ${md5}`,
        );
      }
      return md5;
    } catch (error) {
      if (!(immutable && isPreconditionFailed(error))) throw error;
      // Present already (the listing was stale). Its name promises these bytes: hold it to that.
      return this.verifyByHead(key, bytes, true);
    }
  }

  private async putMultipart(
    key: string,
    bytes: Buffer,
    options: PutOptions,
    immutable: boolean,
  ): Promise<string | undefined> {
    await putMultipart(this.client, {
      bucket: this.bucket,
      key,
      bytes,
      contentType: options.contentType,
      cacheControl: options.cacheControl,
      ifAbsent: immutable,
    });
    return this.verifyByHead(key, bytes);
  }

  /** One HEAD: the size must match, and the MD5 too when the ETag is one. Returns the MD5 if known. */
  private async verifyByHead(key: string, bytes: Buffer, existing = false): Promise<string | undefined> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    const md5 = etagMd5(head.ETag);
    const what = existing ? 'existing object' : 'upload';
    if (head.ContentLength !== bytes.length) {
      throw new DeliveryMismatchError(
        `${this.bucket}/${key}: ${what} has ${head.ContentLength} bytes, expected ${bytes.length}`,
      );
    }
    if (md5 !== undefined && md5 !== md5Hex(bytes)) {
      throw new DeliveryMismatchError(`${this.bucket}/${key}: ${what} has other bytes (MD5 ${md5})`);
    }
    return md5;
  }
}
