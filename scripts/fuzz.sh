#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time each (go test -fuzz takes one target at a time).
# A run that fails without writing a failing input (Go's fuzzer sometimes reports "context deadline exceeded" when
# the machine is busy as the time runs out) is run once more; a failing input always fails the build.
set -euo pipefail
fuzztime=${1:-3s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0
while IFS= read -r file; do
  pkg="./$(dirname "$file")"
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    echo "fuzz $pkg $target ($fuzztime)"
    for try in 1 2; do
      if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
        break
      fi
      if grep -q 'Failing input written' "$log" || [ "$try" = 2 ]; then
        cat "$log"
        exit 1
      fi
      echo "  fuzzer stopped without a failing input; running it once more"
    done
    n=$((n+1))
  done
done < <(git ls-files '*_test.go' | xargs grep -l '^func Fuzz' | sort)
echo "fuzz: $n targets passed"
