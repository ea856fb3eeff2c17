#!/usr/bin/env bash
# One line about Asterisk. Exit 0: running and ARI answers; 1: running, ARI silent; 3: stopped.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pids=$(asterisk_pids)
if [[ -z $pids ]]; then
  echo "status: asterisk stopped (root $ASTERISK_ROOT)"
  exit 3
fi
if ari_up; then
  version=$(curl -s --max-time 2 -u "$ARI_USER:$ARI_PASSWORD" "http://127.0.0.1:$ARI_PORT/ari/asterisk/info" \
    | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
  channels=$(curl -s --max-time 2 -u "$ARI_USER:$ARI_PASSWORD" "http://127.0.0.1:$ARI_PORT/ari/channels" | { grep -o "\"id\":" || true; } | wc -l)
  echo "status: asterisk ${version:-?} running (pid ${pids//$'\n'/ }), ARI up at 127.0.0.1:$ARI_PORT, SIP 127.0.0.1:$SIP_PORT, $channels channel(s)"
  exit 0
fi
echo "status: asterisk running (pid ${pids//$'\n'/ }) but ARI at 127.0.0.1:$ARI_PORT does not answer"
exit 1
