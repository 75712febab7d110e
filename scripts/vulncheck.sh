#!/usr/bin/env bash
# govulncheck against an offline copy of the Go vulnerability database. The database is built once from the pinned
# golang.org/x/vulndb module (fetched through the module proxy like any module; vuln.go.dev is never asked) with
# that module's own indexdb command, and kept in the user's cache. Findings listed in scripts/vulncheck-allow.txt
# (an id and the reason it does not apply) are reported but do not fail; any other called vulnerability fails.
set -euo pipefail
cd "$(dirname "$0")/.."
govulncheck=${GOVULNCHECK:-golang.org/x/vuln/cmd/govulncheck@v1.9.0}
vulndb=${VULNDB:-v0.0.0-20261105234957-e22db6528018}
db="${XDG_CACHE_HOME:-$HOME/.cache}/shop/vulndb/$vulndb"

if [ ! -f "$db/index/db.json" ]; then
  echo "vulncheck: building the vulnerability database from golang.org/x/vulndb@$vulndb (once)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # Outside the module, so the shop's go.mod and go.sum never hear of vulndb.
  src=$(cd "$work" && go mod download -json "golang.org/x/vulndb@$vulndb" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  rm -rf "$db.tmp" && mkdir -p "$db.tmp"
  (cd "$work" && go run "golang.org/x/vulndb/cmd/indexdb@$vulndb" -vulns "$src/data/osv" -out "$db.tmp")
  rm -rf "$db" && mv "$db.tmp" "$db"
fi

# Built by the toolchain in use: a govulncheck built by an older Go cannot load packages written for a newer one.
bin="${XDG_CACHE_HOME:-$HOME/.cache}/shop/govulncheck/$(go env GOVERSION)/${govulncheck##*@}"
if [ ! -x "$bin/govulncheck" ]; then
  GOBIN="$bin" go install "$govulncheck"
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$bin/govulncheck" -db "file://$db" ./... >"$out" 2>&1 || status=$?
# 0: nothing found; 3: vulnerabilities found (judged below); anything else: govulncheck itself failed.
if [ "$status" != 0 ] && [ "$status" != 3 ]; then
  cat "$out"
  exit "$status"
fi
allowed=$(grep -oE '^GO-[0-9]+-[0-9]+' scripts/vulncheck-allow.txt || true)
failed=0
for id in $(grep -oE '^Vulnerability #[0-9]+: GO-[0-9]+-[0-9]+' "$out" | awk '{print $3}'); do
  if grep -qx "$id" <<<"$allowed"; then
    echo "vulncheck: $id allowed: $(grep "^$id" scripts/vulncheck-allow.txt | cut -d' ' -f2-)"
  else
    failed=1
  fi
done
if [ "$failed" = 1 ]; then
  cat "$out"
  echo "vulncheck: the code calls a vulnerability above; upgrade, or if it cannot apply, say why in scripts/vulncheck-allow.txt"
  exit 1
fi
echo "vulncheck: no other vulnerability reached by the code (database golang.org/x/vulndb@$vulndb)"
