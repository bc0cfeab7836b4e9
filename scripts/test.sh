#!/usr/bin/env bash
# `npm test`: every tier (unit, db, process, e2e) on a fresh clone. Installs what the browser
# tier needs (Debian chromium and CJK fonts) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[test] installing chromium, fonts-noto-cjk and poppler-utils (PDF text checks)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "[test] chromium or fonts-noto-cjk missing and cannot be installed here: browser tests will fail" >&2
  fi
fi

# With arguments: just those tests, on the embedded default.
if [ "$#" -gt 0 ]; then exec npx vitest run "$@"; fi

echo "[test] typecheck (strict TypeScript everywhere)"
npx tsc --noEmit -p .

npx vitest run

# The PostgreSQL server tier: the db and process tests again on a real server (same
# migrations). Started here when installed but not running; skipped, loudly, when absent.
PG_URL="${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
pg_ready() { node -e "const c=new (require('pg').Client)(process.argv[1]);c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$PG_URL" 2>/dev/null; }
if ! pg_ready && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "[test] starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 20); do pg_ready && break; sleep 0.5; done
fi
if pg_ready; then
  echo "[test] PostgreSQL server tier on $PG_URL"
  # PGlite is PostgreSQL itself (same SQL, same migrations), so this tier runs the suites whose
  # outcome can depend on a real server: concurrent writers and row locks (funds, audit order and
  # chain), several server processes on one database, crashes and restarts, backups, the
  # encrypted columns, and the engine switch. Everything else ran above on PGlite.
  TEST_DATABASE_URL="$PG_URL" npx vitest run \
    tests/db/funds.db.test.ts tests/db/audit-order.db.test.ts tests/db/audit.db.test.ts tests/db/pii.db.test.ts \
    tests/process/two-processes.process.test.ts tests/process/runtime.process.test.ts \
    tests/process/durability.process.test.ts tests/process/crash.process.test.ts \
    tests/process/crash-help.process.test.ts tests/process/backup.process.test.ts \
    tests/process/engine-switch.process.test.ts
else
  echo "[test] SKIPPED the PostgreSQL server tier: no server at $PG_URL" >&2
fi
