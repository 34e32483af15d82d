export const id = 614;
export const ids = [614];
export const modules = {

/***/ 32462:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ imageConcurrency),
/* harmony export */   U: () => (/* binding */ releaseNow)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(48161);

/**
 * Frees a buffer's memory now instead of at a later garbage collection, when nothing else can see
 * it: the buffer must own its whole ArrayBuffer (not a slice of Node's pool or of a larger buffer),
 * and the caller must hold the only reference. Detaching the ArrayBuffer runs its deleter at once
 * (libvips' free for sharp's output). Why: V8 counts each 3 MB decode as external memory and ran a
 * full collection every ~9 decodes to find them (36 per 300 QA'd images, a fifth of the main
 * thread); detached, a decode-only loop over 300 1024² PNGs ran 13 collections → 1 and peaked
 * 212 → 153 MB. A no-op where ArrayBuffer.prototype.transfer is missing (it is in Node ≥ 21).
 */
function releaseNow(buffer) {
    const whole = buffer.buffer;
    // ES2024's transfer: the project's TypeScript libs stop at ES2023.
    const transfer = whole.transfer;
    if (!(whole instanceof ArrayBuffer) || typeof transfer !== 'function')
        return;
    if (buffer.byteOffset !== 0 || buffer.byteLength !== whole.byteLength || whole.byteLength === 0)
        return;
    try {
        transfer.call(whole, 0);
    }
    catch {
        // Not detachable (e.g. WebAssembly memory): left to the collector.
    }
}
/**
 * Images one process rasterises or re-encodes at once: one per core, and at least 2 so one image's
 * file I/O overlaps another's pixels. The work is CPU-bound: more at once finishes no sooner, it
 * only holds more pixel buffers, each libuv and libvips thread in its own glibc malloc arena, whose
 * freed pages stay resident (2 cores, cold synthesis of 1024² images, 4 renders at once → 2: 300
 * images 266–314 → 228–255 MB, 1,000 images 298–367 → 279–318 MB, same wall and CPU time).
 */
function imageConcurrency() {
    return Math.max(2, (0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)());
}


/***/ }),

/***/ 85480:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JB: () => (/* binding */ writeGalleryImage),
/* harmony export */   l0: () => (/* binding */ listGallery),
/* harmony export */   tA: () => (/* binding */ GALLERY_SIDE)
/* harmony export */ });
/* unused harmony export GALLERY_DIR */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _store_atomic_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(41848);
/**
 * The review gallery's images in `<run>/gallery/`, one per blob, named `<blob>.jpg` (opaque) or
 * `<blob>.webp` (with transparency). QA makes them from the decode it measures; the report layer
 * makes the rest (blobs QA did not decode this run) from the blob.
 */



/** The folder beside report.html. */
const GALLERY_DIR = 'gallery';
/** Longest side a gallery image needs for the large view. */
const GALLERY_SIDE = 640;
const NAME = /^([0-9a-f]{64})\.(jpg|webp)$/;
/**
 * The gallery images already made, blob → path relative to the run folder, from one listing of the
 * folder (none when it does not exist yet).
 */
async function listGallery(runDir) {
    const made = new Map();
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(runDir, GALLERY_DIR));
    }
    catch {
        return made;
    }
    for (const name of names) {
        const blob = NAME.exec(name)?.[1];
        if (blob)
            made.set(blob, node_path__WEBPACK_IMPORTED_MODULE_1__.join(GALLERY_DIR, name));
    }
    return made;
}
/**
 * Writes a blob's gallery image atomically (not flushed: a torn file after a crash is only a
 * thumbnail, made again once deleted) and returns its path relative to the run folder.
 */
async function writeGalleryImage(runDir, blob, image) {
    const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(GALLERY_DIR, `${blob}.${image.extension}`);
    await (0,_store_atomic_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(runDir, file), image.bytes, { fsync: false });
    return file;
}


/***/ }),

/***/ 53614:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reportLayer: () => (/* binding */ reportLayer)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/p-queue/dist/index.js + 4 modules
var dist = __webpack_require__(19052);
// EXTERNAL MODULE: ./build/action-package/src/core/errors.js
var errors = __webpack_require__(53388);
// EXTERNAL MODULE: ./build/action-package/src/core/image.js
var core_image = __webpack_require__(32462);
// EXTERNAL MODULE: ./build/action-package/src/deployers/derivatives.js + 1 modules
var derivatives = __webpack_require__(17237);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./build/action-package/src/report/decisions.js
var decisions = __webpack_require__(4149);
// EXTERNAL MODULE: ./build/action-package/src/report/escape.js
var report_escape = __webpack_require__(49431);
;// CONCATENATED MODULE: ./build/action-package/src/report/gallery/script.js
/**
 * The gallery's one script, inlined and allowed by its hash in the page's Content-Security-Policy:
 * nothing from input ever runs. It only shows, hides and reorders what the page already holds
 * (every text is rendered and escaped on the server side), so the page reads fine without it.
 */
const GALLERY_JS = `(() => {
  'use strict';
  const main = document.getElementById('assets');
  const cards = Array.from(main.querySelectorAll('article.asset'));
  const text = cards.map((c) => (c.dataset.id + ' ' + (c.querySelector('.prompt')?.textContent ?? '')).toLowerCase());
  const q = document.getElementById('q');
  const filter = document.getElementById('filter');
  const tag = document.getElementById('tag');
  const sort = document.getElementById('sort');
  const count = document.getElementById('count');
  const viewer = document.getElementById('viewer');
  const viewerImg = document.getElementById('viewer-img');
  const viewerCaption = document.getElementById('viewer-caption');
  const score = (c) => (c.dataset.score === '' ? -Infinity : Number(c.dataset.score));
  const orders = {
    review: (a, b) => Number(a.dataset.order) - Number(b.dataset.order),
    'score-desc': (a, b) => score(b) - score(a) || a.dataset.id.localeCompare(b.dataset.id),
    'score-asc': (a, b) => score(a) - score(b) || a.dataset.id.localeCompare(b.dataset.id),
    id: (a, b) => a.dataset.id.localeCompare(b.dataset.id),
  };
  function matches(card, i) {
    const words = q.value.trim().toLowerCase();
    if (words && !text[i].includes(words)) return false;
    const f = filter.value;
    if (f === 'fail' && card.dataset.verdict !== 'fail') return false;
    if ((f === 'changed' || f === 'new') && card.dataset.change !== f) return false;
    if (tag.value && !card.dataset.tags.split(' ').includes(tag.value)) return false;
    return true;
  }
  function update() {
    let shown = 0;
    cards.forEach((card, i) => {
      const ok = matches(card, i);
      card.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + cards.length + ' assets shown';
  }
  function reorder() {
    const sorted = cards.slice().sort(orders[sort.value] ?? orders.review);
    main.append(...sorted);
  }
  q.addEventListener('input', update);
  filter.addEventListener('change', update);
  tag.addEventListener('change', update);
  sort.addEventListener('change', reorder);
  document.querySelector('form.controls').addEventListener('submit', (e) => e.preventDefault());

  function open(button) {
    const img = button.querySelector('img');
    if (!img) return;
    viewerImg.src = img.currentSrc || img.src;
    viewerImg.alt = img.alt;
    viewerCaption.textContent = button.dataset.caption ?? img.alt;
    viewer.showModal();
  }
  main.addEventListener('click', (e) => {
    const button = e.target.closest('button.zoom');
    if (button) open(button);
  });
  document.getElementById('viewer-close').addEventListener('click', () => viewer.close());
  viewer.addEventListener('click', (e) => {
    if (e.target === viewer) viewer.close();
  });

  for (const box of main.querySelectorAll('.compare')) {
    const ba = box.querySelector('.ba');
    const range = box.querySelector('input[type=range]');
    range.addEventListener('input', () => ba.style.setProperty('--pos', range.value + '%'));
    for (const radio of box.querySelectorAll('input[type=radio]')) {
      radio.addEventListener('change', () => {
        ba.dataset.mode = radio.value;
        range.disabled = radio.value !== 'slider';
      });
    }
  }

  function visible() {
    return Array.from(main.children).filter((c) => c.matches('article.asset') && !c.hidden);
  }
  function step(delta) {
    const list = visible();
    if (!list.length) return;
    const at = list.indexOf(document.activeElement.closest?.('article.asset'));
    const next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + delta))];
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || viewer.open) return;
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    if (typing) {
      if (e.key === 'Escape') t.blur();
      return;
    }
    const onCard = t instanceof HTMLElement && t.matches('article.asset');
    if (e.key === 'j' || (onCard && e.key === 'ArrowDown')) step(1);
    else if (e.key === 'k' || (onCard && e.key === 'ArrowUp')) step(-1);
    else if (e.key === '/') q.focus();
    else if (onCard && (e.key === 'Enter' || e.key === 'o')) {
      const button = t.querySelector('.variant.chosen button.zoom') ?? t.querySelector('button.zoom');
      if (button) open(button);
    } else return;
    e.preventDefault();
  });
  update();
})();
`;

;// CONCATENATED MODULE: ./build/action-package/src/report/gallery/style.js
/** The gallery's stylesheet, inlined (the page opens from disk and loads nothing else). */
const GALLERY_CSS = `
:root{--fg:#1b1f24;--muted:#4d565f;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;--pass:#116329;--fail:#a40e26;--new:#0a3069;--changed:#6a3d00;--focus:#0969da}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:.6rem 1rem}
h1{font-size:1.25rem;margin:0 0 .2rem}
h2{font-size:1.05rem;margin:0 0 .4rem;overflow-wrap:anywhere}
h3{font-size:.95rem;margin:.6rem 0 .3rem}
.summary,.keys{margin:.1rem 0;color:var(--muted);font-size:.85rem}
.controls{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:end;margin:.4rem 0 0}
.controls label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.controls input,.controls select{font:inherit;color:var(--fg);padding:.25rem .4rem;border:1px solid #8c959f;border-radius:6px;background:var(--bg);min-width:9rem}
#count{margin:0 0 .3rem;font-size:.85rem}
main{padding:.5rem 1rem 3rem;max-width:110rem;margin:0 auto}
/* Off-screen cards skip layout and paint: a 1,000-asset page stays quick to open, filter and sort. */
.asset{border:1px solid var(--line);border-radius:8px;padding:.7rem;margin:0 0 1rem;background:var(--bg);content-visibility:auto;contain-intrinsic-size:auto 40rem}
.asset:focus{outline:3px solid var(--focus);outline-offset:2px}
.badge{display:inline-block;font-size:.75rem;font-weight:600;border-radius:1rem;padding:0 .55rem;border:1px solid currentColor;vertical-align:middle;margin-right:.2rem}
.badge.pass{color:var(--pass)}.badge.fail{color:var(--fail)}.badge.pending{color:var(--muted)}
.badge.new{color:var(--new)}.badge.changed{color:var(--changed)}.badge.unchanged,.badge.unknown{color:var(--muted)}
.tag{font-size:.75rem;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 .35rem;margin-right:.25rem}
.reasons{color:var(--muted);margin:.2rem 0 .5rem;overflow-wrap:anywhere}
.variants{display:grid;grid-template-columns:repeat(auto-fill,minmax(13rem,1fr));gap:.7rem}
.variant{margin:0;border:2px solid var(--line);border-radius:8px;padding:.4rem;background:var(--panel);min-width:0}
.variant.chosen{border-color:var(--pass);box-shadow:0 0 0 2px var(--pass) inset}
.variant.fail{border-style:dashed}
.zoom{display:block;width:100%;padding:0;border:0;background:none;cursor:zoom-in}
.zoom:focus-visible{outline:3px solid var(--focus)}
img{display:block;max-width:100%;height:auto;background:repeating-conic-gradient(#e6e9ed 0 25%,#fff 0 50%) 0 0/16px 16px}
.variant img,.ba img{width:100%}
.reasons.fail{color:var(--fail)}
.noimage{display:flex;align-items:center;justify-content:center;min-height:8rem;color:var(--muted);border:1px dashed var(--line);padding:.5rem;text-align:center;overflow-wrap:anywhere}
figcaption{font-size:.85rem;margin-top:.3rem}
.chosen-mark{color:var(--pass);font-weight:700}
.human{list-style:none;padding:.3rem .5rem;margin:.2rem 0 .5rem;border-left:3px solid var(--focus);background:var(--panel);font-size:.85rem;overflow-wrap:anywhere}
.human .note{color:var(--changed)}
details{margin-top:.25rem}
summary{cursor:pointer}
.checks{list-style:none;padding:0;margin:.25rem 0 0;font-size:.78rem}
.checks li{padding:.1rem 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.checks .result{font-weight:600}.checks .pass .result{color:var(--pass)}.checks .fail .result{color:var(--fail)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.6rem 0 0;font-size:.85rem}
.facts dt{color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap}
.compare{margin-top:.6rem;max-width:40rem}
.ba{position:relative;display:grid}
.ba>*{grid-area:1/1}
.ba .after{clip-path:inset(0 0 0 var(--pos,50%))}
.ba[data-mode=before] .after,.ba[data-mode=before] .diff,.ba[data-mode=after] .before,.ba[data-mode=after] .diff{display:none}
.ba[data-mode=after] .after{clip-path:none}
.ba[data-mode=diff] .before,.ba[data-mode=diff] .after{display:none}
.ba:not([data-mode=diff]) .diff{display:none}
.ba-controls{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center;font-size:.85rem;margin-top:.3rem;border:0;padding:0}
.ba-controls legend{padding:0;float:left;margin-right:.5rem;color:var(--muted)}
.ba-controls input[type=range]{width:12rem}
dialog{max-width:96vw;max-height:96vh;padding:.5rem;border:1px solid var(--line);border-radius:8px}
dialog::backdrop{background:rgba(0,0,0,.75)}
dialog img{max-width:92vw;max-height:82vh;width:auto;margin:0 auto}
dialog p{margin:.3rem 0;font-size:.9rem;overflow-wrap:anywhere}
button.close{font:inherit;padding:.2rem .8rem;border:1px solid #8c959f;border-radius:6px;background:var(--panel);color:var(--fg)}
[hidden]{display:none!important}
@media (max-width:40rem){header{position:static}.variants{grid-template-columns:repeat(auto-fill,minmax(9rem,1fr))}.controls input,.controls select{min-width:0;width:100%}.controls label{flex:1 1 45%}main{padding:.5rem}}
`;

;// CONCATENATED MODULE: ./build/action-package/src/report/gallery/html.js
/**
 * report.html: the review gallery. One self-contained page (inline style and script, images by
 * relative path) that opens from disk or from a downloaded artifact. Every text from a manifest or a
 * back end goes through escapeHtml; the only script is ours, allowed by its hash.
 */





const GATE_TEXT = { pass: 'passed', fail: 'failed', incomplete: 'incomplete' };
const VERDICT_TEXT = { pass: 'passed', fail: 'failed', pending: 'pending' };
const sha256 = (text) => `'sha256-${(0,external_node_crypto_.createHash)('sha256').update(text).digest('base64')}'`;
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
function renderGallery(data) {
    const tags = [...new Set(data.assets.flatMap((a) => a.tags))].sort();
    const parts = [
        '<!doctype html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<meta http-equiv="Content-Security-Policy" content="${(0,report_escape/* escapeHtml */.ZD)(CSP)}">`,
        '<meta name="referrer" content="no-referrer">',
        `<title>GenOps gallery · ${(0,report_escape/* escapeHtml */.ZD)(data.manifest)}</title>`,
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
function header(data, tags) {
    const option = (value, label) => `<option value="${(0,report_escape/* escapeHtml */.ZD)(value)}">${(0,report_escape/* escapeHtml */.ZD)(label)}</option>`;
    return `<header>
<h1>GenOps review gallery · gate ${GATE_TEXT[data.gate]}</h1>
<p class="summary"><code>${(0,report_escape/* escapeHtml */.ZD)(data.manifest)}</code> · ${(0,report_escape/* escapeHtml */.ZD)(data.summary)}</p>
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
function assetCard(asset, index) {
    const heading = `h-${index}`;
    const score = asset.score !== undefined ? String(asset.score) : '';
    const badges = [
        `<span class="badge ${asset.verdict}">${VERDICT_TEXT[asset.verdict]}</span>`,
        `<span class="badge ${asset.change}">${(0,report_escape/* escapeHtml */.ZD)(asset.change)}</span>`,
    ].join('');
    const title = asset.title && asset.title !== asset.id ? ` ${(0,report_escape/* escapeHtml */.ZD)(asset.title)}` : '';
    const tags = asset.tags.map((t) => `<span class="tag">${(0,report_escape/* escapeHtml */.ZD)(t)}</span>`).join('');
    return `<article class="asset" tabindex="0" aria-labelledby="${heading}" data-id="${(0,report_escape/* escapeHtml */.ZD)(asset.id)}" data-order="${index}" data-verdict="${asset.verdict}" data-change="${(0,report_escape/* escapeHtml */.ZD)(asset.change)}" data-score="${score}" data-tags="${(0,report_escape/* escapeHtml */.ZD)(asset.tags.join(' '))}">
<h2 id="${heading}">${badges} <code>${(0,report_escape/* escapeHtml */.ZD)(asset.id)}</code>${title}</h2>
${tags ? `<p>${tags}</p>` : ''}${(0,decisions/* decisionsHtml */.xS)(asset.human)}${asset.reasons.length ? `<p class="reasons${asset.verdict === 'fail' ? ' fail' : ''}">${asset.reasons.map(report_escape/* escapeHtml */.ZD).join('<br>')}</p>` : ''}
<div class="variants">${asset.variants.map((v) => variantFigure(asset, v)).join('')}</div>
${compare(asset)}${facts(asset)}
</article>`;
}
function html_image(asset, src, alt, className = '') {
    const cls = className ? ` class="${className}"` : '';
    return `<img${cls} src="${(0,report_escape/* escapeHtml */.ZD)(src)}" alt="${(0,report_escape/* escapeHtml */.ZD)(alt)}" width="${asset.width}" height="${asset.height}" loading="lazy" decoding="async">`;
}
function variantFigure(asset, v) {
    const label = `variant ${v.index + 1} of ${asset.variants.length}`;
    const alt = `${asset.id}, ${label}${v.chosen ? ' (chosen)' : ''}`;
    const picture = v.image
        ? `<button type="button" class="zoom" data-caption="${(0,report_escape/* escapeHtml */.ZD)(alt)}" aria-label="Large view of ${(0,report_escape/* escapeHtml */.ZD)(alt)}">${html_image(asset, v.image, alt)}</button>`
        : `<div class="noimage">${(0,report_escape/* escapeHtml */.ZD)(v.failure ?? (v.blob ? 'no preview could be made' : 'no image'))}</div>`;
    const failed = v.checks.filter((c) => !c.passed).length;
    const scores = Object.entries(v.scores)
        .map(([name, value]) => `${(0,report_escape/* escapeHtml */.ZD)(name)} ${value.toFixed(2)}`)
        .join(' · ');
    const seed = v.reportedSeed !== undefined ? `${v.seed} (back end used ${v.reportedSeed})` : String(v.seed);
    return `<figure class="variant ${v.state}${v.chosen ? ' chosen' : ''}">${picture}
<figcaption><strong>Variant ${v.index + 1}</strong>${v.chosen ? ` <span class="chosen-mark">✓ ${chosenText(asset)}</span>` : ''} · ${v.state === 'missing' ? 'no image' : v.state === 'pass' ? 'passed' : 'failed'}
<br>${scores || 'no scores'} · seed ${seed}
<details><summary>${v.checks.length} checks${failed ? `, ${failed} failed` : ''}</summary>${checksList(v.checks)}
<p>key <code>${(0,report_escape/* escapeHtml */.ZD)(v.key)}</code></p>${v.revisedPrompt ? `<p>revised prompt: ${(0,report_escape/* escapeHtml */.ZD)(v.revisedPrompt)}</p>` : ''}</details>
</figcaption></figure>`;
}
/** `chosen`, or who picked it when a reviewer did. */
function chosenText(asset) {
    const picked = (0,decisions/* pickedBy */.cj)(asset.human);
    return picked ? (0,report_escape/* escapeHtml */.ZD)(picked) : 'chosen';
}
/** One line per check: result, id, value, threshold and reason (a list reads at any width). */
function checksList(checks) {
    if (!checks.length)
        return '';
    const items = checks.map((c) => {
        const value = c.value === undefined ? '' : ` ${(0,report_escape/* escapeHtml */.ZD)(String(c.value))}`;
        const threshold = c.threshold === undefined ? '' : `, threshold ${(0,report_escape/* escapeHtml */.ZD)(String(c.threshold))}`;
        const reason = c.reason ? ` — ${(0,report_escape/* escapeHtml */.ZD)(c.reason)}` : '';
        const result = c.approvedBy ? 'approved' : c.passed ? 'pass' : 'fail';
        const approved = c.approvedBy ? ` — ${(0,report_escape/* escapeHtml */.ZD)((0,decisions/* approvalText */.zP)(c.approvedBy))}` : '';
        return `<li class="${c.passed ? 'pass' : 'fail'}"><span class="result">${result}</span> <code>${(0,report_escape/* escapeHtml */.ZD)(c.id)}</code>${value}${threshold}${reason}${approved}</li>`;
    });
    return `<ul class="checks">${items.join('')}</ul>`;
}
function compare(asset) {
    if (!asset.previous)
        return '';
    const chosen = asset.variants.find((v) => v.chosen);
    const verdict = asset.ssim !== undefined ? ` · SSIM ${asset.ssim.toFixed(4)}` : '';
    const heading = `<h3>Previous version → this run: ${(0,report_escape/* escapeHtml */.ZD)(asset.change)}${verdict}</h3>`;
    if (!asset.previous.image || !chosen?.image) {
        return `<section class="compare">${heading}<p>previous image <code>${(0,report_escape/* escapeHtml */.ZD)(asset.previous.blob.slice(0, 12))}</code> is not in the store; no comparison</p></section>`;
    }
    const name = `m-${(0,report_escape/* escapeHtml */.ZD)(asset.id)}`;
    const radio = (value, label, checked = false) => `<label><input type="radio" name="${name}" value="${value}"${checked ? ' checked' : ''}> ${label}</label>`;
    const diff = asset.diff ? html_image(asset, asset.diff, `${asset.id}: what changed`, 'diff') : '';
    return `<section class="compare">${heading}
<div class="ba">${html_image(asset, asset.previous.image, `${asset.id}: previous version`, 'before')}${html_image(asset, chosen.image, `${asset.id}: this run`, 'after')}${diff}</div>
<fieldset class="ba-controls"><legend>Compare</legend>${radio('slider', 'slider', true)}${radio('before', 'before')}${radio('after', 'after')}${diff ? radio('diff', 'diff') : ''}
<label>position <input type="range" min="0" max="100" value="50" aria-label="Before and after divider of ${(0,report_escape/* escapeHtml */.ZD)(asset.id)}"></label></fieldset>
</section>`;
}
function facts(asset) {
    const chosen = asset.variants.find((v) => v.chosen) ?? asset.variants[0];
    const rows = [
        [
            asset.originalPrompt === undefined ? 'prompt' : 'prompt (rewritten by optimize)',
            `<span class="prompt">${(0,report_escape/* escapeHtml */.ZD)(asset.prompt)}</span>`,
        ],
        ...(asset.originalPrompt === undefined
            ? []
            : [['original prompt', `<span class="prompt">${(0,report_escape/* escapeHtml */.ZD)(asset.originalPrompt)}</span>`]]),
        ['negative', (0,report_escape/* escapeHtml */.ZD)(asset.negativePrompt) || '–'],
        ['generator', `${(0,report_escape/* escapeHtml */.ZD)(asset.generator)} (${(0,report_escape/* escapeHtml */.ZD)(asset.backend)})`],
        ['model', `${(0,report_escape/* escapeHtml */.ZD)(asset.model)}${asset.reproducible ? '' : ' (a stored sample, not reproducible)'}`],
    ];
    if (chosen)
        rows.push(['seed', String(chosen.seed)], ['key', `<code>${(0,report_escape/* escapeHtml */.ZD)(chosen.key)}</code>`]);
    return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

;// CONCATENATED MODULE: ./build/action-package/src/report/gallery/model.js
/** Blobs the gallery shows (every variant and every previous version), to make thumbnails of. */
function galleryBlobs(files) {
    const blobs = new Set();
    for (const entry of Object.values(files.synthesis?.entries ?? {}))
        if (entry.blob)
            blobs.add(entry.blob);
    for (const asset of files.qa?.assets ?? [])
        if (asset.previous)
            blobs.add(asset.previous);
    return [...blobs];
}
/** A run-folder-relative path as a URL path: each segment percent-encoded (ids hold `/`, spaces, …). */
function relativeUrl(runPath) {
    return runPath.split(/[\\/]/).map(encodeURIComponent).join('/');
}
/**
 * The run's files, the report drawn from them and the thumbnails made (blob → path relative to the
 * run folder) → the gallery's data.
 */
function galleryData(files, report, summary, images) {
    const planned = new Map(files.plan.assets.map((a) => [a.id, a]));
    const jobs = new Map(files.plan.jobs.map((j) => [j.key, j]));
    const qaAssets = new Map(files.qa?.assets.map((a) => [a.id, a]));
    const assets = report.assets.flatMap((row) => {
        const asset = planned.get(row.id);
        if (!asset)
            return [];
        const verdict = qaAssets.get(row.id);
        const image = (blob) => {
            const file = blob ? images.get(blob) : undefined;
            return file ? relativeUrl(file) : undefined;
        };
        const entry = {
            id: row.id,
            title: row.title,
            tags: asset.tags,
            verdict: row.verdict,
            change: row.change,
            reasons: row.reasons,
            prompt: row.prompt,
            ...(row.originalPrompt !== undefined ? { originalPrompt: row.originalPrompt } : {}),
            negativePrompt: '',
            generator: '',
            backend: row.generator,
            model: row.model,
            reproducible: row.reproducible,
            score: row.scores.aesthetic,
            width: 1,
            height: 1,
            variants: variantsOf(files, jobs, asset, verdict?.chosen, image),
            ssim: row.ssim,
            ...(row.human ? { human: row.human } : {}),
        };
        const job = jobs.get(verdict?.chosen ?? asset.jobs[0] ?? '');
        if (job) {
            entry.negativePrompt = job.request.negativePrompt;
            entry.generator = job.generator;
            entry.width = job.request.width;
            entry.height = job.request.height;
        }
        const chosenBlob = entry.variants.find((v) => v.chosen)?.blob;
        if (verdict?.previous && verdict.previous !== chosenBlob) {
            entry.previous = { blob: verdict.previous, image: image(verdict.previous) };
        }
        if (row.diff && isInside(row.diff))
            entry.diff = relativeUrl(row.diff);
        return [entry];
    });
    return { manifest: report.manifest, gate: report.gate, summary, assets };
}
function variantsOf(files, jobs, asset, chosen, image) {
    return asset.jobs.flatMap((key, index) => {
        const job = jobs.get(key);
        if (!job)
            return [];
        const entry = files.synthesis?.entries[key];
        const qa = files.qa?.jobs[key];
        const checks = [...(job.policy ?? []), ...(qa?.checks ?? [])];
        const variant = {
            index,
            key,
            seed: job.request.seed,
            blob: entry?.blob,
            image: image(entry?.blob),
            state: entry?.blob ? (qa?.verdict ?? 'pass') : 'missing',
            chosen: key === chosen,
            scores: qa?.scores ?? {},
            checks,
        };
        if (entry?.facts?.seed !== undefined && entry.facts.seed !== job.request.seed)
            variant.reportedSeed = entry.facts.seed;
        if (entry?.failure)
            variant.failure = entry.failure.message;
        if (entry?.facts?.revisedPrompt)
            variant.revisedPrompt = entry.facts.revisedPrompt;
        return [variant];
    });
}
/** Only a path inside the run folder is linked (the QA layer names diffs; anything else is not). */
function isInside(runPath) {
    return !runPath.startsWith('/') && !/^[A-Za-z]:/.test(runPath) && !runPath.split(/[\\/]/).includes('..');
}

// EXTERNAL MODULE: ./build/action-package/src/report/markdown.js
var markdown = __webpack_require__(91989);
// EXTERNAL MODULE: ./build/action-package/src/report/summary.js
var summary = __webpack_require__(94346);
// EXTERNAL MODULE: ./build/action-package/src/store/atomic.js
var atomic = __webpack_require__(41848);
// EXTERNAL MODULE: ./build/action-package/src/layers/gallery.js
var gallery = __webpack_require__(85480);
// EXTERNAL MODULE: ./build/action-package/src/layers/run-folder.js
var run_folder = __webpack_require__(27496);
;// CONCATENATED MODULE: ./build/action-package/src/layers/report.js












/** Writes report.json, report.md and report.html (the review gallery) from whatever layers have run so far. */
async function reportLayer(ctx) {
    const plan = await (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'plan');
    const synthesis = await optional(() => (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'synthesis'));
    const qa = await optional(() => (0,run_folder/* readRunFile */.m8)(ctx.runDir, 'qa'));
    const delivery = await optional(async () => JSON.parse(await (0,promises_.readFile)((0,run_folder/* runPath */.t0)(ctx.runDir, 'delivery'), 'utf8')));
    const files = { plan, synthesis, qa, delivery };
    const report = (0,summary/* summarize */.e)(files);
    await (0,run_folder/* writeRunFile */.XY)(ctx.runDir, 'reportJson', report);
    await (0,atomic/* writeFileAtomic */.Zf)((0,run_folder/* runPath */.t0)(ctx.runDir, 'reportMd'), (0,markdown/* renderMarkdown */.Gc)(report));
    const images = await galleryImages(ctx, galleryBlobs(files));
    await (0,atomic/* writeFileAtomic */.Zf)((0,run_folder/* runPath */.t0)(ctx.runDir, 'reportHtml'), renderGallery(galleryData(files, report, (0,markdown/* layerLine */.OQ)(report), images)));
    return report;
}
/**
 * The gallery's image of each blob (gallery.ts): QA made those it decoded this run; the rest are
 * made here from the blob, a few at a time. One that cannot be made is left out with a warning: the
 * page says so.
 */
async function galleryImages(ctx, blobs) {
    const made = await (0,gallery/* listGallery */.l0)(ctx.runDir);
    const images = new Map();
    const queue = new dist/* default */.Ay({ concurrency: (0,core_image/* imageConcurrency */.L)() });
    for (const blob of blobs) {
        if (!/^[0-9a-f]{64}$/.test(blob))
            continue;
        const file = made.get(blob);
        if (file) {
            images.set(blob, file);
            continue;
        }
        queue.add(async () => {
            try {
                if (!(await ctx.workspace.blobs.has(blob)))
                    return;
                const image = await (0,derivatives/* reviewImageOf */.l$)(await ctx.workspace.blobs.get(blob), gallery/* GALLERY_SIDE */.tA);
                images.set(blob, await (0,gallery/* writeGalleryImage */.JB)(ctx.runDir, blob, image));
            }
            catch (error) {
                ctx.log.warn(`gallery image of ${blob.slice(0, 12)}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            }
        });
    }
    await queue.onIdle();
    return images;
}
async function optional(read) {
    try {
        return await read();
    }
    catch {
        return undefined;
    }
}


/***/ })

};
