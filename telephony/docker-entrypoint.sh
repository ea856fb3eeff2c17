#!/usr/bin/env bash
# Entrypoint of the Asterisk container (telephony/Dockerfile). Renders telephony/asterisk/*.conf
# with render-config.sh unchanged, pointed at the container's own /etc/asterisk through
# ASTERISK_ROOT=/, then makes the few changes a container needs and runs the command (Asterisk).
set -euo pipefail

TELEPHONY_DIR=/opt/salescall/telephony
CONF_DIR=/etc/asterisk
export ASTERISK_ROOT=/

# The templates bind ARI and SIP to 127.0.0.1, right for the host chroot. In a container that
# loopback is private, so the app container could not reach asterisk:8088: listen on the
# container's interfaces instead. The host still sees only what compose publishes on 127.0.0.1.
HTTP_BIND="${ASTERISK_HTTP_BIND:-0.0.0.0}"
SIP_BIND="${ASTERISK_SIP_BIND:-0.0.0.0}"

die() { echo "docker-entrypoint: ERROR: $*" >&2; exit 1; }

for value in "$HTTP_BIND" "$SIP_BIND"; do
  [[ $value =~ ^[0-9A-Fa-f.:]+$ ]] || die "ASTERISK_HTTP_BIND / ASTERISK_SIP_BIND must be an IP address, got '$value'"
done

"$TELEPHONY_DIR/render-config.sh"

# Replace one line of a rendered file; fail loudly if a changed template no longer has it.
replace_line() {
  local file=$1 pattern=$2 replacement=$3
  grep -Eq "$pattern" "$file" || die "$file has no line matching '$pattern': template changed?"
  sed -i -E "s#${pattern}#${replacement}#" "$file"
}
replace_line "$CONF_DIR/http.conf" '^bindaddr = 127\.0\.0\.1$' "bindaddr = $HTTP_BIND"
replace_line "$CONF_DIR/pjsip.conf" '^bind = 127\.0\.0\.1:' "bind = $SIP_BIND:"
# asterisk.conf names the amd64 module directory; the image may be built for another architecture.
module_dir=$(compgen -G '/usr/lib/*/asterisk/modules' | head -n1) || die "no Asterisk module directory under /usr/lib"
replace_line "$CONF_DIR/asterisk.conf" '^astmoddir => .*$' "astmoddir => $module_dir"

# render-config.sh writes as root with mode 640; Asterisk runs as the packaged asterisk user.
chown asterisk:asterisk "$CONF_DIR"/*.conf
install -d -o asterisk -g asterisk /var/run/asterisk /var/spool/asterisk/recording
# Volumes mounted over these, or files a root-run Asterisk left, must be the asterisk user's too.
chown -R asterisk:asterisk /var/log/asterisk /var/lib/asterisk /var/spool/asterisk
# A control socket left by a killed container makes Asterisk refuse to start.
rm -f /var/run/asterisk/asterisk.ctl /var/run/asterisk/asterisk.pid

exec "$@"
