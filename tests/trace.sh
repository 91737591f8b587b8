#!/bin/sh
# trace.sh: `ctsim run --trace FILE [--trace-filter KINDS]` as a user runs it
# (issue 6): the exact header, the same seed gives a byte-identical trace
# (whatever --jobs), another seed another trace, the filter keeps exactly
# the kinds asked for, the queue model names the service, the trace does
# not change the results, and mistakes are usage errors.
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

run () { # run OUTPUT-NAME [OPTIONS...]: mmc, 2 replications, quiet
  out=$1; shift
  "$CTSIM" run validation/mmc --replications 2 --set run.years=2 \
    --set run.warmup_years=1 --output "$tmp/$out" --quiet "$@"
}

check "trace with 1 job" 0 run o1 --jobs 1 --trace "$tmp/a.csv"
check "trace with 2 jobs" 0 run o2 --jobs 2 --trace "$tmp/b.csv"
check "trace with another seed" 0 run o3 --seed 99 --trace "$tmp/c.csv"
check "no trace" 0 run o4 --jobs 1
assert "header" test "$(head -n 1 "$tmp/a.csv")" = "time_days,event,commissioner,child,service,detail"
assert "thousands of events" test "$(wc -l <"$tmp/a.csv")" -gt 1000
assert "byte-identical for the same seed" cmp -s "$tmp/a.csv" "$tmp/b.csv"
assert "another seed, another trace" sh -c "! cmp -s '$tmp/a.csv' '$tmp/c.csv'"
assert "every kind of the model appears" \
  sh -c "tail -n +2 '$tmp/a.csv' | cut -d, -f2 | sort -u | tr '\n' ' ' | grep -qx 'episode_end referral year_end '"
assert "referrals name their service" \
  sh -c "grep ',referral,' '$tmp/a.csv' | cut -d, -f5 | sort -u | grep -qx q"
assert "times never go back" \
  sh -c "tail -n +2 '$tmp/a.csv' | cut -d, -f1 | sort -g -c"
assert "the trace does not change results.csv" cmp -s "$tmp/o1/results.csv" "$tmp/o4/results.csv"
assert "no temporary file left" sh -c "! ls -a '$tmp' | grep -q 'tmp-'"

check "filter one kind" 0 run o5 --trace "$tmp/f1.csv" --trace-filter episode_end
assert "only episode_end rows" \
  sh -c "tail -n +2 '$tmp/f1.csv' | cut -d, -f2 | sort -u | grep -qx episode_end"
assert "every episode_end row kept" test \
  "$(grep -c ',episode_end,' "$tmp/f1.csv")" -eq "$(grep -c ',episode_end,' "$tmp/a.csv")"
check "filter two kinds" 0 run o6 --trace "$tmp/f2.csv" --trace-filter 'year_end, referral'
assert "only the two kinds" \
  sh -c "tail -n +2 '$tmp/f2.csv' | cut -d, -f2 | sort -u | tr '\n' ' ' | grep -qx 'referral year_end '"
assert "filtered trace is the unfiltered one's rows" \
  sh -c "grep -v ',episode_end,' '$tmp/a.csv' | cmp -s - '$tmp/f2.csv'"

check "unknown kind" 64 run o7 --trace "$tmp/x.csv" --trace-filter referal
assert "unknown kind: names the known ones" grep -q 'referral, episode_end, year_end' "$tmp/err"
assert "unknown kind: no trace written" test ! -e "$tmp/x.csv"
check "empty filter" 64 run o8 --trace "$tmp/x.csv" --trace-filter ','
check "filter without --trace" 64 run o9 --trace-filter referral
check "trace into a missing folder" 73 run o10 --trace "$tmp/no/such/dir/t.csv"
assert "failed trace: no output folder" test ! -e "$tmp/o10"

# What --trace may replace (issue 19): a new path or a trace ctsim wrote;
# never a link, a FIFO, a device, a folder, another file (the scenario
# among them) or a path inside the output folder the run replaces.
cp "$top_srcdir/scenarios/validation/mmc.xml" "$tmp/scen.xml"
cp "$tmp/scen.xml" "$tmp/scen.orig"
check "trace over the scenario being run" 73 "$CTSIM" run "$tmp/scen.xml" \
  --replications 1 --output "$tmp/o11" --quiet --trace "$tmp/scen.xml"
assert "... the scenario is untouched" cmp -s "$tmp/scen.xml" "$tmp/scen.orig"
assert "... says it refuses, in one line" \
  sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'refusing to overwrite' '$tmp/err'"
assert "... no output folder" test ! -e "$tmp/o11"
echo precious >"$tmp/notes.txt"
check "trace over another file" 73 run o12 --trace "$tmp/notes.txt"
assert "... the file is untouched" grep -qx precious "$tmp/notes.txt"
ln -s notes.txt "$tmp/link.csv"
check "trace over a symbolic link" 73 run o13 --trace "$tmp/link.csv"
assert "... the link is still a link" test -L "$tmp/link.csv"
ln -s a.csv "$tmp/link-to-trace.csv"
check "trace over a link to a trace" 73 run o13 --trace "$tmp/link-to-trace.csv"
assert "... the link is still a link" test -L "$tmp/link-to-trace.csv"
mkfifo "$tmp/fifo.csv"
check "trace over a FIFO" 73 run o14 --trace "$tmp/fifo.csv"
assert "... the FIFO is still a FIFO" test -p "$tmp/fifo.csv"
check "trace over a device" 73 run o14 --trace /dev/null
assert "... /dev/null is still a device" test -c /dev/null
mkdir "$tmp/adir"
check "trace over a folder" 73 run o14 --trace "$tmp/adir"
cp "$tmp/a.csv" "$tmp/linked.csv" && ln "$tmp/linked.csv" "$tmp/hard.csv"
check "trace over a trace with a second hard link" 73 run o14 --trace "$tmp/hard.csv"
assert "refusals: no output folder" test ! -e "$tmp/o14"
check "trace inside the output folder" 64 run o15 --trace "$tmp/o15/t.csv"
check "trace inside an existing output folder" 64 run o1 --trace "$tmp/o1/t.csv"
assert "... the earlier output is kept" test -s "$tmp/o1/results.csv"
check "trace inside it, by another spelling" 64 run o1 --trace "$tmp/adir/../o1/./t.csv"
check "trace named as the output folder" 64 run o16 --trace "$tmp/o16"
check "empty trace path" 64 run o17 --trace ""
cp "$tmp/a.csv" "$tmp/again.csv"
check "trace over an earlier trace" 0 run o18 --seed 99 --trace "$tmp/again.csv"
assert "... replaced by the new trace" cmp -s "$tmp/again.csv" "$tmp/c.csv"

# A traced run killed before it finishes leaves its hidden temporary trace;
# the next trace to the same path deletes it.
mkdir "$tmp/killed"
kill_once "$tmp/killed" '^\.t\.csv\.tmp-' "$CTSIM" run validation/mmc \
  --replications 1 --set run.years=5000 --output "$tmp/killed/o" --quiet \
  --trace "$tmp/killed/t.csv"
assert "a killed traced run leaves its temporary trace" \
  sh -c "ls -a '$tmp/killed' | grep -q '^\.t\.csv\.tmp-.*-$killed-'"
check "the next trace to the same path" 0 run killed/o --jobs 1 --trace "$tmp/killed/t.csv"
assert "... deletes the killed run's temporary trace" \
  sh -c "! ls -a '$tmp/killed' | grep -q '^\.t\.csv\.tmp-'"
assert "... and writes the trace" test -s "$tmp/killed/t.csv"

echo "1..$n"
[ "$fails" -eq 0 ]
