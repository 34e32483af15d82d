import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assignShards, parseShard, parseShardCount, shardMatrix } from '../../src/plan/shards.js';

const key = (i: number, salt = '') => createHash('sha256').update(`job ${salt}${i}`).digest('hex');
const keys = (n: number, salt = '') => Array.from({ length: n }, (_, i) => key(i, salt));

describe('shard assignment', () => {
  it('no shard holds more than its fair share; deterministic and independent of input order', () => {
    for (const [n, count] of [
      [10, 3],
      [301, 4],
      [7, 7],
      [2, 5],
    ] as const) {
      const all = keys(n);
      const assignment = assignShards(all, count);
      const sizes = Array.from(
        { length: count },
        (_, i) => all.filter((k) => assignment[k] === i + 1).length,
      );
      expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.ceil(n / count));
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(assignShards([...all].reverse(), count)).toEqual(assignment);
    }
  });

  it('jobs stay on their shard when unrelated assets are added', () => {
    const before = keys(300);
    const after = [...before, ...keys(12, 'new ')];
    const a = assignShards(before, 3);
    const b = assignShards(after, 3);
    const moved = before.filter((k) => a[k] !== b[k]);
    // Bounded loads: only jobs that overflowed a full shard move, a few of 300.
    expect(moved.length).toBeLessThanOrEqual(30);
    expect(moved.length).toBeLessThan(before.length / 10);
  });

  it('parses I/N and N, and prints the GitHub matrix', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('4/3')).toThrow(/--shard must be I\/N/);
    expect(() => parseShard('0/3')).toThrow(/--shard must be I\/N/);
    expect(() => parseShard('two')).toThrow(/not "two"/);
    expect(parseShardCount('3')).toBe(3);
    expect(() => parseShardCount('0')).toThrow(/--shards must be a whole number/);
    expect(shardMatrix(3)).toEqual({ include: [{ shard: '1/3' }, { shard: '2/3' }, { shard: '3/3' }] });
  });
});
