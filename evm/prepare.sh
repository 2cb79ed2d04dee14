#!/bin/sh
# Run by tem-evm's Maven build (phase generate-resources): makes sure Node.js and npm are present,
# installs the pinned solc and Anvil from the npm registry (npm ci, only when package-lock.json
# changed since the last install), and checks that the committed contract artifact is what the
# pinned solc makes of the Solidity source. Any missing piece fails the build with what to do.
cd "${0%/*}" || exit 1
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "tem-evm: '$tool' is not on the PATH. The build of tem-evm needs Node.js 20 or later with npm" >&2
    echo "(https://nodejs.org): it installs the pinned solc and the Anvil EVM node from the npm registry" >&2
    echo "(evm/package-lock.json) and runs the contract's tests on Anvil." >&2
    exit 1
  fi
done
exec node prepare.js "$@"
