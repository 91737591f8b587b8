/* cs-measure.c: the area's rows: a census at each year end, flows, services,
 * and "all".
 *
 * Stocks (children, prevalences, ECM means, reach, shares) come from a
 * census of the children present at each measurement-year end; flows
 * (events, unmet-need days, waits, spend) are summed over the period,
 * each counted in the groups the child was in when it happened (for
 * accruing quantities: between the child's flushes, when its state and
 * groups are constant).  For the whole run ("all"): flows are totals over
 * the observed period; stocks are the means over the year-end censuses
 * (plus one at the horizon when it is not a year end); ratios are ratios
 * of those sums.  docs/outputs.md lists every row.
 *
 * ECM means use the expectation of a child's baseline (mean +
 * deprivation shift), not its individual draw: the individual deviation
 * has mean 0 and feeds nothing else, so leaving it out of means removes
 * noise without bias (cs_world_child() shows individual scores).
 *
 * At every year end the world's invariants are checked (cs_world_check);
 * a violation stops the run with an internal error (exit 70).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "models/params/cs-outputs.h"
#include "models/world/cs-world-private.h"
#include "sim/sim-error.h"

typedef struct
{
  double children;
  double prevalence[CS_N_DOMAINS];
  double ecm[CS_N_ECM];
  double need, reached;
  double additional, sen, statement, disabled, looked_after, in_need;
  /* Children in need not looked after, and those of them with a
   * social-care episode running ([CiN 2001]: 52% got a service in a
   * typical week). */
  double in_need_other, in_need_served;
  /* Pupils on a roll (of them at key stage 4 ages, with a statement),
   * and children with a need at stage 4 in any domain. */
  double pupils, pupils_ks4, sen_pupils, statement_pupils, stage4;
  /* Without a statement, at School Action and School Action Plus. */
  double action_pupils, action_plus_pupils;
} Stock;

/* Children served by a tier or sector. */
typedef struct
{
  double served, reached, ecm[CS_N_ECM];
} ServedStock;

typedef struct
{
  Stock child[CS_N_CHILD_GROUPS];
  ServedStock tier[CS_N_TIERS];
  ServedStock sector[CS_N_SECTORS];
  /* Across mainstream schools: the correlation of the share of pupils
   * with a need at stage 3 or more (any domain), and of the share with a
   * statement, with the share of pupils from income-deprived families
   * ([SENPOG 2006] Doran: 0.48 and none in Stirling); summed over
   * censuses. */
  double r_higher_deprivation, r_statement_deprivation;
  /* All children present by domain and stage (issue 13 item 6: the
   * stage shares a calibration sets initial_share to). */
  double stage[CS_N_DOMAINS][CS_N_STAGES];
} Census;

struct CsMeasure
{
  SimResults *yearly;
  gint year;
  double last_census;
  guint n_census;
  Census total; /* sums over censuses */
};

CsMeasure *
cs_measure_new (CsWorld *w)
{
  CsMeasure *m = g_new0 (CsMeasure, 1);

  (void)w;
  m->yearly = sim_results_new ();
  return m;
}

void
cs_measure_free (CsMeasure *m)
{
  if (!m)
    return;
  sim_results_free (m->yearly);
  g_free (m);
}

void
cs_measure_baseline (const CsWorld *w, guint id, double *ecm)
{
  const CsEcmParams *e = &w->p->ecm;
  double dep = w->locs[w->kids[id].locality].dep;
  SimRng rng;

  sim_rng_init (&rng, w->seed, w->replication, CS_STREAM_BASELINE,
                cs_child_id (w, id));
  for (guint k = 0; k < CS_N_ECM; k++)
    ecm[k] = e->baseline_mean[k].value + e->deprivation_shift[k].value * dep
             + e->baseline_sd[k].value
                   * gsl_ran_gaussian_ziggurat (sim_rng_gsl (&rng), 1.0);
}

/* ---- Census ------------------------------------------------------------- */

static gboolean
social_care_running (const CsWorld *w, const CsChild *c)
{
  for (guint32 k = c->first_case; k != CS_CASE_NONE;
       k = w->cases[k].next_of_child)
    if (w->cases[k].kind == CS_CASE_RUNNING
        && w->p->services[w->cases[k].service].sector == CS_SECTOR_SOCIAL_CARE)
      return TRUE;
  return FALSE;
}

/* The counts of a Stock (every field but ecm), as integers.  A census
 * adds 0s and 1s, and an integer sum, unlike a sum of doubles, is the same
 * in any order and at any grouping: so a child's counts are added to a
 * group's with vector additions, and converted once at the end (exact:
 * every count is far below 2^53), giving the doubles that adding 1.0s
 * gave.  Same fields as Stock, in the same order. */
typedef struct
{
  guint32 children;
  guint32 prevalence[CS_N_DOMAINS];
  guint32 need, reached;
  guint32 additional, sen, statement, disabled, looked_after, in_need;
  guint32 in_need_other, in_need_served;
  guint32 pupils, pupils_ks4, sen_pupils, statement_pupils, stage4;
  guint32 action_pupils, action_plus_pupils;
} Count;

#define COUNT_N (sizeof (Count) / sizeof (guint32))
G_STATIC_ASSERT (sizeof (Stock) == (COUNT_N + CS_N_ECM) * sizeof (double));

/* A child's counts (onto zeros). */
static void
count_child (const CsWorld *w, const CsChild *c, Count *n)
{
  const CsGroupDefs *g = &w->p->groups;
  guint thr = cs_threshold (&g->additional_needs_stage_min);
  guint top;

  n->children = 1;
  if (c->place == CS_PLACE_ROLL)
    {
      const CsLifeEvents *le = &w->p->life;
      n->pupils = 1;
      n->pupils_ks4
          = c->age >= le->ks4_age_min.value && c->age <= le->ks4_age_max.value;
      n->sen_pupils = cs_stage (c, CS_DOMAIN_LEARNING_SEN)
                      >= cs_threshold (&g->sen_stage_min);
      n->statement_pupils = cs_has_statement (w, c);
      if (w->p->sen.on && !cs_has_statement (w, c))
        {
          guint ls = cs_stage (c, CS_DOMAIN_LEARNING_SEN);
          guint plus = cs_threshold (&w->p->sen.school_action_plus_stage);
          n->action_pupils = ls >= cs_threshold (&w->p->sen.school_action_stage)
                             && ls < plus;
          n->action_plus_pupils = ls >= plus;
        }
    }
  for (guint d = 0; c->stages && d < CS_N_DOMAINS; d++)
    n->prevalence[d] = cs_stage (c, d) >= thr;
  if (c->year & CS_YEAR_NEED)
    {
      n->need = 1;
      n->reached = (c->year & (7u * CS_YEAR_REACHED_TIER)) != 0;
    }
  if (!c->stages && !(c->flags & (CS_CHILD_LOOKED_AFTER | CS_CHILD_OPEN_CASE)))
    return;
  top = cs_max_stage (c);
  n->additional = top >= thr;
  n->stage4 = top == CS_N_STAGES - 1;
  n->sen = cs_stage (c, CS_DOMAIN_LEARNING_SEN)
           >= cs_threshold (&g->sen_stage_min);
  n->statement = cs_has_statement (w, c);
  n->disabled = cs_stage (c, CS_DOMAIN_DISABILITY)
                >= cs_threshold (&g->disabled_stage_min);
  n->looked_after = (c->flags & CS_CHILD_LOOKED_AFTER) != 0;
  n->in_need = (c->flags & (CS_CHILD_OPEN_CASE | CS_CHILD_LOOKED_AFTER))
               && (top >= cs_threshold (&g->child_in_need_stage_min)
                   || (c->flags & CS_CHILD_LOOKED_AFTER));
  if ((c->flags & CS_CHILD_OPEN_CASE) && !(c->flags & CS_CHILD_LOOKED_AFTER)
      && top >= cs_threshold (&g->child_in_need_stage_min))
    {
      n->in_need_other = 1;
      n->in_need_served = social_care_running (w, c);
    }
}

static void
count_add (Count *into, const Count *one)
{
  guint32 *dst = (guint32 *)into;
  const guint32 *src = (const guint32 *)one;

  for (gsize i = 0; i < COUNT_N; i++)
    dst[i] += src[i];
}

/* The stock's counts from n (its ecm sums are left as they are). */
static void
count_to_stock (const Count *n, Stock *st)
{
  st->children = n->children;
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    st->prevalence[d] = n->prevalence[d];
  st->need = n->need;
  st->reached = n->reached;
  st->additional = n->additional;
  st->sen = n->sen;
  st->statement = n->statement;
  st->disabled = n->disabled;
  st->looked_after = n->looked_after;
  st->in_need = n->in_need;
  st->in_need_other = n->in_need_other;
  st->in_need_served = n->in_need_served;
  st->pupils = n->pupils;
  st->pupils_ks4 = n->pupils_ks4;
  st->sen_pupils = n->sen_pupils;
  st->statement_pupils = n->statement_pupils;
  st->stage4 = n->stage4;
  st->action_pupils = n->action_pupils;
  st->action_plus_pupils = n->action_plus_pupils;
}

/* ecm: the child's ECM scores as census adds them (Stock.ecm). */
static void
add_served (const CsChild *c, const double *ecm, ServedStock *ss,
            guint served_bit, guint reached_bit)
{
  if (!(c->year & served_bit))
    return;
  ss->served++;
  ss->reached += (c->year & reached_bit) && (c->year & CS_YEAR_NEED);
  for (guint k = 0; k < CS_N_ECM; k++)
    ss->ecm[k] += ecm[k];
}

/* Pearson's correlation of y with x over n points (NAN when either does
 * not vary). */
static double
pearson (const double *x, const double *y, guint n)
{
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;

  for (guint i = 0; i < n; i++)
    {
      mx += x[i] / n;
      my += y[i] / n;
    }
  for (guint i = 0; i < n; i++)
    {
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
      sxy += (x[i] - mx) * (y[i] - my);
    }
  return sxx > 0 && syy > 0 ? sxy / sqrt (sxx * syy) : NAN;
}

/* Pupils of each school, for the across-school correlations of the
 * census (Census): counted in census()'s one pass over the children. */
typedef struct
{
  double *pupils, *dep, *hi, *stm;
} SchoolSums;

static void
school_sums_add (const CsWorld *w, const CsChild *c, SchoolSums *ss)
{
  guint higher = 3;

  if (c->place != CS_PLACE_ROLL)
    return;
  ss->pupils[c->school]++;
  ss->dep[c->school] += (c->flags & CS_CHILD_DEPRIVED) != 0;
  ss->hi[c->school] += cs_max_stage (c) >= higher;
  ss->stm[c->school] += cs_has_statement (w, c);
}

/* The across-school correlations of the census (Census) from the sums
 * (overwritten). */
static void
school_correlations (const CsWorld *w, SchoolSums *ss, Census *cen)
{
  const CsParams *p = w->p;
  double *dep = ss->dep, *hi = ss->hi, *stm = ss->stm;
  guint n = 0;

  for (guint k = 0; k < p->n_schools; k++)
    if (p->schools[k].type != CS_SCHOOL_SPECIAL && ss->pupils[k] > 0)
      {
        dep[n] = dep[k] / ss->pupils[k];
        hi[n] = hi[k] / ss->pupils[k];
        stm[n] = stm[k] / ss->pupils[k];
        n++;
      }
  cen->r_higher_deprivation = pearson (dep, hi, n);
  cen->r_statement_deprivation = pearson (dep, stm, n);
}

/* Count the children present; with `reset`, start a new measurement year
 * for each child's year bits; with `flush`, flush each child first (as
 * cs_world_flush_all() before the census would: a flush changes only
 * the child and the flows, which the census does not read).  The school
 * sums read nothing that the flush or the year bits change, so they are
 * counted in the same pass, child by child in the same order. */
static void
census (CsWorld *w, Census *cen, gboolean reset, gboolean flush)
{
  const CsEcmParams *e = &w->p->ecm;
  guint thr = cs_threshold (&w->p->groups.additional_needs_stage_min);
  guint32 needs[CS_N_DOMAINS][CS_N_STAGES] = { { 0 } };
  Count counts[CS_N_CHILD_GROUPS];
  guint32 served_any = (((1u << CS_N_TIERS) - 1) * CS_YEAR_SERVED_TIER)
                       | (((1u << CS_N_SECTORS) - 1) * CS_YEAR_SERVED_SECTOR);
  guint n_schools = MAX (1u, w->p->n_schools);
  g_autofree double *sums = g_new0 (double, 4 * n_schools);
  SchoolSums ss
      = { sums, sums + n_schools, sums + 2 * n_schools, sums + 3 * n_schools };

  memset (cen, 0, sizeof *cen);
  memset (counts, 0, sizeof counts);
  for (guint i = 0; i < w->n_kids; i++)
    {
      CsChild *c = &w->kids[i];
      Count one;
      double ecm[CS_N_ECM], dep;
      guint32 m;

      if (c->place == CS_PLACE_GONE)
        continue;
      if (flush)
        cs_world_flush (w, i);
      memset (&one, 0, sizeof one);
      count_child (w, c, &one);
      dep = w->locs[c->locality].dep;
      for (guint k = 0; k < CS_N_ECM; k++)
        ecm[k] = e->baseline_mean[k].value + e->deprivation_shift[k].value * dep
                 + c->ecm[k] / CS_ECM_SCALE;
      school_sums_add (w, c, &ss);
      for (m = cs_world_groups (w, c); m; m &= m - 1)
        {
          guint g = cs_lowest_bit (m);
          count_add (&counts[g], &one);
          for (guint k = 0; k < CS_N_ECM; k++)
            cen->child[g].ecm[k] += ecm[k];
        }
      if (c->year & served_any)
        {
          for (guint t = 0; t < CS_N_TIERS; t++)
            add_served (c, ecm, &cen->tier[t], CS_YEAR_SERVED_TIER << t,
                        CS_YEAR_REACHED_TIER << t);
          for (guint s = 0; s < CS_N_SECTORS; s++)
            add_served (c, ecm, &cen->sector[s], CS_YEAR_SERVED_SECTOR << s,
                        CS_YEAR_REACHED_SECTOR << s);
        }
      for (guint d = 0; c->stages && d < CS_N_DOMAINS; d++)
        needs[d][cs_stage (c, d)]++;
      if (!reset)
        continue;
      c->year = cs_max_stage (c) >= thr ? CS_YEAR_NEED : 0;
      if (c->first_case != CS_CASE_NONE || c->open)
        cs_services_mark_year (w, i);
    }
  for (guint g = 0; g < CS_N_CHILD_GROUPS; g++)
    count_to_stock (&counts[g], &cen->child[g]);
  school_correlations (w, &ss, cen);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    for (guint st = 0; st < CS_N_STAGES; st++)
      cen->stage[d][st] = needs[d][st];
  for (guint i = 0; i < w->p->n_services; i++)
    {
      CsServiceState *s = &w->svcs[i];
      if (s->p->access != CS_ACCESS_REFERRAL)
        continue;
      s->needing = 0.0;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        for (guint st = 1; (s->p->domains & (1u << d)) && st < CS_N_STAGES;
             st++)
          if (st >= s->p->stage_min.value && st <= s->p->stage_max.value)
            s->needing += needs[d][st];
    }
}

static void
accumulate (Census *into, const Census *c)
{
  const double *src = (const double *)c;
  double *dst = (double *)into;

  G_STATIC_ASSERT (sizeof (Census) % sizeof (double) == 0);
  for (gsize i = 0; i < sizeof (Census) / sizeof (double); i++)
    dst[i] += src[i];
}

/* ---- Rows --------------------------------------------------------------- */

static double
ratio (double a, double b)
{
  return b > 0 ? a / b : NAN;
}

static void
emit_stock (SimResults *out, gint year, const char *group, const Stock *st,
            double n_census)
{
  char name[96];

  sim_results_add (out, year, group, CS_OUT_CHILDREN, st->children / n_census);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      g_snprintf (name, sizeof name, "prevalence_%s", cs_domain_names[d]);
      sim_results_add (out, year, group, name,
                       ratio (st->prevalence[d], st->children));
    }
  for (guint k = 0; k < CS_N_ECM; k++)
    {
      g_snprintf (name, sizeof name, "ecm_%s", cs_ecm_names[k]);
      sim_results_add (out, year, group, name,
                       ratio (st->ecm[k], st->children));
    }
  sim_results_add (out, year, group, CS_OUT_REACH,
                   ratio (st->reached, st->need));
  sim_results_add (out, year, group, CS_OUT_CHILDREN_REACHED, st->reached);
  sim_results_add (out, year, group, "additional_needs_share",
                   ratio (st->additional, st->children));
  sim_results_add (out, year, group, "sen_share",
                   ratio (st->sen, st->children));
  sim_results_add (out, year, group, "statement_share",
                   ratio (st->statement, st->children));
  sim_results_add (out, year, group, "disabled_share",
                   ratio (st->disabled, st->children));
  sim_results_add (out, year, group, "looked_after_per_1000",
                   1000 * ratio (st->looked_after, st->children));
  sim_results_add (out, year, group, "children_in_need_per_1000",
                   1000 * ratio (st->in_need, st->children));
  sim_results_add (out, year, group, "children_in_need_served_share",
                   ratio (st->in_need_served, st->in_need_other));
  sim_results_add (out, year, group, "pupils", st->pupils / n_census);
  sim_results_add (out, year, group, "sen_pupil_share",
                   ratio (st->sen_pupils, st->pupils));
  sim_results_add (out, year, group, "school_action_pupil_share",
                   ratio (st->action_pupils, st->pupils));
  sim_results_add (out, year, group, "school_action_plus_pupil_share",
                   ratio (st->action_plus_pupils, st->pupils));
  sim_results_add (out, year, group, "statement_pupil_share",
                   ratio (st->statement_pupils, st->pupils));
  sim_results_add (out, year, group, "stage4_share",
                   ratio (st->stage4, st->children));
}

static const char *const flow_names[CS_N_FLOWS] = {
  [CS_FLOW_ONSETS] = "onsets",
  [CS_FLOW_ESCALATIONS_TO_STAGE4] = "escalations_to_stage4",
  [CS_FLOW_ENTRIES_INTO_CARE] = "entries_into_care",
  [CS_FLOW_EXCLUSIONS] = "exclusions",
  [CS_FLOW_SCHOOL_MOVES] = "school_moves",
  [CS_FLOW_SCHOOL_MOVES_KS4] = "school_moves_ks4",
  [CS_FLOW_ASSESSMENTS] = "statutory_assessments",
  [CS_FLOW_STATEMENTS] = "statements_issued",
  [CS_FLOW_STATEMENTS_ON_TIME] = "statements_on_time",
  [CS_FLOW_REFERRALS] = CS_OUT_REFERRALS,
  [CS_FLOW_REFERRALS_WITHOUT_SERVICE] = CS_OUT_REFERRALS_WITHOUT_SERVICE,
  [CS_FLOW_EPISODES_ENDED_EARLY] = "episodes_ended_early",
};

/* Flows per 1,000 pupil-years: pupil_years and ks4_years are census
 * stocks (at each year end, summed over the years of the period), so
 * a rate is events / (pupils at the year ends x years). */
static void
emit_flows (SimResults *out, gint year, const char *group,
            const CsGroupFlows *f, double child_years, double pupil_years,
            double ks4_years)
{
  sim_results_add (
      out, year, group, "exclusions_per_1000_pupils",
      1000 * ratio ((double)f->count[CS_FLOW_EXCLUSIONS], pupil_years));
  sim_results_add (
      out, year, group, "school_moves_per_1000_pupils",
      1000 * ratio ((double)f->count[CS_FLOW_SCHOOL_MOVES], pupil_years));
  sim_results_add (
      out, year, group, "school_moves_ks4_per_1000_pupils",
      1000 * ratio ((double)f->count[CS_FLOW_SCHOOL_MOVES_KS4], ks4_years));
  for (guint i = 0; i < CS_N_FLOWS; i++)
    sim_results_add (out, year, group, flow_names[i], (double)f->count[i]);
  sim_results_add (out, year, group, CS_OUT_UNMET_NEED_DAYS,
                   f->unmet_need_days);
  sim_results_add (out, year, group, CS_OUT_UNMET_NEED_DAYS_PER_CHILD,
                   ratio (f->unmet_need_days, child_years));
  sim_results_add (out, year, group, CS_OUT_WAITING_DAYS_MEAN,
                   sim_tally_mean (&f->wait));
  sim_results_add (out, year, group, "spend_attributed_gbp",
                   f->spend_attributed);
}

static double
service_spend (const CsServicePeriod *per, double t)
{
  return per->spend_once + cs_level_area (&per->spend_rate, t);
}

static void
emit_service (SimResults *out, gint year, const CsServiceState *s,
              const CsServicePeriod *per, double t)
{
  const char *id = s->p->id;
  double days = t - per->start;
  double places = days > 0 ? cs_level_area (&per->places, t) / days : NAN;
  double busy = days > 0 ? cs_level_area (&per->busy, t) / days : NAN;
  double util;

  if (s->p->access == CS_ACCESS_OPEN) /* reached / what places could reach */
    util = s->mean_days > 0
               ? ratio ((double)per->served,
                        cs_level_area (&per->places, t) / s->mean_days)
               : NAN;
  else
    util = places > 0 ? busy / places : NAN;
#define ROW(m, v)                                                              \
  sim_results_addf (out, year, m, (v), CS_OUT_SERVICE_PREFIX "%s", id)
  ROW (CS_OUT_REFERRALS, (double)per->referrals);
  ROW (CS_OUT_SERVED, (double)per->served);
  ROW ("sanction_episodes", (double)per->sanction_served);
  ROW (CS_OUT_WAITING_DAYS_MEAN, sim_tally_mean (&per->wait));
  ROW (CS_OUT_QUEUE_LENGTH_MEAN,
       days > 0 ? cs_level_area (&per->queue, t) / days : NAN);
  ROW ("in_system_mean",
       days > 0 ? busy + cs_level_area (&per->queue, t) / days : NAN);
  ROW (CS_OUT_UTILISATION, util);
  ROW ("system_days_mean", sim_tally_mean (&per->system));
  ROW ("completed", (double)per->completed);
  ROW ("ended_early", (double)(per->left_school + per->left_area));
  ROW ("ended_leaving_school", (double)per->left_school);
  ROW ("withdrawn", (double)per->withdrawn);
  ROW ("lapsed", (double)per->lapsed);
  ROW ("declined", (double)per->declined);
  ROW ("places_mean", places);
  ROW (CS_OUT_SPEND_GBP, service_spend (per, t));
#undef ROW
}

/* Tier and sector lines: services' flows summed, children served. */
typedef struct
{
  guint64 referrals, served;
  SimTally wait;
  double spend, places;
} ServiceSum;

static void
emit_served (SimResults *out, gint year, const char *group,
             const ServiceSum *sum, const ServedStock *ss, double n_census,
             const Stock *all)
{
  char name[96];

  sim_results_add (out, year, group, CS_OUT_SPEND_GBP, sum->spend);
  sim_results_add (out, year, group, CS_OUT_REFERRALS, (double)sum->referrals);
  sim_results_add (out, year, group, CS_OUT_SERVED, (double)sum->served);
  sim_results_add (out, year, group, CS_OUT_WAITING_DAYS_MEAN,
                   sim_tally_mean (&sum->wait));
  sim_results_add (out, year, group, "places_mean", sum->places);
  sim_results_add (out, year, group, "children_served", ss->served / n_census);
  sim_results_add (out, year, group, "coverage",
                   ratio (ss->served, all->children));
  sim_results_add (out, year, group, CS_OUT_REACH,
                   ratio (ss->reached, all->need));
  for (guint k = 0; k < CS_N_ECM; k++)
    {
      g_snprintf (name, sizeof name, "ecm_%s", cs_ecm_names[k]);
      sim_results_add (out, year, group, name, ratio (ss->ecm[k], ss->served));
    }
}

static void
sum_services (const CsWorld *w, gboolean total, double t, gboolean tier,
              guint which, ServiceSum *sum)
{
  memset (sum, 0, sizeof *sum);
  sim_tally_reset (&sum->wait);
  for (guint i = 0; i < w->p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      const CsServicePeriod *per = total ? &s->total : &s->year;
      double days = t - per->start;
      if ((tier ? s->p->tier : s->p->sector) != which)
        continue;
      sum->referrals += per->referrals;
      sum->served += per->served;
      sim_tally_merge (&sum->wait, &per->wait);
      sum->spend += service_spend (per, t);
      if (days > 0)
        sum->places += cs_level_area (&per->places, t) / days;
    }
}

/* All rows of one period: year y (yearly census `cen`) or SIM_YEAR_ALL
 * (sums over n_census censuses). */
static void
emit_period (CsWorld *w, SimResults *out, gint year, const Census *cen,
             double n_census)
{
  gboolean total = year == SIM_YEAR_ALL;
  guint fi = total ? 1 : 0;
  const CsPopulationFlows *pop = &w->pop[fi];
  double t = cs_world_now (w), spend = 0.0;
  ServiceSum sum;

  for (guint g = 0; g < CS_N_CHILD_GROUPS; g++)
    {
      const char *name = cs_child_group_names[g];
      emit_stock (out, year, name, &cen->child[g], n_census);
      emit_flows (out, year, name, &w->flows[fi][g],
                  cen->child[g].children / n_census * (total ? n_census : 1.0),
                  cen->child[g].pupils / n_census * (total ? n_census : 1.0),
                  cen->child[g].pupils_ks4 / n_census
                      * (total ? n_census : 1.0));
    }
  sim_results_add (out, year, CS_OUT_GROUP_ALL,
                   "school_higher_stage_deprivation_r",
                   cen->r_higher_deprivation / n_census);
  sim_results_add (out, year, CS_OUT_GROUP_ALL,
                   "school_statement_deprivation_r",
                   cen->r_statement_deprivation / n_census);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    for (guint st = 1; st < CS_N_STAGES; st++)
      {
        char name[96];

        g_snprintf (name, sizeof name, "stage_share_%s_%u", cs_domain_names[d],
                    st);
        sim_results_add (
            out, year, CS_OUT_GROUP_ALL, name,
            ratio (cen->stage[d][st], cen->child[CS_GROUP_ALL].children));
      }
  for (guint i = 0; i < w->p->n_services; i++)
    spend += service_spend (total ? &w->svcs[i].total : &w->svcs[i].year, t);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, CS_OUT_SPEND_GBP, spend);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "births", (double)pop->births);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "arrivals",
                   (double)pop->arrivals);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "turned_18",
                   (double)pop->turned_18);
  sim_results_add (out, year, CS_OUT_GROUP_ALL, "moved_away",
                   (double)pop->moved_away);
  for (guint k = 0; k < CS_N_TIERS; k++)
    {
      g_autofree char *g
          = g_strdup_printf (CS_OUT_TIER_PREFIX "%s", cs_tier_names[k]);
      sum_services (w, total, t, TRUE, k, &sum);
      emit_served (out, year, g, &sum, &cen->tier[k], n_census,
                   &cen->child[CS_GROUP_ALL]);
    }
  for (guint k = 0; k < CS_N_SECTORS; k++)
    {
      g_autofree char *g
          = g_strdup_printf (CS_OUT_SECTOR_PREFIX "%s", cs_sector_names[k]);
      sum_services (w, total, t, FALSE, k, &sum);
      emit_served (out, year, g, &sum, &cen->sector[k], n_census,
                   &cen->child[CS_GROUP_ALL]);
    }
  for (guint i = 0; i < w->p->n_services; i++)
    emit_service (out, year, &w->svcs[i],
                  total ? &w->svcs[i].total : &w->svcs[i].year, t);
}

/* ---- Period boundaries -------------------------------------------------- */

static void
restart_year (CsWorld *w, gboolean total)
{
  double t = cs_world_now (w);

  memset (&w->flows[0], 0, sizeof w->flows[0]);
  memset (&w->pop[0], 0, sizeof w->pop[0]);
  for (guint g = 0; g < CS_N_CHILD_GROUPS; g++)
    sim_tally_reset (&w->flows[0][g].wait);
  if (total)
    {
      memset (&w->flows[1], 0, sizeof w->flows[1]);
      memset (&w->pop[1], 0, sizeof w->pop[1]);
      for (guint g = 0; g < CS_N_CHILD_GROUPS; g++)
        sim_tally_reset (&w->flows[1][g].wait);
    }
  for (guint i = 0; i < w->p->n_services; i++)
    {
      CsServiceState *s = &w->svcs[i];
      cs_service_levels (w, s);
      cs_service_period_start (&s->year, s, t);
      if (total)
        cs_service_period_start (&s->total, s, t);
    }
}

void
cs_measure_warmup_end (CsWorld *w)
{
  Census cen;

  cs_world_flush_all (w); /* accrued before now is warm-up */
  w->observing = TRUE;
  restart_year (w, TRUE);
  if (!w->p->commissioning_rows_only)
    census (w, &cen, TRUE, FALSE); /* start the year bits afresh */
  w->measure->last_census = cs_world_now (w);
}

gboolean
cs_measure_year_end (CsWorld *w, GError **error)
{
  CsMeasure *m = w->measure;
  Census cen;

  m->n_census++;
  m->year++;
  m->last_census = cs_world_now (w);
  if (!w->p->commissioning_rows_only)
    {
      census (w, &cen, TRUE, TRUE);
      accumulate (&m->total, &cen);
      emit_period (w, m->yearly, m->year, &cen, 1.0);
    }
  restart_year (w, FALSE);
  return cs_world_check (w, error);
}

void
cs_measure_finish (CsWorld *w, SimResults *out)
{
  CsMeasure *m = w->measure;
  double now = cs_world_now (w);

  if (w->p->commissioning_rows_only)
    return;
  for (gsize i = 0; i < sim_results_len (m->yearly); i++)
    {
      const SimResultRow *r = sim_results_row (m->yearly, i);
      sim_results_add (out, r->year, r->group, r->measure, r->value);
    }
  if (m->n_census == 0 || now > m->last_census + 1e-9)
    {
      Census cen;
      census (w, &cen, FALSE, TRUE);
      accumulate (&m->total, &cen);
      m->n_census++;
    }
  emit_period (w, out, SIM_YEAR_ALL, &m->total, m->n_census);
}
