// Compiles tem-evm/src/main/solidity/TemCoordination.sol with the pinned solc (package-lock.json)
// through solc-js standard JSON, and writes the ABI and bytecode as a resource of tem-evm.
//   node compile.js          write tem-evm/src/main/resources/org/tem/evm/TemCoordination.json
//   node compile.js --check  compile and fail (exit 1) if the committed artifact differs
// The output is deterministic: the same source and settings give the same bytes.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const solc = require('solc');

const NAME = 'TemCoordination';
const SOURCE = path.join(__dirname, '..', 'tem-evm', 'src', 'main', 'solidity', NAME + '.sol');
const ARTIFACT = path.join(__dirname, '..', 'tem-evm', 'src', 'main', 'resources', 'org', 'tem', 'evm', NAME + '.json');
const SETTINGS = {
  evmVersion: 'paris',
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  metadata: { bytecodeHash: 'none' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

function compile() {
  const content = fs.readFileSync(SOURCE, 'utf8');
  const input = { language: 'Solidity', sources: { [NAME + '.sol']: { content } }, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) process.stderr.write(e.formattedMessage + '\n');
  if (errors.length > 0) {
    throw new Error('solc reported ' + errors.length + ' error(s)');
  }
  const contract = output.contracts[NAME + '.sol'][NAME];
  const artifact = {
    contractName: NAME,
    compiler: 'solc ' + solc.version(),
    evmVersion: SETTINGS.evmVersion,
    optimizer: SETTINGS.optimizer,
    viaIR: SETTINGS.viaIR,
    sourceSha256: crypto.createHash('sha256').update(content).digest('hex'),
    abi: contract.abi,
    bytecode: '0x' + contract.evm.bytecode.object,
  };
  return JSON.stringify(artifact, null, 2) + '\n';
}

const text = compile();
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(ARTIFACT) ? fs.readFileSync(ARTIFACT, 'utf8') : '';
  if (committed !== text) {
    process.stderr.write('The committed ' + path.relative(process.cwd(), ARTIFACT) + ' does not match its source; run: '
      + '(cd evm && npm ci && node compile.js) and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write('artifact matches its source\n');
} else {
  fs.mkdirSync(path.dirname(ARTIFACT), { recursive: true });
  fs.writeFileSync(ARTIFACT, text);
  process.stdout.write('wrote ' + ARTIFACT + '\n');
}
