#!/bin/sh
# cli.sh: the ctsim program as a user runs it: exit statuses (sysexits.h),
# one-line messages, the output contract, reproducibility across --jobs.
set -u
: "${CTSIM:?}" "${top_builddir:?}"
JSON_CHECK="$top_builddir/tests/json-check"
. "$top_srcdir/tests/lib.sh"

lines () { wc -l <"$1" | tr -d ' '; }

check "no arguments is a usage error" 64 "$CTSIM"
check "unknown command" 64 "$CTSIM" frobnicate
check "unknown option" 64 "$CTSIM" run --no-such-option
check "bad --replications" 64 "$CTSIM" run --replications=x
check "negative --jobs" 64 "$CTSIM" run --jobs=-2
check "two scenarios to run" 64 "$CTSIM" run a.xml b.xml
check "--version" 0 "$CTSIM" --version
assert "--version prints the version" grep -q '^ctsim [0-9]' "$tmp/out"
check "--help" 0 "$CTSIM" --help
check "run --help" 0 "$CTSIM" run --help
assert "run --help lists --seed" grep -q -- '--seed' "$tmp/out"

check "--replications 0" 64 "$CTSIM" run --replications 0 --output "$tmp/never0"
assert "--replications 0: says at least 1" grep -q 'at least 1' "$tmp/err"
check "--jobs 0" 64 "$CTSIM" survey --jobs 0 --output "$tmp/never0"
check "--replications -3" 64 "$CTSIM" run -r -3 --output "$tmp/never0"
check "--replications beyond the limit" 64 "$CTSIM" run -r 1000001 --output "$tmp/never0"
assert "too many: names the limit" grep -q 'at most 1000000' "$tmp/err"
assert "usage errors: no output folder" test ! -e "$tmp/never0"
check "missing scenario file" 66 "$CTSIM" run "$tmp/missing.xml" --output "$tmp/never"
assert "missing file: one line naming the file" \
  sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'missing.xml' '$tmp/err'"
assert "missing file: no output folder" test ! -e "$tmp/never"

# The output contract on the built-in default scenario.  Checks of the
# output and of determinism need not reach the steady state: one year of
# warm-up instead of the shipped 15 (tests/steady.sh checks those; the
# terminal table below runs the default as shipped).
fast="--set run.warmup_years=1"
check "run default" 0 "$CTSIM" run --replications 3 --jobs 1 $fast --output "$tmp/o1" --quiet
assert "results.csv header" \
  test "$(head -n 1 "$tmp/o1/results.csv")" = "scenario,replication,year,group,measure,value"
assert "summary.csv header" \
  test "$(head -n 1 "$tmp/o1/summary.csv")" = "scenario,group,measure,mean,ci_low,ci_high,replications,seed,run_id"
assert "manifest.json is valid JSON" "$JSON_CHECK" "$tmp/o1/manifest.json"
assert "manifest records the seed" grep -q '"seed": *20041' "$tmp/o1/manifest.json"
assert "results has rows for 3 replications" \
  sh -c "cut -d, -f2 '$tmp/o1/results.csv' | sort -u | grep -c '^[0-9]' | grep -qx 3"
assert "no temporary folder left" \
  sh -c "! ls -a '$tmp' | grep -q 'tmp-'"

# Byte-identical results whatever the number of jobs.
# The terminal table is for people: large numbers with thousands
# separators, never an exponent; the CSV files keep full precision.
check "run default, table on the terminal" 0 "$CTSIM" run --replications 2 --output "$tmp/o5"
assert "table: in words, by group (issue 18)" \
  sh -c "grep -q '^  All children\$' '$tmp/out' && grep -Eq '^    Reach \(children with a need served for it\) +[0-9]+\.[0-9]%' '$tmp/out'"
assert "table: counts with thousands separators and units" \
  grep -Eq '^    Days of unmet need +[0-9]{1,3}(,[0-9]{3})+ child-days +[0-9]{1,3}(,[0-9]{3})+ to [0-9]{1,3}(,[0-9]{3})+$' "$tmp/out"
assert "table: money in pounds" \
  grep -Eq '^    Spend on services and commissioning +£[0-9.]+m +£[0-9.]+m to £[0-9.]+m$' "$tmp/out"
assert "table: at most 100 columns" sh -c "[ \$(LC_ALL=C.UTF-8 wc -L <'$tmp/out') -le 100 ]"
assert "table: no exponents" sh -c "! grep -q '[0-9]e[+-][0-9]' '$tmp/out'"
assert "summary.csv: plain numbers, no separators" \
  grep -Eq '^default,all,spend_gbp,[0-9.]+,[0-9.]+,[0-9.]+,2,[0-9]+,[0-9a-f]{16}$' "$tmp/o5/summary.csv"

check "run with 2 jobs" 0 "$CTSIM" run --replications 3 --jobs 2 $fast --output "$tmp/o2" --quiet
assert "results.csv identical for --jobs 1 and 2" cmp -s "$tmp/o1/results.csv" "$tmp/o2/results.csv"
assert "summary.csv identical for --jobs 1 and 2" cmp -s "$tmp/o1/summary.csv" "$tmp/o2/summary.csv"

# A different seed gives different numbers.
check "run with another seed" 0 "$CTSIM" run --replications 3 --seed 7 $fast --output "$tmp/o3" --quiet
assert "another seed changes results" sh -c "! cmp -s '$tmp/o1/results.csv' '$tmp/o3/results.csv'"

# Re-running into a ctsim output folder replaces it; a foreign folder is refused.
check "rerun replaces a ctsim folder" 0 "$CTSIM" run --replications 2 $fast --output "$tmp/o1" --quiet
mkdir "$tmp/mine" && echo precious >"$tmp/mine/notes.txt"
check "refuse to overwrite a foreign folder" 73 "$CTSIM" run --output "$tmp/mine" --quiet
assert "foreign folder untouched" grep -q precious "$tmp/mine/notes.txt"
: >"$tmp/afile"
check "output under a regular file" 73 "$CTSIM" run --output "$tmp/afile/sub" --quiet

# A run killed before it finishes leaves its hidden temporary folder; the
# next run into the same path deletes it (and finishes normally).
mkdir "$tmp/killed"
kill_once "$tmp/killed" '^\.o\.tmp-' \
  "$CTSIM" run --replications 1000 --jobs 1 --output "$tmp/killed/o" --quiet
assert "a killed run leaves its temporary folder" \
  sh -c "ls -a '$tmp/killed' | grep -q '^\.o\.tmp-.*-$killed-'"
check "the next run into the same path" 0 "$CTSIM" run --replications 1 $fast --output "$tmp/killed/o" --quiet
assert "... deletes the killed run's temporary folder" \
  test "$(ls -A "$tmp/killed")" = o

# Shipped scenarios by name.
check "list" 0 "$CTSIM" list
check "validate a shipped scenario by name" 0 "$CTSIM" validate validation/mm1

# Replacing a previous output says so in one line (issue 18), not when new
# and not under --quiet.
mm1 () { "$CTSIM" run validation/mm1 -r 1 --set run.years=1 --set run.warmup_years=0 "$@"; }
check "a new output folder" 0 mm1 --output "$tmp/again"
assert "... no word of replacing" sh -c "! grep -q 'replaced' '$tmp/err'"
check "the same output folder again" 0 mm1 --output "$tmp/again"
assert "... one line: replaced the previous output" \
  sh -c "[ \$(grep -c 'replaced the previous output' '$tmp/err') -eq 1 ] && grep -q '$tmp/again: replaced' '$tmp/err'"
check "again with --quiet" 0 mm1 --output "$tmp/again" --quiet
assert "... says nothing" test ! -s "$tmp/err"

echo "1..$n"
[ "$fails" -eq 0 ]
