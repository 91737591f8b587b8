#!/bin/sh
# codebook.sh (issue 18 item 6): every output folder of run, compare,
# sweep and survey has codebook.csv with its exact header; it describes
# every column of the folder's results.csv and summary.csv (and
# comparison.csv / survey.csv where written) and every group and measure
# of its results.csv, and none of them is "(not described in
# docs/outputs.md)" for the shipped scenarios; manifest.json has run_id,
# the same for --jobs 1 and 2, different for another seed.
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

HEADER='kind,file,name,label,unit,better,min,max,meaning'

# covers DIR FILE...: the codebook names every column of each FILE (and
# of every other CSV file of DIR) and every group and measure of
# DIR/results.csv, and describes all of them
covers () {
  d=$1; shift
  cb="$d/codebook.csv"
  [ "$(head -n 1 "$cb")" = "$HEADER" ] || { echo "# bad header"; return 1; }
  for f in "$@" $(cd "$d" && ls *.csv | grep -v '^codebook.csv$'); do
    [ -f "$d/$f" ] || { echo "# $f missing"; return 1; }
    for col in $(head -n 1 "$d/$f" | tr ',' ' '); do
      grep -q "^column,$f,$col," "$cb" || { echo "# $f: column $col missing"; return 1; }
    done
  done
  for g in $(tail -n +2 "$d/results.csv" | awk -F, '{ print $(NF-2) }' | sort -u); do
    grep -q "^group,,$g," "$cb" || { echo "# group $g missing"; return 1; }
  done
  for m in $(tail -n +2 "$d/results.csv" | awk -F, '{ print $(NF-1) }' | sort -u); do
    grep -q "^measure,,$m," "$cb" || { echo "# measure $m missing"; return 1; }
  done
  if grep 'not described in docs/outputs.md' "$cb"; then return 1; fi
  echo "# $cb: $(($(wc -l <"$cb") - 1)) rows"
}

check "run" 0 "$CTSIM" run -r 2 -j 1 --set run.years=1 --set run.warmup_years=1 -q -o "$tmp/run"
assert "run: codebook covers results and summary" covers "$tmp/run" results.csv summary.csv
assert "run: reach is a share, higher is better, 0-1" \
  grep -q '^measure,,reach,Reach ([^,]*,share 0-1,higher,0,1,' "$tmp/run/codebook.csv"

check "run --jobs 2" 0 "$CTSIM" run -r 2 -j 2 --set run.years=1 --set run.warmup_years=1 -q -o "$tmp/run2"
check "run, another seed" 0 "$CTSIM" run -r 2 -s 3 --set run.years=1 --set run.warmup_years=1 -q -o "$tmp/run3"
id () { tr -d ' \n' <"$1/manifest.json" | grep -o '"run_id":"[0-9a-f]*"' | cut -d'"' -f4; }
echo "# run ids: $(id "$tmp/run") $(id "$tmp/run2") $(id "$tmp/run3")"
assert "run_id: 16 hex digits" sh -c "id=\$(tr -d ' \n' <'$tmp/run/manifest.json' | grep -o '\"run_id\":\"[0-9a-f]*\"' | cut -d'\"' -f4); [ \${#id} -eq 16 ]"
assert "run_id: the same for --jobs 1 and 2" test "$(id "$tmp/run")" = "$(id "$tmp/run2")"
assert "run_id: another for another seed" test "$(id "$tmp/run")" != "$(id "$tmp/run3")"
# Stacking: every summary row ends with the run's seed and id, so that
# the rows of two runs concatenated stay apart.
tail_ok () { # folder seed file
  id=$(id "$1")
  test "$(head -n 1 "$1/$3" | cut -d, -f $(($(head -n 1 "$1/$3" | tr ',' '\n' | wc -l) - 1))-)" = "seed,run_id" &&
    test "$(tail -n +2 "$1/$3" | awk -F, '{ print $(NF-1) "," $NF }' | sort -u)" = "$2,$id"
}
assert "run: summary rows end with seed,run_id" tail_ok "$tmp/run" 20041 summary.csv
assert "run, another seed: summary rows end with its seed,run_id" tail_ok "$tmp/run3" 3 summary.csv
assert "stacked summaries: two runs, two (seed, run_id) pairs" sh -c "
  { cat '$tmp/run/summary.csv'; tail -n +2 '$tmp/run3/summary.csv'; } |
  tail -n +2 | awk -F, '{ print \$(NF-1) \",\" \$NF }' | sort -u | wc -l | grep -qx 2"

check "compare (matched set)" 0 "$CTSIM" compare matched-separate-agencies \
  matched-joint-unit -r 2 --set run.years=1 --set run.warmup_years=1 -q -o "$tmp/cmp"
assert "compare: codebook covers its files" covers "$tmp/cmp" results.csv summary.csv comparison.csv
assert "compare: run_id" test -n "$(id "$tmp/cmp")"
assert "compare: summary rows end with seed,run_id" tail_ok "$tmp/cmp" 20041 summary.csv
assert "compare: comparison rows end with seed,run_id" tail_ok "$tmp/cmp" 20041 comparison.csv

check "survey" 0 "$CTSIM" survey -r 1 -q -o "$tmp/sv"
assert "survey: codebook covers its files" covers "$tmp/sv" results.csv summary.csv survey.csv fit.csv areas.csv
assert "survey areas.csv: replications and pathfinders both from 0" \
  sh -c "test \"\$(head -n 1 '$tmp/sv/areas.csv' | cut -d, -f1-3)\" = replication,pathfinder,kind &&
    awk -F, 'NR > 1 { n[\$1 \",\" \$2]++ } NR == 2 && (\$1 != 0 || \$2 != 0) { bad = 1 } END { exit bad || !((\"0,34\") in n) || ((\"0,35\") in n) }' '$tmp/sv/areas.csv'"

check "compare --attribute" 0 "$CTSIM" compare validation/mm1 validation/md1 -r 2 --attribute -q -o "$tmp/at"
assert "compare --attribute: codebook covers value, widths and attribution" \
  covers "$tmp/at" value.csv comparison-widths.csv attribution.csv

cat >"$tmp/sweep.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<scenario name="mmc-sweep" model="queue">
  <run years="2" warmup_years="1" replications="2" seed="7" source="test"/>
  <sweep>
    <param path="services.q.servers" values="10 12"/>
  </sweep>
  <services>
    <service id="q" servers="10" arrival_rate_per_day="9"
             episode_days="exponential(mean=1)" source="test"/>
  </services>
</scenario>
EOF
check "sweep" 0 "$CTSIM" sweep "$tmp/sweep.xml" -q -o "$tmp/sw"
assert "sweep: codebook covers points.csv (a column per swept path)" covers "$tmp/sw" points.csv
assert "sweep: points.csv's parameter column described" \
  grep -q '^column,points.csv,services.q.servers,.*swept parameter' "$tmp/sw/codebook.csv"

check "demo" 0 sh -c "'$CTSIM' demo -q -o '$tmp/demo' >/dev/null"
assert "demo: codebook covers results and both traces" covers "$tmp/demo" results.csv trace.csv trace-versus.csv
assert "survey: summary rows end with seed,run_id" tail_ok "$tmp/sv" 2004 summary.csv

echo "1..$n"
test "$fails" -eq 0
