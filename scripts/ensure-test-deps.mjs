#!/usr/bin/env node
/**
 * Makes sure the system tools the tests use are present, installing them when this machine allows
 * (root with apt-get / pip): exiftool (reads back XMP provenance), moto_server (a real
 * S3-compatible server on loopback), chromium (renders what a person looks at). Run by `npm test`,
 * so the README's test command works on a fresh machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const isRoot = process.getuid?.() === 0;
const run = (cmd, args) =>
  execFileSync(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

const debian = [
  ['exiftool', 'libimage-exiftool-perl'],
  ['chromium', 'chromium'],
].filter(([cmd]) => !has(cmd));

if (debian.length) {
  if (!isRoot || !has('apt-get')) {
    console.error(
      `missing: ${debian.map(([c]) => c).join(', ')} — install the Debian packages ${debian.map(([, p]) => p).join(' ')}`,
    );
    process.exit(1);
  }
  console.error(`installing ${debian.map(([, p]) => p).join(' ')} …`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...debian.map(([, p]) => p)]);
}

if (!has('moto_server')) {
  console.error('installing moto[server] (S3-compatible test server) …');
  const pip = has('pip3') ? 'pip3' : 'pip';
  run(pip, ['install', '--quiet', 'moto[server]']);
}
