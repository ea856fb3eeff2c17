#!/usr/bin/env bash
# Waits until ARI answers GET /ari/asterisk/info with 200 (ARI_START_TIMEOUT seconds, default 60).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

deadline=$((SECONDS + ARI_START_TIMEOUT))
until ari_up; do
  if ((SECONDS >= deadline)); then
    echo "wait-ari: ERROR: ARI at http://127.0.0.1:$ARI_PORT/ari did not answer 200 within ${ARI_START_TIMEOUT}s" \
      "(asterisk pids: $(asterisk_pids | tr '\n' ' ')); last log lines:" >&2
    tail -n 20 "$ASTERISK_ROOT/var/log/asterisk/messages.log" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done
echo "wait-ari: ARI answers at http://127.0.0.1:$ARI_PORT/ari"
