import type { CheckResult, GenerationRequest, QaThresholds } from '../core/model.js';
import type { Measurement } from './measure.js';

/**
 * Technical validation of one image from its measurement: pure, so verdicts can be recomputed from
 * cached measurements when only thresholds change.
 */
export function technicalChecks(m: Measurement, request: GenerationRequest, qa: QaThresholds): CheckResult[] {
  const checks: CheckResult[] = [];
  const gate = (
    id: string,
    passed: boolean,
    value: CheckResult['value'],
    threshold: CheckResult['threshold'],
    reason: string,
  ) =>
    checks.push({
      id: `technical.${id}`,
      passed,
      value,
      threshold,
      reason: passed ? undefined : reason,
      severity: 'gate',
    });

  const pixels = (m.width ?? 0) * (m.height ?? 0);
  gate('pixels', pixels <= qa.maxPixels, pixels, qa.maxPixels, `image has ${pixels} pixels, over the limit`);
  gate('decode', !m.decodeError, m.decodeError ? 'failed' : 'ok', 'full decode', m.decodeError ?? '');
  if (m.width === undefined || m.height === undefined) return checks;

  const wanted = `${request.width}x${request.height}`;
  const got = `${m.width}x${m.height}`;
  gate('dimensions', got === wanted, got, wanted, `expected ${wanted}, got ${got}`);
  gate(
    'format',
    m.format === request.format,
    m.format ?? 'unknown',
    request.format,
    `expected ${request.format}, got ${m.format}`,
  );
  if (qa.maxBytes !== undefined) {
    gate(
      'bytes',
      m.bytes <= qa.maxBytes,
      m.bytes,
      qa.maxBytes,
      `${m.bytes} bytes is over the budget of ${qa.maxBytes}`,
    );
  }
  if (qa.colorSpace === 'srgb') {
    gate(
      'colorSpace',
      m.space === 'srgb',
      m.space ?? 'unknown',
      'srgb',
      `colour space is ${m.space}, expected sRGB`,
    );
  }
  if (qa.alpha !== 'any') {
    const ok = qa.alpha === 'required' ? m.hasAlpha === true : m.hasAlpha !== true;
    const reason = qa.alpha === 'required' ? 'image has no alpha channel' : 'image has an alpha channel';
    gate('alpha', ok, m.hasAlpha ?? false, qa.alpha, reason);
  }
  if (m.aesthetic) {
    const spread = Math.max(...m.aesthetic.channelStdDev.slice(0, 3));
    gate(
      'blank',
      spread >= qa.minStdDev,
      round2(spread),
      qa.minStdDev,
      'image is blank or a single uniform colour',
    );
  }
  return checks;
}

export function aestheticCheck(m: Measurement, qa: QaThresholds): CheckResult | undefined {
  if (!m.aesthetic) return undefined;
  const passed = m.aesthetic.score >= qa.minAesthetic;
  return {
    id: 'aesthetic.score',
    passed,
    value: m.aesthetic.score,
    threshold: qa.minAesthetic,
    reason: passed ? undefined : `offline aesthetic score ${m.aesthetic.score} is below ${qa.minAesthetic}`,
    severity: 'gate',
  };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
