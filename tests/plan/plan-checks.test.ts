import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/model.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';

/**
 * Every expanded id and template is checked at plan time, at the asset's file:line:col and with the
 * matrix entries that made the combination: names no target OS can hold, case-only collisions,
 * templates filled recursively or left unfilled, matrix keys that match nothing.
 */
interface PlanCase {
  name: string;
  assets: string;
  /** `line:col` the problem must be reported at. */
  at: string;
  message: RegExp;
}

const long = 'a'.repeat(129);
const component = 'b'.repeat(101);

const CASES: PlanCase[] = [
  {
    name: 'a matrix id past the length limit, with the matrix row that made it',
    assets: `  - id: "x-{{p}}"\n    prompt: x\n    matrix:\n      p: [ok, ${long}]\n`,
    at: '3:9',
    message: new RegExp(
      `asset id "x-${long}" is 131 bytes long; the limit is 128 \\(matrix combination from assets\\[0\\]\\.matrix\\.p\\[1\\] at 6:15\\)`,
    ),
  },
  {
    name: 'a path component past its limit (file names stay well under 255 bytes)',
    assets: `  - id: "x/{{p}}"\n    prompt: x\n    matrix:\n      p: [${component}]\n`,
    at: '3:9',
    message: /has a path component of 101 bytes .*the limit is 100/,
  },
  ...['con', 'prn', 'aux', 'nul', 'com1', 'lpt9', 'con.txt', 'icons/aux.v2'].map((id) => ({
    name: `reserved Windows name "${id}"`,
    assets: `  - id: ok\n    prompt: x\n  - id: "${id}"\n    prompt: x\n`,
    at: '5:9',
    message: /a device name Windows reserves/,
  })),
  {
    name: 'a reserved name made by a matrix, with its row',
    assets: '  - id: "{{n}}"\n    prompt: x\n    matrix:\n      n: [sun, nul]\n',
    at: '3:9',
    message: /asset id "nul" uses "nul", a device name Windows reserves.*matrix\.n\[1\] at 6:16/,
  },
  {
    name: 'a trailing dot',
    assets: '  - id: "photo."\n    prompt: x\n',
    at: '3:9',
    message: /"photo\." ending in a dot or space, which Windows drops/,
  },
  {
    name: 'a trailing dot inside the path',
    assets: '  - id: "hero./wide"\n    prompt: x\n',
    at: '3:9',
    message: /"hero\." ending in a dot or space/,
  },
  {
    name: 'aliases that differ only in case',
    assets:
      '  - id: a\n    prompt: x\n    delivery: { alias: Hero }\n  - id: b\n    prompt: y\n    delivery: { alias: hero }\n',
    at: '8:24',
    message: /alias "hero" differs from "Hero" \(assets\[0\]\) only in case/,
  },
  {
    name: 'an alias given to every combination of a matrix',
    assets: '  - id: a\n    prompt: "{{c}}"\n    matrix: { c: [red, blue] }\n    delivery: { alias: hero }\n',
    at: '6:24',
    message: /alias "hero" would be shared by every combination of the matrix/,
  },
  {
    name: 'template recursion: a value that holds a placeholder',
    assets: '  - id: a\n    prompt: "a {{a}} sun"\n    vars: { a: "{{b}}", b: red }\n',
    at: '4:13',
    message: /the value of "\{\{a\}\}" \("\{\{b\}\}"\) holds a placeholder itself/,
  },
  {
    name: 'template recursion through a matrix value, with its row',
    assets: '  - id: "a-{{c}}"\n    prompt: "{{c}}"\n    matrix:\n      c: [red, "{{d}}x"]\n',
    at: '3:9',
    message:
      /assets\[0\]\.id: the value of "\{\{c\}\}" \("\{\{d\}\}x"\) holds a placeholder itself.*matrix\.c\[1\] at 6:16/,
  },
  {
    name: 'a brace that is no placeholder',
    assets: '  - id: a\n    prompt: "a {{ a-b }} sun"\n',
    at: '4:13',
    message: /"\{\{ a-b \}\}" is not a placeholder/,
  },
  {
    name: 'an unclosed placeholder',
    assets: '  - id: a\n    prompt: "a {{sun"\n',
    at: '4:13',
    message: /"\{\{sun" is not a placeholder/,
  },
  {
    name: 'an unfilled placeholder in a templated id',
    assets: '  - id: "a-{{shade}}"\n    prompt: "{{c}}"\n    matrix: { c: [red] }\n',
    at: '3:9',
    message: /template variable "\{\{shade\}\}" has no value.*matrix\.c\[0\]/,
  },
  {
    name: 'an exclude key that matches no dimension (as in GitHub Actions)',
    assets:
      '  - id: a\n    prompt: "{{color}} {{motif}}"\n    matrix:\n      color: [red, blue]\n      motif: [sun]\n      exclude:\n        - { colr: red }\n',
    at: '9:13',
    message: /exclude key "colr" matches no matrix dimension — did you mean "color"\?/,
  },
  {
    name: 'an include key that matches no dimension and no template',
    assets:
      '  - id: a\n    prompt: "{{color}}"\n    matrix:\n      color: [red]\n      include:\n        - { color: red, shade: dark }\n',
    at: '8:25',
    message: /include key "shade" matches no matrix dimension and no template of the asset uses it/,
  },
];

describe('plan-time checks of every expanded id and template', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = await tempDir();
      const file = await writeManifest(dir, `version: 1\nassets:\n${c.assets}`);
      const run = await runCli(['plan', '-m', file]);
      expect(run.code, run.stderr).toBe(2);
      const line = run.stderr.split('\n').find((l) => c.message.test(l));
      expect(line, run.stderr).toBeDefined();
      expect(line).toContain(`${file}:${c.at}:`);
      expect(existsSync(path.join(dir, '.genops/run/plan.json'))).toBe(false);
    });
  }

  it('an include key a template uses adds a variable, as in GitHub Actions', async () => {
    const dir = await tempDir();
    const file = await writeManifest(
      dir,
      'version: 1\nassets:\n  - id: a-{{color}}\n    prompt: "a {{shade}} {{color}} sun"\n    size: 32x32\n' +
        '    matrix:\n      color: [red, blue]\n      include:\n        - { color: red, shade: dark }\n        - { color: blue, shade: pale }\n',
    );
    const run = await runCli(['plan', '-m', file]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(await readFile(path.join(dir, '.genops/run/plan.json'), 'utf8')) as Plan;
    expect(plan.jobs.map((j) => j.request.prompt).sort()).toEqual(['a dark red sun', 'a pale blue sun']);
  });
});
