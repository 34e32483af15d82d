import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic.js';

/**
 * A key → JSON record index kept as one append-only log of lines (`{"k":…,"v":…}`), read once per
 * process. One file instead of one file per key makes a 1,000-job lookup one read instead of a
 * thousand. Crash safety: each record is one append (one write); a torn last line from a killed
 * process is skipped on load, and the next append starts on a fresh line. The last record for a
 * key wins. The log is compacted (rewritten atomically) when stale lines outnumber live ones.
 */
export class JsonIndex<T> {
  private readonly file: string;
  private loaded?: Promise<Map<string, T>>;
  /** The file ends without a newline (a torn write): the next append must start a new line. */
  private needsNewline = false;

  constructor(readonly root: string) {
    this.file = path.join(root, 'index.ndjson');
  }

  private load(): Promise<Map<string, T>> {
    this.loaded ??= (async () => {
      const records = new Map<string, T>();
      let text = '';
      try {
        text = await readFile(this.file, 'utf8');
      } catch {
        return records;
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
      this.needsNewline = text.length > 0 && !text.endsWith('\n');
      if (lines > 1000 && lines > 2 * records.size) await this.compact(records);
      return records;
    })();
    return this.loaded;
  }

  private async compact(records: Map<string, T>): Promise<void> {
    const body = [...records].map(([k, v]) => `${JSON.stringify({ k, v })}\n`).join('');
    await writeFileAtomic(this.file, body);
    this.needsNewline = false;
  }

  async get(key: string): Promise<T | undefined> {
    return (await this.load()).get(key);
  }

  /** Every live record (the last one per key), in the order keys were first written. */
  async entries(): Promise<[string, T][]> {
    return [...(await this.load())];
  }

  async set(key: string, value: T): Promise<void> {
    const records = await this.load();
    const line = `${this.needsNewline ? '\n' : ''}${JSON.stringify({ k: key, v: value })}\n`;
    this.needsNewline = false;
    await mkdir(this.root, { recursive: true });
    // One appendFile call is one write(2) with O_APPEND: concurrent writers never interleave a line.
    await appendFile(this.file, line);
    records.set(key, value);
  }
}
