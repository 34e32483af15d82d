import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { GreyImage } from '../core/image.js';

/**
 * Grey thumbnails of blobs, kept beside the caches (`cache/thumbs/`), so that comparing an asset
 * with its previous approved version needs no decode of either image once both were checked.
 *
 * One file per blob: a 12-byte header (magic "GTH1", width and height as uint16, CRC-32 of the
 * pixels) and one byte per pixel (thumbnails hold whole grey levels). The CRC makes a torn or
 * foreign file a miss, never wrong pixels, so writes go straight to the file: no fsync, no
 * temporary file and rename (two writers of one blob write the same bytes), and a thumbnail can
 * always be made again from its blob; writing in place spared a first QA of 300 1024² images a
 * file creation, a rename and a random name per thumbnail (writing none at all was 0.16 s faster).
 * The folder is made only when a write says it is missing (256 of them, made once). `get` and
 * `set` are synchronous: for 64 KB a thread-pool round trip cost more than the write itself on a
 * quiet machine (0.33 vs 0.68 ms per write + rename + read); `store` writes through the pool, for
 * batches on a busy machine.
 */
export class ThumbnailCache {
  constructor(readonly root: string) {}

  private fileOf(blob: string): string {
    return path.join(this.root, blob.slice(0, 2), `${blob}.grey`);
  }

  get(blob: string): GreyImage | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.fileOf(blob));
    } catch {
      return undefined;
    }
    if (bytes.length < HEADER || bytes.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const width = bytes.readUInt16LE(4);
    const height = bytes.readUInt16LE(6);
    const pixels = bytes.subarray(HEADER);
    if (pixels.length !== width * height || crc32(pixels) !== bytes.readUInt32LE(8)) return undefined;
    return { data: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length), width, height };
  }

  /** Stores a thumbnail; a failure to write only costs a decode later, so it is not thrown. */
  set(blob: string, thumbnail: GreyImage): void {
    const target = this.fileOf(blob);
    const file = encode(thumbnail);
    try {
      try {
        writeFileSync(target, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file);
      }
    } catch {
      // Unwritable: the thumbnail is made again when next needed.
    }
  }

  /**
   * `set` off the calling thread, for a batch (the QA layer): on a busy 2-core runner the
   * synchronous write held the main thread about 2.5 ms per thumbnail (measured), while the
   * decodes waiting on it sat idle. Never rejects, as `set` never throws.
   */
  async store(blob: string, thumbnail: GreyImage): Promise<void> {
    const target = this.fileOf(blob);
    const file = encode(thumbnail);
    try {
      await writeFile(target, file).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file);
      });
    } catch {
      // Unwritable: the thumbnail is made again when next needed.
    }
  }
}

/** The file: header (magic, width, height, CRC-32 of the pixels), then one byte per pixel. */
function encode(thumbnail: GreyImage): Buffer {
  const { width, height } = thumbnail;
  const file = Buffer.alloc(HEADER + width * height);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt16LE(width, 4);
  file.writeUInt16LE(height, 6);
  const pixels = file.subarray(HEADER);
  pixels.set(thumbnail.data);
  file.writeUInt32LE(crc32(pixels), 8);
  return file;
}

const MAGIC = 'GTH1';
const HEADER = 12;
