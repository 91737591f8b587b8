/* test-pathfinders.c: the pathfinder generator
 * (models/pathfinders/cs-pathfinders.h) on the shipped
 * scenarios/pathfinders-2004.xml.
 *
 *  - the focus mix over many replications matches [UEA/NCB 2004]'s launch
 *    mix as the scenario encodes it: exactly 8 disabled children and 1
 *    CAMHS in every replication, 11 or 12 all children (mean 11.5), 4 to
 *    6 centred on schools (mean 5), early intervention the rest; each
 *    pathfinder index gets each focus with the mix's frequency;
 *  - the other characteristics follow their distributions (authority
 *    shares, sizes, PCTs, deprivation);
 *  - reproducibility: the same (seed, replication, index) gives the same
 *    pathfinder and the same parameters; another replication another;
 *    common random numbers: changing one characteristic's distribution
 *    moves no other draw;
 *  - building: children scaled, money conserved, contributions moved,
 *    the primary care trust split, the board given its focus's values;
 *  - a built pathfinder runs in the area model;
 *  - the checks refuse impossible specs.
 * Tolerances are 5 standard errors of the quantity (seed printed).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/area/cs-area.h"
#include "models/params/cs-outputs.h"
#include "models/pathfinders/cs-pathfinders.h"
#include "models/scenario/cs-scenario.h"
#include "sim/sim-error.h"
#include "tests/cu-main.h"

#define SEED G_GUINT64_CONSTANT (2004)
#define REPS 4000u

static char *
scenario_path (const char *name)
{
  const char *top = g_getenv ("top_srcdir");

  return g_build_filename (top && *top ? top : CTSIM_SRCDIR, "scenarios", name,
                           NULL);
}

static CsScenario *
load (const char *const *sets)
{
  g_autofree char *path = scenario_path ("pathfinders-2004.xml");
  g_autoptr (GError) error = NULL;
  CsScenario *sc = cs_scenario_load (path, sets, &error);

  if (!sc)
    fprintf (stderr, "pathfinders-2004.xml: %s\n", error->message);
  return sc;
}

static guint
focus_index (const CsPathfinders *pf, const char *id)
{
  for (guint k = 0; k < pf->n_foci; k++)
    if (strcmp (pf->foci[k].id, id) == 0)
      return k;
  CU_FAIL ("no such focus");
  return 0;
}

/* ---- the focus mix ------------------------------------------------------ */

static void
test_focus_mix (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  guint dis, camhs, all, school, early, n;
  g_autofree guint *focus = NULL;
  g_autofree double *at_index = NULL;
  double sum_all = 0, sum_school = 0;
  gboolean seen11 = FALSE, seen12 = FALSE, seen4 = FALSE, seen6 = FALSE;
  gboolean exact = TRUE, ranges = TRUE;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  CU_ASSERT_PTR_NOT_NULL_FATAL (pf);
  n = pf->count;
  CU_ASSERT_EQUAL (n, 35);
  dis = focus_index (pf, "disabled_children");
  camhs = focus_index (pf, "mental_health");
  all = focus_index (pf, "all_children");
  school = focus_index (pf, "school_centred");
  early = focus_index (pf, "early_intervention");
  focus = g_new (guint, n);
  at_index = g_new0 (double, n);
  printf ("  seed %" G_GUINT64_FORMAT ", %u replications\n", SEED, REPS);
  for (guint r = 0; r < REPS; r++)
    {
      guint c[5] = { 0 };
      cs_pathfinders_draw_foci (pf, SEED, r, focus);
      for (guint i = 0; i < n; i++)
        {
          c[0] += focus[i] == dis;
          c[1] += focus[i] == camhs;
          c[2] += focus[i] == all;
          c[3] += focus[i] == school;
          c[4] += focus[i] == early;
          at_index[i] += focus[i] == dis;
        }
      exact = exact && c[0] == 8 && c[1] == 1
              && c[0] + c[1] + c[2] + c[3] + c[4] == n
              && c[4] == n - 9 - c[2] - c[3];
      ranges = ranges && c[2] >= 11 && c[2] <= 12 && c[3] >= 4 && c[3] <= 6;
      seen11 |= c[2] == 11;
      seen12 |= c[2] == 12;
      seen4 |= c[3] == 4;
      seen6 |= c[3] == 6;
      sum_all += c[2];
      sum_school += c[3];
    }
  CU_ASSERT (exact);
  CU_ASSERT (ranges);
  CU_ASSERT (seen11 && seen12 && seen4 && seen6);
  /* Uniform on {11, 12}: sd 0.5; on {4, 5, 6}: sd 0.816. */
  CU_ASSERT_CLOSE (sum_all / REPS, 11.5, 5 * 0.5 / sqrt (REPS));
  CU_ASSERT_CLOSE (sum_school / REPS, 5.0, 5 * 0.8165 / sqrt (REPS));
  /* Every index is disabled-children with probability 8/35. */
  for (guint i = 0; i < n; i++)
    CU_ASSERT_CLOSE (at_index[i] / REPS, 8.0 / 35,
                     5 * sqrt (8.0 / 35 * 27.0 / 35 / REPS));
}

/* ---- the other characteristics ------------------------------------------ */

static void
test_characteristics (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  double county = 0, n = 0, kids = 0, pooled_dis = 0, n_dis = 0;
  double want_dis = 0, var_dis = 0, aligned = 0, n_aligned = 0;
  double lo, hi;
  gboolean ok = TRUE;
  guint dis;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  dis = focus_index (pf, "disabled_children");
  lo = pf->aligned_share.value * (1 - pf->aligned_spread.value);
  hi = pf->aligned_share.value * (1 + pf->aligned_spread.value);
  CU_ASSERT_FATAL (pf->aligned_spread.value > 0 && pf->n_contributions > 0);
  for (guint r = 0; r < 200; r++)
    for (guint i = 0; i < pf->count; i++)
      {
        CsPathfinderArea a;
        gboolean is_county;
        cs_pathfinders_draw (pf, SEED, r, i, &a);
        is_county = strcmp (pf->authorities[a.authority].id, "county") == 0;
        county += is_county;
        n += 1;
        kids += a.children;
        if (is_county)
          ok = ok && a.pcts >= 3 && a.pcts <= 8 && a.children >= 90000
               && a.children <= 190000;
        else
          ok = ok && a.pcts == 1 && a.children >= 20000 && a.children <= 70000;
        ok = ok && a.deprivation >= 0.12 && a.deprivation <= 0.36;
        ok = ok && a.pooled_share >= 0 && a.pooled_share <= 0.6;
        for (guint c = 0; c < pf->n_contributions; c++)
          {
            ok = ok && a.aligned[c] >= lo && a.aligned[c] <= hi;
            aligned += a.aligned[c];
            n_aligned += 1;
          }
        if (a.focus == dis)
          {
            /* every PCT agrees (pool_agreement="every_pct") */
            double q = pow (pf->foci[dis].pool_probability.value, a.pcts);
            n_dis += 1;
            pooled_dis += a.pooled_share > 0;
            want_dis += q;
            var_dis += q * (1 - q);
          }
      }
  CU_ASSERT (ok);
  CU_ASSERT_CLOSE (county / n, 0.23, 5 * sqrt (0.23 * 0.77 / n));
  /* Mean size 0.77 x 45,000 + 0.23 x 140,000 = 66,850 ([Hodge 2004]:
   * 35 pathfinders with about 20% of 11.7 million children). */
  CU_ASSERT_CLOSE (kids / n, 66850, 5 * 41000 / sqrt (n));
  /* Aligned shares: uniform on [lo, hi], mean aligned_share. */
  CU_ASSERT_CLOSE (aligned / n_aligned, pf->aligned_share.value,
                   5 * (hi - lo) / sqrt (12 * n_aligned));
  CU_ASSERT_FATAL (pf->pool_every_pct);
  CU_ASSERT_CLOSE (pooled_dis, want_dis, 5 * sqrt (var_dis));
}

/* How a pool is agreed: with every_pct a pathfinder with n PCTs pools
 * with probability q^n, so counties (3-8 PCTs) pool far less often than
 * unitaries (1 PCT); with area, one draw whatever the PCTs.  Unitaries
 * draw the same pools either way (common random numbers). */
static void
test_pool_agreement (void)
{
  const char *area[] = { "pathfinders.pool_agreement=area", NULL };
  g_autoptr (CsScenario) every = load (NULL);
  g_autoptr (CsScenario) one = load (area);
  const CsPathfinders *pe, *pa;
  double pooled[2][2] = { { 0 } }, want[2][2] = { { 0 } },
         var[2][2] = { { 0 } };
  gboolean same_unitary = TRUE;

  CU_ASSERT_PTR_NOT_NULL_FATAL (every);
  CU_ASSERT_PTR_NOT_NULL_FATAL (one);
  pe = cs_scenario_pathfinders (every);
  pa = cs_scenario_pathfinders (one);
  CU_ASSERT_FATAL (pe->pool_every_pct && !pa->pool_every_pct);
  for (guint r = 0; r < 400; r++)
    for (guint i = 0; i < pe->count; i++)
      {
        CsPathfinderArea x[2];
        cs_pathfinders_draw (pe, SEED, r, i, &x[0]);
        cs_pathfinders_draw (pa, SEED, r, i, &x[1]);
        for (guint m = 0; m < 2; m++)
          {
            double q = pe->foci[x[m].focus].pool_probability.value;
            guint county = x[m].pcts > 1;
            if (m == 0)
              q = pow (q, x[m].pcts);
            pooled[m][county] += x[m].pooled_share > 0;
            want[m][county] += q;
            var[m][county] += q * (1 - q);
          }
        if (x[0].pcts == 1)
          same_unitary = same_unitary && x[0].pooled_share == x[1].pooled_share;
      }
  printf ("  pools (seed %d, 400 replications): every_pct unitary %.0f "
          "county %.0f; area unitary %.0f county %.0f\n",
          (int)SEED, pooled[0][0], pooled[0][1], pooled[1][0], pooled[1][1]);
  for (guint m = 0; m < 2; m++)
    for (guint k = 0; k < 2; k++)
      CU_ASSERT_CLOSE (pooled[m][k], want[m][k], 5 * sqrt (var[m][k]) + 1e-9);
  CU_ASSERT (same_unitary);
  CU_ASSERT (pooled[0][1] < 0.1 * pooled[1][1]);
}

/* ---- reproducibility ---------------------------------------------------- */

static gboolean
same_area (const CsPathfinderArea *a, const CsPathfinderArea *b)
{
  return a->index == b->index && a->authority == b->authority
         && a->focus == b->focus && a->pcts == b->pcts
         && a->children == b->children && a->deprivation == b->deprivation
         && a->pooled_share == b->pooled_share
         && memcmp (a->aligned, b->aligned, sizeof a->aligned) == 0;
}

static double
money (const CsParams *p)
{
  double sum = 0;

  for (guint i = 0; i < p->n_partners; i++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      sum += p->partners[i].budget_gbp_per_year[s].value;
  return sum;
}

static void
test_reproducible (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  const CsParams *base;
  CsPathfinderArea a, b, c;
  guint differ = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  base = cs_scenario_params (sc);
  for (guint i = 0; i < pf->count; i++)
    {
      g_autoptr (CsParams) p = NULL;
      g_autoptr (CsParams) q = NULL;
      cs_pathfinders_draw (pf, SEED, 3, i, &a);
      cs_pathfinders_draw (pf, SEED, 3, i, &b);
      cs_pathfinders_draw (pf, SEED, 4, i, &c);
      CU_ASSERT (same_area (&a, &b));
      differ += !same_area (&a, &c);
      p = cs_pathfinders_build (pf, base, &a);
      q = cs_pathfinders_build (pf, base, &b);
      CU_ASSERT_EQUAL (p->n_partners, q->n_partners);
      CU_ASSERT_EQUAL (money (p), money (q));
      CU_ASSERT_EQUAL (cs_pathfinders_children (p),
                       cs_pathfinders_children (q));
    }
  CU_ASSERT (differ == pf->count);
}

/* Changing the pooling of every focus moves no other characteristic, and
 * the aligned share moves none but the aligned shares, in proportion. */
static void
test_common_random_numbers (void)
{
  const char *const pool_sets[]
      = { "pathfinders.disabled_children.pool_probability=0.9",
          "pathfinders.all_children.pooled_share=uniform(min=0.5,max=0.7)",
          "pathfinders.aligned_share=0.3", NULL };
  g_autoptr (CsScenario) sa = load (NULL);
  g_autoptr (CsScenario) sb = load (pool_sets);
  const CsPathfinders *pa, *pb;
  guint pool_moved = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sa);
  CU_ASSERT_PTR_NOT_NULL_FATAL (sb);
  pa = cs_scenario_pathfinders (sa);
  pb = cs_scenario_pathfinders (sb);
  for (guint r = 0; r < 20; r++)
    for (guint i = 0; i < pa->count; i++)
      {
        CsPathfinderArea a, b;
        cs_pathfinders_draw (pa, SEED, r, i, &a);
        cs_pathfinders_draw (pb, SEED, r, i, &b);
        CU_ASSERT (a.authority == b.authority && a.focus == b.focus
                   && a.pcts == b.pcts && a.children == b.children
                   && a.deprivation == b.deprivation);
        pool_moved += a.pooled_share != b.pooled_share;
        /* the same uniform draws: every aligned share scales with it */
        for (guint c = 0; c < pa->n_contributions; c++)
          CU_ASSERT_CLOSE (b.aligned[c],
                           a.aligned[c] * 0.3 / pa->aligned_share.value, 1e-12);
      }
  CU_ASSERT (pool_moved > 0);
}

/* ---- building ------------------------------------------------------------ */

static guint
count_members (const CsArrangement *a, guint partner)
{
  guint n = 0;

  for (guint m = 0; m < a->n_members; m++)
    n += a->members[m].kind == CS_MEMBER_PARTNER
         && a->members[m].index == partner;
  return n;
}

static void
check_sources (const CsParams *p)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < p->n_partners; i++)
    for (guint s = 0; s < CS_N_SECTORS; s++)
      ok = ok && p->partners[i].budget_gbp_per_year[s].source != NULL;
  for (guint i = 0; i < p->n_services; i++)
    ok = ok && p->services[i].places.source != NULL;
  for (guint l = 0; l < p->n_localities; l++)
    ok = ok && p->localities[l].deprivation.source != NULL
         && p->localities[l].children[0].source != NULL;
  CU_ASSERT (ok);
}

static void
check_built (const CsPathfinders *pf, const CsParams *base,
             const CsPathfinderArea *a)
{
  g_autoptr (CsParams) p = cs_pathfinders_build (pf, base, a);
  double k = a->children * pf->scale.value / cs_pathfinders_children (base);
  const CsPfFocus *f = &pf->foci[a->focus];
  const CsArrangement *board = &p->arrangements[pf->board];
  double dep = 0, kids = cs_pathfinders_children (p);
  guint pct = pf->pct_partner;

  /* Size: rounding each locality-age cell moves at most 0.5 each. */
  CU_ASSERT_CLOSE (kids, a->children * pf->scale.value,
                   0.5 * p->n_localities * CS_N_AGES);
  /* Money: scaled, then only moved between partners. */
  CU_ASSERT_CLOSE (money (p), money (base) * k, 1e-6 * money (base) * k);
  /* Contributions: the drawn share of the agency's (and its split PCTs'). */
  for (guint c = 0; c < pf->n_contributions; c++)
    {
      const CsPfContribution *x = &pf->contributions[c];
      CsSector s = p->partners[x->to].sector;
      double from = p->partners[x->from].budget_gbp_per_year[s].value;
      if (x->from == pct)
        from *= a->pcts;
      CU_ASSERT_CLOSE (
          p->partners[x->to].budget_gbp_per_year[s].value,
          a->aligned[c]
              * (from + p->partners[x->to].budget_gbp_per_year[s].value),
          1e-6 * from);
    }
  /* The PCT split into a->pcts partners, every membership repeated. */
  CU_ASSERT_EQUAL (p->n_partners, base->n_partners + a->pcts - 1);
  for (guint i = 0; i < base->n_arrangements; i++)
    CU_ASSERT_EQUAL (p->arrangements[i].n_members,
                     base->arrangements[i].n_members
                         + count_members (&base->arrangements[i], pct)
                               * (a->pcts - 1));
  if (a->pcts > 1)
    {
      g_autofree char *id
          = g_strdup_printf ("%s_%u", base->partners[pct].id, a->pcts);
      CU_ASSERT_NOT_EQUAL (cs_params_find_partner (p, id), CS_NONE);
    }
  /* The board: the focus's tiers and weights, the drawn pooled share. */
  CU_ASSERT_EQUAL (board->tiers, f->tiers);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    CU_ASSERT_EQUAL (board->weight_domain[d].value, f->weight_domain[d].value);
  for (guint m = 0; m < board->n_members; m++)
    {
      gboolean pools = FALSE;
      for (guint c = 0; c < pf->n_contributions; c++)
        pools |= pf->contributions[c].pools
                 && board->members[m].index == pf->contributions[c].to;
      CU_ASSERT_EQUAL (
          board->members[m].pooled_share.value,
          pools ? a->pooled_share
                : base->arrangements[pf->board].members[m].pooled_share.value);
    }
  /* Its needs analysis: days per need weighed (gamma, same mean). */
  {
    guint nd = 0;
    for (guint d = 0; d < CS_N_DOMAINS; d++)
      nd += f->weight_domain[d].value > 0;
    CU_ASSERT_CLOSE (
        sim_dist_mean (&board->cycle[CS_CYCLE_NEEDS_ANALYSIS].days.dist),
        nd * pf->needs_days_per_domain.value, 1e-9);
  }
  /* Deprivation: the children-weighted mean moved to the draw. */
  for (guint l = 0; l < p->n_localities; l++)
    for (guint g = 0; g < CS_N_AGES; g++)
      dep += p->localities[l].children[g].value
             * p->localities[l].deprivation.value;
  CU_ASSERT_CLOSE (dep / kids, a->deprivation, 0.01);
  check_sources (p);
}

static void
test_build (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  guint seen_county = 0, seen_pool = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  for (guint r = 0; r < 3; r++)
    for (guint i = 0; i < pf->count; i++)
      {
        CsPathfinderArea a;
        cs_pathfinders_draw (pf, SEED, r, i, &a);
        seen_county += a.pcts > 1;
        seen_pool += a.pooled_share > 0;
        check_built (pf, cs_scenario_params (sc), &a);
      }
  CU_ASSERT (seen_county > 0 && seen_pool > 0);
}

/* The same run with commissioning_rows_only (as ctsim survey runs it):
 * the same events, and the commissioning model's rows the same to the
 * last bit; only the children's rows are left out. */
static void
check_rows_only (CsParams *p, const SimRunConfig *cfg, SimEngine *full_eng,
                 SimResults *full)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = sim_results_new ();
  g_autoptr (GHashTable) rows
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint joint = 0;

  for (gsize i = 0; i < sim_results_len (full); i++)
    {
      const SimResultRow *r = sim_results_row (full, i);
      g_hash_table_insert (
          rows, g_strdup_printf ("%d|%s|%s", r->year, r->group, r->measure),
          (gpointer)r);
    }
  p->commissioning_rows_only = TRUE;
  eng = sim_engine_new (&cs_area_model, p, cfg, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (eng);
  CU_ASSERT_FATAL (sim_engine_run (eng, res, &error));
  p->commissioning_rows_only = FALSE;
  CU_ASSERT_EQUAL (sim_engine_events (eng), sim_engine_events (full_eng));
  CU_ASSERT (sim_results_len (res) > 0
             && sim_results_len (res) < sim_results_len (full));
  for (gsize i = 0; i < sim_results_len (res); i++)
    {
      const SimResultRow *r = sim_results_row (res, i);
      g_autofree char *key
          = g_strdup_printf ("%d|%s|%s", r->year, r->group, r->measure);
      const SimResultRow *f = g_hash_table_lookup (rows, key);

      CU_ASSERT_PTR_NOT_NULL_FATAL (f);
      CU_ASSERT (memcmp (&f->value, &r->value, sizeof r->value) == 0);
      joint += strcmp (r->measure, CS_OUT_JOINT_FROM_DAY) == 0;
    }
  CU_ASSERT (joint > 0);
}

/* A county pathfinder with a pool runs in the area model (ledger checked
 * at every period end) for the scenario's window; and again as the survey
 * runs it (check_rows_only). */
static void
test_runs (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  const CsRunSettings *run;
  g_autoptr (GError) error = NULL;
  CsPathfinderArea a = { 0 };
  gboolean found = FALSE;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  run = cs_scenario_run_settings (sc);
  for (guint r = 0; r < 50 && !found; r++)
    for (guint i = 0; i < pf->count && !found; i++)
      {
        cs_pathfinders_draw (pf, SEED, r, i, &a);
        found = a.pcts > 1 && a.pooled_share > 0;
      }
  CU_ASSERT_FATAL (found);
  {
    g_autoptr (CsParams) p
        = cs_pathfinders_build (pf, cs_scenario_params (sc), &a);
    SimRunConfig cfg = { SEED, 0, sim_years (run->warmup_years),
                         sim_years (run->warmup_years + run->years) };
    g_autoptr (SimEngine) eng
        = sim_engine_new (&cs_area_model, p, &cfg, &error);
    g_autoptr (SimResults) res = sim_results_new ();
    CU_ASSERT_PTR_NOT_NULL_FATAL (eng);
    CU_ASSERT (sim_engine_run (eng, res, &error));
    if (error)
      fprintf (stderr, "%s\n", error->message);
    CU_ASSERT (sim_results_len (res) > 0);
    check_rows_only (p, &cfg, eng, res);
  }
}

/* The time line (issue 15): each board starts start_delay_days after the
 * selection, drawn within board_start_days' range, and, with no
 * agreement in force at the selection (their probabilities at 0), no
 * service is jointly commissioned before its board's start: then only
 * the board holds two sectors' money, so a joint contract is the
 * board's, and its first cycle cannot open before the start.  The survey
 * dates lie inside the run.  Not vacuous: some services become joint. */
static void
test_time_line (void)
{
  /* Starts spread over a year and a half, so that a board that ignored
   * its start would contract before it (a first cycle takes about 300
   * days: stages, a tender of 120 to 220 days, contracting). */
  const char *const sets[]
      = { "pathfinders.board_start_days=uniform(min=0,max=500)",
          "pathfinders.camhs.probability=0",
          "pathfinders.sure_start.probability=0", NULL };
  g_autoptr (CsScenario) shipped = load (NULL);
  g_autoptr (CsScenario) sc = load (sets);
  const CsPathfinders *pf;
  const CsRunSettings *run;
  guint joint = 0, late = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (shipped);
  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  for (guint i = 0; i < 200; i++)
    {
      CsPathfinderArea a;
      const CsPathfinders *p0 = cs_scenario_pathfinders (shipped);
      cs_pathfinders_draw (p0, SEED, i / p0->count, i % p0->count, &a);
      CU_ASSERT (a.board_start >= 0.0 && a.board_start <= 183.0);
    }
  pf = cs_scenario_pathfinders (sc);
  run = cs_scenario_run_settings (sc);
  CU_ASSERT_FATAL (pf->has_board_start);
  CU_ASSERT_FATAL (pf->n_survey_months >= 1);
  for (guint d = 0; d < pf->n_survey_months; d++)
    CU_ASSERT (pf->survey_months[d] > 0
               && pf->survey_months[d] <= run->years * 12.0 + 1e-9);
  for (guint i = 0; i < 30; i++)
    {
      CsPathfinderArea a;
      g_autoptr (GError) error = NULL;
      g_autoptr (CsParams) p = NULL;
      g_autoptr (SimEngine) eng = NULL;
      g_autoptr (SimResults) res = sim_results_new ();
      const char *m = g_intern_static_string ("jointly_commissioned_from_day");
      SimRunConfig cfg = { SEED, i, sim_years (run->warmup_years),
                           sim_years (run->warmup_years + run->years) };

      cs_pathfinders_draw (pf, SEED, i / pf->count, i % pf->count, &a);
      CU_ASSERT (a.board_start >= 0.0 && a.board_start <= 500.0);
      p = cs_pathfinders_build (pf, cs_scenario_params (sc), &a);
      CU_ASSERT_DOUBLE_EQUAL (p->arrangements[pf->board].start_delay_days.value,
                              a.board_start, 1e-12);
      eng = sim_engine_new (&cs_area_model, p, &cfg, &error);
      CU_ASSERT_PTR_NOT_NULL_FATAL (eng);
      CU_ASSERT_FATAL (sim_engine_run (eng, res, &error));
      for (gsize k = 0; k < sim_results_len (res); k++)
        {
          const SimResultRow *row = sim_results_row (res, k);
          if (row->year != SIM_YEAR_ALL || row->measure != m
              || isnan (row->value))
            continue;
          joint++;
          /* the first cycle starts at the start; a contract later */
          if (!(row->value >= a.board_start))
            {
              late++;
              fprintf (stderr,
                       "\n  pathfinder %u: %s joint on day %g, "
                       "board started on day %g\n",
                       i, row->group, row->value, a.board_start);
            }
        }
    }
  CU_ASSERT (joint > 0);
  CU_ASSERT_EQUAL (late, 0);
}

/* Run p (a built pathfinder) and return its whole-run rows. */
static SimResults *
run_area (const CsParams *p, const CsRunSettings *run, guint32 rep)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SimEngine) eng = NULL;
  SimResults *res = sim_results_new ();
  SimRunConfig cfg = { SEED, rep, sim_years (run->warmup_years),
                       sim_years (run->warmup_years + run->years) };

  eng = sim_engine_new (&cs_area_model, p, &cfg, &error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (eng);
  CU_ASSERT_FATAL (sim_engine_run (eng, res, &error));
  return res;
}

static gboolean
same_results (SimResults *a, SimResults *b)
{
  if (sim_results_len (a) != sim_results_len (b))
    return FALSE;
  for (gsize k = 0; k < sim_results_len (a); k++)
    {
      const SimResultRow *x = sim_results_row (a, k),
                         *y = sim_results_row (b, k);
      if (x->year != y->year || x->group != y->group || x->measure != y->measure
          || memcmp (&x->value, &y->value, sizeof x->value) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Services jointly commissioned in a run that serve several sectors. */
static guint
joint_multi (const CsParams *p, SimResults *res)
{
  const char *m = g_intern_static_string ("jointly_commissioned");
  guint n = 0;

  for (gsize k = 0; k < sim_results_len (res); k++)
    {
      const SimResultRow *row = sim_results_row (res, k);
      guint i;
      if (row->year != SIM_YEAR_ALL || row->measure != m
          || !g_str_has_prefix (row->group, "service:") || row->value < 0.5)
        continue;
      i = cs_params_find_service (p, row->group + strlen ("service:"));
      n += i != CS_NONE
           && p->services[i].serves != CS_BIT (p->services[i].sector);
    }
  return n;
}

/* Joint commissioning as a decision about a service (issue 15): a
 * service that serves one sector's responsibilities only never goes
 * through the decision.  Metamorphic, on common random numbers: with
 * every service serving its own sector only, the board's decision
 * switched on or off gives byte-identical runs; with the shipped
 * catalogue (children's centres, SEN, CAMHS, respite ... serving two or
 * three sectors) it makes more of those services joint (not vacuous). */
static void
test_joint_decision (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  const CsRunSettings *run;
  guint on = 0, off = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  run = cs_scenario_run_settings (sc);
  CU_ASSERT_FATAL (((const CsParams *)cs_scenario_params (sc))
                       ->arrangements[pf->board]
                       .joint_by_responsibility);
  for (guint i = 0; i < 12; i++)
    {
      CsPathfinderArea a;
      g_autoptr (CsParams) p = NULL;
      g_autoptr (SimResults) r_on = NULL, r_off = NULL;
      g_autoptr (SimResults) s_on = NULL, s_off = NULL;

      cs_pathfinders_draw (pf, SEED, 0, i, &a);
      p = cs_pathfinders_build (pf, cs_scenario_params (sc), &a);
      r_on = run_area (p, run, i);
      p->arrangements[pf->board].joint_by_responsibility = FALSE;
      r_off = run_area (p, run, i);
      on += joint_multi (p, r_on);
      off += joint_multi (p, r_off);
      {
        g_autofree guint32 *serves = g_new (guint32, p->n_services);
        for (guint k = 0; k < p->n_services; k++)
          {
            serves[k] = p->services[k].serves;
            p->services[k].serves = CS_BIT (p->services[k].sector);
          }
        s_off = run_area (p, run, i);
        p->arrangements[pf->board].joint_by_responsibility = TRUE;
        s_on = run_area (p, run, i);
        CU_ASSERT (same_results (s_on, s_off));
        for (guint k = 0; k < p->n_services; k++)
          p->services[k].serves = serves[k];
      }
    }
  fprintf (stderr,
           "\n  multi-sector services jointly commissioned in 12 "
           "pathfinders: %u with the decision, %u without\n",
           on, off);
  CU_ASSERT (on > off);
}

/* ---- what existed at the selection (issue 15) ---------------------------- */

static guint
agreement_index (const CsPathfinders *pf, const char *id)
{
  for (guint k = 0; k < pf->n_agreements; k++)
    if (strcmp (pf->agreements[k].id, id) == 0)
      return k;
  CU_FAIL ("no such agreement");
  return 0;
}

/* Each agreement is in force with its probability, independently of the
 * focus and of the other agreement (4,000 x 35 draws, 5 standard
 * errors); its draws use their own stream: changing its probabilities
 * moves no other characteristic, and, on the same uniform draws, a higher
 * probability only adds agreements (coupling); at 0 none is in force. */
static void
test_agreements_draw (void)
{
  const char *const more[] = { "pathfinders.camhs.probability=0.9", NULL };
  const char *const none[] = { "pathfinders.camhs.probability=0",
                               "pathfinders.sure_start.probability=0", NULL };
  g_autoptr (CsScenario) sa = load (NULL);
  g_autoptr (CsScenario) sb = load (more);
  g_autoptr (CsScenario) s0 = load (none);
  const CsPathfinders *pa, *pb, *p0;
  double n = 0, in[CS_PF_MAX_AGREEMENTS] = { 0 }, both = 0;
  guint camhs, sure, added = 0, lost = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sa);
  CU_ASSERT_PTR_NOT_NULL_FATAL (sb);
  CU_ASSERT_PTR_NOT_NULL_FATAL (s0);
  pa = cs_scenario_pathfinders (sa);
  pb = cs_scenario_pathfinders (sb);
  p0 = cs_scenario_pathfinders (s0);
  CU_ASSERT_FATAL (pa->n_agreements == 2);
  camhs = agreement_index (pa, "camhs");
  sure = agreement_index (pa, "sure_start");
  for (guint r = 0; r < REPS; r++)
    for (guint i = 0; i < pa->count; i++)
      {
        CsPathfinderArea a, b, z;
        cs_pathfinders_draw (pa, SEED, r, i, &a);
        n++;
        for (guint k = 0; k < pa->n_agreements; k++)
          in[k] += (a.agreements & CS_BIT (k)) != 0;
        both += (a.agreements & CS_BIT (camhs))
                && (a.agreements & CS_BIT (sure));
        if (r >= 50)
          continue;
        cs_pathfinders_draw (pb, SEED, r, i, &b);
        cs_pathfinders_draw (p0, SEED, r, i, &z);
        CU_ASSERT (a.authority == b.authority && a.focus == b.focus
                   && a.pcts == b.pcts && a.children == b.children
                   && a.deprivation == b.deprivation
                   && a.pooled_share == b.pooled_share
                   && a.board_start == b.board_start
                   && memcmp (a.aligned, b.aligned, sizeof a.aligned) == 0);
        CU_ASSERT_EQUAL (z.agreements, 0u);
        /* the same uniform: in force at 0.25 => in force at 0.9 */
        lost += (a.agreements & ~b.agreements) != 0;
        added += (b.agreements & ~a.agreements) != 0;
        CU_ASSERT_EQUAL (a.agreements & CS_BIT (sure),
                         b.agreements & CS_BIT (sure));
      }
  for (guint k = 0; k < pa->n_agreements; k++)
    {
      double q = pa->agreements[k].probability.value;
      CU_ASSERT_CLOSE (in[k] / n, q, 5 * sqrt (q * (1 - q) / n));
    }
  {
    double q = pa->agreements[camhs].probability.value
               * pa->agreements[sure].probability.value;
    CU_ASSERT_CLOSE (both / n, q, 5 * sqrt (q * (1 - q) / n));
  }
  CU_ASSERT_EQUAL (lost, 0u);
  CU_ASSERT (added > 0);
}

/* A drawn agreement gives each of its services payers: its partners,
 * share / partners each, a primary care trust's part split equally
 * between the trusts split from it; the shares add up to the agreement's
 * share; a service no agreement in force covers has none. */
static void
test_agreements_build (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  const CsParams *base;
  guint checked = 0, county = 0;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  base = cs_scenario_params (sc);
  for (guint r = 0; r < 4; r++)
    for (guint i = 0; i < pf->count; i++)
      {
        CsPathfinderArea a;
        g_autoptr (CsParams) p = NULL;
        cs_pathfinders_draw (pf, SEED, r, i, &a);
        p = cs_pathfinders_build (pf, base, &a);
        for (guint sv = 0; sv < p->n_services; sv++)
          {
            const CsService *s = &p->services[sv];
            double want = 0.0, got = 0.0, pct_part = 0.0;
            guint payers = 0;
            for (guint k = 0; k < pf->n_agreements; k++)
              {
                const CsPfAgreement *g = &pf->agreements[k];
                for (guint j = 0; j < g->n_services; j++)
                  if (g->services[j] == sv && (a.agreements & CS_BIT (k)))
                    {
                      want += g->share.value;
                      payers += g->n_partners;
                      for (guint m = 0; m < g->n_partners; m++)
                        if (g->partners[m] == pf->pct_partner)
                          {
                            payers += a.pcts - 1;
                            pct_part += g->share.value / g->n_partners;
                          }
                    }
              }
            CU_ASSERT_EQUAL (s->n_agreement, payers);
            for (guint m = 0; m < s->n_agreement; m++)
              {
                guint h = s->agreement_partner[m];
                got += s->agreement_share[m];
                CU_ASSERT (h < p->n_partners);
                /* a trust split from the PCT pays 1/pcts of its part */
                if (h == pf->pct_partner || h >= base->n_partners)
                  CU_ASSERT_CLOSE (s->agreement_share[m], pct_part / a.pcts,
                                   1e-12);
              }
            CU_ASSERT_CLOSE (got, want, 1e-12);
            checked += s->n_agreement > 0;
            county += s->n_agreement > 0 && a.pcts > 1 && pct_part > 0;
          }
      }
  CU_ASSERT (checked > 0 && county > 0);
}

static double
row_value (SimResults *res, const char *group, const char *measure)
{
  for (gsize k = 0; k < sim_results_len (res); k++)
    {
      const SimResultRow *row = sim_results_row (res, k);
      if (row->year == SIM_YEAR_ALL && strcmp (row->group, group) == 0
          && strcmp (row->measure, measure) == 0)
        return row->value;
    }
  CU_FAIL ("no such row");
  return NAN;
}

/* An agreement in force acts from the selection, through the money: in a
 * county pathfinder with both agreements and a board that never starts
 * within the run, the services they cover are jointly commissioned from
 * the selection (day 0), paid in the agreements' shares by the sectors
 * they join (the lead's contracts; the ledger is checked at every period
 * end), and no other service is joint; with the same draw and no
 * agreement in force, nothing is joint. */
static void
test_agreements_run (void)
{
  g_autoptr (CsScenario) sc = load (NULL);
  const CsPathfinders *pf;
  const CsRunSettings *run;
  CsPathfinderArea a = { 0 };
  gboolean found = FALSE;
  guint camhs, sure;
  guint32 in_force;

  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  pf = cs_scenario_pathfinders (sc);
  run = cs_scenario_run_settings (sc);
  camhs = agreement_index (pf, "camhs");
  sure = agreement_index (pf, "sure_start");
  in_force = CS_BIT (camhs) | CS_BIT (sure);
  for (guint r = 0; r < 50 && !found; r++)
    for (guint i = 0; i < pf->count && !found; i++)
      {
        cs_pathfinders_draw (pf, SEED, r, i, &a);
        found = a.pcts > 1 && (a.agreements & in_force) == in_force;
      }
  CU_ASSERT_FATAL (found);
  for (guint with = 0; with < 2; with++)
    {
      g_autoptr (CsParams) p = NULL;
      g_autoptr (SimResults) res = NULL;
      guint joint = 0;
      a.agreements = with ? in_force : 0;
      p = cs_pathfinders_build (pf, cs_scenario_params (sc), &a);
      p->arrangements[pf->board].start_delay_days.value = 10000.0;
      res = run_area (p, run, a.index);
      for (guint i = 0; i < p->n_services; i++)
        {
          const CsService *s = &p->services[i];
          g_autofree char *g = g_strconcat ("service:", s->id, NULL);
          double from = row_value (res, g, "jointly_commissioned_from_day");
          double by[CS_N_SECTORS], all = 0.0;
          for (guint k = 0; k < CS_N_SECTORS; k++)
            {
              g_autofree char *m
                  = g_strdup_printf ("paid_%s_gbp", cs_sector_names[k]);
              by[k] = row_value (res, g, m);
              all += by[k];
            }
          if (!isnan (from))
            joint++;
          if (s->n_agreement == 0)
            {
              CU_ASSERT (isnan (from));
              continue;
            }
          CU_ASSERT (with);
          CU_ASSERT_DOUBLE_EQUAL (from, 0.0, 1e-9);
          CU_ASSERT_FATAL (all > 0);
          if (strcmp (s->id, "childrens_centres") == 0)
            {
              double q = pf->agreements[sure].share.value / 2;
              CU_ASSERT_CLOSE (by[CS_SECTOR_HEALTH] / all, q, 1e-9);
              CU_ASSERT_CLOSE (by[CS_SECTOR_SOCIAL_CARE] / all, q, 1e-9);
              CU_ASSERT_CLOSE (by[CS_SECTOR_EDUCATION] / all, 1 - 2 * q, 1e-9);
            }
          else
            {
              double q = pf->agreements[camhs].share.value;
              CU_ASSERT_CLOSE (by[CS_SECTOR_SOCIAL_CARE] / all, q, 1e-9);
              CU_ASSERT_CLOSE (by[CS_SECTOR_HEALTH] / all, 1 - q, 1e-9);
            }
        }
      fprintf (stderr, "\n  %s agreements: %u services joint\n",
               with ? "with" : "without", joint);
      CU_ASSERT_EQUAL (joint, with ? 3u : 0u);
    }
}

/* ---- checks -------------------------------------------------------------- */

static void
expect_refused (const char *set, const char *needle)
{
  const char *const sets[] = { set, NULL };
  g_autofree char *path = scenario_path ("pathfinders-2004.xml");
  g_autoptr (GError) error = NULL;
  g_autoptr (CsScenario) sc = cs_scenario_load (path, sets, &error);

  CU_ASSERT_PTR_NULL (sc);
  CU_ASSERT_PTR_NOT_NULL_FATAL (error);
  CU_ASSERT_EQUAL (error->code, SIM_ERROR_DATA);
  CU_ASSERT_PTR_NOT_NULL (strstr (error->message, needle));
  if (!strstr (error->message, needle))
    fprintf (stderr, "\n  got: %s\n  expected to contain: %s\n", error->message,
             needle);
}

static void
test_checks (void)
{
  expect_refused ("pathfinders.mental_health.count=rest",
                  "2 foci have count=\"rest\"");
  expect_refused ("pathfinders.all_children.count=20-30",
                  "add up to as many as 45");
  expect_refused ("pathfinders.school_centred.count=6-4",
                  "count 6-4 is reversed");
  expect_refused ("pathfinders.unitary.share=0.5",
                  "shares add up to 0.73 (expected 1)");
  expect_refused ("pathfinders.county.pcts_min=9", "pcts_min=9, pcts_max=8");
  expect_refused ("pathfinders.board=education_x",
                  "'education_x' is not an arrangement");
  expect_refused ("pathfinders.health.from=nobody",
                  "'nobody' is not a partner");
  expect_refused ("pathfinders.deprivation.mean=uniform(min=0.5,max=0.1)",
                  "mean of <deprivation>");
  expect_refused ("pathfinders.survey_months=15 12",
                  "survey_months: 12 after 15");
  expect_refused ("services.respite_care.serves=social_care",
                  "leaves out its own sector");
  expect_refused ("pathfinders.camhs.services=camhs_t3 nothing",
                  "'nothing' is not a service of the scenario");
  expect_refused ("pathfinders.sure_start.partners=health nobody",
                  "'nobody' is not a partner of the scenario");
  expect_refused ("pathfinders.sure_start.services=childrens_centres camhs_t3",
                  "'camhs_t3' have shares adding up to 1.167");
  expect_refused ("pathfinders.camhs.share=1.5", "from 0 to 1");
  expect_refused ("pathfinders.camhs.probability=-0.1", "from 0 to 1");
  {
    /* A spec built by hand: an agreement binds the service's commissioner
     * at the start, so a service without one is refused. */
    g_autoptr (CsScenario) sc = load (NULL);
    const CsPathfinders *pf;
    CsParams base;
    g_autofree CsService *services = NULL;
    g_autoptr (GError) error = NULL;
    guint k;
    CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
    pf = cs_scenario_pathfinders (sc);
    base = *(const CsParams *)cs_scenario_params (sc);
    services = g_memdup2 (base.services, base.n_services * sizeof *services);
    k = pf->agreements[0].services[0];
    services[k].commissioner = CS_NONE;
    base.services = services;
    CU_ASSERT (cs_pathfinders_check (pf, cs_scenario_params (sc), NULL));
    CU_ASSERT_FALSE (cs_pathfinders_check (pf, &base, &error));
    CU_ASSERT (error && strstr (error->message, "has no commissioner"));
  }
}

int
main (void)
{
  static const CuTest draw_tests[] = {
    { "/pathfinders/draw/focus-mix", test_focus_mix },
    { "/pathfinders/draw/characteristics", test_characteristics },
    { "/pathfinders/draw/pool-agreement", test_pool_agreement },
    { "/pathfinders/draw/reproducible", test_reproducible },
    { "/pathfinders/draw/common-random-numbers", test_common_random_numbers },
    { "/pathfinders/draw/agreements", test_agreements_draw },
    { NULL, NULL },
  };
  static const CuTest build_tests[] = {
    { "/pathfinders/build/scaled-and-conserved", test_build },
    { "/pathfinders/build/runs", test_runs },
    { "/pathfinders/build/time-line", test_time_line },
    { "/pathfinders/build/joint-decision", test_joint_decision },
    { "/pathfinders/build/agreements", test_agreements_build },
    { "/pathfinders/build/agreements-run", test_agreements_run },
    { "/pathfinders/build/checks", test_checks },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/pathfinders/draw", draw_tests },
    { "/pathfinders/build", build_tests },
    { NULL, NULL },
  };

  return cu_main ("test-pathfinders", suites);
}
