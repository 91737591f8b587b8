#!/bin/sh
# fuzz-stream.sh: the scenario harness's speed on a fixed stream of a
# fuzzer's own inputs (issue 19; docs/fuzzing.md), so that two builds are
# timed on the same inputs (a campaign's inputs depend on the build).
#
#   bench/fuzz-stream.sh make FUZZER DIR [SKIP [RUNS [SEED]]]
#       Runs FUZZER (tests/fuzz-scenario of a `./configure CC=clang
#       --enable-fuzzing && make fuzz` build) for RUNS executions (default
#       5000) from the seeds (scenarios/, scenarios/validation/,
#       tests/bad-scenarios/, tests/fuzz/scenario/) with the dictionary
#       and -seed=SEED (default 19), writing every input it runs to DIR
#       (CTSIM_FUZZ_DUMP), then drops the first SKIP (default 2000: the
#       seeds and the first mutations), so DIR holds a stream of mutated
#       inputs.
#   bench/fuzz-stream.sh time FUZZER DIR [TIMES]
#       Runs FUZZER once on each input of DIR (`-runs=1 FILES`, as
#       libFuzzer runs files: leak detection on), TIMES times (default 3),
#       and prints the CPU seconds (user + system of /usr/bin/time) of
#       each, their median and inputs per CPU second of the median.
#
# Environment: top_srcdir (default: this script's tree).
set -eu
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
mode=${1:?usage: fuzz-stream.sh make|time FUZZER DIR ...}
fuzzer=${2:?FUZZER}
dir=${3:?DIR}
# "time" runs FUZZER from inside DIR: a relative path is made absolute
case $fuzzer in
/*) ;;
*) fuzzer=$PWD/$fuzzer ;;
esac

case $mode in
make)
  skip=${4:-2000}
  runs=${5:-5000}
  seed=${6:-19}
  mkdir -p "$dir"
  if [ -n "$(ls -A "$dir")" ]; then
    echo "fuzz-stream.sh: $dir is not empty" >&2
    exit 64
  fi
  empty=$(mktemp -d)
  trap 'rm -rf "$empty"' EXIT
  CTSIM_FUZZ_DUMP=$dir "$fuzzer" -seed="$seed" -runs="$runs" \
    -dict="$src/tests/fuzz.dict" -max_len=65536 -timeout=300 \
    -rss_limit_mb=2048 "$empty" "$src/tests/fuzz/scenario" \
    "$src/scenarios" "$src/scenarios/validation" \
    "$src/tests/bad-scenarios" >/dev/null 2>&1
  # The first SKIP inputs go (names sort in the order run).
  ls "$dir" | sort | head -n "$skip" | (cd "$dir" && xargs rm -f)
  echo "$dir: $(ls "$dir" | wc -l) inputs ($(du -sk "$dir" | cut -f1) KB)"
  ;;
time)
  times=${4:-3}
  if [ ! -x /usr/bin/time ]; then
    echo "fuzz-stream.sh: needs /usr/bin/time" >&2
    exit 69
  fi
  n=$(ls "$dir" | wc -l)
  out=$(mktemp)
  trap 'rm -f "$out" "$out.t"' EXIT
  i=0
  while [ "$i" -lt "$times" ]; do
    # shellcheck disable=SC2046
    (cd "$dir" && /usr/bin/time -o "$out.t" -f '%U %S' "$fuzzer" -runs=1 \
      $(ls | sort) >/dev/null 2>&1) || true
    awk '{ printf "%.2f\n", $1 + $2 }' "$out.t" >>"$out"
    i=$((i + 1))
  done
  med=$(sort -n "$out" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "$n inputs, CPU seconds: $(tr '\n' ' ' <"$out")median $med," \
    "$(awk -v n="$n" -v m="$med" 'BEGIN { printf "%.0f", n / m }')" \
    "inputs per CPU second"
  ;;
*)
  echo "fuzz-stream.sh: make or time, not $mode" >&2
  exit 64
  ;;
esac
