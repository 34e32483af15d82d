/**
 * Prompt policy: block/allow rules checked by the plan layer before any back end is paid, and the
 * conversion of a back end's own refusal into a check. Pure: no I/O.
 *
 * A rule is either a plain word or phrase — matched case-insensitively on word boundaries, with any
 * run of whitespace in the phrase matching any run of whitespace in the prompt — or `/regex/flags`.
 * An allow rule exempts exactly the block matches that lie inside one of its own matches, not the
 * whole prompt: with block `blood` and allow `blood orange`, "a blood orange" passes but
 * "a blood orange in a pool of blood" still fails on the second `blood`.
 *
 * Only the positive prompt is checked: a negative prompt lists what the image must *not* show, so
 * it routinely names exactly the words a policy blocks.
 */

import type { PromptRules } from '../core/config.js';
import { InputError, type SourceLocation } from '../core/errors.js';
import type { CheckResult, JobFailure } from '../core/model.js';

/** Block/allow rules as written in the manifest: `policy` (global) and an asset's `qa` (per asset). */
/** Rules and where they were written, so a bad rule is reported at its place in the manifest. */
/** Where rules come from; a function is called only when a rule is wrong (locating costs a parse). */
type Origin = SourceLocation | (() => SourceLocation);

export interface RuleSource {
  rules?: PromptRules;
  /** e.g. `{ file: 'genops.yaml', path: 'policy' }` or `{ file, path: 'assets[3].qa' }`. */
  origin?: Origin;
}

const resolve = (origin: Origin): SourceLocation => (typeof origin === 'function' ? origin() : origin);

export interface CompiledRule {
  /** The rule as written in the manifest, for messages. */
  source: string;
  pattern: RegExp;
}

export interface CompiledRules {
  block: CompiledRule[];
  allow: CompiledRule[];
}

export interface RuleMatch {
  rule: string;
  text: string;
  index: number;
}

export interface PromptVerdict {
  blocked: RuleMatch[];
  /** Block matches that an allow rule exempted. */
  exempted: (RuleMatch & { allowedBy: string })[];
}

const REGEX_RULE = /^\/(.+)\/([a-z]*)$/s;
const VALID_FLAGS = /^[dgimsuvy]*$/;

/**
 * Compiles one rule. Throws an InputError naming the rule and the fix when a `/regex/` does not
 * compile, so a typo in the manifest fails the plan instead of silently blocking nothing.
 */
export function compileRule(source: string, origin: Origin = { file: 'manifest' }): CompiledRule {
  const regex = REGEX_RULE.exec(source);
  if (regex) {
    const [, body = '', rawFlags = ''] = regex;
    if (!VALID_FLAGS.test(rawFlags)) {
      throw new InputError({
        ...resolve(origin),
        message: `rule "${source}" has unknown regex flags "${rawFlags}"`,
        hint: 'use any of d g i m s u v',
      });
    }
    // Every match is wanted, from anywhere in the prompt: always global, never sticky.
    const flags = [...new Set(`${rawFlags.replace(/[gy]/g, '')}g`)].join('');
    try {
      return { source, pattern: new RegExp(body, flags) };
    } catch (error) {
      throw new InputError({
        ...resolve(origin),
        message: `rule "${source}" is not a valid regular expression: ${(error as Error).message}`,
        hint: 'write a plain word, or /pattern/flags in JavaScript syntax',
      });
    }
  }
  const words = source.trim();
  if (!words) {
    throw new InputError({ ...resolve(origin), message: 'an empty rule matches nothing', hint: 'remove it' });
  }
  const body = words
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  // \b is ASCII-only; these lookarounds give word boundaries for every script.
  return { source, pattern: new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu') };
}

/** Compiles global and per-asset rules together: blocks from both apply, allows from both exempt. */
export function compileRules(...sets: RuleSource[]): CompiledRules {
  const block: CompiledRule[] = [];
  const allow: CompiledRule[] = [];
  for (const { rules, origin = { file: 'manifest' } } of sets) {
    const at = (list: string, i: number) => (): SourceLocation => {
      const where = resolve(origin);
      return { ...where, path: `${where.path ? `${where.path}.` : ''}${list}[${i}]` };
    };
    rules?.block?.forEach((r, i) => {
      block.push(compileRule(r, at('block', i)));
    });
    rules?.allow?.forEach((r, i) => {
      allow.push(compileRule(r, at('allow', i)));
    });
  }
  return { block, allow };
}

function matches(rule: CompiledRule, text: string): RuleMatch[] {
  const out: RuleMatch[] = [];
  rule.pattern.lastIndex = 0;
  for (const m of text.matchAll(rule.pattern)) {
    // A pattern that can match the empty string would otherwise block every prompt.
    if (m[0].length === 0) continue;
    out.push({ rule: rule.source, text: m[0], index: m.index ?? 0 });
  }
  return out;
}

/** Every block match in `text`, split into those that stand and those an allow rule exempts. */
export function evaluatePrompt(text: string, rules: CompiledRules): PromptVerdict {
  const allowed = rules.allow.flatMap((r) => matches(r, text));
  const verdict: PromptVerdict = { blocked: [], exempted: [] };
  for (const rule of rules.block) {
    for (const hit of matches(rule, text)) {
      const end = hit.index + hit.text.length;
      const cover = allowed.find((a) => a.index <= hit.index && a.index + a.text.length >= end);
      if (cover) verdict.exempted.push({ ...hit, allowedBy: cover.rule });
      else verdict.blocked.push(hit);
    }
  }
  return verdict;
}

/**
 * The prompt policy as checks (severity `policy`): one failed `policy.prompt` check per block rule
 * that matched, or one passed check; plus an `info` check listing exemptions, so a reviewer sees
 * that an allow rule was used.
 */
export function checkPrompt(prompt: string, rules: CompiledRules): CheckResult[] {
  const { blocked, exempted } = evaluatePrompt(prompt, rules);
  const checks: CheckResult[] = [];
  const byRule = new Map<string, RuleMatch[]>();
  for (const hit of blocked) byRule.set(hit.rule, [...(byRule.get(hit.rule) ?? []), hit]);
  for (const [rule, hits] of byRule) {
    const found = [...new Set(hits.map((h) => `"${h.text}"`))].join(', ');
    checks.push({
      id: 'policy.prompt',
      passed: false,
      value: found,
      threshold: `block ${rule}`,
      reason: `prompt contains ${found}, blocked by rule ${rule} (at character ${hits[0]?.index ?? 0})`,
      severity: 'policy',
    });
  }
  if (checks.length === 0) {
    checks.push({
      id: 'policy.prompt',
      passed: true,
      value: 'no blocked terms',
      threshold: `${rules.block.length} block rule(s)`,
      reason: rules.block.length ? 'no block rule matches the prompt' : 'no block rules configured',
      severity: 'policy',
    });
  }
  if (exempted.length) {
    checks.push({
      id: 'policy.prompt.allowed',
      passed: true,
      value: exempted.length,
      threshold: `${rules.allow.length} allow rule(s)`,
      reason: exempted.map((e) => `"${e.text}" (${e.rule}) allowed by ${e.allowedBy}`).join('; '),
      severity: 'info',
    });
  }
  return checks;
}

/**
 * A back end's refusal, recorded by the synthesis layer as a JobFailure of kind `policy`, as a
 * failed policy check. Other failure kinds are not policy verdicts and give `undefined`.
 */
export function refusalCheck(failure: JobFailure | undefined): CheckResult | undefined {
  if (failure?.kind !== 'policy') return undefined;
  return {
    id: 'policy.backend',
    passed: false,
    value: failure.status ? `refused (HTTP ${failure.status})` : 'refused',
    threshold: 'accepted by the back end',
    reason: `the back end refused the request: ${failure.message}`,
    severity: 'policy',
  };
}
