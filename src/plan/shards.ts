import { UsageError } from '../core/errors.js';

/**
 * Splitting a plan's jobs over N synthesis runs (issue 14: a GitHub Actions matrix). Pure.
 *
 * Each job goes to the shard its key hashes to — so a shard's jobs stay where they are when
 * unrelated assets change — unless that shard already holds its fair share (⌈jobs / N⌉), then to the
 * next shard with room (consistent hashing with bounded loads). No shard holds more than ⌈jobs / N⌉,
 * so the slowest shard is never behind the even split, and adding or removing an asset moves only
 * the few jobs that overflowed.
 */

export interface ShardRef {
  /** 1-based, as people and the matrix spell it: shard 1/3 … 3/3. */
  index: number;
  count: number;
}

export const MAX_SHARDS = 256;

/** "2/3" → {index: 2, count: 3}; anything else is a usage error saying what is expected. */
export function parseShard(text: string): ShardRef {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count)
    throw new UsageError(
      `--shard must be I/N with 1 ≤ I ≤ N ≤ ${MAX_SHARDS} (e.g. --shard 2/3), not "${text}"`,
    );
  return { index, count };
}

export function parseShardCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS)
    throw new UsageError(`--shards must be a whole number from 1 to ${MAX_SHARDS}, not "${text}"`);
  return count;
}

/** Job key → shard (1-based), for keys that are sha256 hex (every job key is). */
export function assignShards(keys: string[], count: number): Record<string, number> {
  const unique = [...new Set(keys)].sort();
  const capacity = Math.ceil(unique.length / count);
  const load = new Array<number>(count).fill(0);
  const assignment: Record<string, number> = {};
  for (const key of unique) {
    let shard = Number.parseInt(key.slice(0, 12), 16) % count;
    if (Number.isNaN(shard)) shard = 0;
    while ((load[shard] as number) >= capacity) shard = (shard + 1) % count;
    load[shard] = (load[shard] as number) + 1;
    assignment[key] = shard + 1;
  }
  return assignment;
}

/** The GitHub Actions matrix for N shards: `{"include":[{"shard":"1/3"},…]}`. */
export function shardMatrix(count: number): { include: { shard: string }[] } {
  return { include: Array.from({ length: count }, (_, i) => ({ shard: `${i + 1}/${count}` })) };
}
