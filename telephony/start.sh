#!/usr/bin/env bash
# Provisions if needed, renders the config and starts Asterisk in its chroot unless it already
# runs; returns once ARI answers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TELEPHONY_DIR/provision.sh"
render_output=$("$TELEPHONY_DIR/render-config.sh")
echo "$render_output"

pids=$(asterisk_pids)
if [[ -n $pids ]]; then
  if [[ $render_output == *" wrote "* ]]; then
    echo "start: asterisk already running (pid ${pids//$'\n'/ }) with older config: run telephony/restart.sh to apply it"
  else
    echo "start: asterisk already running (pid ${pids//$'\n'/ })"
  fi
else
  # A stale control socket makes -F refuse to start ("Asterisk already running").
  rm -f "$ASTERISK_ROOT/var/run/asterisk/asterisk.ctl" "$ASTERISK_ROOT/var/run/asterisk/asterisk.pid"
  echo "start: starting asterisk in $ASTERISK_ROOT (SIP 127.0.0.1:$SIP_PORT, ARI 127.0.0.1:$ARI_PORT)"
  # Load tests open many sockets; setsid + closed stdio so the daemon never holds the caller's pipes
  # (a test runner waiting for this script's output would otherwise hang).
  ulimit -n 65536 2>/dev/null || true
  setsid chroot "$ASTERISK_ROOT" /usr/sbin/asterisk -F </dev/null >/dev/null 2>&1
fi
"$TELEPHONY_DIR/wait-ari.sh"
