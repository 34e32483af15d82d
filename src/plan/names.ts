/**
 * Output names (asset ids, aliases) become folder and file names on every target, and targets run on
 * Linux, macOS and Windows runners. A name that one of them cannot hold fails at plan time, not at
 * delivery: too long, a Windows device name, a trailing dot or space, or two names that differ only
 * in case (one file on a case-insensitive file system). Pure.
 */

/** Longest name, in bytes: the schema's limit for a written id, kept for expanded ones too. */
export const MAX_NAME_BYTES = 128;
/**
 * Longest path component, in bytes. A delivered file is `<id>/<last component>-<width>w.<hash>.<ext>`:
 * 100 + 24 stays well under the 255 bytes every file system allows.
 */
export const MAX_COMPONENT_BYTES = 100;

/** Device names Windows reserves in every folder, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Why `name` cannot name files on some target OS, or undefined when it can. */
export function unportableName(name: string): string | undefined {
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_NAME_BYTES) return `is ${bytes} bytes long; the limit is ${MAX_NAME_BYTES}`;
  for (const part of name.split('/')) {
    const partBytes = Buffer.byteLength(part);
    if (partBytes > MAX_COMPONENT_BYTES)
      return `has a path component of ${partBytes} bytes ("${part.slice(0, 24)}…"); the limit is ${MAX_COMPONENT_BYTES}`;
    if (RESERVED.test(part.split('.')[0] ?? ''))
      return `uses "${part}", a device name Windows reserves (con, prn, aux, nul, com1-9, lpt1-9, with any extension)`;
    if (/[. ]$/.test(part)) return `has "${part}" ending in a dot or space, which Windows drops`;
  }
  return undefined;
}

/** The key two names collide under on a case-insensitive file system (macOS, Windows). */
export function foldedName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
