#!/usr/bin/env node
/**
 * What `npm run bench` needs besides the test tools (scripts/ensure-test-deps.mjs): rclone, the
 * S3 upload the bench compares ours with, and GNU time, which reports each process's peak memory.
 * Both are Debian packages; installed when this machine allows (root with apt-get).
 */
import { execFileSync, spawnSync } from 'node:child_process';

execFileSync(process.execPath, [new URL('./ensure-test-deps.mjs', import.meta.url).pathname], {
  stdio: 'inherit',
});

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = [
  ['rclone', 'rclone'],
  ['/usr/bin/time', 'time'],
].filter(([cmd]) => !has(cmd));

if (missing.length) {
  const packages = missing.map(([, p]) => p);
  if (process.getuid?.() !== 0 || !has('apt-get')) {
    console.error(
      `missing: ${packages.join(', ')} — install the Debian packages: apt-get install -y ${packages.join(' ')}`,
    );
    process.exit(1);
  }
  console.error(`installing ${packages.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
}
