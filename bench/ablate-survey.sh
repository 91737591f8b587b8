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
# and the mean absolute error over the 14 published items.  Environment:
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

# variant NAME [--set PATH=VALUE ...]: one row.
variant () {
  name=$1; shift
  dir="$out/v$(printf '%s' "$name" | cksum | cut -d' ' -f1)"
  "$CTSIM" survey "$SCENARIO" --quiet --seed "$SEED" --replications "$REPS" \
    ${JOBS:+--jobs "$JOBS"} --output "$dir" "$@"
  printf '| %s | %s | %s / %s / %s | %s / %s / %s | %s |\n' "$name" \
    "$(value "$dir" pathfinders_jointly_commissioning all)" \
    "$(value "$dir" pathfinders_with_joint_service social_care)" \
    "$(value "$dir" pathfinders_with_joint_service health)" \
    "$(value "$dir" pathfinders_with_joint_service education)" \
    "$(value "$dir" share_jointly_commissioning:group=specific all)" \
    "$(value "$dir" share_jointly_commissioning:group=all all)" \
    "$(value "$dir" share_jointly_commissioning:group=other all)" \
    "$(awk -F, '$1 == "mean_absolute_error" { printf "%.2f", $2 }' "$dir/fit.csv")"
}

# every_focus ATTR VALUE: the --set options giving every focus ATTR=VALUE.
every_focus () {
  for f in $FOCI; do printf -- '--set\npathfinders.%s.%s=%s\n' "$f" "$1" "$2"; done
}

echo "| variant | jointly commissioning | SC / H / E | specific / all / other | MAE |"
echo "| --- | --- | --- | --- | --- |"
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
