#!/usr/bin/env bash
# benches/verify_rows.sh — performance of `egress verify --phase rows` (row counts, and
# row counts + content checksums, of the manifest's tables on a source and a target
# PostgreSQL database) compared with the hand-made baseline: a sequential loop of
# `psql -Atc 'select count(*) from tNN'` over every table on both databases.
#
# Usage (from any directory):
#   benches/verify_rows.sh            # fill the databases if needed, time, report
#   benches/verify_rows.sh --drop     # drop egress_bench_src and egress_bench_tgt, exit
#
# What it does:
#   1. checks the local PostgreSQL server (pg_isready, then psql)
#   2. creates egress_bench_src and egress_bench_tgt (reused as-is when their marker table
#      egress_bench_meta says they hold the same row total and layout), each with 10 tables
#      t01..t10 of varied widths, EGRESS_BENCH_ROWS rows in total unevenly split
#      (40/20/12/8/6/5/4/3/1.2/0.8 %: 2M, 1M, 600k, ... 40k for 5M), identical content on
#      both sides, filled with INSERT ... SELECT generate_series (synchronous_commit=off,
#      primary key added after the load, then VACUUM ANALYZE); both databases are filled
#      concurrently and the fill time is measured and reported
#   3. cargo build --release               (skipped when EGRESS_BIN is set)
#   4. writes the manifest to a temp file, warms the cache (one run of each command,
#      checking that egress passes and agrees with psql), then times, with hyperfine
#      (--warmup 1 --runs N) or a bash loop (min/median):
#        a) egress verify --phase rows --format json --jobs 4
#        b) egress verify --phase rows --format json --jobs 4 --checksum
#        c) psql -X -Atc 'select count(*) from tNN'  x 10 tables x 2 databases, sequential
#        d) egress verify --phase rows --format json --jobs 1     (EGRESS_BENCH_JOBS1=0 skips)
#        e) the key diff (EG918): egress_bench_src against egress_bench_gap, a copy of the
#           target (CREATE DATABASE ... TEMPLATE) with 40 rows of t01 deleted in one key range
#           (ids 1000001-1000040), --jobs 4 with and without --checksum; egress must exit 1
#           with exactly one EG911 and one EG918 naming that range and 40 missing keys
#           (EGRESS_BENCH_KEYDIFF=0 skips)
#   5. prints a Markdown table (case | time | vs psql loop) with machine info and the fill
#      time, also written to $EGRESS_BENCH_OUT/verify_rows.md.
#      Exit status: 0 done, 1 egress did not pass on identical databases or its counts
#      disagree with psql, 2 setup error (no server, no psql, build failure, ...).
#
# Environment:
#   EGRESS_BENCH_DATABASE_URL  admin connection (default postgres://postgres@127.0.0.1:5432/postgres);
#                              the bench databases live on the same server
#   EGRESS_BENCH_ROWS          rows per database, all 10 tables   (default 5000000)
#   EGRESS_BENCH_RUNS          timed runs per case                 (default 5)
#   EGRESS_BENCH_JOBS          --jobs of cases a and b             (default 4)
#   EGRESS_BENCH_JOBS1         1 = also time --jobs 1, 0 = skip    (default 1)
#   EGRESS_BENCH_KEYDIFF       1 = also time the key diff, 0 = skip (default 1)
#   EGRESS_BENCH_TIMEOUT       egress --count-timeout in seconds   (default 600; the default
#                              300 s is enough for this tree; raise it for bigger ones)
#   EGRESS_BENCH_OUT           report / hyperfine JSON / logs      (default target/egress-bench)
#   EGRESS_BIN                 use this egress binary instead of building target/release/egress
#
# Optional tools (the script never installs anything):
#   hyperfine  apt-get install hyperfine | cargo install hyperfine
# Required: psql (apt-get install postgresql-client) and a running PostgreSQL server.
#
# Notes: the psql loop uses -X (skip ~/.psqlrc) so a local psqlrc cannot change its output;
# otherwise it is the command people type. Both egress and psql run on this machine, so
# on a small box the client and the server share the CPUs; over a network the round trips
# of the psql loop (20 connections) weigh more. Disk: about 0.5 GB per database for 5M rows.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ADMIN_URL="${EGRESS_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
ROWS="${EGRESS_BENCH_ROWS:-5000000}"
RUNS="${EGRESS_BENCH_RUNS:-5}"
JOBS="${EGRESS_BENCH_JOBS:-4}"
JOBS1="${EGRESS_BENCH_JOBS1:-1}"
KEYDIFF="${EGRESS_BENCH_KEYDIFF:-1}"
TIMEOUT="${EGRESS_BENCH_TIMEOUT:-600}"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${EGRESS_BENCH_OUT:-$TARGET_DIR/egress-bench}"

SRC_DB=egress_bench_src
TGT_DB=egress_bench_tgt
GAP_DB=egress_bench_gap          # the target with 40 rows of t01 missing (case e)
GAP_LO=1000001 GAP_HI=1000040
LAYOUT=v1                       # bump when the table definitions below change
TABLES=(t01 t02 t03 t04 t05 t06 t07 t08 t09 t10)
# Share of the total per table, in per mille (sums to 1000): 2M, 1M, 600k, ... 40k of 5M.
SHARES=(400 200 120 80 60 50 40 30 12 8)

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

DROP=0
for arg in "$@"; do
  case "$arg" in
    --drop) DROP=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (usage: benches/verify_rows.sh [--drop])" ;;
  esac
done
[[ "$ROWS" =~ ^[0-9]+$ ]] && (( ROWS >= 10 )) || die "EGRESS_BENCH_ROWS must be an integer >= 10 (got '$ROWS')"
[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 )) || die "EGRESS_BENCH_RUNS must be an integer >= 1 (got '$RUNS')"
[[ "$JOBS" =~ ^[0-9]+$ ]] && (( JOBS >= 1 )) || die "EGRESS_BENCH_JOBS must be an integer >= 1 (got '$JOBS')"
(( JOBS == 1 )) && JOBS1=0      # case d would repeat case a

# db_url NAME -> ADMIN_URL with its database replaced by NAME (query string kept)
db_url() {
  local url=${ADMIN_URL%%\?*} query="" scheme rest
  [[ "$ADMIN_URL" == *\?* ]] && query="?${ADMIN_URL#*\?}"
  [[ "$url" == *://* ]] || die "EGRESS_BENCH_DATABASE_URL must be a postgres:// URL (got '$ADMIN_URL')"
  scheme=${url%%://*}; rest=${url#*://}
  printf '%s://%s/%s%s' "$scheme" "${rest%%/*}" "$1" "$query"
}
SRC_URL=$(db_url "$SRC_DB")
TGT_URL=$(db_url "$TGT_DB")
GAP_URL=$(db_url "$GAP_DB")

# ------------------------------------------------------------------ tools and server
command -v psql >/dev/null 2>&1 ||
  die "psql not found. Install the client: apt-get install postgresql-client (and run a PostgreSQL server)"
if command -v pg_isready >/dev/null 2>&1; then
  pg_isready -q -d "$ADMIN_URL" ||
    die "no PostgreSQL server answers at $ADMIN_URL (pg_isready). Start one (e.g. service postgresql start) or set EGRESS_BENCH_DATABASE_URL"
fi
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -d "$ADMIN_URL" "$@"; }
PSQL_ERR=$(psql_admin -Atc 'select 1' 2>&1 >/dev/null) ||
  die "cannot connect with psql to $ADMIN_URL: ${PSQL_ERR:-?}. Check the server, the user and its auth (trust or PGPASSWORD/~/.pgpass), or set EGRESS_BENCH_DATABASE_URL"
SERVER_NUM=$(psql_admin -Atc 'show server_version_num')

drop_db() {
  if (( SERVER_NUM >= 130000 )); then
    psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
  else
    psql_admin -c "DROP DATABASE IF EXISTS $1"
  fi
}

if (( DROP )); then
  say "dropping $SRC_DB, $TGT_DB and $GAP_DB"
  drop_db "$SRC_DB" || die "could not drop $SRC_DB"
  drop_db "$TGT_DB" || die "could not drop $TGT_DB"
  drop_db "$GAP_DB" || die "could not drop $GAP_DB"
  exit 0
fi

mkdir -p "$OUT"
HAVE_HF=0 HF_NO_SHELL=0
if command -v hyperfine >/dev/null 2>&1; then
  HAVE_HF=1
  hyperfine --help 2>/dev/null | grep -q -- '--shell=none' && HF_NO_SHELL=1   # hyperfine >= 1.13
else
  warn "hyperfine not found: using a bash timing loop. Install: apt-get install hyperfine  (or: cargo install hyperfine)"
fi

# ------------------------------------------------------------------ 2. databases
# rows per table: ROWS * share / 1000, the last table takes the rounding remainder
COUNTS=() acc=0
for i in "${!TABLES[@]}"; do
  if (( i < ${#TABLES[@]} - 1 )); then n=$(( ROWS * SHARES[i] / 1000 )); else n=$(( ROWS - acc )); fi
  COUNTS+=("$n"); acc=$(( acc + n ))
done

# Deterministic content (no random(), no now()) so both databases are identical, checksums included.
fill_sql() {
  local c=("${COUNTS[@]}") ts="timestamptz '2020-01-01 00:00:00+00'"
  cat <<SQL
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
CREATE TABLE t01 (id bigint NOT NULL, account_id bigint, status text, amount numeric(12,2), created_at timestamptz);
INSERT INTO t01 SELECT g, g % 50000, (ARRAY['new','paid','shipped','refunded'])[1 + g % 4],
  round((g % 100000) / 100.0, 2), $ts + g * interval '7 seconds' FROM generate_series(1, ${c[0]}) g;
CREATE TABLE t02 (id bigint NOT NULL, payload text, created_at timestamptz);
INSERT INTO t02 SELECT g, md5(g::text) || md5((g + 1)::text), $ts + g * interval '11 seconds'
  FROM generate_series(1, ${c[1]}) g;
CREATE TABLE t03 (id bigint NOT NULL, name text, email text, score numeric(6,1), created_at timestamptz, updated_at timestamptz);
INSERT INTO t03 SELECT g, 'user_' || g, 'user' || g || '@example.com', (g % 1000) / 10.0,
  $ts + g * interval '13 seconds', $ts + g * interval '13 seconds' + interval '1 day' FROM generate_series(1, ${c[2]}) g;
CREATE TABLE t04 (id bigint NOT NULL, parent_id bigint, created_at timestamptz);
INSERT INTO t04 SELECT g, g / 10, $ts + g * interval '3 seconds' FROM generate_series(1, ${c[3]}) g;
CREATE TABLE t05 (id bigint NOT NULL, a text, b text, c text, d text, price numeric(14,4), tax numeric(14,4),
  created_at timestamptz, updated_at timestamptz);
INSERT INTO t05 SELECT g, md5(g::text), md5((g * 2)::text), md5((g * 3)::text), 'sku-' || (g % 9973),
  (g % 100000) / 7.0, (g % 1000) / 3.0, $ts + g * interval '5 seconds', $ts + g * interval '6 seconds'
  FROM generate_series(1, ${c[4]}) g;
CREATE TABLE t06 (id bigint NOT NULL, created_at timestamptz);
INSERT INTO t06 SELECT g, $ts + g * interval '1 second' FROM generate_series(1, ${c[5]}) g;
CREATE TABLE t07 (id bigint NOT NULL, sku text, price numeric(10,2), created_at timestamptz);
INSERT INTO t07 SELECT g, 'SKU-' || lpad((g % 100000)::text, 6, '0'), (g % 50000) / 100.0,
  $ts + g * interval '17 seconds' FROM generate_series(1, ${c[6]}) g;
CREATE TABLE t08 (id bigint NOT NULL, body text, created_at timestamptz);
INSERT INTO t08 SELECT g, repeat(md5(g::text), 8), $ts + g * interval '19 seconds' FROM generate_series(1, ${c[7]}) g;
CREATE TABLE t09 (id bigint NOT NULL, key text, value text);
INSERT INTO t09 SELECT g, 'setting.' || g, md5(g::text) FROM generate_series(1, ${c[8]}) g;
CREATE TABLE t10 (id bigint NOT NULL, amount numeric(12,2), note text, created_at timestamptz);
INSERT INTO t10 SELECT g, (g % 777777) / 100.0, 'note ' || g, $ts + g * interval '23 seconds'
  FROM generate_series(1, ${c[9]}) g;
SQL
  local t
  for t in "${TABLES[@]}"; do echo "ALTER TABLE $t ADD PRIMARY KEY (id);"; done
  echo "VACUUM ANALYZE;"
}

# db_ok NAME URL -> 0 when the marker says this row total and layout, and all tables exist
db_ok() {
  local exists marker
  exists=$(psql_admin -Atc "select 1 from pg_database where datname = '$1'" 2>/dev/null || true)
  [[ "$exists" == 1 ]] || return 1
  marker=$(psql -X -q -d "$2" -Atc "select rows || ' ' || layout || ' ' ||
      (select count(*) from pg_tables where schemaname = 'public' and tablename ~ '^t[0-9][0-9]\$')
    from egress_bench_meta" 2>/dev/null || true)
  [[ "$marker" == "$ROWS $LAYOUT ${#TABLES[@]}" ]]
}

# fill_db NAME URL  (logs to $OUT/verify_rows-fill-NAME.log)
fill_db() {
  local log=$OUT/verify_rows-fill-$1.log t0 t1
  t0=$(date +%s.%N)
  {
    drop_db "$1" && psql_admin -c "CREATE DATABASE $1" &&
    fill_sql | psql -X -q -v ON_ERROR_STOP=1 -d "$2" &&
    t1=$(date +%s.%N) &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$2" -c "CREATE TABLE egress_bench_meta AS SELECT
        $ROWS::bigint AS rows, '$LAYOUT'::text AS layout,
        round($t1 - $t0, 1) AS fill_seconds, now() AS filled_at"
  } >"$log" 2>&1
}

declare -A FILL_S
TO_FILL=()
for db in "$SRC_DB" "$TGT_DB"; do
  url=$SRC_URL; [[ $db == "$TGT_DB" ]] && url=$TGT_URL
  if db_ok "$db" "$url"; then say "reusing $db ($ROWS rows, layout $LAYOUT)"; else TO_FILL+=("$db"); fi
done
FILL_WALL=""
if (( ${#TO_FILL[@]} )); then
  say "filling ${TO_FILL[*]}: $ROWS rows each over ${#TABLES[@]} tables (${COUNTS[*]}), concurrently"
  t0=$(date +%s.%N)
  declare -A PIDS
  for db in "${TO_FILL[@]}"; do
    url=$SRC_URL; [[ $db == "$TGT_DB" ]] && url=$TGT_URL
    fill_db "$db" "$url" & PIDS[$db]=$!
  done
  for db in "${TO_FILL[@]}"; do
    wait "${PIDS[$db]}" || { sed -n '1,20p' "$OUT/verify_rows-fill-$db.log" >&2; die "filling $db failed; see $OUT/verify_rows-fill-$db.log"; }
  done
  t1=$(date +%s.%N)
  FILL_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  say "filled in ${FILL_WALL}s"
fi
for db in "$SRC_DB" "$TGT_DB"; do
  url=$SRC_URL; [[ $db == "$TGT_DB" ]] && url=$TGT_URL
  FILL_S[$db]=$(psql -X -q -d "$url" -Atc "select fill_seconds || 's on ' || to_char(filled_at, 'YYYY-MM-DD HH24:MI') from egress_bench_meta")
done
DB_SIZE=$(psql_admin -Atc "select pg_size_pretty(pg_database_size('$SRC_DB'))")

# The gap database (case e): a copy of the target, 40 rows of t01 deleted in one key range.
(( ROWS * SHARES[0] / 1000 >= GAP_HI )) || KEYDIFF=0   # t01 too small for the gap
if (( KEYDIFF )); then
  gap=$(psql -X -q -d "$GAP_URL" -Atc "select (select rows || ' ' || layout from egress_bench_meta) || ' ' ||
      (select count(*) from t01 where id between $GAP_LO and $GAP_HI) || ' ' || (select count(*) from t01)" 2>/dev/null || true)
  if [[ "$gap" == "$ROWS $LAYOUT 0 $(( COUNTS[0] - 40 ))" ]]; then
    say "reusing $GAP_DB"
  else
    say "creating $GAP_DB: a copy of $TGT_DB without t01 ids $GAP_LO-$GAP_HI"
    { drop_db "$GAP_DB" && psql_admin -c "CREATE DATABASE $GAP_DB TEMPLATE $TGT_DB" &&
      psql -X -q -v ON_ERROR_STOP=1 -d "$GAP_URL" -c "DELETE FROM t01 WHERE id BETWEEN $GAP_LO AND $GAP_HI" -c "VACUUM ANALYZE t01"
    } >"$OUT/verify_rows-fill-$GAP_DB.log" 2>&1 || die "creating $GAP_DB failed; see $OUT/verify_rows-fill-$GAP_DB.log"
  fi
fi

# ------------------------------------------------------------------ 3. build
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

# ------------------------------------------------------------------ 4. manifest, warm-up, checks
WORK=$(mktemp -d "${TMPDIR:-/tmp}/egress-verify-rows.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
MANIFEST=$WORK/migration-manifest.yml
{
  echo "source:"
  echo "  db_url: $SRC_URL"
  echo "target:"
  echo "  db_url: $TGT_URL"
  echo "verification:"
  list=$(IFS=,; echo "${TABLES[*]}")
  echo "  row_count_tables: [${list//,/, }]"
} >"$MANIFEST"

GAP_MANIFEST=$WORK/gap-manifest.yml
sed "s|$TGT_URL|$GAP_URL|" "$MANIFEST" >"$GAP_MANIFEST"
# Case e exits 1 (the findings it exists to make): the wrapper turns that into 0 for the timers.
GAP_RUN=$WORK/keydiff.sh
{
  echo '#!/usr/bin/env bash'
  echo '"$@" >/dev/null; [[ $? == 1 ]]'
} >"$GAP_RUN"

PSQL_LOOP=$WORK/psql_loop.sh
{
  echo '#!/usr/bin/env bash'
  echo 'set -e'
  for url in "$SRC_URL" "$TGT_URL"; do
    for t in "${TABLES[@]}"; do printf 'psql -X -Atc %q %q\n' "select count(*) from $t" "$url"; done
  done
} >"$PSQL_LOOP"

VERIFY=("$EGRESS" verify --manifest "$MANIFEST" --phase rows --format json --count-timeout "$TIMEOUT")
CASE_J=("${VERIFY[@]}" --jobs "$JOBS")
CASE_CK=("${VERIFY[@]}" --jobs "$JOBS" --checksum)
CASE_J1=("${VERIFY[@]}" --jobs 1)
CASE_PSQL=(bash "$PSQL_LOOP")
GAP_VERIFY=("$EGRESS" verify --manifest "$GAP_MANIFEST" --phase rows --format json --count-timeout "$TIMEOUT" --jobs "$JOBS")
CASE_KD=(bash "$GAP_RUN" "${GAP_VERIFY[@]}")
CASE_KD_CK=(bash "$GAP_RUN" "${GAP_VERIFY[@]}" --checksum)

say "warm-up and sanity checks"
mapfile -t PSQL_COUNTS < <(bash "$PSQL_LOOP") || die "the psql loop failed"
expected=$(printf '%s\n' "${COUNTS[@]}" "${COUNTS[@]}")
[[ "$(printf '%s\n' "${PSQL_COUNTS[@]}")" == "$expected" ]] ||
  die "psql counts (${PSQL_COUNTS[*]}) differ from the expected (${COUNTS[*]} on each side): drop with --drop and rerun"
FAILED=0
check_egress() {  # NAME CMD... : one run, exit 0 expected, counts must match psql's
  local name=$1 rc=0 json=$OUT/verify_rows-$1.out.json; shift
  "$@" >"$json" 2>"$OUT/verify_rows-$name.stderr" || rc=$?
  if (( rc != 0 )); then
    warn "$name: egress exited with $rc on identical databases (expected 0); see $json and $OUT/verify_rows-$name.stderr"
    sed -n '1,10p' "$OUT/verify_rows-$name.stderr" >&2
    FAILED=1; return
  fi
  # one "tNN rows" check per table, status pass, evidence starting with psql's count
  local got want i
  got=$(awk -F'"' '/"check":/ { c = $4 } /"status":/ { s = $4 } /"evidence":/ { split($4, a, " "); print c "|" s "|" a[1] }' "$json" | LC_ALL=C sort)
  want=$(for i in "${!TABLES[@]}"; do echo "${TABLES[i]} rows|pass|${COUNTS[i]}"; done | LC_ALL=C sort)
  if [[ "$got" != "$want" ]]; then
    warn "$name: egress checks differ from psql's counts; see $json"
    diff <(echo "$want") <(echo "$got") >&2 || true
    FAILED=1
  fi
}
check_egress "rows-j$JOBS" "${CASE_J[@]}"
check_egress "rows-j$JOBS-checksum" "${CASE_CK[@]}"
(( JOBS1 )) && check_egress rows-j1 "${CASE_J1[@]}"
check_keydiff() {  # NAME CMD... : exit 1, one EG911 and one EG918 naming the gap and its 40 keys
  local name=$1 rc=0 json=$OUT/verify_rows-$1.out.json want; shift
  "$@" >"$json" 2>"$OUT/verify_rows-$name.stderr" || rc=$?
  want="\`t01\` rows differ by \`id\` in 1 key range ($GAP_LO-$GAP_HI): 40 missing on the target ($GAP_LO, "
  if (( rc != 1 )) || [[ $(grep -c '"message": ' "$json") != 2 ]] || ! grep -q '"rule": "EG918"' "$json" ||
     ! grep -qF "$want" "$json"; then
    warn "$name: expected exit 1 with one EG911 and one EG918 ($want...), got exit $rc; see $json"
    FAILED=1
  fi
}
if (( KEYDIFF )); then
  check_keydiff "keydiff-j$JOBS" "${GAP_VERIFY[@]}"
  check_keydiff "keydiff-j$JOBS-checksum" "${GAP_VERIFY[@]}" --checksum
fi

# ------------------------------------------------------------------ 5. timing
declare -A MED MIN   # milliseconds

hf_field() {  # KEY FILE -> first "KEY": seconds value in a hyperfine JSON export, in ms
  awk -v k="\"$1\"" '{ gsub(/[ ,]/, "") } index($0, k ":") == 1 { split($0, a, ":"); printf "%.3f", a[2] * 1000; exit }' "$2"
}

bench() {  # NAME CMD...
  local name=$1; shift
  say "timing $name"
  if (( HAVE_HF )); then
    local cmd json=$OUT/verify_rows-$name.json
    cmd=$(printf '%q ' "$@")
    local hf=(hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$json")
    if (( HF_NO_SHELL )); then hf+=(--shell=none); else hf+=(--shell=bash); cmd+=" >/dev/null"; fi
    "${hf[@]}" "$cmd" >&2 || die "hyperfine failed for $name"
    MED[$name]=$(hf_field median "$json")
    MIN[$name]=$(hf_field min "$json")
  else
    local i t0 t1 rc times=()
    for ((i = 0; i <= RUNS; i++)); do        # run 0 is the warmup
      t0=$(date +%s.%N)
      rc=0; "$@" >/dev/null 2>&1 || rc=$?
      t1=$(date +%s.%N)
      (( rc == 0 )) || die "$name exited with $rc"
      (( i == 0 )) || times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -g)
    MIN[$name]=$(sed -n 1p <<<"$sorted")
    MED[$name]=$(awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }' <<<"$sorted")
    printf '    %s: min %s ms, median %s ms (%s runs: %s)\n' "$name" "${MIN[$name]}" "${MED[$name]}" "$RUNS" "${times[*]}" >&2
  fi
}

if (( FAILED )); then
  warn "egress did not pass on identical databases: timings skipped"
else
  bench psql-loop "${CASE_PSQL[@]}"
  bench "rows-j$JOBS" "${CASE_J[@]}"
  bench "rows-j$JOBS-checksum" "${CASE_CK[@]}"
  (( JOBS1 )) && bench rows-j1 "${CASE_J1[@]}"
  if (( KEYDIFF )); then
    bench "keydiff-j$JOBS" "${CASE_KD[@]}"
    bench "keydiff-j$JOBS-checksum" "${CASE_KD_CK[@]}"
  fi
fi

# ------------------------------------------------------------------ 6. report
fmt_ms() { awk -v v="$1" 'BEGIN { if (v >= 10000) printf "%.1f s", v / 1000; else if (v >= 100) printf "%.0f ms", v; else printf "%.1f ms", v }'; }
vs() {  # CASE_MS BASE_MS -> "3.1x faster" | "1.4x slower" | "="
  awk -v c="$1" -v b="$2" 'BEGIN { r = b / c; if (r >= 1.05) printf "%.1fx faster", r; else if (r <= 0.95) printf "%.1fx slower", 1 / r; else printf "about the same" }'
}
TABLE_ROWS=()
row() {  # NAME LABEL
  [[ -n "${MED[$1]:-}" ]] || return 0
  local cmp="baseline"
  [[ $1 == psql-loop ]] || cmp=$(vs "${MED[$1]}" "${MED[psql-loop]}")
  TABLE_ROWS+=("| $2 | $(fmt_ms "${MED[$1]}") (min $(fmt_ms "${MIN[$1]}")) | $cmp |")
}
row "rows-j$JOBS" "egress verify --phase rows --jobs $JOBS"
row "rows-j$JOBS-checksum" "egress verify --phase rows --jobs $JOBS --checksum"
row psql-loop "psql -Atc 'select count(*) ...' loop (20 calls)"
(( JOBS1 )) && row rows-j1 "egress verify --phase rows --jobs 1"
row "keydiff-j$JOBS" "key diff: 40 rows missing in t01, --jobs $JOBS"
row "keydiff-j$JOBS-checksum" "key diff: 40 rows missing in t01, --jobs $JOBS --checksum"
KD_LINE=""
if [[ -n "${MED[keydiff-j$JOBS-checksum]:-}" ]]; then
  KD_LINE=$(awk -v k="${MED[keydiff-j$JOBS-checksum]}" -v c="${MED[rows-j$JOBS-checksum]}" -v n="${MED[keydiff-j$JOBS]}" \
    'BEGIN { printf "Key diff vs --checksum on identical databases: %.2fx without --checksum, %.2fx with it (goal <= 1.5x).", n / c, k / c }')
fi

EGRESS_VERSION=$("$EGRESS" --version 2>/dev/null | sed -n 1p || true)
TIMER='bash loop (date +%s.%N)'
(( HAVE_HF )) && TIMER=$(hyperfine --version 2>/dev/null | sed -n 1p)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
PG_VERSION=$(psql_admin -Atc 'select version()' | sed 's/ on .*//')
PG_SETTINGS=$(psql_admin -Atc "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings
  where name in ('shared_buffers', 'max_parallel_workers_per_gather', 'max_connections')")
FILL_LINE="reused (filled earlier: src ${FILL_S[$SRC_DB]}, tgt ${FILL_S[$TGT_DB]})"
[[ -n "$FILL_WALL" ]] && FILL_LINE="${FILL_WALL}s wall for ${TO_FILL[*]} filled concurrently (src ${FILL_S[$SRC_DB]}, tgt ${FILL_S[$TGT_DB]})"
{
  echo
  echo "## egress verify --phase rows benchmark"
  echo
  echo "| case | time | vs psql loop |"
  echo "|---|---|---|"
  if (( ${#TABLE_ROWS[@]} )); then printf '%s\n' "${TABLE_ROWS[@]}"; else echo "| (not timed: egress failed the sanity check) | | |"; fi
  echo
  echo "Times are medians of $RUNS runs after 1 warm-up, page cache warm, timer: $TIMER."
  echo "--checksum also hashes every row (sum of hashtextextended(row::text)), so it does more work than the count(*) baseline."
  [[ -n "$KD_LINE" ]] && echo "$KD_LINE"
  echo
  echo "- data: 2 databases ($SRC_DB, $TGT_DB) x 10 tables, $ROWS rows each (${COUNTS[*]}), $DB_SIZE per database"
  echo "- fill: $FILL_LINE"
  echo "- egress: $EGRESS_VERSION ($EGRESS), --count-timeout $TIMEOUT"
  echo "- postgres: $PG_VERSION ($PG_SETTINGS), server at $(db_url '')"
  echo "- nproc: $(nproc)"
  echo "- cpu: ${CPU:-unknown}"
  echo "- kernel: $(uname -sr)"
  echo "- rustc: $(rustc --version 2>/dev/null || echo 'not found')"
  echo "- psql: $(psql --version 2>/dev/null | sed -n 1p)"
  echo "- raw results: $OUT/verify_rows-*"
} | tee "$OUT/verify_rows.md"

exit "$FAILED"
