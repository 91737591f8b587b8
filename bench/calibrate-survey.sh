#!/bin/sh
# calibrate-survey.sh: the documented calibration of the pathfinder survey
# (docs/survey.md, "Calibration").  One command:
#
#     bench/calibrate-survey.sh [OUTDIR]
#
# A grid over the two parameters of scenarios/pathfinders-2004.xml that have
# no published value,
#     pathfinders.aligned_share                   (ALIGNED, a share)
#     pathfinders.needs_analysis_days_per_domain  (DAYS, days)
# fitted to the four counts the survey's text publishes ([SENPOG 2006] Husbands): 22
# of 35 pathfinders jointly commissioning, and 16, 15 and 7 of them with a
# jointly commissioned social care, health and education service.
#
# The rule, in two stages:
#   1. Screening.  Every grid point runs `ctsim survey` with REPS (20)
#      replications at SEED (1): common random numbers, every point draws
#      the same pathfinders and uses the same streams.
#   2. Selection.  The points whose stage-1 95% interval for the headline
#      covers 22 run again with REPS2 (60) replications at SEED2 (2); if
#      none does, the stage-1 point with the least objective (added in
#      issue 15, when the agreements in force at the selection put every
#      point's headline above 22).
#   3. Refinement.  A 3 x 3 grid at half the step (aligned_share +-
#      STEP_A/2, days +- STEP_D/2) around the stage-2 point with the least
#      objective, at SEED2 with REPS2 replications: the coarse grid's step
#      in days moves the headline by more than stage 2's interval.
#   The choice, over stages 2 and 3: of the points whose interval covers 22
#   (the constraint: the issue asks for an interval that covers the
#   published headline), the least objective; the objective is the sum of
#   the squared distances of the four simulated means from the published
#   counts (all four count pathfinders, so they carry equal weights).  If
#   no interval covers 22, the least objective among all of them.
# Not fitted, and reported beside the objective: the tiers' shares, the
# association with a specific-group focus, Table 1 (which cannot agree with
# "7 education" under the reading ctsim uses: docs/survey.md 5.1) and the
# fit over all 14 published items.  Neither seed is the scenario's (2004),
# so `ctsim survey` afterwards checks the fit on other random numbers.
#
# Writes OUTDIR/grid.csv, OUTDIR/stage2.csv and OUTDIR/stage3.csv, prints
# them, the chosen point last.  Environment: CTSIM (the program, default:
# the build tree's ./ctsim, else ctsim on PATH), SCENARIO (default
# pathfinders-2004), REPS, SEED, REPS2, SEED2, ALIGNED and DAYS (the grids),
# JOBS (default: all processors), RANKS (run every survey as
# `mpirun -np RANKS`, issue 17: the (replication, pathfinder) runs split
# over RANKS processes, on one machine or on a cluster with MPIRUN_FLAGS
# such as "--hostfile hosts"; default: one process), EXTRA (more --set options for every run,
# e.g. to repeat the search with a mechanism switched off), STAGE1=skip
# (reuse OUTDIR/grid.csv), STAGE2=skip (stop after stage 1), STAGE2=reuse
# (reuse OUTDIR/stage2.csv), STEP_A and STEP_D (the coarse steps around the
# refined point: 0.05 and 1.5).  Issue 15's refit (the default grid, one
# stage-2 point, stage 3) took 1,479 s of user CPU with JOBS=2 on two
# cores shared with other jobs (41 minutes); run again at 3b535b8 on two
# cores with little else running (load average about 2), `JOBS=2
# bench/calibrate-survey.sh OUT` took 751 s wall (12.5 minutes), 1,310 s
# user and 21 s system CPU (/usr/bin/time), and chose the same point.
# Each stage-2 point costs about 3 times a stage-1 point.
set -eu
out=${1:-calibrate-survey.out}
CTSIM=${CTSIM:-$( [ -x ./ctsim ] && echo ./ctsim || echo ctsim )}
SCENARIO=${SCENARIO:-pathfinders-2004}
REPS=${REPS:-20}
SEED=${SEED:-1}
REPS2=${REPS2:-60}
SEED2=${SEED2:-2}
ALIGNED=${ALIGNED:-"0.05 0.1 0.15 0.2 0.25 0.3 0.4"}
DAYS=${DAYS:-"2 4 5.5 7 8.5 10 13"}
EXTRA=${EXTRA:-}
RANKS=${RANKS:-}
MPIRUN_FLAGS=${MPIRUN_FLAGS:-}
mkdir -p "$out"

# ctsim, or ctsim on RANKS processes.
ctsim () {
  if [ -n "$RANKS" ]; then
    # shellcheck disable=SC2086 # MPIRUN_FLAGS is a list of options
    mpirun -np "$RANKS" $MPIRUN_FLAGS "$CTSIM" "$@"
  else
    "$CTSIM" "$@"
  fi
}
grid="$out/grid.csv"
final="$out/stage2.csv"
header="aligned_share,days_per_domain,headline,ci_low,ci_high,social_care,health,education,objective,specific,all_children,other,mae,spearman"

# value FILE ITEM SECTOR COLUMN: a column of a survey.csv (1-based).
value () {
  awk -F, -v i="$2" -v s="$3" -v c="$4" '$1 == i && $2 == s { print $c }' "$1"
}
fit () { awk -F, -v s="$2" '$1 == s { print $2 }' "$1"; }

# row A D DIR: the row of the header of the survey folder DIR.
row () {
  s="$3/survey.csv"
  h=$(value "$s" pathfinders_jointly_commissioning all 4)
  sc=$(value "$s" pathfinders_with_joint_service social_care 4)
  he=$(value "$s" pathfinders_with_joint_service health 4)
  ed=$(value "$s" pathfinders_with_joint_service education 4)
  obj=$(awk -v h="$h" -v sc="$sc" -v he="$he" -v ed="$ed" \
    'BEGIN { printf "%.4f", (h-22)^2 + (sc-16)^2 + (he-15)^2 + (ed-7)^2 }')
  echo "$1,$2,$h,$(value "$s" pathfinders_jointly_commissioning all 5),$(value "$s" pathfinders_jointly_commissioning all 6),$sc,$he,$ed,$obj,$(value "$s" share_jointly_commissioning:group=specific all 4),$(value "$s" share_jointly_commissioning:group=all all 4),$(value "$s" share_jointly_commissioning:group=other all 4),$(fit "$3/fit.csv" mean_absolute_error),$(fit "$3/fit.csv" spearman_rank_correlation)"
}

# point A D SEED REPS DIR: run one survey and print its row of the header.
point () {
  # shellcheck disable=SC2086 # EXTRA is a list of options
  ctsim survey "$SCENARIO" --quiet --seed "$3" --replications "$4" \
    ${JOBS:+--jobs "$JOBS"} --output "$5" \
    --set "pathfinders.aligned_share=$1" \
    --set "pathfinders.needs_analysis_days_per_domain=$2" $EXTRA
  row "$1" "$2" "$5"
}

# survey_grid "A..." "D..." SEED REPS DIR: every point of A x D (A slowest), one
# row each, in that order.  A shipped scenario (SCENARIO a bare name) is
# surveyed as one sweep (DIR/sweep.xml, the folders DIR/point-N), so the
# start of each area (the chains and the rake of its initial stages, a
# third of its cost) is computed once for all points (common random
# numbers: every point draws the same pathfinders) and found in the
# process's memo for the others; the rows are those of separate runs
# (tests/survey.sh checks a sweep point's folder against its run).  A
# scenario given as a path, or RANKS, is surveyed point by point.
survey_grid () {
  case $SCENARIO in */* | *.xml) by_point=yes ;; *) by_point=${RANKS:+yes} ;; esac
  if [ -n "$by_point" ]; then
    for a in $1; do
      for d in $2; do
        point "$a" "$d" "$3" "$4" "$5/a$a-d$d"
        echo "$5: aligned_share=$a days_per_domain=$d" >&2
      done
    done
    return
  fi
  mkdir -p "$5"
  cat >"$5/sweep.xml" <<EOF_SWEEP
<scenario name="calibrate-survey" extends="$SCENARIO.xml">
  <sweep>
    <param name="aligned_share" path="pathfinders.aligned_share" values="$1"/>
    <param name="days" path="pathfinders.needs_analysis_days_per_domain" values="$2"/>
  </sweep>
</scenario>
EOF_SWEEP
  # shellcheck disable=SC2086 # EXTRA is a list of options
  ctsim survey "$5/sweep.xml" --quiet --seed "$3" --replications "$4" \
    ${JOBS:+--jobs "$JOBS"} --output "$5/sweep" $EXTRA
  i=0
  for a in $1; do
    for d in $2; do
      i=$((i + 1))
      row "$a" "$d" "$5/sweep/point-$i"
    done
  done
  echo "$5: $i points" >&2
}

show () {
  awk -F, 'NR == 1 { next }
    { printf "%5s %5s %6.2f [%5.2f, %5.2f] SC %5.2f H %5.2f E %5.2f obj %7.2f | spec %4.2f all %4.2f other %4.2f | MAE %5.2f rho %5.2f\n",
             $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 }' "$1"
}

if [ "${STAGE1:-run}" != skip ]; then
  echo "$header" >"$grid"
  survey_grid "$ALIGNED" "$DAYS" "$SEED" "$REPS" "$out/stage1" >>"$grid"
fi
echo "stage 1 (seed $SEED, $REPS replications):"
show "$grid"
[ "${STAGE2:-run}" != skip ] || exit 0

if [ "${STAGE2:-run}" != reuse ]; then
  echo "$header" >"$final"
  pts=$(awk -F, 'NR > 1 && $4 <= 22 && 22 <= $5 { print $1, $2 }' "$grid")
  if [ -z "$pts" ]; then
    # No interval covers 22 (issue 15, with the agreements in force at
    # the selection): the rule's fallback, the least objective, from
    # stage 1's best point.
    echo "stage 2: no point of stage 1 covers 22; the least objective of stage 1 instead" >&2
    pts=$(awk -F, 'NR > 1 && (best == "" || $9 < bestobj) { best = 1; bestobj = $9; a = $1; d = $2 }
                   END { print a, d }' "$grid")
  fi
  echo "$pts" |
  while read -r a d; do
    point "$a" "$d" "$SEED2" "$REPS2" "$out/stage2-a$a-d$d" >>"$final"
    echo "stage 2: aligned_share=$a days_per_domain=$d" >&2
  done
fi
echo "stage 2 (seed $SEED2, $REPS2 replications, the points whose stage-1 interval covers 22, else the least objective):"
show "$final"

STEP_A=${STEP_A:-0.05}
STEP_D=${STEP_D:-1.5}
refined="$out/stage3.csv"
echo "$header" >"$refined"
[ "$(wc -l <"$final")" -gt 1 ] || { echo "no point of stage 1 covers 22"; exit 1; }
# shellcheck disable=SC2046 # two words: the point to refine around
set -- $(awk -F, 'NR > 1 && (best == "" || $9 < bestobj) { best = 1; bestobj = $9; a = $1; d = $2 }
                  END { print a, d }' "$final")
# The 3 x 3 points as one grid; the centre, already in stage 2 (the same
# seed and replications, so the same row), is left out of stage3.csv.
survey_grid "$(awk -v a="$1" -v s="$STEP_A" 'BEGIN { printf "%g %g %g", a - s / 2, a, a + s / 2 }')" \
  "$(awk -v d="$2" -v s="$STEP_D" 'BEGIN { printf "%g %g %g", d - s / 2, d, d + s / 2 }')" \
  "$SEED2" "$REPS2" "$out/stage3" >"$out/stage3-all.csv"
awk -F, -v a="$1" -v d="$2" '!($1 == a && $2 == d)' "$out/stage3-all.csv" >>"$refined"
echo "stage 3 (seed $SEED2, $REPS2 replications, around aligned_share=$1 days_per_domain=$2):"
show "$refined"
{ cat "$final"; tail -n +2 "$refined"; } |
awk -F, 'NR == 1 { next }
  { c = ($4 <= 22 && 22 <= $5)
    if (best == "" || c > bestc || (c == bestc && $9 < bestobj)) {
      best = $0; bestc = c; bestobj = $9; ba = $1; bd = $2 } }
  END { if (best == "") { print "no point of stage 1 covers 22"; exit 1 }
        printf "chosen (%s, least objective %.3f): aligned_share=%s needs_analysis_days_per_domain=%s\n",
               bestc ? "interval covers 22" : "no interval covers 22", bestobj, ba, bd }' 
