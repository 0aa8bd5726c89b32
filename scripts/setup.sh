#!/usr/bin/env bash
# Installs what is missing for building (and with --test, for testing) on Debian:
# the wasm target, the pinned wasm-bindgen CLI, npm packages; for tests also Chromium,
# ChromeDriver, a CJK font, Java and the Python packages duckdb and pyspark. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_updated=""

apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! command -v cargo >/dev/null; then
  echo "缺少 Rust 工具链：请先按 https://rustup.rs 安装 rustup，再重新运行。 / Rust (rustup) is required." >&2
  exit 1
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "正在安装 Node.js 和 npm … / installing Node.js"
  apt_install nodejs npm
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "正在安装 wasm32 编译目标 … / adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "正在安装 wasm-bindgen-cli $WASM_BINDGEN_VERSION（约2分钟）… / installing wasm-bindgen-cli"
  # Not --locked: one locked dependency version is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --quiet
fi

if [ ! -f node_modules/echarts/dist/echarts.min.js ] || [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/esbuild ]; then
  echo "正在安装 npm 依赖 … / npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  if ! cargo clippy --version >/dev/null 2>&1; then
    echo "正在安装 clippy … / adding clippy"
    rustup component add clippy
  fi
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
  command -v fc-list >/dev/null || missing+=(fontconfig)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "正在安装测试依赖：${missing[*]} … / installing test dependencies"
    apt_install "${missing[@]}"
  fi
  # The report's SQL is proven on DuckDB and on Spark in local mode (issue 22).
  if ! python3 -c "import duckdb, pyspark" 2>/dev/null; then
    echo "正在安装 DuckDB 与 PySpark（Python 包，约 320 MB）… / installing duckdb and pyspark"
    python3 -m pip install --quiet --user duckdb pyspark 2>/dev/null \
      || python3 -m pip install --quiet --user --break-system-packages duckdb pyspark
  fi
fi
