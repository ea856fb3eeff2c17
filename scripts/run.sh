#!/usr/bin/env bash
# Starts the whole local stack (PostgreSQL, Redis, local S3, Asterisk 22) and the service.
#   scripts/run.sh          service with the seeded demo data, in the foreground
#   scripts/run.sh --demo   the same plus a simulated sales floor (SIPp reps and callers)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_DIR"
export DATABASE_URL="${DATABASE_URL:-postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall}"

ensure_tools
ensure_node_modules
ensure_postgres salescall
ensure_redis
ensure_object_storage
ensure_asterisk
say "building"
npx nest build
say "seeding demo data (idempotent)"
node dist/src/seed/seed.main.js

PORT="${HTTP_PORT:-3000}"
say "service on http://127.0.0.1:$PORT  (API docs: /docs, health: /health, login: POST /auth/login admin / ${ADMIN_PASSWORD:-admin-dev-password})"
say "logs: stdout (JSON, pino); Asterisk: ${ASTERISK_ROOT:-/var/cache/salescall/asterisk-root}/var/log/asterisk"
if [[ "${1:-}" == "--demo" ]]; then
  # The demo floor works around the clock with short rings and wrap-ups, whatever config/defaults.json
  # says, so every rung of the ladder plays out in about a minute and a half (scripts/demo.ts).
  export RULE_WORKING_HOURS_DAYS='[0,1,2,3,4,5,6]' RULE_WORKING_HOURS_OPEN=00:00 RULE_WORKING_HOURS_CLOSE=24:00 RULE_ROUTING_WRAP_UP_SECONDS=3 \
    RULE_ROUTING_OWNER_RING_SECONDS=6 RULE_ROUTING_REP_RING_SECONDS=6 RULE_ROUTING_MID_TIER_JOIN_AFTER_SECONDS=12
  node dist/src/main.js &
  service_pid=$!
  trap 'kill $service_pid 2>/dev/null || true' EXIT
  npx ts-node --transpile-only scripts/demo.ts
  say "demo done; the service keeps running (Ctrl-C stops it)"
  wait "$service_pid"
else
  exec node dist/src/main.js
fi
