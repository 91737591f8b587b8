#!/bin/sh
# ablate-survey.sh: the ablation table of docs/survey.md 4.2: the survey
# with each mechanism switched off in turn, on common random numbers (the
# same seed, so every variant draws the same pathfinders and streams).
#
#     bench/ablate-survey.sh [OUTDIR]
#
# Prints one markdown row per variant: pathfinders jointly commissioning,
# with a social care / health / education service, the share jointly
# commissioning among specific-group / all-children / other pathfinders,
# the mean absolute error over the 14 published items, and Table 1's
# out-of-sample mean absolute error and Spearman (fit.csv's
# out_of_sample_ rows: never fitted).  The variants of issue 15 switch
# off the decision about a service (the board's joint_by_responsibility)
# and the agreements in force at the selection (both, or one at a time:
# each agreement alone is the other's probability at 0).  Environment:
# CTSIM (default: the build tree's ./ctsim, else ctsim on PATH), SCENARIO
# (pathfinders-2004), SEED (2004), REPS (20), JOBS.
set -eu
out=${1:-ablate-survey.out}
CTSIM=${CTSIM:-$( [ -x ./ctsim ] && echo ./ctsim || echo ctsim )}
SCENARIO=${SCENARIO:-pathfinders-2004}
SEED=${SEED:-2004}
REPS=${REPS:-20}
mkdir -p "$out"
FOCI="disabled_children mental_health all_children school_centred early_intervention"

value () {
  awk -F, -v i="$2" -v s="$3" '$1 == i && $2 == s { printf "%.2f", $4 }' "$1/survey.csv"
}

fit () {
  awk -F, -v s="$2" '$1 == s { printf "%.2f", $2 }' "$1/fit.csv"
}

# variant NAME [--set PATH=VALUE ...]: one row.
variant () {
  name=$1; shift
  dir="$out/v$(printf '%s' "$name" | cksum | cut -d' ' -f1)"
  # Not ${JOBS:+--jobs "$JOBS"}: under the IFS of the pool variants below
  # (a line feed) that is one argument, "--jobs 2".
  if [ -n "${JOBS:-}" ]; then set -- --jobs "$JOBS" "$@"; fi
  "$CTSIM" survey "$SCENARIO" --quiet --seed "$SEED" --replications "$REPS" \
    --output "$dir" "$@"
  printf '| %s | %s | %s / %s / %s | %s / %s / %s | %s | %s, %s |\n' "$name" \
    "$(value "$dir" pathfinders_jointly_commissioning all)" \
    "$(value "$dir" pathfinders_with_joint_service social_care)" \
    "$(value "$dir" pathfinders_with_joint_service health)" \
    "$(value "$dir" pathfinders_with_joint_service education)" \
    "$(value "$dir" share_jointly_commissioning:group=specific all)" \
    "$(value "$dir" share_jointly_commissioning:group=all all)" \
    "$(value "$dir" share_jointly_commissioning:group=other all)" \
    "$(fit "$dir" mean_absolute_error)" \
    "$(fit "$dir" out_of_sample_mean_absolute_error)" \
    "$(fit "$dir" out_of_sample_spearman_rank_correlation)"
}

# every_focus ATTR VALUE: the --set options giving every focus ATTR=VALUE.
every_focus () {
  for f in $FOCI; do printf -- '--set\npathfinders.%s.%s=%s\n' "$f" "$1" "$2"; done
}

echo "| variant | jointly commissioning | SC / H / E | specific / all / other | MAE (14 items) | Table 1 out of sample: MAE, Spearman |"
echo "| --- | --- | --- | --- | --- | --- |"
variant "as calibrated"
variant "the pool pays for every sector (\`pool_sectors\` all)" \
  --set 'arrangements.trust_board.pool_sectors=health education social_care'
variant "every school works with the board (\`school_participation\` 1)" \
  --set arrangements.trust_board.school_participation=1
variant "both mechanisms off" \
  --set 'arrangements.trust_board.pool_sectors=health education social_care' \
  --set arrangements.trust_board.school_participation=1
variant "no needs-analysis time (0 days per need)" \
  --set pathfinders.needs_analysis_days_per_domain=0
variant "every agency aligns exactly the mean share (\`aligned_spread\` 0)" \
  --set pathfinders.aligned_spread=0
variant "one pool decision per area, whatever its PCTs (\`pool_agreement\` area)" \
  --set pathfinders.pool_agreement=area
# The pool probability of the launch mix's average focus: (9 x 0.6 + 26 x
# 0.25) / 35 = 0.34.
same=$(every_focus pool_probability 0.34)
none=$(every_focus pool_probability 0)
IFS='
'
# shellcheck disable=SC2086 # one option or value a line
variant "the same pool probability (0.34) for every focus" $same
# shellcheck disable=SC2086
variant "no pools at all" $none
unset IFS
variant "no decision about a service (\`joint_by_responsibility\` false)" \
  --set arrangements.trust_board.joint_by_responsibility=false
variant "no agreements in force at the selection" \
  --set pathfinders.camhs.probability=0 --set pathfinders.sure_start.probability=0
variant "the \`camhs\` agreement alone (\`sure_start\` 0)" \
  --set pathfinders.sure_start.probability=0
variant "the \`sure_start\` agreement alone (\`camhs\` 0)" \
  --set pathfinders.camhs.probability=0
