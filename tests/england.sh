#!/bin/sh
# england.sh: England as it was (issue 17 items 1 and 2): the national
# scenario's authorities, the national rows made from theirs (sums and
# children-weighted means), areas.csv, compare and sweep on it, a joint
# unit everywhere from one small scenario file, the same bytes for any
# --jobs, and bad <national> input.  At a two-hundredth of England's
# children and one and a half years, so that it stays quick.
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"

small="--set national.scale=0.005 --set run.years=1 --set run.warmup_years=0.5"

# shellcheck disable=SC2086
check "run england (2 replications, 1 job)" 0 "$CTSIM" run england -q -r 2 -j 1 $small -o "$tmp/j1"
# shellcheck disable=SC2086
check "run england (2 replications, 2 jobs)" 0 "$CTSIM" run england -q -r 2 -j 2 $small -o "$tmp/j2"
# shellcheck disable=SC2086
check "run england (2 replications, 3 jobs)" 0 "$CTSIM" run england -q -r 2 -j 3 $small -o "$tmp/j3"
same_bytes () {
  for f in areas.csv results.csv summary.csv; do
    cmp -s "$tmp/j1/$f" "$tmp/$1/$f" || { echo "# $f differs with $1" >&2; return 1; }
  done
}
assert "areas.csv, results.csv and summary.csv are the same bytes with 2 jobs" same_bytes j2
assert "... and with 3 jobs" same_bytes j3

# areas.csv: 150 authorities per replication, the kinds' counts exact,
# PCTs in their ranges (about 303 in all), 11.7 million real children.
areas_shape () {
  awk -F, 'NR == 1 { ok = $1 == "scenario" && $3 == "authority" && $4 == "kind" && $6 == "children_real"; next }
    { n[$2]++; k[$2 "," $4]++; p[$2] += $5; c[$2] += $6
      if ($4 == "county" && ($5 < 3 || $5 > 8)) ok = 0
      if ($4 != "county" && $5 != 1) ok = 0 }
    END { for (r = 0; r < 2; r++) {
            if (n[r] != 150 || k[r ",london"] != 33 || k[r ",metropolitan"] != 36 \
                || k[r ",unitary"] != 47 || k[r ",county"] != 34) ok = 0
            if (p[r] < 250 || p[r] > 360) ok = 0
            if (c[r] < 11700000 - 150 || c[r] > 11700000 + 150) ok = 0 }
          exit !ok }' "$tmp/j1/areas.csv"
}
assert "areas.csv: 150 authorities of four kinds, PCTs, 11.7 million children" areas_shape
same_authorities () { # the authorities are drawn once per seed
  awk -F, 'NR > 1 { key = $3 "," $4 "," $5 "," $6 "," $7; if ($2 == 0) a[$3] = key; else if (a[$3] != key) bad = 1 }
    END { exit bad }' "$tmp/j1/areas.csv"
}
assert "every replication has the same authorities" same_authorities

# National rows: a count is the sum over the authorities, a share their
# mean weighted by children (from areas.csv's whole-run columns).
national_sum () { # MEASURE
  awk -F, -v m="$1" 'FNR == NR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == m) col = i; next }
      s[$2] += $col; next }
    $3 == "all" && $4 == "all" && $5 == m { d = $6 - s[$2]; if (d < 0) d = -d; if (d > 1e-6 * (s[$2] + 1)) bad = 1; seen++ }
    END { exit bad || seen != 2 || col == 0 }' "$tmp/j1/areas.csv" "$tmp/j1/results.csv"
}
national_mean () { # MEASURE
  awk -F, -v m="$1" 'FNR == NR { if (FNR == 1) { for (i = 1; i <= NF; i++) if ($i == m) col = i; next }
      if ($col != "") { s[$2] += $6 * $col; w[$2] += $6 }; next }
    $3 == "all" && $4 == "all" && $5 == m { e = s[$2] / w[$2]; d = $6 - e; if (d < 0) d = -d; if (d > 1e-6 * (e < 0 ? -e : e) + 1e-9) bad = 1; seen++ }
    END { exit bad || seen != 2 || col == 0 }' "$tmp/j1/areas.csv" "$tmp/j1/results.csv"
}
assert "national children: the sum over the authorities" national_sum children
assert "national spend_gbp: the sum over the authorities" national_sum spend_gbp
assert "national unmet_need_days: the sum over the authorities" national_sum unmet_need_days
assert "national reach: the children-weighted mean" national_mean reach
assert "national ecm_stay_safe: the children-weighted mean" national_mean ecm_stay_safe
assert "national looked_after_per_1000: the children-weighted mean" national_mean looked_after_per_1000

# Every authority to a joint unit with 20% pooled: one small file.
# shellcheck disable=SC2086
check "compare england england-joint-unit" 0 "$CTSIM" compare england england-joint-unit -q -r 2 -j 2 $small -o "$tmp/cmp"
joint_everywhere () {
  awk -F, '$1 == "england-joint-unit" && NR > 1 { n++; if ($0 !~ /,/) bad = 1 } END { exit bad || n != 300 }' "$tmp/cmp/areas.csv" &&
  awk -F, '$1 == "all" && $2 == "jointly_commissioned_services" && $3 == "england-joint-unit" { ok = $4 >= 150 }
    END { exit !ok }' "$tmp/cmp/comparison.csv" &&
  awk -F, '$1 == "all" && $2 == "jointly_commissioned_services" && $3 == "england" { ok = $4 == 0 }
    END { exit !ok }' "$tmp/cmp/comparison.csv"
}
assert "every authority of england-joint-unit commissions jointly; england's none" joint_everywhere
same_england () { # compare's england rows are run's (common random numbers)
  grep '^england,' "$tmp/cmp/results.csv" >"$tmp/cmp-e" && grep '^england,' "$tmp/j1/results.csv" >"$tmp/run-e" &&
    cmp -s "$tmp/cmp-e" "$tmp/run-e"
}
assert "compare's england rows are run's" same_england

# A sweep over the pooled share of every authority.
cat >"$tmp/sweep.xml" <<'XML'
<scenario name="england-pool-sweep" extends="england-joint-unit">
  <sweep>
    <param name="pooled_share" path="partners.la_social_care.pooled_share partners.health.pooled_share"
           values="0.1 0.4" source="assumption: a test"/>
  </sweep>
</scenario>
XML
# shellcheck disable=SC2086
check "sweep a scenario extending england" 0 "$CTSIM" sweep "$tmp/sweep.xml" -q -r 1 -j 2 $small -o "$tmp/sw"
sweep_areas () {
  test "$(grep -c '^"\{0,1\}pooled_share=0.1' "$tmp/sw/areas.csv")" -eq 150 &&
    test "$(grep -c '^"\{0,1\}pooled_share=0.4' "$tmp/sw/areas.csv")" -eq 150 &&
    grep -q '^2,england-pool-sweep,0,all,all,children,' "$tmp/sw/results.csv"
}
assert "the sweep's areas.csv has both points' authorities" sweep_areas

# Bad <national> input: FILE:LINE and what is wrong.
cat >"$tmp/bad-pct.xml" <<'XML'
<scenario name="bad-pct" extends="england">
  <national pct_partner="no_such_partner"/>
</scenario>
XML
check "an unknown pct_partner is bad data" 65 "$CTSIM" validate "$tmp/bad-pct.xml"
said () { grep -q "$1" "$tmp/err"; }
assert "... named with file and line" said 'bad-pct.xml:2:.*no_such_partner'
cat >"$tmp/bad-pcts.xml" <<'XML'
<scenario name="bad-pcts" extends="england">
  <national>
    <kind id="county" pcts_min="9"/>
  </national>
</scenario>
XML
check "pcts_min above pcts_max is bad data" 65 "$CTSIM" validate "$tmp/bad-pcts.xml"
assert "... and says so" said 'pcts_min=9, pcts_max=8'

echo "1..$n"
test "$fails" -eq 0
