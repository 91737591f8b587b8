#!/bin/sh
# plots.sh: charts, compare and sweep as a user runs them (issue 6):
# without gnuplot a run still succeeds, says so in one line and keeps every
# CSV; with gnuplot every chart that applies is drawn (PNG and SVG, not
# empty); compare writes comparison.csv with its exact header; sweep adds
# the `point` column.  Exits 77 (skip) for the drawing checks' absence
# only: the gnuplot-missing checks always run.
set -u
: "${CTSIM:?}" "${top_builddir:?}"
JSON_CHECK="$top_builddir/tests/json-check"
. "$top_srcdir/tests/lib.sh"

nonempty () { [ -s "$1" ]; }

# ---- gnuplot missing: the run succeeds, one warning line, CSVs kept ----
check "run without gnuplot" 0 env CTSIM_GNUPLOT=/nonexistent/gnuplot \
  "$CTSIM" run validation/mm1 --replications 2 --output "$tmp/nogp" --quiet
assert "one line on stderr" test "$(wc -l <"$tmp/err")" -eq 1
assert "the line is a warning naming gnuplot" grep -q '^ctsim: warning: .*gnuplot' "$tmp/err"
assert "results.csv kept" nonempty "$tmp/nogp/results.csv"
assert "summary.csv kept" nonempty "$tmp/nogp/summary.csv"
assert "manifest.json kept" "$JSON_CHECK" "$tmp/nogp/manifest.json"
assert "chart inputs kept" nonempty "$tmp/nogp/plots/waits.dat"
assert "no PNG without gnuplot" test ! -e "$tmp/nogp/plots/waits.png"
assert "report.html still written" grep -q 'No charts' "$tmp/nogp/report.html"

check "compare without gnuplot" 0 env CTSIM_GNUPLOT=/nonexistent/gnuplot \
  "$CTSIM" compare validation/mm1 validation/md1 --replications 2 \
  --output "$tmp/nogp-cmp" --quiet
assert "compare: one warning line" test "$(wc -l <"$tmp/err")" -eq 1
assert "compare: comparison.csv kept" nonempty "$tmp/nogp-cmp/comparison.csv"

# A gnuplot that fails: still one line, still success.
printf '#!/bin/sh\necho "bad script" >&2\nexit 3\n' >"$tmp/badgp"
chmod +x "$tmp/badgp"
check "run with a failing gnuplot" 0 env CTSIM_GNUPLOT="$tmp/badgp" \
  "$CTSIM" run validation/mm1 --replications 2 --output "$tmp/badrun" --quiet
assert "failing gnuplot: one line naming the chart" \
  sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'failed to draw waits' '$tmp/err'"
assert "failing gnuplot: CSVs kept" nonempty "$tmp/badrun/results.csv"

# ---- compare and sweep outputs (gnuplot or not) ----
check "compare" 0 "$CTSIM" compare validation/mm1 validation/md1 \
  --replications 3 --output "$tmp/cmp"
assert "comparison.csv header" test "$(head -n 1 "$tmp/cmp/comparison.csv")" = \
  "group,measure,scenario,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high,seed,run_id"
assert "comparison-widths.csv header" test "$(head -n 1 "$tmp/cmp/comparison-widths.csv")" = \
  "group,measure,scenario,paired_width,unpaired_width,width_ratio"
assert "results.csv has both scenarios" \
  sh -c "cut -d, -f1 '$tmp/cmp/results.csv' | sort -u | grep -c '^m[md]1\$' | grep -qx 2"
assert "summary.csv header" test "$(head -n 1 "$tmp/cmp/summary.csv")" = \
  "scenario,group,measure,mean,ci_low,ci_high,replications,seed,run_id"
assert "compare manifest is JSON" "$JSON_CHECK" "$tmp/cmp/manifest.json"
assert "terminal table marks differences" grep -q ' \*' "$tmp/out"
assert "terminal: a headline in words" grep -q '^Against mm1 (3 replications' "$tmp/out"
assert "terminal: at most 100 columns (issue 18)" \
  sh -c "[ \$(LC_ALL=C.UTF-8 wc -L <'$tmp/out') -le 100 ]"
assert "summary.md written" grep -q '^# ctsim comparison' "$tmp/cmp/summary.md"
check "compare --wide" 0 "$CTSIM" compare validation/mm1 validation/md1 \
  --replications 3 --wide --output "$tmp/cmp-wide"
assert "--wide table reports both widths" grep -q 'width unpaired' "$tmp/out"
assert "default folder name" sh -c "cd '$tmp' && '$CTSIM' compare validation/mm1 validation/md1 -r 2 -q && test -f ctsim-out/compare-mm1-vs-md1/comparison.csv"
check "compare needs two scenarios" 64 "$CTSIM" compare validation/mm1
check "compare a missing file" 66 "$CTSIM" compare validation/mm1 "$tmp/missing.xml" --output "$tmp/never"
assert "failed compare leaves no folder" test ! -e "$tmp/never"

cat >"$tmp/sweep.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="mmc-sweep" model="queue">
  <description>M/M/c with 10 to 12 places.</description>
  <run years="3" warmup_years="1" replications="3" seed="7" source="test"/>
  <sweep>
    <param path="services.q.servers" values="10 11 12"/>
  </sweep>
  <services>
    <service id="q" servers="10" arrival_rate_per_day="9"
             episode_days="exponential(mean=1)" source="test"/>
  </services>
</scenario>
EOF
check "sweep" 0 "$CTSIM" sweep "$tmp/sweep.xml" --output "$tmp/sw" --quiet
assert "sweep results.csv: point first" test "$(head -n 1 "$tmp/sw/results.csv")" = \
  "point,scenario,replication,year,group,measure,value"
assert "sweep summary.csv: point first" test "$(head -n 1 "$tmp/sw/summary.csv")" = \
  "point,scenario,group,measure,mean,ci_low,ci_high,replications,seed,run_id"
assert "points.csv" test "$(cat "$tmp/sw/points.csv")" = "point,label,services.q.servers
1,servers=10,10
2,servers=11,11
3,servers=12,12"
assert "sweep manifest is JSON" "$JSON_CHECK" "$tmp/sw/manifest.json"
assert "sweep comparison.csv: every point against point 1 (issue 18)" \
  sh -c "head -n 1 '$tmp/sw/comparison.csv' | grep -qx 'group,measure,scenario,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high,seed,run_id' && grep -q '^service:q,waiting_days_mean,servers=12,' '$tmp/sw/comparison.csv' && grep -Eq '^service:q,waiting_days_mean,servers=10,[^,]*,[^,]*,[^,]*,,,,[0-9]+,[0-9a-f]{16}\$' '$tmp/sw/comparison.csv'"
assert "sweep: a sequential palette, one colour a point (issue 18)" \
  sh -c "grep '^array series_colour\[3\]' '$tmp/sw/plots/meta.gp' | grep -o \"'#[0-9a-f]*'\" | sort -u | wc -l | grep -qx 3"
check "compare with and without a pool" 0 "$CTSIM" compare separate-agencies \
  joint-unit-pooled -r 1 --set run.years=1 -q --output "$tmp/money"
assert "money chart: no empty row for the scenario that pools nothing (issue 18)" \
  sh -c "grep -qx 'money_n_rows = 1' '$tmp/money/plots/meta.gp' && grep -q \"money_row_label\[1\] = \['joint-unit-pooled'\]\" '$tmp/money/plots/meta.gp'"
check "sweep on the terminal" 0 "$CTSIM" sweep "$tmp/sweep.xml" --output "$tmp/sw-t"
assert "sweep terminal: differences from point 1, 100 columns" \
  sh -c "grep -q 'each point minus point 1' '$tmp/out' && [ \$(LC_ALL=C.UTF-8 wc -L <'$tmp/out') -le 100 ]"
assert "sweep manifest lists the points" grep -q '"sets":\["services.q.servers=12"\]' "$tmp/sw/manifest.json"
assert "three points in summary.csv" \
  sh -c "cut -d, -f1 '$tmp/sw/summary.csv' | sort -u | grep -c '^[0-9]' | grep -qx 3"
check "sweep of a scenario without <sweep>" 65 "$CTSIM" sweep validation/mm1 --output "$tmp/never"

# ---- with gnuplot: every chart that applies, PNG and SVG ----
gp=${CTSIM_GNUPLOT:-gnuplot}
if ! command -v "$gp" >/dev/null 2>&1; then
  echo "# gnuplot not found: drawing not checked"
  echo "1..$n"
  [ "$fails" -eq 0 ] || exit 1
  exit 77
fi
check "run with gnuplot" 0 "$CTSIM" run validation/mm1 --replications 2 --output "$tmp/run"
assert "run with gnuplot: nothing on stderr but the start line" \
  test "$(grep -vc '^ctsim: running' "$tmp/err")" -eq 0
assert "run: waits.png" nonempty "$tmp/run/plots/waits.png"
assert "run: waits.svg" nonempty "$tmp/run/plots/waits.svg"
for f in waits forest; do
  assert "compare: $f.png" nonempty "$tmp/cmp/plots/$f.png"
  assert "compare: $f.svg" nonempty "$tmp/cmp/plots/$f.svg"
done
assert "compare: the forest chart is in the report" grep -q 'id="chart-forest"' "$tmp/cmp/report.html"
# The forest axis (issue 18): each panel's [forest_xmin, forest_xmax]
# holds zero and every difference (wide intervals may be cut, never a
# point).
forest_axis () {
  awk '
    FNR == NR {
      if ($1 == "array" && ($2 ~ /^forest_xmin/ || $2 ~ /^forest_xmax/)) {
        s = $0; sub(/.*\[ */, "", s); sub(/\].*/, "", s)
        k = split(s, v, ","); name = ($2 ~ /xmin/) ? "lo" : "hi"
        for (i = 1; i <= k; i++) { if (name == "lo") lo[i] = v[i] + 0; else hi[i] = v[i] + 0 }
        np = k
      }
      if ($1 == "forest_n_series") ns = $3 + 0
      next
    }
    /^# / { block++; next }
    NF >= 4 && $1 ~ /^[0-9]+$/ && $2 != "NaN" {
      p = int((block - 1) / ns) + 1
      if (!(lo[p] <= $2 && $2 <= hi[p])) { print "# panel " p ": " $2 " outside"; bad = 1 }
      seen++
    }
    END { for (i = 1; i <= np; i++) if (!(lo[i] <= 0 && 0 <= hi[i])) bad = 1
          exit bad || np == 0 || seen == 0 }' "$1/plots/meta.gp" "$1/plots/forest.dat"
}
assert "compare: the forest axis holds zero and every difference" forest_axis "$tmp/cmp"
for f in waits sweep; do
  assert "sweep: $f.png" nonempty "$tmp/sw/plots/$f.png"
  assert "sweep: $f.svg" nonempty "$tmp/sw/plots/$f.svg"
done
assert "PNG files are PNG" sh -c "head -c 8 '$tmp/cmp/plots/forest.png' | od -c | grep -q 'P   N   G'"
assert "SVG files are SVG" grep -q '<svg' "$tmp/cmp/plots/forest.svg"
# The scripts work by hand on an output folder.
rm -f "$tmp/sw/plots/sweep.png" "$tmp/sw/plots/sweep.svg"
check "a script by hand" 0 "$gp" -e "dir='$tmp/sw'" "$top_srcdir/plots/sweep.gp"
assert "by hand: sweep.png drawn again" nonempty "$tmp/sw/plots/sweep.png"

echo "1..$n"
[ "$fails" -eq 0 ]
