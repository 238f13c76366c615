#!/usr/bin/env bash
# Build every fuzz target and run each for SECONDS, one after the other (one fuzzing process at
# a time), then print a table of executions and of the crashes, timeouts, OOMs and leaks this run
# left in fuzz/artifacts/<target>/. Exits 1 if there are any.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# Inputs the fuzzer finds go to fuzz/work/corpus/<target>/ (not committed); the committed
# corpus fuzz/corpus/<target>/ and the crash regressions fuzz/regressions/<target>/ are read as
# seeds. Logs: fuzz/work/logs/<target>.log.
#
# By default a crash does not end a target's run: libFuzzer runs in fork mode with one job at a
# time and records every crash (-fork=1 -ignore_crashes=1 ...), so one known bug does not hide
# the others. FUZZ_STOP_ON_CRASH=1 runs plainly and stops at the first crash instead.
# FUZZ_SANITIZER (default: none; egress is safe Rust, panics are the bugs) is passed to
# `cargo fuzz -s`; use `address` to run under ASan.
set -uo pipefail

secs=${1:-}
if ! [[ "$secs" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh SECONDS [TARGET...]" >&2
    exit 2
fi
shift
cd "$(dirname "$0")"

sanitizer=${FUZZ_SANITIZER:-none}
fuzz=(cargo +nightly fuzz)
if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <("${fuzz[@]}" list)
fi

echo "building ${#targets[@]} fuzz targets (sanitizer: $sanitizer)..." >&2
"${fuzz[@]}" build -s "$sanitizer" || exit 2

mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
[[ "${FUZZ_STOP_ON_CRASH:-}" == 1 ]] && mode=()

mkdir -p work/logs
started=$(date +%s)
declare -A execs crashes
total=0
for t in "${targets[@]}"; do
    mkdir -p "work/corpus/$t" "artifacts/$t"
    dirs=("work/corpus/$t")
    for d in "corpus/$t" "regressions/$t"; do
        [[ -d "$d" ]] && dirs+=("$d")
    done
    marker=$(mktemp)
    log="work/logs/$t.log"
    echo "fuzzing $t for ${secs}s (log: fuzz/$log)" >&2
    # rayon: the engine target runs the rules on a thread pool; one thread is plenty here.
    RAYON_NUM_THREADS=1 "${fuzz[@]}" run -s "$sanitizer" "$t" "${dirs[@]}" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -dict=dict/egress.dict \
        -print_final_stats=1 "${mode[@]}" >"$log" 2>&1
    # Plain runs print `#N ...` status lines, fork mode `#N: ...`; N counts executions.
    execs[$t]=$(grep -aoE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    n=$(find "artifacts/$t" -type f -newer "$marker" \
        \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    rm -f "$marker"
    crashes[$t]=$n
    total=$((total + n))
done

printf '\n%-14s %12s %8s\n' target executions crashes
for t in "${targets[@]}"; do
    printf '%-14s %12s %8s\n' "$t" "${execs[$t]:-?}" "${crashes[$t]}"
done
if [[ $total -gt 0 ]]; then
    echo
    echo "panic locations of this run's crashes (count, target: location), replayed one by one:"
    triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
    for t in "${targets[@]}"; do
        [[ ${crashes[$t]} -gt 0 ]] || continue
        find "artifacts/$t" -type f -newermt "@$started" -name 'crash-*' | head -n 100 |
            while read -r f; do
                RUST_BACKTRACE=0 "target/$triple/release/$t" "$f" 2>&1 | grep -aoE "panicked at [^ ]+:[0-9]+:[0-9]+" |
                    head -n 1
            done | sort | uniq -c | sed "s/^/  $t: /"
    done
    echo
    echo "$total new crash/timeout/oom/leak files under fuzz/artifacts/: minimize each with" \
        "'cargo +nightly fuzz tmin -s $sanitizer TARGET FILE' and keep it in fuzz/regressions/TARGET/"
    exit 1
fi
