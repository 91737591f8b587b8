/* cs-commission.c: the commissioning model's state, its events (the cycle,
 * reviews, contracts, financial periods, reach samples) and its rows.
 *
 * Time line of an arrangement (all parameters of CsArrangement):
 *  - cycle c starts at first_cycle_day + c x cycle_interval_days; each
 *    stage takes its cycle_days draw and costs its staff cost, and the
 *    event of a stage fires when the stage is done: needs analysis, best
 *    value, resource mapping (it takes over its share of contracts for
 *    services now in its scope from arrangements whose scope no longer
 *    includes them), gap analysis, priority setting (a decision:
 *    it waits for the next meeting, every meeting_interval_days from day
 *    0), service redesign, specification (places varied or decommissioned
 *    to the plan), procurement (a tender opens for every service whose
 *    plan exceeds what the arrangement holds or is buying);
 *  - a tender closes after its tender_days draw (cs-contract.c, cs-market.c);
 *    the award is a decision (next meeting), and the contract starts after
 *    the contracting stage's days (one contracting event per contract);
 *  - a review every monitoring_interval_days (first at that day) takes the
 *    monitoring stage's days and is decided at a meeting: each live
 *    contract whose provider's quality is below qa_quality_threshold is
 *    found with probability qa_detection and then re-tendered without
 *    that provider; the replacement ends it when it starts;
 *  - running_cost_gbp_per_year accrues and is charged at period ends.
 *
 * Financial periods end at warm-up + k years (every k with 0 < time <=
 * horizon) and at the horizon: spend is settled, the ledger checked
 * (exit 70 on a violation) and, for measurement years, rows kept; then
 * the next period's budgets are paid (pro rata to its length).  Reach
 * samples every quarter-year (at the middle of each quarter) record how
 * many children on and off the school roll with a need at
 * additional_needs_stage_min have an episode running for such a need
 * (cs-commission-rows.c, which also makes the rows).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-trace.h"
#include "models/commission/cs-commission-private.h"
#include "sim/sim-error.h"

#define EPS 1e-9

typedef struct
{
  guint kind;
  guint arr;
  guint ref;
  double days; /* a stage's own duration (time waiting for a meeting
                  excluded) */
} Payload;

SimHandle
cs_commission_schedule (CsCommission *c, double time, guint kind, guint arr,
                        guint ref)
{
  return cs_commission_schedule_stage (c, time, kind, arr, ref, 0.0);
}

SimHandle
cs_commission_schedule_stage (CsCommission *c, double time, guint kind,
                              guint arr, guint ref, double days)
{
  Payload *x = g_new (Payload, 1);

  x->kind = kind;
  x->arr = arr;
  x->ref = ref;
  x->days = days;
  return sim_engine_schedule_at (c->eng, MAX (time, cs_commission_now (c)),
                                 kind == CS_COMMISSION_KIND_LEDGER_YEAR
                                     ? CS_COMMISSION_PRIORITY_LEDGER
                                     : 0,
                                 c->kind0 + kind, x, g_free);
}

double
cs_commission_meeting (const CsArr *a, double t)
{
  double m = a->p->meeting_interval_days.value;

  return m > 0 ? ceil (t / m - EPS) * m : t;
}

/* ---- State -------------------------------------------------------------- */

static void
init_bands (CsCommission *c)
{
  const CsParams *p = c->p;
  guint cut[5], n = 0;
  guint lo = 0;

  cut[n++] = (guint)p->phases[CS_SCHOOL_PRIMARY].age_min.value;
  cut[n++] = (guint)p->phases[CS_SCHOOL_PRIMARY].age_max.value + 1;
  cut[n++] = (guint)p->phases[CS_SCHOOL_SECONDARY].age_min.value;
  cut[n++] = (guint)p->phases[CS_SCHOOL_SECONDARY].age_max.value + 1;
  cut[n++] = CS_N_AGES;
  c->n_bands = 0;
  for (guint a = 1; a <= CS_N_AGES; a++)
    {
      gboolean is_cut = FALSE;
      for (guint k = 0; k < n; k++)
        is_cut = is_cut || cut[k] == a;
      if (!is_cut || c->n_bands == CS_MAX_BANDS)
        continue;
      c->band_lo[c->n_bands] = lo;
      c->band_hi[c->n_bands] = a - 1;
      c->n_bands++;
      lo = a;
    }
  if (lo < CS_N_AGES) /* more cuts than bands: the rest in the last one */
    c->band_hi[c->n_bands - 1] = CS_N_AGES - 1;
  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      c->pop_age[a] += p->localities[l].children[a].value;
  c->roll_lo = (guint)p->phases[CS_SCHOOL_PRIMARY].age_min.value;
  c->roll_hi = (guint)p->phases[CS_SCHOOL_SECONDARY].age_max.value;
}

/* Share of the area's children living in the flagged localities. */
static double
locality_share (const CsParams *p, const guint8 *locs)
{
  double in = 0.0, all = 0.0;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint x = 0; x < CS_N_AGES; x++)
      {
        all += p->localities[l].children[x].value;
        in += locs[l] ? p->localities[l].children[x].value : 0.0;
      }
  return all > 0 ? in / all : 1.0;
}

static void
init_arr (CsCommission *c, guint i)
{
  const CsParams *p = c->p;
  CsArr *a = &c->arrs[i];
  gsize ns = MAX (1u, p->n_services);
  double rolls = 0.0, all = 0.0, orient = 0.0, dist = 0.0;
  double km = p->arrangements[i].community_sight_km.value;

  a->p = &p->arrangements[i];
  a->index = i;
  a->fund = c->n_holders + i;
  a->allots = g_array_new (FALSE, FALSE, sizeof (CsAllot));
  a->contrib = g_new0 (double, MAX (1u, a->p->n_members) * CS_N_SECTORS);
  a->contrib_all = g_new0 (double, MAX (1u, a->p->n_members) * CS_N_SECTORS);
  for (guint s = 0; s < p->n_schools; s++)
    all += p->schools[s].roll.value;
  for (guint m = 0; m < a->p->n_members; m++)
    if (a->p->members[m].kind == CS_MEMBER_SCHOOL)
      {
        const CsSchool *sc = &p->schools[a->p->members[m].index];
        if (!a->schools)
          a->schools = g_new0 (guint8, MAX (1u, p->n_schools));
        a->schools[a->p->members[m].index] = 1;
        if (!a->community_locs)
          a->community_locs = g_new0 (guint8, MAX (1u, p->n_localities));
        a->community_locs[sc->locality] = 1;
        rolls += sc->roll.value;
        orient += sc->roll.value * sc->orientation.value;
        dist += sc->roll.value * sc->distance_km.value;
      }
  a->territory = a->schools && all > 0 ? rolls / all : 1.0;
  a->orientation = rolls > 0 ? orient / rolls : 0.0;
  a->community = km > 0 && rolls > 0 ? exp (-dist / rolls / km) : 1.0;
  a->locs = g_new0 (guint8, MAX (1u, p->n_localities));
  for (guint l = 0; l < p->n_localities; l++)
    a->locs[l] = a->p->n_localities == 0;
  for (guint l = 0; l < a->p->n_localities; l++)
    a->locs[a->p->localities[l]] = 1;
  /* Its share of a service's demand: of its localities, and of their
   * pupils only when it serves its member schools' pupils. */
  a->weight = (a->p->serves_member_pupils ? a->territory : 1.0)
              * locality_share (p, a->locs);
  a->plan = g_new (double, ns);
  for (guint k = 0; k < ns; k++)
    a->plan[k] = NAN;
  a->need = g_new0 (double, ns);
  a->demand = g_new0 (double, ns);
  a->required = g_new0 (double, ns);
  a->priority = g_new0 (double, ns);
  a->cost_child = g_new0 (double, ns);
  a->snap_ref = g_new0 (double, ns);
  a->snap_own = g_new (double, ns);
  for (guint k = 0; k < ns; k++)
    a->snap_own[k] = NAN;
  a->snap_spend = g_new0 (double, ns);
  a->snap_served = g_new0 (double, ns);
  a->est = g_new0 (
      double,
      (gsize)c->n_bands * p->n_localities * CS_N_DOMAINS * CS_N_STAGES + 1);
  a->raw = g_new0 (
      double,
      (gsize)c->n_bands * p->n_localities * CS_N_DOMAINS * CS_N_STAGES + 1);
  for (guint k = 0; k < 2; k++)
    sim_tally_reset (&a->stats[k].tender_days);
}

static void
free_arr (CsArr *a)
{
  g_array_free (a->allots, TRUE);
  g_free (a->contrib);
  g_free (a->contrib_all);
  g_free (a->schools);
  g_free (a->locs);
  g_free (a->community_locs);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    cs_mix_clear (&a->mix[s]);
  cs_mix_clear (&a->mix_all);
  g_free (a->plan);
  g_free (a->need);
  g_free (a->demand);
  g_free (a->required);
  g_free (a->priority);
  g_free (a->cost_child);
  g_free (a->snap_ref);
  g_free (a->snap_own);
  g_free (a->snap_spend);
  g_free (a->snap_served);
  g_free (a->est);
  g_free (a->raw);
}

void
cs_commission_free (CsCommission *c)
{
  if (!c)
    return;
  for (guint i = 0; i < c->p->n_arrangements; i++)
    free_arr (&c->arrs[i]);
  g_free (c->arrs);
  for (guint k = 0; k < c->contracts->len; k++)
    cs_mix_clear (&cs_contract (c, k)->mix);
  g_array_free (c->contracts, TRUE);
  g_array_free (c->tenders, TRUE);
  for (guint i = 0; i < c->p->n_services; i++)
    cs_mix_clear (&c->svc[i].last_mix);
  g_free (c->svc);
  g_free (c->used);
  g_free (c->tender_count);
  g_free (c->contract_draws);
  g_free (c->truth);
  g_free (c->scope_weight);
  g_free (c->unalloc);
  g_free (c->unalloc_kept);
  g_free (c->last);
  g_free (c->all);
  sim_results_free (c->yearly);
  cs_ledger_free (c->ledger);
  g_free (c);
}

/* ---- Schedules ---------------------------------------------------------- */

static double
stage_days (CsCommission *c, CsArr *a, guint cycle, CsCycleStage s)
{
  SimRng rng;

  sim_rng_init (&rng, c->seed, c->replication,
                CS_CSTREAM_STAGE + MIN (cycle, CS_MAX_CYCLES - 1),
                a->index * 16 + s);
  return sim_dist_sample (&a->p->cycle[s].days.dist, &rng);
}

static void
schedule_cycle (CsCommission *c, CsArr *a, guint cycle)
{
  double start = c->p->commissioning.first_cycle_day.value
                 + a->p->start_delay_days.value
                 + cycle * a->p->cycle_interval_days.value;
  double days;

  if (cycle >= CS_MAX_CYCLES)
    return;
  days = stage_days (c, a, cycle, CS_CYCLE_NEEDS_ANALYSIS);
  cs_commission_schedule_stage (c, start + days, CS_CYCLE_NEEDS_ANALYSIS,
                                a->index, cycle, days);
}

static double
review_days (CsCommission *c, CsArr *a, guint review)
{
  SimRng rng;

  sim_rng_init (&rng, c->seed, c->replication,
                CS_CSTREAM_REVIEW + MIN (review, 0xFFFFFFu), a->index);
  return sim_dist_sample (&a->p->cycle[CS_CYCLE_MONITORING].days.dist, &rng);
}

static void
schedule_review (CsCommission *c, CsArr *a, guint review)
{
  double days = review_days (c, a, review);
  double t = (review + 1) * a->p->monitoring_interval_days.value + days;

  cs_commission_schedule_stage (c, cs_commission_meeting (a, t),
                                CS_CYCLE_MONITORING, a->index, review, days);
}

/* Period boundaries: warm-up + k years, k an integer, in (0, horizon]. */
static double
boundary (const CsCommission *c, gint k)
{
  return sim_engine_config (c->eng)->warmup_days + k * SIM_DAYS_PER_YEAR;
}

static gint
first_boundary (const CsCommission *c)
{
  gint k = (gint)floor (-sim_engine_config (c->eng)->warmup_days
                        / SIM_DAYS_PER_YEAR)
           + 1;

  while (boundary (c, k) <= EPS)
    k++;
  return k;
}

static void
open_period (CsCommission *c, gint k)
{
  double horizon = sim_engine_config (c->eng)->horizon_days;
  double end = MIN (boundary (c, k), horizon);

  c->period_start = cs_commission_now (c);
  c->year = k;
  cs_plan_pay_budgets (c, MAX (0.0, end - c->period_start) / SIM_DAYS_PER_YEAR);
  cs_contract_mark_joint (c);
  if (boundary (c, k) <= horizon + EPS)
    cs_commission_schedule (c, boundary (c, k), CS_COMMISSION_KIND_LEDGER_YEAR,
                            0, (guint)(k + (1 << 20)));
}

/* The contracts the scenario starts with: each service's fixed places,
 * from its commissioner and provider, for the rest of a term (a uniform
 * share of a contract_years draw). */
static void
initial_contracts (CsCommission *c)
{
  const CsParams *p = c->p;

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *s = &p->services[i];
      CsServiceReport r;
      SimRng rng;
      double u, years;
      guint k;
      if (s->commissioner == CS_NONE)
        continue;
      cs_world_service_report (c->w, i, &r);
      k = cs_contract_new (c, s->commissioner, i, s->provider, s->places.value,
                           r.price_rr, r.quality);
      sim_rng_init (&rng, c->seed, c->replication, CS_CSTREAM_INITIAL, i);
      u = sim_rng_uniform (&rng);
      years = u
              * sim_dist_sample (&p->arrangements[s->commissioner]
                                      .procurement.contract_years.dist,
                                 &rng);
      /* Costs of the episodes the population starts with are the
       * commissioner's too. */
      cs_mix_copy (&c->svc[i].last_mix, &cs_contract (c, k)->mix);
      cs_contract_start (c, k, years);
    }
}

static gboolean
check_limits (const CsParams *p, GError **error)
{
  if (p->n_services > CS_MAX_SERVICES || p->n_arrangements > (1u << 20))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "commissioning: at most %u services and %u arrangements "
                   "(the scenario has %u and %u)",
                   CS_MAX_SERVICES, 1u << 20, p->n_services, p->n_arrangements);
      return FALSE;
    }
  return TRUE;
}

CsCommission *
cs_commission_new (CsWorld *w, SimEngine *eng, guint32 first_kind,
                   GError **error)
{
  const CsParams *p = cs_world_params (w);
  const SimRunConfig *cfg = sim_engine_config (eng);
  CsCommission *c;
  gsize pairs = (gsize)MAX (1u, p->n_arrangements) * MAX (1u, p->n_services);

  if (!check_limits (p, error))
    return NULL;
  c = g_new0 (CsCommission, 1);
  c->w = w;
  c->eng = eng;
  c->p = p;
  c->seed = cfg->seed;
  c->replication = cfg->replication;
  c->kind0 = first_kind;
  c->n_holders = p->n_partners + p->n_schools;
  c->unalloc = g_new0 (double, (gsize)MAX (1u, c->n_holders) * CS_N_SECTORS);
  c->unalloc_kept
      = g_new0 (double, (gsize)MAX (1u, c->n_holders) * CS_N_SECTORS);
  c->ledger = cs_ledger_new (c->n_holders + p->n_arrangements);
  c->contracts = g_array_new (FALSE, TRUE, sizeof (CsContract));
  c->tenders = g_array_new (FALSE, TRUE, sizeof (CsTender));
  c->svc = g_new0 (CsSvcMoney, MAX (1u, p->n_services));
  c->used = g_new0 (double, MAX (1u, p->n_providers));
  c->tender_count = g_new0 (guint, pairs);
  c->contract_draws = g_new0 (guint, pairs);
  c->last = g_new0 (CsLedgerTotals, c->n_holders + p->n_arrangements + 1);
  c->all = g_new0 (CsLedgerTotals, c->n_holders + p->n_arrangements + 1);
  c->yearly = sim_results_new ();
  init_bands (c);
  c->truth = g_new0 (
      double,
      (gsize)c->n_bands * p->n_localities * CS_N_DOMAINS * CS_N_STAGES + 1);
  c->truth_t = -1.0;
  c->arrs = g_new0 (CsArr, MAX (1u, p->n_arrangements));
  for (guint i = 0; i < p->n_arrangements; i++)
    init_arr (c, i);
  c->scope_weight = g_new0 (double, MAX (1u, p->n_services));
  for (guint i = 0; i < p->n_services; i++)
    for (guint k = 0; k < p->n_arrangements; k++)
      if (cs_plan_in_scope (&c->arrs[k], &p->services[i]))
        c->scope_weight[i] += c->arrs[k].weight;
  cs_plan_init_money (c);
  open_period (c, first_boundary (c));
  initial_contracts (c);
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      schedule_cycle (c, &c->arrs[i], 0);
      schedule_review (c, &c->arrs[i], 0);
    }
  if (p->n_arrangements > 0) /* nobody commissions: nothing to observe */
    cs_commission_schedule (c, 0.5 * SIM_DAYS_PER_YEAR / CS_SAMPLES_PER_YEAR,
                            CS_COMMISSION_KIND_SAMPLE, 0, 0);
  return c;
}

CsLedger *
cs_commission_ledger (CsCommission *c)
{
  return c->ledger;
}

guint
cs_commission_partner_account (const CsCommission *c, guint partner)
{
  g_return_val_if_fail (partner < c->p->n_partners, CS_NONE);
  return partner;
}

guint
cs_commission_school_account (const CsCommission *c, guint school)
{
  g_return_val_if_fail (school < c->p->n_schools, CS_NONE);
  return c->p->n_partners + school;
}

guint
cs_commission_fund_account (const CsCommission *c, guint arrangement)
{
  g_return_val_if_fail (arrangement < c->p->n_arrangements, CS_NONE);
  return c->n_holders + arrangement;
}

void
cs_commission_money (const CsCommission *c, double *paid, double *unfunded,
                     double *sanction)
{
  *paid = c->paid_total;
  *unfunded = c->unfunded_total;
  *sanction = c->sanction_total;
}

void
cs_commission_needs_view (const CsCommission *c, guint arr, guint stage_min,
                          CsNeedsView *out)
{
  const CsArr *a;
  gsize cells = (gsize)c->p->n_localities * CS_N_DOMAINS * CS_N_STAGES;

  memset (out, 0, sizeof *out);
  g_return_if_fail (arr < c->p->n_arrangements);
  a = &c->arrs[arr];
  for (guint b = 0; b < c->n_bands; b++)
    for (guint l = 0; l < c->p->n_localities; l++)
      for (guint d = 0; d < CS_N_DOMAINS && a->locs[l]; d++)
        for (guint s = 0; s < CS_N_STAGES; s++)
          {
            gsize k
                = b * cells + ((gsize)l * CS_N_DOMAINS + d) * CS_N_STAGES + s;
            if (d == 0)
              {
                out->children_seen += a->raw[k];
                out->children_estimate += a->est[k];
              }
            if (s >= stage_min)
              {
                out->seen[d] += a->raw[k];
                out->estimate[d] += a->est[k];
              }
          }
}

void
cs_commission_plan_view (const CsCommission *c, guint arr, guint service,
                         double *planned, double *priority, double *held)
{
  g_return_if_fail (arr < c->p->n_arrangements && service < c->p->n_services);
  *planned = c->arrs[arr].plan[service];
  *priority = c->arrs[arr].priority[service];
  *held = cs_contract_places (c, arr, service, TRUE);
}

/* The observation starts: a joint contract live now counts from now
 * (issue 15: an agreement in force at the selection is joint from day
 * 0, not from the next period or renewal). */
void
cs_commission_warmup_end (CsCommission *c)
{
  c->observing = TRUE;
  cs_contract_mark_joint (c);
}

/* ---- Costs --------------------------------------------------------------- */

static void
staff_cost (CsCommission *c, CsArr *a, CsCycleStage s, double days)
{
  double x = a->p->cycle[s].staff_cost_gbp.value;

  a->stats[0].staff_cost += x;
  a->stats[0].stage_cost[s] += x;
  a->stats[0].stage_days[s] += days;
  cs_contract_charge (c, a, x);
}

static void
running_costs (CsCommission *c)
{
  double now = cs_commission_now (c);

  for (guint i = 0; i < c->p->n_arrangements; i++)
    {
      CsArr *a = &c->arrs[i];
      double x = a->p->running_cost_gbp_per_year.value * (now - a->charged_t)
                 / SIM_DAYS_PER_YEAR;
      a->stats[0].running_cost += x;
      cs_contract_charge (c, a, x);
      a->charged_t = now;
    }
}

/* ---- The cycle ----------------------------------------------------------- */

/* Schedule stage s of a's current cycle after its days (and the next
 * meeting for a decision). */
static void
next_stage (CsCommission *c, CsArr *a, CsCycleStage s)
{
  double days = stage_days (c, a, a->cycle, s);
  double t = cs_commission_now (c) + days;

  if (s == CS_CYCLE_PRIORITY_SETTING)
    t = cs_commission_meeting (a, t);
  cs_commission_schedule_stage (c, t, s, a->index, a->cycle, days);
}

static void
on_needs_analysis (CsCommission *c, CsArr *a, guint cycle)
{
  double cv = c->p->commissioning.estimate_cv_at_zero_capacity.value
              * (1.0 - a->p->analytic_capacity.value);

  a->cycle = cycle;
  a->stats[0].needs_analyses++;
  schedule_cycle (c, a, cycle + 1);
  cs_plan_needs_analysis (c, a);
  cs_trace_say (
      c->eng, c->p, a->p->id, -1, NULL,
      &(CsTraceFacts){
          .what = CS_TRACE_NEEDS_ANALYSIS,
          .u.needs = { cycle + 1, cs_plan_children_seen (c, a), 100.0 * cv } });
  next_stage (c, a, CS_CYCLE_BEST_VALUE);
}

static void
on_gap_analysis (CsCommission *c, CsArr *a)
{
  double need = 0.0, places = 0.0, have = 0.0;

  cs_plan_gap_analysis (c, a);
  for (guint i = 0; i < c->p->n_services; i++)
    if (cs_plan_in_scope (a, &c->p->services[i]))
      {
        CsServiceReport r;
        cs_world_service_report (c->w, i, &r);
        need += a->need[i];
        places += a->required[i];
        have += r.places;
      }
  cs_trace_say (c->eng, c->p, a->p->id, -1, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_GAP_ANALYSIS,
                                 .u.gap = { need, places, have } });
}

static void
on_priorities (CsCommission *c, CsArr *a)
{
  double planned = 0.0;
  guint n = 0;

  cs_plan_priorities (c, a);
  for (guint i = 0; i < c->p->n_services; i++)
    if (a->plan[i] >= 0.5)
      {
        planned += a->plan[i];
        n++;
      }
  cs_trace_say (
      c->eng, c->p, a->p->id, -1, NULL,
      &(CsTraceFacts){ .what = CS_TRACE_PRIORITY_SETTING,
                       .u.priorities = { a->planning_budget, planned, n } });
}

static void
on_redesign (CsCommission *c, CsArr *a)
{
  guint grow = 0, shrink = 0, close = 0;

  for (guint i = 0; i < c->p->n_services; i++)
    {
      double have = cs_contract_places (c, a->index, i, TRUE);
      if (isnan (a->plan[i]))
        continue;
      if (a->plan[i] < 0.5 && have > 0)
        close++;
      else if (a->plan[i] >= have + 1.0)
        grow++;
      else if (a->plan[i] <= have - 1.0)
        shrink++;
    }
  cs_trace_say (c->eng, c->p, a->p->id, -1, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_SERVICE_REDESIGN,
                                 .u.redesign = { grow, shrink, close } });
}

/* Vary a's live contracts of service i to fit its plan. */
static void
fit_to_plan (CsCommission *c, CsArr *a, guint i)
{
  double live = cs_contract_places (c, a->index, i, FALSE);
  double committed = cs_contract_places (c, a->index, i, TRUE);
  double target = MAX (0.0, a->plan[i] - (committed - live));

  if (live <= 0 || committed <= a->plan[i] + 0.5)
    return;
  for (guint k = 0; k < c->contracts->len; k++)
    {
      CsContract *x = cs_contract (c, k);
      if (x->arr != a->index || x->service != i || x->state != CS_CONTRACT_LIVE)
        continue;
      if (target < 0.5)
        {
          a->stats[0].decommissions++;
          cs_contract_end (c, k);
        }
      else
        {
          a->stats[0].variations++;
          cs_contract_vary (c, k, round (x->places * target / live));
        }
    }
}

static void
on_specification (CsCommission *c, CsArr *a)
{
  for (guint i = 0; i < c->p->n_services; i++)
    if (!isnan (a->plan[i]))
      fit_to_plan (c, a, i);
  cs_trace_say (
      c->eng, c->p, a->p->id, -1, NULL,
      &(CsTraceFacts){ .what = CS_TRACE_SPECIFICATION,
                       .u.places = { cs_contract_held (c, a->index, FALSE) } });
}

static void
on_procurement (CsCommission *c, CsArr *a)
{
  guint n = 0;

  for (guint i = 0; i < c->p->n_services; i++)
    {
      double gap;
      if (isnan (a->plan[i]))
        continue;
      gap = a->plan[i] - cs_contract_places (c, a->index, i, TRUE);
      if (gap >= 1.0)
        {
          cs_contract_tender (c, a->index, i, round (gap), CS_NONE, CS_NONE);
          n++;
        }
    }
  cs_trace_say (
      c->eng, c->p, a->p->id, -1, NULL,
      &(CsTraceFacts){ .what = CS_TRACE_PROCUREMENT, .u.procurement = { n } });
}

static void
on_contracting (CsCommission *c, CsArr *a, guint k, double days)
{
  CsContract *x = cs_contract (c, k);
  guint old = x->replaces;

  if (x->state != CS_CONTRACT_PENDING)
    return;
  a->stats[0].contracts++;
  staff_cost (c, a, CS_CYCLE_CONTRACTING, days);
  cs_contract_start (c, k, cs_contract_years (c, a->index, x->service));
  x = cs_contract (c, k);
  if (sim_engine_get_trace (c->eng, NULL))
    {
      CsTraceFacts f = { .what = CS_TRACE_CONTRACT_STARTED,
                         .u.contract = { x->provider,
                                         x->places,
                                         x->end,
                                         c->p->services[x->service].sector,
                                         { 0.0 },
                                         0.0,
                                         x->joint } };
      cs_mix_sectors (&x->mix, f.u.contract.paid_by);
      for (guint j = 0; j < x->mix.n; j++)
        if (x->mix.acc[j] == a->fund)
          f.u.contract.pooled += x->mix.share[j];
      cs_trace_say (c->eng, c->p, a->p->id, -1, c->p->services[x->service].id,
                    &f);
    }
  if (old != CS_NONE && cs_contract (c, old)->state == CS_CONTRACT_LIVE)
    {
      a->stats[0].qa_replacements++;
      cs_contract_end (c, old);
    }
}

/* A review: QA of a's live contracts, service by service. */
static void
on_review (CsCommission *c, CsArr *a, guint review, double days)
{
  const CsArrangement *ap = a->p;
  guint found = 0, live = 0;

  a->stats[0].reviews++;
  staff_cost (c, a, CS_CYCLE_MONITORING, days);
  schedule_review (c, a, review + 1);
  for (guint i = 0; i < c->p->n_services; i++)
    {
      SimRng rng;
      sim_rng_init (&rng, c->seed, c->replication,
                    CS_CSTREAM_QA + MIN (review, 0xFFFFFFu),
                    a->index * CS_MAX_SERVICES + i);
      for (guint k = 0; k < c->contracts->len; k++)
        {
          CsContract *x = cs_contract (c, k);
          double u;
          if (x->arr != a->index || x->service != i
              || x->state != CS_CONTRACT_LIVE)
            continue;
          live++;
          u = sim_rng_uniform (&rng);
          if (x->flagged || x->provider == CS_NONE
              || !(x->quality < ap->qa_quality_threshold.value)
              || !(u < ap->qa_detection.value))
            continue;
          x->flagged = TRUE;
          found++;
          cs_contract_tender (c, a->index, i, x->places, x->provider, k);
        }
    }
  cs_trace_say (c->eng, c->p, a->p->id, -1, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_REVIEW,
                                 .u.review = { review + 1, live, found } });
}

static void
on_stage (CsCommission *c, CsArr *a, CsCycleStage s, guint ref, double days)
{
  if (s != CS_CYCLE_CONTRACTING && s != CS_CYCLE_MONITORING)
    staff_cost (c, a, s, days);
  switch (s)
    {
    case CS_CYCLE_NEEDS_ANALYSIS:
      on_needs_analysis (c, a, ref);
      return;
    case CS_CYCLE_BEST_VALUE:
      cs_plan_best_value (c, a);
      cs_trace_say (c->eng, c->p, a->p->id, -1, NULL,
                    &(CsTraceFacts){ .what = CS_TRACE_BEST_VALUE });
      break;
    case CS_CYCLE_RESOURCE_MAPPING:
      {
        double taken = cs_contract_take_over (c, a);
        cs_trace_say (c->eng, c->p, a->p->id, -1, NULL,
                      &(CsTraceFacts){
                          .what = CS_TRACE_RESOURCE_MAPPING,
                          .u.mapping = { cs_contract_held (c, a->index, FALSE),
                                         taken, a->income } });
      }
      break;
    case CS_CYCLE_GAP_ANALYSIS:
      on_gap_analysis (c, a);
      break;
    case CS_CYCLE_PRIORITY_SETTING:
      on_priorities (c, a);
      break;
    case CS_CYCLE_SERVICE_REDESIGN:
      on_redesign (c, a);
      break;
    case CS_CYCLE_SPECIFICATION:
      on_specification (c, a);
      break;
    case CS_CYCLE_PROCUREMENT:
      on_procurement (c, a);
      return;
    case CS_CYCLE_CONTRACTING:
      on_contracting (c, a, ref, days);
      return;
    case CS_CYCLE_MONITORING:
      on_review (c, a, ref, days);
      return;
    default:
      g_assert_not_reached ();
    }
  next_stage (c, a, s + 1);
}

/* ---- Financial periods --------------------------------------------------- */

void
cs_commission_add_totals (CsLedgerTotals *sum, const CsLedgerTotals *t,
                          gboolean first)
{
  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      if (first)
        sum->opening[s] = t->opening[s];
      sum->income[s] += t->income[s];
      sum->transfer_in[s] += t->transfer_in[s];
      sum->transfer_out[s] += t->transfer_out[s];
      for (guint k = 0; k < CS_N_SPENDS; k++)
        sum->spend[k][s] += t->spend[k][s];
      sum->commitments[s] = t->commitments[s];
      sum->carry_over[s] = t->carry_over[s];
    }
}

static void
add_stats (CsArrStats *sum, const CsArrStats *x)
{
  SimTally t = sum->tender_days;

  sim_tally_merge (&t, &x->tender_days);
  sum->staff_cost += x->staff_cost;
  sum->running_cost += x->running_cost;
  sum->transaction_cost += x->transaction_cost;
  sum->services_spend += x->services_spend;
  sum->sanction_spend += x->sanction_spend;
  for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
    {
      sum->stage_cost[s] += x->stage_cost[s];
      sum->stage_days[s] += x->stage_days[s];
    }
  sum->needs_analyses += x->needs_analyses;
  sum->reviews += x->reviews;
  sum->procurements += x->procurements;
  sum->failures += x->failures;
  sum->no_bids += x->no_bids;
  sum->abandoned += x->abandoned;
  sum->contracts += x->contracts;
  sum->renewals += x->renewals;
  sum->variations += x->variations;
  sum->decommissions += x->decommissions;
  sum->qa_replacements += x->qa_replacements;
  sum->tender_days = t;
}

/* Fold the closed period into the observed run's sums. */
static void
accumulate (CsCommission *c)
{
  const CsParams *p = c->p;
  guint n = c->n_holders + p->n_arrangements;

  for (guint a = 0; a < n; a++)
    cs_commission_add_totals (&c->all[a], &c->last[a],
                              c->observed_periods == 0);
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      CsArr *a = &c->arrs[i];
      add_stats (&a->stats[1], &a->stats[0]);
      for (guint k = 0; k < a->p->n_members * CS_N_SECTORS; k++)
        a->contrib_all[k] += a->contrib[k];
    }
  for (guint i = 0; i < p->n_services; i++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      c->svc[i].paid[1][s] += c->svc[i].paid[0][s];
  for (guint g = 0; g < CS_N_REACH; g++)
    {
      CsReach *t = &c->reach[1][g];
      const CsReach *x = &c->reach[0][g];
      t->samples += x->samples;
      t->children += x->children;
      t->need += x->need;
      t->served += x->served;
      t->waiting += x->waiting;
    }
  c->unfunded[1] += c->unfunded[0];
  c->observed_periods++;
}

static void
reset_period (CsCommission *c)
{
  for (guint i = 0; i < c->p->n_arrangements; i++)
    {
      CsArr *a = &c->arrs[i];
      memset (&a->stats[0], 0, sizeof a->stats[0]);
      sim_tally_reset (&a->stats[0].tender_days);
      memset (a->contrib, 0, a->p->n_members * CS_N_SECTORS * sizeof (double));
    }
  for (guint i = 0; i < c->p->n_services; i++)
    {
      memset (c->svc[i].paid[0], 0, sizeof c->svc[i].paid[0]);
      c->svc[i].joint_seen[0] = FALSE;
    }
  memset (c->reach[0], 0, sizeof c->reach[0]);
  c->unfunded[0] = 0.0;
}

/* Close the open period: settle, charge, check; keep its rows when it is
 * a measurement year (year > 0) and fold it into "all" when observed. */
static gboolean
close_period (CsCommission *c, gint year, GError **error)
{
  double warm = sim_engine_config (c->eng)->warmup_days;
  gboolean observed = c->period_start >= warm - EPS;

  cs_contract_settle_all (c);
  running_costs (c);
  if (!cs_ledger_close (c->ledger, c->last, error))
    {
      g_prefix_error (error, "day %.2f: ", cs_commission_now (c));
      return FALSE;
    }
  cs_plan_year_closed (c);
  if (observed)
    {
      if (year > 0)
        cs_commission_rows (c, c->yearly, year, c->last, 0);
      accumulate (c);
    }
  reset_period (c);
  return TRUE;
}

static void
on_ledger_year (CsCommission *c, guint ref)
{
  g_autoptr (GError) error = NULL;
  gint k = (gint)ref - (1 << 20);

  if (!close_period (c, k, &error))
    {
      sim_engine_fail (c->eng, "%s", error->message);
      return;
    }
  cs_trace_say (c->eng, c->p, NULL, -1, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_LEDGER_CLOSED });
  open_period (c, k + 1);
}

/* ---- Dispatch ------------------------------------------------------------ */

void
cs_commission_event (CsCommission *c, gpointer payload)
{
  const Payload *x = payload;
  CsArr *a = x->arr < c->p->n_arrangements ? &c->arrs[x->arr] : NULL;

  if (x->kind < CS_N_CYCLE_STAGES)
    {
      g_assert (a != NULL);
      on_stage (c, a, (CsCycleStage)x->kind, x->ref, x->days);
      return;
    }
  switch ((CsCommissionKind)x->kind)
    {
    case CS_COMMISSION_KIND_TENDER_END:
      cs_contract_tender_end (c, x->ref);
      break;
    case CS_COMMISSION_KIND_CONTRACT_YEAR:
      cs_contract_year (c, x->ref);
      break;
    case CS_COMMISSION_KIND_LEDGER_YEAR:
      on_ledger_year (c, x->ref);
      break;
    case CS_COMMISSION_KIND_SAMPLE:
      cs_commission_sample (c, x->ref);
      break;
    default:
      g_assert_not_reached ();
    }
}

gboolean
cs_commission_finish (CsCommission *c, SimResults *out, GError **error)
{
  if (cs_commission_now (c) > c->period_start + EPS
      && !close_period (c, 0, error)) /* a trailing part-year: "all" only */
    return FALSE;
  for (gsize i = 0; i < sim_results_len (c->yearly); i++)
    {
      const SimResultRow *r = sim_results_row (c->yearly, i);
      sim_results_add (out, r->year, r->group, r->measure, r->value);
    }
  cs_commission_rows (c, out, SIM_YEAR_ALL, c->all, 1);
  return TRUE;
}
