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

G_END_DECLS
