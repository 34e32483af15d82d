import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import {
  checkPrompt,
  compileRule,
  compileRules,
  evaluatePrompt,
  refusalCheck,
} from '../../src/validators/policy.js';

const rules = (block: string[], allow: string[] = []) => compileRules({ rules: { block, allow } });

describe('prompt rules', () => {
  it('a block word in the prompt blocks it, with value, threshold and reason', () => {
    const checks = checkPrompt('A knight covered in Gore, dramatic light', rules(['gore']));
    expect(checks).toHaveLength(1);
    const [check] = checks;
    expect(check).toMatchObject({ id: 'policy.prompt', passed: false, severity: 'policy', value: '"Gore"' });
    expect(check?.threshold).toBe('block gore');
    expect(check?.reason).toContain('blocked by rule gore');
  });

  it('plain words match on word boundaries only, in any script', () => {
    const r = rules(['gore', 'blut']);
    expect(evaluatePrompt('Gorecki symphony, a gored bull', r).blocked).toEqual([]);
    expect(evaluatePrompt('„Blut“ im Schnee', r).blocked.map((b) => b.text)).toEqual(['Blut']);
    expect(evaluatePrompt('Blutorange', r).blocked).toEqual([]);
    expect(evaluatePrompt('snake_gore_tail', r).blocked).toEqual([]);
  });

  it('a phrase matches across any whitespace, and regex metacharacters in words are literal', () => {
    const r = rules(['red  carpet', 'c++']);
    expect(evaluatePrompt('the Red\n carpet event', r).blocked).toHaveLength(1);
    expect(evaluatePrompt('the redcarpet', r).blocked).toHaveLength(0);
    expect(evaluatePrompt('code in c++ on a screen', r).blocked).toHaveLength(1);
    expect(evaluatePrompt('code in cpp', r).blocked).toHaveLength(0);
  });

  it('/regex/flags rules honour their flags', () => {
    expect(evaluatePrompt('A NUDE study', rules(['/nud(e|ity)/'])).blocked).toHaveLength(0);
    expect(evaluatePrompt('A NUDE study', rules(['/nud(e|ity)/i'])).blocked).toHaveLength(1);
    expect(evaluatePrompt('line one\nend', rules(['/^end$/m'])).blocked).toHaveLength(1);
    expect(evaluatePrompt('line one\nend', rules(['/^end$/'])).blocked).toHaveLength(0);
    // g and y are accepted and do not make matching depend on earlier calls.
    const sticky = rules(['/x/gy']);
    expect(evaluatePrompt('a x b x', sticky).blocked).toHaveLength(2);
    expect(evaluatePrompt('a x b x', sticky).blocked).toHaveLength(2);
  });

  it('allow exempts exactly the block matches inside its own matches', () => {
    const r = rules(['blood'], ['blood orange']);
    expect(checkPrompt('a sliced blood orange on a plate', r)[0]?.passed).toBe(true);
    const both = checkPrompt('a blood orange in a pool of blood', r);
    expect(both[0]).toMatchObject({ passed: false, value: '"blood"' });
    expect(both[0]?.reason).toContain('at character 28');
    const allowed = both.find((c) => c.id === 'policy.prompt.allowed');
    expect(allowed).toMatchObject({ severity: 'info', value: 1 });
    expect(allowed?.reason).toContain('allowed by blood orange');
  });

  it('global and per-asset rules combine: blocks from both, allows from both', () => {
    const r = compileRules(
      { rules: { block: ['weapon'] }, origin: { file: 'genops.yaml', path: 'policy' } },
      {
        rules: { block: ['skull'], allow: ['weapon rack'] },
        origin: { file: 'genops.yaml', path: 'assets[0].qa' },
      },
    );
    expect(checkPrompt('a skull', r)[0]?.passed).toBe(false);
    expect(checkPrompt('a weapon', r)[0]?.passed).toBe(false);
    expect(checkPrompt('an empty weapon rack', r)[0]?.passed).toBe(true);
  });

  it('one failed check per block rule that fired; a clean prompt gets one passed check', () => {
    const r = rules(['gore', '/blood\\w*/i', 'skull']);
    const checks = checkPrompt('gore, bloody gore and blood', r);
    expect(checks.map((c) => c.threshold)).toEqual(['block gore', 'block /blood\\w*/i']);
    expect(checks[0]?.value).toBe('"gore"');
    expect(checks[1]?.value).toBe('"bloody", "blood"');
    const clean = checkPrompt('a calm lake', r);
    expect(clean).toEqual([
      {
        id: 'policy.prompt',
        passed: true,
        value: 'no blocked terms',
        threshold: '3 block rule(s)',
        reason: 'no block rule matches the prompt',
        severity: 'policy',
      },
    ]);
  });

  it('a pattern that matches the empty string does not block everything', () => {
    expect(checkPrompt('a calm lake', rules(['/z*/']))[0]?.passed).toBe(true);
  });

  it('a broken rule is an InputError naming the rule, its place and the fix', () => {
    expect(() =>
      compileRules({ rules: { block: ['ok', '/(unclosed/'] }, origin: { file: 'g.yaml', path: 'policy' } }),
    ).toThrow(InputError);
    try {
      compileRules({ rules: { block: ['ok', '/(unclosed/'] }, origin: { file: 'g.yaml', path: 'policy' } });
    } catch (error) {
      const problem = (error as InputError).problems[0];
      expect(problem).toMatchObject({ file: 'g.yaml', path: 'policy.block[1]' });
      expect(problem?.message).toContain('/(unclosed/');
    }
    expect(() => compileRule('/x/q')).toThrow(/unknown regex flags "q"/);
    expect(() => compileRule('   ')).toThrow(/empty rule/);
  });
});

describe('back-end refusals', () => {
  it('a policy JobFailure becomes a failed policy check with the message', () => {
    const check = refusalCheck({
      kind: 'policy',
      message: 'Your request was rejected by the safety system (moderation_blocked)',
      attempts: 1,
      status: 400,
    });
    expect(check).toMatchObject({
      id: 'policy.backend',
      passed: false,
      severity: 'policy',
      value: 'refused (HTTP 400)',
    });
    expect(check?.reason).toContain('moderation_blocked');
  });

  it('other failure kinds are not policy verdicts', () => {
    expect(refusalCheck({ kind: 'transient', message: '502', attempts: 3 })).toBeUndefined();
    expect(refusalCheck(undefined)).toBeUndefined();
  });
});
