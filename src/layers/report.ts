import { readFile } from 'node:fs/promises';
import PQueue from 'p-queue';
import { errorMessage } from '../core/errors.js';
import { imageConcurrency } from '../core/image.js';
import type { DeliveryResult, QaReport, ReportData, Synthesis } from '../core/model.js';
import { reviewImageOf } from '../deployers/derivatives.js';
import { renderGallery } from '../report/gallery/html.js';
import { galleryBlobs, galleryData } from '../report/gallery/model.js';
import { layerLine, renderMarkdown } from '../report/markdown.js';
import { type RunFiles, summarize } from '../report/summary.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { LayerContext } from './context.js';
import { GALLERY_SIDE, listGallery, writeGalleryImage } from './gallery.js';
import { readRunFile, runPath, writeRunFile } from './run-folder.js';

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
 * The gallery's image of each blob (gallery.ts): QA made those it decoded this run; the rest are
 * made here from the blob, a few at a time. One that cannot be made is left out with a warning: the
 * page says so.
 */
async function galleryImages(ctx: LayerContext, blobs: string[]): Promise<Map<string, string>> {
  const made = await listGallery(ctx.runDir);
  const images = new Map<string, string>();
  const queue = new PQueue({ concurrency: imageConcurrency() });
  for (const blob of blobs) {
    if (!/^[0-9a-f]{64}$/.test(blob)) continue;
    const file = made.get(blob);
    if (file) {
      images.set(blob, file);
      continue;
    }
    queue.add(async () => {
      try {
        if (!(await ctx.workspace.blobs.has(blob))) return;
        const image = await reviewImageOf(await ctx.workspace.blobs.get(blob), GALLERY_SIDE);
        images.set(blob, await writeGalleryImage(ctx.runDir, blob, image));
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
