import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import { CorruptBlobError, describeCheck, isTrusted } from '../../src/store/blob-store.js';
import { FsBlobStore } from '../../src/store/fs-blob-store.js';
import { MissingBlobError, S3BlobStore } from '../../src/store/s3-blob-store.js';
import { countRequests, totalRequests } from '../../src/store/s3-client.js';
import { TieredBlobStore } from '../../src/store/tiered-blob-store.js';
import { tempDir } from '../helpers.js';
import { MOTO_CREDENTIALS, type Moto, startMoto } from '../peers/moto.js';

const BUCKET = 'genops-blobs';
let moto: Moto;
let admin: S3Client;

beforeAll(async () => {
  moto = await startMoto();
  admin = moto.client();
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  await moto.createBucket(BUCKET);
});

function store(options: { prefix?: string; multipartThreshold?: number } = {}): S3BlobStore {
  return S3BlobStore.fromTarget(
    { type: 's3', bucket: BUCKET, endpoint: moto.endpoint, prefix: options.prefix ?? 'cache' },
    { clientConfig: { credentials: MOTO_CREDENTIALS } },
  );
}

describe('S3BlobStore', () => {
  it('stores bytes under their sha256 and reads them back', async () => {
    const s = store();
    const bytes = randomBytes(5000);
    const sha = await s.put(bytes);
    expect(sha).toBe(sha256Hex(bytes));
    expect(s.keyOf(sha)).toBe(`cache/blobs/sha256/${sha.slice(0, 2)}/${sha}`);
    expect(s.location).toBe(`s3://${BUCKET}/cache/blobs/sha256/`);
    expect(await s.has(sha)).toBe(true);
    expect(Buffer.compare(await s.get(sha), bytes)).toBe(0);
    const head = await admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: s.keyOf(sha) }));
    expect(head.ContentLength).toBe(5000);
  });

  it('answers has() false and get() ENOENT for a missing blob', async () => {
    const s = store();
    const sha = sha256Hex('absent');
    expect(await s.has(sha)).toBe(false);
    const error = await s.get(sha).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingBlobError);
    expect((error as MissingBlobError).code).toBe('ENOENT');
  });

  it('rejects a name that is not a sha256', async () => {
    await expect(store().has('../etc/passwd')).rejects.toThrow(/not a sha256/);
  });

  it('never overwrites: a second put of the same bytes is refused by If-None-Match and costs one request', async () => {
    const s = store();
    const counts = countRequests(s.client);
    const bytes = randomBytes(100);
    const sha = await s.put(bytes);
    const before = await admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: s.keyOf(sha) }));
    await s.put(bytes);
    const after = await admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: s.keyOf(sha) }));
    expect(totalRequests(counts, 'PutObject')).toBe(2);
    expect(after.LastModified?.getTime()).toBe(before.LastModified?.getTime());
    expect(after.ETag).toBe(before.ETag);
  });

  it('leaves foreign bytes under a blob key in place and get() reports them as corrupt', async () => {
    const s = store();
    const good = Buffer.from('the approved image');
    const sha = sha256Hex(good);
    // Damage from outside: other bytes written directly under the blob's key.
    await admin.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: s.keyOf(sha), Body: Buffer.from('tampered') }),
    );
    const error = await s.get(sha).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptBlobError);
    expect((error as CorruptBlobError).actual).toBe(sha256Hex('tampered'));
    // put() is conditional: it does not replace the object (the store never overwrites)…
    await s.put(good);
    const object = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: s.keyOf(sha) }));
    expect(await object.Body?.transformToString()).toBe('tampered');
    // …so the damage stays visible to every reader.
    await expect(s.get(sha)).rejects.toBeInstanceOf(CorruptBlobError);
  });

  it('verify() checks the SHA-256 checksum S3 stored against the name, with one HEAD', async () => {
    const s = store();
    const good = Buffer.from('the approved image');
    const sha = await s.put(good);
    expect(await s.verify(sha)).toEqual({ status: 'ok' });
    const other = sha256Hex('never stored');
    expect(await s.verify(other)).toEqual({ status: 'missing' });
    const tampered = Buffer.from('tampered');
    await admin.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: s.keyOf(other),
        Body: tampered,
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: Buffer.from(sha256Hex(tampered), 'hex').toString('base64'),
      }),
    );
    expect(await s.verify(other)).toEqual({ status: 'corrupt', actual: sha256Hex(tampered) });
  });

  it('a tiered store fetches a damaged local copy again from the shared store, and says so', async () => {
    const dir = await tempDir();
    const local = new FsBlobStore(path.join(dir, 'blobs'), path.join(dir, 'quarantine'));
    const tiered = new TieredBlobStore(local, store());
    const bytes = randomBytes(3000);
    const sha = await tiered.put(bytes);
    await writeFile(local.pathOf(sha), randomBytes(3000));
    const check = await tiered.verify(sha);
    expect(check).toMatchObject({ status: 'repaired', from: `s3://${BUCKET}/cache/blobs/sha256/` });
    expect(isTrusted(check)).toBe(true);
    expect(describeCheck(sha, check)).toMatch(/damaged .*moved to .*quarantine.*fetched again from s3:/);
    expect((await readFile(local.pathOf(sha))).equals(bytes)).toBe(true);
  });

  it('sends the SHA-256 checksum with each write', async () => {
    const s = store();
    const sent: Record<string, unknown>[] = [];
    s.client.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.input as Record<string, unknown>) });
        return next(args);
      },
      { step: 'initialize', name: 'capture' },
    );
    const bytes = randomBytes(64);
    await s.put(bytes);
    expect(sent[0]?.ChecksumSHA256).toBe(Buffer.from(sha256Hex(bytes), 'hex').toString('base64'));
    expect(sent[0]?.IfNoneMatch).toBe('*');
  });

  it('puts large bodies through a multipart upload, still never overwriting', async () => {
    const s = new S3BlobStore({
      client: store().client,
      bucket: BUCKET,
      prefix: 'big',
      multipartThreshold: 1024,
    });
    const counts = countRequests(s.client);
    const bytes = randomBytes(9 * 1024 * 1024); // two parts of 8 MiB + 1 MiB
    const sha = await s.put(bytes);
    expect(counts.get('CreateMultipartUpload')).toBe(1);
    expect(counts.get('UploadPart')).toBe(2);
    expect(counts.get('CompleteMultipartUpload')).toBe(1);
    expect(Buffer.compare(await s.get(sha), bytes)).toBe(0);
    counts.clear();
    await s.put(bytes);
    expect([...counts.keys()]).toEqual(['HeadObject']);
  });

  it('lists every stored blob with one request per 1,000 keys', async () => {
    const s = store();
    const shas = await Promise.all(Array.from({ length: 25 }, () => s.put(randomBytes(32))));
    await admin.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'cache/blobs/sha256/zz/notes.txt', Body: 'x' }),
    );
    const counts = countRequests(s.client);
    const listed = await s.list();
    expect(listed).toEqual(new Set(shas));
    expect(counts.get('ListObjectsV2')).toBe(1);
  });

  it('keeps requests in flight within the configured concurrency', async () => {
    const s = new S3BlobStore({ client: store().client, bucket: BUCKET, concurrency: 3 });
    let inFlight = 0;
    let peak = 0;
    s.client.middlewareStack.add(
      (next) => async (args) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'inflight' },
    );
    await Promise.all(Array.from({ length: 20 }, () => s.put(randomBytes(16))));
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });
});
