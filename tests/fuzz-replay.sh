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
# CTSIM_FUZZ_DUMP (bench/fuzz-stream.sh): each input written, in order.
mkdir "$tmp/dump"
check "scenario loader: inputs dumped" 0 env CTSIM_FUZZ_DUMP="$tmp/dump" \
  "$b/fuzz-replay-scenario" "$top_srcdir/scenarios/default.xml" \
  "$top_srcdir/tests/bad-scenarios/empty.xml"
assert "the dump: two inputs" test "$(ls "$tmp/dump" | wc -l)" -eq 2
assert "the dump: the first input" \
  cmp -s "$tmp/dump/0000000" "$top_srcdir/scenarios/default.xml"
assert "the dump: the second input" \
  cmp -s "$tmp/dump/0000001" "$top_srcdir/tests/bad-scenarios/empty.xml"
assert "every kept input was replayed" \
  test "$(find "$f" -type f | wc -l)" -gt 0

echo "1..$n"
[ "$fails" -eq 0 ]
