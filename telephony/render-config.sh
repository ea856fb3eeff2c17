#!/usr/bin/env bash
# Renders telephony/asterisk/*.conf into ASTERISK_ROOT/etc/asterisk, substituting only the
# variables listed in lib.sh. Prints the files that changed (a running Asterisk needs restart.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

die() { echo "render-config: ERROR: $*" >&2; exit 1; }

validate() {
  local v
  for v in ARI_PORT SIP_PORT RTP_START RTP_END TRUNK_PORT HTTP_TLS_PORT; do
    [[ ${!v} =~ ^[0-9]+$ ]] && ((${!v} > 0 && ${!v} < 65536)) || die "$v must be a port number, got '${!v}'"
  done
  ((RTP_START < RTP_END)) || die "RTP_START ($RTP_START) must be below RTP_END ($RTP_END)"
  [[ $ARI_APP =~ ^[A-Za-z0-9_-]+$ ]] || die "ARI_APP may hold letters, digits, - and _ only"
  [[ $ARI_USER =~ ^[A-Za-z0-9_.-]+$ ]] || die "ARI_USER may hold letters, digits, ., - and _ only"
  [[ -n $ARI_PASSWORD && $ARI_PASSWORD != *[\;$'\n']* ]] || die "ARI_PASSWORD must be non-empty, without ';' or newlines"
  [[ $TRUNK_HOST =~ ^[0-9A-Za-z.:-]+$ ]] || die "TRUNK_HOST must be an address or host name"
  [[ $TRUNK_DTMF_MODE =~ ^(rfc4733|inband|info|auto|auto_info)$ ]] || die "TRUNK_DTMF_MODE: rfc4733|inband|info|auto|auto_info"
  [[ $HTTP_TLS_ENABLE =~ ^(yes|no)$ ]] || die "HTTP_TLS_ENABLE must be yes or no"
  [[ $HTTP_TLS_BIND =~ ^[0-9A-Fa-f.:]+$ ]] || die "HTTP_TLS_BIND must be an IP address"
  [[ $HTTP_TLS_CERT =~ ^/[A-Za-z0-9_./-]+$ && $HTTP_TLS_KEY =~ ^/[A-Za-z0-9_./-]+$ ]] || die "HTTP_TLS_CERT and HTTP_TLS_KEY must be absolute paths inside ASTERISK_ROOT"
  if [[ $HTTP_TLS_ENABLE == yes ]]; then
    [[ -r $ASTERISK_ROOT$HTTP_TLS_CERT && -r $ASTERISK_ROOT$HTTP_TLS_KEY ]] || die "HTTP_TLS_ENABLE=yes needs $ASTERISK_ROOT$HTTP_TLS_CERT and $ASTERISK_ROOT$HTTP_TLS_KEY"
  fi
  [[ $FALLBACK_ENDPOINTS =~ ^[A-Za-z0-9_/@.:+\&-]*$ ]] || die "FALLBACK_ENDPOINTS must look like PJSIP/a&PJSIP/b"
}

render() {
  local text name
  text=$(<"$1")
  # Quoted replacement: with bash 5.2's patsub_replacement an unquoted '&' would mean "the match".
  for name in "${TEMPLATE_VARS[@]}"; do
    text=${text//"\${$name}"/"${!name}"}
  done
  printf '%s\n' "$text"
}

validate
[[ -d $ASTERISK_ROOT/etc/asterisk ]] || die "$ASTERISK_ROOT is not provisioned; run telephony/provision.sh"

changed=()
for template in "$TELEPHONY_DIR"/asterisk/*.conf; do
  name=$(basename "$template")
  target="$ASTERISK_ROOT/etc/asterisk/$name"
  rendered=$(render "$template")
  if [[ ! -f $target ]] || [[ $(<"$target") != "$rendered" ]]; then
    printf '%s\n' "$rendered" >"$target.tmp"
    chmod 640 "$target.tmp"
    mv "$target.tmp" "$target"
    changed+=("$name")
  fi
done
if ((${#changed[@]})); then
  echo "render-config: wrote ${changed[*]} into $ASTERISK_ROOT/etc/asterisk"
else
  echo "render-config: config in $ASTERISK_ROOT/etc/asterisk is up to date"
fi
