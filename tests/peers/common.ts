import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sharp from 'sharp';
import { mulberry32 } from '../../src/core/random.js';

/**
 * What every loopback peer shares: a server on 127.0.0.1:0, latency, a request-rate limit that
 * answers 429 like the real service, fault injection, real images made with sharp, and counters so
 * tests can assert "never more than N at once" and "no job generated twice".
 */
export type Fault = '429' | '500' | 'hang' | 'truncate' | 'huge';

export interface PeerOptions {
  /** Added before each generation answers. */
  latencyMs?: number;
  /** At most `limit` generation requests per `windowMs` (sliding); beyond it, 429 + Retry-After. */
  rateLimit?: { limit: number; windowMs: number };
  /** Share of generation requests that fail with one of `faultKinds`, from a seeded PRNG. */
  faultRate?: number;
  faultKinds?: Fault[];
  faultSeed?: number;
  /** Retry-After sent with injected 429s, in ms (as `retry-after-ms` and rounded-up `retry-after`). */
  retryAfterMs?: number;
  /** Size of the body a `huge` fault streams (default 400 MB); streamed, never held. */
  hugeBytes?: number;
  /** A `huge` body declares its Content-Length (default: chunked, so only counting can stop it). */
  hugeDeclared?: boolean;
  /** 429s past the rate limit carry no Retry-After (a proxy or gateway that only counts). */
  plainRateLimit?: boolean;
}

export interface PeerStats {
  /** Generation requests received (including faulted ones). */
  requests: number;
  /** Successful generations by job identity (prompt, seed…): more than 1 means generated twice. */
  generated: Map<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Arrival times (ms, performance.now) of generation requests. */
  arrivals: number[];
  /** Faults injected, by kind. */
  faults: Record<string, number>;
  /** 429s sent because the rate limit was exceeded (not injected). */
  rateLimited: number;
  /** Requests turned away for their credentials (401), before any other check. */
  unauthorized: number;
}

export class FaultPlan {
  private queue: Fault[] = [];
  private rnd: () => number;
  constructor(private options: PeerOptions) {
    this.rnd = mulberry32(options.faultSeed ?? 42);
  }
  /** The next `count` generation requests fail with `fault`, whatever the rate says. */
  failNext(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(fault);
  }
  next(): Fault | undefined {
    const forced = this.queue.shift();
    if (forced) return forced;
    const kinds = this.options.faultKinds ?? ['500'];
    if (this.options.faultRate && this.rnd() < this.options.faultRate) {
      return kinds[Math.floor(this.rnd() * kinds.length)];
    }
    return undefined;
  }
}

export function newStats(): PeerStats {
  return {
    requests: 0,
    generated: new Map(),
    inFlight: 0,
    maxInFlight: 0,
    arrivals: [],
    faults: {},
    rateLimited: 0,
    unauthorized: 0,
  };
}

export class RateLimiter {
  private starts: number[] = [];
  constructor(private limit?: { limit: number; windowMs: number }) {}
  /** undefined if admitted, else ms until a slot frees. */
  admit(now = performance.now()): number | undefined {
    if (!this.limit) return undefined;
    const { limit, windowMs } = this.limit;
    while (this.starts.length && (this.starts[0] as number) <= now - windowMs) this.starts.shift();
    if (this.starts.length >= limit) return Math.ceil((this.starts[0] as number) + windowMs - now);
    this.starts.push(now);
    return undefined;
  }
  /** The window as OpenAI reports it in `x-ratelimit-*-requests` headers (limit per minute). */
  headers(now = performance.now()): Record<string, string> {
    if (!this.limit) return {};
    const { limit, windowMs } = this.limit;
    while (this.starts.length && (this.starts[0] as number) <= now - windowMs) this.starts.shift();
    const reset = this.starts.length ? Math.max(0, (this.starts[0] as number) + windowMs - now) : 0;
    return {
      'x-ratelimit-limit-requests': String(Math.round((limit * 60_000) / windowMs)),
      'x-ratelimit-remaining-requests': String(Math.max(0, limit - this.starts.length)),
      'x-ratelimit-reset-requests': `${Math.ceil(reset)}ms`,
    };
  }
}

export interface Peer {
  url: string;
  stats: PeerStats;
  faults: FaultPlan;
  options: PeerOptions;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

/** Starts a node:http server on 127.0.0.1:0. close() also ends hung connections. */
export async function listen(
  handler: Handler,
  onServer?: (server: Server) => void,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handler(req, res, body))
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: String(error) });
        else res.destroy();
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  onServer?.(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  bytes: Buffer,
  headers: Record<string, string>,
) {
  res.writeHead(status, { 'content-length': bytes.length, ...headers });
  res.end(bytes);
}

export function retryHeaders(ms: number): Record<string, string> {
  return { 'retry-after-ms': String(ms), 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tracks a generation request's concurrency and arrival; returns the matching `done`. */
export function track(stats: PeerStats): () => void {
  stats.requests++;
  stats.arrivals.push(performance.now());
  stats.inFlight++;
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    stats.inFlight--;
  };
}

export function countGenerated(stats: PeerStats, identity: string): void {
  stats.generated.set(identity, (stats.generated.get(identity) ?? 0) + 1);
}

export function countFault(stats: PeerStats, fault: string): void {
  stats.faults[fault] = (stats.faults[fault] ?? 0) + 1;
}

/** The colour a peer paints for a job: from the sha256 of its identity, so tests can tell images apart. */
export function colourOf(identity: string): { r: number; g: number; b: number } {
  const d = createHash('sha256').update(identity).digest();
  return { r: d[0] as number, g: d[1] as number, b: d[2] as number };
}

const imageCache = new Map<string, Promise<Buffer>>();

/** A real image (solid colour from the identity), cached: peers answer many requests cheaply. */
export function makeImage(
  identity: string,
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' = 'png',
): Promise<Buffer> {
  const cacheKey = `${identity}\0${width}x${height}\0${format}`;
  let image = imageCache.get(cacheKey);
  if (!image) {
    const base = sharp({ create: { width, height, channels: 3, background: colourOf(identity) } });
    image = (format === 'png' ? base.png() : format === 'jpeg' ? base.jpeg() : base.webp()).toBuffer();
    imageCache.set(cacheKey, image);
    if (imageCache.size > 2000) imageCache.delete(imageCache.keys().next().value as string);
  }
  return image;
}

/** The first half of an image: a file cut short, as a broken upstream would send it. */
export function truncated(bytes: Buffer): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}

/**
 * The part every generation endpoint shares: count, rate-limit, inject a fault, wait the latency.
 * Returns what to do: answer normally, or the fault (the caller renders it in its back end's shape).
 */
export async function admit(
  peer: { stats: PeerStats; faults: FaultPlan; options: PeerOptions; limiter: RateLimiter },
  res: ServerResponse,
): Promise<{ fault?: Fault | 'rate'; retryAfterMs?: number; done: () => void }> {
  const done = track(peer.stats);
  res.on('close', done);
  const wait = peer.limiter.admit();
  if (wait !== undefined) {
    peer.stats.rateLimited++;
    return { fault: 'rate', retryAfterMs: peer.options.plainRateLimit ? undefined : wait, done };
  }
  const fault = peer.faults.next();
  if (fault) countFault(peer.stats, fault);
  if (fault === 'hang') return { fault, done }; // never answer; the client must time out
  if (peer.options.latencyMs) await delay(peer.options.latencyMs);
  return { fault, retryAfterMs: peer.options.retryAfterMs ?? 50, done };
}

/** What a `huge` answer streams: a start (the back end's framing), filler up to `bytes`, an end. */
export interface HugeBody {
  headers: Record<string, string>;
  start: Buffer;
  filler: number;
  end?: Buffer;
}

/** Bytes a peer sent in `huge` answers (all peers of the process): tests assert the client hung up. */
export const hugeSent = { bytes: 0 };

/**
 * Streams `options.hugeBytes` (default 400 MB) as one answer, honouring back-pressure and stopping
 * when the client hangs up. One 1 MiB chunk is reused, so the peer's memory stays flat.
 */
export async function streamHuge(res: ServerResponse, options: PeerOptions, body: HugeBody): Promise<void> {
  const total = options.hugeBytes ?? 400 * 1024 * 1024;
  const chunk = Buffer.alloc(1024 * 1024, body.filler);
  const end = body.end ?? Buffer.alloc(0);
  const declared = options.hugeDeclared ? { 'content-length': String(total) } : {};
  res.writeHead(200, { ...body.headers, ...declared });
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  const write = async (bytes: Buffer) => {
    hugeSent.bytes += bytes.length;
    if (res.write(bytes)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };
  await write(body.start);
  let left = total - body.start.length - end.length;
  while (left > 0 && !closed) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    await write(piece);
    left -= piece.length;
  }
  if (!closed) res.end(end);
}

/** The first bytes of a PNG (signature and IHDR start): enough to look like an image answer. */
export const PNG_START = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
