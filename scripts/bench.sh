#!/usr/bin/env bash
# `make bench`: generates the benchmark inputs, times the analyzer natively (criterion)
# and in headless Chromium through the real page and worker, times the tools it is
# compared with in the same browser (DuckDB-WASM, Papa Parse, SheetJS, the SIMD floor)
# and natively (pandas), and writes BENCHMARKS.md. Last, scripts/bench_sql.py times the
# report's SQL (src/sql/) on DuckDB and on Spark standalone over the 1M-row export and a
# 20M-row replicated set, and replaces its own section of BENCHMARKS.md. Not part of the
# tests: it takes 15–30 minutes (the SQL step longer) and wants a quiet machine.
#
#   bash scripts/bench.sh [--quick] [--no-sql]   (--no-sql: skip the SQL step)
set -euo pipefail
cd "$(dirname "$0")/.."

sql=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-sql" ]; then sql=0; else args+=("$arg"); fi
done
set -- ${args[@]+"${args[@]}"}
quick=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then quick=(--quick); fi
done

bash scripts/setup.sh --test
bash scripts/build.sh
cargo build --release --bin hotline --quiet
(cd bench && npm ci --no-audit --no-fund --silent)
python3 -m pip install --quiet pandas pyarrow \
  || echo "pandas/pyarrow could not be installed: BENCHMARKS.md will say so" >&2
node scripts/bench.mjs "$@"
if [ "$sql" = 1 ]; then
  python3 scripts/bench_sql.py ${quick[@]+"${quick[@]}"}
fi
