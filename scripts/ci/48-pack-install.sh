#!/usr/bin/env bash
# npm pack pkg/ and install the tarball into js-tests/, as users get the package.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash js-tests/install-pkg.sh
