#!/usr/bin/env node
/** The `genops` executable: wires the process to the CLI, nothing else. */
import { relaunchImageCommand } from './commands/relaunch.js';

const argv = process.argv.slice(2);
const relaunched = await relaunchImageCommand(argv, process.env);
if (relaunched === undefined) await (await import('./cli.js')).runAsProcess(argv);
else process.exitCode = relaunched;
