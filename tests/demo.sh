#!/bin/sh
# demo.sh: `ctsim demo` as a trainer runs it (issue 8): the same seed gives
# byte-identical narration (also what narration.txt holds), every line fits
# 80 columns, no escape code unless stdout is a terminal (and then none
# under NO_COLOR or TERM=dumb), numbers in the narration agree with the
# run's own results.csv and trace.csv (year-end summaries, the versus
# table's area rows, needs analyses, budgets, tenders, waits), the versus
# table is there, gnuplot's absence is one warning and no chart, every
# shipped arrangement runs, and mistakes are usage errors.
# Speed is not tested here (benchmarks measure it).
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

skip () { n=$((n + 1)); echo "ok $n # skip $1"; }

# The narration with each wrapped sentence on one line (continuation lines
# are indented by four spaces or more), thousands separators removed.
joined () {
  awk '/^    / { sub(/^ +/, ""); line = line " " $0; next }
       { if (NR > 1) print line; line = $0 }
       END { print line }' "$1" | sed 's/\([0-9]\),\([0-9][0-9][0-9]\)/\1\2/g'
}

# --- the default story, twice --------------------------------------------

check "demo" 0 "$CTSIM" demo --output "$tmp/d"
cp "$tmp/out" "$tmp/n1"
cp "$tmp/err" "$tmp/e1"
check "demo again, same seed" 0 "$CTSIM" demo --output "$tmp/d"
cp "$tmp/out" "$tmp/n2"
assert "byte-identical narration" cmp -s "$tmp/n1" "$tmp/n2"
assert "narration.txt is what was printed" cmp -s "$tmp/n1" "$tmp/d/narration.txt"
assert "a few hundred lines" test "$(wc -l <"$tmp/n1")" -gt 100
assert "at most 80 columns" \
  awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$tmp/n1"
assert "plain ASCII, no escape code when stdout is a file" \
  sh -c "! LC_ALL=C grep -q '[^ -~]' '$tmp/n1'"
assert "grouped by the cycle's stages" sh -c "
  for s in 'Needs analysis' 'Gap analysis' Priorities Procurement Contracts; do
    grep -qx \"\$s\" '$tmp/n1' || exit 1
  done"
assert "three children followed" \
  test "$(grep -c '^  [A-Z][a-z]* (child [0-9]*, ' "$tmp/n1")" -eq 3
assert "the versus table" sh -c "
  grep -q '^The same children under multi-agency-panel' '$tmp/n1' &&
  grep -q '^ *school-led-cluster  *multi-agency-panel\$' '$tmp/n1' &&
  grep -q '^  reach: needs served ' '$tmp/n1' &&
  test \$(grep -c '^  served ' '$tmp/n1') -eq 3"
assert "the caveat" grep -q 'is an illustration, not evidence' "$tmp/n1"
assert "outputs written" sh -c "
  for f in results.csv trace.csv trace-versus.csv manifest.json plots/demo.dat plots/meta.gp; do
    test -s '$tmp/d/'\$f || exit 1
  done"
if [ -x "${top_builddir:-.}/tests/json-check" ]; then
  assert "manifest.json is valid JSON" "$top_builddir/tests/json-check" "$tmp/d/manifest.json"
else
  skip "no tests/json-check: manifest.json not checked"
fi
assert "manifest.json names the followed children" \
  grep -q '"followed_children"' "$tmp/d/manifest.json"
assert "results.csv holds both arrangements" sh -c "
  grep -q '^demo-school-led-cluster,0,all,all,reach,' '$tmp/d/results.csv' &&
  grep -q '^demo-multi-agency-panel,0,all,all,reach,' '$tmp/d/results.csv'"
if command -v "${CTSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  assert "the chart, PNG and SVG" sh -c "test -s '$tmp/d/plots/demo.png' && test -s '$tmp/d/plots/demo.svg'"
  assert "no warning when gnuplot runs" test ! -s "$tmp/e1"
else
  skip "no gnuplot: chart not checked"
  skip "no gnuplot: warning not checked"
fi

# --- numbers in the narration against the run's own outputs -------------

joined "$tmp/n1" >"$tmp/j"
res="$tmp/d/results.csv"
trace="$tmp/d/trace.csv"

value () { # value SCENARIO YEAR MEASURE: group all, replication 0
  awk -F, -v s="$1" -v y="$2" -v m="$3" \
    '$1 == s && $2 == 0 && $3 == y && $4 == "all" && $5 == m { print $6 }' "$res"
}

# End of year N (results.csv): R referrals, W of which ...; a mean wait of M
# days; P% of children ...; services cost S pounds.
years_ok () {
  k=0
  grep '^End of year [0-9]* (results.csv)' "$tmp/j" >"$tmp/years" || return 1
  while read -r line; do
    got=$(echo "$line" | sed -n 's/^End of year \([0-9]*\) (results.csv): \([0-9]*\) referrals, \([0-9]*\) of which no service could take; a mean wait of \([0-9.]*\) days; \([0-9.]*%\) of children.*/\1 \2 \3 \4 \5/p')
    y=${got%% *}
    [ -n "$y" ] || { echo "# not understood: $line"; return 1; }
    want="$y $(value demo-school-led-cluster "$y" referrals) $(value demo-school-led-cluster "$y" referrals_without_service)"
    want="$want $(printf '%.1f' "$(value demo-school-led-cluster "$y" waiting_days_mean)")"
    want="$want $(awk -v x="$(value demo-school-led-cluster "$y" reach)" 'BEGIN { printf "%.1f%%", 100 * x }')"
    [ "$got" = "$want" ] || { echo "# narration '$got', results.csv '$want'"; return 1; }
    k=$((k + 1))
  done <"$tmp/years"
  [ "$k" -eq 2 ]
}
assert "year-end summaries agree with results.csv" years_ok

spend_ok () {
  for y in 1 2; do
    want=$(printf '%.0f' "$(value demo-school-led-cluster "$y" spend_gbp)")
    grep "^End of year $y " "$tmp/j" | grep -q "services cost $want pounds" || return 1
  done
}
assert "yearly spend agrees with results.csv" spend_ok

# The table's area rows: story, then versus, over the whole run.
area_ok () { # area_ok LABEL MEASURE SCALE SUFFIX
  a=$(value demo-school-led-cluster all "$2")
  b=$(value demo-multi-agency-panel all "$2")
  want=$(awk -v a="$a" -v b="$b" -v k="$3" -v s="$4" \
    'BEGIN { printf "%.1f%s %.1f%s", k * a, s, k * b, s }')
  got=$(grep "^  $1  " "$tmp/j" | awk '{ print $(NF - 1), $NF }')
  [ "$got" = "$want" ] || { echo "# $1: narration '$got', results.csv '$want'"; return 1; }
}
assert "table: reach (issue 18: not called children in need)" area_ok "reach: needs served" reach 100 %
# The default pairing says something: the followed children's rows differ
# between the two arrangements in at least one cell (issue 18 item 7).
differs_ok () {
  k=$(grep -E '^  (served|days waiting|stage at start -> end)  ' "$tmp/n1" \
        | awk -F'  +' '$3 != $4 { k++ } END { print k + 0 }')
  echo "# followed children's cells that differ: $k"
  [ "$k" -gt 0 ]
}
assert "the default pairing: the followed children's rows differ" differs_ok
# What happens to the followed children is told under "The children", not
# under a commissioning stage's heading (issue 18 item 7).
children_ok () {
  names=$(grep -o '^  [A-Z][a-z]* (child [0-9]*, ' "$tmp/n1" | awk '{ print $1 }' | paste -sd'|' -)
  awk -v names="$names" '
    /^[A-Z]/ { heading = $0; next }
    /^  day / && $0 ~ ("(" names ")") && heading != "The children" {
      print "# under " heading ": " $0; bad = 1 }
    END { exit bad }' "$tmp/n1"
}
assert "the children's events under their own heading" children_ok
assert "counts are whole children (no 'records show 0.9')" \
  sh -c "! grep -Eq '(records show|estimates) [0-9]+\.[0-9]' '$tmp/n1'"
assert "table: mean wait" area_ok "mean wait" waiting_days_mean 1 ""
assert "table: unmet-need days" area_ok "unmet-need days per child" unmet_need_days_per_child 1 ""

# "day D  NAME reads the records of about N children": the trace's needs
# analysis on that day says "N children in sight".
needs_ok () {
  grep 'reads the records of about' "$tmp/j" >"$tmp/needs" || return 1
  while read -r line; do
    d=$(echo "$line" | sed -n 's/^ *day *\([0-9]*\) .*/\1/p')
    c=$(echo "$line" | sed -n 's/.*reads the records of about \([0-9]*\) children.*/\1/p')
    awk -F, -v d="$d" -v c="$c" \
      '$2 == "needs_analysis" && int($1) == d && index($0, ": " c " children in sight") { f = 1 }
       END { exit !f }' "$trace" || { echo "# day $d: $c children not in the trace"; return 1; }
  done <"$tmp/needs"
}
assert "needs analyses agree with the trace" needs_ok

budgets_ok () {
  grep 'plans with [0-9]* pounds a year' "$tmp/j" >"$tmp/plans" || return 1
  while read -r line; do
    d=$(echo "$line" | sed -n 's/^ *day *\([0-9]*\) .*/\1/p')
    b=$(echo "$line" | sed -n 's/.*plans with \([0-9]*\) pounds.*/\1/p')
    awk -F, -v d="$d" -v b="$b" \
      '$2 == "priority_setting" && int($1) == d && index($0, "budget " b " GBP") { f = 1 }
       END { exit !f }' "$trace" || { echo "# day $d: budget $b not in the trace"; return 1; }
  done <"$tmp/plans"
}
assert "budgets agree with the trace" budgets_ok

# The places planned ("A 2 -> 3, B 4 -> 5") add up to the trace's "N
# places planned" of the same priority setting.
planned_ok () {
  while read -r line; do
    d=$(echo "$line" | sed -n 's/^ *day *\([0-9]*\) .*/\1/p')
    sum=$(echo "$line" | grep -o -- '-> [0-9]*' | awk '{ s += $2 } END { print s + 0 }')
    awk -F, -v d="$d" -v n="$sum" \
      '$2 == "priority_setting" && int($1) == d && index($0, ", " n " places planned") { f = 1 }
       END { exit !f }' "$trace" || { echo "# day $d: $sum places planned not in the trace"; return 1; }
  done <"$tmp/plans"
}
assert "places planned agree with the trace" planned_ok

# Procurements are the tender attempts that closed (each told once).
tenders_ok () {
  told=$(grep -c '^ *day *[0-9]*  Tender for ' "$tmp/j")
  want=$(awk -F, '$1 == "demo-school-led-cluster" && $3 == "all" &&
                  $4 ~ /^commissioner:/ && $5 == "procurements" { s += $6 }
                  END { print s + 0 }' "$res")
  [ "$told" -eq "$want" ] && [ "$want" -gt 0 ] ||
    { echo "# $told tenders told, $want in results.csv"; return 1; }
}
assert "tenders closed = procurements in results.csv" tenders_ok

# "day D  NAME starts SERVICE after W days on its waiting list": the
# trace's row for that child on that day says "after W days waiting".
waits_ok () {
  k=0
  grep ' starts .* after [0-9.]* days on its waiting list' "$tmp/j" >"$tmp/waits" || return 0
  while read -r line; do
    d=$(echo "$line" | sed -n 's/^ *day *\([0-9]*\) .*/\1/p')
    who=$(echo "$line" | awk '{ print $3 }')
    w=$(echo "$line" | sed -n 's/.* after \([0-9.]*\) days on its waiting list.*/\1/p')
    id=$(sed -n "s/^  $who (child \([0-9]*\),.*/\1/p" "$tmp/j")
    awk -F, -v d="$d" -v id="$id" -v w="$w" \
      '$4 == id && int($1) == d && index($0, "after " w " days waiting") { f = 1 }
       END { exit !f }' "$trace" || { echo "# $who (child $id) day $d: wait $w not in the trace"; return 1; }
    k=$((k + 1))
  done <"$tmp/waits"
  echo "# $k waits checked"
}
assert "children's waits agree with the trace" waits_ok

# --- colour, terminals, gnuplot -------------------------------------------

if command -v script >/dev/null 2>&1; then
  TERM=xterm NO_COLOR= script -qec "'$CTSIM' demo --output '$tmp/t1'" /dev/null >"$tmp/tty1" 2>&1
  assert "colour on a terminal" grep -q "$(printf '\033')\[" "$tmp/tty1"
  TERM=xterm NO_COLOR=1 script -qec "'$CTSIM' demo --output '$tmp/t2'" /dev/null >"$tmp/tty2" 2>&1
  assert "no escape code under NO_COLOR, even on a terminal" \
    sh -c "! grep -q \"\$(printf '\033')\" '$tmp/tty2'"
  assert "NO_COLOR on a terminal: the same narration" \
    sh -c "tr -d '\r' <'$tmp/tty2' | cmp -s - '$tmp/t2/narration.txt'"
  TERM=dumb script -qec "'$CTSIM' demo --output '$tmp/t3'" /dev/null >"$tmp/tty3" 2>&1
  assert "no escape code on a dumb terminal" \
    sh -c "! grep -q \"\$(printf '\033')\" '$tmp/tty3'"
else
  skip "no script(1): terminal colour not checked"
  skip "no script(1): NO_COLOR on a terminal not checked"
  skip "no script(1): NO_COLOR narration not checked"
  skip "no script(1): TERM=dumb not checked"
fi
NO_COLOR=1 "$CTSIM" demo --output "$tmp/d" >"$tmp/n3" 2>/dev/null
assert "NO_COLOR: byte-identical narration" cmp -s "$tmp/n1" "$tmp/n3"
check "--step without a terminal does not wait" 0 sh -c "'$CTSIM' demo --step --output '$tmp/d' </dev/null"
assert "--step without a terminal: the same narration" cmp -s "$tmp/n1" "$tmp/out"
assert "--step without a terminal: says it does not pause" \
  grep -q 'demo --step: not pausing: .*not a terminal' "$tmp/err"

check "without gnuplot" 0 env CTSIM_GNUPLOT=/nonexistent "$CTSIM" demo --output "$tmp/g"
assert "without gnuplot: one warning line" \
  sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'gnuplot' '$tmp/err'"
assert "without gnuplot: says there is no chart" grep -q '^No chart: ' "$tmp/out"
assert "without gnuplot: no chart, narration and CSV written" sh -c "
  test ! -e '$tmp/g/plots/demo.png' && test -s '$tmp/g/narration.txt' &&
  test -s '$tmp/g/results.csv' && test -s '$tmp/g/plots/demo.dat'"
joined "$tmp/out" | sed '$d' >"$tmp/g1"
joined "$tmp/n1" | sed '$d' >"$tmp/g2"
assert "without gnuplot: the same story but for the chart's line" cmp -s "$tmp/g1" "$tmp/g2"

# --- other arrangements, seeds and --set ----------------------------------

for a in separate-agencies joint-unit-pooled multi-agency-panel school-led-single; do
  check "arrangement $a" 0 "$CTSIM" demo --arrangement "$a" --versus school-led-cluster --output "$tmp/a-$a"
  assert "arrangement $a: 80 columns" awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$tmp/out"
done
check "another seed" 0 "$CTSIM" demo --seed 7 --output "$tmp/s7"
assert "another seed, another story" sh -c "! cmp -s '$tmp/n1' '$tmp/out'"
check "--quiet" 0 "$CTSIM" demo --quiet --output "$tmp/q"
assert "--quiet prints nothing" test ! -s "$tmp/out"
check "--set for both" 0 "$CTSIM" demo --set services.camhs_t2.places=4 --output "$tmp/s1"
assert "--set is told" grep -q 'Changed with --set: services.camhs_t2.places=4' "$tmp/out"
check "--set for one arrangement only" 0 "$CTSIM" demo \
  --set arrangements.schools.outside_reach.excluded=0.8 --output "$tmp/s2"
joined "$tmp/out" >"$tmp/j2"
assert "--set for one: says so" \
  grep -q 'only for school-led-cluster (multi-agency-panel has no such parameter)' "$tmp/j2"

check "unknown arrangement" 64 "$CTSIM" demo --arrangement nosuch --output "$tmp/x1"
assert "unknown arrangement: names the known ones" \
  grep -q 'joint-unit-pooled, multi-agency-panel, school-led-cluster' "$tmp/err"
check "versus itself" 64 "$CTSIM" demo --versus school-led-cluster --output "$tmp/x2"
check "a positional argument" 64 "$CTSIM" demo demo.xml --output "$tmp/x3"
check "a bad --set value" 65 "$CTSIM" demo --set services.camhs_t2.places=lots --output "$tmp/x4"
check "a --set path in neither" 65 "$CTSIM" demo --set services.nosuch.places=1 --output "$tmp/x5"
check "versus another area" 65 "$CTSIM" demo --versus "$top_srcdir/scenarios/county.xml" --output "$tmp/x7"
check "a missing scenario file" 66 "$CTSIM" demo --arrangement "$tmp/none.xml" --output "$tmp/x6"
assert "failed demos leave no folder" sh -c "
  for k in 1 2 3 4 5 6 7; do test ! -e '$tmp/x'\$k || exit 1; done"

echo "1..$n"
[ "$fails" -eq 0 ]
