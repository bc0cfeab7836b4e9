#!/usr/bin/env bash
# Brings a fresh clone to a runnable state; cheap when nothing changed. Used by `npm start`
# and `npm test`, so a newcomer (and CI) needs no other step.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Prisma's CLI wants a native schema engine it cannot download here; `generate` does not need
# it, so point it at a stand-in that refuses (see TOOLCHAIN.md). Migrations: npm run db:migration.
export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/scripts/no-schema-engine.sh"
if [ ! -f prisma/generated/client.ts ] || [ prisma/schema.prisma -nt prisma/generated/client.ts ]; then
  echo "[setup] prisma generate"
  npx prisma generate >/dev/null
fi

# The admin UI is built once and served by the API on the same port.
if [ ! -f admin-ui/dist/index.html ] || [ -n "$(find admin-ui/src admin-ui/index.html admin-ui/vite.config.ts api/tasks/task-forms.ts api/applications/application.schema.ts workers/identity -newer admin-ui/dist/index.html -print -quit 2>/dev/null)" ]; then
  echo "[setup] building admin UI"
  npx vite build --config admin-ui/vite.config.ts --logLevel warn
fi
