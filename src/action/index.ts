/**
 * The action's entry point: `node dist/index.js <step>`, one composite step each (see action.yml).
 * Thin on purpose: the steps live in src/github/steps/, where tests import them.
 * `node dist/index.js cli <command> …` is the `genops` CLI itself (what `mode: setup` puts on PATH).
 */
import { runAsProcess } from '../cli.js';
import { mlModulesPath } from '../github/runtimes.js';
import { runStep } from '../github/steps/index.js';

// The ML gates load their optional runtimes from dist/ml/<gate>/ when the `runtimes` step installed them.
process.env.GENOPS_ML_MODULES ??= mlModulesPath();

if (process.argv[2] === 'cli') await runAsProcess(process.argv.slice(3));
else process.exitCode = await runStep(process.argv[2] ?? '', process.env);
