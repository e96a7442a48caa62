#!/usr/bin/env bash
# The Action's license-impact step: `swatch diff --base` against the pull
# request's base branch, into the step summary and a file for the comment.
# Exit 2 (invalid input) fails now; a gate (exit 1) fails later, after the
# comment, through the `exit-code` output.
#
# Reads GITHUB_BASE_REF, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP,
# SWATCH_PATH, SWATCH_DIFF_ARGS.
set -euo pipefail
swatch="$RUNNER_TEMP/swatch/bin/swatch"
git fetch --no-tags --depth=1 origin "${GITHUB_BASE_REF}"
set +e
# Word splitting of the gate flags is intended.
# shellcheck disable=SC2086
"$swatch" diff --base "origin/${GITHUB_BASE_REF}" "$SWATCH_PATH" --format markdown $SWATCH_DIFF_ARGS \
  > "$RUNNER_TEMP/swatch-diff.md"
code=$?
set -e
cat "$RUNNER_TEMP/swatch-diff.md" >> "$GITHUB_STEP_SUMMARY"
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
if [ "$code" -ge 2 ]; then exit "$code"; fi
