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

# covers DIR FILE...: the codebook names every column of each FILE and
# every group and measure of DIR/results.csv, and describes all of them
covers () {
  d=$1; shift
  cb="$d/codebook.csv"
  [ "$(head -n 1 "$cb")" = "$HEADER" ] || { echo "# bad header"; return 1; }
  for f in "$@"; do
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

check "run" 0 "$CTSIM" run -r 2 -j 1 --set run.years=1 -q -o "$tmp/run"
assert "run: codebook covers results and summary" covers "$tmp/run" results.csv summary.csv
assert "run: reach is a share, higher is better, 0-1" \
  grep -q '^measure,,reach,Reach ([^,]*,share 0-1,higher,0,1,' "$tmp/run/codebook.csv"

check "run --jobs 2" 0 "$CTSIM" run -r 2 -j 2 --set run.years=1 -q -o "$tmp/run2"
check "run, another seed" 0 "$CTSIM" run -r 2 -s 3 --set run.years=1 -q -o "$tmp/run3"
id () { tr -d ' \n' <"$1/manifest.json" | grep -o '"run_id":"[0-9a-f]*"' | cut -d'"' -f4; }
echo "# run ids: $(id "$tmp/run") $(id "$tmp/run2") $(id "$tmp/run3")"
assert "run_id: 16 hex digits" sh -c "id=\$(tr -d ' \n' <'$tmp/run/manifest.json' | grep -o '\"run_id\":\"[0-9a-f]*\"' | cut -d'\"' -f4); [ \${#id} -eq 16 ]"
assert "run_id: the same for --jobs 1 and 2" test "$(id "$tmp/run")" = "$(id "$tmp/run2")"
assert "run_id: another for another seed" test "$(id "$tmp/run")" != "$(id "$tmp/run3")"

check "compare (matched set)" 0 "$CTSIM" compare matched-separate-agencies \
  matched-joint-unit -r 2 --set run.years=1 -q -o "$tmp/cmp"
assert "compare: codebook covers its files" covers "$tmp/cmp" results.csv summary.csv comparison.csv
assert "compare: run_id" test -n "$(id "$tmp/cmp")"

check "survey" 0 "$CTSIM" survey -r 1 -q -o "$tmp/sv"
assert "survey: codebook covers its files" covers "$tmp/sv" results.csv summary.csv survey.csv

echo "1..$n"
test "$fails" -eq 0
