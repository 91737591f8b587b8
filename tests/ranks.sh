#!/bin/sh
# ranks.sh: how sim_ranks_work() hands items to the ranks of an MPI job
# (tests/ranks-probe.c): rank 0 holds every item's rows, the same as one
# process's for any ranks and jobs; a rank whose items are slower runs
# fewer of them (items are handed out as ranks free, not split evenly in
# advance); and when items fail, every rank returns the lowest one's
# error, and the ranks stop soon after (rank 0 hands out nothing above a
# failure it knows of).  Skips (77) when ctsim was built without Open MPI or mpirun is
# missing.
set -u
: "${top_builddir:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"

need_mpi
probe=$top_builddir/tests/ranks-probe

check "one process, one job" 0 "$probe" 1
cp "$tmp/out" "$tmp/serial"
check "one process, two jobs" 0 "$probe" 2
same_digest () { grep -v '^rank 1 ran' "$tmp/out" | cmp -s - "$tmp/serial"; }
assert "... the same rows" same_digest
# Rank 1 sleeps 20 ms an item, the others 1 ms: an even split would give
# it N / ranks items; handed out as ranks free, it runs far fewer.
fewer () { # RANKS
  k=$(sed -n 's/^rank 1 ran \([0-9]*\) of \([0-9]*\) items$/\1 \2/p' "$tmp/out")
  [ -n "$k" ] && set -- "$1" $k && [ "$2" -lt $(($3 / $1)) ] ||
    { echo "#   rank 1 ran '$k' with $1 ranks"; return 1; }
}
for np in 2 3; do
  for jobs in 1 2; do
    check "mpirun -np $np, $jobs jobs" 0 mpi "$np" "$probe" "$jobs"
    assert "... rank 0 holds the serial rows" same_digest
    assert "... the slow rank ran fewer than an even share" fewer "$np"
  done
done

check "one process, items 37 and 12 fail" 0 "$probe" 1 37 12
said_12 () { grep -qx 'failed: item 12 failed' "$tmp/out"; }
assert "... item 12's error" said_12
for np in 2 3; do
  check "mpirun -np $np, items 37 and 12 fail" 0 mpi "$np" "$probe" 2 37 12
  assert "... every rank returns item 12's error" said_12
done
# Item 3 of 60 fails: the items below it and those already handed out
# ahead (a few a rank) run; before, the other ranks ran on to the end
# (about 56 items).
stopped () {
  t=$(sed -n 's/^rank [0-9]* ran \([0-9]*\) items$/\1/p' "$tmp/out" |
    awk '{ s += $1 } END { print s + 0 }')
  [ "$t" -ge 4 ] && [ "$t" -lt 30 ] ||
    { echo "#   $t items ran in all"; return 1; }
}
for np in 2 3; do
  for jobs in 1 2; do
    check "mpirun -np $np, $jobs jobs, item 3 fails" 0 mpi "$np" "$probe" "$jobs" 3
    assert "... item 3's error" grep -qx 'failed: item 3 failed' "$tmp/out"
    assert "... the ranks stopped soon after it" stopped
  done
done

echo "1..$n"
test "$fails" -eq 0
