#!/bin/sh
# metamorphic.sh (issue 13, item 7): money that buys and needs analysis
# that helps, on common random numbers (compare runs every scenario with
# the same seeds).  A small area (area.children=15000: children, places,
# budgets and capacities scaled together), 6 replications, 1 + 3 years.
# Noise is the 95% interval of the paired difference that compare
# reports (diff_ci_low, diff_ci_high of all,unmet_need_days):
#  - the three agencies' budgets doubled never raise unmet-need days
#    beyond noise (diff_ci_low <= 0);
#  - halved, they raise them (diff_ci_low > 0: money binds in the default
#    area, so the test can fail);
#  - analytic capacity 0.95 for every agency, against 0.05, never raises
#    them beyond noise (diff_ci_low <= 0).
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

sc="$top_srcdir/scenarios/default.xml"
budgets () { # budgets NAME FACTOR
  cat >"$tmp/$1.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="$1" extends="$sc">
  <partners>
    <partner id="la_education"><budget_gbp_per_year education="$(awk "BEGIN { print 7700000 * $2 }")"/></partner>
    <partner id="la_social_care"><budget_gbp_per_year social_care="$(awk "BEGIN { print 12500000 * $2 }")"/></partner>
    <partner id="health"><budget_gbp_per_year health="$(awk "BEGIN { print 9700000 * $2 }")"/></partner>
  </partners>
</scenario>
XML
}
capacity () { # capacity NAME VALUE
  cat >"$tmp/$1.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="$1" extends="$sc">
  <arrangements>
    <arrangement id="education" analytic_capacity="$2"/>
    <arrangement id="social_care" analytic_capacity="$2"/>
    <arrangement id="health" analytic_capacity="$2"/>
  </arrangements>
</scenario>
XML
}
budgets double 2
budgets half 0.5
capacity blind 0.05
capacity sharp 0.95
short="--replications 6 --seed 99 --set area.children=15000 --set run.years=3 --set run.warmup_years=1 --quiet"

# diff_ci_low of all,unmet_need_days for scenario $2 in comparison $1
low () { awk -F, -v s="$2" '$1 == "all" && $2 == "unmet_need_days" && $3 == s { print $8 }' "$1/comparison.csv"; }

check "budgets x2" 0 "$CTSIM" compare "$sc" "$tmp/double.xml" $short --output "$tmp/c2"
check "budgets x0.5" 0 "$CTSIM" compare "$sc" "$tmp/half.xml" $short --output "$tmp/c5"
check "analytic capacity" 0 "$CTSIM" compare "$tmp/blind.xml" "$tmp/sharp.xml" $short --output "$tmp/ca"
echo "# unmet-need days, diff_ci_low: x2 $(low "$tmp/c2" double), x0.5 $(low "$tmp/c5" half), capacity 0.95 $(low "$tmp/ca" sharp)"
assert "doubled budgets: unmet-need days not higher beyond noise" \
  awk -v x="$(low "$tmp/c2" double)" 'BEGIN { exit !(x != "" && x + 0 <= 0) }'
assert "halved budgets: unmet-need days higher (money binds)" \
  awk -v x="$(low "$tmp/c5" half)" 'BEGIN { exit !(x != "" && x + 0 > 0) }'
assert "better needs analysis: unmet-need days not higher beyond noise" \
  awk -v x="$(low "$tmp/ca" sharp)" 'BEGIN { exit !(x != "" && x + 0 <= 0) }'

echo "1..$n"
[ "$fails" -eq 0 ]
