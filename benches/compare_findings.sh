#!/usr/bin/env bash
# benches/compare_findings.sh REV — do this checkout and git revision REV report the same
# findings? Refactors must not change what egress finds: this runs both builds over every
# testdata app and the benchmark tree (benches/run.sh generates it) and diffs the findings
# (rule, path, line, column, message), one line each.
#
#   benches/compare_findings.sh main~3        # exit 0: identical, 1: they differ, 2: setup error
#
# Environment: EGRESS_BENCH_DIR (the tree, default /tmp/egress-bench/monorepo; skipped when
# missing), EGRESS_COMPARE_DIR (work folder, default target/compare).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REV="${1:?usage: benches/compare_findings.sh REV}"
TREE="${EGRESS_BENCH_DIR:-/tmp/egress-bench/monorepo}"
WORK="${EGRESS_COMPARE_DIR:-$ROOT/target/compare}"
mkdir -p "$WORK"

say() { printf '==> %s\n' "$*" >&2; }

OLD_SRC="$WORK/src-$(git rev-parse --short "$REV")"
if [[ ! -d "$OLD_SRC" ]]; then
  say "checking out $REV into $OLD_SRC"
  git worktree add --detach "$OLD_SRC" "$REV" >/dev/null
fi
say "building $REV"
(cd "$OLD_SRC" && CARGO_TARGET_DIR="$WORK/target-old" cargo build --release -q) || exit 2
say "building this checkout"
cargo build --release -q || exit 2
OLD="$WORK/target-old/release/egress"
NEW="${CARGO_TARGET_DIR:-$ROOT/target}/release/egress"

# One line per finding, sorted; jq-free so the script needs nothing but python3.
normalise() {
  python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    print("\t".join(str(f[k]) for k in ("path", "line", "column", "rule", "message")))
' | LC_ALL=C sort
}

targets=()
for app in testdata/*/; do targets+=("${app%/}"); done
[[ -d "$TREE" ]] && targets+=("$TREE") || say "no benchmark tree at $TREE (benches/run.sh makes one): skipped"

status=0
for t in "${targets[@]}"; do
  name=$(basename "$t")
  "$OLD" check --format json --quiet --exit-zero "$t" 2>/dev/null | normalise > "$WORK/$name.old"
  "$NEW" check --format json --quiet --exit-zero "$t" 2>/dev/null | normalise > "$WORK/$name.new"
  if cmp -s "$WORK/$name.old" "$WORK/$name.new"; then
    printf '%-12s identical (%s findings)\n' "$name" "$(wc -l < "$WORK/$name.new")"
  else
    printf '%-12s DIFFERENT\n' "$name"
    diff "$WORK/$name.old" "$WORK/$name.new" | head -20
    status=1
  fi
done
exit $status
