#!/bin/sh
# schema.sh: every shipped scenario passes `xmllint --relaxng` with the
# shipped schema (overlays that use extends= are checked in their
# overlay form; the loader checks their resolved form, tests/test-scenario).
set -u
top=${top_srcdir:-$(dirname "$0")/..}
xmllint=${XMLLINT:-xmllint}
status=0
n=0
for f in "$top"/scenarios/*.xml "$top"/scenarios/validation/*.xml; do
  n=$((n + 1))
  if ! "$xmllint" --noout --nonet --relaxng "$top/scenarios/ctsim.rng" "$f"; then
    echo "FAIL: $f does not validate" >&2
    status=1
  fi
done
if [ "$n" -lt 12 ]; then
  echo "FAIL: found $n shipped scenarios, expected at least 12" >&2
  status=1
fi
exit $status
