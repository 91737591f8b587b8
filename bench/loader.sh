#!/bin/sh
# loader.sh [RUNS]: the scenario loader's speed (issue 19), RUNS times
# (default 5) per set of inputs, with the median and every run printed.
#
#   shipped: scenarios/*.xml and scenarios/validation/*.xml
#   corpus:  tests/bad-scenarios/*.xml and tests/fuzz/scenario/* (the
#            fuzz corpus kept in the project: mostly inputs that fail)
#
# Each run is `bench/ctsim-bench load --repeat 3 FILES` (cs_scenario_load,
# CPU seconds of the loads).  With FUZZ_SCENARIO=PATH (the tests/
# fuzz-scenario of a `./configure CC=clang --enable-fuzzing && make fuzz`
# build), also the libFuzzer harness under ASan and UBSan on the same
# files: executions per CPU second, from the CPU time of `-runs=4` minus
# that of `-runs=1` (so the start-up is not counted); the harness loads a
# valid input twice and prints its parameters (docs/fuzzing.md).
#
# Environment: CTSIM_BENCH (default ./bench/ctsim-bench), top_srcdir.
set -eu
runs=${1:-5}
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bench=${CTSIM_BENCH:-./bench/ctsim-bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files () { # files SET
  case $1 in
    shipped) ls "$src"/scenarios/*.xml "$src"/scenarios/validation/*.xml ;;
    corpus) ls "$src"/tests/bad-scenarios/*.xml "$src"/tests/fuzz/scenario/* ;;
  esac
}
median () {
  sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
                                       else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
report () { # report LABEL FILE-OF-VALUES
  printf '%s median %s (runs: %s)\n' "$1" "$(median <"$2")" "$(tr '\n' ' ' <"$2" | sed 's/ $//')"
}
cpu () { # cpu CMD...: user + system seconds of CMD
  /usr/bin/time -o "$tmp/time" -f '%U %S' "$@" >/dev/null 2>&1 || true
  awk '{ print $1 + $2 }' "$tmp/time"
}

for set in shipped corpus; do
  files "$set" >"$tmp/$set.list"
  n=$(wc -l <"$tmp/$set.list")
  : >"$tmp/v"
  i=0
  while [ "$i" -lt "$runs" ]; do
    # shellcheck disable=SC2046
    "$bench" load --repeat 3 $(cat "$tmp/$set.list") |
      sed -n 's/^inputs_per_sec //p' >>"$tmp/v"
    i=$((i + 1))
  done
  report "loader $set ($n files) inputs_per_cpu_second" "$tmp/v"
  if [ -n "${FUZZ_SCENARIO:-}" ]; then
    if [ ! -x /usr/bin/time ]; then
      echo "harness $set: skipped (needs /usr/bin/time)"
      continue
    fi
    : >"$tmp/v"
    i=0
    while [ "$i" -lt "$runs" ]; do
      # shellcheck disable=SC2046
      one=$(cpu "$FUZZ_SCENARIO" -runs=1 $(cat "$tmp/$set.list"))
      # shellcheck disable=SC2046
      four=$(cpu "$FUZZ_SCENARIO" -runs=4 $(cat "$tmp/$set.list"))
      awk -v n="$n" -v a="$one" -v b="$four" \
        'BEGIN { printf "%.1f\n", (b > a ? 3 * n / (b - a) : 0) }' >>"$tmp/v"
      i=$((i + 1))
    done
    report "harness $set ($n files) executions_per_cpu_second" "$tmp/v"
  fi
done
