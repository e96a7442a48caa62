#!/usr/bin/env bash
# The CHANGELOG.md section of one version, as the release notes:
#   scripts/release-notes.sh 0.2.0 [CHANGELOG.md]
# Prints the lines between `## [0.2.0]` and the next `## [`; fails when the
# section is missing or empty, so a tag without notes does not release.
set -euo pipefail
version="${1:?usage: release-notes.sh VERSION [CHANGELOG]}"
changelog="${2:-CHANGELOG.md}"
notes=$(awk -v heading="## [${version#v}]" '
  index($0, heading) == 1 { found = 1; next }
  found && /^## \[/ { exit }
  found { print }
' "$changelog")
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
  echo "release-notes: no section \"## [${version#v}]\" in $changelog" >&2
  exit 1
fi
printf '%s\n' "$notes"
