#!/usr/bin/env bash
# Stop, then start (re-rendering the config). Pushed rep endpoints are lost: the service re-pushes.
set -euo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
echo "restart: restarting asterisk"
"$dir/stop.sh"
"$dir/start.sh"
