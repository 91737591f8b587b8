#!/bin/sh
# survey.sh: `ctsim survey` as a user runs it (issues 7 and 15,
# docs/survey.md): the output folder and its files, the time line's rows,
# reproducibility across --jobs and seeds, sweeps of surveys, and the
# mistakes it must refuse.  Two replications are enough for these; what
# the survey says at its seed (the four counts' regression test, the
# association with a specific-group focus, the two mechanisms) is
# tests/survey-figures.sh, at ten.  CI runs this one under the
# sanitizers too.
set -u
: "${CTSIM:?}" "${top_builddir:?}" "${top_srcdir:?}"
JSON_CHECK="$top_builddir/tests/json-check"
SEED=2004
REPS=2
. "$top_srcdir/tests/lib.sh"

# field FILE ITEM SECTOR COLUMN: a column of survey.csv (1-based).
field () {
  awk -F, -v i="$2" -v s="$3" -v c="$4" '$1 == i && $2 == s { print $c }' "$1"
}

# ---- a survey and its files ------------------------------------------------
check "survey runs" 0 "$CTSIM" survey --seed $SEED --replications $REPS --output "$tmp/s"
s="$tmp/s/survey.csv"
assert "survey.csv header" \
  test "$(head -n 1 "$s")" = "item,sector,published,simulated_mean,ci_low,ci_high,replications,seed,group,measure,name,source"
mean=$(field "$s" pathfinders_jointly_commissioning all 4)
echo "# seed $SEED, $REPS replications: pathfinders jointly commissioning $mean"
# The time line (issue 15): a row per survey date, each date inside the
# run, counts that never fall as the date moves on, and a survey date
# after the end of the run refused.
for m in 12 15 18; do
  assert "survey.csv: the headline $m months after the selection" \
    test -n "$(field "$s" pathfinders_jointly_commissioning:months=$m all 4)"
done
monotone () { # per pathfinder: joint services by 12 <= by 15 <= by 18 months
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { a = $c["joint_services_months_12"]; b = $c["joint_services_months_15"]
      d = $c["joint_services_months_18"]
      if (a == "" || !(a <= b && b <= d && d == $c["joint_services"])) bad = 1 }
    END { exit bad }' "$tmp/s/areas.csv"
}
assert "areas.csv: joint services never fall as the survey date moves on" monotone
assert "areas.csv: every board starts within the six months after the selection" \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    !($c["board_start_days"] >= 0 && $c["board_start_days"] <= 183) { bad = 1 }
    END { exit bad }' "$tmp/s/areas.csv"
assert "headline's published figure is 22" \
  test "$(field "$s" pathfinders_jointly_commissioning all 3)" = 22
assert "published sector figures 16, 15, 7" \
  test "$(field "$s" pathfinders_with_joint_service social_care 3) $(field "$s" pathfinders_with_joint_service health 3) $(field "$s" pathfinders_with_joint_service education 3)" = "16 15 7"
assert "published Table 1: children's centres 14" \
  test "$(field "$s" service:childrens_centres education 3)" = 14
assert "no published count for a health service" \
  test -z "$(field "$s" service:camhs_t3 health 3)"
assert "one row per catalogue service (29)" \
  test "$(grep -c '^service:' "$s")" -eq 29
assert "interval rows: low <= mean <= high" \
  awk -F, 'NR > 1 && $5 != "" && !($5 <= $4 && $4 <= $6) { bad = 1 } END { exit bad }' "$s"
assert "the terminal table shows the headline" grep -q 'pathfinders_jointly_commissioning' "$tmp/out"
assert "the terminal shows the fit" grep -q 'Spearman rank correlation' "$tmp/out"
f="$tmp/s/fit.csv"
assert "fit.csv header" test "$(head -n 1 "$f")" = "statistic,value,items"
assert "fit.csv: MAE over the 14 published items" \
  grep -q '^mean_absolute_error,[0-9.]*,14$' "$f"
assert "fit.csv: Spearman over the 14 published items" \
  grep -q '^spearman_rank_correlation,-\{0,1\}[0-9.]*,14$' "$f"
assert "areas.csv: 35 pathfinders x $REPS replications" \
  test "$(($(wc -l <"$tmp/s/areas.csv") - 1))" -eq $((35 * REPS))
assert "areas.csv agrees with the headline (the mean over the survey dates)" \
  awk -F, -v m="$mean" -v r=$REPS 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { j += (($c["joint_services_months_12"] > 0) + ($c["joint_services_months_15"] > 0) + ($c["joint_services_months_18"] > 0)) / 3 }
    END { d = j / r - m; if (d < 0) d = -d; exit !(d < 1e-6) }' "$tmp/s/areas.csv"
assert "results.csv header" \
  test "$(head -n 1 "$tmp/s/results.csv")" = "scenario,replication,year,group,measure,value"
assert "summary.csv has the headline" \
  grep -q '^pathfinders-2004,all,pathfinders_jointly_commissioning,' "$tmp/s/summary.csv"
assert "manifest.json is valid JSON" "$JSON_CHECK" "$tmp/s/manifest.json"
assert "manifest records the seed" grep -q "\"seed\": *$SEED" "$tmp/s/manifest.json"
assert "manifest records the published figures' checksum" \
  grep -q '"sha256": *"[0-9a-f]\{64\}"' "$tmp/s/manifest.json"
assert "report.html written" grep -q 'pathfinder survey' "$tmp/s/report.html"
assert "chart input written" test -s "$tmp/s/plots/survey.dat"
if command -v "${CTSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  assert "chart drawn (png and svg)" test -s "$tmp/s/plots/survey.png" -a -s "$tmp/s/plots/survey.svg"
fi

# ---- reproducibility -------------------------------------------------------
check "survey --jobs 1" 0 "$CTSIM" survey --seed 7 -r 2 --jobs 1 --output "$tmp/j1" --quiet
check "survey --jobs 2" 0 "$CTSIM" survey --seed 7 -r 2 --jobs 2 --output "$tmp/j2" --quiet
for file in survey.csv areas.csv results.csv summary.csv fit.csv; do
  assert "$file identical for --jobs 1 and 2" cmp -s "$tmp/j1/$file" "$tmp/j2/$file"
done
assert "--jobs: the comparison covers drawn agreements (issue 15)" \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { k += $c["agreement_camhs"] + $c["agreement_sure_start"] } END { exit !(k > 0) }' "$tmp/j1/areas.csv"
assert "quiet prints nothing" test ! -s "$tmp/out"
check "survey, another seed" 0 "$CTSIM" survey --seed 8 -r 2 --output "$tmp/j3" --quiet
assert "another seed draws other pathfinders" sh -c "! cmp -s '$tmp/j1/areas.csv' '$tmp/j3/areas.csv'"

# ---- a sweep of surveys (sensitivity analysis) ------------------------------
pf="$top_srcdir/scenarios/pathfinders-2004.xml"
cat >"$tmp/sweep.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="pf-sweep" extends="$pf">
  <sweep>
    <param name="aligned_share" path="pathfinders.aligned_share" values="0.225 0.3"/>
  </sweep>
</scenario>
EOF
check "survey over a <sweep>" 0 "$CTSIM" survey "$tmp/sweep.xml" --seed 7 -r 2 --output "$tmp/sw"
assert "sweep: survey.csv has a point column" \
  test "$(head -n 1 "$tmp/sw/survey.csv")" = "point,item,sector,published,simulated_mean,ci_low,ci_high,replications,seed,group,measure,name,source"
assert "sweep: fit.csv has a point column" \
  test "$(head -n 1 "$tmp/sw/fit.csv")" = "point,statistic,value,items"
assert "sweep: points.csv names the points" \
  test "$(tail -n +2 "$tmp/sw/points.csv" | tr '\n' ' ')" = "1,aligned_share=0.225,0.225 2,aligned_share=0.3,0.3 "
assert "sweep: every item at both points" \
  test "$(grep -c '^1,' "$tmp/sw/survey.csv")" -eq "$(grep -c '^2,' "$tmp/sw/survey.csv")"
assert "sweep: manifest.json is valid JSON" "$JSON_CHECK" "$tmp/sw/manifest.json"
sweep_codebook () { # every column of the sweep folder's CSV files described
  cb="$tmp/sw/codebook.csv"
  for f in survey.csv fit.csv points.csv; do
    for col in $(head -n 1 "$tmp/sw/$f" | tr ',' ' '); do
      grep -q "^column,$f,$col," "$cb" || { echo "# $f: $col missing"; return 1; }
    done
  done
  ! grep -q 'not described' "$cb"
}
assert "sweep: codebook.csv describes survey.csv, fit.csv and points.csv" sweep_codebook
assert "sweep: one complete survey folder per point" \
  sh -c "test -s '$tmp/sw/point-1/report.html' && test -s '$tmp/sw/point-2/areas.csv'"
assert "sweep: chart input, 4 series x 2 points" \
  test "$(grep -c '^[12] ' "$tmp/sw/plots/survey-sweep.dat")" -eq 8
if command -v "${CTSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  assert "sweep: chart drawn (png and svg)" \
    test -s "$tmp/sw/plots/survey-sweep.png" -a -s "$tmp/sw/plots/survey-sweep.svg"
fi
assert "sweep: the terminal shows both points" \
  sh -c "grep -q 'aligned_share=0.225' '$tmp/out' && grep -q 'aligned_share=0.3' '$tmp/out'"
check "the same survey without a sweep" 0 "$CTSIM" survey --seed 7 -r 2 \
  --set pathfinders.aligned_share=0.3 --output "$tmp/sw2" --quiet
assert "sweep: point 2 is that survey (common random numbers)" \
  cmp -s "$tmp/sw/point-2/survey.csv" "$tmp/sw2/survey.csv"
grep '^2,' "$tmp/sw/survey.csv" | cut -d, -f2- >"$tmp/sw-rows2"
assert "sweep: the top survey.csv's rows for point 2 are that survey's" \
  sh -c "tail -n +2 '$tmp/sw2/survey.csv' | cmp -s - '$tmp/sw-rows2'"
check "survey over a <sweep>, 1 job" 0 "$CTSIM" survey "$tmp/sweep.xml" --seed 7 -r 2 --jobs 1 --output "$tmp/sw1" --quiet
assert "sweep: identical for --jobs 1 and 2" cmp -s "$tmp/sw/survey.csv" "$tmp/sw1/survey.csv"
sed 's|path="pathfinders.aligned_share" values="0.225 0.3"|path="pathfinders.count" values="5 35"|' \
  "$tmp/sweep.xml" >"$tmp/badsweep.xml"
check "a sweep with an impossible point" 65 "$CTSIM" survey "$tmp/badsweep.xml" -r 1 --output "$tmp/never6"
assert "impossible point: no output folder" test ! -e "$tmp/never6"

# ---- mistakes ----------------------------------------------------------------
check "a scenario without <pathfinders>" 65 "$CTSIM" survey default --output "$tmp/never1"
assert "no <pathfinders>: one line saying so" \
  sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'no <pathfinders>' '$tmp/err'"
assert "no <pathfinders>: no output folder" test ! -e "$tmp/never1"
check "two scenarios" 64 "$CTSIM" survey a.xml b.xml
check "a survey date after the end of the run" 65 "$CTSIM" survey -r 1 \
  --set "pathfinders.survey_months=12 15 30" --output "$tmp/never7"
assert "survey date after the run: says so" grep -q 'after the end of the run' "$tmp/err"
assert "survey date after the run: no output folder" test ! -e "$tmp/never7"

cat >"$tmp/bad.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="bad" extends="$pf">
  <pathfinders published="bad.csv"/>
</scenario>
EOF
printf 'item,sector,name,published,source\npathfinders_jointly_commissioning,all,x,22,y\nno_such_item,all,x,3,y\n' >"$tmp/bad.csv"
check "an unknown item in the published figures" 65 "$CTSIM" survey "$tmp/bad.xml" -r 1 --output "$tmp/never2"
assert "unknown item: FILE:LINE" grep -q 'bad.csv:3: no survey item' "$tmp/err"
assert "unknown item: no output folder" test ! -e "$tmp/never2"
printf 'item,sector,name,published,source\npathfinders_jointly_commissioning,all,x,many,y\n' >"$tmp/bad.csv"
check "a published figure that is not a number" 65 "$CTSIM" survey "$tmp/bad.xml" -r 1 --output "$tmp/never3"
assert "not a number: FILE:LINE" grep -q 'bad.csv:2: the published figure is not a number' "$tmp/err"
printf 'item;sector\n' >"$tmp/bad.csv"
check "a published file with another header" 65 "$CTSIM" survey "$tmp/bad.xml" -r 1 --output "$tmp/never4"
assert "another header: FILE:1" grep -q 'bad.csv:1: not the header' "$tmp/err"
: >"$tmp/bad.csv"
check "an empty published file" 65 "$CTSIM" survey "$tmp/bad.xml" -r 1 --output "$tmp/never5"
assert "empty: FILE:1" grep -q 'bad.csv:1: empty' "$tmp/err"
assert "empty: no output folder" test ! -e "$tmp/never5"
rm -f "$tmp/bad.csv"
sed 's/bad.csv/missing.csv/' "$tmp/bad.xml" >"$tmp/missing.xml"
check "missing published figures" 66 "$CTSIM" survey "$tmp/missing.xml" -r 1 --output "$tmp/never5"
mkdir "$tmp/mine" && echo keep >"$tmp/mine/file"
check "refuse to overwrite a foreign folder" 73 "$CTSIM" survey -r 1 --output "$tmp/mine" --quiet
assert "the foreign folder is untouched" test "$(cat "$tmp/mine/file")" = keep

echo "1..$n"
[ "$fails" -eq 0 ]
