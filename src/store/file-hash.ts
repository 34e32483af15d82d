import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import PQueue from 'p-queue';

/**
 * Files hashed at once, process-wide: callers ask for thousands together (every cache hit of a
 * run), and each open stream holds a descriptor and a 64 KiB buffer.
 */
const hashing = new PQueue({ concurrency: 8 });

/** Hex sha256 of a file, streamed (memory stays flat for any size); undefined when it does not exist. */
export function sha256OfFile(file: string): Promise<string | undefined> {
  return hashing.add(async () => {
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return hash.digest('hex');
  });
}
