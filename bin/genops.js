#!/usr/bin/env node
// The `genops` command from a checkout (`npx genops …` after `npm ci`): the TypeScript sources run
// through tsx. The GitHub Action runs the bundled dist/ instead.
import { register } from 'tsx/esm/api';

register();
await import('../src/genops.ts');
