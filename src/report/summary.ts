import { byCodeUnit } from '../core/canonical.js';
import type {
  AssetRow,
  DeliveryResult,
  JobQa,
  Plan,
  QaReport,
  ReportData,
  Synthesis,
} from '../core/model.js';

export interface RunFiles {
  plan: Plan;
  synthesis?: Synthesis;
  qa?: QaReport;
  delivery?: DeliveryResult;
}

/** Pure: the run folder's files → report data. */
export function summarize({ plan, synthesis, qa, delivery }: RunFiles): ReportData {
  const jobs = new Map(plan.jobs.map((j) => [j.key, j]));
  const qaAssets = new Map(qa?.assets.map((a) => [a.id, a]));
  const rows: AssetRow[] = plan.assets.map((asset) => {
    const verdict = qaAssets.get(asset.id);
    const chosenKey = verdict?.chosen ?? asset.jobs[0];
    const job = chosenKey ? jobs.get(chosenKey) : undefined;
    const jobQa: JobQa | undefined = chosenKey ? qa?.jobs[chosenKey] : undefined;
    const failedChecks = asset.jobs.flatMap((k) => qa?.jobs[k]?.checks.filter((c) => !c.passed) ?? []);
    const entry = chosenKey ? synthesis?.entries[chosenKey] : undefined;
    return {
      id: asset.id,
      title: asset.title,
      verdict:
        verdict?.verdict ??
        (delivery?.mode === 'locked' && delivery.delivered.includes(asset.id) ? 'pass' : 'pending'),
      change: verdict?.change ?? 'unknown',
      chosenVariant: verdict?.chosen ? job?.variant : undefined,
      variants: asset.jobs.length,
      generator: job?.backend.type ?? '',
      model: entry?.facts?.model ?? job?.backend.model ?? '',
      prompt: job?.request.prompt ?? '',
      ...(job?.optimized ? { originalPrompt: job.optimized.original } : {}),
      scores: jobQa?.scores ?? {},
      reasons: verdict?.reasons ?? [],
      checks: verdict?.verdict === 'pass' ? (jobQa?.checks ?? []) : failedChecks,
      blob: entry?.blob,
      reproducible: entry?.facts?.reproducible ?? true,
      ssim: verdict?.ssim,
      diff: verdict?.diff,
      ...(verdict?.human ? { human: verdict.human } : {}),
    };
  });
  // Failures first, then by id: a reviewer reads what needs attention before what passed.
  rows.sort((a, b) => Number(a.verdict === 'pass') - Number(b.verdict === 'pass') || byCodeUnit(a.id, b.id));

  const layers: ReportData['layers'] = {
    plan: { durationMs: plan.timings.durationMs, assets: plan.assets.length, jobs: plan.jobs.length },
  };
  if (synthesis) {
    layers.synthesize = {
      durationMs: synthesis.timings.durationMs,
      jobs: synthesis.counts.jobs,
      cacheHits: synthesis.counts.cached,
      cacheMisses: synthesis.counts.generated + synthesis.counts.failed,
      generated: synthesis.counts.generated,
      failures: synthesis.counts.failed,
      ...rateLimitTotals(synthesis),
    };
  }
  if (qa) {
    layers.qa = {
      durationMs: qa.timings.durationMs,
      assets: qa.counts.assets,
      passed: qa.counts.passed,
      failed: qa.counts.failed,
    };
  }
  if (delivery) {
    layers.deliver = {
      durationMs: delivery.timings.durationMs,
      delivered: delivery.delivered.length,
      filesWritten: delivery.written,
      filesUnchanged: delivery.unchanged,
      failures: delivery.failed.length,
    };
  }
  const delivered = (delivery?.failed.length ?? 0) === 0;
  // A locked deploy makes no QA decision (review made it): its gate is whether delivery succeeded.
  let gate: ReportData['gate'];
  if (delivery?.mode === 'locked') gate = delivered ? 'pass' : 'fail';
  else if (synthesis?.cost?.stopped) gate = 'fail';
  else if (!qa) gate = 'incomplete';
  else gate = qa.counts.failed > 0 || !delivered ? 'fail' : 'pass';
  const cost = reportCost(plan, synthesis);
  return {
    schema: 'genops/report@1',
    manifest: plan.manifest,
    gate,
    layers,
    ...(cost ? { cost } : {}),
    assets: rows,
  };
}

/** Synthesis's estimate and spend when it ran (a locked deploy generates nothing), else the plan's estimate. */
function reportCost(plan: Plan, synthesis: Synthesis | undefined): ReportData['cost'] {
  if (synthesis?.cost) {
    const { estimate, spent, limitUsd, stopped } = synthesis.cost;
    return { estimate, spent, ...(limitUsd !== undefined ? { limitUsd } : {}), stopped };
  }
  if (!plan.cost) return undefined;
  return {
    estimate: plan.cost,
    ...(plan.maxCostUsd !== undefined ? { limitUsd: plan.maxCostUsd } : {}),
    stopped: false,
  };
}

/** The change column: `changed · SSIM 0.8731` when the two versions were compared. */
export function changeText(row: AssetRow): string {
  return row.ssim !== undefined && row.ssim < 1 ? `${row.change} · SSIM ${row.ssim.toFixed(4)}` : row.change;
}

/** 429s met and time waited for them, summed over the generators (nothing when none was met). */
function rateLimitTotals(synthesis: Synthesis): { rateLimited?: number; rateLimitWaitMs?: number } {
  const all = Object.values(synthesis.rateLimits ?? {});
  const rateLimited = all.reduce((n, s) => n + s.rateLimited, 0);
  if (!rateLimited) return {};
  return { rateLimited, rateLimitWaitMs: Math.round(all.reduce((n, s) => n + s.waitedMs, 0)) };
}
