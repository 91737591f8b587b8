#!/bin/sh
# agreements-survey.sh: the grid of docs/survey.md 3.2 over the two
# assumptions behind the agreements in force at the selection (issue 15),
#     pathfinders.camhs.probability       (CAMHS, a share of pathfinders)
#     pathfinders.sure_start.probability  (SURE_START, a share)
# at the calibrated point: evidence for the targets that are not met, not
# a fit.  Neither probability has a published value (both assumptions,
# 0.25 and 0.5 in pathfinders-2004.xml); the script changes no scenario.
#
#     bench/agreements-survey.sh [OUTDIR]
#
# Every point runs `ctsim survey` with REPS (20) replications at SEED (1,
# the calibration's, not the scenario's 2004), on common random numbers:
# every point draws the same pathfinders, and a higher probability only
# adds agreements.  A shipped scenario (SCENARIO a bare name) is surveyed
# as one sweep (OUTDIR/sweep.xml, folders OUTDIR/sweep/point-N), as in
# bench/calibrate-survey.sh; a scenario given as a path, point by point.
#
# Writes OUTDIR/grid.csv, one row per point (CAMHS slowest): the two
# probabilities; the four counts the survey's text publishes ([SENPOG
# 2006] Husbands: 22; 16, 15, 7), each mean with its 95% interval;
# `covers`, the counts whose interval covers the published value (h, sc,
# he, ed); and Table 1's out-of-sample mean absolute error, Spearman and
# sum (fit.csv: never fitted).  Prints it as a markdown table.
# Environment: CTSIM (default: the build tree's ./ctsim, else ctsim on
# PATH), SCENARIO (pathfinders-2004), SEED, REPS, CAMHS and SURE_START
# (the values: "0 0.25 0.5" each), JOBS, EXTRA (more --set options for
# every run).
set -eu
out=${1:-agreements-survey.out}
CTSIM=${CTSIM:-$( [ -x ./ctsim ] && echo ./ctsim || echo ctsim )}
SCENARIO=${SCENARIO:-pathfinders-2004}
SEED=${SEED:-1}
REPS=${REPS:-20}
CAMHS=${CAMHS:-"0 0.25 0.5"}
SURE_START=${SURE_START:-"0 0.25 0.5"}
EXTRA=${EXTRA:-}
mkdir -p "$out"
grid="$out/grid.csv"

# row C S DIR: the grid.csv row of the survey folder DIR.
row () {
  awk -F, -v c="$1" -v s="$2" '
    FILENAME ~ /fit.csv$/ { fit[$1] = $2; next }
    FNR == 1 { next }
    $1 == "pathfinders_jointly_commissioning" && $2 == "all" { k = "h" }
    $1 == "pathfinders_with_joint_service" && $2 == "social_care" { k = "sc" }
    $1 == "pathfinders_with_joint_service" && $2 == "health" { k = "he" }
    $1 == "pathfinders_with_joint_service" && $2 == "education" { k = "ed" }
    k != "" { pub[k] = $3; m[k] = $4; lo[k] = $5; hi[k] = $6; k = "" }
    END {
      printf "%s,%s", c, s
      cov = ""
      n = split("h sc he ed", ks, " ")
      for (i = 1; i <= n; i++) {
        printf ",%.4f,%.4f,%.4f", m[ks[i]], lo[ks[i]], hi[ks[i]]
        if (lo[ks[i]] <= pub[ks[i]] && pub[ks[i]] <= hi[ks[i]])
          cov = cov (cov == "" ? "" : " ") ks[i]
      }
      printf ",%s,%s,%s,%s\n", (cov == "" ? "none" : cov),
        fit["out_of_sample_mean_absolute_error"],
        fit["out_of_sample_spearman_rank_correlation"],
        fit["out_of_sample_sum_simulated"]
    }' "$3/fit.csv" "$3/survey.csv"
}

echo "camhs,sure_start,headline,headline_low,headline_high,social_care,social_care_low,social_care_high,health,health_low,health_high,education,education_low,education_high,covers,mae_out,spearman_out,sum_out" >"$grid"
case $SCENARIO in */* | *.xml) by_point=yes ;; *) by_point= ;; esac
if [ -n "$by_point" ]; then
  for c in $CAMHS; do
    for s in $SURE_START; do
      # shellcheck disable=SC2086 # EXTRA is a list of options
      "$CTSIM" survey "$SCENARIO" --quiet --seed "$SEED" --replications "$REPS" \
        ${JOBS:+--jobs "$JOBS"} --output "$out/c$c-s$s" \
        --set "pathfinders.camhs.probability=$c" \
        --set "pathfinders.sure_start.probability=$s" $EXTRA
      row "$c" "$s" "$out/c$c-s$s" >>"$grid"
    done
  done
else
  cat >"$out/sweep.xml" <<EOF_SWEEP
<scenario name="agreements-survey" extends="$SCENARIO.xml">
  <sweep>
    <param name="camhs" path="pathfinders.camhs.probability" values="$CAMHS"/>
    <param name="sure_start" path="pathfinders.sure_start.probability" values="$SURE_START"/>
  </sweep>
</scenario>
EOF_SWEEP
  # shellcheck disable=SC2086 # EXTRA is a list of options
  "$CTSIM" survey "$out/sweep.xml" --quiet --seed "$SEED" --replications "$REPS" \
    ${JOBS:+--jobs "$JOBS"} --output "$out/sweep" $EXTRA
  i=0
  for c in $CAMHS; do
    for s in $SURE_START; do
      i=$((i + 1))
      row "$c" "$s" "$out/sweep/point-$i" >>"$grid"
    done
  done
fi

echo "| camhs | sure_start | jointly commissioning (22) | social care (16) | health (15) | education (7) | intervals covering | Table 1 out of sample: MAE, Spearman, sum |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
awk -F, 'NR > 1 {
  printf "| %s | %s | %.1f [%.1f, %.1f] | %.1f [%.1f, %.1f] | %.1f [%.1f, %.1f] | %.1f [%.1f, %.1f] | %s | %.2f, %.2f, %.1f |\n",
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18 }' "$grid"
