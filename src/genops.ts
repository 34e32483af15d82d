#!/usr/bin/env node
/** The `genops` executable: wires the process to the CLI, nothing else. */
import { relaunchImageCommand } from './commands/relaunch.js';

const argv = process.argv.slice(2);
// Returns only when this process does the work itself.
relaunchImageCommand(argv, process.env);
await (await import('./cli.js')).runAsProcess(argv);
