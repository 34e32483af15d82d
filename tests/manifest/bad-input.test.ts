import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from '../helpers.js';

interface BadCase {
  name: string;
  manifest: string | Buffer;
  /** Expected `file:line` (column optional) and a fragment of the message. */
  line?: number;
  column?: number;
  message: RegExp;
}

const ok = (assets: string) => `version: 1\nassets:\n${assets}`;

const CASES: BadCase[] = [
  {
    name: 'an unclosed quote, reported where it opened',
    manifest: 'version: 1\nassets:\n  - id: a\n    prompt: "unclosed\n  - id: b\n    prompt: x\n',
    line: 4,
    column: 13,
    message: /YAML syntax: this "quote is never closed/,
  },
  {
    name: 'an unclosed bracket, reported where it opened',
    manifest:
      'version: 1\nassets:\n  - id: a\n    styles: [warm, cold\n    prompt: x\n  - id: b\n    prompt: x\n',
    line: 4,
    column: 13,
    message: /YAML syntax: this \[ is never closed with \]/,
  },
  {
    name: 'an unclosed brace, reported where it opened',
    manifest: 'version: 1\nassets:\n  - id: a\n    vars: { a: 1\n    prompt: x\n',
    line: 4,
    column: 11,
    message: /YAML syntax: this \{ is never closed with \}/,
  },
  {
    name: 'an alias whose anchor is missing, at the alias (not "aliases expand too far")',
    manifest:
      'version: 1\nstyles:\n  warm: { positive: warm }\nassets:\n  - id: a\n    prompt: x\n    styles: *warmth\n',
    line: 7,
    column: 13,
    message: /YAML alias \*warmth has no anchor &warmth before it/,
  },
  {
    name: 'a job cap past what the planner handles in bounded memory',
    manifest: ok('  - id: a\n    prompt: x\n').replace(
      'version: 1\n',
      'version: 1\nlimits: { maxJobs: 1000000 }\n',
    ),
    line: 2,
    column: 20,
    message: /limits\.maxJobs: must be <= 100000/,
  },
  {
    name: 'a missing workflow file, at the manifest line that names it',
    manifest:
      'version: 1\ngenerators:\n  c:\n    type: comfyui\n    url: http://127.0.0.1:9\n    workflow: flows/missing.json\nassets:\n  - id: a\n    generator: c\n    prompt: x\n',
    line: 6,
    column: 15,
    message:
      /generators\.c\.workflow: flows\/missing\.json: cannot read the workflow of generator "c" \(ENOENT\)/,
  },
  {
    name: 'duplicate YAML key',
    manifest: 'version: 1\nversion: 1\nassets: []\n',
    line: 2,
    message: /YAML syntax.*unique|Map keys must be unique/,
  },
  {
    name: 'unknown key, with the nearest known key suggested',
    manifest: ok('  - id: a\n    promt: a red sun\n'),
    line: 4,
    message: /unknown key "promt".*did you mean "prompt"/,
  },
  {
    name: 'missing required key',
    manifest: ok('  - id: a\n'),
    line: 3,
    message: /missing required key "prompt"/,
  },
  {
    name: 'wrong type',
    manifest: ok('  - id: a\n    prompt: x\n    variants: many\n'),
    line: 5,
    message: /expected integer, got string/,
  },
  {
    name: 'bad size',
    manifest: ok('  - id: a\n    prompt: x\n    size: 1024*768\n'),
    line: 5,
    message: /WIDTHxHEIGHT/,
  },
  {
    name: 'size beyond the pixel limit',
    manifest: ok('  - id: a\n    prompt: x\n    size: 20000x20000\n'),
    line: 5,
    message: /over the limit.*raise limits.maxPixels/,
  },
  {
    name: 'undefined template variable',
    manifest: ok('  - id: a\n    prompt: a {{colour}} sun\n    vars: { color: red }\n'),
    line: 4,
    message: /"\{\{colour\}\}" has no value/,
  },
  {
    name: 'duplicate asset ids',
    manifest: ok('  - id: a\n    prompt: x\n  - id: a\n    prompt: y\n'),
    line: 5,
    message: /duplicate asset id "a"/,
  },
  {
    name: 'id escaping the output folder',
    manifest: ok('  - id: ../../etc/passwd\n    prompt: x\n'),
    line: 3,
    message: /not a valid asset id/,
  },
  {
    name: 'matrix id escaping the output folder',
    manifest: ok('  - id: "x{{p}}"\n    prompt: x\n    matrix: { p: ["/../../up"] }\n'),
    line: 3,
    message: /would escape the output folder/,
  },
  {
    name: 'a matrix that explodes past the job cap',
    manifest: ok(
      `  - id: m\n    prompt: "{{a}}{{b}}{{c}}"\n    variants: 4\n    matrix:\n      a: [${range(30)}]\n      b: [${range(30)}]\n      c: [${range(30)}]\n`,
    ),
    line: 7,
    column: 7,
    message:
      /assets\[0\]\.matrix: asset "m" expands to 27000 combinations × 4 variants = 108000 jobs, over the cap of 10000/,
  },
  {
    name: 'a 1000×1000 matrix, refused before expanding at the matrix that passes the cap',
    manifest: ok(
      `  - id: small\n    prompt: x\n  - id: m\n    prompt: "{{a}}{{b}}"\n    matrix:\n      a: [${range(1000)}]\n      b: [${range(1000)}]\n`,
    ),
    line: 8,
    column: 7,
    message:
      /assets\[1\]\.matrix: asset "m" expands to 1000000 combinations × 1 variants = 1000000 jobs, over the cap of 10000/,
  },
  {
    name: 'a repeated list item, at the item',
    manifest: ok(
      '  - id: a\n    prompt: x\n    delivery:\n      formats:\n        - webp\n        - avif\n        - webp\n',
    ),
    line: 9,
    column: 11,
    message: /assets\[0\]\.delivery\.formats\[2\]: "webp" is listed twice \(also item 0\)/,
  },
  {
    name: 'YAML alias bomb',
    manifest: `version: 1\na: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nassets: [*d]\n`,
    line: 1,
    message: /aliases expand too far/,
  },
  {
    name: 'a URL that is not a URL',
    manifest:
      'version: 1\ngenerators:\n  c: { type: automatic1111, url: "not a url" }\nassets:\n  - id: a\n    prompt: x\n',
    line: 3,
    message: /generators\.c\.url: must match format "uri"/,
  },
  { name: 'empty file', manifest: '  \n', line: 1, message: /manifest is empty/ },
  {
    name: 'binary file',
    manifest: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
    message: /binary file/,
  },
  {
    name: 'unknown generator',
    manifest: ok('  - id: a\n    prompt: x\n    generator: procedual\n'),
    line: 5,
    message: /unknown generator "procedual".*did you mean "procedural"/,
  },
  {
    name: 'Midjourney (no official API)',
    manifest:
      'version: 1\ngenerators:\n  mj: { type: midjourney }\nassets:\n  - id: a\n    prompt: x\n    generator: mj\n',
    line: 3,
    message: /Midjourney has no official API/,
  },
  {
    name: 'unknown style',
    manifest: ok('  - id: a\n    prompt: x\n    styles: [noir]\n'),
    line: 5,
    message: /unknown style "noir"/,
  },
];

function range(n: number): string {
  return Array.from({ length: n }, (_, i) => i).join(',');
}

describe('bad input exits 2, names the file and line, and writes nothing', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'genops.yaml');
      await writeFile(file, c.manifest);
      const run = await runCli(['run', '-m', file]);
      expect(run.code).toBe(2);
      const location = c.line ? `${file}:${c.line}:${c.column ? `${c.column}:` : ''}` : `${file}:`;
      expect(run.stderr).toContain(location);
      expect(run.stderr).toMatch(c.message);
      expect(existsSync(path.join(dir, '.genops'))).toBe(false);
      expect(existsSync(path.join(dir, 'genops.lock'))).toBe(false);
    });
  }

  it('a missing manifest says how to fix it', async () => {
    const dir = await tempDir();
    const run = await runCli(['plan', '-m', path.join(dir, 'nope.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.yaml: manifest not found — pass --manifest PATH/);
  });

  it('reports every problem at once, in file order', async () => {
    const dir = await tempDir();
    const file = await writeManifest(
      dir,
      ok('  - id: a\n    promt: x\n  - id: b\n    prompt: y\n    size: big\n'),
    );
    const run = await runCli(['plan', '-m', file]);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(lines[0]).toContain(`${file}:3:`);
    expect(lines.some((l) => l.includes(`${file}:4:`) && l.includes('promt'))).toBe(true);
    expect(lines.some((l) => l.includes(`${file}:7:`) && l.includes('WIDTHxHEIGHT'))).toBe(true);
  });

  it('a bad manifest leaves an earlier run folder and lockfile untouched', async () => {
    const dir = await tempDir();
    const file = await writeManifest(dir, ok('  - id: a\n    prompt: a red sun\n    size: 64x64\n'));
    expect((await runCli(['run', '-m', file])).code).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const lock = await readFile(path.join(dir, 'genops.lock'), 'utf8');
    const plan = await readFile(path.join(dir, '.genops/run/plan.json'), 'utf8');
    await writeManifest(dir, ok('  - id: a\n    prompt: a {{nope}} sun\n'));
    expect((await runCli(['run', '-m', file])).code).toBe(2);
    expect(await readFile(path.join(dir, 'genops.lock'), 'utf8')).toBe(lock);
    expect(await readFile(path.join(dir, '.genops/run/plan.json'), 'utf8')).toBe(plan);
  });

  it('usage errors exit 2 with help', async () => {
    expect((await runCli(['bogus'])).code).toBe(2);
    expect((await runCli(['run', '--nope'])).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: genops');
  });
});

describe('the precompiled schema validator', () => {
  it('matches schemas/manifest.schema.json (regenerate with `npm run build:validator`)', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const root = path.resolve(import.meta.dirname, '../..');
    await expect(
      promisify(execFile)(process.execPath, [path.join(root, 'scripts/build-validator.mjs'), '--check']),
    ).resolves.toBeDefined();
  });
});
