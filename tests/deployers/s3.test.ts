import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import type { S3Target } from '../../src/core/config.js';
import { InputError } from '../../src/core/errors.js';
import { redact } from '../../src/core/secrets.js';
import { PublishError, type PublishEvent, type PublishFile, publish } from '../../src/deployers/publish.js';
import { DeliveryMismatchError, S3DeliveryTarget } from '../../src/deployers/s3.js';
import { IMMUTABLE, SHORT_LIVED } from '../../src/deployers/target.js';
import {
  countRequests,
  normalizePrefix,
  publicRootUrl,
  s3ClientConfig,
  totalRequests,
} from '../../src/store/s3-client.js';
import { MOTO_CREDENTIALS, type Moto, startMoto } from '../peers/moto.js';

const BUCKET = 'genops-site';
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
  await moto.createBucket(BUCKET, { publicRead: true });
});

function config(extra: Partial<S3Target> = {}): S3Target {
  return { type: 's3', bucket: BUCKET, endpoint: moto.endpoint, prefix: 'img', ...extra };
}

function target(extra: Partial<S3Target> = {}): S3DeliveryTarget {
  return new S3DeliveryTarget(config(extra), { clientConfig: { credentials: MOTO_CREDENTIALS } });
}

function contentFile(name: string, bytes: Buffer, type = 'image/webp'): PublishFile & { bytes: Buffer } {
  const ext = type.split('/')[1];
  return {
    path: `${name}.${sha256Hex(bytes).slice(0, 16)}.${ext}`,
    bytes,
    contentType: type,
    cacheControl: IMMUTABLE,
    sha256: sha256Hex(bytes),
  };
}

function indexFile(path: string, body: string | Buffer, type = 'application/json'): PublishFile {
  return { path, bytes: Buffer.from(body), contentType: type, cacheControl: SHORT_LIVED };
}

async function headOf(key: string) {
  return admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

describe('S3 client settings', () => {
  it('normalises prefixes and builds public URLs', () => {
    expect(normalizePrefix(undefined)).toBe('');
    expect(normalizePrefix('/a/b/')).toBe('a/b/');
    expect(normalizePrefix('a')).toBe('a/');
    expect(publicRootUrl({ type: 's3', bucket: 'bkt', prefix: 'img' })).toBe(
      'https://bkt.s3.amazonaws.com/img/',
    );
    expect(publicRootUrl({ type: 's3', bucket: 'bkt', region: 'eu-west-1' })).toBe(
      'https://bkt.s3.eu-west-1.amazonaws.com/',
    );
    expect(publicRootUrl({ type: 's3', bucket: 'bkt', endpoint: 'http://127.0.0.1:9000', prefix: 'p' })).toBe(
      'http://127.0.0.1:9000/bkt/p/',
    );
    expect(
      publicRootUrl({ type: 's3', bucket: 'bkt', endpoint: 'https://r2.example.com', forcePathStyle: false }),
    ).toBe('https://bkt.r2.example.com/');
    expect(
      publicRootUrl({ type: 's3', bucket: 'bkt', prefix: 'p', publicBaseUrl: 'https://cdn.example.com/x' }),
    ).toBe('https://cdn.example.com/x/');
    const t = new S3DeliveryTarget({ type: 's3', bucket: 'bkt', publicBaseUrl: 'https://cdn.example.com' });
    expect(t.url('hero/a b.webp')).toBe('https://cdn.example.com/hero/a%20b.webp');
  });

  it('defaults to path style and a signing region for a custom endpoint', () => {
    const c = s3ClientConfig({ type: 's3', bucket: 'bkt', endpoint: 'http://127.0.0.1:9000' }, { env: {} });
    expect(c.forcePathStyle).toBe(true);
    expect(c.region).toBe('us-east-1');
    expect(c.credentials).toBeUndefined(); // the SDK's default chain (env, web identity) decides
    const aws = s3ClientConfig({ type: 's3', bucket: 'bkt' }, { env: {} });
    expect(aws.forcePathStyle).toBe(false);
    expect(aws.region).toBeUndefined();
  });

  it('reads named credentials through readSecret, so they are redacted', () => {
    const env = { MY_KEY_ID: 'AKIAEXAMPLEKEY', MY_SECRET: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRET' };
    const c = s3ClientConfig(
      { type: 's3', bucket: 'bkt', accessKeyIdEnv: 'MY_KEY_ID', secretAccessKeyEnv: 'MY_SECRET' },
      { env },
    );
    expect(c.credentials).toEqual({ accessKeyId: env.MY_KEY_ID, secretAccessKey: env.MY_SECRET });
    expect(redact(`using ${env.MY_SECRET}`)).toBe('using ***');
  });

  it('names a missing or half-given credential variable', () => {
    expect(() =>
      s3ClientConfig(
        { type: 's3', bucket: 'bkt', accessKeyIdEnv: 'NOPE_ID', secretAccessKeyEnv: 'NOPE' },
        { env: {} },
      ),
    ).toThrow(/NOPE_ID and NOPE is not set/);
    expect(() => s3ClientConfig({ type: 's3', bucket: 'bkt', accessKeyIdEnv: 'ONLY' }, { env: {} })).toThrow(
      InputError,
    );
  });
});

describe('S3DeliveryTarget', () => {
  it('writes immutable and alias headers, and its URLs serve the uploaded bytes', async () => {
    const t = target();
    const bytes = randomBytes(2048);
    const file = contentFile('hero', bytes);
    await t.put(file.path, bytes, file);
    await t.put('hero.webp', bytes, { contentType: 'image/webp', cacheControl: SHORT_LIVED });

    const immutable = await headOf(`img/${file.path}`);
    expect(immutable.CacheControl).toBe('public, max-age=31536000, immutable');
    expect(immutable.ContentType).toBe('image/webp');
    expect(immutable.ContentLength).toBe(2048);
    const alias = await headOf('img/hero.webp');
    expect(alias.CacheControl).toBe(SHORT_LIVED);

    expect(t.url(file.path)).toBe(`${moto.endpoint}/${BUCKET}/img/${file.path}`);
    const served = Buffer.from(await (await fetch(t.url(file.path))).arrayBuffer());
    expect(served.equals(bytes)).toBe(true);
    expect(t.location).toBe(`s3://${BUCKET}/img/`);
  });

  it('lists the prefix once per run, following every page', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `img/k/${String(i).padStart(4, '0')}.txt`);
    await Promise.all(
      keys.map((Key) => admin.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))),
    );
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'elsewhere.txt', Body: 'x' }));
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'imgx/not-ours.txt', Body: 'x' }));
    const t = new S3DeliveryTarget(config(), {
      clientConfig: { credentials: MOTO_CREDENTIALS },
      listPageSize: 10,
    });
    const counts = countRequests(t.client);
    const [a, b] = await Promise.all([t.list(), t.list()]);
    expect(a.size).toBe(25);
    expect(a.has('k/0000.txt')).toBe(true);
    expect(a.has('elsewhere.txt')).toBe(false);
    expect(b).toEqual(a);
    await t.list();
    expect(counts.get('ListObjectsV2')).toBe(3); // three pages, fetched once
    expect(counts.size).toBe(1);
  });

  it('refuses to put other bytes under an existing content-hashed name', async () => {
    const stale = target();
    await stale.list(); // listing taken before another writer stored the name
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'img/x.0123.webp', Body: 'other bytes' }));
    await expect(
      stale.put('x.0123.webp', Buffer.from('ours'), { contentType: 'image/webp', cacheControl: IMMUTABLE }),
    ).rejects.toBeInstanceOf(DeliveryMismatchError);
    // The same bytes under a name already present are fine (a second writer of the same content).
    await expect(
      stale.put('x.0123.webp', Buffer.from('other bytes'), {
        contentType: 'image/webp',
        cacheControl: IMMUTABLE,
      }),
    ).resolves.toBeUndefined();
  });

  it('signs the SHA-256 it sends as checksum as the payload hash, hashing once', async () => {
    const t = target();
    const seen: Record<string, string>[] = [];
    t.client.middlewareStack.add(
      (next) => async (args) => {
        seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'seeSigned', priority: 'low' },
    );
    const bytes = randomBytes(333);
    const sha = sha256Hex(bytes);
    await t.put('s.bin', bytes, { contentType: 'application/octet-stream', cacheControl: SHORT_LIVED });
    // A caller that knows the hash passes it; it is what gets signed.
    await t.put('k.bin', bytes, {
      contentType: 'application/octet-stream',
      cacheControl: SHORT_LIVED,
      sha256: sha,
    });
    for (const headers of seen) {
      expect(headers['x-amz-content-sha256']).toBe(sha);
      expect(headers['x-amz-checksum-sha256']).toBe(Buffer.from(sha, 'hex').toString('base64'));
      expect(headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/);
    }
    expect(seen).toHaveLength(2);
  });

  /** A server answering PUTs as `answer` rewrites them (moto itself echoes any checksum it is sent). */
  function serverAnswering(answer: (output: { ETag?: string; ChecksumSHA256?: string }) => void) {
    const t = target();
    t.client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        answer(result.output as { ETag?: string; ChecksumSHA256?: string });
        return result;
      },
      { step: 'initialize', name: 'rewriteAnswer' },
    );
    return t;
  }
  const put = (t: S3DeliveryTarget, bytes = Buffer.from('bytes')) =>
    t.put('a.webp', bytes, { contentType: 'image/webp', cacheControl: SHORT_LIVED });

  it('detects a write acknowledged with other bytes (ETag is not our MD5) by a server ignoring checksums', async () => {
    const t = serverAnswering((output) => {
      delete output.ChecksumSHA256;
      output.ETag = '"00000000000000000000000000000000"';
    });
    await expect(put(t)).rejects.toThrow(/stored MD5 0{32}/);
  });

  it('falls back to the ETag when the server ignores checksums, and accepts our MD5 there', async () => {
    const t = serverAnswering((output) => {
      delete output.ChecksumSHA256;
    });
    const counts = countRequests(t.client);
    await t.list();
    const bytes = randomBytes(500);
    await expect(put(t, bytes)).resolves.toBeUndefined();
    // The listing learnt the MD5 from the write: the same bytes are found held without a request.
    expect(await t.holds('a.webp', bytes)).toBe(true);
    expect(await t.holds('a.webp', randomBytes(500))).toBe(false);
    expect([...counts]).toEqual([
      ['ListObjectsV2', 1],
      ['PutObject', 1],
    ]);
  });

  it('detects a write whose echoed checksum is not the one sent', async () => {
    const t = serverAnswering((output) => {
      output.ChecksumSHA256 = sha256Hex(Buffer.from('other')).slice(0, 44);
    });
    await expect(put(t)).rejects.toBeInstanceOf(DeliveryMismatchError);
  });

  it('sends large files multipart with the same headers, verified by size', async () => {
    const t = new S3DeliveryTarget(config(), {
      clientConfig: { credentials: MOTO_CREDENTIALS },
      multipartThreshold: 1024,
    });
    const counts = countRequests(t.client);
    const bytes = randomBytes(9 * 1024 * 1024);
    await t.put('big.png', bytes, { contentType: 'image/png', cacheControl: IMMUTABLE });
    expect(counts.get('UploadPart')).toBe(2);
    const head = await headOf('img/big.png');
    expect(head.CacheControl).toBe(IMMUTABLE);
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(bytes.length);
    expect(await t.list()).toEqual(new Set(['big.png']));
  });

  it('rejects paths that would escape the prefix', async () => {
    const t = target();
    await expect(
      t.put('../x', Buffer.from('x'), { contentType: 'a/b', cacheControl: IMMUTABLE }),
    ).rejects.toThrow(/not a relative file path/);
    expect(() => t.keyOf('/abs')).toThrow();
    expect(() => t.keyOf('a//b')).toThrow();
  });
});

describe('publish', () => {
  function site(version: number) {
    const images = Array.from({ length: 6 }, (_, i) =>
      contentFile(`asset${i}`, Buffer.from(`asset ${i} v${version}`)),
    );
    const aliases = images.map((f, i) => indexFile(`asset${i}.webp`, f.bytes, 'image/webp'));
    const manifest = indexFile('assets.json', JSON.stringify({ version, files: images.map((f) => f.path) }));
    return { images, index: [...aliases, manifest] };
  }

  it('uploads content, then the index with assets.json last; a redeploy of the same makes no PUT, one checksum HEAD per file', async () => {
    const { images, index } = site(1);
    const events: PublishEvent[] = [];
    const first = await publish(target(), images, index, { onFile: (e) => events.push(e) });
    expect(first.uploaded.sort()).toEqual(images.map((f) => f.path).sort());
    expect(first.indexWritten.at(-1)).toBe('assets.json');
    const lastContent = events.findLastIndex((e) => e.phase === 'content');
    const firstIndex = events.findIndex((e) => e.phase === 'index');
    expect(lastContent).toBeLessThan(firstIndex);
    expect(events.at(-1)?.path).toBe('assets.json');

    const again = target(); // a new run: a new target, a fresh listing
    const counts = countRequests(again.client);
    const second = await publish(again, images, index);
    expect(second.uploaded).toEqual([]);
    expect(second.skipped).toHaveLength(6);
    expect(second.indexWritten).toEqual([]);
    expect(second.indexSkipped).toHaveLength(7);
    expect(totalRequests(counts, 'PutObject')).toBe(0);
    // Each content file's stored SHA-256 is checked; nothing is downloaded.
    expect(totalRequests(counts, 'HeadObject')).toBe(6);
    expect(Object.fromEntries(counts)).toEqual({ ListObjectsV2: 1, HeadObject: 6 });

    const live = JSON.parse(await fetchText(again.url('assets.json')));
    expect(live.version).toBe(1);
  });

  it('knows an unchanged alias of a proven content file from the listing, without loading its bytes', async () => {
    const images = Array.from({ length: 4 }, (_, i) => contentFile(`pic${i}`, randomBytes(3000)));
    let aliasLoads = 0;
    const aliases = (): PublishFile[] =>
      images.map((f, i) => ({
        path: `pic${i}.webp`,
        sha256: f.sha256,
        bytes: async () => {
          aliasLoads++;
          return f.bytes;
        },
        contentType: 'image/webp',
        cacheControl: SHORT_LIVED,
      }));
    const first = await publish(target(), images, aliases());
    expect(first.indexWritten).toHaveLength(4);
    expect(aliasLoads).toBe(4);

    // Someone overwrites one alias with other bytes: that one is loaded, compared and rewritten.
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'img/pic2.webp', Body: randomBytes(3000) }));
    aliasLoads = 0;
    const again = target();
    const counts = countRequests(again.client);
    const second = await publish(again, images, aliases());
    expect(second.indexSkipped.sort()).toEqual(['pic0.webp', 'pic1.webp', 'pic3.webp']);
    expect(second.indexWritten).toEqual(['pic2.webp']);
    expect(aliasLoads).toBe(1);
    expect(Object.fromEntries(counts)).toEqual({ ListObjectsV2: 1, HeadObject: 4, PutObject: 1 });
    const live = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'img/pic2.webp' }));
    expect(
      Buffer.from(
        await (live.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      ),
    ).toEqual(images[2]?.bytes);
  });

  it('leaves the previous index live when an upload fails half-way, and a rerun finishes', async () => {
    await publish(target(), site(1).images, site(1).index);
    const { images, index } = site(2);
    const broken = target();
    const failing = `img/${images[3]?.path}`;
    broken.client.middlewareStack.add(
      (next) => async (args) => {
        if ((args.input as { Key?: string }).Key === failing) throw new Error('connection reset by peer');
        return next(args);
      },
      { step: 'initialize', name: 'failOne' },
    );
    const error = await publish(broken, images, index).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    const failure = error as PublishError;
    expect(failure.phase).toBe('content');
    expect(failure.failures).toEqual([{ path: images[3]?.path, error: 'connection reset by peer' }]);
    expect(failure.partial.uploaded).toHaveLength(5); // the others still went up
    expect(failure.message).toMatch(/previous version stays live/);

    const viewer = target();
    expect(JSON.parse(await fetchText(viewer.url('assets.json'))).version).toBe(1);
    expect(await fetchText(viewer.url('asset0.webp'))).toBe('asset 0 v1');

    const rerun = target();
    const counts = countRequests(rerun.client);
    const result = await publish(rerun, images, index);
    expect(result.uploaded).toEqual([images[3]?.path]);
    expect(totalRequests(counts, 'PutObject')).toBe(1 + 7);
    expect(JSON.parse(await fetchText(viewer.url('assets.json'))).version).toBe(2);
    expect(await fetchText(viewer.url('asset3.webp'))).toBe('asset 3 v2');
    expect((await headOf('img/asset3.webp')).CacheControl).toBe(SHORT_LIVED);
  });

  it('replaces a content file whose bytes changed at the target, under its immutable name', async () => {
    const { images, index } = site(1);
    await publish(target(), images, index);
    const victim = images[2] as PublishFile & { bytes: Buffer };
    // Tampered with from outside, with a checksum of its own (as any S3 client would store).
    const tampered = Buffer.from('not the approved image');
    await admin.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `img/${victim.path}`,
        Body: tampered,
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    // …and one written by a tool that stored no checksum: read and hashed instead.
    const unchecked = images[4] as PublishFile & { bytes: Buffer };
    await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: `img/${unchecked.path}`, Body: tampered }));
    const result = await publish(target(), images, index);
    expect(result.replaced.sort()).toEqual([victim.path, unchecked.path].sort());
    expect(result.skipped).toHaveLength(4);
    const t = target();
    expect(Buffer.from(await (await fetch(t.url(victim.path))).arrayBuffer()).equals(victim.bytes)).toBe(
      true,
    );
    expect(await t.matches(victim.path, sha256Hex(victim.bytes))).toBe(true);
    expect(await t.matches(unchecked.path, sha256Hex(unchecked.bytes))).toBe(true);
    expect((await headOf(`img/${victim.path}`)).CacheControl).toBe(IMMUTABLE);
  });

  it('rewrites only the index files whose bytes changed', async () => {
    const { images, index } = site(1);
    await publish(target(), images, index);
    const changed = index.map((f) =>
      f.path === 'asset2.webp' ? indexFile(f.path, 'new alias', 'image/webp') : f,
    );
    const t = target();
    const counts = countRequests(t.client);
    const result = await publish(t, images, changed);
    expect(result.indexWritten).toEqual(['asset2.webp']);
    expect(totalRequests(counts, 'PutObject')).toBe(1);
    expect(await fetchText(t.url('asset2.webp'))).toBe('new alias');
  });

  it('loads bytes only for files the target lacks', async () => {
    const { images, index } = site(1);
    await publish(target(), images, index);
    const loaded: string[] = [];
    const extra = contentFile('asset-new', Buffer.from('new asset'));
    const lazy = [...images, extra].map((f) => ({
      ...f,
      bytes: async () => {
        loaded.push(f.path);
        return f.bytes;
      },
    }));
    const result = await publish(target(), lazy, index);
    expect(loaded).toEqual([extra.path]);
    expect(result.uploaded).toEqual([extra.path]);
  });

  it('rolls back by publishing an older version: no content upload, only the index', async () => {
    const v1 = site(1);
    const v2 = site(2);
    await publish(target(), v1.images, v1.index);
    await publish(target(), v2.images, v2.index);
    const t = target();
    const counts = countRequests(t.client);
    const rollback = await publish(t, v1.images, v1.index);
    expect(rollback.uploaded).toEqual([]);
    expect(rollback.indexWritten).toHaveLength(7);
    expect(totalRequests(counts, 'PutObject')).toBe(7);
    expect(JSON.parse(await fetchText(t.url('assets.json'))).version).toBe(1);
    expect(await fetchText(t.url('asset5.webp'))).toBe('asset 5 v1');
  });

  it('refuses two different files for one path', async () => {
    const a = contentFile('a', Buffer.from('one'));
    await expect(publish(target(), [a, { ...a, bytes: Buffer.from('two') }], [])).rejects.toThrow(
      /two different files/,
    );
  });
});

describe('S3DeliveryTarget with the SDK default credential chain', () => {
  it('signs with AWS_* environment credentials when the manifest names none', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
    try {
      const t = new S3DeliveryTarget(config());
      await t.put('env.txt', Buffer.from('ok'), { contentType: 'text/plain', cacheControl: SHORT_LIVED });
      expect(await t.list()).toEqual(new Set(['env.txt']));
    } finally {
      for (const [k, v] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
