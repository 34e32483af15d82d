/**
 * Content-addressed storage of image bytes: a blob's name is the sha256 of its bytes, so a name can
 * never point at other bytes and a blob is never overwritten with different content.
 */
export interface BlobStore {
  /** Where the blobs live, for messages (`/repo/.genops/blobs`, `s3://bucket/prefix`). */
  readonly location: string;
  has(sha256: string): Promise<boolean>;
  /** The bytes, verified against their name; throws CorruptBlobError if they do not match. */
  get(sha256: string): Promise<Buffer>;
  /**
   * Stores bytes and returns their sha256. Bytes already present are not written again once the
   * copy there is proven whole; a damaged copy is replaced.
   */
  put(bytes: Buffer): Promise<string>;
  /**
   * Whether the blob is there with the bytes its name promises. A damaged local copy is moved out
   * of the way (quarantined) and is a miss from then on; a tiered store fetches it again from the
   * shared store. A local store may vouch for a blob whose stat has not changed since it last
   * hashed whole; `rehash` hashes it regardless (`genops verify`).
   */
  verify(sha256: string, options?: VerifyOptions): Promise<BlobCheck>;
}

export interface VerifyOptions {
  rehash?: boolean;
}

/** What `verify` found. Only `ok` and `repaired` may be trusted. */
export type BlobCheck =
  | { status: 'ok' }
  | { status: 'missing' }
  /** Bytes that hash to `actual`; moved to `quarantined` when the store could move them. */
  | { status: 'corrupt'; actual: string; quarantined?: string }
  /** The local copy was damaged (quarantined) and was fetched again from `from`. */
  | { status: 'repaired'; actual: string; quarantined?: string; from: string };

export function isTrusted(check: BlobCheck): boolean {
  return check.status === 'ok' || check.status === 'repaired';
}

/** One line for logs: what was wrong with a blob and what became of it. */
export function describeCheck(sha256: string, check: BlobCheck): string {
  if (check.status === 'ok') return `blob ${sha256} is whole`;
  if (check.status === 'missing') return `blob ${sha256} is missing`;
  const moved = check.quarantined ? `, moved to ${check.quarantined}` : '';
  const damaged = `blob ${sha256} was damaged (its bytes hash to ${check.actual})${moved}`;
  return check.status === 'repaired' ? `${damaged}; fetched again from ${check.from}` : damaged;
}

export class CorruptBlobError extends Error {
  override name = 'CorruptBlobError';
  constructor(
    readonly sha256: string,
    readonly actual: string,
    location: string,
  ) {
    super(`blob ${sha256} in ${location} is corrupt: its bytes hash to ${actual}`);
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(value: string): void {
  if (!SHA256_HEX.test(value)) throw new Error(`not a sha256 hex digest: ${JSON.stringify(value)}`);
}
