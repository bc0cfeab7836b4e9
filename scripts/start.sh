#!/usr/bin/env bash
# `npm start`: the whole system on the embedded default, on one port (PORT, default 3000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx api/server.ts
