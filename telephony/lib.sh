# Shared settings for the telephony scripts (sourced, not run).
# Every variable can be overridden from the environment.
ASTERISK_ROOT="$(realpath -m "${ASTERISK_ROOT:-/var/cache/salescall/asterisk-root}")"
ARI_USER="${ARI_USER:-salescall}"
ARI_PASSWORD="${ARI_PASSWORD:-salescall-dev-ari}"
ARI_PORT="${ARI_PORT:-8088}"
ARI_APP="${ARI_APP:-salescall}"
SIP_PORT="${SIP_PORT:-5060}"
RTP_START="${RTP_START:-10000}"
RTP_END="${RTP_END:-10999}"
TRUNK_HOST="${TRUNK_HOST:-127.0.0.2}"
TRUNK_PORT="${TRUNK_PORT:-5070}"
TRUNK_DTMF_MODE="${TRUNK_DTMF_MODE:-rfc4733}"
FALLBACK_ENDPOINTS="${FALLBACK_ENDPOINTS:-}"
ARI_START_TIMEOUT="${ARI_START_TIMEOUT:-60}"
# Browser softphones (the /workspace page) reach SIP over WebSocket on Asterisk's HTTP server:
# ws://127.0.0.1:ARI_PORT/ws in development. Production: WSS on HTTP_TLS_PORT with a certificate
# and key readable inside ASTERISK_ROOT (paths as Asterisk sees them, e.g. /etc/asterisk/keys/...).
HTTP_TLS_ENABLE="${HTTP_TLS_ENABLE:-no}"
HTTP_TLS_BIND="${HTTP_TLS_BIND:-127.0.0.1}"
HTTP_TLS_PORT="${HTTP_TLS_PORT:-8089}"
HTTP_TLS_CERT="${HTTP_TLS_CERT:-/etc/asterisk/keys/asterisk.pem}"
HTTP_TLS_KEY="${HTTP_TLS_KEY:-/etc/asterisk/keys/asterisk.key}"

# The variables render-config.sh substitutes in telephony/asterisk/*.conf; nothing else is touched,
# so the dialplan's own ${EXTEN}, ${CALLERID(num)}... pass through.
TEMPLATE_VARS=(ARI_USER ARI_PASSWORD ARI_PORT ARI_APP SIP_PORT RTP_START RTP_END
  TRUNK_HOST TRUNK_PORT TRUNK_DTMF_MODE FALLBACK_ENDPOINTS
  HTTP_TLS_ENABLE HTTP_TLS_BIND HTTP_TLS_PORT HTTP_TLS_CERT HTTP_TLS_KEY)

TELEPHONY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Asterisk processes whose root is our chroot (another Asterisk on the host is not ours).
asterisk_pids() {
  local pid
  for pid in $(pgrep -x asterisk 2>/dev/null || true); do
    [[ $(readlink "/proc/$pid/root" 2>/dev/null) == "$ASTERISK_ROOT" ]] && echo "$pid"
  done
  return 0
}

ari_up() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -u "$ARI_USER:$ARI_PASSWORD" \
    "http://127.0.0.1:$ARI_PORT/ari/asterisk/info" 2>/dev/null) || true
  [[ $code == 200 ]]
}

asterisk_rx() { chroot "$ASTERISK_ROOT" /usr/sbin/asterisk -rx "$1"; }
