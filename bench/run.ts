/**
 * `npm run bench`: runs every bench/*.bench.ts (or those named: `npm run bench -- scale`) and prints
 * one table. Figures with a goal are ratios measured side by side in the same run, printed with
 * PASS or FAIL; the timed work runs as separate processes where the bench says so (scale, s3).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. "≤ 1.5 s" or "≥ 0.7×". */
  target?: string;
  pass?: boolean;
  note?: string;
}

export type Bench = () => Promise<BenchRow[]>;

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const rows: (BenchRow & { bench: string })[] = [];
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench ${name}…\n`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Bench };
  for (const row of await mod.default()) rows.push({ bench: name, ...row });
}
const fmt = (v: number) => (Number.isNaN(v) ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));
console.log('| bench | measure | value | goal | verdict | note |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const ok = r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL';
  console.log(
    `| ${r.bench} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.target ?? ''} | ${ok} | ${r.note ?? ''} |`,
  );
}
if (process.env.BENCH_JSON) console.error(JSON.stringify(rows));
