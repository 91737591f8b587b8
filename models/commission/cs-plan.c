/* cs-plan.c: the commissioning model's money and decisions: budgets,
 * pooled contributions and aligned allotments; needs analysis, best
 * value, gap analysis and priority setting; the funding of contracts.
 *
 * Money (issue 5, [Debate]): a holder (partner or school) has a
 * yearly budget by sector.  It pays pooled_share of it into the pooled
 * fund of each arrangement it is a member of; the rest stays with it.
 * What stays, in sector s, follows responsibility (issue 13): the share
 * of it that pays (by yearly cost at the scenario's starting places) for
 * sector-s services no arrangement the holder is a member of has in scope
 * is aligned with nobody and stays in the holder's account, reported as
 * unallocated and unspent; the rest is aligned with the arrangements it
 * is a member of whose sectors include s, split in proportion to the
 * cost of the sector-s services each one's scope includes (an
 * arrangement's share of a service it commissions with others is its
 * weight, below), or equally when their scopes include none
 * (assumption).
 *
 * Funding of a contract (assumption): an arrangement pays every contract
 * pro rata from its purse: the share pooled income / all income from the
 * pooled fund (by the fund's mix of sectors; when its pool_sectors leave
 * a sector out, that sector's contracts get nothing from the pool and the
 * others the share pool / (pool + their sectors' aligned income): [UEA/NCB
 * 2007], pools for selected services), the rest from aligned
 * money, first that of the service's own sector, and when the plan needs
 * more of a sector than its holders aligned, from the other sectors'
 * surplus.  Commissioning costs are paid in the purse's proportions.  An
 * arrangement with no income of its own (all its members' money aligned
 * elsewhere) is paid for by its members in proportion to their budgets.
 *
 * Needs analysis: counts of children by locality, domain and stage as the
 * arrangement sees them (cs_world_count_needs with its CsSight), in age
 * bands cut at the school phases' ages; each (locality, domain, stage)
 * estimate is multiplied by a lognormal error of mean 1 and coefficient
 * of variation estimate_cv_at_zero_capacity x (1 - analytic_capacity).
 * Sight: its member schools' rolls (every school when it has none) at
 * records_roll_share; children outside the roll at reach_outside and
 * children known to partners at records_partner_share, both times the
 * arrangement's territory: the share of the area's pupils on its member
 * schools' rolls (1 without school members), so that instances of one
 * arrangement together see the outside children once, and times its
 * member schools' sight of their community, exp(-their roll-weighted
 * distance_km / community_sight_km) ([Debate]: secondary schools
 * often sit far from the communities they serve).  What it sees
 * sets the mix of needs its priorities weigh (below); the estimation
 * error moves how much it plans.
 *
 * Gap analysis, for each service in scope (tiers x sectors): the
 * children a year to plan for = a base x the arrangement's share x (its
 * estimate of the need the service serves / the same need as it sees it
 * without error).  Base: open access, the area's children the service
 * and the arrangement's criteria admit x coverage; referral access, the
 * referrals the service received per year since the last analysis,
 * those it declined by rationing included (issue 14; the resource
 * mapping's demand data, whatever the sight) plus its waiting
 * list cleared over one cycle.  Share: the arrangement's weight (its
 * territory x its localities' share of the area's children) over the sum
 * of the weights of the arrangements with the service in scope, times
 * its school_participation for a service delivered in school when it has
 * no school members (it reaches only the pupils of the schools that work
 * with it; [Hodge 2004] (inferred), [Chowcat 2008], [UEA/NCB 2007]: schools at
 * the edge).  Places needed: open access, children x mean episode days /
 * 365.25; referral access, the fewest places at which an M/M/c queue
 * (Erlang C) at that demand and mean episode length waits at most
 * target_wait_days on average (issue 13: the offered load alone, the rule
 * when target_wait_days is 0, runs the service at utilisation 1, where a
 * queue grows without bound).  The
 * criteria that cannot be counted from the estimate (on the roll only, looked
 * after only) are approximated: on the roll only keeps the age bands of the
 * school phases; looked after only is left to the demand data.
 *
 * Priority setting: domain weights moved by decision_dependence x the
 * member heads' orientation x orientation_shift plus normal noise of
 * decision_noise_sd (never below 0); a service's priority is its mean
 * weight (domain x stage) over the need it serves as the arrangement sees
 * it x its benefit per episode (quality x (effect_resolve +
 * effect_deescalate + ECM effects weighted by the ECM weights)) / its
 * cost per child served (observed since the last analysis: best value;
 * else its list price).  Within the planning budget (yearly income less
 * running and staff costs and the out-of-scope contracts it still pays,
 * less any pooled deficit), each service's places are min(1, lambda x
 * priority / highest priority) x the places it needs, held within
 * max_change_per_cycle of the places the arrangement holds or is buying
 * (plus its share of places still held by arrangements whose scope no
 * longer includes the service), lambda chosen so that the planned cost
 * meets the budget (when even the lowest places allowed cost more, they
 * are planned and the overspend is carried over).  Issue 13: the
 * planning budget adds carry_forward_share of the arrangement's part of
 * the last year's unspent money, spread over one cycle (carry_forward);
 * with plan_within_capacity, the places a plan adds are capped at the
 * providers' free places, given out in order of priority, and lambda is
 * solved again so that money a capped service cannot spend goes to the
 * next priorities (within_capacity).  Higher priorities get
 * more of their need met; the split between universal, targeted and
 * specialist services follows from the weights.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "models/commission/cs-commission-private.h"

#define ALL_DOMAINS (CS_BIT (CS_N_DOMAINS) - 1)

/* ---- Helpers ------------------------------------------------------------- */

static double
holder_budget (const CsCommission *c, guint h, CsSector s)
{
  const CsParams *p = c->p;

  if (h < p->n_partners)
    return p->partners[h].budget_gbp_per_year[s].value;
  return s == CS_SECTOR_EDUCATION
             ? p->schools[h - p->n_partners].budget_gbp_per_year.value
             : 0.0;
}

static guint
holder_of (const CsCommission *c, const CsMember *m)
{
  return m->kind == CS_MEMBER_PARTNER ? m->index : c->p->n_partners + m->index;
}

gboolean
cs_plan_in_scope (const CsArr *a, const CsService *s)
{
  return (a->p->tiers & CS_BIT (s->tier))
         && (a->p->sectors & CS_BIT (s->sector));
}

/* Arrangement a's weight for service i: its weight, times its
 * school_participation for a service delivered in school when it has no
 * school members (it reaches only the pupils of the schools that work
 * with it; the shares of the service's other commissioners do not
 * change: c->scope_weight sums the weights before participation). */
static double
plan_weight (const CsCommission *c, const CsArr *a, guint i)
{
  const CsService *s = &c->p->services[i];
  if (s->setting == CS_SETTING_SCHOOL && !a->schools)
    return a->weight * a->p->school_participation.value;
  return a->weight;
}

/* Arrangement a's share of service i's demand: plan_weight over the sum
 * of the weights of the arrangements with i in scope (0 when none). */
double
cs_plan_share (const CsCommission *c, const CsArr *a, guint i)
{
  return c->scope_weight[i] > 0 ? plan_weight (c, a, i) / c->scope_weight[i]
                                : 0.0;
}

static double
mean_days (const CsService *s)
{
  return MAX (1.0, sim_dist_mean (&s->episode_days.dist));
}

double
cs_plan_place_cost (const CsService *s, double price_rr)
{
  return price_rr
         * (s->cost_gbp_per_place_per_year.value
            + s->cost_gbp_per_episode.value * SIM_DAYS_PER_YEAR / mean_days (s)
            + s->cost_gbp_per_child_day.value * SIM_DAYS_PER_YEAR);
}

static double
initial_price (const CsParams *p, const CsService *s)
{
  return s->provider != CS_NONE ? p->providers[s->provider].price_rr.value
                                : 1.0;
}

/* ---- Mixes -------------------------------------------------------------- */

void
cs_mix_clear (CsMix *m)
{
  g_free (m->acc);
  g_free (m->sector);
  g_free (m->share);
  memset (m, 0, sizeof *m);
}

void
cs_mix_copy (CsMix *dst, const CsMix *src)
{
  cs_mix_clear (dst);
  dst->n = src->n;
  dst->acc = g_memdup2 (src->acc, src->n * sizeof *src->acc);
  dst->sector = g_memdup2 (src->sector, src->n * sizeof *src->sector);
  dst->share = g_memdup2 (src->share, src->n * sizeof *src->share);
}

void
cs_mix_add (CsMix *m, guint acc, CsSector s, double share)
{
  if (!(share > 0.0))
    return;
  for (guint k = 0; k < m->n; k++)
    if (m->acc[k] == acc && m->sector[k] == s)
      {
        m->share[k] += share;
        return;
      }
  m->acc = g_renew (guint, m->acc, m->n + 1);
  m->sector = g_renew (CsSector, m->sector, m->n + 1);
  m->share = g_renew (double, m->share, m->n + 1);
  m->acc[m->n] = acc;
  m->sector[m->n] = s;
  m->share[m->n] = share;
  m->n++;
}

void
cs_mix_sectors (const CsMix *m, double *by_sector)
{
  for (guint s = 0; s < CS_N_SECTORS; s++)
    by_sector[s] = 0.0;
  for (guint k = 0; k < m->n; k++)
    by_sector[m->sector[k]] += m->share[k];
}

static void
mix_normalise (CsMix *m)
{
  double sum = 0.0;

  for (guint k = 0; k < m->n; k++)
    sum += m->share[k];
  for (guint k = 0; k < m->n && sum > 0; k++)
    m->share[k] /= sum;
}

/* `share` of a cost from the aligned money of sector s, split between the
 * holders in proportion to what they aligned. */
static void
mix_aligned (const CsCommission *c, const CsArr *a, CsMix *m, CsSector s,
             double share)
{
  for (guint k = 0; k < a->allots->len; k++)
    {
      const CsAllot *x = &g_array_index (a->allots, CsAllot, k);
      if (x->sector == s && a->aligned_income[s] > 0)
        cs_mix_add (m, x->holder, s,
                    share * x->gbp_per_year / a->aligned_income[s]);
    }
  (void)c;
}

static double
pool_total (const CsArr *a)
{
  return a->pool_income[0] + a->pool_income[1] + a->pool_income[2];
}

static void
mix_pool (const CsArr *a, CsMix *m, double share)
{
  double pool = pool_total (a);

  for (guint s = 0; s < CS_N_SECTORS && pool > 0; s++)
    cs_mix_add (m, a->fund, s, share * a->pool_income[s] / pool);
}

/* The share of a sector-s contract the pooled fund pays: the pool's
 * share of the money that may pay for it, pool / (pool + the aligned
 * money of the sectors the pool pays for), when s is one of them (its
 * pool_sectors), else 0.  With every sector in pool_sectors this is
 * pool / income for every contract. */
static double
pool_share (const CsArr *a, CsSector s)
{
  double pool = pool_total (a), base = pool;

  if (!(pool > 0) || !(a->p->pool_sectors & CS_BIT (s)))
    return 0.0;
  for (guint k = 0; k < CS_N_SECTORS; k++)
    if (a->p->pool_sectors & CS_BIT (k))
      base += a->aligned_income[k];
  return base > 0 ? pool / base : 0.0;
}

/* The funding of a contract for a service of sector `sig`, given the
 * planned yearly cost by sector (see the file comment). */
static void
funding_for (const CsCommission *c, const CsArr *a, const double *cost,
             CsSector sig, CsMix *m)
{
  double phi = pool_share (a, sig);
  double need[CS_N_SECTORS], own[CS_N_SECTORS], surplus[CS_N_SECTORS];
  double sum_surplus = 0.0, sum_other = 0.0, o, x;

  cs_mix_clear (m);
  if (!(a->income > 0))
    return;
  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      need[s] = (1.0 - pool_share (a, s)) * cost[s];
      own[s] = MIN (need[s], a->aligned_income[s]);
      surplus[s] = a->aligned_income[s] - own[s];
    }
  mix_pool (a, m, phi);
  if (need[sig] > 0)
    o = own[sig] / need[sig];
  else
    o = a->aligned_income[sig] > 0 ? 1.0 : 0.0;
  x = 1.0 - o;
  mix_aligned (c, a, m, sig, (1.0 - phi) * o);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    if (s != sig)
      {
        sum_surplus += surplus[s];
        sum_other += a->aligned_income[s];
      }
  for (guint s = 0; s < CS_N_SECTORS && x > 0; s++)
    {
      double w = sum_surplus > 0 ? surplus[s] / sum_surplus
                 : sum_other > 0 ? a->aligned_income[s] / sum_other
                                 : 0.0;
      if (s != sig)
        mix_aligned (c, a, m, s, (1.0 - phi) * x * w);
    }
  if (sum_surplus <= 0 && sum_other <= 0 && x > 0) /* nobody else: overspend */
    mix_aligned (c, a, m, sig, (1.0 - phi) * x);
  mix_normalise (m);
}

guint32
cs_plan_joint_sectors (const CsArr *a, const CsService *sv)
{
  guint32 mask = 0;
  guint n = 0;

  if (!a->p->joint_by_responsibility)
    return 0;
  for (guint s = 0; s < CS_N_SECTORS; s++)
    if ((sv->serves & CS_BIT (s)) && (a->p->sectors & CS_BIT (s))
        && (a->aligned_income[s] > 0 || a->pool_income[s] > 0))
      {
        mask |= CS_BIT (s);
        n++;
      }
  return n >= 2 ? mask : 0;
}

/* The agreement in force from the start for sv (sv->n_agreement > 0),
 * when a is its lead (the commissioner at the start): each partner pays
 * its agreement share, from its budget's sectors in proportion to its
 * budget; the lead's funding `out` the rest.  A partner without a budget
 * pays nothing (its share stays with the lead). */
static void
agreement_mix (const CsCommission *c, const CsArr *a, const CsService *sv,
               CsMix *out)
{
  double paid = 0.0;
  CsMix m = { 0 };

  if (sv->n_agreement == 0 || a->index != sv->commissioner)
    return;
  for (guint k = 0; k < MIN (sv->n_agreement, CS_MAX_AGREEMENT_PAYERS); k++)
    {
      guint h = sv->agreement_partner[k];
      double all = 0.0, x = CLAMP (sv->agreement_share[k], 0.0, 1.0 - paid);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        all += holder_budget (c, h, s);
      for (guint s = 0; s < CS_N_SECTORS && all > 0 && x > 0; s++)
        cs_mix_add (&m, h, s, x * holder_budget (c, h, s) / all);
      if (all > 0)
        paid += x;
    }
  if (m.n == 0)
    return;
  for (guint k = 0; k < out->n; k++)
    cs_mix_add (&m, out->acc[k], out->sector[k], (1.0 - paid) * out->share[k]);
  mix_normalise (&m);
  cs_mix_copy (out, &m);
  cs_mix_clear (&m);
}

void
cs_plan_contract_mix (const CsCommission *c, const CsArr *a,
                      const CsService *sv, CsMix *out)
{
  guint32 mask = cs_plan_joint_sectors (a, sv);
  guint n = 0;

  if (!mask)
    {
      cs_mix_copy (out, &a->mix[sv->sector]);
      agreement_mix (c, a, sv, out);
      return;
    }
  for (guint s = 0; s < CS_N_SECTORS; s++)
    n += (mask & CS_BIT (s)) != 0;
  cs_mix_clear (out);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    if (mask & CS_BIT (s))
      for (guint k = 0; k < a->mix[s].n; k++)
        cs_mix_add (out, a->mix[s].acc[k], a->mix[s].sector[k],
                    a->mix[s].share[k] / n);
  mix_normalise (out);
  agreement_mix (c, a, sv, out);
}

/* An arrangement with no income of its own is paid for by its members
 * in proportion to their budgets (assumption: they staff it). */
static void
members_pay (const CsCommission *c, const CsArr *a, CsMix *m)
{
  cs_mix_clear (m);
  for (guint k = 0; k < a->p->n_members; k++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      cs_mix_add (m, holder_of (c, &a->p->members[k]), s,
                  holder_budget (c, holder_of (c, &a->p->members[k]), s));
  mix_normalise (m);
}

static void
set_funding (CsCommission *c, CsArr *a, const double *cost)
{
  for (guint s = 0; s < CS_N_SECTORS; s++)
    funding_for (c, a, cost, s, &a->mix[s]);
  cs_mix_clear (&a->mix_all);
  if (!(a->income > 0))
    {
      members_pay (c, a, &a->mix_all);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        cs_mix_copy (&a->mix[s], &a->mix_all);
      return;
    }
  mix_pool (a, &a->mix_all, pool_total (a) / a->income);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    mix_aligned (c, a, &a->mix_all, s, a->aligned_income[s] / a->income);
  mix_normalise (&a->mix_all);
}

/* ---- Money at the start ------------------------------------------------- */

/* Yearly cost at the starting places of the sector-s services in the
 * scope of arrangement arr (its weight's share of each). */
static double
scope_cost (const CsCommission *c, guint arr, CsSector s)
{
  const CsParams *p = c->p;
  const CsArr *a = &c->arrs[arr];
  double sum = 0.0;

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *sv = &p->services[i];
      if (sv->sector == s && cs_plan_in_scope (a, sv))
        sum += cs_plan_place_cost (sv, initial_price (p, sv)) * sv->places.value
               * cs_plan_share (c, a, i);
    }
  return sum;
}

static double
held_cost (const CsCommission *c, guint arr, CsSector s)
{
  const CsParams *p = c->p;
  double sum = 0.0;

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *sv = &p->services[i];
      if (sv->commissioner == arr && sv->sector == s)
        sum += cs_plan_place_cost (sv, initial_price (p, sv))
               * sv->places.value;
    }
  return sum;
}

static gboolean
is_member (const CsCommission *c, const CsArr *a, guint h)
{
  for (guint m = 0; m < a->p->n_members; m++)
    if (holder_of (c, &a->p->members[m]) == h)
      return TRUE;
  return FALSE;
}

/* Share of holder h's budget pooled across all its memberships. */
static double
pooled_share_of (const CsCommission *c, guint h)
{
  double sum = 0.0;

  for (guint i = 0; i < c->p->n_arrangements; i++)
    for (guint m = 0; m < c->p->arrangements[i].n_members; m++)
      if (holder_of (c, &c->p->arrangements[i].members[m]) == h)
        sum += c->p->arrangements[i].members[m].pooled_share.value;
  return MIN (1.0, sum);
}

/* Yearly cost at the starting places of every sector-s service, each
 * counted once whoever commissions it. */
static double
sector_cost (const CsCommission *c, CsSector s)
{
  const CsParams *p = c->p;
  double sum = 0.0;

  for (guint i = 0; i < p->n_services; i++)
    if (p->services[i].sector == s)
      sum += cs_plan_place_cost (&p->services[i],
                                 initial_price (p, &p->services[i]))
             * p->services[i].places.value;
  return sum;
}

static double param_uncovered (const CsParams *p, guint h, CsSector s,
                               GString *tiers);

/* Align what holder h keeps in sector s with its arrangements, so that
 * money follows responsibility: the share of it that pays for sector-s
 * services no arrangement h is a member of has in scope (by their yearly
 * cost at the starting places: param_uncovered) is aligned with nobody
 * and stays in h's account (reported unallocated and unspent); the rest
 * is split between h's arrangements that include the sector in
 * proportion to the cost of what each commissions (scope_cost: its
 * weight's share of a service it has in scope with others), equally when
 * none has any.  A holder's responsibility is what its arrangements have
 * in scope, whatever their territory: a school that commissions for its
 * own pupils aligns its money with its own commissioner. */
static void
allot (CsCommission *c, guint h, CsSector s)
{
  const CsParams *p = c->p;
  double kept = holder_budget (c, h, s) * (1.0 - pooled_share_of (c, h));
  double total = sector_cost (c, s), sum = 0.0;
  g_autofree double *w = g_new0 (double, MAX (1u, p->n_arrangements));
  guint n = 0;

  if (!(kept > 0))
    return;
  for (guint i = 0; i < p->n_arrangements; i++)
    if (is_member (c, &c->arrs[i], h)
        && (p->arrangements[i].sectors & CS_BIT (s)))
      {
        w[i] = scope_cost (c, i, s);
        sum += w[i];
        n++;
      }
  /* u: unallocated share; to: the part of it aligned all the same */
  double u = n == 0 ? 1.0 : total > 0 ? param_uncovered (p, h, s, NULL) : 0.0;
  double to = n > 0 ? p->commissioning.unallocated_to_members.value : 0.0;
  c->unalloc[h * CS_N_SECTORS + s] = u * (1.0 - to);
  for (guint i = 0; i < p->n_arrangements && n > 0; i++)
    {
      CsArr *a = &c->arrs[i];
      double share = sum > 0 ? w[i] / sum : 1.0 / n;
      if (!is_member (c, a, h) || !(p->arrangements[i].sectors & CS_BIT (s)))
        continue;
      if (to < 1.0) /* to >= 1: every kept pound to members */
        share *= 1.0 - u + to * u;
      if (share > 0)
        {
          CsAllot x = { h, s, kept * share };
          g_array_append_val (a->allots, x);
          a->aligned_income[s] += x.gbp_per_year;
        }
    }
}

void
cs_plan_init_money (CsCommission *c)
{
  const CsParams *p = c->p;

  for (guint i = 0; i < p->n_arrangements; i++)
    {
      CsArr *a = &c->arrs[i];
      for (guint m = 0; m < a->p->n_members; m++)
        for (guint s = 0; s < CS_N_SECTORS; s++)
          a->pool_income[s]
              += a->p->members[m].pooled_share.value
                 * holder_budget (c, holder_of (c, &a->p->members[m]), s);
    }
  for (guint h = 0; h < c->n_holders; h++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      allot (c, h, s);
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      CsArr *a = &c->arrs[i];
      double cost[CS_N_SECTORS];
      a->income = pool_total (a);
      for (guint s = 0; s < CS_N_SECTORS; s++)
        {
          a->income += a->aligned_income[s];
          cost[s] = held_cost (c, i, s);
        }
      set_funding (c, a, cost);
    }
}

void
cs_plan_pay_budgets (CsCommission *c, double years)
{
  const CsParams *p = c->p;

  for (guint h = 0; h < c->n_holders; h++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      if (holder_budget (c, h, s) > 0)
        cs_ledger_income (c->ledger, h, s, holder_budget (c, h, s) * years);
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      CsArr *a = &c->arrs[i];
      for (guint m = 0; m < a->p->n_members; m++)
        for (guint s = 0; s < CS_N_SECTORS; s++)
          {
            guint h = holder_of (c, &a->p->members[m]);
            double x = a->p->members[m].pooled_share.value
                       * holder_budget (c, h, s) * years;
            if (!(x > 0))
              continue;
            cs_ledger_transfer (c->ledger, h, a->fund, s, x);
            a->contrib[m * CS_N_SECTORS + s] += x;
          }
    }
}

/* ---- Needs analysis ----------------------------------------------------- */

static gsize
cells (const CsCommission *c)
{
  return (gsize)c->p->n_localities * CS_N_DOMAINS * CS_N_STAGES;
}

static void
count_bands (CsCommission *c, const CsSight *base, double *out)
{
  G_STATIC_ASSERT (CS_MAX_BANDS <= 32);
  cs_world_count_needs_bands (c->w, base, c->n_bands, c->band_lo, c->band_hi,
                              out);
}

/* Full-sight counts of the whole area, once per instant. */
static void
count_truth (CsCommission *c)
{
  CsSight all = { NULL, 1.0, 1.0, { 1.0, 1.0, 1.0, 1.0 }, 0, CS_N_AGES - 1 };
  double now = cs_commission_now (c);

  if (c->truth_t == now)
    return;
  count_bands (c, &all, c->truth);
  c->truth_t = now;
}

void
cs_plan_needs_analysis (CsCommission *c, CsArr *a)
{
  const CsArrangement *ap = a->p;
  double cv = c->p->commissioning.estimate_cv_at_zero_capacity.value
              * (1.0 - ap->analytic_capacity.value);
  double sigma = sqrt (log1p (cv * cv));
  CsSight sight
      = { a->schools,
          ap->records_roll_share.value,
          ap->records_partner_share.value * a->territory * a->community,
          { 0 },
          0,
          CS_N_AGES - 1 };
  SimRng rng;
  gsize n = cells (c);

  for (guint k = 0; k < CS_N_OUTSIDE; k++)
    sight.outside_share[k]
        = ap->reach_outside[k].value * a->territory * a->community;
  count_bands (c, &sight, a->raw);
  memcpy (a->est, a->raw, c->n_bands * n * sizeof *a->est);
  count_truth (c);
  sim_rng_init (&rng, c->seed, c->replication,
                CS_CSTREAM_NEEDS + MIN (a->cycle, CS_MAX_CYCLES - 1), a->index);
  for (gsize k = 0; k < n; k++)
    {
      double z = gsl_ran_gaussian_ziggurat (sim_rng_gsl (&rng), 1.0);
      double f = exp (sigma * z - 0.5 * sigma * sigma);
      for (guint b = 0; b < c->n_bands; b++)
        a->est[b * n + k] *= f;
    }
}

double
cs_plan_children_seen (const CsCommission *c, const CsArr *a)
{
  double sum = 0.0;

  for (guint b = 0; b < c->n_bands; b++)
    for (guint l = 0; l < c->p->n_localities; l++)
      if (a->locs[l])
        for (guint s = 0; s < CS_N_STAGES; s++)
          sum += a->est[b * cells (c) + ((gsize)l * CS_N_DOMAINS) * CS_N_STAGES
                        + s];
  return sum;
}

/* ---- Aggregating the estimate for one service ---------------------------- */

typedef struct
{
  double need;     /* child-domain needs it serves */
  double weighted; /* the same, weighted by domain and stage */
  double children; /* eligible children (open access) */
} Agg;

/* Share of band b's children aged lo..hi. */
static double
band_share (const CsCommission *c, guint b, double lo, double hi)
{
  double in = 0.0, all = 0.0;

  for (guint x = c->band_lo[b]; x <= c->band_hi[b]; x++)
    {
      all += c->pop_age[x];
      if (x >= lo && x <= hi)
        in += c->pop_age[x];
    }
  return all > 0 ? in / all : 0.0;
}

/* What the service admits, with an arrangement's criteria (extra may be
 * NULL). */
typedef struct
{
  double age_lo, age_hi, dep_min;
  guint stage_lo, stage_hi, elig_stage;
  guint32 domains, elig_domains;
  gboolean on_roll;
} Admit;

static void
admit_of (const CsService *s, const CsEligibility *extra, Admit *x)
{
  const CsEligibility *e = &s->eligibility;

  x->age_lo = MAX (e->age_min.value, extra ? extra->age_min.value : 0.0);
  x->age_hi = MIN (e->age_max.value, extra ? extra->age_max.value : 17.0);
  x->dep_min = MAX (e->deprivation_min.value,
                    extra ? extra->deprivation_min.value : 0.0);
  x->elig_stage
      = (guint)MAX (e->stage_min.value, extra ? extra->stage_min.value : 0.0);
  x->stage_lo = MAX ((guint)s->stage_min.value, x->elig_stage);
  x->stage_hi = (guint)s->stage_max.value;
  x->elig_domains = e->domains & (extra ? extra->domains : ALL_DOMAINS);
  x->domains = s->domains & x->elig_domains;
  x->on_roll = e->on_roll_only || (extra && extra->on_roll_only)
               || s->setting == CS_SETTING_SCHOOL;
}

static void
aggregate (const CsCommission *c, const double *counts, const CsService *s,
           const CsEligibility *extra, const guint8 *locs, const double *wdom,
           const double *wstage, Agg *out)
{
  const CsParams *p = c->p;
  gboolean all_eligible;
  Admit x;

  admit_of (s, extra, &x);
  all_eligible = x.elig_domains == ALL_DOMAINS && x.elig_stage == 0;
  memset (out, 0, sizeof *out);
  for (guint b = 0; b < c->n_bands; b++)
    {
      double f = band_share (c, b, x.age_lo, x.age_hi);
      if (!(f > 0)
          || (x.on_roll
              && (c->band_lo[b] < c->roll_lo || c->band_hi[b] > c->roll_hi)))
        continue;
      for (guint l = 0; l < p->n_localities; l++)
        {
          const double *q
              = counts + b * cells (c) + (gsize)l * CS_N_DOMAINS * CS_N_STAGES;
          if ((locs && !locs[l])
              || p->localities[l].deprivation.value < x.dep_min)
            continue;
          for (guint d = 0; d < CS_N_DOMAINS; d++)
            for (guint st = 0; st < CS_N_STAGES; st++)
              {
                double v = f * q[d * CS_N_STAGES + st];
                if (all_eligible ? d == 0
                                 : ((x.elig_domains & CS_BIT (d))
                                    && st >= MAX (1u, x.elig_stage)))
                  out->children += v;
                if (!(x.domains & CS_BIT (d)) || st < x.stage_lo
                    || st > x.stage_hi)
                  continue;
                out->need += v;
                if (wdom)
                  out->weighted += v * wdom[d] * wstage[st];
              }
        }
    }
}

/* ---- Best value and gap analysis ---------------------------------------- */

/* The places a referral-access service needs for `demand` children a year
 * with episodes of mean length `days` so that the mean wait for a place
 * is at most `target` days: the fewest places c above the offered load a
 * = demand x days / a year at which an M/M/c queue (Erlang C) waits
 * W = C(c, a) x days / (c - a) on average.  Erlang B by its recurrence
 * B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)); C = c B / (c - a (1 - B)).
 * target <= 0: the offered load (the rule before issue 13). */
double
cs_plan_places_for_wait (double demand, double days, double target)
{
  double a = demand * days / SIM_DAYS_PER_YEAR, b = 1.0;

  if (!(target > 0) || !(a > 0) || !(days > 0))
    return MAX (0.0, a);
  for (guint k = 1;; k++)
    {
      b = a * b / ((double)k + a * b);
      if ((double)k > a)
        {
          double erl_c = k * b / ((double)k - a * (1.0 - b));
          if (erl_c * days / ((double)k - a) <= target)
            return (double)k;
        }
    }
}

void
cs_plan_best_value (CsCommission *c, CsArr *a)
{
  for (guint i = 0; i < c->p->n_services; i++)
    {
      CsServiceReport r;
      double served;
      if (!cs_plan_in_scope (a, &c->p->services[i]))
        continue;
      cs_world_service_report (c->w, i, &r);
      served = (double)r.served - a->snap_served[i];
      a->cost_child[i]
          = served >= 1.0 ? (r.spend_gbp - a->snap_spend[i]) / served : NAN;
    }
}

void
cs_plan_gap_analysis (CsCommission *c, CsArr *a)
{
  const CsParams *p = c->p;
  double now = cs_commission_now (c);
  double years = (now - a->snap_t) / SIM_DAYS_PER_YEAR;

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *s = &p->services[i];
      CsServiceReport r;
      Agg mine, clean, all;
      double base, share, rel;
      gboolean buys = cs_world_is_buyer (c->w, i, a->index);
      double own = (double)cs_world_buyer_taken (c->w, i, a->index);
      cs_world_service_report (c->w, i, &r);
      if (cs_plan_in_scope (a, s))
        {
          aggregate (c, a->est, s, &a->p->eligibility, a->locs, NULL, NULL,
                     &mine);
          aggregate (c, a->raw, s, &a->p->eligibility, a->locs, NULL, NULL,
                     &clean);
          a->need[i] = mine.need;
          rel = clean.need > 0 ? mine.need / clean.need : 1.0;
          share = cs_plan_share (c, a, i);
          if (s->access == CS_ACCESS_OPEN)
            {
              aggregate (c, c->truth, s, &a->p->eligibility, NULL, NULL, NULL,
                         &all);
              base = all.children * s->coverage.value;
            }
          else if (a->p->serves_member_pupils && buys
                   && isfinite (a->snap_own[i]))
            {
              /* Its own pupils' demand: the referrals it took and its
               * own list (issue 13, commissioners who see their queues). */
              base = (years > 0 ? (own - a->snap_own[i]) / years : 0.0)
                     + cs_world_buyer_waiting (c->w, i, a->index)
                           * SIM_DAYS_PER_YEAR
                           / a->p->cycle_interval_days.value;
              share = 1.0;
            }
          else
            base = (years > 0
                        ? ((double)(r.referrals + r.declined) - a->snap_ref[i])
                              / years
                        : 0.0)
                   + r.waiting * SIM_DAYS_PER_YEAR
                         / a->p->cycle_interval_days.value;
          a->demand[i] = base * share * rel;
          a->required[i]
              = s->access == CS_ACCESS_OPEN
                    ? a->demand[i] * mean_days (s) / SIM_DAYS_PER_YEAR
                    : cs_plan_places_for_wait (
                        a->demand[i], mean_days (s),
                        p->commissioning.target_wait_days.value);
        }
      a->snap_ref[i] = (double)(r.referrals + r.declined);
      a->snap_own[i] = buys ? own : NAN;
      a->snap_spend[i] = r.spend_gbp;
      a->snap_served[i] = (double)r.served;
    }
  a->snap_t = now;
}

/* ---- Priority setting ---------------------------------------------------- */

static void
decision_weights (const CsCommission *c, const CsArr *a, double *w)
{
  const CsArrangement *ap = a->p;
  SimRng rng;

  sim_rng_init (&rng, c->seed, c->replication,
                CS_CSTREAM_WEIGHTS + MIN (a->cycle, CS_MAX_CYCLES - 1),
                a->index);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      double z = gsl_ran_gaussian_ziggurat (sim_rng_gsl (&rng), 1.0);
      w[d] = MAX (0.0, ap->weight_domain[d].value
                           + ap->decision_dependence.value * a->orientation
                                 * ap->orientation_weight_shift[d].value
                           + ap->decision_noise_sd.value * z);
    }
}

static double
benefit (const CsArr *a, const CsService *s, double quality)
{
  double ecm = 0.0;

  for (guint k = 0; k < CS_N_ECM; k++)
    ecm += a->p->weight_ecm[k].value * s->ecm_effect[k].value;
  return quality * (s->effect_resolve.value + s->effect_deescalate.value + ecm);
}

/* Yearly cost of a's live contracts for services outside its scope. */
static double
out_of_scope_cost (const CsCommission *c, const CsArr *a)
{
  double sum = 0.0;

  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *x = &g_array_index (c->contracts, CsContract, k);
      const CsService *s = &c->p->services[x->service];
      if (x->arr == a->index && x->state == CS_CONTRACT_LIVE
          && !cs_plan_in_scope (a, s))
        sum += x->places * cs_plan_place_cost (s, x->price_rr);
    }
  return sum;
}

static double
staff_cost_per_year (const CsArr *a)
{
  const CsArrangement *ap = a->p;
  double cycle = 0.0;

  for (guint s = 0; s < CS_CYCLE_CONTRACTING; s++)
    cycle += ap->cycle[s].staff_cost_gbp.value;
  return cycle * SIM_DAYS_PER_YEAR / ap->cycle_interval_days.value
         + ap->cycle[CS_CYCLE_MONITORING].staff_cost_gbp.value
               * SIM_DAYS_PER_YEAR / ap->monitoring_interval_days.value;
}

/* Money holder h aligns with arrangements in sector s, a year. */
static double
aligned_by (const CsCommission *c, guint h, CsSector s)
{
  double sum = 0.0;

  for (guint i = 0; i < c->p->n_arrangements; i++)
    for (guint j = 0; j < c->arrs[i].allots->len; j++)
      {
        const CsAllot *x = &g_array_index (c->arrs[i].allots, CsAllot, j);
        if (x->holder == h && x->sector == s)
          sum += x->gbp_per_year;
      }
  return sum;
}

void
cs_plan_year_closed (CsCommission *c)
{
  for (guint h = 0; h < c->n_holders; h++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      c->unalloc_kept[h * CS_N_SECTORS + s]
          += c->last[h].income[s] * (1.0 - pooled_share_of (c, h))
             * c->unalloc[h * CS_N_SECTORS + s];
  c->closes++;
}

/* What priority setting adds to arrangement a's yearly planning budget
 * from unspent money (issue 13), at its first plan after each ledger
 * close: carry_forward_share x the carry-over of that close that is a's,
 * spread over one cycle (x a year / cycle_interval_days).  a's carry-over:
 * its fund's, plus of each holder that aligns money with it, the holder's
 * carry-over less the money it kept aligned with nobody
 * (unalloc_kept), times a's share of what the holder aligns.  Only
 * surpluses: deficits are planned for as before (the fund's). */
static double
carry_forward (const CsCommission *c, const CsArr *a)
{
  double k = c->p->commissioning.carry_forward_share.value, sum = 0.0;

  if (!(k > 0) || c->closes == 0 || a->carry_close == c->closes)
    return 0.0;
  for (guint s = 0; s < CS_N_SECTORS; s++)
    sum += MAX (0.0, c->last[a->fund].carry_over[s]);
  for (guint j = 0; j < a->allots->len; j++)
    {
      const CsAllot *x = &g_array_index (a->allots, CsAllot, j);
      double all = aligned_by (c, x->holder, x->sector);
      double free = c->last[x->holder].carry_over[x->sector]
                    - c->unalloc_kept[x->holder * CS_N_SECTORS + x->sector];
      if (all > 0)
        sum += MAX (0.0, free) * x->gbp_per_year / all;
    }
  return k * sum * SIM_DAYS_PER_YEAR / a->p->cycle_interval_days.value;
}

/* The places a plan may give each service: R (needed), within [lo, hi];
 * k is the yearly cost of a place. */
typedef struct
{
  guint n;
  const double *pri;
  double *need, *lo, *hi, *k, *held;
} Bounds;

static double
places_at (const Bounds *b, guint i, double lambda)
{
  return CLAMP (MIN (1.0, lambda * b->pri[i]) * b->need[i], b->lo[i], b->hi[i]);
}

static double
planned_cost (const Bounds *b, double lambda)
{
  double sum = 0.0;

  for (guint i = 0; i < b->n; i++)
    sum += places_at (b, i, lambda) * b->k[i];
  return sum;
}

/* lambda with planned_cost = budget (priorities scaled to at most 1). */
static double
solve_lambda (const Bounds *b, double budget)
{
  double lo = 0.0, hi, pmin = 1.0;

  for (guint i = 0; i < b->n; i++)
    if (b->pri[i] > 0)
      pmin = MIN (pmin, b->pri[i]);
  hi = 1.0 / pmin;
  if (planned_cost (b, hi) <= budget)
    return hi;
  if (planned_cost (b, 0.0) >= budget)
    return 0.0;
  for (guint it = 0; it < 100; it++)
    {
      double mid = 0.5 * (lo + hi);
      if (planned_cost (b, mid) > budget)
        hi = mid;
      else
        lo = mid;
    }
  return lo;
}

/* The plan within the market (plan_within_capacity, issue 13): in order of
 * priority (highest first; ties by index), each service's places above
 * those it holds or is buying take free places (capacity less places in
 * live and pending contracts) of the providers that deliver its sector,
 * in proportion to their free places; a service that would take more than
 * is left has its upper bound lowered to what it holds plus what is left
 * (never below its lower bound).  Returns whether a bound moved (then
 * lambda is solved again, so that the money goes to the next
 * priorities). */
static gboolean
within_capacity (const CsCommission *c, const CsArr *a, Bounds *b,
                 double lambda)
{
  const CsParams *p = c->p;
  g_autofree double *free_pl = g_new0 (double, MAX (1u, p->n_providers));
  g_autofree guint *order = g_new0 (guint, MAX (1u, b->n));
  gboolean moved = FALSE;
  guint m = 0;

  for (guint j = 0; j < p->n_providers; j++)
    free_pl[j] = MAX (0.0, p->providers[j].capacity.value - c->used[j]);
  for (guint i = 0; i < b->n; i++)
    if (cs_plan_in_scope (a, &p->services[i]))
      order[m++] = i;
  for (guint x = 1; x < m; x++) /* insertion sort: priority down, index up */
    for (guint y = x; y > 0 && b->pri[order[y]] > b->pri[order[y - 1]]; y--)
      {
        guint t = order[y];
        order[y] = order[y - 1];
        order[y - 1] = t;
      }
  for (guint x = 0; x < m; x++)
    {
      guint i = order[x];
      guint32 bit = CS_BIT (p->services[i].sector);
      double want = places_at (b, i, lambda) - b->held[i], left = 0.0, take;
      if (want <= 0)
        continue;
      for (guint j = 0; j < p->n_providers; j++)
        if (p->providers[j].sectors & bit)
          left += free_pl[j];
      take = MIN (want, left);
      for (guint j = 0; j < p->n_providers && left > 0; j++)
        if (p->providers[j].sectors & bit)
          free_pl[j] -= take * free_pl[j] / left;
      if (want > take + 0.5)
        {
          double hi = MAX (b->lo[i], b->held[i] + take);
          if (hi < b->hi[i] - 1e-9)
            {
              b->hi[i] = hi;
              moved = TRUE;
            }
        }
    }
  return moved;
}

/* Places of service i held by arrangements whose scope excludes it. */
static double
orphan_places (const CsCommission *c, guint i)
{
  double sum = 0.0;

  for (guint k = 0; k < c->contracts->len; k++)
    {
      const CsContract *x = &g_array_index (c->contracts, CsContract, k);
      if (x->service == i && x->state == CS_CONTRACT_LIVE
          && !cs_plan_in_scope (&c->arrs[x->arr], &c->p->services[i]))
        sum += x->places;
    }
  return sum;
}

/* Priority of service i for arrangement a (before scaling), its cost of
 * a place and its bounds. */
static void
service_terms (CsCommission *c, CsArr *a, guint i, const double *wdom,
               const double *wstage, Bounds *b, double *pri)
{
  const CsService *s = &c->p->services[i];
  double v = c->p->commissioning.max_change_per_cycle.value;
  double share = cs_plan_share (c, a, i);
  double base, per_child;
  CsServiceReport r;
  Agg g;

  cs_world_service_report (c->w, i, &r);
  aggregate (c, a->est, s, &a->p->eligibility, a->locs, wdom, wstage, &g);
  per_child = isfinite (a->cost_child[i]) && a->cost_child[i] > 0
                  ? a->cost_child[i]
                  : cs_plan_place_cost (s, r.price_rr) * mean_days (s)
                        / SIM_DAYS_PER_YEAR;
  pri[i] = g.need > 0 && per_child > 0
               ? g.weighted / g.need * benefit (a, s, r.quality) / per_child
               : 0.0;
  b->k[i] = cs_plan_place_cost (s, r.price_rr);
  b->need[i] = a->required[i];
  base = cs_contract_places (c, a->index, i, TRUE)
         + share * orphan_places (c, i);
  b->held[i] = cs_contract_places (c, a->index, i, TRUE);
  b->lo[i] = MAX (0.0, base * (1.0 - v));
  b->hi[i] = base >= 1.0 ? base * (1.0 + v) : MIN (1.0, v) * b->need[i];
  b->hi[i] = MAX (b->hi[i], b->lo[i]);
}

void
cs_plan_priorities (CsCommission *c, CsArr *a)
{
  const CsParams *p = c->p;
  guint n = p->n_services;
  g_autofree double *buf = g_new0 (double, 5 * (gsize)MAX (1u, n));
  Bounds b
      = { n, a->priority, buf, buf + n, buf + 2 * n, buf + 3 * n, buf + 4 * n };
  double wdom[CS_N_DOMAINS], wstage[CS_N_STAGES], top = 0.0, lambda;
  double by_sector[CS_N_SECTORS] = { 0 };

  decision_weights (c, a, wdom);
  for (guint st = 0; st < CS_N_STAGES; st++)
    wstage[st] = a->p->weight_stage[st].value;
  for (guint i = 0; i < n; i++)
    {
      a->priority[i] = 0.0;
      if (!cs_plan_in_scope (a, &p->services[i]))
        continue;
      service_terms (c, a, i, wdom, wstage, &b, a->priority);
      top = MAX (top, a->priority[i]);
    }
  for (guint i = 0; i < n && top > 0; i++)
    a->priority[i] /= top;
  a->planning_budget = a->income - a->p->running_cost_gbp_per_year.value
                       - staff_cost_per_year (a) - out_of_scope_cost (c, a);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    a->planning_budget
        += MIN (0.0, cs_ledger_available (c->ledger, a->fund, s));
  a->carried = carry_forward (c, a);
  a->carry_close = c->closes;
  a->planning_budget += a->carried;
  a->planning_budget = MAX (0.0, a->planning_budget);
  lambda = top > 0 ? solve_lambda (&b, a->planning_budget) : 0.0;
  if (p->commissioning.plan_within_capacity)
    for (guint it = 0; it <= n && top > 0 && within_capacity (c, a, &b, lambda);
         it++)
      lambda = solve_lambda (&b, a->planning_budget);
  for (guint i = 0; i < n; i++)
    {
      const CsService *s = &p->services[i];
      if (!cs_plan_in_scope (a, s))
        {
          a->plan[i] = NAN;
          continue;
        }
      a->plan[i] = round (places_at (&b, i, lambda));
      {
        guint32 joint = cs_plan_joint_sectors (a, s);
        guint nj = 0;
        for (guint k = 0; k < CS_N_SECTORS; k++)
          nj += (joint & CS_BIT (k)) != 0;
        if (!joint) /* the service's own sector plans for it */
          by_sector[s->sector] += a->plan[i] * b.k[i];
        for (guint k = 0; k < CS_N_SECTORS && joint; k++)
          if (joint & CS_BIT (k)) /* the sectors sharing it, equally */
            by_sector[k] += a->plan[i] * b.k[i] / nj;
      }
    }
  set_funding (c, a, by_sector);
  a->planned = TRUE;
}

/* ---- Parameters without effect (issue 13) -------------------------------- */

/* Whether holder h (a partner, or school h - n_partners) is a member of
 * arrangement a. */
static gboolean
param_member (const CsParams *p, const CsArrangement *a, guint h)
{
  for (guint m = 0; m < a->n_members; m++)
    {
      const CsMember *mb = &a->members[m];
      if ((mb->kind == CS_MEMBER_PARTNER ? mb->index
                                         : p->n_partners + mb->index)
          == h)
        return TRUE;
    }
  return FALSE;
}

/* Share of the yearly cost at the starting places of sector s's services
 * that no arrangement holder h is a member of has in scope; their tiers
 * are appended to `tiers` (may be NULL). */
static double
param_uncovered (const CsParams *p, guint h, CsSector s, GString *tiers)
{
  double total = 0.0, out = 0.0;
  guint32 seen = 0;

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *sv = &p->services[i];
      double cost;
      gboolean covered = FALSE;
      if (sv->sector != s)
        continue;
      cost = cs_plan_place_cost (sv, initial_price (p, sv)) * sv->places.value;
      total += cost;
      for (guint k = 0; k < p->n_arrangements && !covered; k++)
        covered = param_member (p, &p->arrangements[k], h)
                  && (p->arrangements[k].tiers & CS_BIT (sv->tier))
                  && (p->arrangements[k].sectors & CS_BIT (s));
      if (covered)
        continue;
      out += cost;
      if (tiers && !(seen & CS_BIT (sv->tier)))
        g_string_append_printf (tiers, "%s%s", seen ? ", " : "",
                                cs_tier_names[sv->tier]);
      seen |= CS_BIT (sv->tier);
    }
  return total > 0 ? out / total : 0.0;
}

GStrv
cs_commission_idle_parameters (const CsParams *p)
{
  GPtrArray *b = g_ptr_array_new ();
  double school_money = 0.0, school_pool = 0.0;
  guint school_n = 0;

  for (guint h = 0; h < p->n_partners; h++)
    {
      const CsPartner *pa = &p->partners[h];
      gboolean member = FALSE, uses_share = FALSE;
      for (guint k = 0; k < p->n_arrangements; k++)
        for (guint m = 0; m < p->arrangements[k].n_members; m++)
          {
            const CsMember *mb = &p->arrangements[k].members[m];
            if (mb->kind != CS_MEMBER_PARTNER || mb->index != h)
              continue;
            member = TRUE;
            uses_share = uses_share
                         || mb->pooled_share.value == pa->pooled_share.value;
          }
      if (pa->pooled_share.value > 0 && !uses_share)
        g_ptr_array_add (
            b, g_strdup_printf (
                   "partners.%s.pooled_share=%g has no effect: %s", pa->id,
                   pa->pooled_share.value,
                   member ? "every membership of this partner sets its own "
                            "pooled_share"
                          : "the partner is a member of no arrangement, so "
                            "there is nothing to pool into"));
      for (guint s = 0; s < CS_N_SECTORS; s++)
        {
          g_autoptr (GString) tiers = g_string_new (NULL);
          double budget = pa->budget_gbp_per_year[s].value, x;
          if (!(budget > 0))
            continue;
          if (!member)
            {
              g_ptr_array_add (
                  b, g_strdup_printf (
                         "partners.%s.budget_gbp_per_year.%s=%.0f has no "
                         "effect: the partner is a member of no arrangement; "
                         "its money is reported unspent (partner:%s "
                         "unallocated_%s_gbp)",
                         pa->id, cs_sector_names[s], budget, pa->id,
                         cs_sector_names[s]));
              continue;
            }
          x = param_uncovered (p, h, (CsSector)s, tiers)
              * (1.0 - p->commissioning.unallocated_to_members.value);
          if (x > 1e-9)
            g_ptr_array_add (
                b, g_strdup_printf (
                       "partners.%s.budget_gbp_per_year.%s: %.0f%% of it pays "
                       "for %s %s services that no arrangement the partner is "
                       "a member of commissions; that part is aligned with "
                       "nobody and reported unspent (partner:%s "
                       "unallocated_%s_gbp)",
                       pa->id, cs_sector_names[s], 100.0 * x, tiers->str,
                       cs_sector_names[s], pa->id, cs_sector_names[s]));
        }
    }
  for (guint k = 0; k < p->n_schools; k++)
    {
      guint h = p->n_partners + k;
      gboolean member = FALSE;
      for (guint a = 0; a < p->n_arrangements && !member; a++)
        member = param_member (p, &p->arrangements[a], h);
      if (member)
        continue;
      school_n++;
      school_money += p->schools[k].budget_gbp_per_year.value;
      school_pool += p->schools[k].pooled_share.value;
    }
  if (school_n > 0 && school_money > 0)
    g_ptr_array_add (
        b, g_strdup_printf (
               "schools.*.budget_gbp_per_year has no effect for %u of %u "
               "schools (%.0f pounds a year): they are members of no "
               "arrangement; their money is reported unspent (schools "
               "unallocated_education_gbp)",
               school_n, p->n_schools, school_money));
  if (school_n > 0 && school_pool > 0)
    g_ptr_array_add (
        b, g_strdup_printf ("schools.*.pooled_share has no effect for %u of "
                            "%u schools: they are members of no arrangement, "
                            "so there is nothing to pool into",
                            school_n, p->n_schools));
  g_ptr_array_add (b, NULL);
  return (GStrv)g_ptr_array_free (b, FALSE);
}
