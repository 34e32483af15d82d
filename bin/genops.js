#!/usr/bin/env node
// The `genops` command: the compiled CLI in lib/ (built by `npm run build`, which `npm ci` runs in a
// checkout through the `prepare` script, and which `npm pack` ships). No TypeScript at run time.
import module from 'node:module';

// V8's compiled code kept on disk (Node's own cache in the temporary folder, Node ≥ 22.1): the CLI
// compiled ~90 ms of modules on every start, twice when it relaunches for image work.
module.enableCompileCache?.();
await import('../lib/genops.js');
