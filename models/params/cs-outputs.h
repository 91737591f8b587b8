/* cs-outputs.h: the names of the result rows the models write
 * (docs/outputs.md), for the program's charts, tables and demo.
 *
 * The writers are models/world/cs-measure.c (children, outcomes, reach,
 * services, tiers, sectors), models/commission/cs-commission-rows.c
 * (partners, pooled funds) and models/queue/cs-queue.c (services of the
 * queue model); they write the rows named here through this header, and
 * a reader names a row only through it, so a renamed row is renamed in
 * one place.  Invariant: CS_OUT_ECM_MEASURE(k)
 * is "ecm_" followed by cs_ecm_names[k] (checked by tests/test-scenario.c).
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"

G_BEGIN_DECLS

/* ---- groups ---- */
#define CS_OUT_GROUP_ALL "all"
#define CS_OUT_GROUP_POOLED "pooled" /* all pooled funds together */
#define CS_OUT_GROUP_ADDITIONAL_NEEDS "additional_needs"
#define CS_OUT_GROUP_LOOKED_AFTER "looked_after"
#define CS_OUT_GROUP_EXCLUDED "excluded"
#define CS_OUT_GROUP_SEN "sen"
#define CS_OUT_GROUP_DISABLED "disabled"
/* Prefixes of groups named after a scenario's entities or a category:
 * "tier:<tier>", "sector:<sector>", "partner:<id>", "service:<id>". */
#define CS_OUT_TIER_PREFIX "tier:"
#define CS_OUT_SECTOR_PREFIX "sector:"
#define CS_OUT_PARTNER_PREFIX "partner:"
#define CS_OUT_SERVICE_PREFIX "service:"

/* Deprivation quintiles of the children's localities, Q1 most deprived. */
#define CS_OUT_N_QUINTILES 5
extern const char *const cs_out_quintile_groups[CS_OUT_N_QUINTILES];
/* "tier:universal", "tier:targeted", "tier:specialist" (cs_tier_names). */
extern const char *const cs_out_tier_groups[CS_N_TIERS];

/* ---- measures ---- */
#define CS_OUT_CHILDREN "children"
#define CS_OUT_REACH "reach"
#define CS_OUT_UNMET_NEED_DAYS "unmet_need_days"
#define CS_OUT_WAITING_DAYS_MEAN "waiting_days_mean"
#define CS_OUT_SPEND_GBP "spend_gbp"
/* Money neither spent nor committed at the period end, every account and
 * fund (issue 13; group all). */
#define CS_OUT_UNSPENT_GBP "unspent_gbp"
/* The numerator of reach: children with a need served for it (issue 13,
 * value for money). */
#define CS_OUT_CHILDREN_REACHED "children_reached"
#define CS_OUT_REFERRALS "referrals"
/* Referrals no service took (no service in reach takes the need). */
#define CS_OUT_REFERRALS_WITHOUT_SERVICE "referrals_without_service"
#define CS_OUT_UNMET_NEED_DAYS_PER_CHILD "unmet_need_days_per_child"
/* 1 when a service was jointly commissioned (group service:<id>). */
#define CS_OUT_JOINTLY_COMMISSIONED "jointly_commissioned"
/* Whole run only: days from the end of the warm-up to the first time a
 * joint contract for the service was live (NAN: never; issue 15). */
#define CS_OUT_JOINT_FROM_DAY "jointly_commissioned_from_day"
#define CS_OUT_SERVED "served"
#define CS_OUT_QUEUE_LENGTH_MEAN "queue_length_mean"
#define CS_OUT_UTILISATION "utilisation"
/* A partner's transfer into the pooled funds (group partner:<id>). */
#define CS_OUT_CONTRIBUTION_GBP "contribution_gbp"
/* The pooled funds' spend of money from one sector: "spend_<sector>_gbp"
 * for each of cs_sector_names (group CS_OUT_GROUP_POOLED). */
extern const char *const cs_out_sector_spend[CS_N_SECTORS];
/* The five Every Child Matters outcomes: "ecm_be_healthy", ... in the
 * order of CsEcm (also one by one, for constant tables), and their titles
 * ("Be healthy", ...). */
#define CS_OUT_ECM_BE_HEALTHY "ecm_be_healthy"
#define CS_OUT_ECM_STAY_SAFE "ecm_stay_safe"
#define CS_OUT_ECM_ENJOY_ACHIEVE "ecm_enjoy_achieve"
#define CS_OUT_ECM_POSITIVE_CONTRIBUTION "ecm_positive_contribution"
#define CS_OUT_ECM_ECONOMIC_WELLBEING "ecm_economic_wellbeing"
extern const char *const cs_out_ecm_measures[CS_N_ECM];
extern const char *const cs_out_ecm_titles[CS_N_ECM];
#define CS_OUT_ECM_PREFIX "ecm_"

/* Whether a measure adds up over areas (issue 17, docs/outputs.md
 * "National rows"): TRUE for counts, days and money (children, referrals,
 * unmet_need_days, children_mean, spend_gbp, ...), FALSE for shares,
 * rates, scores, correlations and mean durations (names ending in _share,
 * _per_1000, _per_1000_pupils, _per_child, _r or _days_mean, starting
 * with ecm_, prevalence_ or stage_share_, and reach, coverage, utilisation).  A
 * national row is the sum over authorities of a measure that adds up and
 * the children-weighted mean of one that does not. */
gboolean cs_out_measure_adds_up (const char *measure);

/* ---- measures for people (issue 18) ---- */

/* Which direction of a measure is better for children, as a reader of a
 * comparison would judge it: higher (ECM scores, reach), lower (unmet
 * need, waits, lapsed referrals, exclusions), or neither (money, counts
 * of activity, populations: a change there is neither good nor bad by
 * itself). */
typedef enum
{
  CS_OUT_BETTER_NEITHER,
  CS_OUT_BETTER_HIGHER,
  CS_OUT_BETTER_LOWER,
} CsOutBetter;

/* How a measure's values are read. */
typedef enum
{
  CS_OUT_KIND_NUMBER, /* a count, a rate or a duration: shown as is */
  CS_OUT_KIND_SHARE,  /* 0-1: shown as a percentage; differences in points */
  CS_OUT_KIND_MONEY,  /* pounds: shown as 1.2m pounds */
  CS_OUT_KIND_SCORE,  /* standard deviations (the ECM scores) */
} CsOutKind;

typedef struct
{
  /* Words for a person, with no unit ("Mean wait"); the measure's id
   * when it has no entry and no rule names it. */
  const char *label;
  /* The unit in words ("days", "child-days", "pounds", "share of
   * children", "sd"), or "" for a plain count or ratio. */
  const char *unit;
  CsOutBetter better;
  CsOutKind kind;
  /* The range the measure's values lie in: [0, 1] for shares,
   * [0, +inf) for counts, days, money and rates, (-inf, +inf) for scores
   * and correlations.  Intervals keep to it (sim_ci_bounded()). */
  double min, max;
  /* TRUE when the whole-run row ("all" years) is a total over the observed
   * years rather than a mean (counts, days of unmet need, money). */
  gboolean total;
} CsOutMeasureInfo;

/* What a person needs to read MEASURE (never NULL; strings static or
 * owned by the table). */
void cs_out_measure_info (const char *measure, CsOutMeasureInfo *info);

/* The range of MEASURE's values (cs_out_measure_info()'s min and max). */
void cs_out_measure_bounds (const char *measure, double *min, double *max);

/* A group in words ("All children", "Universal services", "Looked-after
 * children", "Service key worker", ...).  (transfer full) */
char *cs_out_group_label (const char *group);

G_END_DECLS
