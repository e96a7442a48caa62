#!/usr/bin/env bash
# The Action's sticky comment: the markdown starts with the marker
# <!-- swatch-diff -->; update the pull request's comment that has it, or
# add one. Reads GITHUB_REPOSITORY, PR, GH_TOKEN (for gh), RUNNER_TEMP.
set -euo pipefail
body="$RUNNER_TEMP/swatch-diff.md"
# Only a comment the token's own user wrote is ours to edit: anyone can
# post one that starts with the marker. The workflow's GITHUB_TOKEN cannot
# read /user; what it posts is by github-actions[bot].
login=$(gh api user --jq .login 2>/dev/null) || login=""
[ -n "$login" ] || login="github-actions[bot]"
case "$login" in
  *[!A-Za-z0-9_.\[\]-]*)
    echo "swatch: unexpected login from gh api user: $login" >&2
    exit 1
    ;;
esac
id=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR/comments" --paginate \
  --jq ".[] | select(.user.login == \"$login\" and (.body | startswith(\"<!-- swatch-diff -->\"))) | .id" | head -n 1)
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@"$body" > /dev/null
else
  gh api "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F body=@"$body" > /dev/null
fi
