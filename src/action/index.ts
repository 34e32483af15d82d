/**
 * The action's entry point: `node dist/index.js <step>`, one composite step each (see action.yml).
 * Thin on purpose: the steps live in src/github/steps/, where tests import them.
 */
import { mlModulesPath } from '../github/runtimes.js';
import { runStep } from '../github/steps/index.js';

// The ML gates load their optional runtimes from dist/ml/<gate>/ when the `runtimes` step installed them.
process.env.GENOPS_ML_MODULES ??= mlModulesPath();

process.exitCode = await runStep(process.argv[2] ?? '', process.env);
