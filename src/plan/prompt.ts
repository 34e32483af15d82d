import type { StylePreset } from '../manifest/types.js';

/** Joins prompt fragments with ", ", dropping empty ones and repeats (case-insensitive). */
export function joinFragments(fragments: (string | undefined)[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of fragments) {
    const fragment = raw
      ?.trim()
      .replace(/^,+|,+$/g, '')
      .trim();
    if (!fragment) continue;
    const id = fragment.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(fragment);
  }
  return out.join(', ');
}

/**
 * Applies style presets as directional modifiers: positive modifiers and mood follow the subject in
 * the prompt (the subject stays first, where models weigh it most), negatives go to the negative prompt.
 */
export function applyStyles(
  prompt: string,
  negative: string,
  styles: StylePreset[],
): { prompt: string; negativePrompt: string } {
  return {
    prompt: joinFragments([prompt, ...styles.map((s) => s.positive), ...styles.map((s) => s.mood)]),
    negativePrompt: joinFragments([negative, ...styles.map((s) => s.negative)]),
  };
}
