#!/bin/sh
# precision.sh (issue 18 item 5, "How sure"): intervals that stay in
# range, and run --precision.
#  - every interval of summary.csv and comparison.csv of the default area
#    (seed 7, 2 replications: wide intervals, the hard case) keeps to its
#    measure's range: shares (names ending _share, prevalence_*, reach,
#    coverage) within 0-1, counts and days not below 0 (money and ECM
#    scores may be negative); each interval holds its mean;
#  - run --precision REL on the M/M/1 validation scenario runs more
#    replications until the widest watched interval is within REL of its
#    mean (or --max-replications), records it in manifest.json, and gives
#    results byte-identical to a plain run with that many replications
#    (replication i draws the same streams either way);
#  - bad values are usage errors (64).
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

# in_range CSV MEANCOL LOCOL HICOL MEASURECOL: no interval outside its range
in_range () {
  awk -F, -v m="$2" -v l="$3" -v h="$4" -v c="$5" '
    NR == 1 || $l == "" { next }
    { share = ($c ~ /_share$/ || $c ~ /^prevalence_/ || $c == "reach" || $c == "coverage")
      count = ($c !~ /_gbp$/ && $c !~ /^ecm_/ && $c !~ /_r$/ && $c !~ /_change_/)
      if ($l > $m + 1e-9 || $h < $m - 1e-9) { print "# mean outside: " $0; bad++ }
      if (share && ($l < 0 || $h > 1)) { print "# share outside 0-1: " $0; bad++ }
      if (count && $l < 0) { print "# count below 0: " $0; bad++ }
      rows++ }
    END { printf "# %d intervals checked\n", rows; exit bad > 0 || rows == 0 }' "$1"
}

check "compare, 2 replications" 0 "$CTSIM" compare default joint-unit-pooled \
  -r 2 -s 7 -q -o "$tmp/c"
assert "summary.csv intervals in range" in_range "$tmp/c/summary.csv" 4 5 6 3
assert "comparison.csv intervals in range" in_range "$tmp/c/comparison.csv" 4 5 6 2

check "run --precision 0.05" 0 "$CTSIM" run validation/mm1 -r 3 \
  --precision 0.05 -o "$tmp/p"
reps=$(tr -d ' \n' <"$tmp/p/manifest.json" | grep -o '"replications":[0-9]*' | cut -d: -f2)
reached=$(tr -d ' \n' <"$tmp/p/manifest.json" | grep -o '"precision_reached":[0-9.e+-]*' | cut -d: -f2)
echo "# --precision 0.05: $reps replications, reached $reached"
assert "more replications than the 3 asked" test "${reps:-0}" -gt 3
assert "precision reached (or the cap)" \
  awk -v r="$reached" -v n="$reps" 'BEGIN { exit !(r <= 0.05 || n == 100) }'
assert "stderr says what it watched" grep -q "precision 0.05: widest interval .*waiting_days_mean, service:q" "$tmp/err"
check "plain run with as many replications" 0 "$CTSIM" run validation/mm1 \
  -r "$reps" -q -o "$tmp/plain"
assert "results.csv byte-identical to the plain run" cmp "$tmp/p/results.csv" "$tmp/plain/results.csv"
assert "summary.csv byte-identical to the plain run" cmp "$tmp/p/summary.csv" "$tmp/plain/summary.csv"

check "--max-replications caps it" 0 "$CTSIM" run validation/mm1 -r 2 \
  --precision 0.0001 --max-replications 4 -o "$tmp/cap"
assert "capped at 4" sh -c "tr -d ' \n' <'$tmp/cap/manifest.json' | grep -q '\"replications\":4,'"
assert "the cap is said" grep -q "the most allowed: --max-replications" "$tmp/err"

check "--precision 1.5" 64 "$CTSIM" run validation/mm1 --precision 1.5 -o "$tmp/x"
check "--precision with 1 replication" 64 "$CTSIM" run validation/mm1 -r 1 --precision 0.1 -o "$tmp/x"
check "--max-replications without --precision" 64 "$CTSIM" run validation/mm1 --max-replications 5 -o "$tmp/x"
assert "no folder from a usage error" test ! -e "$tmp/x"

echo "1..$n"
test "$fails" -eq 0
