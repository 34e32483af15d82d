import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/check-architecture.mjs');
const run = promisify(execFile);

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** A throwaway repository whose src/ holds the given files. */
async function tree(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(path.join(tmpdir(), 'genops-arch-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, 'src', name)), { recursive: true });
    await writeFile(path.join(root, 'src', name), text);
  }
  return root;
}

async function check(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, '--root', dir]);
    return { code: 0, output: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('check-architecture', () => {
  it('passes the repository as it is', async () => {
    const { code, output } = await check(path.resolve(import.meta.dirname, '../..'));
    expect(output).toMatch(/no cycles/);
    expect(code).toBe(0);
  });

  it('passes a downward import and fails an upward one, naming the file and line', async () => {
    const ok = await tree({
      'core/model.ts': 'export const a = 1;\n',
      'layers/plan.ts': "import { a } from '../core/model.js';\nexport const b = a;\n",
    });
    expect((await check(ok)).code).toBe(0);
    await rm(ok, { recursive: true });
    const bad = await tree({
      'core/model.ts': "import { b } from '../layers/plan.js';\nexport const a = b;\n",
      'layers/plan.ts': 'export const b = 1;\n',
    });
    const { code, output } = await check(bad);
    expect(code).toBe(1);
    expect(output).toContain('src/core/model.ts:1: core (floor 1) imports layers');
  });

  it('fails an import cycle and a sibling import on one floor', async () => {
    const dir = await tree({
      'validators/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'validators/b.ts':
        "import { a } from './a.js';\nimport { g } from '../generators/g.js';\nexport const b = () => [a, g];\n",
      'generators/g.ts': 'export const g = 1;\n',
    });
    const { code, output } = await check(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/import cycle: src\/validators\/(a|b)\.ts -> /);
    expect(output).toContain('validators (floor 4) imports generators (floor 4)');
  });

  it('counts a function’s own lines, not those of the functions nested in it', async () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const dir = await tree({
      'core/long.ts': `export function long() {\n${body(80)}\n}\n`,
      'core/nested.ts': `export function outer() {\n${body(40)}\n  function inner() {\n${body(60)}\n  }\n  return inner;\n}\n`,
    });
    const { code, output } = await check(dir);
    expect(code).toBe(1);
    expect(output).toContain('src/core/long.ts:1: long has 82 lines of its own');
    expect(output).not.toContain('nested.ts');
  });
});
