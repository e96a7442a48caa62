#!/usr/bin/env bash
# Regenerate docs/report-acme.png, the README's picture of `swatch report`
# on examples/acme. Needs headless Chromium (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
page="$(mktemp -d)/acme.html"
cargo run --locked --quiet -- report examples/acme --reviewer "Grace Hopper" --today 2026-11-28 --out "$page"
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1280,1500 --screenshot="$PWD/docs/report-acme.png" "file://$page"
