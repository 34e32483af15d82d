/**
 * The gallery's one script, inlined and allowed by its hash in the page's Content-Security-Policy:
 * nothing from input ever runs. It only shows, hides and reorders what the page already holds
 * (every text is rendered and escaped on the server side), so the page reads fine without it.
 */
export const GALLERY_JS = `(() => {
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
