#!/usr/bin/env bash
# The `swatch-check` / `swatch-test` pre-commit hooks built from source:
# pre-commit clones this repository at the `rev` you pin, and this script
# builds swatch there once with the committed Cargo.lock (`--locked`), then
# runs it. pre-commit's own `language: rust` cannot pass `--locked`.
# SWATCH_HOOK_PROFILE picks the cargo profile (default: release).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
profile="${SWATCH_HOOK_PROFILE:-release}"
target="${CARGO_TARGET_DIR:-$repo/target}"
folder="$profile"
[ "$profile" = dev ] && folder=debug
binary="$target/$folder/swatch"
if [ ! -x "$binary" ] || [ "$repo/Cargo.lock" -nt "$binary" ]; then
  cargo build --locked --quiet --profile "$profile" --manifest-path "$repo/Cargo.toml" --bin swatch >&2
fi
exec "$binary" "$@"
