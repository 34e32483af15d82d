#!/usr/bin/env node
/** The `genops` executable: wires the process to the CLI, nothing else. */
import { EXIT, main } from './cli.js';

// The AWS SDK warns once per process on Node 20 (its support ends in 2027): noise in every CI log.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Ctrl-C / SIGTERM: the first asks layers to stop and save; a second one exits at once. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write(`\n${name}: finishing in-flight writes; press again to quit at once\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

main({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interruptSignal(),
}).then((code) => {
  process.exitCode = code;
});
