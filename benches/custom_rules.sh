#!/usr/bin/env bash
# benches/custom_rules.sh — what 50 custom regex rules cost on the benchmark tree (issue 14's
# target: at most 15% over none).
#
# Usage:  benches/custom_rules.sh            (after benches/run.sh generated the tree)
#
# It writes 50 rule files of the forms teams write (literal names, alternations, case-insensitive
# words, word-bounded variable names, and five whose literal, `postgres://`, is in thousands of
# files, so their regexes really run), and times, with hyperfine alternating the two commands:
#   a) egress check --config none.yml  TREE      (no custom rules)
#   b) egress check --config fifty.yml TREE      (custom-rules: [rules/])
# then prints the median of each and their ratio. Both configs are otherwise empty.
#
# Environment: EGRESS_BENCH_DIR (default /tmp/egress-bench/monorepo), EGRESS_BENCH_RUNS
# (default 10), EGRESS_BIN (default target/release/egress, built when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TREE="${EGRESS_BENCH_DIR:-/tmp/egress-bench/monorepo}"
RUNS="${EGRESS_BENCH_RUNS:-10}"
OUT="${CARGO_TARGET_DIR:-$ROOT/target}/egress-bench/custom-rules"
EGRESS="${EGRESS_BIN:-$ROOT/target/release/egress}"
[[ -x "$EGRESS" ]] || (cd "$ROOT" && cargo build --release)
[[ -f "$TREE/.egress-bench-complete" ]] || { echo "no tree at $TREE: run benches/run.sh first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

rm -rf "$OUT" && mkdir -p "$OUT/rules"
rule() { # rule N REGEX
  cat >"$OUT/rules/BENCH$(printf %03d "$1").yml" <<YAML
id: BENCH$(printf %03d "$1")
name: bench-rule-$1
severity: warning
summary: Benchmark rule $1
message: "matched {match}"
match:
  regex: '$2'
YAML
}
n=0
for i in $(seq 1 20); do n=$((n + 1)); rule $n "acme-legacy-bucket-$i"; done
for i in $(seq 1 10); do n=$((n + 1)); rule $n "(?:old|legacy)-svc-$i\\.internal"; done
for i in $(seq 1 10); do n=$((n + 1)); rule $n "(?i)heroku-addon-$i"; done
for i in $(seq 1 5); do n=$((n + 1)); rule $n "\\bPARTNER_TOKEN_$i\\b"; done
for i in $(seq 1 5); do n=$((n + 1)); rule $n "postgres://[^\\s\"]*legacy$i"; done
printf 'fail-on: error\n' >"$OUT/none.yml"
printf 'fail-on: error\ncustom-rules: [rules/]\n' >"$OUT/fifty.yml"
"$EGRESS" rules --help >/dev/null
# The rule files must load (a broken one exits 2).
"$EGRESS" check --config "$OUT/fifty.yml" --exit-zero --quiet --format concise "$TREE" >"$OUT/fifty.txt"
echo "findings of the 50 rules: $(grep -c ' BENCH' "$OUT/fifty.txt" || true)" >&2

hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/hyperfine.json" \
  -n none "$EGRESS check --config $OUT/none.yml --format json --quiet --exit-zero $TREE" \
  -n fifty "$EGRESS check --config $OUT/fifty.yml --format json --quiet --exit-zero $TREE" >&2
python3 - "$OUT/hyperfine.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
none, fifty = r["none"]["median"] * 1000, r["fifty"]["median"] * 1000
ratio = fifty / none
print(f"| no custom rules | {none:.0f} ms |\n| 50 custom regex rules | {fifty:.0f} ms |\n| cost | {100 * (ratio - 1):+.1f}% ({'PASS' if ratio <= 1.15 else 'FAIL'}: target +15%) |")
PY
