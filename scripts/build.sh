#!/usr/bin/env bash
# Builds the page: the wasm core into pkg/, ECharts bundled into www/vendor/, and the
# single self-contained file dist/hotline-analyzer.html. WASM_OPT=1 also shrinks the wasm
# with binaryen's wasm-opt (slow; for releases).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target no-modules --no-typescript --remove-name-section \
  --out-dir pkg target/wasm32-unknown-unknown/release/hotline_analyzer.wasm
if [ "${WASM_OPT:-0}" = 1 ]; then
  npx --yes --package=binaryen@132.0.0 wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    pkg/hotline_analyzer_bg.wasm -o pkg/hotline_analyzer_bg.wasm
fi
mkdir -p www/vendor
# ECharts with only what the charts use (scripts/echarts-bundle.mjs).
npx --no-install esbuild scripts/echarts-bundle.mjs --bundle --minify --format=iife --log-level=warning \
  --outfile=www/vendor/echarts.min.js
node scripts/single-file.mjs
