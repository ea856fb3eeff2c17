#!/usr/bin/env bash
# Runs the whole test suite against the real stack: unit, integration (PostgreSQL, Redis, S3)
# and end-to-end (Asterisk 22 with SIPp). Installs and starts whatever is missing first.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_DIR"
export DATABASE_URL="${DATABASE_URL:-postgres://salescall:salescall-dev-db@127.0.0.1:5432/salescall_test}"

ensure_tools
ensure_node_modules
ensure_postgres
ensure_redis
ensure_object_storage
ensure_asterisk
say "type-checking"
npx tsc --noEmit -p tsconfig.json
say "linting src/ (promises without an owner, non-exhaustive switches)"
npx eslint --max-warnings 0 src
say "running tests"
# --forceExit: client libraries (ioredis reconnect timers, socket.io) can keep the event loop
# alive after the last suite; a finished run must never hang CI.
npx jest --runInBand --forceExit "$@"
