/**
 * Vitest global set-up: compiles src/ into lib/ once per test run, so the tests that start the CLI
 * as a process run what users run (bin/genops.js → lib/), not a stale build or the TypeScript.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
