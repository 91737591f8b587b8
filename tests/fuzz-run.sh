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
#
# fuzz-run.sh --cpu NAME=SECONDS...: the named harnesses one after the
# other, each until it has used SECONDS of CPU time (user + system; on a
# shared machine wall-clock time says little), stopped then by SIGINT so
# libFuzzer prints its final statistics; a harness that has not used its
# budget after FUZZ_WALL_CAP wall-clock seconds (default 4 times SECONDS)
# stops there.  FUZZ_NICE (default 19) is the nice level of both forms.
set -eu
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
nice=${FUZZ_NICE:-19}
if [ "${1:-}" = --cpu ]; then
  shift
  jobs="$*"
  [ -n "$jobs" ] || { echo "usage: $0 --cpu NAME=SECONDS..." >&2; exit 64; }
else
  each=$((${1:-1200} / 4))
  jobs="scenario=$each set=$each published=$each dist=$each"
fi
hz=$(getconf CLK_TCK)

# cpu_of PID: user + system seconds of process PID so far (0 when gone).
cpu_of () {
  awk -v hz="$hz" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' \
    "/proc/$1/stat" 2>/dev/null || echo 0
}

mkdir -p fuzz-findings
: >fuzz-stats.txt
for job in $jobs; do
  h=${job%%=*}
  budget=${job#*=}
  if [ -n "${each:-}" ]; then wall=$budget; else wall=${FUZZ_WALL_CAP:-$((4 * budget))}; fi
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
    nice -n "$nice" "./tests/fuzz-$h" -dict="$src/tests/fuzz.dict" \
    -max_total_time="$wall" -timeout=300 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="fuzz-findings/$h-" "fuzz-corpus/$h" $seeds \
    2>"fuzz-$h.log" &
  timer=$!
  if [ -z "${each:-}" ]; then
    # The CPU budget: watch the fuzzer (the child of time(1)).
    sleep 1
    fuzzer=$(ps -o pid= --ppid "$timer" | tr -d ' ')
    while [ -n "$fuzzer" ] && kill -0 "$fuzzer" 2>/dev/null; do
      if awk -v c="$(cpu_of "$fuzzer")" -v b="$budget" 'BEGIN { exit !(c >= b) }'; then
        kill -INT "$fuzzer" 2>/dev/null || true
        break
      fi
      sleep 2
    done
  fi
  wait "$timer" || true
  {
    printf '%s: ' "$h"
    grep -E '^#[0-9]+.*(DONE|pulse)' "fuzz-$h.log" | tail -n 1
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "fuzz-$h.log"
    grep -E 'cov: [0-9]+' "fuzz-$h.log" | tail -n 1 | sed 's/^/  last: /'
    # Executions per CPU second: what one core would do alone (the
    # wall-clock exec/s above shrinks when other work shares the CPU).
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-$h.log")
    awk -v r="${runs:-0}" '{ c = $1 + $2; printf "  cpu_seconds: %.1f  exec_per_cpu_second: %.0f  one_core_hour_extrapolated: %.0f\n", c, (c > 0 ? r / c : 0), (c > 0 ? 3600 * r / c : 0) }' "fuzz-$h.time"
  } >>fuzz-stats.txt
done
cat fuzz-stats.txt
ls fuzz-findings
