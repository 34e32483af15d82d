/** The gallery's stylesheet, inlined (the page opens from disk and loads nothing else). */
export const GALLERY_CSS = `
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
