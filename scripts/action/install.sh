#!/usr/bin/env bash
# The Action's install step: the release binary of the Action's own ref,
# checked against its published SHA-256, into $RUNNER_TEMP/swatch/bin.
# An untagged ref (a branch, a commit, a local `uses: ./`) builds from the
# Action's source with `cargo install --locked` instead.
#
# Reads GITHUB_ACTION_REF, GITHUB_ACTION_REPOSITORY, GITHUB_ACTION_PATH,
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP; SWATCH_DOWNLOAD_BASE overrides the
# download site (tests point it at a local folder).
set -euo pipefail
bin="$RUNNER_TEMP/swatch/bin"
mkdir -p "$bin"
ref="${GITHUB_ACTION_REF:-}"
if [[ ! "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-.+][0-9A-Za-z.-]+)?$ ]]; then
  echo "swatch: ref '${ref:-<local>}' is no release tag: building from source (cargo install --locked)"
  cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$RUNNER_TEMP/swatch"
  exit 0
fi
case "${RUNNER_OS}-${RUNNER_ARCH}" in
  Linux-X64) target=x86_64-unknown-linux-musl ;;
  Linux-ARM64) target=aarch64-unknown-linux-musl ;;
  macOS-X64) target=x86_64-apple-darwin ;;
  macOS-ARM64) target=aarch64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *)
    echo "swatch: no release binary for ${RUNNER_OS} ${RUNNER_ARCH}: building from source"
    cargo install --locked --path "$GITHUB_ACTION_PATH" --root "$RUNNER_TEMP/swatch"
    exit 0
    ;;
esac
suffix=.tar.gz
[ "$RUNNER_OS" = Windows ] && suffix=.zip
name="swatch-${ref}-${target}"
base="${SWATCH_DOWNLOAD_BASE:-https://github.com/${GITHUB_ACTION_REPOSITORY}/releases/download}"
work="$RUNNER_TEMP/swatch-download"
rm -rf "$work" && mkdir -p "$work"
curl --fail --silent --show-error --location --retry 3 -o "$work/$name$suffix" "$base/$ref/$name$suffix"
curl --fail --silent --show-error --location --retry 3 -o "$work/$name$suffix.sha256" "$base/$ref/$name$suffix.sha256"
expected=$(awk '{print $1; exit}' "$work/$name$suffix.sha256")
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$name$suffix" | awk '{print $1}')
else
  actual=$(shasum -a 256 "$work/$name$suffix" | awk '{print $1}')
fi
if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
  echo "::error title=swatch::checksum mismatch for $name$suffix: expected ${expected:-nothing}, got $actual"
  exit 1
fi
if [ "$suffix" = .zip ]; then
  unzip -q "$work/$name$suffix" -d "$work"
  cp "$work/$name/swatch.exe" "$bin/"
else
  tar -xzf "$work/$name$suffix" -C "$work"
  cp "$work/$name/swatch" "$bin/"
fi
echo "swatch: installed release $ref ($target), SHA-256 $actual"
