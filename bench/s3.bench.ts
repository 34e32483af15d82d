/**
 * S3 delivery against a real S3-compatible server (moto on 127.0.0.1), side by side with rclone.
 *
 * 1. Redeploy of 1,000 unchanged assets (content file + alias each, plus assets.json, with their
 *    SHA-256s as deliver passes them): PUT requests counted on the wire (target 0), every request
 *    by kind, and wall time.
 * 2. Upload of 200 changed 1024² PNGs (~1 MB each, distinct content) from disk, both sides whole
 *    processes: a Node process running the compiled deployer as the deliver layer does (file names
 *    and SHA-256s from a list, as from the lockfile; each file read from the local blob store only
 *    when its upload starts, verified against its name; publish() to our S3 target) vs `rclone copy`
 *    of the same blob folder to the same server, same parallelism, each into an empty bucket, five
 *    interleaved rounds, median of the ratios. rclone comes from Debian (`apt-get install -y
 *    rclone`); without it the comparison FAILS.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { sha256Hex } from '../src/core/canonical.js';
import type { S3Target } from '../src/core/config.js';
import { type PublishFile, publish } from '../src/deployers/publish.js';
import { S3DeliveryTarget } from '../src/deployers/s3.js';
import { IMMUTABLE, SHORT_LIVED } from '../src/deployers/target.js';
import { FsBlobStore } from '../src/store/fs-blob-store.js';
import { countRequests, totalRequests } from '../src/store/s3-client.js';
import { MOTO_CREDENTIALS, type Moto, startMoto } from '../tests/peers/moto.js';
import { buildCli, LIB, rangeNote, spread } from './process.js';
import type { BenchRow } from './run.js';

const run = promisify(execFile);
const BUCKET = 'genops-bench';
const UNCHANGED = 1000;
const CHANGED = 200;
const PARALLEL = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export default async function s3Bench(): Promise<BenchRow[]> {
  const moto = await startMoto();
  const dir = await mkdtemp(path.join(tmpdir(), 'genops-s3-bench-'));
  try {
    return [...(await unchangedRedeploy(moto)), ...(await changedUpload(moto, dir))];
  } finally {
    await moto.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function config(moto: Moto, prefix: string): S3Target {
  return { type: 's3', bucket: BUCKET, endpoint: moto.endpoint, prefix, concurrency: PARALLEL };
}

function target(moto: Moto, prefix: string): S3DeliveryTarget {
  return new S3DeliveryTarget(config(moto, prefix), { clientConfig: { credentials: MOTO_CREDENTIALS } });
}

function hashedPath(id: string, bytes: Buffer, ext: string): string {
  return `${id}/${id}.${sha256Hex(bytes).slice(0, 12)}.${ext}`;
}

async function unchangedRedeploy(moto: Moto): Promise<BenchRow[]> {
  await moto.reset();
  await moto.createBucket(BUCKET);
  const files: PublishFile[] = [];
  const index: PublishFile[] = [];
  const manifest: Record<string, string> = {};
  for (let i = 0; i < UNCHANGED; i++) {
    const id = `asset-${String(i).padStart(4, '0')}`;
    const bytes = randomBytes(2048);
    const file = hashedPath(id, bytes, 'webp');
    manifest[id] = file;
    // With their SHA-256, as deliver passes them: a content file already there is then proven by a
    // HEAD (its stored checksum), not taken on the listing's word.
    const sha256 = sha256Hex(bytes);
    files.push({ path: file, bytes, sha256, contentType: 'image/webp', cacheControl: IMMUTABLE });
    index.push({ path: `${id}.webp`, bytes, sha256, contentType: 'image/webp', cacheControl: SHORT_LIVED });
  }
  index.push({
    path: 'assets.json',
    bytes: Buffer.from(JSON.stringify(manifest)),
    contentType: 'application/json',
    cacheControl: SHORT_LIVED,
  });
  const first = target(moto, 'site');
  const firstCounts = countRequests(first.client);
  const t0 = performance.now();
  await publish(first, files, index);
  const firstMs = performance.now() - t0;

  const again = target(moto, 'site');
  const counts = countRequests(again.client);
  const t1 = performance.now();
  const result = await publish(again, files, index);
  const againMs = performance.now() - t1;
  const puts = totalRequests(counts, 'PutObject');
  return [
    {
      name: `first deploy: ${UNCHANGED} assets (${files.length + index.length} objects)`,
      value: firstMs / 1000,
      unit: 's',
      note: `${totalRequests(firstCounts, 'PutObject')} PUT, ${totalRequests(firstCounts)} requests`,
    },
    {
      name: `redeploy of ${UNCHANGED} unchanged assets: PUT requests`,
      value: puts,
      unit: 'PUT',
      target: '0',
      pass: puts === 0 && result.uploaded.length === 0,
      note: `${totalRequests(counts)} requests in all (${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}), ${result.skipped.length} skipped`,
    },
    { name: `redeploy of ${UNCHANGED} unchanged assets: time`, value: againMs, unit: 'ms' },
  ];
}

/**
 * Smooth, distinct, ~1 MB 1024² PNGs (an 8×8 random field upscaled: closer to real renders than
 * noise) in a blob store, as synthesis leaves them, plus the list deliver would read from the
 * lockfile: each file's delivered name and SHA-256.
 */
async function makeImages(blobs: FsBlobStore, list: string): Promise<number> {
  const files: { path: string; sha256: string }[] = [];
  let bytes = 0;
  for (let i = 0; i < CHANGED; i += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, CHANGED - i) }, async (_, j) => {
        const seed = randomBytes(8 * 8 * 3);
        const png = await sharp(seed, { raw: { width: 8, height: 8, channels: 3 } })
          .resize(1024, 1024, { kernel: 'cubic' })
          .png()
          .toBuffer();
        const sha256 = await blobs.put(png);
        bytes += png.length;
        files[i + j] = { path: `image-${String(i + j).padStart(3, '0')}.${sha256.slice(0, 12)}.png`, sha256 };
      }),
    );
  }
  await writeFile(list, JSON.stringify(files));
  return bytes;
}

/**
 * Our side as a process: the compiled deployer uploads the files as the deliver layer does
 * (src/layers/deliver.ts contentFiles: bytes read lazily from the blob store, which verifies them
 * against their SHA-256; the SHA-256 passed on, so the target does not hash again).
 */
async function writeUploader(dir: string): Promise<string> {
  buildCli();
  const file = path.join(dir, 'upload.mjs');
  const lib = (name: string) => JSON.stringify(path.join(LIB, name));
  await writeFile(
    file,
    `import { readFile } from 'node:fs/promises';
import { publish } from ${lib('deployers/publish.js')};
import { S3DeliveryTarget } from ${lib('deployers/s3.js')};
import { FsBlobStore } from ${lib('store/fs-blob-store.js')};
const [blobRoot, list, endpoint, bucket, parallel] = process.argv.slice(2);
const blobs = new FsBlobStore(blobRoot);
const files = JSON.parse(await readFile(list, 'utf8')).map(({ path, sha256 }) => ({ path, sha256,
  bytes: () => blobs.get(sha256), contentType: 'image/png', cacheControl: ${JSON.stringify(IMMUTABLE)} }));
const target = new S3DeliveryTarget({ type: 's3', bucket, endpoint, prefix: 'ours', concurrency: Number(parallel) },
  { clientConfig: { credentials: ${JSON.stringify(MOTO_CREDENTIALS)} } });
const result = await publish(target, files, [], { concurrency: Number(parallel) });
if (result.uploaded.length !== files.length) throw new Error('uploaded ' + result.uploaded.length);
target.client.destroy();
`,
  );
  return file;
}

async function ours(moto: Moto, uploader: string, blobRoot: string, list: string): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, [uploader, blobRoot, list, moto.endpoint, BUCKET, String(PARALLEL)], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  return performance.now() - t0;
}

async function rclone(moto: Moto, dir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RCLONE_CONFIG_MOTO_TYPE: 's3',
    RCLONE_CONFIG_MOTO_PROVIDER: 'Other',
    RCLONE_CONFIG_MOTO_ENDPOINT: moto.endpoint,
    RCLONE_CONFIG_MOTO_REGION: 'us-east-1',
    RCLONE_CONFIG_MOTO_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    RCLONE_CONFIG_MOTO_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    RCLONE_CONFIG_MOTO_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_MOTO_NO_CHECK_BUCKET: 'true',
  };
  // rclone's AWS SDK refuses a custom CA bundle with its own HTTP transport; the endpoint is plain http.
  delete env.AWS_CA_BUNDLE;
  const t0 = performance.now();
  await run(
    'rclone',
    ['copy', dir, `moto:${BUCKET}/rclone`, '--transfers', String(PARALLEL), '--checkers', String(PARALLEL)],
    { env, maxBuffer: 1 << 24 },
  );
  return performance.now() - t0;
}

/** `PUT 200, HEAD 201, LIST 1`: the server's log of one run, by kind. */
function requestKinds(requests: string[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const [method = '', target = ''] = request.split(' ');
    const [where = '', query = ''] = target.split('?');
    const key = where.split('/').slice(2).join('/'); // path style: /bucket/key
    const kind = method === 'GET' && !key && !query.includes('location') ? 'LIST' : method;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
}

async function rcloneAvailable(): Promise<boolean> {
  try {
    await run('rclone', ['version']);
    return true;
  } catch {
    return false;
  }
}

async function changedUpload(moto: Moto, dir: string): Promise<BenchRow[]> {
  const images = path.join(dir, 'blobs');
  const list = path.join(dir, 'files.json');
  const mb = await makeImages(new FsBlobStore(images), list);
  const size = `${CHANGED} × 1024² PNG, ${(mb / 1e6).toFixed(0)} MB, ${PARALLEL} in parallel`;
  if (!(await rcloneAvailable())) {
    return [
      {
        name: 'upload time ours / rclone (processes)',
        value: Number.NaN,
        unit: '×',
        target: '≤ 1.0',
        pass: false,
        note: 'rclone is not installed (apt-get install -y rclone): no comparison is a failure',
      },
    ];
  }
  const uploader = await writeUploader(dir);
  const mine: number[] = [];
  let ourRequests = '';
  let theirRequests = '';
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await moto.reset();
    await moto.createBucket(BUCKET);
    let seen = moto.requests().length;
    const a = await ours(moto, uploader, images, list);
    ourRequests = requestKinds(moto.requests().slice(seen));
    await moto.reset();
    await moto.createBucket(BUCKET);
    seen = moto.requests().length;
    const b = await rclone(moto, images);
    theirRequests = requestKinds(moto.requests().slice(seen));
    mine.push(a / 1000);
    theirs.push(b / 1000);
    ratios.push(a / b);
  }
  const ratio = spread(ratios);
  return [
    {
      name: `upload ${CHANGED} changed images: ours (process)`,
      value: spread(mine).median,
      unit: 's',
      note: `${size}; ${rangeNote(spread(mine), 2)}; requests on the wire: ${ourRequests}`,
    },
    {
      name: `upload ${CHANGED} changed images: rclone copy`,
      value: spread(theirs).median,
      unit: 's',
      note: `${rangeNote(spread(theirs), 2)}; requests on the wire: ${theirRequests}`,
    },
    {
      name: 'upload time ours / rclone (processes)',
      value: ratio.median,
      unit: '×',
      target: '≤ 1.0',
      pass: ratio.median <= 1,
      note: `same server, files and parallelism; ${rangeNote(ratio)}; ${ROUNDS} interleaved rounds`,
    },
  ];
}
