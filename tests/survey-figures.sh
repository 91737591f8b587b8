#!/bin/sh
# survey-figures.sh: what `ctsim survey` says at a fixed seed (issues 7
# and 15, docs/survey.md 4): the four counts as a regression test, and
# what the mechanisms must reproduce without being fitted to it.  The
# program's behaviour (its files, options, reproducibility and mistakes)
# is tests/survey.sh, at fewer replications.
#
# The four counts' test is a REGRESSION test, not a validation: seed
# 2004, 10 replications of the 35 pathfinders of
# scenarios/pathfinders-2004.xml; the mean over the survey window (12, 15
# and 18 months after the selection) of the pathfinders jointly
# commissioning, and of those with a jointly commissioned social care,
# health and education service, must lie within TOLERANCE = 3 pathfinders
# of what this model gave when it was last changed on purpose (REGRESSION
# below; docs/survey.md 4 says how they compare with the published 22;
# 16, 15, 7 of [SENPOG 2006] Husbands).  At 10 replications a mean's
# standard error is about 1 pathfinder, so 3 is about 3 standard errors.
# When the model moves on purpose, rewrite REGRESSION and say why.
set -u
: "${CTSIM:?}" "${top_builddir:?}" "${top_srcdir:?}"
SEED=2004
REPS=10
TOLERANCE=3
# headline, social care, health, education (issue 15: the time line,
# joint commissioning as a decision about a service, the agreements in
# force at the selection, which count from day 0, and the refit of
# aligned_share and needs_analysis_days_per_domain to 0.125 and 13.75;
# 30.9 14.9 25.1 27.3 before the refit)
REGRESSION="29.0 11.5 21.5 22.9"
. "$top_srcdir/tests/lib.sh"

# field FILE ITEM SECTOR COLUMN: a column of survey.csv (1-based).
field () {
  awk -F, -v i="$2" -v s="$3" -v c="$4" '$1 == i && $2 == s { print $c }' "$1"
}

# within A B TOL: |A - B| <= TOL
within () {
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'
}

# greater A B: A > B (numbers)
greater () { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a > b) }'; }

# ---- the headline at a fixed seed ----------------------------------------
check "survey runs" 0 "$CTSIM" survey --seed $SEED --replications $REPS --output "$tmp/s" --quiet
s="$tmp/s/survey.csv"
mean=$(field "$s" pathfinders_jointly_commissioning all 4)
echo "# seed $SEED, $REPS replications: pathfinders jointly commissioning $mean (published 22)"
set -- $REGRESSION
assert "REGRESSION: headline within $TOLERANCE of $1" within "$mean" "$1" $TOLERANCE
assert "REGRESSION: social care within $TOLERANCE of $2" \
  within "$(field "$s" pathfinders_with_joint_service social_care 4)" "$2" $TOLERANCE
assert "REGRESSION: health within $TOLERANCE of $3" \
  within "$(field "$s" pathfinders_with_joint_service health 4)" "$3" $TOLERANCE
assert "REGRESSION: education within $TOLERANCE of $4" \
  within "$(field "$s" pathfinders_with_joint_service education 4)" "$4" $TOLERANCE
# What existed at the selection (issue 15): each drawn agreement is
# reported per pathfinder, in force with its probability (350 draws of
# camhs 0.25 and sure_start 0.5: within 4 standard errors), and counts
# from the selection: a pathfinder with one has a joint service at every
# survey date.
agreements () { # agreements COLUMN P: the column's share of 1s is P +- 4 se
  awk -F, -v col="$1" -v p="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { if (!(col in c) || ($c[col] != 0 && $c[col] != 1)) bad = 1; n++; k += $c[col] }
    END { se = sqrt(p * (1 - p) / n); d = k / n - p; if (d < 0) d = -d
          exit bad || n == 0 || d > 4 * se }' "$tmp/s/areas.csv"
}
assert "areas.csv: agreement_camhs drawn with probability 0.25" agreements agreement_camhs 0.25
assert "areas.csv: agreement_sure_start drawn with probability 0.5" agreements agreement_sure_start 0.5
assert "areas.csv: an agreement in force makes a joint service from the selection" \
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    ($c["agreement_camhs"] + $c["agreement_sure_start"]) > 0 && !($c["joint_services_months_12"] >= 1) { bad = 1 }
    END { exit bad }' "$tmp/s/areas.csv"
# What the mechanisms must reproduce without being calibrated to it
# (docs/survey.md 4): joint commissioning mostly to targeted services, and
# more often among pathfinders focused on specific groups of children.
spec=$(field "$s" share_jointly_commissioning:group=specific all 4)
all=$(field "$s" share_jointly_commissioning:group=all all 4)
echo "# share jointly commissioning: specific groups $spec, all children $all"
# Not fitted (docs/survey.md 4.3): the calibration fits the headline and
# the sector counts only; the association comes from the first needs
# analysis, which takes longer the more needs a board's focus weighs.
assert "specific-group pathfinders jointly commission more often than all-children ones" \
  greater "$spec" "$all"
other=$(field "$s" share_jointly_commissioning:group=other all 4)
assert "specific-group pathfinders jointly commission more often than early-intervention and school-centred ones" \
  greater "$spec" "$other"
assert "targeted services hold a larger share of joint services than universal ones" \
  greater "$(field "$s" targeted_share_of_joint_services all 4)" \
    "$(field "$s" universal_share_of_joint_services all 4)"
# The two mechanisms of docs/survey.md 4.2 (the pool pays for health and
# social care services only; the board reaches in-school services only in
# the schools that work with it) hold education down: switched off (on
# common random numbers), more pathfinders have a joint education
# service.  Since issue 15's decision about a service they no longer put
# education below social care and health (published 16, 15, 7; docs/survey.md
# 4 and 5.1 say why), so that ordering is not asserted.
sc=$(field "$s" pathfinders_with_joint_service social_care 4)
he=$(field "$s" pathfinders_with_joint_service health 4)
ed=$(field "$s" pathfinders_with_joint_service education 4)
echo "# with a jointly commissioned service: social care $sc, health $he, education $ed (published 16, 15, 7)"
check "survey with both mechanisms off (the shipped scenario)" 0 "$CTSIM" survey \
  pathfinders-2004-mechanisms-off --seed $SEED --replications $REPS --output "$tmp/off" --quiet
he_off=$(field "$tmp/off/survey.csv" pathfinders_with_joint_service health 4)
ed_off=$(field "$tmp/off/survey.csv" pathfinders_with_joint_service education 4)
echo "# mechanisms off: health $he_off, education $ed_off"
assert "mechanisms off: more pathfinders with a joint education service" greater "$ed_off" "$ed"

# The association's mechanism: with no needs-analysis time, boards weighing
# every need are as quick as the others, and all-children pathfinders (who
# consider every tier and sector) jointly commission at least as often as
# specific-group ones (docs/survey.md 4.3).
check "survey without needs-analysis time" 0 "$CTSIM" survey --seed $SEED --replications $REPS \
  --set pathfinders.needs_analysis_days_per_domain=0 --output "$tmp/na0" --quiet
spec0=$(field "$tmp/na0/survey.csv" share_jointly_commissioning:group=specific all 4)
all0=$(field "$tmp/na0/survey.csv" share_jointly_commissioning:group=all all 4)
echo "# no needs-analysis time: specific groups $spec0, all children $all0"
assert "no needs-analysis time: the association goes" greater "$all0" "$spec0"

echo "1..$n"
[ "$fails" -eq 0 ]
