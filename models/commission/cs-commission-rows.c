/* cs-commission-rows.c: the commissioning model's observations: reach
 * samples on and off the school roll, and the rows of a period (see
 * docs/outputs.md, "Commissioning").
 *
 * Rows for a measurement year are made when its financial period closes
 * (cs-commission.c), those for "all" at the horizon, from the ledger's
 * totals and the arrangements' and services' statistics of the same
 * period (`which`: 0 the period, 1 the observed run).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "models/params/cs-trace.h"
#include "models/commission/cs-commission-private.h"

/* ---- Reach samples ------------------------------------------------------- */

static void
sample_child (CsCommission *c, const CsChildView *v, guint thr)
{
  CsReach *r[2];
  gboolean need = FALSE, served = FALSE, waiting = FALSE;
  guint n = 0;

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if (v->stage[d] >= thr)
      {
        need = TRUE;
        served = served || (v->served & CS_BIT (d));
        waiting = waiting || (v->waiting & CS_BIT (d));
      }
  switch (v->place)
    {
    case CS_PLACE_ROLL:
      r[n++] = &c->reach[0][CS_REACH_ON_ROLL];
      break;
    case CS_PLACE_PRE_SCHOOL:
    case CS_PLACE_EXCLUDED:
    case CS_PLACE_HOME_EDUCATED:
    case CS_PLACE_OUT_OF_AREA:
      r[n++] = &c->reach[0][CS_REACH_OUTSIDE];
      r[n++]
          = &c->reach[0]
                     [CS_REACH_KIND0
                      + (v->place == CS_PLACE_PRE_SCHOOL ? CS_OUTSIDE_PRE_SCHOOL
                         : v->place == CS_PLACE_EXCLUDED ? CS_OUTSIDE_EXCLUDED
                         : v->place == CS_PLACE_HOME_EDUCATED
                             ? CS_OUTSIDE_HOME_EDUCATED
                             : CS_OUTSIDE_LOOKED_AFTER_OUT_OF_AREA)];
      break;
    default:
      return;
    }
  for (guint k = 0; k < n; k++)
    {
      r[k]->children++;
      r[k]->need += need;
      r[k]->served += need && served;
      r[k]->waiting += need && waiting && !served;
    }
}

void
cs_commission_sample (CsCommission *c, guint j)
{
  const SimRunConfig *cfg = sim_engine_config (c->eng);
  guint thr = (guint)c->p->groups.additional_needs_stage_min.value;
  CsChildView v;
  cs_commission_schedule (c,
                          (j + 1.5) * SIM_DAYS_PER_YEAR / CS_SAMPLES_PER_YEAR,
                          CS_COMMISSION_KIND_SAMPLE, 0, j + 1);
  CsReach before = c->reach[0][CS_REACH_OUTSIDE];
  const CsReach *after = &c->reach[0][CS_REACH_OUTSIDE];

  if (cs_commission_now (c) < cfg->warmup_days || c->p->commissioning_rows_only)
    return;
  for (guint g = 0; g < CS_N_REACH; g++)
    c->reach[0][g].samples++;
  for (guint i = 0; i < cs_world_n_records (c->w); i++)
    {
      cs_world_record_state (c->w, i, &v);
      if (v.place != CS_PLACE_GONE)
        sample_child (c, &v, thr);
    }
  cs_trace_say (c->eng, c->p, NULL, -1, NULL,
                &(CsTraceFacts){ .what = CS_TRACE_REACH_SAMPLE,
                                 .u.reach = { after->served - before.served,
                                              after->need - before.need } });
}

/* ---- Rows ---------------------------------------------------------------- */

static double
sum3 (const double *x)
{
  return x[0] + x[1] + x[2];
}

static double
spent (const CsLedgerTotals *t, guint s)
{
  return t->spend[CS_SPEND_SERVICES][s] + t->spend[CS_SPEND_COMMISSIONING][s];
}

/* A holder's share of the pooled funds' spend, by its contributions. */
static double
pooled_spend_of (const CsCommission *c, guint h, const CsLedgerTotals *tot,
                 guint which)
{
  double sum = 0.0;

  for (guint i = 0; i < c->p->n_arrangements; i++)
    {
      const CsArr *a = &c->arrs[i];
      const CsLedgerTotals *f = &tot[a->fund];
      const double *contrib = which ? a->contrib_all : a->contrib;
      for (guint m = 0; m < a->p->n_members; m++)
        {
          const CsMember *mb = &a->p->members[m];
          guint hm = mb->kind == CS_MEMBER_PARTNER
                         ? mb->index
                         : c->p->n_partners + mb->index;
          if (hm != h)
            continue;
          for (guint s = 0; s < CS_N_SECTORS; s++)
            if (f->transfer_in[s] > 0)
              sum += spent (f, s) * contrib[m * CS_N_SECTORS + s]
                     / f->transfer_in[s];
        }
    }
  return sum;
}

static void
emit_holder (CsCommission *c, SimResults *out, gint year, const char *group,
             const guint *hs, guint n, const CsLedgerTotals *tot, guint which)
{
  double v[7] = { 0 };

  for (guint k = 0; k < n; k++)
    {
      const CsLedgerTotals *t = &tot[hs[k]];
      v[0] += sum3 (t->income);
      v[1] += sum3 (t->transfer_out);
      v[2] += spent (t, 0) + spent (t, 1) + spent (t, 2);
      v[3] += pooled_spend_of (c, hs[k], tot, which);
      v[4] += sum3 (t->commitments);
      v[5] += sum3 (t->carry_over);
      v[6] += sum3 (t->opening);
    }
  sim_results_add (out, year, group, "budget_gbp", v[0]);
  sim_results_add (out, year, group, CS_OUT_CONTRIBUTION_GBP, v[1]);
  sim_results_add (out, year, group, CS_OUT_SPEND_GBP, v[2]);
  sim_results_add (out, year, group, "pooled_gbp", v[3]);
  sim_results_add (out, year, group, "commitments_gbp", v[4]);
  sim_results_add (out, year, group, "carry_over_gbp", v[5]);
  sim_results_add (out, year, group, "opening_gbp", v[6]);
}

/* Holder h's share of fund i's money of sector s: what its memberships
 * pool in that sector over what all members pool (constant over the run:
 * budgets and pooled shares do not change). */
static double
fund_share (const CsCommission *c, const CsArr *a, guint h, CsSector s)
{
  const CsParams *p = c->p;
  double mine = 0.0;

  if (!(a->pool_income[s] > 0))
    return 0.0;
  for (guint m = 0; m < a->p->n_members; m++)
    {
      const CsMember *mb = &a->p->members[m];
      guint hm = mb->kind == CS_MEMBER_PARTNER ? mb->index
                                               : p->n_partners + mb->index;
      double budget
          = hm < p->n_partners ? p->partners[hm].budget_gbp_per_year[s].value
            : s == CS_SECTOR_EDUCATION
                ? p->schools[hm - p->n_partners].budget_gbp_per_year.value
                : 0.0;
      if (hm == h)
        mine += mb->pooled_share.value * budget;
    }
  return mine / a->pool_income[s];
}

/* Money by holder and sector (issue 13, money follows responsibility):
 * what the holders hs paid in, spent, committed and left unspent, their
 * own account's and their shares of the pooled funds' together, so that
 * opening + budget = spent + committed + unspent in each sector; and the
 * part of the budget aligned with no responsible arrangement. */
static void
emit_holder_sectors (CsCommission *c, SimResults *out, gint year,
                     const char *group, const guint *hs, guint n,
                     const CsLedgerTotals *tot)
{
  const CsParams *p = c->p;
  char name[64];

  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      double v[6] = { 0 }; /* budget opening spent committed unspent unalloc */
      gboolean any = FALSE;
      for (guint k = 0; k < n; k++)
        {
          guint h = hs[k];
          const CsLedgerTotals *t = &tot[h];
          double pooled = 0.0;
          for (guint i = 0; i < p->n_arrangements; i++)
            for (guint m = 0; m < p->arrangements[i].n_members; m++)
              {
                const CsMember *mb = &p->arrangements[i].members[m];
                guint hm = mb->kind == CS_MEMBER_PARTNER
                               ? mb->index
                               : p->n_partners + mb->index;
                if (hm == h)
                  pooled += mb->pooled_share.value;
              }
          any = any || t->income[s] != 0 || t->opening[s] != 0;
          v[0] += t->income[s];
          v[1] += t->opening[s];
          v[2] += spent (t, s);
          v[3] += t->commitments[s];
          v[4] += t->carry_over[s];
          v[5] += t->income[s] * (1.0 - MIN (1.0, pooled))
                  * c->unalloc[h * CS_N_SECTORS + s];
          for (guint i = 0; i < p->n_arrangements; i++)
            {
              const CsArr *a = &c->arrs[i];
              const CsLedgerTotals *f = &tot[a->fund];
              double x = fund_share (c, a, h, s);
              if (!(x > 0))
                continue;
              v[1] += x * f->opening[s];
              v[2] += x * spent (f, s);
              v[3] += x * f->commitments[s];
              v[4] += x * f->carry_over[s];
            }
        }
      if (!any)
        continue;
#define SROW(m, x)                                                             \
  do                                                                           \
    {                                                                          \
      g_snprintf (name, sizeof name, m "_%s_gbp", cs_sector_names[s]);         \
      sim_results_add (out, year, group, name, (x));                           \
    }                                                                          \
  while (0)
      SROW ("budget", v[0]);
      SROW ("opening", v[1]);
      SROW ("spent", v[2]);
      SROW ("committed", v[3]);
      SROW ("unspent", v[4]);
      SROW ("unallocated", v[5]);
#undef SROW
    }
}

static void
emit_fund (SimResults *out, gint year, const char *group,
           const CsLedgerTotals *t, gboolean balances)
{
  char name[64];

  sim_results_add (out, year, group, "contributions_gbp",
                   sum3 (t->transfer_in));
  sim_results_add (out, year, group, CS_OUT_SPEND_GBP,
                   spent (t, 0) + spent (t, 1) + spent (t, 2));
  sim_results_add (out, year, group, "spend_services_gbp",
                   sum3 (t->spend[CS_SPEND_SERVICES]));
  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      g_snprintf (name, sizeof name, "spend_%s_gbp", cs_sector_names[s]);
      sim_results_add (out, year, group, name, spent (t, s));
    }
  if (!balances)
    return;
  sim_results_add (out, year, group, "opening_gbp", sum3 (t->opening));
  sim_results_add (out, year, group, "commitments_gbp", sum3 (t->commitments));
  sim_results_add (out, year, group, "carry_over_gbp", sum3 (t->carry_over));
}

static void
emit_money (CsCommission *c, SimResults *out, gint year,
            const CsLedgerTotals *tot, guint which)
{
  const CsParams *p = c->p;
  g_autofree guint *schools = g_new (guint, MAX (1u, p->n_schools));
  CsLedgerTotals pooled;

  double budget = 0.0, unspent = 0.0;

  for (guint h = 0; h < p->n_partners; h++)
    {
      g_autofree char *g
          = g_strdup_printf (CS_OUT_PARTNER_PREFIX "%s", p->partners[h].id);
      emit_holder (c, out, year, g, &h, 1, tot, which);
      emit_holder_sectors (c, out, year, g, &h, 1, tot);
    }
  for (guint s = 0; s < p->n_schools; s++)
    schools[s] = p->n_partners + s;
  if (p->n_schools > 0)
    {
      emit_holder (c, out, year, "schools", schools, p->n_schools, tot, which);
      emit_holder_sectors (c, out, year, "schools", schools, p->n_schools, tot);
    }
  for (guint a = 0; a < c->n_holders + p->n_arrangements; a++)
    {
      budget += sum3 (tot[a].income);
      unspent += sum3 (tot[a].carry_over);
    }
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "budget_gbp", budget);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, CS_OUT_UNSPENT_GBP, unspent);
  memset (&pooled, 0, sizeof pooled);
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      const CsArr *a = &c->arrs[i];
      g_autofree char *g = NULL;
      if (!(a->pool_income[0] + a->pool_income[1] + a->pool_income[2] > 0))
        continue;
      g = g_strdup_printf ("fund:%s", a->p->id);
      emit_fund (out, year, g, &tot[a->fund], TRUE);
      cs_commission_add_totals (&pooled, &tot[a->fund], FALSE);
    }
  emit_fund (out, year, CS_OUT_GROUP_POOLED, &pooled, FALSE);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "unfunded_spend_gbp",
                   c->unfunded[which]);
}

static void
emit_commissioner (CsCommission *c, SimResults *out, gint year, CsArr *a,
                   guint which)
{
  const CsArrStats *st = &a->stats[which];
  g_autofree char *g = g_strdup_printf ("commissioner:%s", a->p->id);
  guint live = 0;
  double planned = 0.0;

  for (guint k = 0; k < c->contracts->len; k++)
    live += cs_contract (c, k)->arr == a->index
            && cs_contract (c, k)->state == CS_CONTRACT_LIVE;
  for (guint i = 0; i < c->p->n_services; i++)
    planned += isnan (a->plan[i]) ? 0.0 : a->plan[i];
#define ROW(m, v) sim_results_add (out, year, g, m, (v))
  ROW ("staff_cost_gbp", st->staff_cost);
  ROW ("running_cost_gbp", st->running_cost);
  ROW ("transaction_cost_gbp", st->transaction_cost);
  ROW ("commissioning_cost_gbp",
       st->staff_cost + st->running_cost + st->transaction_cost);
  ROW ("services_spend_gbp", st->services_spend);
  ROW ("sanction_spend_gbp", st->sanction_spend);
  ROW ("needs_analyses", (double)st->needs_analyses);
  ROW ("reviews", (double)st->reviews);
  ROW ("procurements", (double)st->procurements);
  ROW ("procurement_failures", (double)st->failures);
  ROW ("procurements_without_bids", (double)st->no_bids);
  ROW ("procurements_abandoned", (double)st->abandoned);
  ROW ("contracts", (double)st->contracts);
  ROW ("renewals", (double)st->renewals);
  ROW ("variations", (double)st->variations);
  ROW ("decommissions", (double)st->decommissions);
  ROW ("qa_replacements", (double)st->qa_replacements);
  ROW ("tender_days_mean", sim_tally_mean (&st->tender_days));
  ROW ("contracts_live", (double)live);
  ROW ("places_contracted", cs_contract_held (c, a->index, FALSE));
  ROW ("places_planned", a->planned ? planned : NAN);
  ROW ("income_gbp_per_year", a->income);
  for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
    {
      char m[64];
      g_snprintf (m, sizeof m, "%s_days", cs_cycle_stage_names[s]);
      ROW (m, st->stage_days[s]);
      g_snprintf (m, sizeof m, "%s_staff_cost_gbp", cs_cycle_stage_names[s]);
      ROW (m, st->stage_cost[s]);
    }
  ROW ("pooled_income_share",
       a->income > 0
           ? (a->pool_income[0] + a->pool_income[1] + a->pool_income[2])
                 / a->income
           : NAN);
#undef ROW
}

static void
emit_joint (CsCommission *c, SimResults *out, gint year, guint which)
{
  const CsParams *p = c->p;
  double sector[CS_N_SECTORS] = { 0 }, tier[CS_N_TIERS] = { 0 }, all = 0.0;
  char name[64];

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *s = &p->services[i];
      const CsSvcMoney *sm = &c->svc[i];
      g_autofree char *g = g_strdup_printf (CS_OUT_SERVICE_PREFIX "%s", s->id);
      double places = 0.0;
      guint holders = 0;
      for (guint a = 0; a < p->n_arrangements; a++)
        {
          double x = cs_contract_places (c, a, i, FALSE);
          places += x;
          holders += x > 0;
        }
      sim_results_add (out, year, g, CS_OUT_JOINTLY_COMMISSIONED,
                       sm->joint_seen[which] ? 1.0 : 0.0);
      if (which == 1) /* the whole run: when it first was (issue 15) */
        sim_results_add (out, year, g, CS_OUT_JOINT_FROM_DAY,
                         sm->joint_first_set
                             ? sm->joint_first
                                   - sim_engine_config (c->eng)->warmup_days
                             : NAN);
      for (guint k = 0; k < CS_N_SECTORS; k++)
        {
          g_snprintf (name, sizeof name, "paid_%s_gbp", cs_sector_names[k]);
          sim_results_add (out, year, g, name, sm->paid[which][k]);
        }
      sim_results_add (out, year, g, "places_contracted", places);
      sim_results_add (out, year, g, "commissioners", (double)holders);
      if (!sm->joint_seen[which])
        continue;
      sector[s->sector]++;
      tier[s->tier]++;
      all++;
    }
  for (guint k = 0; k < CS_N_SECTORS; k++)
    sim_results_addf (out, year, "jointly_commissioned_services", sector[k],
                      CS_OUT_SECTOR_PREFIX "%s", cs_sector_names[k]);
  for (guint k = 0; k < CS_N_TIERS; k++)
    sim_results_addf (out, year, "jointly_commissioned_services", tier[k],
                      CS_OUT_TIER_PREFIX "%s", cs_tier_names[k]);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "jointly_commissioned_services",
                   all);
}

static void
emit_reach (CsCommission *c, SimResults *out, gint year, guint which)
{
  static const char *const names[CS_N_REACH] = {
    "on_roll",
    "outside_roll",
    "outside:pre_school",
    "outside:excluded",
    "outside:home_educated",
    "outside:looked_after_out_of_area",
  };

  for (guint g = 0; g < CS_N_REACH; g++)
    {
      const CsReach *r = &c->reach[which][g];
      double n = r->samples;
      sim_results_add (out, year, names[g], "children_mean",
                       n > 0 ? r->children / n : NAN);
      sim_results_add (out, year, names[g], "need_mean",
                       n > 0 ? r->need / n : NAN);
      sim_results_add (out, year, names[g], "served_share",
                       r->need > 0 ? r->served / r->need : NAN);
      sim_results_add (out, year, names[g], "waiting_share",
                       r->need > 0 ? r->waiting / r->need : NAN);
    }
}

void
cs_commission_rows (CsCommission *c, SimResults *out, gint year,
                    const CsLedgerTotals *tot, guint which)
{
  emit_money (c, out, year, tot, which);
  for (guint i = 0; i < c->p->n_arrangements; i++)
    emit_commissioner (c, out, year, &c->arrs[i], which);
  emit_joint (c, out, year, which);
  /* The reach samples are children's rows (cs_commission_sample). */
  if (c->p->n_arrangements > 0 && !c->p->commissioning_rows_only)
    emit_reach (c, out, year, which);
}
