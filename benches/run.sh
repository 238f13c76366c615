#!/usr/bin/env bash
# benches/run.sh — end-to-end performance check of `egress check` on a synthetic
# legacy monorepo, compared with ripgrep searching for the same literals, and a check of
# what egress finds there against the generator's ground truth.
#
# Usage (from any directory):
#   benches/run.sh
#
# What it does:
#   1. cargo build --release               (skipped when EGRESS_BIN is set)
#   2. generates the tree with `cargo bench --bench gen_monorepo -- --out DIR --files N
#      --manifest OUT/manifest.tsv` (the tree is reused as-is when DIR already holds one for
#      the same N/seed, the manifest is always rewritten; if the crate does not compile, the
#      std-only generator is built with plain rustc instead)
#   3. warms the page cache (one run of egress and one of rg over the tree), keeping the
#      egress run's JSON, and scores it against the manifest with benches/recall.py: per
#      planted hazard class, files found and missed (recall, with a floor per class), and
#      files wrongly reported among decoys, git-ignored files, binaries and the rest
#   4. times, with hyperfine (--warmup 1 --runs 5) or a bash loop (min/median):
#        a) egress check --format json --quiet --exit-zero TREE          (whole tree)
#        b) rg -c -F -e DYNO -e postgres:// ... TREE                     (baseline)
#        c) egress check --format json --quiet --exit-zero f1 ... f10    (pre-commit
#           style: run inside TREE with 10 relative paths), and rg on the same files
#   5. measures peak RSS of (a) with GNU time (/usr/bin/time -v)
#   6. prints a Markdown table with PASS/FAIL against the targets:
#        whole tree <= 1.3x rg,  10 files <= 20 ms,  peak RSS <= 100 MB
#      plus machine info, then the recall table (targets: see benches/recall.py; 0 wrong
#      reports). Exit status: 0 all targets met (or skipped), 1 a target was missed,
#      2 setup error.
#
# Environment:
#   EGRESS_BENCH_DIR    tree location            (default /tmp/egress-bench/monorepo)
#   EGRESS_BENCH_FILES  number of files          (default 100000)
#   EGRESS_BENCH_SEED   generator seed           (default 42)
#   EGRESS_BENCH_RUNS   timed runs per case      (default 5)
#   EGRESS_BENCH_OUT    hyperfine JSON, logs, manifest.tsv, findings.json, recall-misses.tsv
#                                                (default target/egress-bench)
#   EGRESS_BIN          use this egress binary instead of building target/release/egress
#
# Optional tools (the script never installs anything):
#   python3    for the recall check (standard library only)
#   ripgrep    apt-get install ripgrep   | cargo install ripgrep
#   hyperfine  apt-get install hyperfine | cargo install hyperfine
#   GNU time   apt-get install time
#
# Notes: rg gets all nine egress literals (incl. PGSSLMODE, timeZone). rg skips hidden
# files (.env*, .github/) by default while egress is expected to read them; they are
# a small fraction of the tree. The generated tree has a minimal .git/ so rg (and the
# `ignore` crate with its default require_git) honour its .gitignore.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TREE="${EGRESS_BENCH_DIR:-/tmp/egress-bench/monorepo}"
FILES="${EGRESS_BENCH_FILES:-100000}"
SEED="${EGRESS_BENCH_SEED:-42}"
RUNS="${EGRESS_BENCH_RUNS:-5}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${EGRESS_BENCH_OUT:-$TARGET_DIR/egress-bench}"

# Targets
MAX_TREE_RATIO=1.3
MAX_TEN_FILES_MS=20
MAX_RSS_MB=100

# Same literal set egress looks for.
RG_PATTERNS=(-e DYNO -e postgres:// -e postgresql:// -e sslmode -e PGSSLMODE
             -e heroku_ext -e cron.schedule -e CRON_TZ -e timeZone)

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

mkdir -p "$OUT"

# ------------------------------------------------------------------ tools
HAVE_RG=0 HAVE_HF=0 HAVE_GTIME=0 HAVE_PY=0
if command -v python3 >/dev/null 2>&1; then HAVE_PY=1; else
  warn "python3 not found: recall check skipped. Install: apt-get install python3"
fi
if command -v rg >/dev/null 2>&1; then HAVE_RG=1; else
  warn "ripgrep (rg) not found: baseline skipped. Install: apt-get install ripgrep  (or: cargo install ripgrep)"
fi
HF_NO_SHELL=0
if command -v hyperfine >/dev/null 2>&1; then
  HAVE_HF=1
  hyperfine --help 2>/dev/null | grep -q -- '--shell=none' && HF_NO_SHELL=1   # hyperfine >= 1.13
else
  warn "hyperfine not found: using a bash timing loop. Install: apt-get install hyperfine  (or: cargo install hyperfine)"
fi
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then HAVE_GTIME=1; else
  warn "GNU time (/usr/bin/time -v) not found: peak RSS skipped. Install: apt-get install time"
fi

# ------------------------------------------------------------------ 1. build
if [[ -n "${EGRESS_BIN:-}" ]]; then
  EGRESS="$EGRESS_BIN"
  [[ "$EGRESS" == */* ]] || EGRESS="$(command -v "$EGRESS" || true)"
  say "using EGRESS_BIN=$EGRESS (skipping cargo build --release)"
else
  say "cargo build --release"
  cargo build --release || die "cargo build --release failed (set EGRESS_BIN=/path/to/egress to bench another binary)"
  EGRESS="$TARGET_DIR/release/egress"
fi
[[ -x "$EGRESS" ]] || die "egress binary not found or not executable: $EGRESS"
EGRESS="$(cd "$(dirname "$EGRESS")" && pwd)/$(basename "$EGRESS")"   # absolute: case (c) runs inside TREE

# ------------------------------------------------------------------ 2. generate
say "generating $FILES files into $TREE (seed $SEED)"
MANIFEST=$OUT/manifest.tsv   # ground truth: every file carrying a hazard literal, outside the tree
rm -f "$MANIFEST"
GEN_ARGS=(--out "$TREE" --files "$FILES" --seed "$SEED" --manifest "$MANIFEST")
if cargo bench --no-run --bench gen_monorepo >/dev/null 2>"$OUT/gen-build.log"; then
  cargo bench -q --bench gen_monorepo -- "${GEN_ARGS[@]}" | tee "$OUT/gen-summary.txt"
else
  warn "cargo bench --bench gen_monorepo does not build (see $OUT/gen-build.log); compiling the std-only generator with rustc"
  rustc -O --edition 2021 "$ROOT/benches/gen_monorepo/main.rs" -o "$OUT/gen_monorepo" || die "rustc could not build benches/gen_monorepo/main.rs"
  "$OUT/gen_monorepo" "${GEN_ARGS[@]}" | tee "$OUT/gen-summary.txt"
fi
[[ -f "$TREE/.egress-bench-complete" && -f "$MANIFEST" ]] || die "generator did not complete ($TREE, $MANIFEST)"

# 10 files the way pre-commit passes them: relative paths, run from the repo root.
mapfile -t TEN < <(
  cd "$TREE" &&
  find . -type f \( -name '*.rb' -o -name '*.py' -o -name '*.js' -o -name '*.ts' -o -name '*.go' \
        -o -name '*.java' -o -name '*.php' -o -name '*.yml' -o -name '*.yaml' -o -name '*.json' \
        -o -name '*.toml' -o -name '*.sql' -o -name '*.md' \) \
       -not -path './.git/*' -not -path '*/node_modules/*' -size -64k |
  sed 's|^\./||' | LC_ALL=C sort |
  awk '{ a[NR] = $0 } END { if (NR == 0) exit; step = NR / 10; for (i = 0; i < 10 && i < NR; i++) print a[int(i * step) + 1] }'
)
(( ${#TEN[@]} > 0 )) || die "no source files found in $TREE"
printf '%s\n' "${TEN[@]}" > "$OUT/ten-files.txt"

EGRESS_TREE=("$EGRESS" check --format json --quiet --exit-zero "$TREE")
RG_TREE=(rg -c -F "${RG_PATTERNS[@]}" "$TREE")
EGRESS_TEN=("$EGRESS" check --format json --quiet --exit-zero "${TEN[@]}")
RG_TEN=(rg -c -F "${RG_PATTERNS[@]}" "${TEN[@]}")

# ------------------------------------------------------------------ 3. warm cache, recall
say "warming the page cache"
FINDINGS=$OUT/findings.json
rc=0; "${EGRESS_TREE[@]}" >"$FINDINGS" 2>"$OUT/egress-warmup.stderr" || rc=$?
if (( rc != 0 )); then
  sed -n '1,20p' "$OUT/egress-warmup.stderr" >&2
  die "egress exited with $rc on the tree (expected 0 with --exit-zero); see $OUT/egress-warmup.stderr"
fi
(( HAVE_RG )) && { "${RG_TREE[@]}" >/dev/null 2>&1 || true; }

RECALL_RC=0
if (( HAVE_PY )); then
  say "scoring the findings against the manifest"
  python3 "$ROOT/benches/recall.py" --manifest "$MANIFEST" --findings "$FINDINGS" --tree "$TREE" \
    --misses "$OUT/recall-misses.tsv" >"$OUT/recall.md" || RECALL_RC=$?
  (( RECALL_RC <= 1 )) || die "benches/recall.py could not score $FINDINGS against $MANIFEST"
  (( RECALL_RC == 0 )) || warn "recall/precision targets missed: see $OUT/recall.md and $OUT/recall-misses.tsv"
else
  echo "Skipped: python3 not found." >"$OUT/recall.md"
fi

# ------------------------------------------------------------------ 4. timing
declare -A MED MIN   # milliseconds

# hf_field KEY FILE -> first "KEY": seconds value in a hyperfine JSON export, in ms
hf_field() {
  awk -v k="\"$1\"" '{ gsub(/[ ,]/, "") } index($0, k ":") == 1 { split($0, a, ":"); printf "%.3f", a[2] * 1000; exit }' "$2"
}

# bench NAME CWD IGNORE_FAILURE CMD...
bench() {
  local name=$1 cwd=$2 ignore=$3; shift 3
  say "timing $name"
  if (( HAVE_HF )); then
    local cmd json=$OUT/$name.json
    cmd=$(printf '%q ' "$@")
    local hf=(hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$json")
    if (( HF_NO_SHELL )); then
      hf+=(--shell=none)            # exact timings for ms-scale runs; output goes to /dev/null
    else
      hf+=(--shell=bash); cmd+=" >/dev/null"
    fi
    (( ignore )) && hf+=(--ignore-failure)
    if ! (cd "$cwd" && "${hf[@]}" "$cmd") >&2; then
      die "hyperfine failed for $name"
    fi
    MED[$name]=$(hf_field median "$json")
    MIN[$name]=$(hf_field min "$json")
  else
    local i t0 t1 rc times=() old=$PWD
    cd "$cwd"
    for ((i = 0; i <= RUNS; i++)); do        # run 0 is the warmup
      t0=$(date +%s.%N)
      rc=0; "$@" >/dev/null 2>&1 || rc=$?
      t1=$(date +%s.%N)
      (( rc == 0 || ignore )) || die "$name exited with $rc"
      (( i == 0 )) || times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
    done
    cd "$old"
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    MIN[$name]=$(sed -n 1p <<<"$sorted")
    MED[$name]=$(awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }' <<<"$sorted")
    printf '    %s: min %s ms, median %s ms (%s runs: %s)\n' "$name" "${MIN[$name]}" "${MED[$name]}" "$RUNS" "${times[*]}" >&2
  fi
}

bench egress-tree "$ROOT" 0 "${EGRESS_TREE[@]}"
(( HAVE_RG )) && bench rg-tree "$ROOT" 1 "${RG_TREE[@]}"
bench egress-10-files "$TREE" 0 "${EGRESS_TEN[@]}"
(( HAVE_RG )) && bench rg-10-files "$TREE" 1 "${RG_TEN[@]}"

# ------------------------------------------------------------------ 5. peak RSS
RSS_EGRESS="" RSS_RG=""
max_rss_mb() {  # CMD... -> MB from GNU time's "Maximum resident set size (kbytes)"
  local log=$OUT/time-v.txt
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log"
}
if (( HAVE_GTIME )); then
  say "measuring peak RSS"
  RSS_EGRESS=$(max_rss_mb "${EGRESS_TREE[@]}")
  (( HAVE_RG )) && RSS_RG=$(max_rss_mb "${RG_TREE[@]}")
fi

# ------------------------------------------------------------------ 6. report
verdict() {  # verdict VALUE LIMIT -> PASS|FAIL  (VALUE <= LIMIT)
  if awk -v v="$1" -v l="$2" 'BEGIN { exit !(v <= l) }'; then echo PASS; else echo FAIL; fi
}
fmt_ms() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f ms", v; else printf "%.1f ms", v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

ROWS=()
if (( HAVE_RG )); then
  R=$(ratio "${MED[egress-tree]}" "${MED[rg-tree]}")
  V=$(verdict "$R" "$MAX_TREE_RATIO")
  ROWS+=("| whole tree ($FILES files) | $(fmt_ms "${MED[egress-tree]}") | $(fmt_ms "${MED[rg-tree]}") | ${R}x | <= ${MAX_TREE_RATIO}x rg | $V |")
else
  ROWS+=("| whole tree ($FILES files) | $(fmt_ms "${MED[egress-tree]}") | n/a | n/a | <= ${MAX_TREE_RATIO}x rg | SKIP (no rg) |")
fi
V=$(verdict "${MED[egress-10-files]}" "$MAX_TEN_FILES_MS")
if (( HAVE_RG )); then
  ROWS+=("| 10 files (pre-commit) | $(fmt_ms "${MED[egress-10-files]}") | $(fmt_ms "${MED[rg-10-files]}") | $(ratio "${MED[egress-10-files]}" "${MED[rg-10-files]}")x | <= ${MAX_TEN_FILES_MS} ms | $V |")
else
  ROWS+=("| 10 files (pre-commit) | $(fmt_ms "${MED[egress-10-files]}") | n/a | n/a | <= ${MAX_TEN_FILES_MS} ms | $V |")
fi
if [[ -n "$RSS_EGRESS" ]]; then
  V=$(verdict "$RSS_EGRESS" "$MAX_RSS_MB")
  RG_CELL="n/a" RATIO_CELL="n/a"
  [[ -n "$RSS_RG" ]] && { RG_CELL="$RSS_RG MB"; RATIO_CELL="$(ratio "$RSS_EGRESS" "$RSS_RG")x"; }
  ROWS+=("| peak RSS, whole tree | $RSS_EGRESS MB | $RG_CELL | $RATIO_CELL | <= ${MAX_RSS_MB} MB | $V |")
else
  ROWS+=("| peak RSS, whole tree | n/a | n/a | n/a | <= ${MAX_RSS_MB} MB | SKIP (no GNU time) |")
fi

RG_VERSION="not installed (apt-get install ripgrep | cargo install ripgrep)"
(( HAVE_RG )) && RG_VERSION=$(rg --version 2>/dev/null | sed -n 1p)
EGRESS_VERSION=$("$EGRESS" --version 2>/dev/null | sed -n 1p || true)
[[ -n "$EGRESS_VERSION" ]] || EGRESS_VERSION=unknown
TIMER='bash loop (date +%s.%N)'
(( HAVE_HF )) && TIMER=$(hyperfine --version 2>/dev/null | sed -n 1p)
MIN_RG=""
(( HAVE_RG )) && MIN_RG="; rg tree $(fmt_ms "${MIN[rg-tree]}")"
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
TREE_SIZE=$(du -sh "$TREE" 2>/dev/null | cut -f1 || true)
{
  echo
  echo "## egress benchmark"
  echo
  echo "| case | egress | ripgrep | ratio | target | result |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Times are medians of $RUNS runs (min: egress tree $(fmt_ms "${MIN[egress-tree]}"), 10 files $(fmt_ms "${MIN[egress-10-files]}")$MIN_RG), page cache warm, timer: $TIMER."
  echo
  echo "- tree: $TREE ($FILES files, seed $SEED, ${TREE_SIZE:-?} on disk)"
  echo "- nproc: $(nproc)"
  echo "- cpu: ${CPU:-unknown}"
  echo "- kernel: $(uname -sr)"
  echo "- rustc: $(rustc --version 2>/dev/null || echo 'not found')"
  echo "- rg: $RG_VERSION"
  echo "- egress: $EGRESS_VERSION ($EGRESS)"
  echo "- raw results: $OUT"
  echo
  echo "### Recall and precision on the planted ground truth"
  echo
  cat "$OUT/recall.md"
} | tee "$OUT/report.md"

if printf '%s\n' "${ROWS[@]}" | grep -q '| FAIL |'; then exit 1; fi
(( RECALL_RC == 0 )) || exit 1
exit 0
