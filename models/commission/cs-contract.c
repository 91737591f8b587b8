/* cs-contract.c: contracts, tenders and the settling of services' spend.
 *
 * A contract gives a service places from a provider at the provider's
 * price and quality, for a term drawn from contract_years, funded by its
 * arrangement's mix (cs-plan.c).  At the start of each contract year it
 * reserves the year's expected cost (places x the cost of a place at its
 * price) in the ledger; spend is drawn from that reservation first.
 *
 * What the world sees of a service (refresh): each arrangement holding
 * live contracts for it is a buyer of its places (cs_world_set_buyers,
 * in the order of the arrangements), so places belong to their buyer
 * (issue 13): its places = the sum of its live contracts' places; of
 * them, for a referral-access service, places x sanction_use are used as
 * a sanction or last resort (pupils school staff refer for a conduct
 * need at its sanction_conduct_stage_min, not children by need;
 * open-access services take no referrals, so sanction use does not apply
 * to them); its places serve its population: with school members, their
 * pupils and the children outside the roll it reaches (reach_outside >
 * 0) who live in its member schools' localities; without, the children
 * of its localities (the whole area without any); referrals from its
 * referral_sources; children who meet the criteria it adds.  All of this
 * comes from the arrangement's data, never from its type.  Quality,
 * price and continuity (the provider's; 1 without one) = places-weighted
 * means over the service's live contracts; the service takes referrals
 * from its own referrers that reach at least one buyer.
 *
 * At a contract's end (issue 5, monitoring and review: renew, vary or
 * decommission): a holder whose scope still includes the service renews
 * it for a new term with its share of the places last planned (0:
 * decommissioned); before its first plan it renews as it is; a flagged
 * contract (weak provider) whose replacement is still being tendered runs
 * on for one review interval.  A holder whose scope no longer includes
 * the service (the services moved to another arrangement) hands it over:
 * at its resource mapping, each arrangement whose scope includes the
 * service takes over its share (by weight, cs-plan.c) of the places, with
 * the same provider, price and end date, paid from its own purse; the
 * holder's contract runs on for one review interval at a time until
 * every such arrangement has planned, then ends; with nobody else in
 * scope it is renewed as it is.
 *
 * Settling: the world's spend of a service since the last settling is
 * split between its live contracts by their places, and paid by each
 * contract's funders; a contract's sanction share of its part is counted
 * as sanction spend (part of services spend).  Spend when no contract is
 * live (episodes still running after a cut) is paid by the funders of the
 * last contract, or is unfunded if the service never had one.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-trace.h"
#include "models/commission/cs-commission-private.h"

#define EPS 1e-9

CsContract *
cs_contract (CsCommission *c, guint k)
{
  g_assert (k < c->contracts->len);
  return &g_array_index (c->contracts, CsContract, k);
}

static guint
pair (const CsCommission *c, guint arr, guint service)
{
  return arr * c->p->n_services + service;
}

static gboolean
mix_is_joint (const CsCommission *c, const CsMix *m)
{
  double by[CS_N_SECTORS];
  double min = c->p->commissioning.joint_min_share.value;
  guint n = 0;

  cs_mix_sectors (m, by);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    if (by[s] > 1e-12 && by[s] >= min)
      n++;
  return n >= 2;
}

/* ---- Paying -------------------------------------------------------------- */

/* Pay gbp of service spend (of which `sanction` for sanction places). */
static void
pay (CsCommission *c, guint service, const CsMix *m, guint commitment,
     guint arr, double gbp, double sanction)
{
  CsSvcMoney *sm = &c->svc[service];

  if (!(gbp > 0))
    return;
  if (m->n == 0)
    {
      c->unfunded[0] += gbp;
      c->unfunded_total += gbp;
      return;
    }
  c->paid_total += gbp;
  c->sanction_total += sanction;
  if (arr != CS_NONE)
    c->arrs[arr].stats[0].sanction_spend += sanction;
  for (guint k = 0; k < m->n; k++)
    {
      double x = gbp * m->share[k];
      cs_ledger_spend (c->ledger, commitment, m->acc[k], m->sector[k],
                       CS_SPEND_SERVICES, x);
      sm->paid[0][m->sector[k]] += x;
    }
  if (arr != CS_NONE)
    c->arrs[arr].stats[0].services_spend += gbp;
}

void
cs_contract_charge (CsCommission *c, CsArr *a, double gbp)
{
  if (!(gbp > 0))
    return;
  if (a->mix_all.n == 0)
    {
      c->unfunded[0] += gbp;
      return;
    }
  for (guint k = 0; k < a->mix_all.n; k++)
    cs_ledger_spend (c->ledger, CS_NONE, a->mix_all.acc[k],
                     a->mix_all.sector[k], CS_SPEND_COMMISSIONING,
                     gbp * a->mix_all.share[k]);
}

void
cs_contract_settle (CsCommission *c, guint service)
{
  CsSvcMoney *sm = &c->svc[service];
  const CsService *s = &c->p->services[service];
  CsServiceReport r;
  double delta, all = 0.0;
  guint first = CS_NONE;

  cs_world_service_report (c->w, service, &r);
  delta = MAX (0.0, r.spend_gbp - sm->settled);
  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *x = cs_contract (c, k);
      if (x->service != service || x->state != CS_CONTRACT_LIVE)
        continue;
      all += x->places;
      if (first == CS_NONE)
        first = k;
    }
  for (guint k = 0; k < c->contracts->len && first != CS_NONE; k++)
    {
      CsContract *x = cs_contract (c, k);
      double part;
      if (x->service != service || x->state != CS_CONTRACT_LIVE)
        continue;
      part = delta * (all > 0 ? x->places / all : (k == first));
      pay (c, service, &x->mix, x->commitment, x->arr, part,
           s->access == CS_ACCESS_REFERRAL ? part * x->sanction : 0.0);
    }
  if (first == CS_NONE)
    pay (c, service, &sm->last_mix, CS_NONE, CS_NONE, delta, 0.0);
  sm->settled = r.spend_gbp;
}

void
cs_contract_settle_all (CsCommission *c)
{
  for (guint i = 0; i < c->p->n_services; i++)
    cs_contract_settle (c, i);
}

/* ---- What the world sees ------------------------------------------------- */

static gboolean
neutral (const CsEligibility *e)
{
  return e->age_min.value <= 0 && e->age_max.value >= CS_N_AGES - 1
         && e->stage_min.value <= 0 && e->domains == (CS_BIT (CS_N_DOMAINS) - 1)
         && !e->on_roll_only && !e->looked_after_only
         && e->deprivation_min.value <= 0;
}

/* The buyer of service i's places that arrangement a is: its live
 * contracts' places (and those used as a sanction), whom they serve
 * (cs_world_set_buyers): with population="member_pupils", its member
 * schools' pupils and the children outside the roll it reaches
 * (reach_outside > 0) in its member schools' localities; otherwise the
 * children of its localities; its referral sources and its criteria. */
static CsBuyer
buyer_of (const CsCommission *c, const CsArr *a, double places, double sanction)
{
  const CsArrangement *ap = a->p;
  CsBuyer b = { .key = a->index,
                .places = places,
                .sanction_places = sanction,
                .referrers = ap->referral_sources,
                .schools = ap->serves_member_pupils ? a->schools : NULL,
                .extra = neutral (&ap->eligibility) ? NULL : &ap->eligibility };

  (void)c;
  if (sanction > 0)
    b.sanction_stage_min = (guint)ap->sanction_conduct_stage_min.value;
  if (b.schools)
    {
      b.localities = a->community_locs;
      for (guint k = 0; k < CS_N_OUTSIDE; k++)
        if (ap->reach_outside[k].value > 0)
          b.outside |= CS_BIT (k);
    }
  else if (ap->n_localities > 0)
    b.localities = a->locs;
  return b;
}

/* Push service i's contracts to the world (after settling it): each
 * arrangement with live contracts is a buyer of its places, in the
 * order of the arrangements. */
static void
refresh (CsCommission *c, guint i)
{
  const CsService *s = &c->p->services[i];
  guint na = c->p->n_arrangements;
  double places = 0.0, q = 0.0, price = 0.0, keep = 0.0;
  g_autofree double *bought = g_new0 (double, MAX (1u, na));
  g_autofree double *sanction = g_new0 (double, MAX (1u, na));
  g_autofree guint8 *holds = g_new0 (guint8, MAX (1u, na));
  g_autofree CsBuyer *buyers = g_new0 (CsBuyer, MAX (1u, na));
  guint n = 0;

  if (!c->svc[i].contracted)
    return;
  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *x = cs_contract (c, k);
      if (x->service != i || x->state != CS_CONTRACT_LIVE)
        continue;
      holds[x->arr] = 1;
      bought[x->arr] += x->places;
      places += x->places;
      if (s->access == CS_ACCESS_REFERRAL && x->sanction > 0)
        sanction[x->arr] += x->places * x->sanction;
      q += x->places * x->quality;
      price += x->places * x->price_rr;
      keep += x->places
              * (x->provider != CS_NONE
                     ? c->p->providers[x->provider].continuity.value
                     : 1.0);
    }
  for (guint a = 0; a < na; a++)
    if (holds[a])
      buyers[n++] = buyer_of (c, &c->arrs[a], bought[a], sanction[a]);
  if (n > 0 && places > 0)
    {
      cs_world_set_quality (c->w, i, q / places);
      cs_world_set_price_rr (c->w, i, price / places);
      cs_world_set_continuity (c->w, i, keep / places);
    }
  cs_world_set_buyers (c->w, i, n, buyers);
}

/* ---- Contracts ----------------------------------------------------------- */

guint
cs_contract_new (CsCommission *c, guint arr, guint service, guint provider,
                 double places, double price_rr, double quality)
{
  CsArr *a = &c->arrs[arr];
  CsContract x;

  memset (&x, 0, sizeof x);
  x.arr = arr;
  x.service = service;
  x.provider = provider;
  x.state = CS_CONTRACT_PENDING;
  x.places = places;
  x.price_rr = price_rr;
  x.quality = quality;
  x.sanction = a->p->sanction_use.value;
  x.commitment = CS_NONE;
  x.replaces = x.replacement = x.taken_from = CS_NONE;
  x.next = SIM_HANDLE_NONE;
  cs_plan_contract_mix (c, a, &c->p->services[service], &x.mix);
  x.joint = mix_is_joint (c, &x.mix);
  if (provider != CS_NONE)
    c->used[provider] += places;
  g_array_append_val (c->contracts, x);
  return c->contracts->len - 1;
}

/* Reserve the cost of the contract year starting now. */
static void
reserve_year (CsCommission *c, guint k)
{
  CsContract *x = cs_contract (c, k);
  double now = cs_commission_now (c);
  double cost;

  x->year_end = MIN (x->end, now + SIM_DAYS_PER_YEAR);
  cost = x->places
         * cs_plan_place_cost (&c->p->services[x->service], x->price_rr)
         * (x->year_end - now) / SIM_DAYS_PER_YEAR;
  if (x->commitment != CS_NONE)
    cs_ledger_release (c->ledger, x->commitment);
  x->commitment = CS_NONE;
  x->next = cs_commission_schedule (
      c, x->year_end, CS_COMMISSION_KIND_CONTRACT_YEAR, x->arr, k);
  if (x->mix.n == 0) /* nobody pays: nothing to reserve */
    return;
  x->commitment = cs_ledger_commitment_new (c->ledger);
  for (guint m = 0; m < x->mix.n; m++)
    cs_ledger_commit (c->ledger, x->commitment, x->mix.acc[m], x->mix.sector[m],
                      cost * x->mix.share[m]);
}

static void
seen_joint (CsCommission *c, const CsContract *x)
{
  if (x->joint)
    {
      c->svc[x->service].joint_seen[0] = TRUE;
      CsSvcMoney *sm = &c->svc[x->service];
      if (c->observing)
        sm->joint_seen[1] = TRUE;
      if (c->observing && !sm->joint_first_set)
        {
          sm->joint_first_set = TRUE;
          sm->joint_first = cs_commission_now (c);
        }
    }
}

void
cs_contract_start (CsCommission *c, guint k, double years)
{
  CsContract *x = cs_contract (c, k);
  guint i = x->service;

  cs_contract_settle (c, i);
  x->state = CS_CONTRACT_LIVE;
  x->start = cs_commission_now (c);
  x->end = x->start + MAX (1.0, years * SIM_DAYS_PER_YEAR);
  c->svc[i].contracted = TRUE;
  reserve_year (c, k);
  seen_joint (c, x);
  refresh (c, i);
}

void
cs_contract_end (CsCommission *c, guint k)
{
  CsContract *x = cs_contract (c, k);
  guint i = x->service;

  g_return_if_fail (x->state != CS_CONTRACT_ENDED);
  cs_contract_settle (c, i);
  x = cs_contract (c, k);
  if (x->commitment != CS_NONE)
    cs_ledger_release (c->ledger, x->commitment);
  x->commitment = CS_NONE;
  if (x->next != SIM_HANDLE_NONE)
    sim_engine_cancel (c->eng, x->next);
  x->next = SIM_HANDLE_NONE;
  if (x->provider != CS_NONE)
    c->used[x->provider] -= x->places;
  if (x->state == CS_CONTRACT_LIVE)
    cs_mix_copy (&c->svc[i].last_mix, &x->mix);
  x->state = CS_CONTRACT_ENDED;
  refresh (c, i);
}

/* Places a provider can add to a contract it holds. */
static double
room (const CsCommission *c, const CsContract *x)
{
  if (x->provider == CS_NONE)
    return G_MAXDOUBLE;
  return MAX (0.0, c->p->providers[x->provider].capacity.value
                       - c->used[x->provider]);
}

void
cs_contract_vary (CsCommission *c, guint k, double places)
{
  CsContract *x = cs_contract (c, k);

  cs_contract_settle (c, x->service);
  x = cs_contract (c, k);
  places = MIN (places, x->places + room (c, x));
  if (x->provider != CS_NONE)
    c->used[x->provider] += places - x->places;
  x->places = MAX (0.0, places);
  refresh (c, x->service);
}

void
cs_contract_renew (CsCommission *c, guint k, double places, double years)
{
  CsContract *x = cs_contract (c, k);
  CsArr *a = &c->arrs[x->arr];

  cs_contract_settle (c, x->service);
  x = cs_contract (c, k);
  places = MIN (places, x->places + room (c, x));
  if (x->provider != CS_NONE)
    c->used[x->provider] += places - x->places;
  x->places = MAX (0.0, places);
  cs_plan_contract_mix (c, a, &c->p->services[x->service], &x->mix);
  x->joint = mix_is_joint (c, &x->mix);
  x->sanction = a->p->sanction_use.value;
  x->end = cs_commission_now (c) + MAX (1.0, years * SIM_DAYS_PER_YEAR);
  if (x->next != SIM_HANDLE_NONE)
    sim_engine_cancel (c->eng, x->next);
  x->next = SIM_HANDLE_NONE;
  reserve_year (c, k);
  seen_joint (c, x);
  refresh (c, x->service);
}

double
cs_contract_places (const CsCommission *c, guint arr, guint service,
                    gboolean committed)
{
  double sum = 0.0;

  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *x = &g_array_index (c->contracts, CsContract, k);
      if (x->arr == arr && x->service == service
          && (x->state == CS_CONTRACT_LIVE
              || (committed && x->state == CS_CONTRACT_PENDING
                  && x->replaces == CS_NONE)))
        sum += x->places;
    }
  for (guint t = 0; committed && t < c->tenders->len; t++)
    {
      const CsTender *x = &g_array_index (c->tenders, CsTender, t);
      if (x->active && x->arr == arr && x->service == service
          && x->replaces == CS_NONE)
        sum += x->places;
    }
  return sum;
}

double
cs_contract_held (const CsCommission *c, guint arr, gboolean committed)
{
  double sum = 0.0;

  for (guint i = 0; i < c->p->n_services; i++)
    sum += cs_contract_places (c, arr, i, committed);
  return sum;
}

double
cs_contract_years (CsCommission *c, guint arr, guint service)
{
  guint *n = &c->contract_draws[pair (c, arr, service)];
  SimRng rng;

  sim_rng_init (&rng, c->seed, c->replication,
                CS_CSTREAM_CONTRACT + MIN (*n, 0xFFFFFFu),
                arr * CS_MAX_SERVICES + service);
  (*n)++;
  return sim_dist_sample (&c->arrs[arr].p->procurement.contract_years.dist,
                          &rng);
}

void
cs_contract_mark_joint (CsCommission *c)
{
  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *x = cs_contract (c, k);
      if (x->state == CS_CONTRACT_LIVE)
        seen_joint (c, x);
    }
}

/* ---- The end of a contract year ------------------------------------------ */

static gboolean
replacement_active (const CsCommission *c, const CsContract *x)
{
  for (guint t = 0; t < c->tenders->len; t++)
    {
      const CsTender *tn = &g_array_index (c->tenders, CsTender, t);
      if (tn->active && tn->replaces != CS_NONE
          && cs_contract ((CsCommission *)c, tn->replaces) == x)
        return TRUE;
    }
  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *y = &g_array_index (c->contracts, CsContract, k);
      if (y->state == CS_CONTRACT_PENDING && y->replaces != CS_NONE
          && cs_contract ((CsCommission *)c, y->replaces) == x)
        return TRUE;
    }
  return FALSE;
}

/* Whether every arrangement with service i in scope has taken over its
 * share (cs_contract_take_over); *anyone: some arrangement has it in
 * scope. */
static gboolean
handed_over (const CsCommission *c, guint i, gboolean *anyone)
{
  *anyone = FALSE;
  for (guint b = 0; b < c->p->n_arrangements; b++)
    if (cs_plan_in_scope (&c->arrs[b], &c->p->services[i]))
      {
        *anyone = TRUE;
        if (!c->arrs[b].planned)
          return FALSE;
      }
  return TRUE;
}

static gboolean
took_from (const CsCommission *c, guint arr, guint k)
{
  for (guint j = 0; j < c->contracts->len; j++)
    {
      const CsContract *y = &g_array_index (c->contracts, CsContract, j);
      if (y->arr == arr && y->taken_from == k)
        return TRUE;
    }
  return FALSE;
}

double
cs_contract_take_over (CsCommission *c, CsArr *a)
{
  double taken = 0.0;
  guint n = c->contracts->len;

  for (guint k = 0; k < n; k++)
    {
      CsContract *x = cs_contract (c, k);
      const CsService *s = &c->p->services[x->service];
      double share, places, years;
      guint j;
      if (x->state != CS_CONTRACT_LIVE || !cs_plan_in_scope (a, s)
          || cs_plan_in_scope (&c->arrs[x->arr], s)
          || took_from (c, a->index, k))
        continue;
      if (x->handover <= 0)
        x->handover = x->places;
      share = cs_plan_share (c, a, x->service);
      places = MIN (x->places, round (x->handover * share));
      if (places < 0.5)
        continue;
      cs_contract_vary (c, k, x->places - places);
      x = cs_contract (c, k);
      years = (x->end - cs_commission_now (c)) / SIM_DAYS_PER_YEAR;
      j = cs_contract_new (c, a->index, x->service, x->provider, places,
                           x->price_rr, x->quality);
      cs_contract (c, j)->taken_from = k;
      cs_contract_start (c, j, years);
      taken += places;
      if (cs_contract (c, k)->places < 0.5)
        cs_contract_end (c, k);
    }
  return taken;
}

/* The decision at the end of contract k (see the file comment); returns
 * what was decided, for the trace. */
static CsTraceDecision
decide_end (CsCommission *c, guint k)
{
  CsContract *x = cs_contract (c, k);
  CsArr *a = &c->arrs[x->arr];
  const CsService *s = &c->p->services[x->service];
  double review = a->p->monitoring_interval_days.value / SIM_DAYS_PER_YEAR;
  double live, target;
  gboolean anyone;

  if (!cs_plan_in_scope (a, s))
    {
      if (handed_over (c, x->service, &anyone) && anyone)
        {
          a->stats[0].decommissions++;
          cs_contract_end (c, k);
          return CS_TRACE_HANDED_OVER;
        }
      if (anyone)
        {
          cs_contract_renew (c, k, x->places, review);
          return CS_TRACE_EXTENDED_UNTIL_HANDED_OVER;
        }
      target = x->places;
    }
  else if (!a->planned)
    target = x->places;
  else if (x->flagged && replacement_active (c, x))
    {
      cs_contract_renew (c, k, x->places, review);
      return CS_TRACE_EXTENDED_UNTIL_REPLACED;
    }
  else
    {
      live = cs_contract_places (c, x->arr, x->service, FALSE);
      target = live > 0 ? round (a->plan[x->service] * x->places / live) : 0.0;
      if (a->plan[x->service] >= 0.5)
        target = MAX (1.0, target);
      if (target < 0.5)
        {
          a->stats[0].decommissions++;
          cs_contract_end (c, k);
          return CS_TRACE_DECOMMISSIONED;
        }
    }
  if (fabs (target - x->places) >= 0.5)
    a->stats[0].variations++;
  else
    a->stats[0].renewals++;
  cs_contract_renew (c, k, target, cs_contract_years (c, x->arr, x->service));
  return fabs (target - cs_contract (c, k)->places) < 0.5 ? CS_TRACE_RENEWED
                                                          : CS_TRACE_VARIED;
}

void
cs_contract_year (CsCommission *c, guint k)
{
  CsContract *x = cs_contract (c, k);
  CsTraceDecision what;

  x->next = SIM_HANDLE_NONE;
  if (x->state != CS_CONTRACT_LIVE)
    return;
  cs_contract_settle (c, x->service);
  x = cs_contract (c, k);
  if (cs_commission_now (c) < x->end - EPS)
    {
      reserve_year (c, k);
      cs_trace_say (c->eng, c->p, c->arrs[x->arr].p->id, -1,
                    c->p->services[x->service].id,
                    &(CsTraceFacts){ .what = CS_TRACE_CONTRACT_YEAR,
                                     .u.places = { x->places } });
      return;
    }
  what = decide_end (c, k);
  x = cs_contract (c, k);
  cs_trace_say (
      c->eng, c->p, c->arrs[x->arr].p->id, -1, c->p->services[x->service].id,
      &(CsTraceFacts){
          .what = CS_TRACE_CONTRACT_DECIDED,
          .u.decided
          = { what, x->state == CS_CONTRACT_LIVE ? x->places : 0.0 } });
}

/* ---- Tenders ------------------------------------------------------------- */

static void
tender_attempt (CsCommission *c, guint t)
{
  CsTender *tn = &g_array_index (c->tenders, CsTender, t);
  CsArr *a = &c->arrs[tn->arr];

  sim_rng_init (&tn->rng, c->seed, c->replication,
                CS_CSTREAM_TENDER + (MIN (tn->serial, 0xFFFFu) << 8)
                    + MIN (tn->attempt, 0xFFu),
                tn->arr * CS_MAX_SERVICES + tn->service);
  tn->days = sim_dist_sample (&a->p->procurement.tender_days.dist, &tn->rng);
  tn->opened = cs_commission_now (c);
  a->stats[0].transaction_cost += a->p->procurement.transaction_cost_gbp.value;
  cs_contract_charge (c, a, a->p->procurement.transaction_cost_gbp.value);
  cs_commission_schedule (c, tn->opened + tn->days,
                          CS_COMMISSION_KIND_TENDER_END, tn->arr, t);
  cs_trace_say (c->eng, c->p, a->p->id, -1, c->p->services[tn->service].id,
                &(CsTraceFacts){ .what = CS_TRACE_TENDER_OPENED,
                                 .u.tender = { .places = tn->places,
                                               .attempt = tn->attempt + 1,
                                               .days = tn->days } });
}

guint
cs_contract_tender (CsCommission *c, guint arr, guint service, double places,
                    guint exclude, guint replaces)
{
  CsTender tn;
  guint t;

  memset (&tn, 0, sizeof tn);
  tn.active = TRUE;
  tn.arr = arr;
  tn.service = service;
  tn.places = places;
  tn.exclude = exclude;
  tn.replaces = replaces;
  tn.serial = c->tender_count[pair (c, arr, service)]++;
  g_array_append_val (c->tenders, tn);
  t = c->tenders->len - 1;
  tender_attempt (c, t);
  return t;
}

static void
award (CsCommission *c, guint t, const CsTenderOutcome *out)
{
  CsTender *tn = &g_array_index (c->tenders, CsTender, t);
  CsArr *a = &c->arrs[tn->arr];
  double at = cs_commission_meeting (a, cs_commission_now (c));

  for (guint l = 0; l < out->n_lots; l++)
    {
      const CsProvider *pr = &c->p->providers[out->lots[l].provider];
      guint k;
      double days;
      if (!(out->lots[l].places >= 0.5))
        continue;
      k = cs_contract_new (c, tn->arr, tn->service, out->lots[l].provider,
                           out->lots[l].places, pr->price_rr.value,
                           pr->quality.value);
      cs_contract (c, k)->replaces = tn->replaces;
      days = sim_dist_sample (&a->p->cycle[CS_CYCLE_CONTRACTING].days.dist,
                              &tn->rng);
      cs_commission_schedule_stage (c, at + days, CS_CYCLE_CONTRACTING, tn->arr,
                                    k, days);
    }
}

void
cs_contract_tender_end (CsCommission *c, guint t)
{
  CsTender *tn = &g_array_index (c->tenders, CsTender, t);
  CsArr *a = &c->arrs[tn->arr];
  const CsService *s = &c->p->services[tn->service];
  g_autofree CsLot *lots = g_new0 (CsLot, MAX (1u, c->p->n_providers));
  CsTenderOutcome out = { FALSE, 0, 0, lots, 0.0 };

  if (!tn->active)
    return;
  cs_market_attempt (c->p, s->sector, tn->places, tn->exclude, c->used,
                     &a->p->procurement, &tn->rng, &out);
  /* Attempts are counted when they close, with their outcome. */
  a->stats[0].procurements++;
  sim_tally_add (&a->stats[0].tender_days, tn->days);
  if (!out.failed && out.places >= 0.5)
    {
      cs_trace_say (
          c->eng, c->p, a->p->id, -1, s->id,
          &(CsTraceFacts){ .what = CS_TRACE_TENDER_AWARDED,
                           .u.tender = { .places = out.places,
                                         .days = tn->days,
                                         .bids = out.n_bidders,
                                         .provider = out.lots[0].provider,
                                         .others = out.n_lots > 1 } });
      tn->active = FALSE;
      award (c, t, &out);
      return;
    }
  a->stats[0].failures++;
  a->stats[0].no_bids += out.n_bidders == 0;
  cs_trace_say (c->eng, c->p, a->p->id, -1, s->id,
                &(CsTraceFacts){
                    .what = CS_TRACE_TENDER_FAILED,
                    .u.tender = { .days = tn->days, .bids = out.n_bidders } });
  if (tn->attempt + 1 < (guint)a->p->procurement.max_attempts.value)
    {
      tn->attempt++;
      tender_attempt (c, t);
      return;
    }
  tn->active = FALSE;
  a->stats[0].abandoned++;
  if (tn->replaces != CS_NONE)
    cs_contract (c, tn->replaces)->flagged = FALSE;
}
