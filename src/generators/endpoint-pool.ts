import { InputError } from '../core/errors.js';
import type { BackendIdentity, Job } from '../core/model.js';
import { redact } from '../core/secrets.js';
import {
  type CallLimits,
  type GenerateContext,
  GenerationError,
  type GenerationResult,
  type Generator,
  type GeneratorFactory,
  type GeneratorSetup,
} from './generator.js';
import { endpoint } from './http.js';

/**
 * Several servers behind one generator (issue 14): a studio's ComfyUI or AUTOMATIC1111 boxes as
 * one back end. The manifest lists them as `urls: [{url, concurrency}]`; each job goes to whichever
 * server has a free slot (the least busy, the least failing first). A server that keeps failing is
 * taken out, health-checked after a cool-down that doubles while it stays down, and put back when
 * it answers. The job key never names a server: every server runs the same workflow and
 * checkpoint, which is what the identity says.
 */

export interface PoolServer {
  url: string;
  concurrency: number;
}

/** Consecutive failures after which a server is taken out. */
const STRIKES = 2;
const FIRST_COOL_DOWN_MS = 2000;
const MAX_COOL_DOWN_MS = 60_000;
/** A path every server of the type answers cheaply; any answer below 500 means it is up. */
const HEALTH_PATHS: Record<string, string> = { comfyui: 'queue', automatic1111: 'sdapi/v1/sd-models' };

interface Member {
  server: PoolServer;
  generator: Generator;
  active: number;
  strikes: number;
  /** Out of the pool until a health check passes; the next check is due at `checkAt`. */
  out: boolean;
  checkAt: number;
  coolDownMs: number;
  served: number;
}

/** The servers of a `urls:` list, checked: each a URL, each a positive concurrency. */
export function poolServers(setup: GeneratorSetup, defaultConcurrency: number): PoolServer[] | undefined {
  const raw = setup.config.urls;
  if (raw === undefined) return undefined;
  const problem = (message: string) =>
    new InputError({
      file: setup.name,
      message: `generator "${setup.name}": ${message}`,
      hint: 'urls: [{ url: http://gpu-1:8188, concurrency: 2 }, { url: http://gpu-2:8188 }]',
    });
  if (!Array.isArray(raw) || raw.length === 0) throw problem('urls must be a non-empty list of servers');
  if (setup.config.url !== undefined || setup.config.baseUrl !== undefined)
    throw problem('set either baseUrl or urls, not both');
  return raw.map((entry, i) => {
    const item = (typeof entry === 'string' ? { url: entry } : entry) as Partial<PoolServer>;
    if (typeof item?.url !== 'string' || !/^https?:\/\//.test(item.url))
      throw problem(`urls[${i}] needs url: an http(s) address`);
    const concurrency = item.concurrency ?? defaultConcurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw problem(`urls[${i}].concurrency must be a whole number of at least 1`);
    return { url: item.url, concurrency };
  });
}

export function createPooledGenerator(
  setup: GeneratorSetup,
  factory: GeneratorFactory,
  servers: PoolServer[],
): Generator {
  const { urls: _urls, ...rest } = setup.config;
  const members: Member[] = servers.map((server) => ({
    server,
    generator: factory({
      ...setup,
      config: { ...rest, baseUrl: server.url, concurrency: server.concurrency },
    }),
    active: 0,
    strikes: 0,
    out: false,
    checkAt: 0,
    coolDownMs: FIRST_COOL_DOWN_MS,
    served: 0,
  }));
  const first = members[0] as Member;
  const type = first.generator.type;
  const limits: CallLimits = {
    ...first.generator.limits(),
    concurrency: servers.reduce((n, s) => n + s.concurrency, 0),
  };
  const pool = new Pool(members, HEALTH_PATHS[type] ?? '');

  return {
    type,
    identity: (): BackendIdentity => first.generator.identity(),
    limits: () => limits,
    async preflight(jobs: Job[], ctx: GenerateContext): Promise<void> {
      // A server that cannot run the batch is out; only when none can does the batch stop.
      const failures = await Promise.all(
        members.map((m) =>
          (m.generator.preflight?.(jobs, ctx) ?? Promise.resolve()).then(
            () => undefined,
            (error: unknown) => {
              pool.takeOut(m);
              return `${m.server.url}: ${error instanceof Error ? error.message : String(error)}`;
            },
          ),
        ),
      );
      const failed = failures.filter((f): f is string => f !== undefined);
      if (failed.length === members.length) throw new Error(redact(failed.join('\n')));
    },
    async generate(job: Job, ctx: GenerateContext): Promise<GenerationResult> {
      const member = await pool.lease(ctx.signal);
      try {
        const result = await member.generator.generate(job, ctx);
        pool.release(member, true);
        return {
          ...result,
          facts: { ...result.facts, extra: { ...result.facts.extra, server: member.server.url } },
        };
      } catch (error) {
        // Only the server's own trouble counts against it; a bad job or a cancel does not.
        const serverTrouble =
          !(error instanceof GenerationError) || error.kind === 'transient' || error.kind === 'timeout';
        pool.release(member, !serverTrouble || ctx.signal.aborted);
        throw error;
      }
    },
  };
}

class Pool {
  private readonly waiters: { resolve: (m: Member) => void; reject: (e: unknown) => void }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly members: Member[],
    private readonly healthPath: string,
  ) {}

  /** The least busy, least failing server with a free slot; waits while all are busy. */
  lease(signal: AbortSignal): Promise<Member> {
    const free = this.pick();
    if (free) return Promise.resolve(this.take(free));
    if (this.members.every((m) => m.out)) return Promise.reject(this.allOut());
    return new Promise<Member>((resolve, reject) => {
      const waiter = {
        resolve: (m: Member) => {
          signal.removeEventListener('abort', onAbort);
          resolve(m);
        },
        reject,
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(member: Member, ok: boolean): void {
    member.active--;
    if (ok) {
      member.strikes = 0;
      member.served++;
    } else if (++member.strikes >= STRIKES && !member.out) this.takeOut(member);
    this.dispatch();
  }

  takeOut(member: Member): void {
    member.out = true;
    member.checkAt = Date.now() + member.coolDownMs;
    member.coolDownMs = Math.min(MAX_COOL_DOWN_MS, member.coolDownMs * 2);
    this.schedule();
    // Jobs waiting only for servers that are now all out should fail over to a retry, not hang.
    if (this.members.every((m) => m.out)) for (const w of this.waiters.splice(0)) w.reject(this.allOut());
  }

  private allOut(): GenerationError {
    const next = Math.max(0, Math.min(...this.members.map((m) => m.checkAt)) - Date.now());
    return new GenerationError(
      `every server of the pool is out (failing); the next health check is in ${Math.ceil(next / 1000)} s`,
      'transient',
      { retryAfterMs: next },
    );
  }

  private pick(): Member | undefined {
    let best: Member | undefined;
    for (const m of this.members) {
      if (m.out || m.active >= m.server.concurrency) continue;
      const load = m.active / m.server.concurrency;
      const bestLoad = best ? best.active / best.server.concurrency : Number.POSITIVE_INFINITY;
      if (!best || m.strikes < best.strikes || (m.strikes === best.strikes && load < bestLoad)) best = m;
    }
    return best;
  }

  private take(member: Member): Member {
    member.active++;
    return member;
  }

  private dispatch(): void {
    while (this.waiters.length) {
      const free = this.pick();
      if (!free) return;
      (this.waiters.shift() as { resolve: (m: Member) => void }).resolve(this.take(free));
    }
  }

  /** One timer for the next due health check. */
  private schedule(): void {
    clearTimeout(this.timer);
    const due = this.members.filter((m) => m.out).map((m) => m.checkAt);
    if (!due.length) return;
    this.timer = setTimeout(() => void this.checkDue(), Math.max(0, Math.min(...due) - Date.now()));
    this.timer.unref?.();
  }

  private async checkDue(): Promise<void> {
    const now = Date.now();
    await Promise.all(
      this.members
        .filter((m) => m.out && m.checkAt <= now)
        .map(async (m) => {
          if (await this.healthy(m.server.url)) {
            m.out = false;
            m.strikes = STRIKES - 1; // one more failure and it is out again
            m.coolDownMs = FIRST_COOL_DOWN_MS;
          } else {
            m.checkAt = Date.now() + m.coolDownMs;
            m.coolDownMs = Math.min(MAX_COOL_DOWN_MS, m.coolDownMs * 2);
          }
        }),
    );
    this.dispatch();
    this.schedule();
  }

  private async healthy(url: string): Promise<boolean> {
    try {
      const response = await fetch(endpoint(url, this.healthPath), { signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      return response.status < 500;
    } catch {
      return false;
    }
  }
}
