#!/bin/sh
# reference.sh: the stored reference run.  A few short runs (a queue case,
# the default area, a compare, a survey with 2 replications) whose results
# are kept in tests/reference/ and compared byte for byte, so that a commit
# that moves any number shows the numbers it moved.
#
#   tests/reference.sh                 check (what make check runs)
#   tests/reference.sh --update        rewrite tests/reference/ from this
#                                      build (make reference-update); commit
#                                      the result with the change that moved it
#   tests/reference.sh --all DIR       write the results.csv and summary.csv
#                                      of every shipped scenario (and of a
#                                      compare, a sweep, a survey and the
#                                      demo) under DIR, for a byte-for-byte
#                                      check of a refactor: run it before and
#                                      after, then diff -r the two folders
#                                      (nothing else is written: scratch
#                                      runs go to a temporary folder)
#
# Needs $CTSIM and $top_srcdir (exported by make check); the seeds are the
# scenarios' own, printed in each manifest.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${CTSIM:=$top_srcdir/ctsim}"
ref="$top_srcdir/tests/reference"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The stored runs: NAME COMMAND-ARGUMENTS...; FILES kept for each.
run_one () { # run_one NAME ARGS...
  name=$1; shift
  if ! "$CTSIM" "$@" --quiet --jobs 2 --output "$work/$name" >"$work/$name.log" 2>&1; then
    echo "not ok - $name: ctsim $* failed"; sed 's/^/#   /' "$work/$name.log"
    exit 1
  fi
}
stored () { # stored NAME: the files kept of run NAME
  case $1 in
    queue) echo "results.csv summary.csv" ;;
    default) echo "summary.csv" ;;
    compare) echo "comparison.csv" ;;
    survey) echo "survey.csv summary.csv areas.csv" ;;
  esac
}
run_all () {
  run_one queue run validation/mmc --replications 2
  run_one default run default --replications 2
  run_one compare compare separate-agencies joint-unit-pooled --replications 2
  run_one survey survey pathfinders-2004 --replications 2
}

if [ "${1:-}" = "--all" ]; then
  out=${2:?usage: reference.sh --all DIR}
  mkdir -p "$out" || exit 73
  for f in "$top_srcdir"/scenarios/*.xml "$top_srcdir"/scenarios/validation/*.xml; do
    name=${f#"$top_srcdir"/scenarios/}; name=${name%.xml}
    case $name in pathfinders-2004*|pooling-sweep) continue ;; esac
    tag=$(echo "$name" | tr / -)
    run_one "$tag" run "$name" --replications 2
    mkdir -p "$out/$tag"
    cp "$work/$tag/results.csv" "$work/$tag/summary.csv" "$out/$tag/"
  done
  run_one cmp compare separate-agencies joint-unit-pooled multi-agency-panel school-led-cluster school-led-single --replications 2
  run_one sweep sweep pooling-sweep --replications 2
  run_one survey survey pathfinders-2004 --replications 2
  run_one survey-off survey pathfinders-2004-mechanisms-off --replications 2
  for d in cmp sweep survey survey-off; do
    mkdir -p "$out/$d"
    for f in "$work/$d"/*.csv; do cp "$f" "$out/$d/"; done
  done
  # The demo with its default output folder (its narration names it), run
  # inside the scratch folder so that nothing is left in the caller's.
  case $CTSIM in /*) ctsim=$CTSIM ;; *) ctsim=$(pwd)/$CTSIM ;; esac
  (cd "$work" && "$ctsim" demo) >"$out/demo.txt" 2>&1 || { echo "demo failed"; exit 1; }
  echo "written: $out"
  exit 0
fi

run_all
if [ "${1:-}" = "--update" ]; then
  mkdir -p "$ref" || exit 73
  for name in queue default compare survey; do
    for f in $(stored $name); do cp "$work/$name/$f" "$ref/$name-$f" || exit 74; done
  done
  echo "tests/reference/ rewritten; commit it with the change that moved the numbers"
  exit 0
fi

n=0; fails=0
for name in queue default compare survey; do
  for f in $(stored $name); do
    n=$((n + 1))
    if cmp -s "$ref/$name-$f" "$work/$name/$f"; then
      echo "ok $n - $name $f byte-identical to tests/reference/$name-$f"
    else
      echo "not ok $n - $name $f differs from tests/reference/$name-$f"
      diff -u "$ref/$name-$f" "$work/$name/$f" | head -20 | sed 's/^/#   /'
      fails=$((fails + 1))
    fi
  done
done
echo "1..$n"
if [ "$fails" -gt 0 ]; then
  echo "# the numbers moved: if on purpose, run 'make reference-update' and"
  echo "# commit tests/reference/ with the change, saying which moved and why"
  exit 1
fi
exit 0
