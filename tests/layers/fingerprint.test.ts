/**
 * The fingerprint of a complete run (src/layers/fingerprint.ts), on its own: which runs are
 * recorded, and that the files a manifest names (a ComfyUI workflow, a C2PA certificate and key)
 * are part of it. The whole command is exercised in tests/commands/rerun.test.ts.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/canonical.js';
import { silentLogger } from '../../src/core/log.js';
import type { Plan, QaReport, ReportData, Synthesis } from '../../src/core/model.js';
import { createContext } from '../../src/layers/context.js';
import { type CompleteRun, recordCompleteRun, unchangedRun } from '../../src/layers/fingerprint.js';
import { tempDir } from '../helpers.js';

const MANIFEST = 'version: 1\nassets: []\n';

/** A complete run of nothing, with what `changes` adds: enough for the fingerprint. */
function completeRun(changes: { plan?: Partial<Plan>; qa?: Partial<QaReport> } = {}): CompleteRun {
  const plan = {
    schema: 'genops/plan@1',
    manifestHash: sha256Hex(MANIFEST),
    generators: {},
    targets: [{ type: 'local' }],
    assets: [],
    jobs: [],
    ...changes.plan,
  } as unknown as Plan;
  const synthesis = {
    entries: {},
    counts: { jobs: 0, generated: 0, cached: 0, failed: 0 },
  } as unknown as Synthesis;
  const qa = { jobs: {}, assets: [], counts: { assets: 0, passed: 0, failed: 0 }, ...changes.qa } as QaReport;
  return { plan, synthesis, qa, report: { gate: 'pass' } as ReportData };
}

async function setUp() {
  const dir = await tempDir();
  const manifestPath = path.join(dir, 'genops.yaml');
  await writeFile(manifestPath, MANIFEST);
  await writeFile(path.join(dir, 'genops.lock'), '{}\n');
  const ctx = createContext({ manifestPath, log: silentLogger, env: {} });
  return { dir, ctx };
}

describe('run fingerprint', () => {
  it('holds while nothing changes, and is broken by a changed workflow or C2PA certificate', async () => {
    const { dir, ctx } = await setUp();
    await writeFile(path.join(dir, 'flow.json'), '{"1": {}}');
    await writeFile(path.join(dir, 'cert.pem'), 'CERT');
    const run = completeRun({
      plan: {
        generators: { comfy: { type: 'comfyui', workflow: 'flow.json' } },
        assets: [{ delivery: { c2pa: { certificate: 'cert.pem', privateKeyEnv: 'KEY' } } }] as Plan['assets'],
      },
    });
    expect(await recordCompleteRun(ctx, 'publish', run)).toBe(true);
    expect(unchangedRun(ctx, 'publish')).toMatchObject({ summary: { gate: 'pass' } });
    expect(unchangedRun(ctx, 'stage')).toBeUndefined();

    await writeFile(path.join(dir, 'flow.json'), '{"2": {}}');
    expect(unchangedRun(ctx, 'publish')).toBeUndefined();
    await recordCompleteRun(ctx, 'publish', run);
    expect(unchangedRun(ctx, 'publish')).toBeDefined();
    await writeFile(path.join(dir, 'cert.pem'), 'CERT2');
    expect(unchangedRun(ctx, 'publish')).toBeUndefined();
  });

  it('is broken by another environment for planning, not by other variables', async () => {
    const { ctx } = await setUp();
    await recordCompleteRun(ctx, 'publish', completeRun());
    expect(unchangedRun({ ...ctx, env: { HOME: '/elsewhere', CI: 'true' } }, 'publish')).toBeDefined();
    expect(unchangedRun({ ...ctx, env: { GENOPS_ML_MODULES: '/models' } }, 'publish')).toBeUndefined();
    expect(
      unchangedRun({ ...ctx, env: { OPENAI_BASE_URL: 'http://127.0.0.1:1' } }, 'publish'),
    ).toBeUndefined();
  });

  it('is not recorded (and a stale one is removed) when a rerun could differ', async () => {
    const { ctx } = await setUp();
    const file = path.join(ctx.runDir, 'fingerprint.json');
    const notRun = completeRun({
      qa: {
        jobs: {
          k: { checks: [{ id: 'gate.moderation', passed: true, value: 'not run', severity: 'gate' }] },
        },
      } as unknown as Partial<QaReport>,
    });
    const remote = completeRun({ plan: { targets: [{ type: 's3', bucket: 'b' }] } as Partial<Plan> });
    const shared = completeRun({ plan: { store: { type: 's3', bucket: 'b' } } as Partial<Plan> });
    for (const run of [notRun, remote, shared]) {
      expect(await recordCompleteRun(ctx, 'publish', completeRun())).toBe(true);
      expect(await recordCompleteRun(ctx, 'publish', run)).toBe(false);
      await expect(stat(file)).rejects.toThrow();
      expect(unchangedRun(ctx, 'publish')).toBeUndefined();
    }
  });

  it('does not trust a damaged fingerprint file', async () => {
    const { ctx } = await setUp();
    await recordCompleteRun(ctx, 'publish', completeRun());
    const file = path.join(ctx.runDir, 'fingerprint.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 40));
    expect(unchangedRun(ctx, 'publish')).toBeUndefined();
  });
});
