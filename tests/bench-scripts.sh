#!/bin/sh
# bench-scripts.sh: the documented searches of docs/survey.md still run as
# documented (bench/calibrate-survey.sh, the calibration's three stages;
# bench/ablate-survey.sh, the ablation table), on a tiny grid with few
# replications: the scripts' plumbing, not their figures.
set -u
: "${CTSIM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/lib.sh"
export CTSIM

# The one point is one whose stage-1 interval covers 22 at seed 1 with 3
# replications (the plumbing of stages 2 and 3 needs one).
check "calibrate-survey.sh on a one-point grid" 0 env ALIGNED=0.225 DAYS=7 \
  REPS=3 REPS2=3 sh "$top_srcdir/bench/calibrate-survey.sh" "$tmp/cal"
assert "stage 1: one point" test "$(($(wc -l <"$tmp/cal/grid.csv") - 1))" -eq 1
assert "stage 1: the header" test "$(head -n 1 "$tmp/cal/grid.csv")" = \
  "aligned_share,days_per_domain,headline,ci_low,ci_high,social_care,health,education,objective,specific,all_children,other,mae,spearman"
assert "stage 2: the point again" test "$(($(wc -l <"$tmp/cal/stage2.csv") - 1))" -eq 1
assert "stage 3: the eight neighbours" test "$(($(wc -l <"$tmp/cal/stage3.csv") - 1))" -eq 8
assert "stage 3: half the coarse step" \
  grep -q '^0.2,6.25,' "$tmp/cal/stage3.csv"
assert "a point is chosen" grep -q '^chosen (.*): aligned_share=[0-9.]* needs_analysis_days_per_domain=[0-9.]*$' "$tmp/out"
check "ablate-survey.sh" 0 env REPS=2 sh "$top_srcdir/bench/ablate-survey.sh" "$tmp/abl"
assert "ablation: a header and nine variants" \
  test "$(grep -c '^| ' "$tmp/out")" -eq 11
assert "ablation: the calibrated row first" grep -q '^| as calibrated | ' "$tmp/out"

echo "1..$n"
[ "$fails" -eq 0 ]
