#!/usr/bin/env bash
# Stops the chrooted Asterisk: graceful "core stop now", then TERM/KILL if it lingers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

wait_gone() {
  local deadline=$((SECONDS + $1))
  while [[ -n $(asterisk_pids) ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

pids=$(asterisk_pids)
if [[ -z $pids ]]; then
  echo "stop: asterisk is not running"
  exit 0
fi
echo "stop: stopping asterisk (pid ${pids//$'\n'/ }) with 'core stop now'"
asterisk_rx 'core stop now' >/dev/null 2>&1 || true
if ! wait_gone 10; then
  echo "stop: still running after 10 s, sending TERM then KILL"
  kill -TERM $(asterisk_pids) 2>/dev/null || true
  wait_gone 5 || { kill -KILL $(asterisk_pids) 2>/dev/null || true; wait_gone 5; }
fi
rm -f "$ASTERISK_ROOT/var/run/asterisk/asterisk.ctl" "$ASTERISK_ROOT/var/run/asterisk/asterisk.pid"
echo "stop: asterisk stopped"
