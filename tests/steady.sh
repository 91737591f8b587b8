#!/bin/sh
# steady.sh (issue 13, item 6): the steady-state check `run` reports
# (manifest.json "steady_state": MSER on the yearly means over the
# replications of the five ECM means, reach and unmet-need days,
# truncations of at most half the observed years; a truncation is
# material when the years it deletes move the headline mean by more than
# its 95% confidence half-width across replications; a note on stderr
# when any is).
#  - the default area as shipped (seed 99, 6 replications, its 15 years
#    of warm-up): steady (no material transient, no note), and every
#    domain's prevalence in year 5 within 10% of year 1;
#  - no warm-up at all: the check finds material transients (it can
#    fail) and run notes them on stderr;
#  - the same start-up transient with more replications is still
#    material, and the manifest's numbers agree with results.csv.
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

# truncation DIR MEASURE: truncation_years of MEASURE in DIR/manifest.json
truncation () {
  tr -d ' \n' <"$1/manifest.json" \
    | sed 's/.*"steady_state"://' \
    | grep -o "\"measure\":\"$2\",\"years\":[0-9]*,\"truncation_years\":[0-9]*" \
    | sed 's/.*://'
}
# ecm_steady DIR: the five ECM means have truncation 0
ecm_steady () {
  for m in ecm_be_healthy ecm_stay_safe ecm_enjoy_achieve ecm_positive_contribution ecm_economic_wellbeing; do
    t=$(truncation "$1" $m)
    echo "# $1: $m truncation $t"
    [ "$t" = 0 ] || return 1
  done
}

# prevalence DIR YEAR DOMAIN: mean over replications of all,prevalence_DOMAIN
prevalence () {
  awk -F, -v y="$2" -v m="prevalence_$3" '$3 == y && $4 == "all" && $5 == m { s += $6; n++ } END { if (n) printf "%.6f", s / n }' "$1/results.csv"
}
# needs_steady DIR: every domain's prevalence in year 5 within 10% of year 1
needs_steady () {
  for d in emotional_mental_health conduct_behaviour learning_sen disability sensory safeguarding family_stress early_years; do
    a=$(prevalence "$1" 1 $d); b=$(prevalence "$1" 5 $d)
    echo "# $d: year 1 $a, year 5 $b"
    awk -v a="$a" -v b="$b" 'BEGIN { d = (b - a) / b; if (d < 0) d = -d; exit !(a != "" && b > 0 && d <= 0.1) }' || return 1
  done
}

# steady_flag DIR: the manifest's "steady" value
steady_flag () {
  tr -d ' \n' <"$1/manifest.json" | sed 's/.*"steady_state":{[^}]*"steady":\([a-z]*\).*/\1/'
}
# material DIR MEASURE: the measure's "material" value
material () {
  tr -d ' \n' <"$1/manifest.json" \
    | sed 's/.*"steady_state"://' \
    | grep -o "\"measure\":\"$2\",[^}]*" | sed 's/.*"material"://'
}

check "default as shipped" 0 "$CTSIM" run -r 6 -s 99 -o "$tmp/w1"
assert "manifest has steady_state for 7 measures" \
  sh -c "[ \$(tr -d ' \n' <'$tmp/w1/manifest.json' | grep -o '\"truncation_years\"' | wc -l) -eq 7 ]"
echo "# default: steady $(steady_flag "$tmp/w1")"
assert "default as shipped: steady" test "$(steady_flag "$tmp/w1")" = true
for m in ecm_be_healthy ecm_stay_safe ecm_enjoy_achieve ecm_positive_contribution ecm_economic_wellbeing reach unmet_need_days; do
  echo "# default: $m truncation $(truncation "$tmp/w1" $m), material $(material "$tmp/w1" $m)"
  assert "default as shipped: no material transient in $m" test "$(material "$tmp/w1" $m)" = false
done
assert "default as shipped: no note on stderr" sh -c "! grep -q 'may not start in steady state' '$tmp/err'"
assert "needs start in steady state: prevalences of year 1 within 10% of year 5" needs_steady "$tmp/w1"

check "no warm-up" 0 "$CTSIM" run -r 6 -s 99 --set run.warmup_years=0 -o "$tmp/w0"
echo "# no warm-up: steady $(steady_flag "$tmp/w0"); unmet_need_days material $(material "$tmp/w0" unmet_need_days)"
assert "no warm-up: not steady" test "$(steady_flag "$tmp/w0")" = false
assert "no warm-up: unmet-need days carry a material transient" test "$(material "$tmp/w0" unmet_need_days)" = true
assert "no warm-up: run notes it on stderr" \
  grep -q "may not start in steady state: .*unmet_need_days" "$tmp/err"

# The bias in the manifest is what the truncated years add to the mean
# over every year: recomputed here from results.csv (group all, years
# 1-5, replications 0-5) with the manifest's truncation.
bias_ok () {
  d=$(truncation "$1" unmet_need_days)
  b=$(tr -d ' \n' <"$1/manifest.json" | sed 's/.*"steady_state"://' \
    | grep -o '"measure":"unmet_need_days",[^}]*' | sed 's/.*"transient_bias":\([^,]*\),.*/\1/')
  awk -F, -v d="$d" -v b="$b" '$4 == "all" && $5 == "unmet_need_days" && $3 ~ /^[0-9]+$/ {
      all[$2] += $6; na[$2]++; if ($3 > d) { k[$2] += $6; nk[$2]++ } }
    END { for (r in all) { s += all[r] / na[r] - k[r] / nk[r]; n++ }
          x = s / n; printf "# bias from results.csv %.6g, manifest %s\n", x, b
          e = x - b; if (e < 0) e = -e; exit !(n == 6 && e <= 1e-6 * (x < 0 ? -x : x) + 1e-9) }' "$1/results.csv"
}
assert "the manifest's transient bias is recomputed from results.csv" bias_ok "$tmp/w0"

echo "1..$n"
[ "$fails" -eq 0 ]
