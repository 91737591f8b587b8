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
