import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { withFileLock } from './file-lock.js';

interface PendingLine {
  line: string;
  done: (error?: unknown) => void;
}

/**
 * A key → JSON record index kept as one append-only log of lines (`{"k":…,"v":…}`), read once per
 * process. One file instead of one file per key makes a 1,000-job lookup one read instead of a
 * thousand. The last record for a key wins.
 *
 * Several processes may share the log (one state folder, two runs). Every change to the file —
 * append, compaction, rewrite — happens under the file's cross-process lock (`withFileLock`): one
 * `appendFile` is not one write(2) (Node splits writes above 512 KiB, a write may come back short,
 * and O_APPEND is not atomic on network file systems), so without it two appenders could interleave
 * into a torn record. Appends waiting for the lock are written together (group commit), so a busy
 * run takes the lock far fewer times than it adds records. A torn last line from a killed process is
 * skipped on load, and the next append starts on a fresh line. The log is compacted (rewritten
 * atomically) when stale lines outnumber live ones.
 */
export class JsonIndex<T> {
  readonly file: string;
  private loaded?: Promise<Map<string, T>>;
  private pending: PendingLine[] = [];
  private flushing?: Promise<void>;

  constructor(readonly root: string) {
    this.file = path.join(root, 'index.ndjson');
  }

  private load(): Promise<Map<string, T>> {
    this.loaded ??= (async () => {
      const { records, lines } = await this.read();
      if (lines > 1000 && lines > 2 * records.size) return (await this.rewriteFile(() => true)).records;
      return records;
    })();
    return this.loaded;
  }

  private async read(): Promise<{ records: Map<string, T>; lines: number }> {
    const records = new Map<string, T>();
    let text = '';
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return { records, lines: 0 };
    }
    let lines = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      lines++;
      try {
        const { k, v } = JSON.parse(line) as { k: string; v: T };
        if (typeof k === 'string') records.set(k, v);
      } catch {
        // A torn or damaged line: that record is a miss, nothing more.
      }
    }
    return { records, lines };
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.load()).get(key);
  }

  /** Every live record (last one per key). */
  async entries(): Promise<[string, T][]> {
    return [...(await this.load())];
  }

  async set(key: string, value: T): Promise<void> {
    const records = await this.load();
    await this.append(JSON.stringify({ k: key, v: value }));
    records.set(key, value);
  }

  /**
   * Rewrites the log with only the live records `keep` accepts (re-read under the lock, so records
   * other processes appended meanwhile are kept); returns the keys dropped.
   */
  async rewrite(keep: (key: string, value: T) => boolean): Promise<string[]> {
    const live = await this.load();
    const { dropped } = await this.rewriteFile(keep);
    for (const key of dropped) live.delete(key);
    return dropped;
  }

  private rewriteFile(
    keep: (key: string, value: T) => boolean,
  ): Promise<{ records: Map<string, T>; dropped: string[] }> {
    return withFileLock(this.file, async () => {
      const { records } = await this.read();
      const dropped = [...records].filter(([k, v]) => !keep(k, v)).map(([k]) => k);
      for (const key of dropped) records.delete(key);
      const body = [...records].map(([k, v]) => `${JSON.stringify({ k, v })}\n`).join('');
      await writeFileAtomic(this.file, body);
      return { records, dropped };
    });
  }

  private append(line: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line, done: (error) => (error ? reject(error) : resolve()) });
      this.flushing ??= this.flush();
    });
  }

  /** Writes every waiting line, one locked append per batch. */
  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        await mkdir(this.root, { recursive: true });
        await withFileLock(this.file, async () => {
          const lead = (await endsMidLine(this.file)) ? '\n' : '';
          await appendFile(this.file, lead + batch.map((p) => `${p.line}\n`).join(''));
        });
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.done(error);
      }
    }
    this.flushing = undefined;
  }
}

/** The file's last byte is not a newline: a killed writer left a torn line. */
async function endsMidLine(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
