#!/usr/bin/env bash
# `npm test`: every tier (unit, db, process, e2e) on a fresh clone. Installs what the browser
# tier needs (Debian chromium and CJK fonts) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[test] installing chromium and fonts-noto-cjk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "[test] chromium or fonts-noto-cjk missing and cannot be installed here: browser tests will fail" >&2
  fi
fi

exec npx vitest run "$@"
