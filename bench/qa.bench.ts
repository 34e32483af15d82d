/** Just the QA-throughput half of the pipeline bench, for quick iterations: `npm run bench -- qa`. */
import { qaThroughput } from './pipeline.bench.js';
import type { BenchRow } from './run.js';

export default function qaBench(): Promise<BenchRow[]> {
  return qaThroughput();
}
