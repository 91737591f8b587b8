#!/bin/sh
# mpi.sh: Open MPI (issue 17 item 3): `mpirun -np N ctsim run|compare|
# sweep|survey` splits the work units over N ranks, and rank 0 writes the
# same folder as one process: every file the same bytes, except
# manifest.json, which records the ranks and jobs and the wall time (it
# is compared without them) and report.html, which shows them (compared
# without its lines that do).  A rank that dies ends the job with mpirun's
# message and no output folder.  Skips (77) when mpirun is missing or
# ctsim was built without MPI.
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"

need_mpi

# Everything but the volatile keys of manifest.json and the lines of
# report.html that show them.
stable () { # DIR -> stable copy in DIR.stable
  rm -rf "$1.stable" && cp -R "$1" "$1.stable" &&
    sed -e 's/"command_line":\[[^]]*\],//' -e 's/"jobs":[0-9]*,//' -e 's/"ranks":[0-9]*,//' \
      -e 's/"wall_seconds":[0-9.e+-]*//' "$1/manifest.json" >"$1.stable/manifest.json" &&
    if [ -f "$1/report.html" ]; then
      grep -v -E 'wall time|<pre>ctsim |jobs|ranks' "$1/report.html" |
        sed -E 's/[0-9]+(\.[0-9]+)? s([.,;)])/TIME s\2/g' >"$1.stable/report.html"
    fi
}
same_folder () { # A B
  stable "$1" && stable "$2" && diff -r "$1.stable" "$2.stable" >"$tmp/diff" 2>&1 ||
    { sed 's/^/#   /' "$tmp/diff" | head -20; return 1; }
}

small="--set national.scale=0.002 --set run.years=1 --set run.warmup_years=0.5"
# shellcheck disable=SC2086
check "run england serially" 0 "$CTSIM" run england -q -r 2 -j 1 $small -o "$tmp/run1"
for np in 2 3; do
  # shellcheck disable=SC2086
  check "mpirun -np $np run england" 0 mpi "$np" "$CTSIM" run england -q -r 2 -j 1 $small -o "$tmp/run$np"
  assert "run: -np $np writes the serial folder" same_folder "$tmp/run1" "$tmp/run$np"
done
ranks_recorded () { grep -q '"ranks":3' "$tmp/run3/manifest.json" && grep -q '"ranks":1' "$tmp/run1/manifest.json"; }
assert "the manifest records the ranks" ranks_recorded

check "compare serially" 0 "$CTSIM" compare separate-agencies joint-unit-pooled -q -r 3 -j 1 --set run.years=1 -o "$tmp/cmp1"
for np in 2 3; do
  check "mpirun -np $np compare" 0 mpi "$np" "$CTSIM" compare separate-agencies joint-unit-pooled -q -r 3 -j 1 --set run.years=1 -o "$tmp/cmp$np"
  assert "compare: -np $np writes the serial folder" same_folder "$tmp/cmp1" "$tmp/cmp$np"
done

cat >"$tmp/sweep.xml" <<'XML'
<scenario name="mpi-sweep" extends="joint-unit-pooled">
  <run years="1" replications="2" source="assumption: a test"/>
  <sweep>
    <param name="pooled_share" path="partners.health.pooled_share" values="0.2 0.6" source="assumption: a test"/>
  </sweep>
</scenario>
XML
check "sweep serially" 0 "$CTSIM" sweep "$tmp/sweep.xml" -q -j 1 -o "$tmp/sw1"
for np in 2 3; do
  check "mpirun -np $np sweep" 0 mpi "$np" "$CTSIM" sweep "$tmp/sweep.xml" -q -j 1 -o "$tmp/sw$np"
  assert "sweep: -np $np writes the serial folder" same_folder "$tmp/sw1" "$tmp/sw$np"
done

check "survey serially" 0 "$CTSIM" survey -q -r 2 -j 1 --seed 7 -o "$tmp/sv1"
for np in 2 3; do
  check "mpirun -np $np survey" 0 mpi "$np" "$CTSIM" survey -q -r 2 -j 1 --seed 7 -o "$tmp/sv$np"
  assert "survey: -np $np writes the serial folder" same_folder "$tmp/sv1" "$tmp/sv$np"
done

# Commands that do not split refuse, once, with a usage error.
check "mpirun -np 2 validate is refused" 64 mpi 2 "$CTSIM" validate
said () { grep -q "$1" "$tmp/err"; }
assert "... saying to start it without mpirun" said 'runs on one process.*without mpirun'

# A rank that dies: the job fails, mpirun says which, no output folder.
# shellcheck disable=SC2086
mpi 2 "$CTSIM" run england -q -r 3 -j 1 --set national.scale=0.01 --set run.years=3 -o "$tmp/killed" \
  >"$tmp/out" 2>"$tmp/err" &
job=$!
victim=
for _ in $(seq 1 100); do
  for p in $(pgrep -f "$tmp/killed" 2>/dev/null); do
    if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1'; then victim=$p; fi
  done
  [ -n "$victim" ] && break
  sleep 0.1
done
[ -n "$victim" ] && sleep 0.5 && kill -9 "$victim" 2>/dev/null
wait "$job"
status=$?
n=$((n + 1))
if [ -n "$victim" ] && [ "$status" -ne 0 ]; then echo "ok $n - a killed rank fails the job (exit $status)"
else echo "not ok $n - a killed rank: victim '$victim', exit $status"; fails=$((fails + 1)); fi
assert "... mpirun names the rank that died" said 'rank 1'
no_output () { test ! -e "$tmp/killed"; }
assert "... and no output folder" no_output

echo "1..$n"
test "$fails" -eq 0
