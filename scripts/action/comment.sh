#!/usr/bin/env bash
# The Action's sticky comment: the markdown starts with the marker
# <!-- swatch-diff -->; update the pull request's comment that has it, or
# add one. Reads GITHUB_REPOSITORY, PR, GH_TOKEN (for gh), RUNNER_TEMP.
set -euo pipefail
body="$RUNNER_TEMP/swatch-diff.md"
id=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR/comments" --paginate \
  --jq '.[] | select(.body | startswith("<!-- swatch-diff -->")) | .id' | head -n 1)
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@"$body" > /dev/null
else
  gh api "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F body=@"$body" > /dev/null
fi
