import { describe, expect, it } from 'vitest';
import { commandLogger, formatAnnotation, problemAnnotations } from '../../src/report/annotations.js';
import { parseAnnotations } from '../action/harness.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';

describe('annotations', () => {
  it('escapes messages and properties as the runner expects, and round-trips', () => {
    const line = formatAnnotation({
      level: 'error',
      file: 'a,b:c.yaml',
      line: 3,
      col: 7,
      title: 'genops: x',
      message: '100% bad\nsecond line',
    });
    expect(line).toBe(
      '::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=genops%3A x::100%25 bad%0Asecond line\n',
    );
    expect(parseAnnotations(line)).toEqual([
      {
        level: 'error',
        file: 'a,b:c.yaml',
        line: 3,
        col: 7,
        title: 'genops: x',
        message: '100% bad\nsecond line',
      },
    ]);
    expect(
      problemAnnotations([{ file: '/w/art/genops.yaml', line: 2, column: 1, message: 'm' }], {
        GITHUB_WORKSPACE: '/w',
      }),
    ).toContain('file=art/genops.yaml,line=2,col=1');
  });

  it('manifest text in a log line cannot forge a workflow command on a runner', () => {
    const lines: string[] = [];
    const sink = { write: (chunk: string) => lines.push(String(chunk)) } as unknown as NodeJS.WritableStream;
    const prompt =
      'a cat\n::error file=genops.yaml,line=1::forged\n  ::add-mask::x\nsee ##[set-output name=a;]b';
    for (const env of [{ GITHUB_ACTIONS: 'true', CI: 'true' }, {}]) {
      lines.length = 0;
      const log = commandLogger({ env, stdout: sink, stderr: sink });
      log.info(`prompt: ${prompt}`);
      log.error(`policy refused "${prompt}"`);
      const text = lines.join('');
      if (env.GITHUB_ACTIONS) {
        expect(parseAnnotations(text)).toEqual([]);
        expect(text).not.toMatch(/^\s*::/m);
        expect(text).not.toContain('##[');
        // Still readable: only a zero-width space was added.
        expect(text.replace(/\u200b/g, '')).toContain(prompt);
      } else expect(text).toContain(prompt);
    }
  });

  it('the CLI prints them on a runner, and not elsewhere', async () => {
    const dir = await tempDir();
    const file = await writeManifest(dir, 'version: 1\nassets:\n  - id: a\n    prompt: p\n    size: 12\n');
    const onRunner = await runCli(['plan', '-m', file], { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir });
    expect(onRunner.code).toBe(2);
    const [annotation] = parseAnnotations(onRunner.stdout);
    expect(annotation).toMatchObject({ level: 'error', file: 'genops.yaml', line: 5 });
    const local = await runCli(['plan', '-m', file]);
    expect(local.stdout).toBe('');
  });
});
