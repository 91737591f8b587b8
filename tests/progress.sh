#!/bin/sh
# progress.sh: the progress bar (issue 6) appears on a terminal, counting
# every replication of the command (compare: all scenarios'), and never
# when stderr is not a terminal or under --quiet.  A terminal is made with
# script(1) (util-linux); without it the test skips (77).
set -u
: "${CTSIM:?}"
. "$top_srcdir/tests/lib.sh"


if ! command -v script >/dev/null 2>&1; then
  echo "# script(1) not found: cannot make a terminal; skipped"
  exit 77
fi

opts="--replications 3 --jobs 1 --set run.years=2 --set run.warmup_years=1"
# On a terminal (stdout and stderr both on the pseudo-terminal).
script -qec "'$CTSIM' run validation/mmc $opts --output '$tmp/a'" /dev/null >"$tmp/tty.txt" 2>&1
assert "terminal: a bar" grep -q '\[#*\.*\] [0-9]/3 replications, [0-9]*:[0-9][0-9] elapsed' "$tmp/tty.txt"
assert "terminal: the bar reaches 3/3" grep -q '3/3 replications' "$tmp/tty.txt"
assert "terminal: time left while running" grep -q 'about [0-9]*:[0-9][0-9] left' "$tmp/tty.txt"
assert "terminal: the bar is erased before the summary" \
  sh -c "tr '\r' '\n' <'$tmp/tty.txt' | grep -q '^.\[Kmmc (seed'"

script -qec "'$CTSIM' compare validation/mm1 validation/md1 $opts --output '$tmp/c'" /dev/null >"$tmp/cmp.txt" 2>&1
assert "compare: one bar over both scenarios" grep -q '6/6 replications' "$tmp/cmp.txt"

script -qec "'$CTSIM' run validation/mmc $opts --output '$tmp/q' --quiet" /dev/null >"$tmp/quiet.txt" 2>&1
assert "--quiet: no bar" sh -c "! grep -q '/3 replications' '$tmp/quiet.txt'"

"$CTSIM" run validation/mmc $opts --output "$tmp/f" >"$tmp/out.txt" 2>"$tmp/err.txt"
assert "not a terminal: no bar" sh -c "! grep -q '/3 replications' '$tmp/err.txt'"
assert "not a terminal: no control characters" sh -c "! grep -q \"\$(printf '\\r')\" '$tmp/err.txt'"

echo "1..$n"
[ "$fails" -eq 0 ]
