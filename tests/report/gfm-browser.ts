/**
 * GitHub Markdown rendered as GitHub renders it, as far as public parts allow, in real Chromium:
 * markdown-it (CommonMark with GFM tables, strikethrough and autolinks via linkify — fuzzier than
 * GitHub's, so stricter) or marked (GFM mode: tables, strikethrough, `www.`/URL/e-mail autolinks),
 * raw HTML allowed; then GitHub's post-render filters that link text
 * (mentions, team mentions, issue references — modelled on html-pipeline's MentionFilter and
 * IssueReferenceFilter, which skip text inside a, code and pre); then DOMPurify as the sanitiser.
 * The filters are the one modelled part: GitHub's own pipeline is not public code.
 *
 * A test asserts on the DOM this yields, never on the Markdown string.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface RenderedDom {
  /** Every element in document order: tag, class, and href/src, e.g. `a.user-mention[href=…]`. */
  elements: string[];
  /** HTML comments in the rendered HTML (before the sanitiser, which would drop them). */
  comments: string[];
  /** Links GitHub adds after rendering: mentions, team mentions, issue references. */
  githubLinks: string[];
  /** Cells per table row, per table. */
  tables: number[][];
  /** Visible text with zero-width spaces removed and whitespace collapsed. */
  text: string;
}

const IN_PAGE = `
window.__renderGfm = (markdown, renderer) => {
  const raw =
    renderer === 'marked'
      ? window.marked.parse(markdown, { gfm: true })
      : window.markdownit({ html: true, linkify: true }).render(markdown);
  const template = document.createElement('template');
  template.innerHTML = raw;
  const comments = [];
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_COMMENT);
  while (walker.nextNode()) comments.push(walker.currentNode.data);

  const root = document.createElement('div');
  root.innerHTML = window.DOMPurify.sanitize(raw);
  document.body.replaceChildren(root);

  // GitHub's text filters: @user, @org/team, #123 — not inside links or code.
  const pattern = /(^|[^A-Za-z0-9_])(@[a-z0-9][a-z0-9-]*(?:\\/[a-z0-9][a-z0-9_-]*)?|#[0-9]+)(?![A-Za-z0-9_])/gi;
  const texts = [];
  const textWalker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (textWalker.nextNode()) {
    const node = textWalker.currentNode;
    if (!node.parentElement.closest('a, code, pre')) texts.push(node);
  }
  for (const node of texts) {
    const text = node.data;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      const start = m.index + m[1].length;
      frag.append(text.slice(last, start));
      const a = document.createElement('a');
      const ref = m[2];
      a.className = ref.startsWith('#') ? 'issue-link' : ref.includes('/') ? 'team-mention' : 'user-mention';
      a.href = 'https://github.com/' + ref.replace(/^[@#]/, '');
      a.textContent = ref;
      frag.append(a);
      last = start + ref.length;
    }
    frag.append(text.slice(last));
    node.replaceWith(frag);
  }

  const describe = (e) => {
    const tag = e.tagName.toLowerCase();
    const cls = e.getAttribute('class') ? '.' + e.getAttribute('class').split(/\\s+/).join('.') : '';
    const href = e.getAttribute('href') ? '[href=' + e.getAttribute('href') + ']' : '';
    const src = e.getAttribute('src') ? '[src=' + e.getAttribute('src') + ']' : '';
    return tag + cls + href + src;
  };
  return {
    elements: [...root.querySelectorAll('*')].map(describe),
    comments,
    githubLinks: [...root.querySelectorAll('a.user-mention, a.team-mention, a.issue-link')].map((a) => a.textContent),
    tables: [...root.querySelectorAll('table')].map((t) => [...t.rows].map((r) => r.cells.length)),
    text: root.textContent.replace(/\\u200b/g, '').replace(/\\s+/g, ' ').trim(),
  };
};
`;

export const RENDERERS = ['markdown-it', 'marked'] as const;
export type GfmRenderer = (typeof RENDERERS)[number];

/** One Chromium page with the renderers and sanitiser loaded; `render` may be called many times. */
export class GfmBrowser {
  private browser?: Browser;
  private page?: Page;

  async start(): Promise<void> {
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
    this.page = await this.browser.newPage();
    await this.page.setContent('<!doctype html><meta charset="utf-8"><body></body>');
    // Their browser builds, beside each package's main file (not in its `exports`).
    const beside = (pkg: string, file: string) => path.join(path.dirname(require.resolve(pkg)), file);
    await this.page.addScriptTag({ path: beside('markdown-it', 'browser/markdown-it.umd.min.js') });
    await this.page.addScriptTag({ path: beside('marked', 'marked.umd.js') });
    await this.page.addScriptTag({ path: beside('dompurify', 'purify.min.js') });
    await this.page.addScriptTag({ content: IN_PAGE });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
  }

  async render(markdown: string, renderer: GfmRenderer = 'markdown-it'): Promise<RenderedDom> {
    if (!this.page) throw new Error('GfmBrowser.start() first');
    const call = `window.__renderGfm(${JSON.stringify(markdown)}, ${JSON.stringify(renderer)})`;
    return (await this.page.evaluate(call)) as RenderedDom;
  }
}

/** Text as the rendered page shows it (line breaks are spaces there), for "it is still shown" checks. */
export function shown(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Hostile text, one class each, every one short enough to pass truncation whole: each must render
 * as its own characters and nothing else.
 */
export const HOSTILE: Record<string, string> = {
  'blank line and heading': 'a\n\n# Heading\n\n| x | y |\n|---|---|',
  'line break in a table': 'x\r\n| forged | row |',
  pipes: 'x | y | z',
  mentions: 'ping @octocat and @acme/reviewers',
  'issue reference': 'fixes #12 and GH-3',
  autolinks: 'see https://evil.example/x and www.evil.example',
  'e-mail autolinks': 'mail a@b.example or mailto:c@d.example',
  'HTML comment': 'x <!-- hidden',
  'HTML tags': '<b>b</b> <img src=x onerror=alert(1)> <a href=//e>e</a>',
  'link and image': '[link](https://evil.example) ![img](https://evil.example/i.png)',
  'reference link': '[x][1] and [y]\n\n[1]: https://evil.example\n[y]: https://evil.example',
  emphasis: '*em* _u_ **s** ~~del~~ `code` \\* &amp; $x$',
  'HTML block break-out': '</code></td></tr></table>\n\n## out\n\n<table><tr><td>',
  'details block': 'x\n\n<details open><summary>s</summary>',
  'angle autolink': '<https://evil.example> <a@b.example>',
};
