#!/bin/sh
# Run by tem-evm's Maven build (phase generate-resources). Where Node.js is present: installs the
# pinned solc and Anvil from the npm registry (npm ci, only when package-lock.json changed since the
# last install) and checks that the committed contract artifact is what the pinned solc makes of the
# Solidity source (a difference fails the build). Without Node.js the build goes on with the
# committed artifact and the tests that need Anvil are skipped, saying what to install.
cd "${0%/*}" || exit 1
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "tem-evm: WARNING: '$tool' is not on the PATH, so the contract is not recompiled and the tests that" >&2
    echo "run it on an Anvil EVM node will be skipped. Install Node.js 20 or later with npm (https://nodejs.org)" >&2
    echo "to run them: the build then installs the pinned solc and Anvil from the npm registry." >&2
    exit 0
  fi
done
exec node prepare.js "$@"
