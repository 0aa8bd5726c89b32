#!/usr/bin/env bash
# The README's first command: install what is missing, build, and serve the app on
# 127.0.0.1 (it opens with the built-in sample dataset).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
echo
echo "单文件版（可直接双击打开）/ single file: $(pwd)/dist/hotline-analyzer.html"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xdg-open >/dev/null; then
  (sleep 1; xdg-open "http://127.0.0.1:${PORT:-8080}/" >/dev/null 2>&1 || true) &
fi
echo "按 Ctrl+C 停止服务 / Ctrl+C stops the server"
exec node scripts/serve.mjs .
