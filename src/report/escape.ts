/**
 * Escaping for text from manifests (prompts, ids, titles) wherever it is rendered. A prompt is user
 * text: in a PR comment it must not open a link, ping a team, close a table or inject HTML.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Only what can start markup mid-line: emphasis, code, links/images, tables, strikethrough, headings.
      .replace(/([\\`*_[\]|~#])/g, '\\$1')
      .replace(/@/g, '@\u200b')
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
