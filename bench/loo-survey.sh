#!/bin/sh
# loo-survey.sh: leave-one-out cross-validation of the survey's calibration
# over the four counts the survey's text publishes (issue 15 item 3;
# docs/survey.md 3): 22 of 35 pathfinders jointly commissioning, and 16,
# 15 and 7 with a jointly commissioned social care, health and education
# service ([SENPOG 2006] Husbands).
#
#     bench/loo-survey.sh GRID.csv [GRID.csv ...]
#
# GRID.csv: the rows of bench/calibrate-survey.sh (grid.csv, stage2.csv or
# stage3.csv of its OUTDIR; one header, then aligned_share,
# days_per_domain, headline, ci_low, ci_high, social_care, health,
# education, ...).  For each of the four counts in turn, the refit without
# it is the point of the grid with the least sum of squared distances of
# the other three simulated counts from their published values (the
# calibration's objective without the count left out; ties: the first
# point); its simulated value of the left-out count is the prediction.
# Prints, per count left out, the point chosen, the prediction and its
# error, then the mean absolute prediction error: how well a calibration
# to three of the counts predicts the fourth, on this grid's figures.
#
# It reads the grid only: run the surveys first, e.g.
#     STAGE2=skip bench/calibrate-survey.sh OUT && bench/loo-survey.sh OUT/grid.csv
set -eu
[ $# -ge 1 ] || { echo "usage: $0 GRID.csv [GRID.csv ...]" >&2; exit 64; }
for f in "$@"; do
  [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 66; }
done
awk -F, '
  FNR == 1 { next }
  { n++; a[n] = $1; d[n] = $2; v[n, 1] = $3; v[n, 2] = $6; v[n, 3] = $7; v[n, 4] = $8 }
  END {
    if (n == 0) { print "no grid point" > "/dev/stderr"; exit 65 }
    pub[1] = 22; pub[2] = 16; pub[3] = 15; pub[4] = 7
    name[1] = "pathfinders jointly commissioning"; name[2] = "with a social care service"
    name[3] = "with a health service"; name[4] = "with an education service"
    printf "| count left out | published | refit on the other three: aligned_share, days | objective of the three | predicted | error |\n"
    printf "| --- | --- | --- | --- | --- | --- |\n"
    for (k = 1; k <= 4; k++) {
      best = 0
      for (i = 1; i <= n; i++) {
        obj = 0
        for (j = 1; j <= 4; j++) if (j != k) obj += (v[i, j] - pub[j]) ^ 2
        if (best == 0 || obj < bestobj) { best = i; bestobj = obj }
      }
      err = v[best, k] - pub[k]
      sum += (err < 0 ? -err : err)
      printf "| %s | %g | %s, %s | %.2f | %.2f | %+.2f |\n", name[k], pub[k], a[best], d[best], bestobj, v[best, k], err
    }
    printf "mean absolute prediction error over the four counts: %.2f (%d grid points)\n", sum / 4, n
  }' "$@"
