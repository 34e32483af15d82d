import type { Plan } from '../core/model.js';
import { TieredBlobStore } from '../store/tiered-blob-store.js';
import type { LayerContext } from './context.js';

/**
 * Puts the manifest's shared store (S3) behind the local one, once per context. Layers call it
 * after reading plan.json, which carries the store configuration. The AWS SDK loads only here.
 */
export async function useSharedStore(ctx: LayerContext, plan: Plan): Promise<void> {
  if (!plan.store || ctx.workspace.blobs instanceof TieredBlobStore) return;
  const { S3BlobStore } = await import('../store/s3-blob-store.js');
  ctx.workspace.blobs = new TieredBlobStore(
    ctx.workspace.blobs,
    S3BlobStore.fromTarget(plan.store, { env: ctx.env }),
  );
}
