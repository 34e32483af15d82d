/**
 * The action's steps, one composite step each (action.yml runs `node dist/index.js <step>`). Each
 * step reads the action's inputs into the same commands the CLI runs; this file only dispatches
 * and turns an error into the step's failure.
 */
import * as core from '@actions/core';
import { errorMessage, InputError, UsageError } from '../../core/errors.js';
import { problemAnnotations, workspacePath } from '../../report/annotations.js';
import { type StepName, Steps } from '../constants.js';
import { commentStep } from './comment.js';
import { decideStep, rerunStep } from './decide.js';
import { gateStep } from './gate.js';
import { handoffStep } from './handoff.js';
import { candidatesStep, deliverStep, deployStep, qaStep, synthesizeStep } from './layers.js';
import { lockfileStep } from './lockfile.js';
import { planStep } from './plan.js';
import { previewsStep } from './previews.js';
import { reportStep } from './report.js';
import { reviewStep } from './review.js';
import { runtimesStep } from './runtimes.js';
import { EXIT, type Step } from './shared.js';

const STEP: Record<StepName, Step> = {
  review: reviewStep,
  plan: planStep,
  candidates: candidatesStep,
  runtimes: runtimesStep,
  synthesize: synthesizeStep,
  qa: qaStep,
  decide: decideStep,
  rerun: rerunStep,
  deliver: deliverStep,
  deploy: deployStep,
  report: reportStep,
  previews: previewsStep,
  handoff: handoffStep,
  lockfile: lockfileStep,
  comment: commentStep,
  gate: gateStep,
};

/** One composite step; its exit status (0 ok, 1 failed, 2 bad input). */
export async function runStep(step: string, env: NodeJS.ProcessEnv): Promise<number> {
  if (!(Steps as readonly string[]).includes(step)) {
    core.setFailed(`unknown step "${step}"; one of ${Steps.join(', ')}`);
    return EXIT.badInput;
  }
  try {
    return await STEP[step as StepName](env);
  } catch (error) {
    if (error instanceof InputError) {
      process.stdout.write(problemAnnotations(error.problems, env));
      for (const p of error.problems) core.info(`${workspacePath(p.file, env)}: ${p.message}`);
      return EXIT.badInput;
    }
    if (error instanceof UsageError) {
      core.setFailed(error.message);
      return EXIT.badInput;
    }
    core.setFailed(`${step}: ${errorMessage(error)}`);
    return EXIT.failed;
  }
}
