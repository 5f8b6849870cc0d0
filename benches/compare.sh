#!/usr/bin/env bash
# Whole-file comparisons, one process per run: the `rollcheck schema` binary next to `wc -l`
# (the I/O floor) on the same files, and next to squawk (a PostgreSQL migration linter) on the
# same DDL statements; plus the peak memory (max RSS) of each command.
#
#   benches/compare.sh            # all rows
#   RUNS=10 benches/compare.sh    # more timed runs per command (default 5)
#   QUICK=1 benches/compare.sh    # skip the slow row (rollcheck on the 10,000-table statements)
#
# Builds rollcheck with --release, generates the inputs if they are missing (through
# `cargo bench --bench gen_inputs`, cached in target/bench-data/), reads every input once so
# that it is in the page cache, then times each command with hyperfine when it is installed
# (Debian package `hyperfine`), otherwise with a loop of its own, and measures max RSS with
# GNU time (`/usr/bin/time -f %M`, Debian package `time`). squawk is looked up as $SQUAWK,
# on PATH, then in /opt/squawk/bin; without it its rows say so. See docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-5}
QUICK=${QUICK:-}

cargo build --release --quiet --bin rollcheck
BIN=$PWD/target/release/rollcheck

declare -A input
while IFS='=' read -r key value; do
  input[$key]=$value
done < <(cargo bench --quiet --bench gen_inputs -- --scaling 2>/dev/null | grep -E '^[a-z_0-9]+=')
for key in schema statements data_big data_small statements_1250; do
  [ -n "${input[$key]:-}" ] || { echo "compare.sh: gen_inputs did not report '$key'" >&2; exit 2; }
done

SQUAWK=${SQUAWK:-$(command -v squawk || true)}
[ -n "$SQUAWK" ] || { [ -x /opt/squawk/bin/squawk ] && SQUAWK=/opt/squawk/bin/squawk; } || true
HYPERFINE=$(command -v hyperfine || true)
GNU_TIME=/usr/bin/time
[ -x "$GNU_TIME" ] || GNU_TIME=

statements_1250=${input[statements_1250]}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM ($(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo) GiB MemTotal)"
echo "kernel: $(uname -r); $(wc --version | head -1); rollcheck $("$BIN" --version | awk '{print $2}') ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet -- src 2>/dev/null || echo '+local changes'))"
if [ -n "$SQUAWK" ]; then echo "squawk: $("$SQUAWK" --version 2>&1 | head -1) ($SQUAWK)"; else echo "squawk: not installed"; fi
echo "timing: ${HYPERFINE:+hyperfine $($HYPERFINE --version | awk '{print $2}'), }$RUNS runs per command after 1 warm-up run (mean); max RSS by GNU time, one run"
echo

for f in "${input[@]}" "$statements_1250"; do cat "$f" > /dev/null; done

size_of() { stat -c %s "$1"; }

# mean wall seconds of a shell command over $2 runs (1 warm-up first)
time_cmd() {
  local cmd=$1 runs=$2
  if [ -n "$HYPERFINE" ]; then
    local csv; csv=$(mktemp)
    "$HYPERFINE" --style none --warmup 1 --runs "$runs" -i --export-csv "$csv" "$cmd" > /dev/null 2>&1
    awk -F, 'NR==2 {print $2}' "$csv"
    rm -f "$csv"
  else
    bash -c "$cmd" > /dev/null 2>&1 || true
    local total=0 i t0 t1
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N); bash -c "$cmd" > /dev/null 2>&1 || true; t1=$(date +%s%N)
      total=$((total + t1 - t0))
    done
    awk -v t="$total" -v n="$runs" 'BEGIN {printf "%.6f\n", t / n / 1e9}'
  fi
}

# "wall-seconds max-RSS-MiB" of one run (GNU time), or "n/a n/a"
once_cmd() {
  [ -n "$GNU_TIME" ] || { echo "n/a n/a"; return; }
  local out; out=$(mktemp)
  "$GNU_TIME" -f '%e %M' -o "$out" bash -c "exec $1" > /dev/null 2>&1 || true
  # (GNU time writes "Command exited with non-zero status N" first when it does; squawk exits 1
  # when it finds issues)
  tail -n 1 "$out" | awk '{printf "%s %.1f\n", $1, $2 / 1024}'
  rm -f "$out"
}

printf '%-34s %-26s %9s %9s %9s %10s %10s %12s\n' "input" "command" "MB" "mean s" "MB/s" "vs wc -l" "vs squawk" "max RSS MiB"
printf '%s\n' "----------------------------------------------------------------------------------------------------------------------------------"

# throughput relative to a reference, in percent
pct() { awk -v a="$1" -v w="${2:-0}" 'BEGIN {if (w <= 0) print "-"; else if (100 * a / w >= 10) printf "%.0f%%", 100 * a / w; else printf "%.2f%%", 100 * a / w}'; }

declare -A wc_mbs sq_mbs
row() { # row LABEL-INPUT FILE NAME COMMAND RUNS (RUNS=1: one run, timed by GNU time, no warm-up)
  local label=$1 file=$2 name=$3 cmd=$4 runs=$5
  local bytes mb secs mbs vs rss once
  bytes=$(size_of "$file")
  mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
  once=$(once_cmd "$cmd")
  rss=${once#* }
  if [ "$runs" -gt 1 ] || [ -z "$GNU_TIME" ]; then secs=$(time_cmd "$cmd" "$runs"); else secs=${once%% *}; name="$name (1 run)"; fi
  mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.1f", b / 1e6 / s}')
  case $name in "wc -l"*) wc_mbs[$file]=$mbs ;; squawk*) sq_mbs[$file]=$mbs ;; esac
  printf '%-34s %-26s %9s %9.3f %9s %10s %10s %12s\n' "$label" "$name" "$mb" "$secs" "$mbs" \
    "$(pct "$mbs" "${wc_mbs[$file]:-}")" "$(pct "$mbs" "${sq_mbs[$file]:-}")" "$rss"
}

for key in data_small data_big; do
  f=${input[$key]}
  label="$(basename "$f")"
  row "$label" "$f" "wc -l" "wc -l '$f'" "$RUNS"
  row "$label" "$f" "rollcheck schema" "'$BIN' schema '$f'" "$RUNS"
done

for f in "$statements_1250" "${input[statements]}"; do
  label="$(basename "$f")"
  slow=
  case $f in *10000t*) slow=1 ;; esac
  row "$label" "$f" "wc -l" "wc -l '$f'" "$RUNS"
  if [ -n "$SQUAWK" ]; then
    row "$label" "$f" "squawk" "'$SQUAWK' --reporter gcc '$f'" "$RUNS"
  else
    printf '%-34s %-26s %s\n' "$label" "squawk" "not installed (see docs/PERFORMANCE.md)"
  fi
  if [ -n "$slow" ] && [ -n "$QUICK" ]; then
    printf '%-34s %-26s %s\n' "$label" "rollcheck schema" "skipped (QUICK=1)"
  elif [ -n "$slow" ]; then
    row "$label" "$f" "rollcheck schema" "'$BIN' schema '$f'" 1
  else
    row "$label" "$f" "rollcheck schema" "'$BIN' schema '$f'" "$RUNS"
  fi
done
