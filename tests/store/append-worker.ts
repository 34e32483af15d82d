/**
 * A separate process appending to one index, for the concurrency test: `tsx append-worker.ts
 * <index dir> <tag> <records> <bytes per record>`. Appends one at a time, as a run adds cache records.
 */
import { JsonIndex } from '../../src/store/json-index.js';

const [root, tag, count, size] = process.argv.slice(2) as [string, string, string, string];
const index = new JsonIndex<{ tag: string; i: number; pad: string }>(root);
for (let i = 0; i < Number(count); i++) {
  await index.set(`${tag}-${i}`, { tag, i, pad: tag.repeat(Number(size)) });
}
