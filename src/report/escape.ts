/**
 * Escaping for text from manifests, artifacts and back ends (ids, titles, prompts, reasons, model
 * names) wherever it is rendered. One function per output:
 *
 * | output | function |
 * |---|---|
 * | GitHub Markdown: the PR comment, report.md, the job summary (the same renderer), and HTML inside them | `escapeMarkdown` |
 * | an HTML document, and URLs in attributes | `escapeHtml` |
 * | workflow commands (annotations) and log lines a runner reads | `formatAnnotation`, `escapeWorkflowLog` (annotations.ts) |
 *
 * Such text must not open a link, ping a person or team, reference an issue, close a table, start
 * a heading, hide itself in a comment or add an element.
 */

/** Markdown and HTML punctuation, as numeric references: literal text in Markdown and in raw HTML alike. */
const MARKUP = /[&<>"'\\`*_[\]|~#!$]/g;

/** Line breaks end a table row, and a blank line ends an HTML block and starts Markdown (a heading). */
const LINE_BREAKS = /[\r\n\u2028\u2029\v\f]+/g;

/** Bidirectional controls reorder what a reviewer sees (CVE-2021-42574): shown as U+FFFD instead. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

const ZWSP = '\u200b';

/**
 * What GitHub links after rendering, broken with a zero-width space (invisible, and matching none of
 * its patterns; character references would not do, GitHub matches the decoded text): `@user` and
 * `@org/team` mentions and e-mail autolinks, `#123` references, `scheme://` and `www.` autolinks.
 */
function unlink(text: string): string {
  return (
    text
      // Before the `@` too: an e-mail linker that takes Unicode domains (IDN) must still find no local part.
      .replace(/@/g, `${ZWSP}@${ZWSP}`)
      .replace(/#/g, `#${ZWSP}`)
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/www\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
  );
}

/**
 * Text for GitHub Markdown — a table cell, a list item, a heading — or for text inside the HTML a
 * Markdown document holds (`<td>`, `<code>`, `<sub>`): one line; markup characters as numeric
 * character references, which both Markdown and HTML show as the character and neither parses;
 * mentions, references and autolinks broken.
 */
export function escapeMarkdown(text: string): string {
  return unlink(String(text))
    .replace(LINE_BREAKS, ' ')
    .replace(BIDI_CONTROLS, '\ufffd')
    .replace(MARKUP, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text or an attribute value (a URL) in HTML. Line breaks as references too, so that even inside a
 * Markdown document's HTML block no blank line can end the block.
 */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
