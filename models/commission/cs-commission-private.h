/* cs-commission-private.h: the commissioning model's state, shared by its
 * modules.
 *
 * Only cs-commission.c (state, events, the cycle, financial periods),
 * cs-commission-rows.c (reach samples, rows), cs-plan.c
 * (money allotments, needs analysis, gap analysis, priority setting,
 * funding) and cs-contract.c (contracts, tenders, settlement) include
 * it.  Everything else uses cs-commission.h.
 *
 * Invariants beyond those of cs-commission.h:
 *  - Ledger accounts: holders first (partners 0..n_partners-1, then
 *    schools), then one pooled fund per arrangement.
 *  - A contract is PENDING (awarded, not started), LIVE or ENDED; only
 *    LIVE contracts give places; PENDING ones count against their
 *    provider's capacity.  A LIVE contract holds one ledger commitment:
 *    the expected cost of its current contract year, by funder.
 *  - Spend is settled service by service before anything that changes a
 *    service's contracts, at every period end and at the horizon, so
 *    each pound is paid with the funding in force when it was spent.
 */
#pragma once

#include <glib.h>

#include "models/commission/cs-commission.h"
#include "models/commission/cs-ledger.h"
#include "models/commission/cs-market.h"
#include "models/world/cs-world.h"
#include "sim/sim-stats.h"

G_BEGIN_DECLS

/* Stream purposes (cs-world-private.h leaves 0x0500_0000..0x0FFF_FFFF to
 * the commissioning model); entities in brackets. */
enum
{
  CS_CSTREAM_NEEDS = 0x05000000,    /* + cycle: estimate errors (arr) */
  CS_CSTREAM_WEIGHTS = 0x06000000,  /* + cycle: decision noise (arr) */
  CS_CSTREAM_STAGE = 0x07000000,    /* + cycle: stage days (arr*16+stage) */
  CS_CSTREAM_TENDER = 0x08000000,   /* + (cycle << 8) + attempt: a
                                       tender (arr * 4096 + service) */
  CS_CSTREAM_CONTRACT = 0x09000000, /* + draw: contract years
                                       (arr * 4096 + service) */
  CS_CSTREAM_QA = 0x0A000000,       /* + review: QA (arr * 4096 + service) */
  CS_CSTREAM_REVIEW = 0x0B000000,   /* + review: monitoring days (arr) */
  CS_CSTREAM_INITIAL = 0x0C000000,  /* initial contracts' terms (service) */
};

#define CS_MAX_SERVICES 4096u
#define CS_MAX_CYCLES 65536u
#define CS_MAX_BANDS 6u

/* ---- Funding ------------------------------------------------------------ */

/* Who pays a contract: shares of its cost by ledger account and sector of
 * money (n = 0: nobody; the spend is unfunded). */
typedef struct
{
  guint n;
  guint *acc;
  CsSector *sector;
  double *share;
} CsMix;

void cs_mix_clear (CsMix *m);
void cs_mix_copy (CsMix *dst, const CsMix *src);
/* Add share to (acc, sector), merging with an existing entry. */
void cs_mix_add (CsMix *m, guint acc, CsSector s, double share);
/* Shares by sector (sum 1 unless n = 0). */
void cs_mix_sectors (const CsMix *m, double *by_sector);

/* A holder's yearly money aligned with an arrangement. */
typedef struct
{
  guint holder;
  CsSector sector;
  double gbp_per_year;
} CsAllot;

/* ---- Contracts and tenders ---------------------------------------------- */

typedef enum
{
  CS_CONTRACT_PENDING,
  CS_CONTRACT_LIVE,
  CS_CONTRACT_ENDED
} CsContractState;

typedef struct
{
  guint arr, service, provider; /* provider CS_NONE: none named */
  CsContractState state;
  double places;
  double price_rr, quality;
  double sanction; /* share of places used as a sanction */
  double start, end, year_end;
  guint commitment; /* ledger commitment while LIVE, else CS_NONE */
  CsMix mix;
  gboolean joint;
  gboolean flagged;  /* a review found its provider weak */
  guint replaces;    /* contract this one replaces, or CS_NONE */
  guint replacement; /* tender replacing this one, or CS_NONE */
  guint taken_from;  /* contract it took places over from, or CS_NONE */
  double handover;   /* places when handing over began (0: not begun) */
  SimHandle next;    /* pending contract_year event */
} CsContract;

typedef struct
{
  gboolean active;
  guint arr, service;
  double places;
  guint exclude;         /* provider that may not bid, or CS_NONE */
  guint replaces;        /* contract to replace, or CS_NONE */
  guint serial, attempt; /* serial: tenders of (arr, service) before it */
  double opened, days;
  SimRng rng;
} CsTender;

/* ---- Statistics --------------------------------------------------------- */

typedef struct
{
  double staff_cost, running_cost, transaction_cost, services_spend;
  double sanction_spend; /* part of services_spend: sanction places'
                            share of their contracts' spend */
  double stage_days[CS_N_CYCLE_STAGES]; /* days its stages took */
  double stage_cost[CS_N_CYCLE_STAGES]; /* their staff costs */
  guint64 needs_analyses, reviews, procurements, failures, no_bids, abandoned;
  guint64 contracts, renewals, variations, decommissions, qa_replacements;
  SimTally tender_days;
} CsArrStats;

/* Children of one place group in reach samples (sums over samples). */
typedef struct
{
  double samples, children, need, served, waiting;
} CsReach;

enum
{
  CS_REACH_ON_ROLL,
  CS_REACH_OUTSIDE, /* all four groups outside the roll */
  CS_REACH_KIND0,   /* + CsOutside */
  CS_N_REACH = CS_REACH_KIND0 + CS_N_OUTSIDE
};

/* ---- Arrangements -------------------------------------------------------- */

typedef struct
{
  const CsArrangement *p;
  guint index;
  guint fund;         /* ledger account of its pooled fund */
  double territory;   /* share of the area's pupils it plans for */
  double weight;      /* territory x share of the area's children in its
                         localities: its share of a service's demand is
                         weight / the sum over arrangements in scope */
  double orientation; /* member heads' roll-weighted orientation */
  double community;   /* exp(-member schools' roll-weighted distance_km /
                         community_sight_km), 1 without either */
  guint8 *schools;    /* member-school flags, or NULL (every school) */
  guint8 *locs;       /* locality flags */
  /* With school members: the flags of their localities (who its places
   * serve outside the roll, cs-contract.c). */
  guint8 *community_locs;
  double pool_income[CS_N_SECTORS]; /* per year */
  GArray *allots;                   /* CsAllot */
  double *contrib;     /* per member: pooled contributions this period, by
                          sector (n_members x CS_N_SECTORS) */
  double *contrib_all; /* the same, summed over observed periods */
  double aligned_income[CS_N_SECTORS];
  double income;           /* per year: pooled plus aligned */
  CsMix mix[CS_N_SECTORS]; /* funding of a service of each sector */
  CsMix mix_all;           /* funding of commissioning costs */
  guint cycle, reviews;
  gboolean planned;
  double planning_budget;
  double carried;     /* of planning_budget: unspent money carried forward */
  guint carry_close;  /* c->closes when priority setting last carried
                         unspent money forward (issue 13) */
  double *plan;       /* per service: planned places; NAN out of scope */
  double *need;       /* per service: estimated need it serves */
  double *demand;     /* per service: children a year to plan for */
  double *required;   /* per service: places */
  double *priority;   /* per service */
  double *cost_child; /* per service: observed cost per child served */
  double *snap_ref, *snap_spend, *snap_served; /* at the last analysis */
  /* Referrals it took as a buyer at the last analysis (NAN: it was not a
   * buyer then); with population="member_pupils" it plans from these. */
  double *snap_own;
  double snap_t;
  double *est;         /* bands x localities x domains x stages, estimated */
  double *raw;         /* the same as seen, before the estimation error */
  double charged_t;    /* running cost charged up to */
  CsArrStats stats[2]; /* period, observed run */
} CsArr;

/* ---- Services ------------------------------------------------------------ */

typedef struct
{
  double settled;      /* world spend already paid */
  gboolean contracted; /* some contract ever existed */
  CsMix last_mix;      /* pays spend after the last contract ended */
  gboolean joint_seen[2];
  /* The first time a joint contract for it was live while observing
   * (issue 15: the survey's dates); joint_first_set FALSE: never. */
  gboolean joint_first_set;
  double joint_first;
  double paid[2][CS_N_SECTORS];
} CsSvcMoney;

/* ---- The whole state ----------------------------------------------------- */

struct CsCommission
{
  CsWorld *w;
  SimEngine *eng;
  const CsParams *p;
  guint64 seed;
  guint32 replication;
  guint32 kind0;
  guint n_holders;
  CsLedger *ledger;
  CsArr *arrs;
  GArray *contracts; /* CsContract */
  GArray *tenders;   /* CsTender */
  CsSvcMoney *svc;
  double *used;        /* per provider: places in live and pending contracts */
  guint *tender_count; /* per (arr, service): tenders opened */
  guint *contract_draws; /* per (arr, service): contract lengths drawn */
  double *unalloc;       /* per holder x sector: share of the money it keeps
                            that no arrangement it is a member of is responsible
                            for (aligned with nobody: unspent) */
  double *unalloc_kept;  /* per holder x sector: money aligned with nobody
                            kept up to the last close (in its carry-over) */
  guint closes;          /* ledger periods closed */
  double unfunded[2];
  double paid_total, unfunded_total; /* services' spend since the start */
  double sanction_total;             /* of paid_total: sanction places' share */
  /* needs analysis */
  guint n_bands;
  guint band_lo[CS_MAX_BANDS], band_hi[CS_MAX_BANDS];
  double pop_age[CS_N_AGES];
  double *truth; /* full-sight counts, bands x localities x domains x stages */
  double truth_t;
  double *scope_weight;   /* per service: sum of the weights in scope */
  guint roll_lo, roll_hi; /* ages of the school roll (primary to secondary) */
  /* periods */
  double period_start;
  gboolean observing;
  gint year;            /* measurement year of the open period; 0: warm-up */
  CsLedgerTotals *last; /* per account: last closed period */
  CsLedgerTotals *all;  /* per account: sums over observed periods */
  guint observed_periods;
  CsReach reach[2][CS_N_REACH];
  SimResults *yearly;
};

/* ---- cs-plan.c ----------------------------------------------------------- */

/* Holders' budgets, pooled contributions and aligned allotments; the
 * funding of the services each arrangement holds at the start. */
void cs_plan_init_money (CsCommission *c);
/* Contributions for a period of `years` years: budgets in, pooled
 * shares across to the funds. */
void cs_plan_pay_budgets (CsCommission *c, double years);
/* Stages. */
void cs_plan_needs_analysis (CsCommission *c, CsArr *a);
void cs_plan_best_value (CsCommission *c, CsArr *a);
void cs_plan_gap_analysis (CsCommission *c, CsArr *a);
void cs_plan_priorities (CsCommission *c, CsArr *a);
/* After a ledger close (c->last filled): counts the close and the money
 * aligned with nobody that the holders kept in it. */
void cs_plan_year_closed (CsCommission *c);
/* Places a referral-access service needs for `demand` children a year with
 * episodes of mean `days` days so that an M/M/c queue waits at most
 * `target` days on average (Erlang C); target <= 0: the offered load. */
double cs_plan_places_for_wait (double demand, double days, double target);
/* Whether service i is in arrangement a's scope (tiers x sectors). */
double cs_plan_share (const CsCommission *c, const CsArr *a, guint i);
gboolean cs_plan_in_scope (const CsArr *a, const CsService *s);
/* Expected yearly cost of one place of service i at price price_rr. */
double cs_plan_place_cost (const CsService *s, double price_rr);
/* Joint commissioning as a decision about a service (issue 15): the
 * sectors whose money pays arrangement a's contracts for service sv in
 * equal shares: with a->p->joint_by_responsibility, those the service
 * serves (sv->serves) that are among a's sectors and hold money with it
 * (aligned or pooled), when there are two or more; else 0 (the service's
 * own sector's funding, a->mix[sv->sector]).  A service that serves one
 * sector only always gets 0. */
guint32 cs_plan_joint_sectors (const CsArr *a, const CsService *sv);
/* The funding of a new or renewed contract of a for sv: the mix of each
 * sector of cs_plan_joint_sectors() in equal shares, or a->mix[sector];
 * when a is sv's commissioner at the start and sv has an agreement in
 * force (sv->n_agreement, issue 15), its partners pay their shares of it
 * and that funding the rest. */
void cs_plan_contract_mix (const CsCommission *c, const CsArr *a,
                           const CsService *sv, CsMix *out);
/* Children with a need the estimate counts (sum over services in scope). */
double cs_plan_children_seen (const CsCommission *c, const CsArr *a);

/* ---- cs-contract.c ------------------------------------------------------- */

CsContract *cs_contract (CsCommission *c, guint k);
/* A new contract (PENDING), funded by its arrangement's mix for the
 * service's sector; returns its index. */
guint cs_contract_new (CsCommission *c, guint arr, guint service,
                       guint provider, double places, double price_rr,
                       double quality);
/* Start (LIVE from now until now + years), end, and change places. */
void cs_contract_start (CsCommission *c, guint k, double years);
void cs_contract_end (CsCommission *c, guint k);
void cs_contract_vary (CsCommission *c, guint k, double places);
/* Renew a LIVE contract for another term from its end. */
void cs_contract_renew (CsCommission *c, guint k, double places, double years);
/* Take over arrangement a's share of the contracts for services in its
 * scope held by arrangements whose scope excludes them (resource
 * mapping); returns the places taken over. */
double cs_contract_take_over (CsCommission *c, CsArr *a);
/* The contract-year event: reserve the next year, or decide at the end. */
void cs_contract_year (CsCommission *c, guint k);
/* Places of arrangement a in service i: live, and live + pending +
 * being tendered. */
double cs_contract_places (const CsCommission *c, guint arr, guint service,
                           gboolean committed);
/* The same summed over every service. */
double cs_contract_held (const CsCommission *c, guint arr, gboolean committed);
/* Pay the world's spend of service i (or all) up to now. */
void cs_contract_settle (CsCommission *c, guint service);
void cs_contract_settle_all (CsCommission *c);
/* Charge a commissioning cost to an arrangement. */
void cs_contract_charge (CsCommission *c, CsArr *a, double gbp);
/* Open a tender (its first attempt); returns its index. */
guint cs_contract_tender (CsCommission *c, guint arr, guint service,
                          double places, guint exclude, guint replaces);
void cs_contract_tender_end (CsCommission *c, guint t);
/* Draw a contract length in years for (arr, service). */
double cs_contract_years (CsCommission *c, guint arr, guint service);
/* Mark the services whose live contracts are joint as seen this period. */
void cs_contract_mark_joint (CsCommission *c);

/* ---- cs-commission-rows.c ------------------------------------------------ */

#define CS_SAMPLES_PER_YEAR 4

/* Reach sample j (at the middle of quarter-year j); schedules the next. */
void cs_commission_sample (CsCommission *c, guint j);
/* The rows of a period (which 0) or of the observed run (which 1), from
 * the ledger totals tot (per account). */
void cs_commission_rows (CsCommission *c, SimResults *out, gint year,
                         const CsLedgerTotals *tot, guint which);

/* ---- cs-commission.c (scheduling helpers for the other modules) ---------- */

/* Schedule commissioning event `kind` with a small payload. */
SimHandle cs_commission_schedule (CsCommission *c, double time, guint kind,
                                  guint arr, guint ref);
/* The same for a stage event that took `days` (recorded per stage). */
SimHandle cs_commission_schedule_stage (CsCommission *c, double time,
                                        guint kind, guint arr, guint ref,
                                        double days);
/* The next meeting of arrangement a at or after time t. */
double cs_commission_meeting (const CsArr *a, double t);
/* Flows of t added to sum; stocks of t copied (and its opening, first). */
void cs_commission_add_totals (CsLedgerTotals *sum, const CsLedgerTotals *t,
                               gboolean first);

/* The simulation clock (days); the world's is cs_world_now(). */
static inline double
cs_commission_now (const CsCommission *c)
{
  return sim_engine_now (c->eng);
}

G_END_DECLS
