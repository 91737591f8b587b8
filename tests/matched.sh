#!/bin/sh
# matched.sh: the matched set (issue 13, scenarios/matched-*.xml) compares
# arrangements with the same money and the same scope:
#  - the four arrangements validate without a warning: no parameter is
#    without effect and no partner's or school's money is left to nobody
#    (money follows responsibility);
#  - the same money: the trust's yearly income (summed over its per-school
#    or per-cluster instances) is the same in all four, to 1 pound;
#  - the same scope: the trust commissions the targeted tier of the three
#    sectors in all four, with no added eligibility, and the agencies keep
#    universal and specialist services (read from `ctsim show`);
#  - compare --attribute of two members of the set finds no scope or
#    money group (they differ in how they commission only: sight,
#    decision, capacity, and who the commissioners are, instances).
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

sc="$top_srcdir/scenarios"
for m in joint-unit panel school-cluster school-single; do
  check "matched-$m validates" 0 "$CTSIM" validate "$sc/matched-$m.xml"
  assert "matched-$m: no warning (every pound has a responsible commissioner)" \
    sh -c "! grep -q warning '$tmp/err'"
  check "matched-$m: one short run" 0 "$CTSIM" run "$sc/matched-$m.xml" \
    --replications 1 --set run.years=1 --set run.warmup_years=1 --quiet --output "$tmp/$m"
  awk -F, '$3 == "all" && $4 ~ /^commissioner:trust(:|$)/ && $5 == "income_gbp_per_year" { s += $6 }
           END { printf "%.0f\n", s }' "$tmp/$m/results.csv" >"$tmp/$m.income"
  "$CTSIM" show "$sc/matched-$m.xml" >"$tmp/$m.show" 2>/dev/null
  assert "matched-$m: the trust commissions the targeted tier of all sectors, no eligibility" \
    sh -c "grep -A3 '<arrangement id=\"trust\"' '$tmp/$m.show' | grep -q 'tiers=\"targeted\"' \
           && grep -A3 '<arrangement id=\"trust\"' '$tmp/$m.show' | grep -q 'sectors=\"health education social_care\"' \
           && ! awk '/<arrangement id=\"trust\"/,/<\/arrangement>/' '$tmp/$m.show' | grep -q '<eligibility'"
done
assert "the same money: the trust's income is equal in all four" \
  sh -c "[ \$(cat '$tmp'/*.income | sort -u | wc -l) -eq 1 ] && [ \$(cat '$tmp/panel.income') -gt 0 ]"
cat "$tmp"/*.income | sed 's/^/# trust income a year: /'

check "attribute panel against single school" 0 "$CTSIM" compare "$sc/matched-panel.xml" \
  "$sc/matched-school-single.xml" --attribute --replications 1 --set run.years=1 \
  --set run.warmup_years=1 --quiet \
  --output "$tmp/att"
assert "no scope or money group between members of the set" \
  sh -c "! cut -d, -f4 '$tmp/att/attribution.csv' | grep -qx 'scope\|money'"
cut -d, -f4 "$tmp/att/attribution.csv" | sort -u | tr '\n' ' ' | sed 's/^/# groups: /'; echo

echo "1..$n"
[ "$fails" -eq 0 ]
