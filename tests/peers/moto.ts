/**
 * A real S3-compatible server for tests: moto's standalone server on 127.0.0.1, one per test file.
 * moto needs an explicit port, so a free one is found first by listening on port 0. Where moto is
 * missing: `pip install "moto[server]"` (it is preinstalled on the CI image).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';

// The SDK warns once per process that Node 20 support ends in 2027; tests need no reminder.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing-secret' };

export interface Moto {
  endpoint: string;
  port: number;
  /** Forgets every bucket and object (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /**
   * Every S3 request the server has answered so far, as `METHOD /path?query` from its log (the
   * count on the wire, whoever sent them; moto's own /moto-api calls left out).
   */
  requests(): string[];
  /** A client for setting up and inspecting state behind the code under test. */
  client(): S3Client;
  /** Creates a bucket; `publicRead` adds a bucket policy so anonymous GETs of objects succeed. */
  createBucket(bucket: string, options?: { publicRead?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startMoto(): Promise<Moto> {
  // A port found free can be taken before moto binds it; try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOn(port: number): Promise<Moto> {
  const endpoint = `http://127.0.0.1:${port}`;
  // moto logs every request to stderr. A file, not a pipe: a pipe nobody drains (a caller blocked in
  // execFileSync, say) fills up and freezes the server mid-request.
  const logDir = mkdtempSync(path.join(tmpdir(), 'genops-moto-'));
  const logFile = path.join(logDir, 'moto.log');
  const logFd = openSync(logFile, 'w');
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', logFd],
  });
  closeSync(logFd);
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  };
  const cleanup = () => rmSync(logDir, { recursive: true, force: true });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new Error(`cannot start moto_server (${error.message}); install it: pip install "moto[server]"`),
      ),
    );
    child.once('exit', (code) => reject(new Error(`moto_server exited with ${code}: ${log()}`)));
  });
  exited.catch(() => {});
  const deadline = Date.now() + 20_000;
  const ready = (async () => {
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${endpoint}/moto-api/`);
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`moto_server on port ${port} not ready after 20 s: ${log()}`);
  })();
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    child.kill('SIGKILL');
    cleanup();
    throw error;
  }

  const clients: S3Client[] = [];
  const moto: Moto = {
    endpoint,
    port,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    requests() {
      const lines = readFileSync(logFile, 'utf8').matchAll(/"([A-Z]+ \S+) HTTP\/[\d.]+"/g);
      return [...lines].map((m) => m[1] as string).filter((r) => !r.includes(' /moto-api/'));
    },
    client() {
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: MOTO_CREDENTIALS,
      });
      clients.push(client);
      return client;
    },
    async createBucket(bucket, options = {}) {
      const client = moto.client();
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      if (options.publicRead) {
        const policy = {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        };
        await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
      }
    },
    async stop() {
      for (const client of clients) client.destroy();
      if (child.exitCode !== null) return cleanup();
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
      cleanup();
    },
  };
  return moto;
}
