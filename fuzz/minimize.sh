#!/usr/bin/env bash
# Fold what the fuzzer found (fuzz/work/corpus/<target>/) into the committed corpus
# (fuzz/corpus/<target>/), small enough to commit and replay in `cargo test`:
#
#  1. `cargo fuzz cmin` over both: the inputs that add coverage;
#  2. of those, greedily the ones that add the most coverage features (from a libFuzzer
#     set-cover merge's control file), at most MAX_FILES inputs and MAX_BYTES bytes per target.
#
# Inputs that crash are left out (they have no coverage): crashes belong in regressions/.
#
#   fuzz/minimize.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"

max_files=${MAX_FILES:-40}
max_bytes=${MAX_BYTES:-131072}
sanitizer=${FUZZ_SANITIZER:-none}
fuzz=(cargo +nightly fuzz)
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <("${fuzz[@]}" list)
fi
"${fuzz[@]}" build -s "$sanitizer" >/dev/null 2>&1 || { "${fuzz[@]}" build -s "$sanitizer"; exit 2; }

mkdir -p work
for t in "${targets[@]}"; do
    all=$(mktemp -d -p work cmin.XXXXXX)
    for d in "corpus/$t" "work/corpus/$t"; do
        [[ -d "$d" ]] && find "$d" -maxdepth 1 -type f -exec cp -t "$all" {} +
    done
    before=$(find "$all" -type f | wc -l)
    RAYON_NUM_THREADS=1 "${fuzz[@]}" cmin -s "$sanitizer" "$t" "$all" -- \
        -rss_limit_mb=2048 -timeout=10 >"work/cmin-$t.log" 2>&1 ||
        { echo "$t: cmin failed, see fuzz/work/cmin-$t.log" >&2; rm -rf "$all"; continue; }
    after=$(find "$all" -type f | wc -l)
    # A set-cover merge into an empty folder, for its control file: it lists every feature of
    # each input (a plain merge lists only those new in size order).
    control="work/cmin-$t.control"
    empty=$(mktemp -d -p work merge.XXXXXX)
    rm -f "$control"
    RAYON_NUM_THREADS=1 "target/$triple/release/$t" -set_cover_merge=1 -merge_control_file="$control" \
        -rss_limit_mb=2048 -timeout=10 "$empty" "$all" >>"work/cmin-$t.log" 2>&1 || true
    rm -rf "$empty" "corpus/$t"
    mkdir -p "corpus/$t"
    python3 - "$control" "$max_files" "$max_bytes" <<'PY' | while read -r f; do cp "$f" "corpus/$t/"; done
import sys
control, max_files, max_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = open(control, errors="replace").read().split("\n")
n = int(lines[0])
paths = lines[2:2 + n]
size, feats = {}, {}
for line in lines[2 + n:]:
    parts = line.split()
    if len(parts) >= 3 and parts[0] == "STARTED":
        size[int(parts[1])] = int(parts[2])
    elif parts and parts[0] == "FT":
        feats[int(parts[1])] = set(parts[2:])
covered, chosen, total = set(), [], 0
while len(chosen) < max_files:
    best = max(((len(f - covered), -size.get(i, 0), i) for i, f in feats.items()
                if i not in chosen and total + size.get(i, 0) <= max_bytes), default=None)
    if best is None or best[0] == 0:
        break
    chosen.append(best[2])
    covered |= feats[best[2]]
    total += size.get(best[2], 0)
for i in chosen:
    print(paths[i])
everything = set().union(*feats.values()) if feats else set()
print(f"{len(covered)} of {len(everything)} features", file=open(control + ".kept", "w"))
PY
    kept=$(find "corpus/$t" -type f | wc -l)
    bytes=$(find "corpus/$t" -type f -printf "%s\n" | awk "{s+=\$1} END {print s+0}")
    printf '%-14s %6d inputs -> cmin %5d -> kept %3d (%6d bytes, %s)\n' "$t" "$before" "$after" \
        "$kept" "$bytes" "$(cat "$control.kept")"
    rm -rf "$all"
done
