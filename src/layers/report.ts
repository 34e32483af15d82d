import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import { errorMessage } from '../core/errors.js';
import { imageConcurrency } from '../core/image.js';
import type { DeliveryResult, QaReport, ReportData, Synthesis } from '../core/model.js';
import { reviewThumbnail } from '../deployers/derivatives.js';
import { renderGallery } from '../report/gallery/html.js';
import { galleryBlobs, galleryData } from '../report/gallery/model.js';
import { layerLine, renderMarkdown } from '../report/markdown.js';
import { type RunFiles, summarize } from '../report/summary.js';
import { mkdirp, writeFileAtomic } from '../store/atomic.js';
import type { LayerContext } from './context.js';
import { readRunFile, runPath, writeRunFile } from './run-folder.js';

/** The gallery's images, beside report.html: one WebP per blob, big enough for the large view. */
export const GALLERY_DIR = 'gallery';
const GALLERY_THUMB = { size: 640, quality: 72 } as const;

/** Writes report.json, report.md and report.html (the review gallery) from whatever layers have run so far. */
export async function reportLayer(ctx: LayerContext): Promise<ReportData> {
  const plan = await readRunFile(ctx.runDir, 'plan');
  const synthesis = await optional<Synthesis>(() => readRunFile(ctx.runDir, 'synthesis'));
  const qa = await optional<QaReport>(() => readRunFile(ctx.runDir, 'qa'));
  const delivery = await optional<DeliveryResult>(async () =>
    JSON.parse(await readFile(runPath(ctx.runDir, 'delivery'), 'utf8')),
  );
  const files: RunFiles = { plan, synthesis, qa, delivery };
  const report = summarize(files);
  await writeRunFile(ctx.runDir, 'reportJson', report);
  await writeFileAtomic(runPath(ctx.runDir, 'reportMd'), renderMarkdown(report));
  const images = await galleryImages(ctx, galleryBlobs(files));
  await writeFileAtomic(
    runPath(ctx.runDir, 'reportHtml'),
    renderGallery(galleryData(files, report, layerLine(report), images)),
  );
  return report;
}

/**
 * Thumbnails of the gallery's blobs in `<run>/gallery/`, named by blob (a rerun makes only new
 * ones), a few at a time. One that cannot be made is left out with a warning: the page says so.
 */
async function galleryImages(ctx: LayerContext, blobs: string[]): Promise<Map<string, string>> {
  const dir = path.join(ctx.runDir, GALLERY_DIR);
  await mkdirp(dir);
  const images = new Map<string, string>();
  const queue = new PQueue({ concurrency: imageConcurrency() });
  for (const blob of blobs) {
    if (!/^[0-9a-f]{64}$/.test(blob)) continue;
    const file = path.join(GALLERY_DIR, `${blob}.webp`);
    queue.add(async () => {
      const where = path.join(ctx.runDir, file);
      try {
        const made = await access(where).then(
          () => true,
          () => false,
        );
        if (!made) {
          if (!(await ctx.workspace.blobs.has(blob))) return;
          const bytes = await ctx.workspace.blobs.get(blob);
          await writeFileAtomic(
            where,
            await reviewThumbnail(bytes, GALLERY_THUMB.size, GALLERY_THUMB.quality),
            {
              fsync: false,
            },
          );
        }
        images.set(blob, file);
      } catch (error) {
        ctx.log.warn(`gallery image of ${blob.slice(0, 12)}: ${errorMessage(error)}`);
      }
    });
  }
  await queue.onIdle();
  return images;
}

async function optional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
