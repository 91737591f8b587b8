#!/bin/sh
# robust.sh: the reliability defects of issue 19 as a user meets them:
# empty paths, option parsing (seeds, -1), write errors on standard
# output, huge and odd published-figures files, many siblings, two runs
# into one folder, leftovers of killed runs.
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"

one_line () { [ "$(wc -l <"$tmp/err")" -eq 1 ]; }

# -o "" was a segfault (139) in every command writing a folder.
for c in run compare sweep survey demo; do
  case $c in
    compare) args="validation/mm1 validation/mm1" ;;
    sweep) args=pooling-sweep ;;
    *) args= ;;
  esac
  # shellcheck disable=SC2086
  check "$c -o '': usage error" 64 "$CTSIM" $c -o "" $args
  assert "$c -o '': one line saying so" grep -q 'needs a path' "$tmp/err"
done

# -1 is a number like any other: at least 1 is needed.
check "--replications -1" 64 "$CTSIM" run -r -1 --output "$tmp/never"
check "--jobs -1" 64 "$CTSIM" run --jobs -1 --output "$tmp/never"
check "sweep --jobs -1" 64 "$CTSIM" sweep pooling-sweep --jobs -1 --output "$tmp/never"
assert "no output folder" test ! -e "$tmp/never"

# --seed: decimal digits, 0 to 2^64-1, as run.seed in a scenario.
mmc () { "$CTSIM" run validation/mmc -r 1 --set run.years=1 --set run.warmup_years=0 --quiet "$@"; }
check "--seed 010" 0 mmc --seed 010 --output "$tmp/s010"
check "--seed 10" 0 mmc --seed 10 --output "$tmp/s10"
assert "--seed 010 is 10 (decimal)" cmp -s "$tmp/s010/results.csv" "$tmp/s10/results.csv"
assert "manifest: seed 10" grep -q '"seed": *10,' "$tmp/s010/manifest.json"
check "--seed 0x10" 64 mmc --seed 0x10 --output "$tmp/never"
check "--seed -1" 64 mmc --seed -1 --output "$tmp/never"
check "--seed 2^64" 64 mmc --seed 18446744073709551616 --output "$tmp/never"
check "--seed ''" 64 mmc --seed '' --output "$tmp/never"
check "--seed 2^64-1" 0 mmc --seed 18446744073709551615 --output "$tmp/smax"
assert "manifest: 2^64-1, not -1" grep -q '"seed": *18446744073709551615,' "$tmp/smax/manifest.json"
check "--set run.seed=2^64-1" 0 mmc --set run.seed=18446744073709551615 --output "$tmp/smax2"
assert "same results as --seed 2^64-1" cmp -s "$tmp/smax/results.csv" "$tmp/smax2/results.csv"
assert "manifest: 2^64-1 again" grep -q '"seed": *18446744073709551615,' "$tmp/smax2/manifest.json"
check "--seed 2^63" 0 mmc --seed 9223372036854775808 --output "$tmp/s63"
assert "manifest: 2^63 positive" grep -q '"seed": *9223372036854775808,' "$tmp/s63/manifest.json"

# Standard output that cannot be written: 74 and one line, never 0.
if [ -w /dev/full ]; then
  for c in "--help" "--version" "run --help" "list" "validate validation/mm1" \
    "show" "show county"; do
    # shellcheck disable=SC2086
    check "$c onto a full device" 74 sh -c "exec \"\$0\" $c >/dev/full" "$CTSIM"
    assert "$c: one line naming standard output" \
      sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'standard output' '$tmp/err'"
  done
  check "run onto a full device" 74 sh -c 'exec "$0" run validation/mmc -r 1 --set run.years=1 --output "$1" >/dev/full' "$CTSIM" "$tmp/full"
  check "demo onto a full device" 74 sh -c 'exec "$0" demo --output "$1" >/dev/full' "$CTSIM" "$tmp/fulld"
else
  echo "# skipped: no writable /dev/full"
fi

# The published figures: the limit is checked before reading; a
# byte-order mark is not part of the header.
mkdir "$tmp/pf"
sed 's/published="pathfinders-2004-published.csv"/published="pub.csv"/' \
  "$top_srcdir/scenarios/pathfinders-2004.xml" >"$tmp/pf/pf.xml"
cp "$top_srcdir/scenarios/default.xml" "$tmp/pf/"
truncate -s 1G "$tmp/pf/pub.csv"
check "a 1 GB published file" 65 "$CTSIM" survey "$tmp/pf/pf.xml" -r 1 --output "$tmp/never"
assert "... one line: at most 1 MiB" sh -c "grep -q 'at most 1 MiB' '$tmp/err' && [ \$(wc -l <'$tmp/err') -eq 1 ]"
printf '\357\273\277' >"$tmp/pf/pub.csv"
cat "$top_srcdir/scenarios/pathfinders-2004-published.csv" >>"$tmp/pf/pub.csv"
check "a published file with a byte-order mark" 0 "$CTSIM" survey "$tmp/pf/pf.xml" -r 1 --jobs 2 --quiet --output "$tmp/pfo"
assert "... its figures are read" grep -q ',22,' "$tmp/pfo/survey.csv"

# Many siblings: the duplicate-key check is linear (a hash), so a file of
# 40,000 schools is checked in well under a second, not 40 s of CPU.
awk 'BEGIN { print "<scenario name=\"dup\"><area><schools>";
  for (i = 0; i < 40000; i++) printf "<school id=\"s%d\"/>\n", i;
  print "<school id=\"s7\"/></schools></area></scenario>" }' >"$tmp/dup.xml"
start=$(date +%s)
check "a duplicate among 40,001 siblings" 65 "$CTSIM" validate "$tmp/dup.xml"
took=$(( $(date +%s) - start ))
assert "... found in under 10 s (took ${took} s)" test "$took" -lt 10
assert "... names the second and the first line" grep -q 'dup.xml:40002: .*first is at line 9' "$tmp/err"

# compare -r 1 of identical scenarios: no intervals, the forest chart is
# still drawn (gnuplot never fails on it).
check "compare -r 1 of one scenario twice" 0 "$CTSIM" compare validation/mm1 \
  validation/mm1 -r 1 --output "$tmp/cmp1"
assert "... no gnuplot failure" sh -c "! grep -q 'gnuplot failed' '$tmp/err'"

# A service with more places than CS_MAX_PLACES is bad data.
check "places=2^64-1" 65 "$CTSIM" validate default \
  --set 'services.camhs_t3.places=18446744073709551615'
assert "... names the --set and the limit" grep -q '^ctsim: --set:1: places of .*at most 1000000' "$tmp/err"

# Files a scenario names (extends=, published=) stay in the folder of the
# scenario run (or below it) or the shipped scenarios folder.
mkdir -p "$tmp/pol/sub" "$tmp/outside"
cp "$top_srcdir/scenarios/default.xml" "$tmp/outside/base.xml"
cp "$top_srcdir/scenarios/default.xml" "$tmp/pol/sub/base.xml"
printf '<scenario name="a" extends="%s"/>\n' "$tmp/outside/base.xml" >"$tmp/pol/abs.xml"
check "extends an absolute path out of the folder" 65 "$CTSIM" validate "$tmp/pol/abs.xml"
assert "... one line: outside" sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'abs.xml:1: extends file .*outside the folder' '$tmp/err'"
printf '<scenario name="a" extends="%s"/>\n' "$top_srcdir/scenarios/default.xml" >"$tmp/pol/abs-shipped.xml"
check "extends a shipped scenario by an absolute path" 0 "$CTSIM" validate "$tmp/pol/abs-shipped.xml"
printf '<scenario name="a" extends="../outside/base.xml"/>\n' >"$tmp/pol/up.xml"
check "extends ../ out of the folder" 65 "$CTSIM" validate "$tmp/pol/up.xml"
assert "... says outside" grep -q 'outside the folder of the scenario run' "$tmp/err"
printf '<scenario name="a" extends="../no-such.xml"/>\n' >"$tmp/pol/up2.xml"
check "... a missing file out there: the same message" 65 "$CTSIM" validate "$tmp/pol/up2.xml"
assert "... (tells nothing of what exists)" grep -q 'outside the folder of the scenario run' "$tmp/err"
ln -s ../outside/base.xml "$tmp/pol/link.xml"
printf '<scenario name="a" extends="link.xml"/>\n' >"$tmp/pol/vialink.xml"
check "extends a link leading out" 65 "$CTSIM" validate "$tmp/pol/vialink.xml"
printf '<scenario name="a" extends="sub/base.xml"/>\n' >"$tmp/pol/down.xml"
check "extends a file below the folder" 0 "$CTSIM" validate "$tmp/pol/down.xml"
printf '<scenario name="a" extends="../base.xml"/>\n' >"$tmp/pol/sub/up-in.xml"
cp "$top_srcdir/scenarios/default.xml" "$tmp/pol/base.xml"
check "a chain may go up within the folder of the scenario run" 65 "$CTSIM" validate "$tmp/pol/sub/up-in.xml"
printf '<scenario name="a" extends="sub/up-in.xml"/>\n' >"$tmp/pol/top.xml"
check "... run from the top folder" 0 "$CTSIM" validate "$tmp/pol/top.xml"
rel=$(realpath --relative-to="$tmp/pol" "$top_srcdir/scenarios/default.xml")
printf '<scenario name="a" extends="%s"/>\n' "$rel" >"$tmp/pol/shipped.xml"
check "extends a shipped scenario by a relative path" 0 "$CTSIM" validate "$tmp/pol/shipped.xml"
sed 's/published="pathfinders-2004-published.csv"/published="..\/outside\/pub.csv"/' \
  "$top_srcdir/scenarios/pathfinders-2004.xml" >"$tmp/pol/pf.xml"
cp "$top_srcdir/scenarios/pathfinders-2004-published.csv" "$tmp/outside/pub.csv"
cp "$top_srcdir/scenarios/default.xml" "$tmp/pol/default.xml"
check "published= out of the folder" 65 "$CTSIM" survey "$tmp/pol/pf.xml" -r 1 --output "$tmp/never"
assert "... one line naming the published attribute" sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q 'pf.xml:[0-9]*: .*published of <pathfinders>' '$tmp/err'"

# NUL bytes anywhere, even after the root element, are refused (65, line).
printf '<scenario name="a" extends="base.xml"/>\n\0\0' >"$tmp/pol/nul.xml"
check "NUL bytes after the root element" 65 "$CTSIM" validate "$tmp/pol/nul.xml"
assert "... names the line" grep -q 'nul.xml:2: a NUL byte' "$tmp/err"

# libxml2's own messages never reach stderr: one line, ctsim's.
for enc in Shift_JIS EUC-JP; do
  printf '<?xml version="1.0" encoding="%s"?>\n<scenario name="x">\202\377</scenario>\n' \
    "$enc" >"$tmp/$enc.xml"
  check "a bad byte in a file declared $enc" 65 "$CTSIM" validate "$tmp/$enc.xml"
  assert "... one line, ctsim's" sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q '^ctsim: .*$enc.xml:[0-9]*: .*encoding' '$tmp/err'"
done

# A distribution that could make a non-finite time is bad data at load
# time (65, naming where it came from), not an internal error at run time.
check "exponential(mean=1e308) by --set" 65 "$CTSIM" validate default \
  --set 'services.camhs_t3.episode_days=exponential(mean=1e308)'
assert "... names the --set" grep -q '^ctsim: --set:1: episode_days' "$tmp/err"
sed 's/episode_days="[^"]*"/episode_days="gamma(shape=2, scale=1e300)"/' \
  "$top_srcdir/scenarios/default.xml" >"$tmp/huge.xml"
check "gamma(scale=1e300) in a file" 65 "$CTSIM" validate "$tmp/huge.xml"
assert "... names FILE:LINE" grep -q "huge.xml:[0-9]*: episode_days" "$tmp/err"
check "lognormal with sd/mean 1e200" 65 "$CTSIM" validate default \
  --set 'services.camhs_t3.episode_days=lognormal(mean=1e-190, sd=1e10)'

# A run killed between reserving ".NAME.old-..." and moving the previous
# output there leaves an empty folder: the next run removes it.
host=$(uname -n | cut -c1-64 | tr -c 'A-Za-z0-9.\n' _)
dead=$(sh -c 'echo $$')
mkdir -p "$tmp/kold" "$tmp/kold/.o.old-$host-$dead-AbC123"
check "a run beside an empty .old folder of a dead run" 0 mmc --output "$tmp/kold/o"
assert "... removes it" test "$(ls -A "$tmp/kold")" = o
mkdir "$tmp/kold/.o.old-$host-$dead-XyZ789" && echo mine >"$tmp/kold/.o.old-$host-$dead-XyZ789/keep"
check "a run beside a non-empty unmarked .old folder" 0 mmc --output "$tmp/kold/o"
assert "... leaves it alone" test -f "$tmp/kold/.o.old-$host-$dead-XyZ789/keep"

# Two runs into one folder at once: the folder is complete, each run
# exits 0 or says in one line that the other won (73).
race_ok=0
i=0
while [ $i -lt 12 ]; do
  mmc --output "$tmp/race/o" 2>"$tmp/race-a.err" & a=$!
  mmc --output "$tmp/race/o" 2>"$tmp/race-b.err" & b=$!
  wait $a; sa=$?; wait $b; sb=$?
  for x in "$sa:a" "$sb:b"; do
    st=${x%%:*}; w=${x#*:}
    case $st in
      0) ;;
      73) [ "$(wc -l <"$tmp/race-$w.err")" -eq 1 ] && grep -q 'another run wrote this output folder' "$tmp/race-$w.err" || race_ok=1 ;;
      *) race_ok=1 ;;
    esac
    [ $race_ok -eq 0 ] || { echo "# pair $i, run $w: exit $st:"; sed 's/^/#   /' "$tmp/race-$w.err"; }
  done
  [ -s "$tmp/race/o/results.csv" ] && [ -s "$tmp/race/o/manifest.json" ] || race_ok=1
  i=$((i + 1))
done
assert "two runs at once: a complete folder, the loser in one line" test $race_ok -eq 0
assert "... nothing left beside it" test "$(ls -A "$tmp/race")" = o

echo "1..$n"
[ "$fails" -eq 0 ]
