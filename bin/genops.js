#!/usr/bin/env node
// The `genops` command: the compiled CLI in lib/ (built by `npm run build`, which `npm ci` runs in a
// checkout through the `prepare` script, and which `npm pack` ships). No TypeScript at run time.
await import('../lib/genops.js');
