/* cs-pathfinders.h: the 2004 children's trust pathfinders, generated from
 * documented distributions: each pathfinder's area parameters built from a
 * base area and its drawn characteristics (issue 7, docs/survey.md).
 *
 * A scenario with a <pathfinders> element (scenarios/pathfinders-2004.xml)
 * describes the population of pathfinders: how many, the kinds of
 * authority (unitary or county) with their shares, sizes and numbers of
 * primary care trusts, the spread of deprivation, and the foci with the
 * number of pathfinders that had each at launch.  The rest of the scenario
 * is the base area: one pathfinder before its characteristics are drawn,
 * with a trust board arrangement whose members are the agencies'
 * contributions to the trust.
 *
 * Draws (the invariants the survey and its tests rely on):
 *  - every draw comes from a stream keyed by (seed, replication, purpose,
 *    area index), one purpose per characteristic (CS_PF_STREAM_*), so an
 *    area's characteristics depend on nothing but that key and the spec,
 *    and a change to one characteristic's distribution does not move the
 *    draws of another (common random numbers across calibration points);
 *  - the foci of a replication are a permutation of a multiset whose
 *    counts are drawn once per replication (stream CS_PF_STREAM_FOCUS,
 *    entity 0): a focus with count "8" has exactly 8 pathfinders in every
 *    replication, "11-12" between 11 and 12 (uniform), and the focus with
 *    count "rest" takes the remainder;
 *  - cs_pathfinders_build() is a pure function of the spec, the base and
 *    the drawn area.
 *
 * What a focus changes: only parameters of the board arrangement (the
 * tiers it considers, its domain weights, its members' pooled shares,
 * and through the weights the length of its needs analysis) — never a
 * code path.  A focus's `group` is a label for the survey's rows
 * ("specific", "all" or "other"); the model never reads it.
 *
 * Ownership: a CsPathfinders owns its arrays, distributions and strings
 * (its own pool).  A CsParams made by cs_pathfinders_build() owns its
 * arrays and distributions, but its ids, names and sources may point into
 * the base's string pool: free it before the base.
 */
#pragma once

#include <glib.h>

#include "models/params/cs-params.h"

G_BEGIN_DECLS

/* Stream purposes of the generator (the area models use 0x0400_0000 and
 * above; these never reach an engine). */
enum
{
  CS_PF_STREAM_FOCUS = 0x03000000, /* the focus mix (entity 0) */
  CS_PF_STREAM_AUTHORITY = 0x03000001,
  CS_PF_STREAM_CHILDREN = 0x03000002,
  CS_PF_STREAM_PCTS = 0x03000003,
  CS_PF_STREAM_DEPRIVATION = 0x03000004,
  CS_PF_STREAM_POOL = 0x03000005,
  CS_PF_STREAM_ALIGNED = 0x03000006,   /* one draw per contribution */
  CS_PF_STREAM_START = 0x03000007,     /* the board's start (issue 15) */
  CS_PF_STREAM_AGREEMENT = 0x03000008, /* one draw per agreement */
};

/* At most this many survey dates (survey_months). */
#define CS_PF_MAX_SURVEY_DATES 8u

/* At most this many <contribution> elements (cs_pathfinders_check). */
#define CS_PF_MAX_CONTRIBUTIONS 16u

/* At most this many <agreement> elements, services and partners of one
 * (cs_pathfinders_check). */
#define CS_PF_MAX_AGREEMENTS 16u
#define CS_PF_MAX_AGREEMENT_SERVICES 32u
#define CS_PF_MAX_AGREEMENT_PARTNERS 4u

/* At most this many pathfinders (cs_pathfinders_check). */
#define CS_PF_MAX_AREAS 1000u

/* A kind of authority (unitary, county). */
typedef struct
{
  const char *id;
  CsNum share;          /* of the pathfinders; shares sum to 1 */
  CsDistParam children; /* children aged 0-17 in the area */
  CsNum pcts_min;       /* primary care trusts, uniform on [min, max] */
  CsNum pcts_max;
} CsPfAuthority;

/* A focus at launch (disabled children, all children, ...). */
typedef struct
{
  const char *id;
  const char *group; /* label for the survey rows only */
  guint count_min;   /* pathfinders with this focus, uniform on */
  guint count_max;   /* [min, max]; both 0 for the remainder */
  gboolean rest;     /* takes the pathfinders the others leave */
  const char *count_source;
  guint32 tiers; /* CS_BIT (CsTier): what the board considers */
  const char *tiers_source;
  CsNum weight_domain[CS_N_DOMAINS]; /* the board's domain weights */
  CsNum pool_probability;            /* chance the partners pool (else align) */
  CsDistParam pooled_share; /* each member's pooled share, if they pool */
} CsPfFocus;

/* Money an agency aligns with the trust: aligned_share of the budget of
 * partner `from` (and of the primary care trusts split from it) moves to
 * partner `to`, a member of the board.  When the pathfinder has a formal
 * pool, the board members that are the `to` of a contribution with
 * `pools` pool the drawn share; the others only align. */
typedef struct
{
  const char *id;
  guint from;     /* partner index in the base */
  guint to;       /* partner index in the base */
  gboolean pools; /* `to` pools the drawn pooled share, if any */
  const char *pools_source;
} CsPfContribution;

/* A partnership agreement that may already be in force when the
 * pathfinders are selected (issue 15): a Health Act 1999 section 31
 * pooled budget or lead commissioning agreement, or a service funded
 * jointly by design.  Drawn per pathfinder with `probability`; when in
 * force, its partners pay `share` of every contract the services'
 * commissioner at the start holds for them (CsService.agreement_*), in
 * equal parts (a primary care trust's part split equally between the
 * trusts split from it), from the start of the run. */
typedef struct
{
  const char *id;
  guint n_services;
  guint services[CS_PF_MAX_AGREEMENT_SERVICES]; /* service indices */
  guint n_partners;
  guint partners[CS_PF_MAX_AGREEMENT_PARTNERS]; /* partner indices */
  CsNum share;       /* of a contract's cost the partners pay together */
  CsNum probability; /* that a pathfinder has it at the selection */
} CsPfAgreement;

typedef struct CsPathfinders CsPathfinders;
struct CsPathfinders
{
  guint count;         /* pathfinders */
  CsNum scale;         /* simulated children per real child */
  guint board;         /* arrangement index in the base */
  guint pct_partner;   /* partner split into the PCTs */
  CsNum aligned_share; /* share of budgets aligned with the trust */
  /* Each contribution of each pathfinder aligns aligned_share x
   * uniform(1 - spread, 1 + spread), clamped to [0, 1]; 0: exactly
   * aligned_share. */
  CsNum aligned_spread;
  /* The board's needs analysis takes gamma(shape 4) days with mean this
   * many days per need domain its focus weighs (weight > 0); NAN: the
   * base's days (not given). */
  CsNum needs_days_per_domain;
  /* How a formal pool is agreed: FALSE ("area", the default), one draw
   * with the focus's pool_probability for the whole area; TRUE
   * ("every_pct"), every primary care trust of the area agrees with that
   * probability, independently, and the pool forms only when all do
   * (probability pool_probability ^ pcts). */
  gboolean pool_every_pct;
  /* Days from the selection of the pathfinders (the end of the warm-up,
   * commissioning.first_cycle_day) to the start of a pathfinder's board,
   * drawn per pathfinder (stream CS_PF_STREAM_START): the board's
   * start_delay_days (issue 15).  has_board_start FALSE (not given): 0. */
  gboolean has_board_start;
  CsDistParam board_start_days;
  /* The survey's dates, months after the selection (the end of the
   * warm-up), increasing: the window in which the survey fell (issue 15).
   * n_survey_months 0 (not given): one date, the end of the run. */
  guint n_survey_months;
  double survey_months[CS_PF_MAX_SURVEY_DATES];
  const char *survey_months_source;
  CsDistParam deprivation; /* the area's mean deprivation */
  const char *published;   /* published figures: a CSV file name, looked
                              for beside the scenario file, then in the
                              shipped scenarios folder; or NULL */
  guint n_authorities;
  CsPfAuthority *authorities;
  guint n_foci;
  CsPfFocus *foci;
  guint n_contributions;
  CsPfContribution *contributions;
  guint n_agreements;
  CsPfAgreement *agreements;
  gpointer pool; /* private: the string pool */
};

/* One drawn pathfinder. */
typedef struct
{
  guint index;
  guint authority;     /* index into authorities */
  guint focus;         /* index into foci */
  guint pcts;          /* primary care trusts */
  double children;     /* real children aged 0-17 */
  double deprivation;  /* mean deprivation of its localities */
  double pooled_share; /* each board member's pooled share (0: aligned) */
  double board_start;  /* days from the selection to the board's start */
  double aligned[CS_PF_MAX_CONTRIBUTIONS]; /* each contribution's share */
  guint32 agreements; /* CS_BIT (k): agreement k in force at the selection */
} CsPathfinderArea;

/* Empty spec (arrays NULL).  (transfer full) */
CsPathfinders *cs_pathfinders_new (void);
void cs_pathfinders_free (CsPathfinders *pf); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsPathfinders, cs_pathfinders_free)
/* A copy of s kept as long as pf.  (transfer none) */
const char *cs_pathfinders_intern (CsPathfinders *pf, const char *s);

/* The checks a schema cannot make, against the base (board, partners):
 * FALSE with SIM_ERROR_DATA and a message without file or line (the
 * loader adds them).  Kept here so specs built by hand are checked too. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_pathfinders_check (const CsPathfinders *pf, const CsParams *base,
                               GError **error);

/* The focus of each of the pf->count pathfinders in replication rep:
 * focus[i] for i < pf->count. */
void cs_pathfinders_draw_foci (const CsPathfinders *pf, guint64 seed,
                               guint32 rep, guint *focus);

/* Draw pathfinder `index` of replication `rep`. */
void cs_pathfinders_draw (const CsPathfinders *pf, guint64 seed, guint32 rep,
                          guint index, CsPathfinderArea *out);

/* The area parameters of a drawn pathfinder: the base scaled to
 * area->children x scale children (rolls, places, capacities, budgets
 * and the outside-the-roll counts alike; commissioning costs by scale),
 * its localities' deprivation moved to the drawn mean, the primary care
 * trust split into area->pcts partners, the contributions moved to the
 * board's members, the board given its focus's parameters, and the
 * services of the agreements in force given their payers.
 * (transfer full; see "Ownership" above) */
CsParams *cs_pathfinders_build (const CsPathfinders *pf, const CsParams *base,
                                const CsPathfinderArea *area);

/* The part of the build every generated area shares (the pathfinders
 * and the authorities of a national scenario, cs-national.h): a copy of
 * base resized by k (cs_params_resize: rolls, places, capacities,
 * budgets, outside-the-roll counts), its commissioning costs scaled by
 * `scale` (an organisation's costs, not its size's), its localities'
 * deprivation moved to the mean `deprivation`, and partner pct_partner
 * (CS_NONE: none) split into pcts partners.  size_note and dep_note
 * become the sources of the values changed.  (transfer full; see
 * "Ownership" above) */
CsParams *cs_pathfinders_scaled_area (const CsParams *base, double k,
                                      double scale, double deprivation,
                                      guint pct_partner, guint pcts,
                                      const char *size_note,
                                      const char *dep_note);

/* Children aged 0-17 in the localities of p. */
double cs_pathfinders_children (const CsParams *p);

G_END_DECLS
