import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../../src/core/model.js';
import { buildXmp, DIGITAL_SOURCE_TYPE } from '../../src/deployers/metadata.js';
import { serializeLockfile } from '../../src/lockfile/lockfile.js';
import { runCli, tempDir, writeManifest } from '../helpers.js';

const exec = promisify(execFile);

describe('provenance in every delivered file', () => {
  it('exiftool reads DigitalSourceType, prompt, creator, rights, tags and generator from each format', async () => {
    const dir = await tempDir();
    const manifest = await writeManifest(
      dir,
      `version: 1
defaults: { size: 96x64, creator: "Ada & Co <studio>", license: "© 2026 Ada", credit: GenOps }
assets:
  - id: a
    title: 'Title with "quotes"'
    prompt: a red sun & <blue> sea
    tags: [one, two]
    delivery: { formats: [webp, jpeg, avif], widths: [48] }
`,
    );
    expect((await runCli(['run', '-m', manifest])).code).toBe(0);
    const lock = JSON.parse(await readFile(path.join(dir, 'genops.lock'), 'utf8')) as Lockfile;
    const files = lock.assets.a?.files ?? [];
    expect(files.map((f) => `${f.format}@${f.width}`).sort()).toEqual(
      ['avif@48', 'avif@96', 'jpeg@48', 'jpeg@96', 'png@48', 'png@96', 'webp@48', 'webp@96'].sort(),
    );
    for (const file of files) {
      const { stdout } = await exec('exiftool', [
        '-json',
        '-XMP:all',
        path.join(dir, 'generated', file.path),
      ]);
      const [tags] = JSON.parse(stdout);
      expect(tags.DigitalSourceType, file.path).toBe(DIGITAL_SOURCE_TYPE.algorithmic);
      expect(tags.Description).toBe('a red sun & <blue> sea');
      expect(tags.Title).toBe('Title with "quotes"');
      expect(tags.Creator).toBe('Ada & Co <studio>');
      expect(tags.Rights).toBe('© 2026 Ada');
      expect(tags.Subject).toEqual(['one', 'two']);
      expect(tags.CreatorTool).toMatch(/^GenOps/);
      expect(tags.Generator).toBe('procedural');
    }
  });

  it('labels AI back ends trainedAlgorithmicMedia and names the model', async () => {
    const xmp = buildXmp({
      title: 't',
      description: 'p',
      tags: [],
      creatorTool: 'GenOps',
      digitalSourceType: DIGITAL_SOURCE_TYPE.trained,
      generator: 'openai',
      model: 'gpt-image-1',
      jobKey: 'k',
    });
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .withXmp(xmp)
      .png()
      .toBuffer();
    const dir = await tempDir();
    const file = path.join(dir, 'x.png');
    await (await import('node:fs/promises')).writeFile(file, png);
    const { stdout } = await exec('exiftool', ['-json', '-XMP:all', file]);
    const [tags] = JSON.parse(stdout);
    expect(tags.DigitalSourceType).toBe(DIGITAL_SOURCE_TYPE.trained);
    expect(tags.AISystemUsed).toBe('gpt-image-1');
  });
});

describe('lockfile', () => {
  it('serialises with sorted assets and keys, so the same content gives the same bytes', () => {
    const asset = (id: string) => ({
      id,
      blob: 'b',
      key: 'k',
      prompt: 'p',
      negativePrompt: '',
      backend: 'procedural',
      model: 'm',
      seed: 1,
      reproducible: true,
      width: 1,
      height: 1,
      format: 'png' as const,
      scores: { z: 1, a: 2 },
      files: [],
    });
    const a: Lockfile = { lockfileVersion: 1, assets: { zeta: asset('zeta'), alpha: asset('alpha') } };
    const b: Lockfile = { lockfileVersion: 1, assets: { alpha: asset('alpha'), zeta: asset('zeta') } };
    const text = serializeLockfile(a);
    expect(text).toBe(serializeLockfile(b));
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
    expect(text).toMatch(/"a": 2,\n\s+"z": 1/);
  });
});
