/**
 * The review gallery's images in `<run>/gallery/`, one per blob, named `<blob>.jpg` (opaque) or
 * `<blob>.webp` (with transparency). QA makes them from the decode it measures; the report layer
 * makes the rest (blobs QA did not decode this run) from the blob.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReviewImage } from '../deployers/derivatives.js';
import { writeFileAtomic } from '../store/atomic.js';

/** The folder beside report.html. */
export const GALLERY_DIR = 'gallery';
/** Longest side a gallery image needs for the large view. */
export const GALLERY_SIDE = 640;

const NAME = /^([0-9a-f]{64})\.(jpg|webp)$/;

/**
 * The gallery images already made, blob → path relative to the run folder, from one listing of the
 * folder (none when it does not exist yet).
 */
export async function listGallery(runDir: string): Promise<Map<string, string>> {
  const made = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(path.join(runDir, GALLERY_DIR));
  } catch {
    return made;
  }
  for (const name of names) {
    const blob = NAME.exec(name)?.[1];
    if (blob) made.set(blob, path.join(GALLERY_DIR, name));
  }
  return made;
}

/**
 * Writes a blob's gallery image atomically (not flushed: a torn file after a crash is only a
 * thumbnail, made again once deleted) and returns its path relative to the run folder.
 */
export async function writeGalleryImage(runDir: string, blob: string, image: ReviewImage): Promise<string> {
  const file = path.join(GALLERY_DIR, `${blob}.${image.extension}`);
  await writeFileAtomic(path.join(runDir, file), image.bytes, { fsync: false });
  return file;
}
