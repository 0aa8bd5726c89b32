#!/usr/bin/env bash
# The README's second command (and CI's): install test needs, then run every layer:
# native tests, wasm tests in headless Chromium, and end-to-end tests of the built page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

echo "== lint: cargo clippy (native and wasm), warnings are errors"
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings

echo "== native: cargo test"
cargo test

echo "== wasm in headless Chromium: wasm-bindgen-test"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
cargo test --target wasm32-unknown-unknown --test browser_facade_and_charts

echo "== end-to-end: the built page in headless Chromium"
bash scripts/build.sh
cargo build --bin hotline   # writes the Excel and GBK samples the tests drop
node --test --test-concurrency=1 tests/e2e/
