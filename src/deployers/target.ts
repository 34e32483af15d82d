/**
 * Where approved files go. One implementation per kind (local folder, S3-compatible bucket); the
 * deliver layer decides what to write, a target only stores and names.
 */
export interface PutOptions {
  contentType: string;
  /** Content-hashed names are immutable; aliases and assets.json are short-lived. */
  cacheControl: string;
  /**
   * Overwrite what is there even under an immutable name: the file there was found to hold other
   * bytes than its name promises (damaged or tampered with), and the true bytes go back.
   */
  replace?: boolean;
}

export interface DeliveryTarget {
  /** For messages: `generated/`, `s3://bucket/prefix`. */
  readonly location: string;
  /** Paths already present under the target (one listing, not one request per file). */
  list(): Promise<Set<string>>;
  /**
   * True when the file at `path` is there and its bytes hash to `sha256` (hex): local targets hash
   * the file, S3 compares the SHA-256 checksum the upload stored. Missing is false.
   */
  matches(path: string, sha256: string): Promise<boolean>;
  /** Stores bytes at a path relative to the target's root; atomic from a reader's view. */
  put(path: string, bytes: Buffer, options: PutOptions): Promise<void>;
  /** Public URL of a path, when the target has one. */
  url(path: string): string | undefined;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT_LIVED = 'public, max-age=60';
