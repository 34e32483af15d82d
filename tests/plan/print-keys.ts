/** Run as a child process by plan.test.ts: prints the job keys of a manifest as JSON. */
import { readFile } from 'node:fs/promises';
import { main } from '../../src/cli.js';

const [manifest, out] = process.argv.slice(2) as [string, string];
const sink = { write: () => true } as unknown as NodeJS.WritableStream;
const code = await main({
  argv: ['plan', '-m', manifest, '-o', out],
  env: process.env,
  stdout: sink,
  stderr: sink,
});
const plan = JSON.parse(await readFile(`${out}/plan.json`, 'utf8'));
console.log(JSON.stringify({ code, keys: plan.jobs.map((j: { key: string }) => j.key) }));
