/**
 * What changes between two lockfiles, per asset: for the rollback summary (`deliver --ref`) and
 * for PR comments. Pure.
 */
import { canonicalJson } from '../core/canonical.js';
import type { LockedAsset, Lockfile } from '../core/model.js';

export interface AssetChange {
  id: string;
  /** Top-level fields of the locked entry that differ, sorted (e.g. `blob`, `files`, `scores`). */
  fields: string[];
  before: LockedAsset;
  after: LockedAsset;
}

export interface LockfileDiff {
  added: string[];
  removed: string[];
  changed: AssetChange[];
  unchanged: string[];
}

export function diffLockfiles(before: Lockfile, after: Lockfile): LockfileDiff {
  const diff: LockfileDiff = { added: [], removed: [], changed: [], unchanged: [] };
  const ids = [...new Set([...Object.keys(before.assets), ...Object.keys(after.assets)])].sort();
  for (const id of ids) {
    const a = before.assets[id];
    const b = after.assets[id];
    if (!a && b) diff.added.push(id);
    else if (a && !b) diff.removed.push(id);
    else if (a && b) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      const fields = keys.filter(
        (k) =>
          canonicalJson((a as unknown as Record<string, unknown>)[k] ?? null) !==
          canonicalJson((b as unknown as Record<string, unknown>)[k] ?? null),
      );
      if (fields.length) diff.changed.push({ id, fields, before: a, after: b });
      else diff.unchanged.push(id);
    }
  }
  return diff;
}
