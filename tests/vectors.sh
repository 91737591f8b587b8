#!/bin/sh
# vectors.sh: the start's vector paths (models/world/cs-populate.c) give
# the same bytes.  The rake and the water-filling run 512 bits wide where
# the processor has AVX-512F, 256 where it has AVX2, one number at a time
# elsewhere; CTSIM_VECTOR=plain or avx2 caps them.  A survey (a thousand
# starts) and a run of the default scenario, under every path this
# processor has, must write the same files.  Skips (77) on a processor
# with neither AVX2 nor AVX-512F (one path only: nothing to compare).
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"

caps=plain
grep -qw avx2 /proc/cpuinfo 2>/dev/null && caps="$caps avx2"
grep -qw avx512f /proc/cpuinfo 2>/dev/null && caps="$caps avx512"
if [ "$caps" = plain ]; then
  echo "1..0 # SKIP this processor has neither AVX2 nor AVX-512F: one path only"
  exit 77
fi
echo "# paths: $caps"

same () { # A B: every file but manifest.json and report.html
  diff -r -x manifest.json -x report.html "$1" "$2" >"$tmp/diff" 2>&1 ||
    { sed 's/^/#   /' "$tmp/diff" | head -10; return 1; }
}
for c in $caps; do
  check "survey, CTSIM_VECTOR=$c" 0 env CTSIM_VECTOR="$c" "$CTSIM" survey -q -r 2 -j 2 --seed 2004 -o "$tmp/sv-$c"
  check "run default, CTSIM_VECTOR=$c" 0 env CTSIM_VECTOR="$c" "$CTSIM" run default -q -r 2 --set run.years=2 -o "$tmp/run-$c"
  if [ "$c" != plain ]; then
    assert "survey: $c writes plain's files" same "$tmp/sv-plain" "$tmp/sv-$c"
    assert "run: $c writes plain's files" same "$tmp/run-plain" "$tmp/run-$c"
  fi
done
check "survey, the processor's widest" 0 "$CTSIM" survey -q -r 2 -j 2 --seed 2004 -o "$tmp/sv-widest"
assert "... plain's files" same "$tmp/sv-plain" "$tmp/sv-widest"

echo "1..$n"
test "$fails" -eq 0
