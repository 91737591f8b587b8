#!/bin/sh
# scaling-england.sh: wall time and peak memory of `ctsim run england`
# (issue 17), each configuration RUNS times, medians printed: threads
# (--jobs 1 and 2 in one process) and Open MPI ranks (-np 1 and 2, one job
# each).  A benchmark, run by hand (bench/README), never by make check.
#
#   bench/scaling-england.sh [RUNS] [SCALE] [YEARS]
#
# RUNS (default 3) runs per configuration, SCALE (default 1: England's
# 11.7 million children) national.scale, YEARS (default 10) run.years, one
# replication.  Environment: CTSIM (default ./ctsim), MPIRUN (default
# mpirun; the ranks are skipped when it is missing), OUT (scratch folder,
# default a temporary one).  Prints one line per configuration: median
# wall seconds, median peak resident set (MiB; for ranks, of the largest
# rank), and every run's figures.  Needs GNU time (/usr/bin/time).
set -eu
RUNS=${1:-3}
SCALE=${2:-1}
YEARS=${3:-10}
CTSIM=${CTSIM:-./ctsim}
MPIRUN=${MPIRUN:-mpirun}
OUT=${OUT:-$(mktemp -d)}
args="run england -q -r 1 --set run.years=$YEARS --set national.scale=$SCALE"

median () { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# one NAME COMMAND...: RUNS runs; each rank (or the process) writes
# "wall_s maxrss_kb" to its own file.
one () {
  name=$1; shift
  walls=; mems=
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    i=$((i + 1))
    rm -rf "$OUT/$name.t" "$OUT/$name.out"; mkdir -p "$OUT/$name.t"
    start=$(date +%s.%N)
    "$@" -o "$OUT/$name.out"
    end=$(date +%s.%N)
    wall=$(echo "$start $end" | awk '{ printf "%.2f", $2 - $1 }')
    mem=$(cat "$OUT/$name.t"/* | awk '$2 > m { m = $2 } END { printf "%.0f", m / 1024 }')
    walls="$walls $wall"; mems="$mems $mem"
  done
  printf '%-16s median wall %6s s  median peak %5s MiB  (runs: wall%s; MiB%s)\n' "$name" \
    "$(echo "$walls" | tr ' ' '\n' | grep . | median)" "$(echo "$mems" | tr ' ' '\n' | grep . | median)" "$walls" "$mems"
}

timed () { # the program under GNU time, into the run's folder of figures
  /usr/bin/time -f '%e %M' -o "$OUT/$name.t/$$.$(date +%s%N)" "$CTSIM" "$@"
}
# shellcheck disable=SC2086
one jobs1 timed $args -j 1
# shellcheck disable=SC2086
one jobs2 timed $args -j 2
if command -v "$MPIRUN" >/dev/null 2>&1; then
  for np in 1 2; do
    # shellcheck disable=SC2086
    one "ranks$np-jobs1" "$MPIRUN" --allow-run-as-root --oversubscribe -np "$np" \
      sh -c 'exec /usr/bin/time -f "%e %M" -o "$0/rank.$OMPI_COMM_WORLD_RANK" "$@"' "$OUT/ranks$np-jobs1.t" "$CTSIM" $args -j 1
  done
fi
