#!/usr/bin/env bash
# Fold what the fuzzer found (fuzz/work/corpus/<target>/) into the committed corpus
# (fuzz/corpus/<target>/), minimized with `cargo fuzz cmin` and capped so the repository stays
# small: at most MAX_FILES inputs and MAX_BYTES bytes per target (smallest inputs first when
# the minimized set is larger).
#
#   fuzz/minimize.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"

max_files=${MAX_FILES:-200}
max_bytes=${MAX_BYTES:-262144}
sanitizer=${FUZZ_SANITIZER:-none}
fuzz=(cargo +nightly fuzz)
if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    mapfile -t targets < <("${fuzz[@]}" list)
fi

for t in "${targets[@]}"; do
    mkdir -p work
    all=$(mktemp -d -p work cmin.XXXXXX)
    for d in "corpus/$t" "work/corpus/$t"; do
        [[ -d "$d" ]] && find "$d" -maxdepth 1 -type f -exec cp -t "$all" {} +
    done
    before=$(find "$all" -type f | wc -l)
    RAYON_NUM_THREADS=1 "${fuzz[@]}" cmin -s "$sanitizer" "$t" "$all" -- \
        -rss_limit_mb=2048 -timeout=10 >"work/cmin-$t.log" 2>&1 ||
        { echo "$t: cmin failed, see fuzz/work/cmin-$t.log" >&2; rm -rf "$all"; continue; }
    rm -rf "corpus/$t"
    mkdir -p "corpus/$t"
    bytes=0
    files=0
    while read -r size f; do
        ((files < max_files && bytes + size <= max_bytes)) || continue
        cp "$f" "corpus/$t/"
        bytes=$((bytes + size))
        files=$((files + 1))
    done < <(find "$all" -type f -printf '%s %p\n' | sort -n)
    after=$(find "$all" -type f | wc -l)
    printf '%-14s %6d inputs -> cmin %5d -> kept %4d (%d bytes)\n' "$t" "$before" "$after" "$files" "$bytes"
    rm -rf "$all"
done
