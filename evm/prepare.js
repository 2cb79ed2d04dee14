// Called by prepare.sh (tem-evm's Maven build). Steps:
//  1. Node.js 20 or later (an older one: a warning, the Anvil tests skip, the build goes on);
//  2. `npm ci` from package-lock.json unless node_modules already holds exactly that lockfile
//     (a stamp with the lockfile's SHA-256, written after a successful install);
//  3. `node compile.js --check`: the committed artifact equals what the pinned solc compiles (solc-js
//     takes ~25 s, so a passed check is remembered by the SHA-256 of everything it depends on: the
//     source, the artifact, compile.js and the lockfile; any change to one of them checks again).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

function fail(message) {
  process.stderr.write('tem-evm: ' + message + '\n');
  process.exit(1);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write('tem-evm: WARNING: Node.js 20 or later is needed to recompile the contract and run it on'
    + ' Anvil, this is ' + process.version + '; the tests that need Anvil will be skipped.\n');
  process.exit(0);
}

const dir = __dirname;
const lock = fs.readFileSync(path.join(dir, 'package-lock.json'));
const want = crypto.createHash('sha256').update(lock).digest('hex');
const stamp = path.join(dir, 'node_modules', '.tem-lock.sha256');
const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
if (have !== want) {
  process.stdout.write('tem-evm: npm ci (solc and Anvil, pinned by evm/package-lock.json)\n');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (npm.status !== 0) {
    fail('npm ci failed in ' + dir + ': the npm registry must be reachable (or the packages in npm\'s cache).');
  }
  fs.writeFileSync(stamp, want + '\n');
}

const inputs = crypto.createHash('sha256');
for (const file of [path.join('..', 'tem-evm', 'src', 'main', 'solidity', 'TemCoordination.sol'),
  path.join('..', 'tem-evm', 'src', 'main', 'resources', 'org', 'tem', 'evm', 'TemCoordination.json'),
  'compile.js', 'package-lock.json']) {
  const f = path.join(dir, file);
  inputs.update(file + '\0').update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0)).update('\0');
}
const checked = inputs.digest('hex');
const checkStamp = path.join(dir, 'node_modules', '.tem-artifact-checked.sha256');
if (!fs.existsSync(checkStamp) || fs.readFileSync(checkStamp, 'utf8').trim() !== checked) {
  const check = spawnSync(process.execPath, [path.join(dir, 'compile.js'), '--check'], { cwd: dir, stdio: 'inherit' });
  if (check.status !== 0) process.exit(1);
  fs.writeFileSync(checkStamp, checked + '\n');
}

// 4. the Anvil binary of @foundry-rs/anvil-linux-amd64 (it ships for Linux x64 only): without it the
//    tests that need it skip, saying why.
const anvil = path.join(dir, 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
if (!fs.existsSync(anvil)) {
  process.stderr.write('tem-evm: WARNING: the Anvil binary is missing (' + anvil + '). It comes from the npm package'
    + ' @foundry-rs/anvil-linux-amd64, which ships for Linux x64 only; this machine is ' + process.platform + '/'
    + process.arch + '. The tests that need Anvil will be skipped.\n');
} else {
  const version = spawnSync(anvil, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) fail('Anvil does not run: ' + (version.error || version.stderr));
}
