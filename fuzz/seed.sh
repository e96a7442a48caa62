#!/bin/sh
# Seed the fuzz corpora from the fixtures (tests/fixtures, examples/,
# policies/). Run from anywhere; writes fuzz/corpus/<target>/ (git-ignored).
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz")
corpus="$fuzz/corpus"
mkdir -p "$corpus/workspace_bytes" "$corpus/workspace_struct" "$corpus/policy_file" "$corpus/git_output" "$corpus/toml_document"

# Model files, named by their path so that seeds never collide.
find "$root/tests/fixtures" "$root/examples" -name '*.toml' | while read -r file; do
    name=$(echo "${file#"$root"/}" | tr '/' '_')
    cp "$file" "$corpus/workspace_bytes/$name"
    cp "$file" "$corpus/workspace_struct/$name"
    cp "$file" "$corpus/toml_document/$name"
done
for file in "$root"/policies/*.toml; do
    cp "$file" "$corpus/policy_file/$(basename "$file")"
    cp "$file" "$corpus/toml_document/policy_$(basename "$file")"
done

# git's own answers for the examples: a prefix line, the ls-tree listing,
# a second NUL, then cat-file --batch's output for the blobs it names.
for prefix in examples/acme/ examples/clean/ tests/fixtures/; do
    out="$corpus/git_output/$(echo "$prefix" | tr '/' '_')"
    listing=$(mktemp)
    git -C "$root" ls-tree -r -z --full-tree HEAD -- "$prefix" > "$listing"
    {
        printf '%s\n' "$prefix"
        cat "$listing"
        printf '\0'
        tr '\0' '\n' < "$listing" | cut -f1 | cut -d' ' -f3 | git -C "$root" cat-file --batch
    } > "$out"
    rm -f "$listing"
done
