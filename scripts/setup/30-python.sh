#!/usr/bin/env bash
# A venv with the real livekit-agents (the Python differential oracle), pinned to the
# version the fixtures were captured from.
set -euo pipefail
venv=${VAM_PY_VENV:-target/py-venv}
want=1.8.9
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import livekit.agents.version as v, sys; sys.exit(v.__version__ != '$want')" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "livekit-agents==$want"
