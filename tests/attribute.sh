#!/bin/sh
# attribute.sh: ctsim compare A B --attribute (issue 13): Shapley
# contributions of groups of parameters on common random numbers.
#
#  - B differs from separate-agencies in sight (the PCT's
#    records_partner_share), capacity (its analytic_capacity) and money (a
#    partner-level pooled_share every membership overrides, so it has no
#    effect): the groups found are exactly capacity, money and sight; the
#    money group gets exactly 0 (mean and interval) for every measure,
#    because every hybrid with and without it gives identical rows; the
#    contributions add up to the total (to 1e-8 of the largest term: the
#    CSV's 10 significant digits);
#  - B differs in sight only: sight gets the whole total, exactly;
#  - --attribute with three scenarios is a usage error;
#  - value.csv (value for money) is written with its header and rows.
# Short runs: 2 replications, 1 + 2 years.
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

sc="$top_srcdir/scenarios/separate-agencies.xml"
cat >"$tmp/three.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="three-groups" extends="$sc">
  <partners><partner id="health" pooled_share="0.5"/></partners>
  <arrangements>
    <arrangement id="health" records_partner_share="0.8" analytic_capacity="0.9"/>
  </arrangements>
</scenario>
XML
cat >"$tmp/sight.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="sight-only" extends="$sc">
  <arrangements>
    <arrangement id="health" records_partner_share="0.8"/>
  </arrangements>
</scenario>
XML
short="--replications 2 --set run.years=2 --set run.warmup_years=1 --quiet"

check "three groups" 0 "$CTSIM" compare "$sc" "$tmp/three.xml" --attribute $short --output "$tmp/a3"
csv="$tmp/a3/attribution.csv"
assert "attribution.csv header" \
  sh -c "head -1 '$csv' | grep -qx 'group,measure,scenario,mechanism,contribution,ci_low,ci_high'"
assert "groups: capacity, money, sight (and the total)" \
  sh -c "[ \"\$(tail -n +2 '$csv' | cut -d, -f4 | sort -u | tr '\n' ' ')\" = 'capacity money sight total ' ]"
assert "the group without effect gets exactly 0 for every measure" \
  awk -F, '$4 == "money" { n++; if ($5 != 0 || $6 != 0 || $7 != 0) bad++ } END { exit !(n >= 10 && bad == 0) }' "$csv"
assert "some measure moves (the test can fail)" \
  awk -F, '$4 == "total" && $5 != 0 { n++ } END { exit !(n > 0) }' "$csv"
assert "contributions add up to the total" \
  awk -F, 'NR > 1 { m = $2; if ($4 == "total") t[m] = $5; else { s[m] += $5; a = ($5 < 0 ? -$5 : $5); if (a > big[m]) big[m] = a } }
           END { for (m in t) { d = s[m] - t[m]; if (d < 0) d = -d; if (d > 1e-8 * (big[m] + 1e-12)) bad++ } exit !(bad == 0 && length(t) >= 10) }' "$csv"
assert "report.html has the attribution section" grep -q 'id=attribution' "$tmp/a3/report.html"
assert "value.csv: header, cost per child reached for both, ratios for B" \
  sh -c "head -1 '$tmp/a3/value.csv' | grep -qx 'scenario,measure,value,ci_low,ci_high' \
         && [ \$(grep -c ',cost_per_child_reached_gbp,[0-9]' '$tmp/a3/value.csv') -eq 2 ] \
         && grep -q '^three-groups,unmet_need_days_averted_per_million_gbp,' '$tmp/a3/value.csv'"

check "one group" 0 "$CTSIM" compare "$sc" "$tmp/sight.xml" --attribute $short --output "$tmp/a1"
csv="$tmp/a1/attribution.csv"
assert "one group: sight only" \
  sh -c "[ \"\$(tail -n +2 '$csv' | cut -d, -f4 | sort -u | tr '\n' ' ')\" = 'sight total ' ]"
assert "one group: sight gets the whole total, exactly" \
  awk -F, 'NR > 1 { k = $2; v[k "," $4] = $5 "," $6 "," $7; m[k] = 1 } END { for (k in m) if (v[k ",sight"] != v[k ",total"]) bad++; exit !(bad == 0 && length(m) >= 10) }' "$csv"

check "--attribute with three scenarios" 64 "$CTSIM" compare "$sc" "$sc" "$sc" --attribute $short --output "$tmp/never"

echo "1..$n"
[ "$fails" -eq 0 ]
