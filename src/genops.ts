#!/usr/bin/env node
/** The `genops` executable: wires the process to the CLI, nothing else. */
import { runAsProcess } from './cli.js';

await runAsProcess(process.argv.slice(2));
