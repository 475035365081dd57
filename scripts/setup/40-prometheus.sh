#!/usr/bin/env bash
# Debian's Prometheus server and promtool, for scripts/ci/55-prometheus.sh (promtool
# check metrics, and a real server scraping our exposition on 127.0.0.1). Skipped when
# both are already installed.
set -euo pipefail
if command -v prometheus >/dev/null && command -v promtool >/dev/null; then
  exit 0
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus
# The package starts a system service where an init system runs; the tests start their
# own server on ephemeral loopback ports, so stop it if it is there.
if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi
