#!/usr/bin/env bash
# Builds (once) a minimal Debian sid root holding Asterisk 22, and installs SIPp on the host.
# Debian 12 has no asterisk package; sid does, but installing sid packages into the host would
# drag half of unstable along, so Asterisk lives in its own chroot, cached outside the repo.
set -euo pipefail

ASTERISK_ROOT="$(realpath -m "${ASTERISK_ROOT:-/var/cache/salescall/asterisk-root}")"
# Bump when the package list below changes, so cached roots are rebuilt.
ROOT_VERSION="1"
ROOT_PACKAGES=(asterisk asterisk-modules asterisk-core-sounds-en-gsm asterisk-moh-opsound-gsm)
MARKER="$ASTERISK_ROOT/.salescall-provisioned"

log() { echo "provision: $*"; }
die() { echo "provision: ERROR: $*" >&2; exit 1; }

[[ $EUID -eq 0 ]] || die "must run as root (debootstrap and chroot need it)"

apt_updated=0
ensure_host_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing host packages: ${missing[*]}"
  if ((apt_updated == 0)); then
    # Install straight away when the lists are fresh enough; update only when apt can't find them.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; then
      apt-get update -q >/dev/null
      apt_updated=1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
    fi
  else
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

# The machine's own Debian mirror (first non-security URI): this machine may only reach that one.
host_mirror() {
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    uri=$(awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) print $i }' /etc/apt/sources.list.d/*.sources \
      | grep -v -- '-security' | head -n1 || true)
  fi
  if [[ -z $uri && -f /etc/apt/sources.list ]]; then
    uri=$(sed -E -n 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([a-z]+:\/\/[^[:space:]]+).*/\2/p' /etc/apt/sources.list \
      | grep -v -- '-security' | head -n1 || true)
  fi
  [[ -n $uri ]] || die "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
  echo "${uri%/}"
}

unmount_below() {
  local mnt
  # Deepest first; debootstrap may have left /proc or /sys mounted after a crash.
  for mnt in $(findmnt -rn -o TARGET | grep -F "$ASTERISK_ROOT/" | sort -r); do
    umount -l "$mnt" || true
  done
}

write_root_files() {
  printf '127.0.0.1 localhost %s\n::1 localhost ip6-localhost ip6-loopback\n' "$(hostname)" >"$ASTERISK_ROOT/etc/hosts"
  mkdir -p "$ASTERISK_ROOT/var/spool/asterisk/recording"
  chroot "$ASTERISK_ROOT" chown -R asterisk:asterisk /var/spool/asterisk/recording
}

ensure_host_packages debootstrap sip-tester

if [[ -f $MARKER && $(cat "$MARKER") == "$ROOT_VERSION" ]]; then
  write_root_files
  log "asterisk root ready (cached) at $ASTERISK_ROOT"
  exit 0
fi

case "$ASTERISK_ROOT" in
  / | /usr | /var | /var/cache | /etc | /home | /root | "") die "refusing to use ASTERISK_ROOT=$ASTERISK_ROOT" ;;
esac
if pgrep -f "^/usr/sbin/asterisk" >/dev/null && [[ -d $ASTERISK_ROOT ]]; then
  for pid in $(pgrep -f "^/usr/sbin/asterisk"); do
    [[ $(readlink "/proc/$pid/root") == "$ASTERISK_ROOT" ]] && die "asterisk (pid $pid) runs in $ASTERISK_ROOT; run telephony/stop.sh first"
  done
fi

if [[ -e $ASTERISK_ROOT ]]; then
  log "removing unfinished root at $ASTERISK_ROOT"
  unmount_below
  rm -rf --one-file-system "$ASTERISK_ROOT"
fi

mirror=$(host_mirror)
started=$SECONDS
mkdir -p "$(dirname "$ASTERISK_ROOT")"
log "debootstrap minbase sid from $mirror into $ASTERISK_ROOT (about a minute)"
debootstrap --variant=minbase sid "$ASTERISK_ROOT" "$mirror" >"$ASTERISK_ROOT.debootstrap.log" 2>&1 \
  || { unmount_below; die "debootstrap failed, see $ASTERISK_ROOT.debootstrap.log"; }
rm -f "$ASTERISK_ROOT.debootstrap.log"

# Keep package scripts from trying to start services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$ASTERISK_ROOT/usr/sbin/policy-rc.d"
chmod +x "$ASTERISK_ROOT/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$ASTERISK_ROOT/etc/resolv.conf" 2>/dev/null || true

log "installing ${ROOT_PACKAGES[*]} inside the root"
# sid's Release file may be past its Valid-Until on a snapshot mirror.
apt_root() { chroot "$ASTERISK_ROOT" env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Acquire::Check-Valid-Until=false "$@"; }
apt_root update >"$ASTERISK_ROOT/tmp/apt.log" 2>&1 || die "apt-get update in root failed, see $ASTERISK_ROOT/tmp/apt.log"
apt_root install --no-install-recommends "${ROOT_PACKAGES[@]}" >>"$ASTERISK_ROOT/tmp/apt.log" 2>&1 \
  || die "apt-get install in root failed, see $ASTERISK_ROOT/tmp/apt.log"
apt_root clean >/dev/null 2>&1 || true
unmount_below

write_root_files
echo "$ROOT_VERSION" >"$MARKER"
log "asterisk root built in $((SECONDS - started)) s: $(chroot "$ASTERISK_ROOT" /usr/sbin/asterisk -V)"
