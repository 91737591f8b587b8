/* cs-commission.h: the commissioning model: partners' money, each
 * arrangement's commissioning cycle as timed events, the provider market
 * and contracts (issue 5).
 *
 * A CsCommission lives beside the world in the area model's state
 * (cs-area.c): cs_commission_new() is called once the population exists
 * and schedules the first events; its event kinds follow the area
 * model's (the area model passes the first kind number), all dispatched
 * to cs_commission_event(); cs_commission_finish() writes its rows after
 * the area's.  docs/model.md ("The commissioning model") describes it in
 * ODD form and docs/outputs.md lists its rows.
 *
 * Invariants:
 *  - It acts on children and services only through cs-world.h: a
 *    service's places are the sum of its live contracts' places, of which
 *    each commissioner's sanction_use share is used as a sanction
 *    (referral-access services); its quality, price and continuity are
 *    their places-weighted means; the eligibility an
 *    arrangement adds and the referral sources it accepts apply to the
 *    services it holds contracts for.  A service nobody ever contracted
 *    keeps the scenario's fixed places.
 *  - Money: every pound a service costs (cs_world_service_report) is
 *    paid by the contracts of that service (or, once they ended, by the
 *    last one's funders), or counted as unfunded when no contract ever
 *    existed; the ledger (cs-ledger.h) is checked at every period end and
 *    at the horizon, and a violation stops the run with
 *    SIM_ERROR_INTERNAL (exit 70).
 *  - No code path reads an arrangement's `type`, a provider's `type` or
 *    a partner's `kind`: every difference is a parameter.
 *  - Random numbers come from streams keyed by arrangement, service,
 *    cycle and attempt (purposes 0x0500_0000 and above), so the same
 *    scenario with other labels gives identical results.
 */
#pragma once

#include <glib.h>

#include "models/commission/cs-ledger.h"
#include "models/world/cs-world.h"
#include "sim/sim-engine.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

/* Event kinds, as offsets from the first kind the area model gives.  The
 * first ten are the stages of the cycle (CsCycleStage): needs analysis
 * to specification run once per cycle, procurement launches the cycle's
 * tenders, contracting is one contract starting, monitoring one review. */
typedef enum
{
  CS_COMMISSION_KIND_TENDER_END = CS_N_CYCLE_STAGES, /* a tender closes */
  CS_COMMISSION_KIND_CONTRACT_YEAR, /* a contract's anniversary or end */
  CS_COMMISSION_KIND_LEDGER_YEAR,   /* a financial period ends */
  CS_COMMISSION_KIND_SAMPLE,        /* reach inside and outside the roll */
  CS_COMMISSION_N_KINDS
} CsCommissionKind;

/* Designated initialisers for the area model's kind-name and handler
 * tables: CS_COMMISSION_KIND_NAMES (first) and
 * CS_COMMISSION_HANDLERS (first, handler). */
/* clang-format off */
#define CS_COMMISSION_KIND_NAMES(b)                                          \
  [(b) + 0] = "needs_analysis", [(b) + 1] = "best_value",                    \
  [(b) + 2] = "resource_mapping", [(b) + 3] = "gap_analysis",                \
  [(b) + 4] = "priority_setting", [(b) + 5] = "service_redesign",            \
  [(b) + 6] = "specification", [(b) + 7] = "procurement",                    \
  [(b) + 8] = "contracting", [(b) + 9] = "monitoring",                       \
  [(b) + 10] = "tender_end", [(b) + 11] = "contract_year",                   \
  [(b) + 12] = "ledger_year", [(b) + 13] = "reach_sample"
#define CS_COMMISSION_HANDLERS(b, f)                                         \
  [(b) + 0] = (f), [(b) + 1] = (f), [(b) + 2] = (f), [(b) + 3] = (f),        \
  [(b) + 4] = (f), [(b) + 5] = (f), [(b) + 6] = (f), [(b) + 7] = (f),        \
  [(b) + 8] = (f), [(b) + 9] = (f), [(b) + 10] = (f), [(b) + 11] = (f),      \
  [(b) + 12] = (f), [(b) + 13] = (f)
/* clang-format on */
G_STATIC_ASSERT (CS_COMMISSION_N_KINDS == 14);

/* Financial period ends run after every model event of their instant and
 * before the area's school-year end (cs-area.h priorities). */
#define CS_COMMISSION_PRIORITY_LEDGER (G_MAXINT32 - 3)

typedef struct CsCommission CsCommission;

/* Build the commissioning state of a world whose population exists:
 * accounts and the first period's money, the contracts the scenario
 * starts with, and the first cycle, review, period-end and sample events
 * (event kinds first_kind + CsCommissionKind).  NULL + SIM_ERROR_DATA if
 * the scenario is beyond the model's limits.  (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsCommission *cs_commission_new (CsWorld *w, SimEngine *eng, guint32 first_kind,
                                 GError **error);
void cs_commission_free (CsCommission *c); /* accepts NULL */

/* The handler of every commissioning kind (payload: the event's own). */
void cs_commission_event (CsCommission *c, gpointer payload);
void cs_commission_warmup_end (CsCommission *c);
/* Settle, check the ledger a last time and write the rows (yearly rows
 * kept so far, then "all").  FALSE + SIM_ERROR_INTERNAL on a violation. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_commission_finish (CsCommission *c, SimResults *out,
                               GError **error);

/* For tests: the ledger, and the ledger account of a partner, a school
 * and an arrangement's pooled fund. (transfer none) */
CsLedger *cs_commission_ledger (CsCommission *c);
guint cs_commission_partner_account (const CsCommission *c, guint partner);
guint cs_commission_school_account (const CsCommission *c, guint school);
guint cs_commission_fund_account (const CsCommission *c, guint arrangement);
/* Since the start of the run: the services' spend paid through the ledger
 * and the spend nobody paid (services never contracted), which together
 * equal the services' cumulative spend (cs_world_service_report) once
 * settled; and, of the paid spend, the share of contracts' spend for
 * their places used as a sanction. */
void cs_commission_money (const CsCommission *c, double *paid, double *unfunded,
                          double *sanction);

/* What arrangement `arr` worked from, for teaching (ctsim demo) and
 * tests.  Each view is that of the arrangement's latest stage of its
 * kind (zeros, or NAN for plans, before the first), so read it after
 * the stage's event and before the arrangement's next one.
 *
 * Needs analysis: children in its records (expected counts, see
 * CsSight) as counted and as estimated with its estimation error; and by
 * need domain, the children of its localities with a need at stage_min
 * or more, counted and estimated in the same way. */
typedef struct
{
  double children_seen, children_estimate;
  double seen[CS_N_DOMAINS], estimate[CS_N_DOMAINS];
} CsNeedsView;
void cs_commission_needs_view (const CsCommission *c, guint arr,
                               guint stage_min, CsNeedsView *out);
/* Priority setting, for service i: places planned (NAN when the service
 * is out of its scope) and priority (0..1, 1 = its highest); and the
 * places it holds or is buying now (live, pending and tendered). */
void cs_commission_plan_view (const CsCommission *c, guint arr, guint service,
                              double *planned, double *priority, double *held);

/* Parameters of p that have no effect (issue 13), one sentence each
 * naming the parameter's path: a pooled share with nothing to pool into
 * (the partner is a member of no arrangement, or every membership sets its
 * own share), a budget of a holder that is a member of no arrangement, or
 * the part of a budget that pays for services no arrangement the holder
 * is a member of has in scope (reported unallocated and unspent).  Empty
 * when every parameter acts.  (transfer full) */
GStrv cs_commission_idle_parameters (const CsParams *p);

G_END_DECLS
