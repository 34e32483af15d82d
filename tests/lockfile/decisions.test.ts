import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OVERRIDABLE_CHECKS } from '../../src/core/config.js';
import { InputError } from '../../src/core/errors.js';
import type { Job, JobQa, PlannedAsset } from '../../src/core/model.js';
import {
  applyApprovals,
  applyReviewCommand,
  applyReviewComment,
  type Decisions,
  decisionsPath,
  EMPTY_DECISIONS,
  effectiveDecisions,
  parseDecisions,
  parseReviewCommands,
  type ReviewContext,
  readDecisions,
  serializeDecisions,
  writeDecisions,
} from '../../src/lockfile/decisions.js';
import { decisionsHtml, decisionsMarkdown } from '../../src/report/decisions.js';
import { tempDir } from '../helpers.js';

function job(asset: string, variant: number, prompt = `${asset} prompt`, seed = 100 + variant): Job {
  return {
    key: `${asset}-k${variant}-${prompt.length}-${seed}`,
    asset,
    variant,
    generator: 'art',
    backend: { type: 'procedural', model: 'm', endpointClass: 'local', version: '1' },
    request: {
      prompt,
      negativePrompt: 'blurry',
      width: 64,
      height: 48,
      format: 'png',
      seed,
      embeddings: [],
      params: {},
    },
  };
}

function planned(id: string, jobs: Job[], overridable?: string[]): PlannedAsset {
  return {
    id,
    source: id,
    vars: {},
    jobs: jobs.map((j) => j.key),
    title: id,
    tags: [],
    qa: { minAesthetic: 3, alpha: 'any', colorSpace: 'srgb', maxPixels: 1e7, minStdDev: 2 },
    gates: overridable ? { overridable: overridable as PlannedAsset['gates']['overridable'] } : {},
    delivery: { formats: [], widths: [] },
  };
}

function world(options: { overridable?: string[]; prompt?: string; variants?: number; seed?: number } = {}) {
  const jobs = Array.from({ length: options.variants ?? 3 }, (_, v) =>
    job('hero/sky', v, options.prompt, options.seed === undefined ? undefined : options.seed + v),
  );
  const asset = planned('hero/sky', jobs, options.overridable ?? ['aesthetic.score']);
  return { jobs, asset, context: { assets: [asset], jobs, by: 'alice', at: '2026-11-30T10:00:00.000Z' } };
}

function jobQa(j: Job, checks: JobQa['checks']): JobQa {
  const verdict = checks.every((c) => c.passed || c.severity === 'info') ? 'pass' : 'fail';
  return { key: j.key, asset: j.asset, variant: j.variant, blob: 'b', checks, scores: {}, verdict };
}

function ok(outcome: ReturnType<typeof applyReviewCommand>): Decisions {
  if (!outcome.ok) throw new Error(`expected success, got: ${outcome.error}`);
  return outcome.decisions;
}

function refused(outcome: ReturnType<typeof applyReviewCommand>): string {
  if (outcome.ok) throw new Error(`expected a refusal, got: ${outcome.message}`);
  return outcome.error;
}

describe('parseReviewCommands', () => {
  it('reads /genops lines and ignores everything else', () => {
    const body = [
      'Looks good, but:',
      '/genops pick hero/sky 2',
      '  /genops reroll landing/ocean  ',
      '/genops approve hero/sky aesthetic.score',
      '/genops approve other',
      '/genopsx pick a 1',
      'please /genops pick a 1',
    ].join('\r\n');
    expect(parseReviewCommands(body)).toEqual({
      commands: [
        { kind: 'pick', asset: 'hero/sky', variant: 2 },
        { kind: 'reroll', asset: 'landing/ocean' },
        { kind: 'approve', asset: 'hero/sky', gate: 'aesthetic.score' },
        { kind: 'approve', asset: 'other' },
      ],
      errors: [],
    });
  });

  it('ignores quoted lines, fenced and indented code, so quoting a command does not repeat it', () => {
    const body = [
      '> /genops pick hero/sky 2',
      '```',
      '/genops reroll hero/sky',
      '````',
      '~~~md',
      '/genops approve hero/sky',
      '~~~',
      '    /genops pick hero/sky 3',
      '/genops pick hero/sky 1',
    ].join('\n');
    expect(parseReviewCommands(body).commands).toEqual([{ kind: 'pick', asset: 'hero/sky', variant: 1 }]);
  });

  it('names the line and the right form for a malformed command', () => {
    const { commands, errors } = parseReviewCommands(
      [
        '/genops pick hero/sky',
        '/genops pick hero/sky 0',
        '/genops pick hero/sky two',
        '/genops pik hero/sky 2',
        '/genops',
        '/genops reroll a b',
        '/genops approve a b c',
      ].join('\n'),
    );
    expect(commands).toEqual([]);
    expect(errors).toHaveLength(7);
    expect(errors[0]).toMatch(
      /^line 1: .*pick needs a variant number: `\/genops pick hero\/sky N` \(N counts from 1\)/,
    );
    expect(errors[1]).toMatch(/^line 2: .*"0" is not a variant number; N counts from 1/);
    expect(errors[2]).toMatch(/"two" is not a variant number/);
    expect(errors[3]).toMatch(/unknown command "pik"; use `\/genops pick ASSET N`/);
    expect(errors[4]).toMatch(/^line 5: .*no command given/);
    expect(errors[5]).toMatch(/reroll takes an asset id only/);
    expect(errors[6]).toMatch(/at most one check id/);
  });
});

describe('the decision file', () => {
  it('serialises sorted, one field per line, with a trailing newline, whatever the insertion order', () => {
    const meta = { by: 'alice', at: '2026-11-30T10:00:00.000Z' };
    const basis = { prompt: 'p', generator: 'g', variants: 3 };
    const a: Decisions = {
      decisionsVersion: 1,
      assets: {
        zed: { reroll: { ...meta, offset: 2 } },
        'hero/sky': {
          approve: [
            { ...meta, gate: 'clip.score', basis },
            { ...meta, gate: 'aesthetic.score', basis },
          ],
          pick: { variant: 2, basis: { ...basis, job: 'k' }, ...meta },
        },
        empty: {},
      },
    };
    const b: Decisions = {
      assets: {
        'hero/sky': {
          pick: { ...meta, basis: { job: 'k', variants: 3, generator: 'g', prompt: 'p' }, variant: 2 },
          approve: [
            { gate: 'aesthetic.score', basis, ...meta },
            { gate: 'clip.score', basis, ...meta },
          ],
        },
        zed: { reroll: { offset: 2, ...meta } },
      },
      decisionsVersion: 1,
    };
    const text = serializeDecisions(a);
    expect(serializeDecisions(b)).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('"empty"');
    expect(text.indexOf('"hero/sky"')).toBeLessThan(text.indexOf('"zed"'));
    expect(text.indexOf('aesthetic.score')).toBeLessThan(text.indexOf('clip.score'));
    // One field per line: no line holds two keys.
    for (const line of text.split('\n')) expect((line.match(/":/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(serializeDecisions(parseDecisions('d.json', text))).toBe(text);
  });

  it('reads a missing file as no decisions, and writes atomically beside the lockfile', async () => {
    const dir = await tempDir();
    const file = decisionsPath(path.join(dir, 'sub', 'genops.lock'));
    expect(file).toBe(path.join(dir, 'sub', 'genops.decisions.json'));
    expect(await readDecisions(file)).toEqual(EMPTY_DECISIONS);
    const { context } = world();
    const decisions = ok(applyReviewCommand(EMPTY_DECISIONS, { kind: 'reroll', asset: 'hero/sky' }, context));
    await writeDecisions(file, decisions);
    expect(await readFile(file, 'utf8')).toBe(serializeDecisions(decisions));
    expect(await readDecisions(file)).toEqual(decisions);
  });

  it('refuses a damaged file naming the file, the field and the fix', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'genops.decisions.json');
    await writeFile(file, '{"decisionsVersion":1,"assets":{"a":{"pick":{"by":"","at":"x","variant":0}}}}');
    const error = await readDecisions(file).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    const paths = (error as InputError).problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'assets["a"].pick.by',
        'assets["a"].pick.at',
        'assets["a"].pick.variant',
        'assets["a"].pick.basis',
      ]),
    );
    expect((error as InputError).problems[0]?.file).toBe(file);
    await writeFile(file, '<<<<<<< HEAD\n{}');
    const conflict = (await readDecisions(file).catch((e) => e)) as InputError;
    expect(conflict.problems[0]?.hint).toMatch(/merge conflicts/);
  });
});

describe('applyReviewCommand', () => {
  it('records a pick with who, when, where and its basis, without changing the input', () => {
    const { context, jobs } = world();
    const before = structuredClone(EMPTY_DECISIONS);
    const outcome = applyReviewCommand(
      before,
      { kind: 'pick', asset: 'hero/sky', variant: 2 },
      { ...context, source: 'https://github.com/o/r/pull/1#issuecomment-9' },
    );
    const pick = ok(outcome).assets['hero/sky']?.pick;
    expect(pick).toMatchObject({
      variant: 2,
      by: 'alice',
      at: '2026-11-30T10:00:00.000Z',
      source: 'https://github.com/o/r/pull/1#issuecomment-9',
      basis: { variants: 3, job: jobs[1]?.key, generator: 'art (procedural m)' },
    });
    expect(before).toEqual(EMPTY_DECISIONS);
  });

  it('the same pick or approval again keeps its first record; another reviewer or variant replaces it', () => {
    const { context } = world();
    const later = { ...context, at: '2026-12-01T10:00:00.000Z' };
    const pick = { kind: 'pick', asset: 'hero/sky', variant: 2 } as const;
    const approve = { kind: 'approve', asset: 'hero/sky', gate: 'aesthetic.score' } as const;
    const first = ok(
      applyReviewCommand(ok(applyReviewCommand(EMPTY_DECISIONS, pick, context)), approve, context),
    );
    const again = ok(applyReviewCommand(ok(applyReviewCommand(first, pick, later)), approve, later));
    expect(serializeDecisions(again)).toBe(serializeDecisions(first));
    const other = ok(applyReviewCommand(first, pick, { ...later, by: 'bob' })).assets['hero/sky'];
    expect(other?.pick).toMatchObject({ by: 'bob', at: '2026-12-01T10:00:00.000Z' });
    expect(other?.approve).toHaveLength(1);
  });

  it('refuses an unknown asset, a variant out of range and an unnamed reviewer, naming the fix', () => {
    const { context } = world();
    expect(
      refused(applyReviewCommand(EMPTY_DECISIONS, { kind: 'pick', asset: 'hero/skx', variant: 1 }, context)),
    ).toMatch(/no asset "hero\/skx" in the manifest; did you mean hero\/sky\?/);
    expect(
      refused(applyReviewCommand(EMPTY_DECISIONS, { kind: 'pick', asset: 'hero/sky', variant: 4 }, context)),
    ).toMatch(/hero\/sky has 3 variants \(1–3\); pick one of those, or raise `variants`/);
    expect(
      refused(
        applyReviewCommand(EMPTY_DECISIONS, { kind: 'reroll', asset: 'hero/sky' }, { ...context, by: ' ' }),
      ),
    ).toMatch(/--by/);
  });

  it('refuses a pick of a variant that failed a gate no one may override', () => {
    const { context, jobs } = world();
    const qa = {
      jobs: Object.fromEntries(
        jobs.map((j, i) => [
          j.key,
          jobQa(j, [
            i === 1
              ? { id: 'technical.decode', passed: false, reason: 'truncated', severity: 'gate' as const }
              : { id: 'aesthetic.score', passed: i === 0, value: 2, threshold: 3, severity: 'gate' as const },
          ]),
        ]),
      ),
    };
    const error = refused(
      applyReviewCommand(
        EMPTY_DECISIONS,
        { kind: 'pick', asset: 'hero/sky', variant: 2 },
        { ...context, qa },
      ),
    );
    expect(error).toMatch(
      /variant 2 failed technical.decode \(truncated\), which cannot be overridden; pick another variant or reroll/,
    );
    const soft = applyReviewCommand(
      EMPTY_DECISIONS,
      { kind: 'pick', asset: 'hero/sky', variant: 3 },
      { ...context, qa },
    );
    expect(soft.ok && soft.message).toMatch(
      /fails aesthetic.score, so it ships only once approved: `\/genops approve hero\/sky`/,
    );
  });

  it('approves only overridable gates the manifest allows; policy never', () => {
    const { context } = world();
    const approve = (gate?: string, ctx: ReviewContext = context) =>
      applyReviewCommand(
        EMPTY_DECISIONS,
        { kind: 'approve', asset: 'hero/sky', ...(gate ? { gate } : {}) },
        ctx,
      );
    expect(ok(approve('aesthetic.score')).assets['hero/sky']?.approve?.map((a) => a.gate)).toEqual([
      'aesthetic.score',
    ]);
    expect(refused(approve('policy.nsfw'))).toMatch(
      /"policy.nsfw" cannot be approved: .*policy checks never/,
    );
    expect(refused(approve('policy.prompt'))).toMatch(/cannot be approved/);
    expect(refused(approve('clip.score'))).toMatch(
      /does not allow overriding clip.score for hero\/sky; list it under `qa.overridable`/,
    );
    // Without QA, approving the asset approves what the manifest allows for it.
    expect(ok(approve()).assets['hero/sky']?.approve?.map((a) => a.gate)).toEqual(['aesthetic.score']);
    const closed = world({ overridable: [] });
    expect(refused(approve(undefined, closed.context))).toMatch(
      /does not allow overriding any check for hero\/sky/,
    );
  });

  it('approve without a check takes the overridable gates that failed in QA', () => {
    const { context, jobs } = world({ overridable: ['aesthetic.score', 'technical.bytes'] });
    const failing = { passed: false, severity: 'gate' as const };
    const qa = {
      jobs: {
        [jobs[0]?.key as string]: jobQa(jobs[0] as Job, [{ id: 'aesthetic.score', ...failing }]),
        [jobs[1]?.key as string]: jobQa(jobs[1] as Job, [
          { id: 'technical.bytes', ...failing },
          { id: 'policy.nsfw', passed: false, severity: 'policy' as const },
        ]),
      },
    };
    const decisions = ok(
      applyReviewCommand(EMPTY_DECISIONS, { kind: 'approve', asset: 'hero/sky' }, { ...context, qa }),
    );
    expect(decisions.assets['hero/sky']?.approve?.map((a) => a.gate)).toEqual([
      'aesthetic.score',
      'technical.bytes',
    ]);
    const passing = { jobs: Object.fromEntries(jobs.map((j) => [j.key, jobQa(j, [])])) };
    expect(
      refused(
        applyReviewCommand(
          EMPTY_DECISIONS,
          { kind: 'approve', asset: 'hero/sky' },
          { ...context, qa: passing },
        ),
      ),
    ).toMatch(/failed no gate; nothing to approve/);
  });

  it('a reroll increments the offset and drops the pick and approvals made on the old candidates', () => {
    const { context } = world();
    const comment =
      '/genops pick hero/sky 2\n/genops approve hero/sky aesthetic.score\n/genops reroll hero/sky\n/genops reroll hero/sky';
    const { decisions, messages, errors } = applyReviewComment(EMPTY_DECISIONS, comment, context);
    expect(errors).toEqual([]);
    expect(decisions.assets['hero/sky']).toEqual({
      reroll: { by: 'alice', at: '2026-11-30T10:00:00.000Z', offset: 2 },
    });
    expect(messages[2]).toMatch(
      /seed offset 1.*pick and approvals applied to the old candidates and were removed/,
    );
  });
});

describe('effectiveDecisions: a changed basis is not applied', () => {
  const recorded = () => {
    const { context } = world();
    const d = ok(
      applyReviewCommand(EMPTY_DECISIONS, { kind: 'pick', asset: 'hero/sky', variant: 2 }, context),
    );
    return ok(applyReviewCommand(d, { kind: 'approve', asset: 'hero/sky', gate: 'aesthetic.score' }, context))
      .assets['hero/sky'];
  };

  it('applies while nothing changed', () => {
    const { asset, jobs } = world();
    const effective = effectiveDecisions(asset, jobs, recorded());
    expect(effective.pick?.key).toBe(jobs[1]?.key);
    expect(effective.approvals.map((a) => a.gate)).toEqual(['aesthetic.score']);
    expect(effective.notes).toEqual([]);
  });

  it('a changed prompt, variants or candidates lapse the decisions with a note saying why', () => {
    const prompt = world({ prompt: 'another prompt' });
    expect(effectiveDecisions(prompt.asset, prompt.jobs, recorded()).notes).toEqual([
      'pick of hero/sky variant 2 by alice no longer applies: the prompt changed; pick again',
      'approval of aesthetic.score for hero/sky by alice no longer applies: the prompt changed; approve again',
    ]);
    const fewer = world({ variants: 2 });
    const lapsed = effectiveDecisions(fewer.asset, fewer.jobs, recorded());
    expect(lapsed.pick).toBeUndefined();
    expect(lapsed.notes[0]).toBe(
      "pick of hero/sky variant 2 by alice no longer applies: the manifest's variants changed from 3 to 2; pick again",
    );
    const reseeded = world({ seed: 7 });
    expect(effectiveDecisions(reseeded.asset, reseeded.jobs, recorded()).notes[0]).toMatch(
      /that variant is a new image now/,
    );
    const closed = world({ overridable: [] });
    expect(effectiveDecisions(closed.asset, closed.jobs, recorded()).notes[0]).toMatch(
      /approval of aesthetic.score .* is not applied: the manifest no longer lists it under qa.overridable/,
    );
  });
});

describe('applyApprovals', () => {
  it('turns an approved overridable failure into a pass naming who approved it, and never a policy check', () => {
    const { asset, jobs } = world();
    const approval = {
      gate: 'aesthetic.score',
      by: 'alice',
      at: '2026-11-30T10:00:00.000Z',
      basis: { prompt: 'p', generator: 'g', variants: 3 },
    };
    const failing = jobQa(jobs[0] as Job, [
      { id: 'aesthetic.score', passed: false, value: 2, threshold: 3, severity: 'gate' },
    ]);
    const approved = applyApprovals(failing, asset, [approval]);
    expect(approved.verdict).toBe('pass');
    expect(approved.checks[0]).toMatchObject({ passed: true, approvedBy: { by: 'alice' } });
    expect(failing.checks[0]?.passed).toBe(false);
    const policy = jobQa(jobs[0] as Job, [{ id: 'aesthetic.score', passed: false, severity: 'policy' }]);
    expect(applyApprovals(policy, asset, [approval]).verdict).toBe('fail');
  });

  it('the schema and the code agree on which checks can be overridable', async () => {
    const schema = JSON.parse(
      await readFile(new URL('../../schemas/manifest.schema.json', import.meta.url), 'utf8'),
    );
    expect(schema.$defs.qa.properties.overridable.items.enum).toEqual([...OVERRIDABLE_CHECKS]);
    expect(OVERRIDABLE_CHECKS.some((id) => id.startsWith('policy.'))).toBe(false);
  });
});

describe('rendering decisions', () => {
  it('a hostile login, id or note stays text in Markdown and HTML', () => {
    const hostile = '<img src=x onerror=alert(1)> @everyone [x](https://evil.example) | #1';
    const human = {
      pick: { variant: 2, bestVariant: 1, by: hostile, at: '2026-11-30T10:00:00.000Z' },
      approved: [{ gate: 'aesthetic.score', by: hostile, at: '2026-11-30T10:00:00.000Z' }],
      notes: [`pick of ${hostile} no longer applies: the prompt changed; pick again`],
    };
    const row = { id: `hero/<b>${hostile}`, human } as unknown as Parameters<
      typeof decisionsMarkdown
    >[0][number];
    const markdown = decisionsMarkdown([row]).join('\n');
    expect(markdown).toContain("### Reviewers' decisions");
    expect(markdown).toContain('picked by');
    expect(markdown).toContain('2026-11-30 10:00 UTC');
    for (const raw of ['<img', '<b>', '[x](', '@everyone', '| #1', 'https://'])
      expect(markdown).not.toContain(raw);
    const html = decisionsHtml(human);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('class="note"');
  });
});
