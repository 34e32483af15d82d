/**
 * The action's entry point: `node dist/index.js <step>`, one composite step each (see action.yml).
 * Thin on purpose: the steps live in src/github/steps/, where tests import them.
 */
import { runStep } from '../github/steps/index.js';

process.exitCode = await runStep(process.argv[2] ?? '', process.env);
