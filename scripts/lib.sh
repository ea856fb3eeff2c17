# Shared helpers for scripts/*.sh (sourced). Everything is idempotent: a running service is reused.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${SALESCALL_CACHE:-/var/cache/salescall}"
LOG_DIR="$CACHE_DIR/logs"
mkdir -p "$LOG_DIR"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_node_modules() {
  command -v node >/dev/null || { echo "Node.js 20 is required (https://nodejs.org or Debian's nodejs)"; exit 1; }
  local want have=""
  want=$(sha256sum "$REPO_DIR/package-lock.json" | cut -d' ' -f1)
  [[ -f "$REPO_DIR/node_modules/.lock-hash" ]] && have=$(cat "$REPO_DIR/node_modules/.lock-hash")
  if [[ "$want" != "$have" ]]; then
    say "installing npm dependencies (npm ci)"
    (cd "$REPO_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$REPO_DIR/node_modules/.lock-hash"
  fi
}

ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql; fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  # A role of our own with a password works whether local TCP auth is trust (this machine) or
  # scram (a stock Debian install); peer auth over the socket lets root create it either way.
  runuser -u postgres -- psql -qtAc "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'salescall') THEN
        CREATE ROLE salescall LOGIN CREATEDB PASSWORD 'salescall-dev-db';
      END IF; END \$\$" >/dev/null
  for db in "$@"; do
    runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
      runuser -u postgres -- createdb -O salescall "$db"
  done
}

ensure_redis() {
  if ! command -v redis-server >/dev/null; then apt_install redis-server; fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/salescall.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
}

# Local S3 (s3rver) unless S3_ENDPOINT points elsewhere (MinIO in production).
ensure_object_storage() {
  local host="${S3_ENDPOINT:-127.0.0.1}" port="${S3_PORT:-4569}"
  [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]] || return 0
  if ! curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    say "starting local S3 (s3rver) on 127.0.0.1:$port"
    setsid node "$REPO_DIR/scripts/s3rver.js" --port "$port" --dir "$CACHE_DIR/s3rver" \
      </dev/null >>"$LOG_DIR/s3rver.log" 2>&1 &
    for _ in $(seq 1 50); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && break; sleep 0.2; done
  fi
}

ensure_asterisk() {
  "$REPO_DIR/telephony/start.sh"
}

ensure_tools() {
  apt_install curl ca-certificates
  # Headless browser for the trainers' page test (playwright-core drives Debian's chromium).
  apt_install chromium
}
