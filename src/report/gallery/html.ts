/**
 * report.html: the review gallery. One self-contained page (inline style and script, images by
 * relative path) that opens from disk or from a downloaded artifact. Every text from a manifest or a
 * back end goes through escapeHtml; the only script is ours, allowed by its hash.
 */
import { createHash } from 'node:crypto';
import type { CheckResult } from '../../core/model.js';
import { approvalText, decisionsHtml, pickedBy } from '../decisions.js';
import { escapeHtml as e } from '../escape.js';
import type { GalleryAsset, GalleryData, GalleryVariant } from './model.js';
import { GALLERY_JS } from './script.js';
import { GALLERY_CSS } from './style.js';

const GATE_TEXT = { pass: 'passed', fail: 'failed', incomplete: 'incomplete' } as const;
const VERDICT_TEXT = { pass: 'passed', fail: 'failed', pending: 'pending' } as const;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Nothing loads but our own style, our own script and images beside the page: an injected tag could
 * neither run nor call out, even if escaping ever failed.
 */
const CSP = [
  "default-src 'none'",
  "img-src 'self' data: file:",
  `style-src ${sha256(GALLERY_CSS)}`,
  `script-src ${sha256(GALLERY_JS)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function renderGallery(data: GalleryData): string {
  const tags = [...new Set(data.assets.flatMap((a) => a.tags))].sort();
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>GenOps gallery · ${e(data.manifest)}</title>`,
    `<style>${GALLERY_CSS}</style>`,
    '</head>',
    '<body>',
    header(data, tags),
    '<main id="assets">',
    ...data.assets.map((asset, index) => assetCard(asset, index)),
    '</main>',
    '<dialog id="viewer" aria-labelledby="viewer-caption">',
    '<img id="viewer-img" alt="">',
    '<p id="viewer-caption"></p>',
    '<button type="button" class="close" id="viewer-close">Close</button>',
    '</dialog>',
    `<script>${GALLERY_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.join('\n');
}

function header(data: GalleryData, tags: string[]): string {
  const option = (value: string, label: string) => `<option value="${e(value)}">${e(label)}</option>`;
  return `<header>
<h1>GenOps review gallery · gate ${GATE_TEXT[data.gate]}</h1>
<p class="summary"><code>${e(data.manifest)}</code> · ${e(data.summary)}</p>
<form class="controls" role="search">
<label>Search id or prompt<input type="search" id="q" autocomplete="off"></label>
<label>Show<select id="filter">${option('all', 'all assets')}${option('fail', 'failed')}${option('changed', 'changed')}${option('new', 'new')}</select></label>
<label>Tag<select id="tag">${option('', 'any tag')}${tags.map((t) => option(t, t)).join('')}</select></label>
<label>Sort<select id="sort">${option('review', 'failures first')}${option('score-desc', 'score, highest first')}${option('score-asc', 'score, lowest first')}${option('id', 'id')}</select></label>
</form>
<p id="count" aria-live="polite">${data.assets.length} of ${data.assets.length} assets shown</p>
<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous asset, <kbd>Enter</kbd> large view of the chosen image, <kbd>/</kbd> search, <kbd>Esc</kbd> close.</p>
</header>`;
}

function assetCard(asset: GalleryAsset, index: number): string {
  const heading = `h-${index}`;
  const score = asset.score !== undefined ? String(asset.score) : '';
  const badges = [
    `<span class="badge ${asset.verdict}">${VERDICT_TEXT[asset.verdict]}</span>`,
    `<span class="badge ${asset.change}">${e(asset.change)}</span>`,
  ].join('');
  const title = asset.title && asset.title !== asset.id ? ` ${e(asset.title)}` : '';
  const tags = asset.tags.map((t) => `<span class="tag">${e(t)}</span>`).join('');
  return `<article class="asset" tabindex="0" aria-labelledby="${heading}" data-id="${e(asset.id)}" data-order="${index}" data-verdict="${asset.verdict}" data-change="${e(asset.change)}" data-score="${score}" data-tags="${e(asset.tags.join(' '))}">
<h2 id="${heading}">${badges} <code>${e(asset.id)}</code>${title}</h2>
${tags ? `<p>${tags}</p>` : ''}${decisionsHtml(asset.human)}${asset.reasons.length ? `<p class="reasons${asset.verdict === 'fail' ? ' fail' : ''}">${asset.reasons.map(e).join('<br>')}</p>` : ''}
<div class="variants">${asset.variants.map((v) => variantFigure(asset, v)).join('')}</div>
${compare(asset)}${facts(asset)}
</article>`;
}

function image(asset: GalleryAsset, src: string, alt: string, className = ''): string {
  const cls = className ? ` class="${className}"` : '';
  return `<img${cls} src="${e(src)}" alt="${e(alt)}" width="${asset.width}" height="${asset.height}" loading="lazy" decoding="async">`;
}

function variantFigure(asset: GalleryAsset, v: GalleryVariant): string {
  const label = `variant ${v.index + 1} of ${asset.variants.length}`;
  const alt = `${asset.id}, ${label}${v.chosen ? ' (chosen)' : ''}`;
  const picture = v.image
    ? `<button type="button" class="zoom" data-caption="${e(alt)}" aria-label="Large view of ${e(alt)}">${image(asset, v.image, alt)}</button>`
    : `<div class="noimage">${e(v.failure ?? (v.blob ? 'no preview could be made' : 'no image'))}</div>`;
  const failed = v.checks.filter((c) => !c.passed).length;
  const scores = Object.entries(v.scores)
    .map(([name, value]) => `${e(name)} ${value.toFixed(2)}`)
    .join(' · ');
  const seed = v.reportedSeed !== undefined ? `${v.seed} (back end used ${v.reportedSeed})` : String(v.seed);
  return `<figure class="variant ${v.state}${v.chosen ? ' chosen' : ''}">${picture}
<figcaption><strong>Variant ${v.index + 1}</strong>${v.chosen ? ` <span class="chosen-mark">✓ ${chosenText(asset)}</span>` : ''} · ${v.state === 'missing' ? 'no image' : v.state === 'pass' ? 'passed' : 'failed'}
<br>${scores || 'no scores'} · seed ${seed}
<details><summary>${v.checks.length} checks${failed ? `, ${failed} failed` : ''}</summary>${checksList(v.checks)}
<p>key <code>${e(v.key)}</code></p>${v.revisedPrompt ? `<p>revised prompt: ${e(v.revisedPrompt)}</p>` : ''}</details>
</figcaption></figure>`;
}

/** `chosen`, or who picked it when a reviewer did. */
function chosenText(asset: GalleryAsset): string {
  const picked = pickedBy(asset.human);
  return picked ? e(picked) : 'chosen';
}

/** One line per check: result, id, value, threshold and reason (a list reads at any width). */
function checksList(checks: CheckResult[]): string {
  if (!checks.length) return '';
  const items = checks.map((c) => {
    const value = c.value === undefined ? '' : ` ${e(String(c.value))}`;
    const threshold = c.threshold === undefined ? '' : `, threshold ${e(String(c.threshold))}`;
    const reason = c.reason ? ` — ${e(c.reason)}` : '';
    const result = c.approvedBy ? 'approved' : c.passed ? 'pass' : 'fail';
    const approved = c.approvedBy ? ` — ${e(approvalText(c.approvedBy))}` : '';
    return `<li class="${c.passed ? 'pass' : 'fail'}"><span class="result">${result}</span> <code>${e(c.id)}</code>${value}${threshold}${reason}${approved}</li>`;
  });
  return `<ul class="checks">${items.join('')}</ul>`;
}

function compare(asset: GalleryAsset): string {
  if (!asset.previous) return '';
  const chosen = asset.variants.find((v) => v.chosen);
  const verdict = asset.ssim !== undefined ? ` · SSIM ${asset.ssim.toFixed(4)}` : '';
  const heading = `<h3>Previous version → this run: ${e(asset.change)}${verdict}</h3>`;
  if (!asset.previous.image || !chosen?.image) {
    return `<section class="compare">${heading}<p>previous image <code>${e(asset.previous.blob.slice(0, 12))}</code> is not in the store; no comparison</p></section>`;
  }
  const name = `m-${e(asset.id)}`;
  const radio = (value: string, label: string, checked = false) =>
    `<label><input type="radio" name="${name}" value="${value}"${checked ? ' checked' : ''}> ${label}</label>`;
  const diff = asset.diff ? image(asset, asset.diff, `${asset.id}: what changed`, 'diff') : '';
  return `<section class="compare">${heading}
<div class="ba">${image(asset, asset.previous.image, `${asset.id}: previous version`, 'before')}${image(asset, chosen.image, `${asset.id}: this run`, 'after')}${diff}</div>
<fieldset class="ba-controls"><legend>Compare</legend>${radio('slider', 'slider', true)}${radio('before', 'before')}${radio('after', 'after')}${diff ? radio('diff', 'diff') : ''}
<label>position <input type="range" min="0" max="100" value="50" aria-label="Before and after divider of ${e(asset.id)}"></label></fieldset>
</section>`;
}

function facts(asset: GalleryAsset): string {
  const chosen = asset.variants.find((v) => v.chosen) ?? asset.variants[0];
  const rows: [string, string][] = [
    [
      asset.originalPrompt === undefined ? 'prompt' : 'prompt (rewritten by optimize)',
      `<span class="prompt">${e(asset.prompt)}</span>`,
    ],
    ...(asset.originalPrompt === undefined
      ? []
      : ([['original prompt', `<span class="prompt">${e(asset.originalPrompt)}</span>`]] as [
          string,
          string,
        ][])),
    ['negative', e(asset.negativePrompt) || '–'],
    ['generator', `${e(asset.generator)} (${e(asset.backend)})`],
    ['model', `${e(asset.model)}${asset.reproducible ? '' : ' (a stored sample, not reproducible)'}`],
  ];
  if (chosen) rows.push(['seed', String(chosen.seed)], ['key', `<code>${e(chosen.key)}</code>`]);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}
