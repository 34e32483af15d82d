import { open, readFile } from 'node:fs/promises';
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
        // The lock makes the folder, and one handle checks the last byte and appends: 6 calls
        // through libuv's pool instead of 9 (the QA layer's decodes keep that pool busy).
        await withFileLock(this.file, () => appendLines(this.file, batch.map((p) => `${p.line}\n`).join('')));
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.done(error);
      }
    }
    this.flushing = undefined;
  }
}

/**
 * Appends `text` to the file (made if missing), first ending a torn last line that a killed writer
 * left (its last byte is not a newline).
 */
async function appendLines(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let lead = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) lead = '\n';
    }
    await handle.appendFile(lead + text);
  } finally {
    await handle.close();
  }
}
