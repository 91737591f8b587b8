#!/bin/sh
# fuzz-run.sh [SECONDS]: a capped fuzzing campaign (docs/fuzzing.md): each
# harness of `make fuzz` for SECONDS/4 seconds (default 1200 in all), one
# process, niced, with the dictionary, seeded from the shipped scenarios,
# tests/bad-scenarios and the kept inputs (tests/fuzz/NAME/).  Run from a
# build configured with CC=clang --enable-fuzzing, after make fuzz.  New
# inputs go to fuzz-corpus/NAME/ (not kept); crashes, leaks and timeouts
# to fuzz-findings/ (copy each into tests/fuzz/NAME/ with its fix).  The
# last libFuzzer status line of each harness, its CPU seconds and its
# executions per CPU second go to fuzz-stats.txt.
set -eu
total=${1:-1200}
each=$((total / 4))
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
mkdir -p fuzz-findings
: >fuzz-stats.txt
for h in scenario set published dist; do
  mkdir -p "fuzz-corpus/$h"
  seeds="$src/tests/fuzz/$h"
  case $h in
    scenario) seeds="$seeds $src/scenarios $src/scenarios/validation $src/tests/bad-scenarios" ;;
    published) seeds="$seeds $src/tests/fuzz/published" ;;
  esac
  # shellcheck disable=SC2086
  # -timeout is wall-clock: generous, so a niced fuzzer on a shared CPU
  # does not report a slow turn as a hang (a real hang still trips it).
  /usr/bin/time -o "fuzz-$h.time" -f '%U %S' \
    nice -n 19 "./tests/fuzz-$h" -dict="$src/tests/fuzz.dict" \
    -max_total_time="$each" -timeout=300 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="fuzz-findings/$h-" "fuzz-corpus/$h" $seeds \
    2>"fuzz-$h.log" || true
  {
    printf '%s: ' "$h"
    grep -E '^#[0-9]+.*(DONE|pulse)' "fuzz-$h.log" | tail -n 1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "fuzz-$h.log"
    grep -E 'cov: [0-9]+' "fuzz-$h.log" | tail -n 1 | sed 's/^/  last: /'
    # Executions per CPU second: what one core would do alone (the
    # wall-clock exec/s above shrinks when other work shares the CPU).
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-$h.log")
    awk -v r="${runs:-0}" '{ c = $1 + $2; printf "  cpu_seconds: %.1f  exec_per_cpu_second: %.0f  one_core_hour_extrapolated: %.0f\n", c, c > 0 ? r / c : 0, c > 0 ? 3600 * r / c : 0 }' "fuzz-$h.time"
  } >>fuzz-stats.txt
done
cat fuzz-stats.txt
ls fuzz-findings
