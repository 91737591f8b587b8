#!/bin/sh
# fuzz-replay.sh: the fuzz harnesses (tests/fuzz-*.c) built by the normal
# compiler replay every input that ever crashed or hung (tests/fuzz/NAME/)
# and the seeds of a campaign (the shipped scenarios, tests/bad-scenarios,
# the published figures).  A finding aborts the driver (docs/fuzzing.md).
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
. "$top_srcdir/tests/lib.sh"

f=$top_srcdir/tests/fuzz
b=$top_builddir/tests
check "scenario loader: kept inputs" 0 "$b/fuzz-replay-scenario" "$f/scenario"
check "scenario loader: seeds" 0 "$b/fuzz-replay-scenario" \
  "$top_srcdir/scenarios" "$top_srcdir/scenarios/validation" "$top_srcdir/tests/bad-scenarios"
check "--set PATH=VALUE: kept inputs" 0 "$b/fuzz-replay-set" "$f/set"
check "published figures: kept inputs" 0 "$b/fuzz-replay-published" "$f/published" \
  "$top_srcdir/scenarios/pathfinders-2004-published.csv"
check "distributions: kept inputs" 0 "$b/fuzz-replay-dist" "$f/dist"
assert "every kept input was replayed" \
  test "$(find "$f" -type f | wc -l)" -gt 0

echo "1..$n"
[ "$fails" -eq 0 ]
