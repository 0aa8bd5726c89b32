#!/usr/bin/env bash
# `make bench`: generates the benchmark inputs, times the analyzer natively (criterion)
# and in headless Chromium through the real page and worker, times the tools it is
# compared with in the same browser (DuckDB-WASM, Papa Parse, SheetJS, the SIMD floor)
# and natively (pandas), and writes BENCHMARKS.md. Not part of the tests: it takes
# 15–30 minutes and wants a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test
bash scripts/build.sh
cargo build --release --bin hotline --quiet
(cd bench && npm ci --no-audit --no-fund --silent)
python3 -m pip install --quiet pandas pyarrow \
  || echo "pandas/pyarrow could not be installed: BENCHMARKS.md will say so" >&2
node scripts/bench.mjs "$@"
