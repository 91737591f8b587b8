/* test-commission.c: the commissioning model: ledger, market, conservation on
 * every shipped scenario, symmetry between arrangement labels, the
 * mechanisms of issue 5, procurement.
 *
 * Areas: the shipped scenarios, some shrunk to a fifth (children, rolls,
 * places, budgets, capacities and commissioning costs all divided by 5,
 * by --set) where a test needs many replications and not the area's
 * size.  Every test prints its seed.
 *
 * Tolerances (stated):
 *  - ledger identities: 0.001 pounds + 1e-9 of the amounts (cs-ledger.c);
 *    rows and the world's spend against the ledger: 0.01 pounds + 1e-9;
 *    the same for money by holder and sector (issue 13: opening + budget
 *    = spent + committed + unspent every year, each year's opening the
 *    last year's close, and the holders' unspent money adding up to
 *    all, unspent_gbp);
 *  - symmetry: on common random numbers every row is identical (exact);
 *    on independent streams (30 replications each, seeds 11 and 12) the
 *    99.17% Welch interval of the difference of means (95% shared by
 *    Bonferroni over 6 outcomes) must contain 0;
 *  - outside the roll: 6 paired replications; the 95% paired interval of
 *    panel - school-led must lie above 0, and the school-led variant with
 *    the panel's visibility and eligibility must close at least half the
 *    mean gap;
 *  - pooling: jointly commissioned services never fewer at a higher
 *    pooled share, per replication (exact, 2 replications x 11 shares);
 *  - sanction use 0 against 0.25 (school clusters, 3 paired replications
 *    on common random numbers): no sanction episode at 0, some at 0.25,
 *    and fewer episodes by need in the schools' referral services, per
 *    replication (measured: about 340 sanction episodes and a third fewer
 *    episodes by need);
 *  - places of their buyer (single-school commissioning, 1 + 1 years):
 *    every buyer of a service's places is an arrangement holding (or
 *    last holding) live contracts for it, with exactly its member schools,
 * localities and referral sources (exact); several schools buy one service;
 *  - community sight: single-school commissioning with community_sight_km
 *    0 against 5 gives different rows on common random numbers (exact);
 *  - tender days: Kolmogorov-Smirnov distance to uniform(120, 220) below
 *    1.63 / sqrt(n) (alpha 0.01) with n >= 100, mean within 3 standard
 *    errors of 170.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gsl/gsl_cdf.h>

#include "models/area/cs-area.h"
#include "models/commission/cs-commission.h"
#include "models/commission/cs-ledger.h"
#include "models/commission/cs-market.h"
#include "models/scenario/cs-scenario.h"
#include "models/world/cs-world-private.h"
#include "sim/sim-error.h"
#include "sim/sim-runner.h"
#include "sim/sim-stats.h"
#include "sim/sim-trace.h"
#include "tests/cu-main.h"

#define SEED 20041
#define SHRINK 5.0

/* ---- Helpers ------------------------------------------------------------ */

static char *
scenario_path (const char *name)
{
  const char *top = g_getenv ("top_srcdir");

  return g_build_filename (top && *top ? top : CTSIM_SRCDIR, "scenarios", name,
                           NULL);
}

static CsScenario *
load (const char *name, const char *const *sets)
{
  g_autofree char *path = scenario_path (name);
  g_autoptr (GError) error = NULL;
  CsScenario *sc = cs_scenario_load (path, sets, &error);

  if (!sc)
    fprintf (stderr, "%s: %s\n", name, error->message);
  return sc;
}

static const CsParams *
params_of (const CsScenario *sc)
{
  return cs_scenario_params (sc);
}

static void add_set (GPtrArray *sets, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

static void
add_set (GPtrArray *sets, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (sets, g_strdup_vprintf (format, ap));
  va_end (ap);
}

/* --set list shrinking an area scenario by `f`: children, rolls, outside
 * counts, places, budgets, provider capacities, commissioning costs. */
static void
shrink_sets (const CsParams *p, double f, GPtrArray *sets)
{
  for (guint l = 0; l < p->n_localities; l++)
    {
      double n = 0.0;
      for (guint a = 0; a < CS_N_AGES; a++)
        n += p->localities[l].children[a].value;
      add_set (sets, "localities.%s.children.count=%.0f", p->localities[l].id,
               round (n / f));
    }
  for (guint k = 0; k < CS_N_OUTSIDE; k++)
    if (p->area.outside[k].unit == CS_AMOUNT_COUNT)
      add_set (sets, "area.%s.count=%.0f", cs_outside_names[k],
               round (p->area.outside[k].value / f));
  for (guint s = 0; s < p->n_schools; s++)
    {
      add_set (sets, "schools.%s.roll=%.0f", p->schools[s].id,
               round (p->schools[s].roll.value / f));
      add_set (sets, "schools.%s.budget_gbp_per_year=%.0f", p->schools[s].id,
               round (p->schools[s].budget_gbp_per_year.value / f));
    }
  for (guint i = 0; i < p->n_services; i++)
    add_set (sets, "services.%s.places=%.0f", p->services[i].id,
             round (p->services[i].places.value / f));
  for (guint h = 0; h < p->n_partners; h++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      if (p->partners[h].budget_gbp_per_year[s].value > 0)
        add_set (sets, "partners.%s.budget_gbp_per_year.%s=%.0f",
                 p->partners[h].id, cs_sector_names[s],
                 round (p->partners[h].budget_gbp_per_year[s].value / f));
  for (guint k = 0; k < p->n_providers; k++)
    add_set (sets, "providers.%s.capacity=%.0f", p->providers[k].id,
             round (p->providers[k].capacity.value / f));
}

/* Commissioning costs of every (template) arrangement divided by f. */
static void
shrink_costs (const CsParams *p, double f, GPtrArray *sets)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < p->n_arrangements; i++)
    {
      const CsArrangement *a = &p->arrangements[i];
      g_autofree char *id = g_strdup (a->id);
      char *colon = strchr (id, ':');
      if (colon)
        *colon = '\0'; /* instances share their template's path */
      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, (gpointer)g_intern_string (id));
      add_set (sets, "arrangements.%s.running_cost_gbp_per_year=%.0f", id,
               a->running_cost_gbp_per_year.value / f);
      add_set (sets, "arrangements.%s.procurement.transaction_cost_gbp=%.0f",
               id, a->procurement.transaction_cost_gbp.value / f);
      for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
        add_set (sets, "arrangements.%s.cycle_staff_cost_gbp.%s=%.0f", id,
                 cs_cycle_stage_names[s], a->cycle[s].staff_cost_gbp.value / f);
    }
}

/* A scenario shrunk by SHRINK, with `extra` sets after. */
static CsScenario *
load_small (const char *name, const char *const *extra)
{
  g_autoptr (CsScenario) full = load (name, NULL);
  g_autoptr (GPtrArray) sets = g_ptr_array_new_with_free_func (g_free);

  if (!full)
    return NULL;
  shrink_sets (params_of (full), SHRINK, sets);
  shrink_costs (params_of (full), SHRINK, sets);
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (sets, g_strdup (extra[i]));
  g_ptr_array_add (sets, NULL);
  return load (name, (const char *const *)sets->pdata);
}

typedef struct
{
  SimEngine *eng;
  SimResults *res;
} Run;

static void
run_clear (Run *r)
{
  sim_engine_free (r->eng);
  sim_results_free (r->res);
  memset (r, 0, sizeof *r);
}

static gboolean
run_once (const CsScenario *sc, guint64 seed, guint32 rep, double warm,
          double years, Run *r, GError **error)
{
  SimRunConfig cfg = { seed, rep, sim_years (warm), sim_years (warm + years) };

  memset (r, 0, sizeof *r);
  r->eng = sim_engine_new (&cs_area_model, params_of (sc), &cfg, error);
  if (!r->eng)
    return FALSE;
  r->res = sim_results_new ();
  return sim_engine_run (r->eng, r->res, error);
}

static gboolean
run_reps (const CsScenario *sc, guint64 seed, guint reps, double warm,
          double years, SimRunnerResult *out)
{
  SimRunnerSpec spec = { 0 };
  g_autoptr (GError) error = NULL;

  spec.model = &cs_area_model;
  spec.params = params_of (sc);
  spec.seed = seed;
  spec.replications = reps;
  spec.warmup_days = sim_years (warm);
  spec.horizon_days = sim_years (warm + years);
  if (sim_runner_run (&spec, out, &error))
    return TRUE;
  fprintf (stderr, "runner: %s\n", error->message);
  return FALSE;
}

static double
all_of (const SimResults *res, const char *group, const char *measure)
{
  return sim_results_lookup (res, SIM_YEAR_ALL, group, measure);
}

static void
values (const SimRunnerResult *rr, const char *group, const char *measure,
        double *x)
{
  for (guint r = 0; r < rr->n; r++)
    x[r] = all_of (rr->reps[r], group, measure);
}

/* ---- /commission/ledger -------------------------------------------------- */

static void
test_ledger_identity (void)
{
  g_autoptr (CsLedger) l = cs_ledger_new (3);
  g_autoptr (GError) error = NULL;
  CsLedgerTotals t[3];
  const CsSector h = CS_SECTOR_HEALTH;
  guint c1, c2;

  cs_ledger_income (l, 0, h, 1000.0);
  cs_ledger_transfer (l, 0, 2, h, 400.0);
  c1 = cs_ledger_commitment_new (l);
  cs_ledger_commit (l, c1, 2, h, 300.0);
  cs_ledger_spend (l, c1, 2, h, CS_SPEND_SERVICES, 350.0); /* 50 over */
  cs_ledger_spend (l, CS_NONE, 0, h, CS_SPEND_COMMISSIONING, 100.0);
  c2 = cs_ledger_commitment_new (l);
  cs_ledger_commit (l, c2, 2, h, 20.0);
  CU_ASSERT_CLOSE (cs_ledger_reserved (l, c1, 2, h), 0.0, 1e-12);
  CU_ASSERT_CLOSE (cs_ledger_reserved (l, c2, 2, h), 20.0, 1e-12);
  CU_ASSERT_FATAL (cs_ledger_close (l, t, &error));
  CU_ASSERT_CLOSE (t[0].carry_over[h], 500.0, 1e-9);
  CU_ASSERT_CLOSE (t[0].transfer_out[h], 400.0, 1e-9);
  CU_ASSERT_CLOSE (t[2].spend[CS_SPEND_SERVICES][h], 350.0, 1e-9);
  CU_ASSERT_CLOSE (t[2].commitments[h], 20.0, 1e-9);
  CU_ASSERT_CLOSE (t[2].carry_over[h], 30.0, 1e-9);
  /* The next period opens with last period's commitments + carry-over;
   * a release moves money back to available without a flow. */
  cs_ledger_release (l, c2);
  CU_ASSERT_FATAL (cs_ledger_close (l, t, &error));
  CU_ASSERT_CLOSE (t[2].opening[h], 50.0, 1e-9);
  CU_ASSERT_CLOSE (t[2].commitments[h], 0.0, 1e-9);
  CU_ASSERT_CLOSE (t[2].carry_over[h], 50.0, 1e-9);
  /* Money that appears without a transaction breaks the identity. */
  cs_ledger_debug_skew (l, 1, CS_SECTOR_EDUCATION, 0.5);
  CU_ASSERT (!cs_ledger_close (l, t, &error));
  CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_INTERNAL));
  if (error)
    printf ("  broken ledger: %s\n", error->message);
}

/* A run whose ledger is broken mid-way stops with an internal error. */
static void
test_ledger_broken_run (void)
{
  g_autoptr (CsScenario) sc = load ("demo.xml", NULL);
  g_autoptr (GError) error = NULL;
  SimRunConfig cfg = { SEED, 0, 0.0, sim_years (2.0) };
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = sim_results_new ();
  CsCommission *c;

  CU_ASSERT_FATAL (sc != NULL);
  printf ("  seed %d\n", SEED);
  eng = sim_engine_new (&cs_area_model, params_of (sc), &cfg, &error);
  CU_ASSERT_FATAL (eng != NULL);
  c = cs_area_commission (sim_engine_state (eng));
  cs_ledger_debug_skew (cs_commission_ledger (c),
                        cs_commission_partner_account (c, 0),
                        CS_SECTOR_EDUCATION, 1000.0);
  CU_ASSERT (!sim_engine_run (eng, res, &error));
  CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_INTERNAL));
  CU_ASSERT (error && strstr (error->message, "ledger") != NULL);
  if (error)
    printf ("  %s\n", error->message);
}

/* Identities on the rows of one holder or fund group, every period. */
static gboolean
rows_balance (const SimResults *res, const char *group, gboolean fund,
              gint year)
{
  double open = sim_results_lookup (res, year, group, "opening_gbp");
  double in = sim_results_lookup (res, year, group,
                                  fund ? "contributions_gbp" : "budget_gbp");
  double out
      = sim_results_lookup (res, year, group, "spend_gbp")
        + (fund ? 0.0
                : sim_results_lookup (res, year, group, "contribution_gbp"));
  double stock = sim_results_lookup (res, year, group, "commitments_gbp")
                 + sim_results_lookup (res, year, group, "carry_over_gbp");
  double gap = open + in - out - stock;
  double tol = 0.01 + 1e-9 * (fabs (open) + in + out + fabs (stock));

  if (isfinite (gap) && fabs (gap) <= tol)
    return TRUE;
  fprintf (stderr,
           "  %s year %d: opening %.2f + in %.2f - out %.2f - stocks "
           "%.2f = %.4f\n",
           group, year, open, in, out, stock, gap);
  return FALSE;
}

/* Money by holder and sector (issue 13): opening + budget = spent +
 * committed + unspent for one sector of one holder group in one period,
 * and (years after the first) the opening is the previous year's
 * committed + unspent, so no pound of a partner's is lost from one year
 * to the next. */
static gboolean
sector_balance (const SimResults *res, const char *group, const char *sector,
                gint year)
{
  char m[64];
  double v[5];
  static const char *const names[5]
      = { "opening", "budget", "spent", "committed", "unspent" };
  double gap, tol, chain = 0.0;

  for (guint k = 0; k < 5; k++)
    {
      g_snprintf (m, sizeof m, "%s_%s_gbp", names[k], sector);
      v[k] = sim_results_lookup (res, year, group, m);
    }
  gap = v[0] + v[1] - v[2] - v[3] - v[4];
  tol = 0.01
        + 1e-9 * (fabs (v[0]) + v[1] + fabs (v[2]) + fabs (v[3]) + fabs (v[4]));
  if (year > 1)
    {
      g_snprintf (m, sizeof m, "committed_%s_gbp", sector);
      chain = sim_results_lookup (res, year - 1, group, m);
      g_snprintf (m, sizeof m, "unspent_%s_gbp", sector);
      chain += sim_results_lookup (res, year - 1, group, m);
      chain -= v[0];
    }
  if (isfinite (gap) && fabs (gap) <= tol && isfinite (chain)
      && fabs (chain) <= tol)
    return TRUE;
  fprintf (stderr,
           "  %s %s year %d: opening %.2f + budget %.2f - spent %.2f - "
           "committed %.2f - unspent %.2f = %.4f; opening against last "
           "year's close %.4f\n",
           group, sector, year, v[0], v[1], v[2], v[3], v[4], gap, chain);
  return FALSE;
}

/* Every holder group's sectors balance every year, and the holders'
 * unspent money (their accounts and their shares of the pooled funds)
 * adds up to all the money left unspent (all, unspent_gbp): the shares
 * of the funds leave nothing out. */
static guint
check_sectors (const SimResults *res)
{
  g_autoptr (GHashTable) unspent
      = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  guint bad = 0, n = 0;

  for (gsize k = 0; k < sim_results_len (res); k++)
    {
      const SimResultRow *row = sim_results_row (res, k);
      double *u;
      if (!(g_str_has_prefix (row->group, "partner:")
            || strcmp (row->group, "schools") == 0))
        continue;
      if (g_str_has_prefix (row->measure, "budget_")
          && g_str_has_suffix (row->measure, "_gbp")
          && strcmp (row->measure, "budget_gbp") != 0)
        {
          g_autofree char *sector
              = g_strndup (row->measure + 7, strlen (row->measure) - 7 - 4);
          bad += !sector_balance (res, row->group, sector, row->year);
          n++;
        }
      if (!g_str_has_prefix (row->measure, "unspent_"))
        continue;
      u = g_hash_table_lookup (unspent, GINT_TO_POINTER (row->year + 10));
      if (!u)
        {
          u = g_new0 (double, 1);
          g_hash_table_insert (unspent, GINT_TO_POINTER (row->year + 10), u);
        }
      *u += row->value;
    }
  CU_ASSERT (n > 0);
  GHashTableIter it;
  gpointer key, val;
  g_hash_table_iter_init (&it, unspent);
  while (g_hash_table_iter_next (&it, &key, &val))
    {
      gint year = GPOINTER_TO_INT (key) - 10;
      double all = sim_results_lookup (res, year, "all", "unspent_gbp");
      double sum = *(double *)val;
      if (fabs (all - sum) > 0.01 + 1e-9 * (fabs (all) + fabs (sum)))
        {
          fprintf (stderr, "  year %d: holders' unspent %.2f, all %.2f\n", year,
                   sum, all);
          bad++;
        }
    }
  return bad;
}

static void
check_money (const CsScenario *sc, const Run *r, const char *label)
{
  const CsParams *p = params_of (sc);
  gpointer st = sim_engine_state (r->eng);
  CsWorld *w = cs_area_world (st);
  double world = 0.0, paid, unfunded, sanction, pooled = 0.0;
  guint bad = 0;

  for (guint i = 0; i < p->n_services; i++)
    {
      CsServiceReport rep;
      cs_world_service_report (w, i, &rep);
      world += rep.spend_gbp;
    }
  cs_commission_money (cs_area_commission (st), &paid, &unfunded, &sanction);
  CU_ASSERT_CLOSE (paid + unfunded, world, 0.01 + 1e-9 * world);
  for (gsize k = 0; k < sim_results_len (r->res); k++)
    {
      const SimResultRow *row = sim_results_row (r->res, k);
      gboolean fund = g_str_has_prefix (row->group, "fund:");
      if (strcmp (row->measure, "opening_gbp") != 0
          || !(fund || g_str_has_prefix (row->group, "partner:")
               || strcmp (row->group, "schools") == 0))
        continue;
      bad += !rows_balance (r->res, row->group, fund, row->year);
    }
  CU_ASSERT (bad == 0);
  CU_ASSERT (check_sectors (r->res) == 0);
  for (guint s = 0; s < CS_N_SECTORS; s++)
    {
      g_autofree char *m = g_strdup_printf ("spend_%s_gbp", cs_sector_names[s]);
      pooled += all_of (r->res, "pooled", m);
    }
  CU_ASSERT_CLOSE (pooled, all_of (r->res, "pooled", "spend_gbp"),
                   0.01 + 1e-9 * pooled);
  printf ("  %-28s services cost %.0f GBP: paid %.0f, unfunded %.0f; "
          "sanction places %.0f; pooled spend %.0f\n",
          label, world, paid, unfunded, sanction, pooled);
}

static void
run_and_check (const CsScenario *sc, const char *label)
{
  const CsRunSettings *rs = cs_scenario_run_settings (sc);
  g_autoptr (GError) error = NULL;
  Run r;

  /* The ledger is checked every year from the start, so a year of
   * warm-up is enough for it; the shipped 15 years only reach the steady
   * state (tests/steady.sh). */
  if (!run_once (sc, SEED, 0, MIN (1.0, rs->warmup_years), MIN (2.0, rs->years),
                 &r, &error))
    {
      fprintf (stderr, "%s: %s\n", label, error->message);
      CU_FAIL ("shipped scenario failed");
      run_clear (&r);
      return;
    }
  check_money (sc, &r, label);
  run_clear (&r);
}

/* Every shipped area scenario (sweep points: the first and the last)
 * runs with its ledger checked every year. */
static void
test_ledger_shipped (void)
{
  g_autofree char *dir_path = scenario_path ("");
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  CU_ASSERT_FATAL (dir != NULL);
  printf ("  seed %d, warm-up of at most 1 year, 2 observed years\n", SEED);
  while ((name = g_dir_read_name (dir)))
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc)g_strcmp0);
  CU_ASSERT (names->len >= 9);
  for (guint k = 0; k < names->len; k++)
    {
      const char *n = *(const char **)&names->pdata[k];
      g_autoptr (CsScenario) sc = load (n, NULL);
      guint points;
      CU_ASSERT_FATAL (sc != NULL);
      if (cs_scenario_model (sc) != &cs_area_model)
        continue;
      run_and_check (sc, n);
      points = cs_scenario_sweep_n_points (sc);
      for (guint i = 0; i < points; i += MAX (1u, points - 1))
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (CsScenario) pt
              = cs_scenario_load_sweep_point (sc, i, &error);
          g_autofree char *label = NULL;
          CU_ASSERT_FATAL (pt != NULL);
          label
              = g_strdup_printf ("%s [%s]", n, cs_scenario_sweep_label (sc, i));
          run_and_check (pt, label);
        }
    }
}

/* ---- /commission/market -------------------------------------------------- */

static CsParams *
market_params (void)
{
  CsParams *p = cs_params_new ();
  static const double price[3] = { 0.8, 1.0, 1.3 };
  static const double quality[3] = { 0.5, 0.7, 0.9 };

  p->n_providers = 3;
  p->providers = g_new0 (CsProvider, 3);
  for (guint i = 0; i < 3; i++)
    {
      CsProvider *pr = &p->providers[i];
      pr->id = cs_params_intern (p, i == 0 ? "cheap" : i == 1 ? "mid" : "good");
      pr->name = pr->id;
      pr->type = cs_params_intern (p, "label");
      pr->sectors = CS_BIT (CS_SECTOR_HEALTH);
      pr->capacity = (CsNum){ 10.0, "test" };
      pr->price_rr = (CsNum){ price[i], "test" };
      pr->quality = (CsNum){ quality[i], "test" };
      pr->bid_probability = (CsNum){ 1.0, "test" };
    }
  return p;
}

static void
attempt (const CsParams *p, double failure, double price_weight, double places,
         guint exclude, const double *used, CsTenderOutcome *out)
{
  CsProcurement proc;
  SimRng rng;

  memset (&proc, 0, sizeof proc);
  proc.failure_probability = (CsNum){ failure, "test" };
  proc.price_weight = (CsNum){ price_weight, "test" };
  sim_rng_init (&rng, SEED, 0, 1, 2);
  cs_market_attempt (p, CS_SECTOR_HEALTH, places, exclude, used, &proc, &rng,
                     out);
}

static void
test_market_award (void)
{
  g_autoptr (CsParams) p = market_params ();
  double used[3] = { 0, 0, 0 }, full[3] = { 10, 10, 10 };
  CsLot lots[3];
  CsTenderOutcome out = { FALSE, 0, 0, lots, 0.0 };

  attempt (p, 0.0, 1.0, 5, CS_NONE, used, &out); /* price only */
  CU_ASSERT (!out.failed && out.n_bidders == 3 && out.n_lots == 1);
  CU_ASSERT (lots[0].provider == 0 && lots[0].places == 5);
  attempt (p, 0.0, 0.0, 5, CS_NONE, used, &out); /* quality only */
  CU_ASSERT (!out.failed && lots[0].provider == 2);
  attempt (p, 0.0, 0.0, 25, CS_NONE, used, &out); /* more than one holds */
  CU_ASSERT (out.n_lots == 3 && lots[0].provider == 2 && lots[1].provider == 1);
  CU_ASSERT_CLOSE (out.places, 25.0, 1e-12);
  attempt (p, 0.0, 0.0, 5, 2, used, &out); /* the weak one excluded */
  CU_ASSERT (out.n_bidders == 2 && lots[0].provider == 1);
  attempt (p, 1.0, 0.5, 5, CS_NONE, used, &out); /* failure 1 */
  CU_ASSERT (out.failed && out.places == 0.0);
  attempt (p, 0.0, 0.5, 5, CS_NONE, full, &out); /* no capacity: no bids */
  CU_ASSERT (out.failed && out.n_bidders == 0);
}

/* ---- /commission/symmetry ------------------------------------------------ */

static void
dump_num (GString *s, const char *what, double v)
{
  g_string_append_printf (s, "%s=%.17g\n", what, v);
}

static void
dump_elig (GString *s, const CsEligibility *e)
{
  g_string_append_printf (s, "elig %.17g %.17g %.17g %u %d %d %.17g\n",
                          e->age_min.value, e->age_max.value,
                          e->stage_min.value, e->domains, e->on_roll_only,
                          e->looked_after_only, e->deprivation_min.value);
}

static void
dump_arrangement (GString *s, const CsArrangement *a, gboolean labels)
{
  g_autofree char *d1 = NULL, *d2 = NULL;

  g_string_append_printf (s, "arrangement %s\n", a->id);
  if (labels)
    g_string_append_printf (s, "  labels %s / %s\n", a->type, a->name);
  g_string_append_printf (s, "  scope %u %u %u", a->tiers, a->sectors,
                          a->n_localities);
  for (guint l = 0; l < a->n_localities; l++)
    g_string_append_printf (s, " %u", a->localities[l]);
  for (guint m = 0; m < a->n_members; m++)
    g_string_append_printf (s, " m%d:%u:%.17g", a->members[m].kind,
                            a->members[m].index,
                            a->members[m].pooled_share.value);
  g_string_append_printf (s, "\n  sources %u\n", a->referral_sources);
  dump_num (s, "roll", a->records_roll_share.value);
  dump_num (s, "partner", a->records_partner_share.value);
  for (guint k = 0; k < CS_N_OUTSIDE; k++)
    dump_num (s, "reach", a->reach_outside[k].value);
  dump_num (s, "capacity", a->analytic_capacity.value);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      dump_num (s, "w.domain", a->weight_domain[d].value);
      dump_num (s, "shift", a->orientation_weight_shift[d].value);
    }
  for (guint k = 0; k < CS_N_STAGES; k++)
    dump_num (s, "w.stage", a->weight_stage[k].value);
  for (guint k = 0; k < CS_N_ECM; k++)
    dump_num (s, "w.ecm", a->weight_ecm[k].value);
  dump_elig (s, &a->eligibility);
  d1 = sim_dist_to_string (&a->procurement.tender_days.dist);
  d2 = sim_dist_to_string (&a->procurement.contract_years.dist);
  g_string_append_printf (s, "proc %s %s\n", d1, d2);
  dump_num (s, "fail", a->procurement.failure_probability.value);
  dump_num (s, "tcost", a->procurement.transaction_cost_gbp.value);
  dump_num (s, "pw", a->procurement.price_weight.value);
  dump_num (s, "attempts", a->procurement.max_attempts.value);
  for (guint k = 0; k < CS_N_CYCLE_STAGES; k++)
    {
      g_autofree char *d = sim_dist_to_string (&a->cycle[k].days.dist);
      g_string_append_printf (s, "cycle %s %.17g\n", d,
                              a->cycle[k].staff_cost_gbp.value);
    }
  dump_num (s, "interval", a->cycle_interval_days.value);
  dump_num (s, "meeting", a->meeting_interval_days.value);
  dump_num (s, "monitoring", a->monitoring_interval_days.value);
  dump_num (s, "running", a->running_cost_gbp_per_year.value);
  dump_num (s, "qa", a->qa_detection.value);
  dump_num (s, "qa.t", a->qa_quality_threshold.value);
  dump_num (s, "dependence", a->decision_dependence.value);
  dump_num (s, "noise", a->decision_noise_sd.value);
  dump_num (s, "sanction", a->sanction_use.value);
  dump_num (s, "sanction.min", a->sanction_conduct_stage_min.value);
  dump_num (s, "community", a->community_sight_km.value);
}

/* Everything the commissioning model reads, labels optional. */
static char *
dump_params (const CsParams *p, gboolean labels)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < p->n_arrangements; i++)
    dump_arrangement (s, &p->arrangements[i], labels);
  for (guint i = 0; i < p->n_partners; i++)
    {
      const CsPartner *x = &p->partners[i];
      g_string_append_printf (
          s, "partner %s %d %.17g %.17g %.17g %.17g\n", x->id, x->sector,
          x->budget_gbp_per_year[0].value, x->budget_gbp_per_year[1].value,
          x->budget_gbp_per_year[2].value, x->pooled_share.value);
      if (labels)
        g_string_append_printf (s, "  kind %s\n", x->kind);
    }
  for (guint i = 0; i < p->n_providers; i++)
    {
      const CsProvider *x = &p->providers[i];
      g_string_append_printf (
          s, "provider %s %u %.17g %.17g %.17g %.17g %.17g\n", x->id,
          x->sectors, x->capacity.value, x->price_rr.value, x->quality.value,
          x->bid_probability.value, x->continuity.value);
      if (labels)
        g_string_append_printf (s, "  type %s\n", x->type);
    }
  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *x = &p->services[i];
      g_string_append_printf (s, "service %s %u %u %d %d %d %d %.17g %u %u\n",
                              x->id, x->commissioner, x->provider, x->sector,
                              x->tier, x->setting, x->access, x->places.value,
                              x->referrers, x->domains);
      dump_elig (s, &x->eligibility);
    }
  for (guint i = 0; i < p->n_schools; i++)
    g_string_append_printf (s, "school %s %.17g %.17g %.17g %.17g %.17g %s\n",
                            p->schools[i].id, p->schools[i].roll.value,
                            p->schools[i].distance_km.value,
                            p->schools[i].orientation.value,
                            p->schools[i].budget_gbp_per_year.value,
                            p->schools[i].pooled_share.value,
                            p->schools[i].cluster ? p->schools[i].cluster : "");
  dump_num (s, "cv", p->commissioning.estimate_cv_at_zero_capacity.value);
  dump_num (s, "first", p->commissioning.first_cycle_day.value);
  dump_num (s, "joint", p->commissioning.joint_min_share.value);
  dump_num (s, "change", p->commissioning.max_change_per_cycle.value);
  dump_num (s, "worker change", p->worker_change_effect_rr.value);
  return g_string_free (s, FALSE);
}

/* The school-led template's labels in school-led-cluster.xml. */
static void
school_led_labels (char **type, char **name)
{
  g_autoptr (CsScenario) s = load ("school-led-cluster.xml", NULL);
  const CsParams *p;

  *type = *name = NULL;
  if (!s)
    return;
  p = params_of (s);
  for (guint i = 0; i < p->n_arrangements; i++)
    if (g_str_has_prefix (p->arrangements[i].id, "schools:"))
      {
        *type = g_strdup (p->arrangements[i].type);
        *name = g_strdup (p->arrangements[i].name);
        return;
      }
}

/* Welch interval at `level` for mean(a) - mean(b). */
static void
welch (const double *a, const double *b, guint n, double level, double *ma,
       double *mb, double *lo, double *hi)
{
  SimTally ta = SIM_TALLY_INIT, tb = SIM_TALLY_INIT;
  double va, vb, se, df, t;

  for (guint i = 0; i < n; i++)
    {
      sim_tally_add (&ta, a[i]);
      sim_tally_add (&tb, b[i]);
    }
  *ma = sim_tally_mean (&ta);
  *mb = sim_tally_mean (&tb);
  va = sim_tally_variance (&ta) / n;
  vb = sim_tally_variance (&tb) / n;
  se = sqrt (va + vb);
  df = se > 0 ? (va + vb) * (va + vb) / (va * va / (n - 1) + vb * vb / (n - 1))
              : n - 1.0;
  t = gsl_cdf_tdist_Pinv (1.0 - (1.0 - level) / 2.0, df);
  *lo = *ma - *mb - t * se;
  *hi = *ma - *mb + t * se;
}

static gboolean
rows_equal (const SimResults *a, const SimResults *b)
{
  if (sim_results_len (a) != sim_results_len (b))
    return FALSE;
  for (gsize k = 0; k < sim_results_len (a); k++)
    {
      const SimResultRow *x = sim_results_row (a, k),
                         *y = sim_results_row (b, k);
      if (x->year != y->year || x->group != y->group || x->measure != y->measure
          || !(x->value == y->value || (isnan (x->value) && isnan (y->value))))
        return FALSE;
    }
  return TRUE;
}

static void
test_symmetry (void)
{
  static const char *const outcomes[][2] = {
    { "all", "reach" },
    { "all", "ecm_enjoy_achieve" },
    { "all", "unmet_need_days_per_child" },
    { "all", "spend_gbp" },
    { "outside_roll", "served_share" },
    { "commissioner:panel", "procurements" },
  };
  g_autofree char *type = NULL, *name = NULL;
  g_autofree char *set_type = NULL, *set_name = NULL;
  g_autoptr (CsScenario) panel = NULL, school = NULL;
  g_autofree char *d_panel = NULL, *d_school = NULL;
  g_autofree char *l_panel = NULL, *l_school = NULL;
  const guint n = 30, k_out = G_N_ELEMENTS (outcomes);
  SimRunnerResult crn[2] = { { 0 } }, rr[2] = { { 0 } };

  school_led_labels (&type, &name);
  CU_ASSERT_FATAL (type != NULL && strcmp (type, "school_led") == 0);
  set_type = g_strdup_printf ("arrangements.panel.type=%s", type);
  set_name = g_strdup_printf ("arrangements.panel.name=%s", name);
  {
    const char *sets[] = { set_type, set_name, NULL };
    panel = load_small ("multi-agency-panel.xml", NULL);
    school = load_small ("multi-agency-panel.xml", sets);
  }
  CU_ASSERT_FATAL (panel != NULL && school != NULL);
  /* The labels are the only difference. */
  d_panel = dump_params (params_of (panel), FALSE);
  d_school = dump_params (params_of (school), FALSE);
  l_panel = dump_params (params_of (panel), TRUE);
  l_school = dump_params (params_of (school), TRUE);
  CU_ASSERT (strcmp (d_panel, d_school) == 0);
  CU_ASSERT (strcmp (l_panel, l_school) != 0);
  printf ("  'panel' against '%s' (%s), area shrunk by %.0f\n", type, name,
          SHRINK);
  /* Common random numbers: identical rows. */
  CU_ASSERT_FATAL (run_reps (panel, SEED, 2, 1.0, 2.0, &crn[0]));
  CU_ASSERT_FATAL (run_reps (school, SEED, 2, 1.0, 2.0, &crn[1]));
  for (guint r = 0; r < 2; r++)
    CU_ASSERT (rows_equal (crn[0].reps[r], crn[1].reps[r]));
  printf ("  common random numbers (seed %d, 2 replications): every row "
          "identical\n",
          SEED);
  /* Independent streams: means agree within the intervals. */
  CU_ASSERT_FATAL (run_reps (panel, 11, n, 1.0, 2.0, &rr[0]));
  CU_ASSERT_FATAL (run_reps (school, 12, n, 1.0, 2.0, &rr[1]));
  printf ("  independent streams (seeds 11 and 12, %u replications each):\n",
          n);
  for (guint k = 0; k < k_out; k++)
    {
      double a[30], b[30], ma, mb, d, lo, hi;
      values (&rr[0], outcomes[k][0], outcomes[k][1], a);
      values (&rr[1], outcomes[k][0], outcomes[k][1], b);
      welch (a, b, n, 1.0 - 0.05 / k_out, &ma, &mb, &lo, &hi);
      d = ma - mb;
      printf ("    %-22s %-26s panel %.6g, school_led %.6g, difference %.4g "
              "[%.4g, %.4g]\n",
              outcomes[k][0], outcomes[k][1], ma, mb, d, lo, hi);
      CU_ASSERT (lo <= 0.0 && 0.0 <= hi);
    }
  for (guint i = 0; i < 2; i++)
    {
      sim_runner_result_clear (&crn[i]);
      sim_runner_result_clear (&rr[i]);
    }
}

/* ---- /commission/mechanism ----------------------------------------------- */

static void
panel_visibility_sets (GPtrArray *sets)
{
  g_autoptr (CsScenario) panel = load ("multi-agency-panel.xml", NULL);
  const CsArrangement *a = NULL;
  const CsEligibility *e;
  GString *list = g_string_new (NULL);

  for (guint i = 0; panel && i < params_of (panel)->n_arrangements; i++)
    if (strcmp (params_of (panel)->arrangements[i].id, "panel") == 0)
      a = &params_of (panel)->arrangements[i];
  g_assert (a != NULL);
  add_set (sets, "arrangements.schools.records_roll_share=%.17g",
           a->records_roll_share.value);
  add_set (sets, "arrangements.schools.records_partner_share=%.17g",
           a->records_partner_share.value);
  /* The panel has no school members: distance does not limit its sight. */
  add_set (sets, "arrangements.schools.community_sight_km=0");
  for (guint k = 0; k < CS_N_OUTSIDE; k++)
    add_set (sets, "arrangements.schools.outside_reach.%s=%.17g",
             cs_outside_names[k], a->reach_outside[k].value);
  for (guint k = 0; k < CS_N_NOTICERS; k++)
    if (a->referral_sources & CS_BIT (k))
      g_string_append_printf (list, "%s%s", list->len ? " " : "",
                              cs_noticer_names[k]);
  add_set (sets, "arrangements.schools.referral_sources=%s", list->str);
  g_string_truncate (list, 0);
  e = &a->eligibility;
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if (e->domains & CS_BIT (d))
      g_string_append_printf (list, "%s%s", list->len ? " " : "",
                              cs_domain_names[d]);
  add_set (sets, "arrangements.schools.eligibility.domains=%s", list->str);
  add_set (sets, "arrangements.schools.eligibility.on_roll_only=%s",
           e->on_roll_only ? "true" : "false");
  add_set (sets, "arrangements.schools.eligibility.looked_after_only=%s",
           e->looked_after_only ? "true" : "false");
  add_set (sets, "arrangements.schools.eligibility.age_min=%.0f",
           e->age_min.value);
  add_set (sets, "arrangements.schools.eligibility.age_max=%.0f",
           e->age_max.value);
  add_set (sets, "arrangements.schools.eligibility.stage_min=%.0f",
           e->stage_min.value);
  add_set (sets, "arrangements.schools.eligibility.deprivation_min=%.17g",
           e->deprivation_min.value);
  g_string_free (list, TRUE);
}

static void
test_outside_roll (void)
{
  static const char *const groups[] = {
    "outside_roll",
    "outside:pre_school",
    "outside:excluded",
    "outside:home_educated",
    "outside:looked_after_out_of_area",
    "on_roll",
  };
  g_autoptr (GPtrArray) sets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CsScenario) panel = load ("multi-agency-panel.xml", NULL);
  g_autoptr (CsScenario) school = load ("school-led-cluster.xml", NULL);
  g_autoptr (CsScenario) open = NULL;
  const guint n = 6;
  SimRunnerResult rr[3] = { { 0 } };
  double x[3][6], mean[3], d, lo, hi, closed;

  panel_visibility_sets (sets);
  g_ptr_array_add (sets, NULL);
  open = load ("school-led-cluster.xml", (const char *const *)sets->pdata);
  CU_ASSERT_FATAL (panel && school && open);
  printf ("  seed %d, %u paired replications, 1 + 3 years\n", SEED, n);
  CU_ASSERT_FATAL (run_reps (panel, SEED, n, 1.0, 3.0, &rr[0]));
  CU_ASSERT_FATAL (run_reps (school, SEED, n, 1.0, 3.0, &rr[1]));
  CU_ASSERT_FATAL (run_reps (open, SEED, n, 1.0, 3.0, &rr[2]));
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      printf ("    %-34s served share", groups[g]);
      for (guint v = 0; v < 3; v++)
        {
          double m, l, h;
          values (&rr[v], groups[g], "served_share", x[v]);
          sim_ci_t (x[v], n, 0.95, &m, &l, &h);
          printf ("  %s %.4f [%.4f, %.4f]",
                  v == 0   ? "panel"
                  : v == 1 ? "school_led"
                           : "school_led+panel sight",
                  m, l, h);
        }
      printf ("\n");
    }
  for (guint v = 0; v < 3; v++)
    {
      double l, h;
      values (&rr[v], "outside_roll", "served_share", x[v]);
      sim_ci_t (x[v], n, 0.95, &mean[v], &l, &h);
    }
  sim_ci_paired (x[0], x[1], n, 0.95, &d, &lo, &hi);
  closed = (mean[2] - mean[1]) / (mean[0] - mean[1]);
  printf ("  outside the roll: panel - school_led %.4f [%.4f, %.4f]; "
          "visibility and eligibility of the panel close %.0f%% of it\n",
          d, lo, hi, 100.0 * closed);
  CU_ASSERT (lo > 0.0);
  CU_ASSERT (closed >= 0.5);
  for (guint v = 0; v < 3; v++)
    sim_runner_result_clear (&rr[v]);
}

/* Sums over the referral-access services in the school-led arrangement's
 * tiers (universal, targeted) of a service measure ("all" rows). */
static double
school_scope_sum (const CsParams *p, const SimResults *res, const char *measure)
{
  double sum = 0.0;

  for (guint i = 0; i < p->n_services; i++)
    {
      const CsService *s = &p->services[i];
      g_autofree char *g = NULL;
      if (s->access != CS_ACCESS_REFERRAL || s->tier == CS_TIER_SPECIALIST)
        continue;
      g = g_strdup_printf ("service:%s", s->id);
      sum += all_of (res, g, measure);
    }
  return sum;
}

/* sanction_use 0 against 0.25 on common random numbers: with sanction
 * use, episodes go to pupils school staff refer for conduct (sanction
 * episodes) and fewer to children by need in the services the schools
 * commission. */
static void
test_sanction (void)
{
  const char *none[] = { "arrangements.schools.sanction_use=0", NULL };
  const char *some[] = { "arrangements.schools.sanction_use=0.25", NULL };
  g_autoptr (CsScenario) s0 = load_small ("school-led-cluster.xml", none);
  g_autoptr (CsScenario) s1 = load_small ("school-led-cluster.xml", some);
  SimRunnerResult rr[2] = { { 0 } };
  const guint n = 3;

  CU_ASSERT_FATAL (s0 != NULL && s1 != NULL);
  printf ("  seed %d, %u paired replications, 1 + 3 years, area shrunk by "
          "%.0f\n",
          SEED, n, SHRINK);
  CU_ASSERT_FATAL (run_reps (s0, SEED, n, 1.0, 3.0, &rr[0]));
  CU_ASSERT_FATAL (run_reps (s1, SEED, n, 1.0, 3.0, &rr[1]));
  for (guint r = 0; r < n; r++)
    {
      double sanc[2], need[2], conduct[2];
      for (guint v = 0; v < 2; v++)
        {
          const SimResults *res = rr[v].reps[r];
          sanc[v] = school_scope_sum (params_of (s0), res, "sanction_episodes");
          need[v] = school_scope_sum (params_of (s0), res, "served") - sanc[v];
          conduct[v] = all_of (res, "all", "prevalence_conduct_behaviour");
        }
      printf ("    replication %u: sanction episodes %.0f -> %.0f, episodes "
              "by need %.0f -> %.0f; conduct prevalence %.4f -> %.4f\n",
              r, sanc[0], sanc[1], need[0], need[1], conduct[0], conduct[1]);
      CU_ASSERT (sanc[0] == 0.0);
      CU_ASSERT (sanc[1] > 0.0);
      CU_ASSERT (need[1] < need[0]);
    }
  for (guint v = 0; v < 2; v++)
    sim_runner_result_clear (&rr[v]);
}

/* A school's distance from its community limits what a school-led
 * commissioner sees (community_sight_km): with the shipped 5 km against 0
 * (distance does not matter) the runs differ on common random numbers.
 * The effect is small (docs/model.md C3.5): on one replication the plans
 * can coincide by chance (they did at seed 20041 after issue 14 moved the
 * population, and over 2 observed years in all 3 replications once
 * issue 13 let money follow responsibility), so the runs cover 4
 * observed years (four cycles) and must differ in at least one of 3
 * paired replications; this guards against the parameter losing its
 * effect. */
/* Places belong to their buyer (issue 13): every buyer of a service's
 * places in the world is an arrangement that holds (or last held) live
 * places in it, its referrers are its referral sources, and its
 * population follows the scenario's data: with population="member_pupils"
 * (single-school commissioning) its member schools' pupils and, for the
 * groups outside the roll it reaches, its schools' localities; with the
 * default population="localities" its localities' children whatever its
 * members (the matched joint unit has every school as a member, for its
 * money, and still serves the whole area: before this was a parameter,
 * school members narrowed it to pupils, and young people past school age
 * found no targeted service).  Returns the most buyers of one service;
 * the world's invariants (each buyer's list and places) hold. */
static guint
check_buyers (const char *name)
{
  g_autoptr (CsScenario) sc = load_small (name, NULL);
  g_autoptr (GError) error = NULL;
  const CsParams *p;
  guint most = 0, checked = 0, wrong = 0, pupils = 0;
  CsWorld *w;
  Run r;

  CU_ASSERT_FATAL (sc != NULL);
  p = params_of (sc);
  printf ("  %s: seed %d, 1 + 1 years, area shrunk by %.0f\n", name, SEED,
          SHRINK);
  CU_ASSERT_FATAL (run_once (sc, SEED, 0, 1.0, 1.0, &r, &error));
  w = cs_area_world (sim_engine_state (r.eng));
  CU_ASSERT (cs_world_check (w, NULL));
  for (guint i = 0; i < p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      most = MAX (most, s->n_buyers);
      for (guint j = 0; j < s->n_buyers; j++)
        {
          const CsBuyerState *b = &s->buyers[j];
          const CsArrangement *a;
          g_autofree guint8 *flags = g_new0 (guint8, p->n_schools);
          g_autofree guint8 *locs = g_new0 (guint8, p->n_localities);
          gboolean any = FALSE;
          if (b->key == CS_WORLD_BUYER_AREA)
            continue;
          CU_ASSERT_FATAL (b->key < p->n_arrangements);
          a = &p->arrangements[b->key];
          for (guint m = 0; m < a->n_members; m++)
            if (a->members[m].kind == CS_MEMBER_SCHOOL)
              {
                flags[a->members[m].index] = 1;
                locs[p->schools[a->members[m].index].locality] = 1;
                any = TRUE;
              }
          checked++;
          wrong += b->referrers != a->referral_sources;
          wrong += (b->schools != NULL) != (any && a->serves_member_pupils);
          if (b->schools)
            {
              pupils++;
              wrong += memcmp (flags, b->schools, p->n_schools) != 0
                       || !b->localities
                       || memcmp (locs, b->localities, p->n_localities) != 0;
            }
          else
            wrong += b->outside != 0
                     || (a->n_localities == 0 && b->localities != NULL);
        }
    }
  printf ("  %u buyers checked (%u of member pupils), %u wrong; at most %u "
          "buyers of one service\n",
          checked, pupils, wrong, most);
  CU_ASSERT (checked > 0);
  CU_ASSERT_EQUAL (wrong, 0);
  run_clear (&r);
  return most;
}

/* Several schools buy the same service. */
static void
test_places_of_their_buyer (void)
{
  CU_ASSERT (check_buyers ("school-led-single.xml") > 1);
}

/* School members pay in; they do not narrow whom a joint unit serves. */
static void
test_population_not_members (void)
{
  CU_ASSERT (check_buyers ("matched-joint-unit.xml") >= 1);
}

static void
test_community_sight (void)
{
  const char *near[] = { "arrangements.schools.community_sight_km=0", NULL };
  g_autoptr (CsScenario) s0 = load_small ("school-led-single.xml", near);
  g_autoptr (CsScenario) s5 = load_small ("school-led-single.xml", NULL);
  SimRunnerResult rr[2] = { { 0 } };
  const guint n = 3;
  guint differ = 0;

  CU_ASSERT_FATAL (s0 != NULL && s5 != NULL);
  CU_ASSERT_FATAL (params_of (s5)
                       ->arrangements[params_of (s5)->n_arrangements - 1]
                       .community_sight_km.value
                   > 0);
  printf ("  seed %d, %u paired replications, 1 + 4 years, area shrunk by "
          "%.0f\n",
          SEED, n, SHRINK);
  CU_ASSERT_FATAL (run_reps (s0, SEED, n, 1.0, 4.0, &rr[0]));
  CU_ASSERT_FATAL (run_reps (s5, SEED, n, 1.0, 4.0, &rr[1]));
  for (guint r = 0; r < n; r++)
    {
      printf ("    replication %u: spend %.0f (0 km) against %.0f (5 km)\n", r,
              all_of (rr[0].reps[r], "all", "spend_gbp"),
              all_of (rr[1].reps[r], "all", "spend_gbp"));
      differ += !rows_equal (rr[0].reps[r], rr[1].reps[r]);
    }
  CU_ASSERT (differ > 0);
  for (guint v = 0; v < 2; v++)
    sim_runner_result_clear (&rr[v]);
}

static void
test_pooling_monotone (void)
{
  static const char *const measures[][2] = {
    { "all", "jointly_commissioned_services" },
    { "sector:health", "jointly_commissioned_services" },
    { "sector:education", "jointly_commissioned_services" },
    { "sector:social_care", "jointly_commissioned_services" },
  };
  g_autoptr (CsScenario) sc = load_small ("pooling-sweep.xml", NULL);
  guint points, reps = 2;
  g_autofree double *joint = NULL;
  guint bad = 0;

  CU_ASSERT_FATAL (sc != NULL);
  points = cs_scenario_sweep_n_points (sc);
  CU_ASSERT_FATAL (points >= 2);
  joint = g_new0 (double, points *reps *G_N_ELEMENTS (measures));
  printf ("  seed %d, %u replications per pooled share, area shrunk by %.0f\n",
          SEED, reps, SHRINK);
  for (guint i = 0; i < points; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsScenario) pt = cs_scenario_load_sweep_point (sc, i, &error);
      SimRunnerResult rr = { 0 };
      CU_ASSERT_FATAL (pt != NULL);
      CU_ASSERT_FATAL (run_reps (pt, SEED, reps, 1.0, 2.0, &rr));
      printf ("    %-20s jointly commissioned:",
              cs_scenario_sweep_label (sc, i));
      for (guint r = 0; r < reps; r++)
        for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
          {
            double v = all_of (rr.reps[r], measures[m][0], measures[m][1]);
            joint[(i * reps + r) * G_N_ELEMENTS (measures) + m] = v;
            printf (" %.0f", v);
            if (i > 0
                && v < joint[((i - 1) * reps + r) * G_N_ELEMENTS (measures)
                             + m])
              bad++;
          }
      printf ("\n");
      sim_runner_result_clear (&rr);
    }
  CU_ASSERT (bad == 0);
  CU_ASSERT (joint[(points - 1) * reps * G_N_ELEMENTS (measures)] > joint[0]);
}

/* ---- /commission/procurement --------------------------------------------- */

/* Sets for every template arrangement's procurement. */
static void
procurement_sets (const CsParams *p, GPtrArray *sets, double failure,
                  guint attempts)
{
  for (guint i = 0; i < p->n_arrangements; i++)
    {
      add_set (sets, "arrangements.%s.procurement.failure_probability=%.17g",
               p->arrangements[i].id, failure);
      add_set (sets, "arrangements.%s.procurement.max_attempts=%u",
               p->arrangements[i].id, attempts);
    }
}

static CsScenario *
load_procurement (double failure, guint attempts)
{
  g_autoptr (CsScenario) base = load ("default.xml", NULL);
  g_autoptr (GPtrArray) sets = g_ptr_array_new_with_free_func (g_free);

  if (!base)
    return NULL;
  procurement_sets (params_of (base), sets, failure, attempts);
  g_ptr_array_add (sets, NULL);
  return load_small ("default.xml", (const char *const *)sets->pdata);
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* Tender days and stage rows read from a trace. */
static GArray *
read_trace (const char *path, guint *stages_with_commissioner)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GArray *days = g_array_new (FALSE, FALSE, sizeof (double));

  *stages_with_commissioner = 0;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return days;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      const char *after = strstr (lines[i], "tender closed after ");
      g_auto (GStrv) f = g_strsplit (lines[i], ",", 4);
      double x;
      if (f[0] && f[1] && f[2])
        for (guint s = 0; s < CS_N_CYCLE_STAGES; s++)
          if (strcmp (f[1], cs_cycle_stage_names[s]) == 0 && *f[2])
            *stages_with_commissioner |= 1u << s;
      if (after && sscanf (after, "tender closed after %lf", &x) == 1)
        g_array_append_val (days, x);
    }
  return days;
}

static void
test_tender_days (void)
{
  g_autoptr (CsScenario) sc = load_procurement (0.9, 100);
  g_autofree char *path = g_build_filename (
      g_get_tmp_dir (), "ctsim-test-commission-trace.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) days = NULL;
  SimRunConfig cfg = { SEED, 0, sim_years (1.0), sim_years (6.0) };
  double d = 0.0, mean = 0.0, crit;
  guint stages;

  CU_ASSERT_FATAL (sc != NULL);
  CU_ASSERT_FATAL (
      sim_trace_run (&cs_area_model, params_of (sc), &cfg, path, NULL, &error));
  days = read_trace (path, &stages);
  g_unlink (path);
  CU_ASSERT_FATAL (days->len >= 100);
  g_array_sort (days, cmp_double);
  for (guint i = 0; i < days->len; i++)
    {
      double x = g_array_index (days, double, i);
      double f = CLAMP ((x - 120.0) / 100.0, 0.0, 1.0);
      d = MAX (d, MAX (fabs (f - (double)i / days->len),
                       fabs ((double)(i + 1) / days->len - f)));
      mean += x / days->len;
    }
  crit = 1.63 / sqrt (days->len);
  printf ("  seed %d, failure 0.9: %u tender periods, mean %.2f days "
          "(uniform(120,220): 170 +- %.2f), KS distance %.4f (critical %.4f)\n",
          SEED, days->len, mean, 3.0 * 100.0 / sqrt (12.0 * days->len), d,
          crit);
  CU_ASSERT (g_array_index (days, double, 0) >= 120.0);
  CU_ASSERT (g_array_index (days, double, days->len - 1) <= 220.0);
  CU_ASSERT (d < crit);
  CU_ASSERT (fabs (mean - 170.0) < 3.0 * 100.0 / sqrt (12.0 * days->len));
  /* Every stage of the cycle is traced with its commissioner. */
  CU_ASSERT (stages == (1u << CS_N_CYCLE_STAGES) - 1);
}

static void
sum_commissioners (const SimResults *res, const char *measure, double *sum)
{
  *sum = 0.0;
  for (gsize k = 0; k < sim_results_len (res); k++)
    {
      const SimResultRow *r = sim_results_row (res, k);
      if (r->year == SIM_YEAR_ALL && strcmp (r->measure, measure) == 0
          && g_str_has_prefix (r->group, "commissioner:"))
        *sum += r->value;
    }
}

static void
test_failure_extremes (void)
{
  printf ("  seed %d, 1 + 4 years\n", SEED);
  for (guint f = 0; f < 2; f++)
    {
      g_autoptr (CsScenario) sc = load_procurement (f, 3);
      g_autoptr (GError) error = NULL;
      double proc, fail, nobid, contracts;
      Run r;
      CU_ASSERT_FATAL (sc != NULL);
      CU_ASSERT_FATAL (run_once (sc, SEED, 0, 1.0, 4.0, &r, &error));
      sum_commissioners (r.res, "procurements", &proc);
      sum_commissioners (r.res, "procurement_failures", &fail);
      sum_commissioners (r.res, "procurements_without_bids", &nobid);
      sum_commissioners (r.res, "contracts", &contracts);
      printf ("    failure probability %u: %.0f tenders, %.0f failed (%.0f "
              "without bids), %.0f contracts\n",
              f, proc, fail, nobid, contracts);
      CU_ASSERT (proc > 0);
      if (f == 0)
        {
          CU_ASSERT (fail == nobid); /* only tenders nobody bid for fail */
          CU_ASSERT (contracts > 0);
        }
      else
        {
          CU_ASSERT (fail == proc);
          CU_ASSERT (contracts == 0);
        }
      run_clear (&r);
    }
}

int
main (void)
{
  static const CuTest ledger[] = {
    { "/commission/ledger/identity", test_ledger_identity },
    { "/commission/ledger/broken-run", test_ledger_broken_run },
    { "/commission/ledger/shipped-scenarios", test_ledger_shipped },
    { NULL, NULL },
  };
  static const CuTest market[] = {
    { "/commission/market/award", test_market_award },
    { "/commission/procurement/tender-days", test_tender_days },
    { "/commission/procurement/failure-0-and-1", test_failure_extremes },
    { NULL, NULL },
  };
  static const CuTest mech[] = {
    { "/commission/symmetry/school-led-vs-panel", test_symmetry },
    { "/commission/mechanism/outside-roll", test_outside_roll },
    { "/commission/mechanism/pooling-monotone", test_pooling_monotone },
    { "/commission/mechanism/sanction", test_sanction },
    { "/commission/mechanism/community-sight", test_community_sight },
    { "/commission/mechanism/places-of-their-buyer",
      test_places_of_their_buyer },
    { "/commission/mechanism/population-not-members",
      test_population_not_members },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/commission/ledger", ledger },
    { "/commission/market", market },
    { "/commission/mechanism", mech },
    { NULL, NULL },
  };

  return cu_main ("test-commission", suites);
}
