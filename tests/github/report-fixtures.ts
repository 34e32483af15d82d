import type { AssetRow, ReportData } from '../../src/core/model.js';

/** One report row with plausible defaults; `over` sets what a test is about. */
export function row(id: string, over: Partial<AssetRow> = {}): AssetRow {
  return {
    id,
    title: id,
    verdict: 'pass',
    change: 'new',
    chosenVariant: 0,
    variants: 1,
    generator: 'procedural',
    model: 'procedural-v1',
    prompt: `a picture of ${id}`,
    scores: { aesthetic: 5.5 },
    reasons: [],
    checks: [],
    blob: 'a'.repeat(64),
    reproducible: true,
    ...over,
  };
}

export function report(assets: AssetRow[], gate: ReportData['gate'] = 'pass'): ReportData {
  return {
    schema: 'genops/report@1',
    manifest: 'genops.yaml',
    gate,
    layers: { plan: { durationMs: 12, assets: assets.length, jobs: assets.length } },
    assets,
  };
}
