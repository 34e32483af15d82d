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
  /** Stores bytes and returns their sha256; storing bytes already present costs nothing. */
  put(bytes: Buffer): Promise<string>;
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
