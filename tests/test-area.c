/* test-area.c: the area model: conservation, capacity, common random numbers,
 * prevalence.
 *
 * Areas come from tests/area-fixture.c (built in code), except for the
 * prevalence test, which runs the shipped scenarios/default.xml.  Every
 * test prints its seed.
 *
 * Prevalence tolerances (stated; [ONS 2004], [Blackburn 2010], [DfES SFR], [CiN
 * 2001] targets, absolute differences; stages are the scenario's group
 * thresholds): mental disorder at 5-16 (emotional or conduct need at the
 * additional-needs stage) 10% +- 1.5 points; SEN among pupils 18% +- 2 points,
 * with a statement 2.9% +- 0.6 points; disability 7.3% +- 1 point; looked after
 * 5.2 +- 1 per 1,000; children in need 32 +- 6 per 1,000.  They are
 * checked on the pooled census of 3 replications of the default area
 * (about 45,000 children each) after the scenario's warm-up (15 years:
 * the steady state the calibration is made at, docs/model.md 3.5) and 2
 * observed years.
 * Noise: the binomial standard error of each pooled share is below a
 * tenth of its tolerance except for looked-after children (about 700
 * children pooled: about 0.2 per 1,000, a fifth of the tolerance); the
 * tolerances measure calibration (docs/model.md).
 *
 * Needs that cluster (issue 14, /area/clustering; [Practices 2008],
 * [DfES SFR], [SENPOG 2006] Doran), on 4 replications of the default area
 * (seeds 20041-20044, the scenario's warm-up and 5 observed years, as
 * `ctsim run`):
 * statements 2.9% of all pupils +- 0.6 points and 28% of looked-after
 * pupils +- 8 points (about 800 looked-after pupil censuses: binomial
 * standard error about 1.6 points, the rest calibration); permanent
 * exclusions 1.2 +- 0.3 per 1,000 pupils a year; looked-after pupils'
 * exclusion ratio 8 +- 4 (about 25 exclusions of looked-after pupils:
 * Poisson error about 20%); their school-move ratio at key stage 4, 5
 * +- 2 (about 100 moves); across mainstream schools, the correlation of
 * the share of pupils at stages 3-4 with the share from income-deprived
 * families 0.48 +- 0.2 (57 schools: standard error of one census's r
 * about 0.1); children at stage 4 in any domain 1.98% +- 1 point
 * (Stirling's highest stage; out of sample): a known failure, reported
 * and not counted.  It passed (2.53%) only on the start-up transient of
 * one year of warm-up; at the steady state the model has 3.1% to 3.5%
 * of children at stage 4 (issue 13 item 6; docs/model.md 3.5), and the
 * figure is validation, so it is not fitted.
 *
 * The staged SEN response (on in default.xml since issue 14 item 3, so the
 * statements above are its statements; /area/sen-response on the
 * fixture): of statements issued after a statutory assessment, the share
 * within the deadline equals the assessment-time distribution's
 * P(days <= deadline) within 4 binomial standard errors.  Looked-after pupils
 * have no multiplier of their own for exclusion or school moves: without
 * clustering their exclusion ratio would be near 1; the school-move ratio comes
 * from changes of placement.  The run includes commissioning (default.xml's
 * separate agencies resize services from day 90): the calibration of
 * docs/model.md 3.5 is made with it on.
 *
 * Mechanisms of the world that commissioning drives: a provider's
 * continuity (continuity 0 against 1 with worker_change_effect_rr 0.3:
 * more unmet need on common random numbers, each of 3 seeds, measured
 * +7 to +8%; with worker_change_effect_rr 1, identical rows) and services
 * delivered at school (all at school against all in the community, many
 * exclusions: excluded pupils' reach lower on common random numbers). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/area/cs-area.h"
#include "models/scenario/cs-scenario.h"
#include "models/world/cs-world-private.h"
#include "sim/sim-engine.h"
#include "tests/area-fixture.h"
#include "tests/cu-main.h"

#define SEED 20041

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

/* Run one replication; the engine is kept so tests can read the world.
 * `setup` (if not NULL) acts on the world before the first event. */
static gboolean
run_area_setup (const CsParams *p, guint64 seed, double warmup_years,
                double years, void (*setup) (CsWorld *w), Run *r)
{
  SimRunConfig cfg
      = { seed, 0, sim_years (warmup_years), sim_years (warmup_years + years) };
  g_autoptr (GError) error = NULL;

  memset (r, 0, sizeof *r);
  r->eng = sim_engine_new (&cs_area_model, p, &cfg, &error);
  if (!r->eng)
    {
      fprintf (stderr, "area: %s\n", error->message);
      return FALSE;
    }
  if (setup)
    setup (cs_area_world (sim_engine_state (r->eng)));
  r->res = sim_results_new ();
  if (!sim_engine_run (r->eng, r->res, &error))
    {
      fprintf (stderr, "area: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_area (const CsParams *p, guint64 seed, double warmup_years, double years,
          Run *r)
{
  return run_area_setup (p, seed, warmup_years, years, NULL, r);
}

static CsWorld *
world_of (const Run *r)
{
  return cs_area_world (sim_engine_state (r->eng));
}

static double
row (const Run *r, gint year, const char *group, const char *measure)
{
  return sim_results_lookup (r->res, year, group, measure);
}

/* ---- Conservation -------------------------------------------------------- */

static void
test_conservation (void)
{
  g_autoptr (CsParams) p = area_fixture_new (6000, 3);
  g_autoptr (GError) error = NULL;
  guint count[CS_N_PLACES] = { 0 };
  CsWorld *w;
  Run r;

  printf ("  seed %d\n", SEED);
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 4.0, &r));
  w = world_of (&r);
  /* Every record in exactly one place, and the counts agree. */
  for (guint i = 0; i < cs_world_n_children (w); i++)
    {
      CsChildView v;
      /* FALSE only for a child gone whose record was dropped. */
      CU_ASSERT_FATAL (cs_world_child (w, i, &v) || v.place == CS_PLACE_GONE);
      CU_ASSERT (v.place < CS_N_PLACES);
      count[v.place]++;
      CU_ASSERT ((v.place == CS_PLACE_ROLL)
                 == (v.school != CS_NONE && v.place != CS_PLACE_EXCLUDED));
      if (v.place == CS_PLACE_OUT_OF_AREA)
        CU_ASSERT (v.looked_after);
    }
  CU_ASSERT_EQUAL (cs_world_n_children (w) - count[CS_PLACE_GONE],
                   cs_world_n_present (w));
  /* Records of children gone were dropped at the school-year starts;
   * the records kept are in order of id, each found by its id. */
  CU_ASSERT (cs_world_n_records (w) < cs_world_n_children (w));
  CU_ASSERT (cs_world_n_records (w) >= cs_world_n_present (w));
  for (guint i = 0, last = 0; i < cs_world_n_records (w); i++)
    {
      CsChildView v, by_id;
      cs_world_record_state (w, i, &v);
      CU_ASSERT (i == 0 || v.id > last);
      last = v.id;
      CU_ASSERT_FATAL (cs_world_child_state (w, v.id, &by_id));
      CU_ASSERT (memcmp (&v, &by_id, sizeof v) == 0);
    }
  /* Children in = out + present, from the rows, year by year. */
  for (gint y = 2; y <= 4; y++)
    {
      double before = row (&r, y - 1, "all", "children");
      double now = row (&r, y, "all", "children");
      double in = row (&r, y, "all", "births") + row (&r, y, "all", "arrivals");
      double out
          = row (&r, y, "all", "turned_18") + row (&r, y, "all", "moved_away");
      CU_ASSERT_EQUAL (now, before + in - out);
      CU_ASSERT (in > 0 && out > 0);
    }
  CU_ASSERT_EQUAL (row (&r, 4, "all", "children"), cs_world_n_present (w));
  CU_ASSERT (cs_world_check (w, &error));
  run_clear (&r);
}

/* The check itself catches a record whose place disagrees with the
 * counts (so a conservation bug would stop a run with exit 70). */
static void
test_check_detects (void)
{
  g_autoptr (CsParams) p = area_fixture_new (2000, 2);
  g_autoptr (GError) error = NULL;
  CsWorld *w;
  guint i;
  Run r;

  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 1.0, &r));
  w = world_of (&r);
  CU_ASSERT (cs_world_check (w, NULL));
  for (i = 0; i < w->n_kids && w->kids[i].place != CS_PLACE_ROLL; i++)
    ;
  CU_ASSERT_FATAL (i < w->n_kids);
  w->kids[i].place = CS_PLACE_HOME_EDUCATED; /* behind the counts' back */
  CU_ASSERT_FALSE (cs_world_check (w, &error));
  CU_ASSERT (error && error->code == 70);
  if (error)
    printf ("  detected: %s\n", error->message);
  w->kids[i].place = CS_PLACE_ROLL;
  CU_ASSERT (cs_world_check (w, NULL));
  /* A buyer's list count or running count behind the lists' back. */
  for (i = 0; i < p->n_services && w->svcs[i].q_len == 0; i++)
    ;
  CU_ASSERT_FATAL (i < p->n_services);
  w->svcs[i].buyers[0].q_len++;
  g_clear_error (&error);
  CU_ASSERT_FALSE (cs_world_check (w, &error));
  if (error)
    printf ("  detected: %s\n", error->message);
  w->svcs[i].buyers[0].q_len--;
  w->svcs[i].buyers[0].busy++;
  w->svcs[i].busy++;
  g_clear_error (&error);
  CU_ASSERT_FALSE (cs_world_check (w, &error));
  if (error)
    printf ("  detected: %s\n", error->message);
  w->svcs[i].buyers[0].busy--;
  w->svcs[i].busy--;
  CU_ASSERT (cs_world_check (w, NULL));
  run_clear (&r);
}

/* ---- Capacity ------------------------------------------------------------ */

static void
test_zero_capacity (void)
{
  g_autoptr (CsParams) p = area_fixture_new (6000, 3);
  double referrals = 0.0;
  Run r;

  printf ("  seed %d\n", SEED);
  area_fixture_scale_places (p, 0.0);
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 3.0, &r));
  for (guint i = 0; i < p->n_services; i++)
    {
      g_autofree char *g = g_strdup_printf ("service:%s", p->services[i].id);
      CU_ASSERT_EQUAL (row (&r, SIM_YEAR_ALL, g, "served"), 0.0);
      CU_ASSERT_EQUAL (row (&r, SIM_YEAR_ALL, g, "spend_gbp"), 0.0);
      referrals += row (&r, SIM_YEAR_ALL, g, "referrals");
    }
  CU_ASSERT (referrals > 0); /* children were referred, none was served */
  CU_ASSERT_EQUAL (row (&r, SIM_YEAR_ALL, "all", "reach"), 0.0);
  for (guint t = 0; t < CS_N_TIERS; t++)
    {
      g_autofree char *g = g_strdup_printf ("tier:%s", cs_tier_names[t]);
      CU_ASSERT_EQUAL (row (&r, SIM_YEAR_ALL, g, "children_served"), 0.0);
    }
  run_clear (&r);
}

/* Doubling every service's places never raises unmet need, on common
 * random numbers, for each of several seeds. */
static void
test_double_places (void)
{
  for (guint64 seed = 1; seed <= 6; seed++)
    {
      g_autoptr (CsParams) p1 = area_fixture_new (8000, 3);
      g_autoptr (CsParams) p2 = area_fixture_new (8000, 3);
      double u1, u2;
      Run r1, r2;

      area_fixture_scale_places (p2, 2.0);
      CU_ASSERT_FATAL (run_area (p1, seed, 1.0, 3.0, &r1));
      CU_ASSERT_FATAL (run_area (p2, seed, 1.0, 3.0, &r2));
      u1 = row (&r1, SIM_YEAR_ALL, "all", "unmet_need_days");
      u2 = row (&r2, SIM_YEAR_ALL, "all", "unmet_need_days");
      printf ("  seed %" G_GUINT64_FORMAT ": unmet need days %.0f -> %.0f "
              "(%.1f%%)\n",
              seed, u1, u2, 100 * (u2 - u1) / u1);
      CU_ASSERT (u1 > 0);
      CU_ASSERT (u2 <= u1);
      run_clear (&r1);
      run_clear (&r2);
    }
}

/* ---- Continuity of workers ----------------------------------------------- */

/* Every service run by one provider of quality 1, price 1 and the given
 * continuity. */
static void
one_provider (CsParams *p, double continuity)
{
  CsProvider *pr;

  p->n_providers = 1;
  p->providers = g_new0 (CsProvider, 1);
  pr = &p->providers[0];
  pr->id = pr->name = cs_params_intern (p, "provider");
  pr->type = cs_params_intern (p, "label");
  pr->sectors = CS_BIT (CS_N_SECTORS) - 1;
  pr->capacity = (CsNum){ 1e6, "test" };
  pr->price_rr = (CsNum){ 1.0, "test" };
  pr->quality = (CsNum){ 1.0, "test" };
  pr->bid_probability = (CsNum){ 1.0, "test" };
  pr->continuity = (CsNum){ continuity, "test" };
  for (guint i = 0; i < p->n_services; i++)
    p->services[i].provider = 0;
}

/* A provider whose children always change worker (continuity 0) makes
 * episodes less effective than one whose children never do, when a
 * change of worker costs effect (worker_change_effect_rr 0.3): unmet
 * need is higher on common random numbers, for each of several seeds.
 * When a change costs nothing (1), continuity changes no row. */
static gboolean same_rows (const SimResults *a, const SimResults *b);

static void
test_continuity (void)
{
  for (guint64 seed = 1; seed <= 3; seed++)
    {
      double u[2];
      for (guint k = 0; k < 2; k++)
        {
          g_autoptr (CsParams) p = area_fixture_new (6000, 2);
          Run r;
          one_provider (p, k == 0 ? 1.0 : 0.0);
          p->worker_change_effect_rr.value = 0.3;
          CU_ASSERT_FATAL (run_area (p, seed, 1.0, 3.0, &r));
          u[k] = row (&r, SIM_YEAR_ALL, "all", "unmet_need_days");
          run_clear (&r);
        }
      printf ("  seed %" G_GUINT64_FORMAT ": unmet need days, continuity 1 "
              "%.0f, continuity 0 %.0f (%+.1f%%)\n",
              seed, u[0], u[1], 100 * (u[1] - u[0]) / u[0]);
      CU_ASSERT (u[1] > u[0]);
    }
  {
    g_autoptr (CsParams) p1 = area_fixture_new (4000, 2);
    g_autoptr (CsParams) p0 = area_fixture_new (4000, 2);
    Run a, b;
    one_provider (p1, 1.0);
    one_provider (p0, 0.0);
    p1->worker_change_effect_rr.value = p0->worker_change_effect_rr.value = 1.0;
    CU_ASSERT_FATAL (run_area (p1, SEED, 0.0, 2.0, &a));
    CU_ASSERT_FATAL (run_area (p0, SEED, 0.0, 2.0, &b));
    CU_ASSERT (same_rows (a.res, b.res));
    run_clear (&a);
    run_clear (&b);
  }
}

/* ---- Services delivered at school --------------------------------------- */

/* Every service delivered at school against every service delivered in
 * the community, with many exclusions: excluded pupils are out of school,
 * so services delivered at school reach fewer of them (the excluded
 * group's reach falls), on common random numbers. */
static void
test_school_setting (void)
{
  double reach[2], pupils[2];

  printf ("  seed %d\n", SEED);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (CsParams) p = area_fixture_new (8000, 2);
      Run r;
      /* Without clustering (issue 14): with it, the pupils excluded at
       * a census are those with the most needs, and they are served
       * faster while in school when children out of school cannot
       * compete for places, which masks the setting's effect on the
       * year's reach (measured: 0.688 in the community against 0.702 at
       * school on 30,000 children); this test isolates the setting. */
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        {
          p->domains[d].adversity_loading.value = 0.0;
          p->domains[d].frailty_loading.value = 0.0;
        }
      for (guint i = 0; i < p->n_services; i++)
        p->services[i].setting
            = k == 0 ? CS_SETTING_COMMUNITY : CS_SETTING_SCHOOL;
      p->life.exclusion_per_1000_per_year.value = 20.0;
      CU_ASSERT_FATAL (run_area (p, SEED, 1.0, 3.0, &r));
      reach[k] = row (&r, SIM_YEAR_ALL, "excluded", "reach");
      pupils[k] = row (&r, SIM_YEAR_ALL, "all", "reach");
      run_clear (&r);
    }
  printf ("  reach of excluded children: in the community %.3f, at school "
          "%.3f; of all children %.3f and %.3f\n",
          reach[0], reach[1], pupils[0], pupils[1]);
  CU_ASSERT (reach[1] < reach[0]);
}

/* ---- Determinism and streams --------------------------------------------- */

static gboolean
same_rows (const SimResults *a, const SimResults *b)
{
  if (sim_results_len (a) != sim_results_len (b))
    return FALSE;
  for (gsize i = 0; i < sim_results_len (a); i++)
    {
      const SimResultRow *x = sim_results_row (a, i),
                         *y = sim_results_row (b, i);
      if (x->year != y->year || x->group != y->group || x->measure != y->measure
          || memcmp (&x->value, &y->value, sizeof x->value) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_determinism (void)
{
  g_autoptr (CsParams) p = area_fixture_new (5000, 2);
  Run a, b, c;

  printf ("  seed %d\n", SEED);
  CU_ASSERT_FATAL (run_area (p, SEED, 1.0, 2.0, &a));
  CU_ASSERT_FATAL (run_area (p, SEED, 1.0, 2.0, &b));
  CU_ASSERT_FATAL (run_area (p, SEED + 1, 1.0, 2.0, &c));
  CU_ASSERT (sim_results_len (a.res) > 1000);
  CU_ASSERT (same_rows (a.res, b.res));
  CU_ASSERT_FALSE (same_rows (a.res, c.res));
  CU_ASSERT_EQUAL (sim_engine_events (a.eng), sim_engine_events (b.eng));
  run_clear (&a);
  run_clear (&b);
  run_clear (&c);
}

/* Adding a service that nobody can use shifts no child's draws. */
static void
test_streams_per_entity (void)
{
  g_autoptr (CsParams) p = area_fixture_new (4000, 2);
  g_autoptr (CsParams) q = area_fixture_new (4000, 2);
  CsService *extra;
  Run a, b;

  q->services = g_renew (CsService, q->services, q->n_services + 1);
  extra = &q->services[q->n_services++];
  *extra = q->services[0];
  sim_dist_copy (&extra->episode_days.dist, &q->services[0].episode_days.dist);
  extra->id = cs_params_intern (q, "unused");
  extra->access = CS_ACCESS_REFERRAL;
  extra->referrers = 0; /* no noticer refers to it */
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 2.0, &a));
  CU_ASSERT_FATAL (run_area (q, SEED, 0.0, 2.0, &b));
  CU_ASSERT_EQUAL (row (&a, SIM_YEAR_ALL, "all", "unmet_need_days"),
                   row (&b, SIM_YEAR_ALL, "all", "unmet_need_days"));
  CU_ASSERT_EQUAL (row (&a, SIM_YEAR_ALL, "all", "onsets"),
                   row (&b, SIM_YEAR_ALL, "all", "onsets"));
  CU_ASSERT_EQUAL (row (&b, SIM_YEAR_ALL, "service:unused", "served"), 0.0);
  run_clear (&a);
  run_clear (&b);
}

/* ---- School-based episodes ----------------------------------------------- */

/* A school-based service (behaviour support, ends_on_leaving_school)
 * with long episodes and plenty of places, a high exclusion rate, no
 * other way to leave a school: episodes end early, and no excluded
 * child keeps one running.  The same area with the service not
 * school-based keeps excluded children's episodes running. */
static void
check_exclusion (gboolean school_based)
{
  g_autoptr (CsParams) p = area_fixture_new (10000, 2);
  guint svc = cs_params_find_service (p, "behaviour_support");
  guint running_excluded = 0;
  g_autofree char *g = NULL;
  CsWorld *w;
  Run r;

  CU_ASSERT_FATAL (svc != CS_NONE);
  p->services[svc].ends_on_leaving_school = school_based;
  p->services[svc].eligibility.on_roll_only = FALSE;
  p->services[svc].places.value = 2000;
  sim_dist_clear (&p->services[svc].episode_days.dist);
  p->services[svc].episode_days.dist = sim_dist_deterministic (3000.0);
  p->life.exclusion_per_1000_per_year.value = 40.0;
  p->life.school_move_per_1000_per_year.value = 0.0;
  p->life.home_education_per_1000_per_year.value = 0.0;
  p->life.care_out_of_area_share.value = 0.0;
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 3.0, &r));
  w = world_of (&r);
  g = g_strdup_printf ("service:%s", p->services[svc].id);
  for (guint32 k = 0; k < w->n_cases; k++)
    if (w->cases[k].kind == CS_CASE_RUNNING && w->cases[k].service == svc
        && w->kids[w->cases[k].child].place == CS_PLACE_EXCLUDED)
      running_excluded++;
  printf ("  school-based %d: exclusions %.0f, ended on leaving school "
          "%.0f, excluded with an episode running %u\n",
          school_based, row (&r, SIM_YEAR_ALL, "all", "exclusions"),
          row (&r, SIM_YEAR_ALL, g, "ended_leaving_school"), running_excluded);
  CU_ASSERT (row (&r, SIM_YEAR_ALL, "all", "exclusions") > 20);
  CU_ASSERT (row (&r, SIM_YEAR_ALL, g, "served") > 100);
  if (school_based)
    {
      CU_ASSERT (row (&r, SIM_YEAR_ALL, g, "ended_leaving_school") > 10);
      CU_ASSERT_EQUAL (running_excluded, 0);
    }
  else
    {
      CU_ASSERT_EQUAL (row (&r, SIM_YEAR_ALL, g, "ended_leaving_school"), 0.0);
      CU_ASSERT (running_excluded > 0);
    }
  run_clear (&r);
}

static void
test_exclusion_ends_episodes (void)
{
  printf ("  seed %d\n", SEED);
  check_exclusion (TRUE);
  check_exclusion (FALSE);
}

/* A child's hazard sum without the list (what cs_child_reschedule draws
 * from) is the same double as the list's total and as its rates summed in
 * order, for every child present in the middle of a school year (open
 * access reaching some, some with no need). */
static void
test_hazard_total (void)
{
  g_autoptr (CsParams) p = area_fixture_new (6000, 2);
  guint checked = 0, reached = 0, no_need = 0;
  CsWorld *w;
  Run r;

  printf ("  seed %d\n", SEED);
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 1.5, &r));
  w = world_of (&r);
  CU_ASSERT (w->open_active);
  for (guint id = 0; id < w->n_kids; id++)
    {
      const CsChild *c = &w->kids[id];
      CsHazards hz = { 0 };
      double sum = 0.0, total;

      if (c->place == CS_PLACE_GONE)
        continue;
      cs_needs_hazards (w, id, &hz);
      cs_life_hazards (w, id, &hz);
      for (guint j = 0; j < hz.n; j++)
        sum += hz.rate[j];
      total = cs_life_total (w, id, cs_needs_total (w, id, 0.0));
      CU_ASSERT (memcmp (&total, &hz.total, sizeof total) == 0);
      CU_ASSERT (memcmp (&sum, &hz.total, sizeof sum) == 0);
      checked++;
      reached += (c->open & w->open_live) != 0;
      no_need += c->stages == 0;
    }
  CU_ASSERT (checked > 0 && reached > 0 && no_need > 0);
  run_clear (&r);
}

/* With school staff the only noticers, every referral is theirs, and a
 * child off the school roll (and not in an early-years setting) has no
 * hazard of being noticed, while a pupil with the same kind of need
 * has one. */
static gboolean
unknown_need (const CsChild *c)
{
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    if (cs_stage (c, d) >= 1 && !(c->engaged & (1u << d)))
      return TRUE;
  return FALSE;
}

static gboolean
can_be_noticed (const CsWorld *w, guint id)
{
  CsHazards hz = { 0 };

  cs_needs_hazards (w, id, &hz);
  for (guint j = 0; j < hz.n; j++)
    if (hz.kind[j] == CS_HZ_NOTICE)
      return TRUE;
  return FALSE;
}

static void
test_school_staff_see_pupils (void)
{
  g_autoptr (CsParams) p = area_fixture_new (6000, 2);
  guint off_roll = 0, pupils = 0, cases = 0;
  CsWorld *w;
  Run r;

  printf ("  seed %d\n", SEED);
  for (guint n = 0; n < CS_N_NOTICERS; n++)
    if (n != CS_NOTICER_SCHOOL_STAFF)
      p->noticers[n].contact_share.value = 0.0;
  /* Nor do social workers refer at the start or on entry into care. */
  p->life.children_in_need_per_1000.value = 0.0;
  p->life.looked_after_per_1000.value = 0.0;
  for (guint s = 0; s < CS_N_STAGES; s++)
    p->life.care_entry_per_year[s].value = 0.0;
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 2.0, &r));
  w = world_of (&r);
  for (guint32 k = 0; k < w->n_cases; k++)
    if (w->cases[k].kind == CS_CASE_WAITING
        || w->cases[k].kind == CS_CASE_RUNNING)
      {
        cases++;
        CU_ASSERT_EQUAL (w->cases[k].noticer, CS_NOTICER_SCHOOL_STAFF);
      }
  for (guint i = 0; i < w->n_kids; i++)
    {
      const CsChild *c = &w->kids[i];
      gboolean pupil = c->place == CS_PLACE_ROLL
                       || (c->place == CS_PLACE_PRE_SCHOOL
                           && (c->flags & CS_CHILD_SETTING));
      if (c->place == CS_PLACE_GONE || !unknown_need (c))
        continue;
      if (pupil)
        {
          pupils++;
          CU_ASSERT (can_be_noticed (w, i));
        }
      else
        {
          off_roll++;
          CU_ASSERT_FALSE (can_be_noticed (w, i));
        }
    }
  printf ("  %u cases; children with a need not yet known: %u pupils, %u "
          "off the roll\n",
          cases, pupils, off_roll);
  CU_ASSERT (cases > 50 && pupils > 50 && off_roll > 50);
  run_clear (&r);
}

/* ---- World API ----------------------------------------------------------- */

static void
test_count_needs (void)
{
  g_autoptr (CsParams) p = area_fixture_new (4000, 3);
  CsSight all = { NULL, 1.0, 1.0, { 1.0, 1.0, 1.0, 1.0 }, 0, 17 };
  CsSight roll = { NULL, 1.0, 0.0, { 0.0, 0.0, 0.0, 0.0 }, 5, 10 };
  gsize n = 3 * CS_N_DOMAINS * CS_N_STAGES;
  g_autofree double *c = g_new (double, n);
  double want[3] = { 0 }, got[3] = { 0 }, pupils = 0, seen = 0;
  CsWorld *w;
  Run r;

  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 1.0, &r));
  w = world_of (&r);
  cs_world_count_needs (w, &all, c);
  for (guint i = 0; i < cs_world_n_children (w); i++)
    {
      CsChildView v;
      cs_world_child (w, i, &v);
      if (v.place != CS_PLACE_GONE && v.place != CS_PLACE_POST_SCHOOL)
        want[v.locality]++;
      if (v.place == CS_PLACE_ROLL && v.age >= 5 && v.age <= 10)
        pupils++;
    }
  for (guint l = 0; l < 3; l++)
    for (guint s = 0; s < CS_N_STAGES; s++)
      got[l] += c[(l * CS_N_DOMAINS + CS_DOMAIN_SENSORY) * CS_N_STAGES + s];
  /* Post-school children count only when known to partners. */
  for (guint l = 0; l < 3; l++)
    CU_ASSERT (got[l] >= want[l] && got[l] < want[l] * 1.05);
  cs_world_count_needs (w, &roll, c);
  for (gsize i = CS_DOMAIN_SENSORY * CS_N_STAGES; i < n;
       i += CS_N_DOMAINS * CS_N_STAGES)
    for (guint s = 0; s < CS_N_STAGES; s++)
      seen += c[i + s];
  CU_ASSERT_EQUAL (seen, pupils);
  run_clear (&r);
}

/* Raising a service's places at once serves its waiting list. */
static void
test_set_places (void)
{
  g_autoptr (CsParams) p = area_fixture_new (4000, 2);
  CsServiceReport before, after;
  guint svc = CS_NONE, most = 0;
  CsWorld *w;
  Run r;

  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 2.0, &r));
  w = world_of (&r);
  for (guint i = 0; i < p->n_services; i++)
    {
      cs_world_service_report (w, i, &before);
      if (before.waiting > most)
        {
          most = before.waiting;
          svc = i;
        }
    }
  CU_ASSERT_FATAL (svc != CS_NONE);
  cs_world_service_report (w, svc, &before);
  printf ("  %s: %u waiting, %u running\n", p->services[svc].id, before.waiting,
          before.running);
  cs_world_set_places (w, svc, before.places + before.waiting);
  cs_world_service_report (w, svc, &after);
  CU_ASSERT_EQUAL (after.waiting, 0);
  CU_ASSERT (after.running > before.running);
  CU_ASSERT_EQUAL (after.served + before.running,
                   before.served + after.running);
  CU_ASSERT_EQUAL (after.served + after.withdrawn + after.waiting,
                   before.served + before.withdrawn + before.waiting);
  CU_ASSERT (cs_world_check (w, NULL));
  run_clear (&r);
}

/* ---- Buyers: places belong to their buyer (issue 13) --------------------- */

/* Every referral service's places split between two buyers for the
 * whole area (keys 1 and 2): the same places, the same lists. */
static void
split_between_two (CsWorld *w)
{
  for (guint i = 0; i < w->p->n_services; i++)
    {
      const CsServiceState *s = &w->svcs[i];
      double x = s->places;
      CsBuyer b[2]
          = { { .key = 1, .places = floor (x / 3), .referrers = ~0u },
              { .key = 2, .places = x - floor (x / 3), .referrers = ~0u } };
      if (s->p->access == CS_ACCESS_REFERRAL)
        cs_world_set_buyers (w, i, 2, b);
    }
}

/* The same with one buyer of another key. */
static void
one_other_buyer (CsWorld *w)
{
  for (guint i = 0; i < w->p->n_services; i++)
    {
      CsBuyer b = { .key = 7, .places = w->svcs[i].places, .referrers = ~0u };
      cs_world_set_buyers (w, i, 1, &b);
    }
}

/* With one buyer, or with buyers that all serve the whole area, a
 * service behaves as one pool: byte-identical rows on common random
 * numbers (a referral waits on both lists, in the same order, and the
 * first free place of either takes the head; whole places are shared by
 * largest remainder, so their sum is the pool's). */
static void
test_buyers_as_one_pool (void)
{
  g_autoptr (CsParams) p = area_fixture_new (5000, 2);
  Run a, b, c;

  printf ("  seed %d\n", SEED);
  CU_ASSERT_FATAL (run_area (p, SEED, 1.0, 2.0, &a));
  CU_ASSERT_FATAL (run_area_setup (p, SEED, 1.0, 2.0, one_other_buyer, &b));
  CU_ASSERT_FATAL (run_area_setup (p, SEED, 1.0, 2.0, split_between_two, &c));
  CU_ASSERT (sim_results_len (a.res) > 1000);
  CU_ASSERT (same_rows (a.res, b.res));
  CU_ASSERT (same_rows (a.res, c.res));
  CU_ASSERT (cs_world_check (world_of (&c), NULL));
  run_clear (&a);
  run_clear (&b);
  run_clear (&c);
}

/* The two mainstream schools with the largest rolls at the start, and
 * the first case made after they bought. */
static guint school_a, school_b;
static guint32 first_serial;
static guint64 *refs_before; /* each service's referrals and declined */

static void
two_schools_buy (CsWorld *w)
{
  g_autofree guint8 *fa = g_new0 (guint8, w->p->n_schools);
  g_autofree guint8 *fb = g_new0 (guint8, w->p->n_schools);

  fa[school_a] = fb[school_b] = 1;
  first_serial = w->serial;
  g_free (refs_before);
  refs_before = g_new0 (guint64, MAX (1u, w->p->n_services));
  for (guint i = 0; i < w->p->n_services; i++)
    refs_before[i] = w->svcs[i].run.referrals + w->svcs[i].run.declined;
  for (guint i = 0; i < w->p->n_services; i++)
    {
      double x = MAX (4.0, w->svcs[i].places);
      CsBuyer b[2] = {
        { .key = 1, .places = floor (x / 2), .referrers = ~0u, .schools = fa },
        { .key = 2,
          .places = x - floor (x / 2),
          .referrers = ~0u,
          .schools = fb }
      };
      if (w->svcs[i].p->access == CS_ACCESS_REFERRAL)
        cs_world_set_buyers (w, i, 2, b);
    }
}

/* A school's places serve none of another school's pupils: every
 * referral service bought by two schools for their own pupils (episodes
 * end when the pupil leaves its school, so a pupil on a school's places
 * is still on its roll), after two years every episode running on a
 * school's places, and every referral on its list, made after they
 * bought is of one of its pupils; both schools' places were used.  The
 * referrals each school took (cs_world_buyer_taken: what a commissioner
 * serving its pupils plans from) add up, service by service, to the
 * service's referrals and declined ones since they bought (their
 * populations do not overlap, and a referral reaches a service only if
 * a buyer takes it). */
static void
test_buyers_serve_their_pupils (void)
{
  g_autoptr (CsParams) p = area_fixture_new (6000, 2);
  guint on[3] = { 0 }, listed[3] = { 0 }, wrong = 0, roll[2] = { 0 };
  guint64 taken[2] = { 0 }, unmatched = 0;
  CsWorld *w;
  Run r;

  printf ("  seed %d\n", SEED);
  for (guint i = 0; i < p->n_services; i++)
    p->services[i].ends_on_leaving_school = TRUE;
  school_a = school_b = CS_NONE;
  for (guint k = 0; k < p->n_schools; k++)
    {
      if (p->schools[k].type == CS_SCHOOL_SPECIAL)
        continue;
      if (school_a == CS_NONE
          || p->schools[k].roll.value > p->schools[school_a].roll.value)
        {
          school_b = school_a;
          school_a = k;
        }
      else if (school_b == CS_NONE
               || p->schools[k].roll.value > p->schools[school_b].roll.value)
        school_b = k;
    }
  CU_ASSERT_FATAL (school_a != CS_NONE && school_b != CS_NONE);
  CU_ASSERT_FATAL (run_area_setup (p, SEED, 1.0, 1.0, two_schools_buy, &r));
  w = world_of (&r);
  CU_ASSERT (cs_world_check (w, NULL));
  for (guint32 k = 0; k < w->n_cases; k++)
    {
      const CsCase *cs = &w->cases[k];
      const CsChild *c = &w->kids[cs->child];
      guint school = c->place == CS_PLACE_ROLL ? c->school : CS_NONE;
      if (w->svcs[cs->service].p->access != CS_ACCESS_REFERRAL
          || cs->serial < first_serial)
        continue;
      if (cs->kind == CS_CASE_RUNNING)
        {
          on[cs->buyer]++;
          wrong += school != (cs->buyer == 1 ? school_a : school_b);
        }
      else if (cs->kind == CS_CASE_WAITING)
        for (guint32 e = cs->first_entry; e != CS_CASE_NONE;
             e = w->entries[e].next_of_case)
          {
            guint key = w->svcs[cs->service].buyers[w->entries[e].slot].key;
            listed[key]++;
            wrong += school != (key == 1 ? school_a : school_b);
          }
    }
  for (guint i = 0; i < w->p->n_services; i++)
    if (w->svcs[i].p->access == CS_ACCESS_REFERRAL)
      {
        const CsServicePeriod *t = &w->svcs[i].run;
        guint64 a = cs_world_buyer_taken (w, i, 1);
        guint64 b = cs_world_buyer_taken (w, i, 2);
        for (guint j = 0; j < 2; j++)
          roll[j] += cs_world_buyer_waiting (w, i, j + 1);
        taken[0] += a;
        taken[1] += b;
        unmatched += a + b != t->referrals + t->declined - refs_before[i];
        CU_ASSERT (!cs_world_is_buyer (w, i, 3)
                   && cs_world_buyer_taken (w, i, 3) == 0);
      }
  printf ("  referrals taken: %" G_GUINT64_FORMAT " and %" G_GUINT64_FORMAT
          "; services whose sum is not their referrals and declined: "
          "%" G_GUINT64_FORMAT "\n",
          taken[0], taken[1], unmatched);
  CU_ASSERT (taken[0] > 0 && taken[1] > 0);
  CU_ASSERT_EQUAL (unmatched, 0);
  g_clear_pointer (&refs_before, g_free);
  CU_ASSERT (roll[0] >= listed[1] && roll[1] >= listed[2]);
  printf ("  schools %s and %s: %u and %u episodes running, %u and %u "
          "waiting; %u of another school's pupils\n",
          p->schools[school_a].id, p->schools[school_b].id, on[1], on[2],
          listed[1], listed[2], wrong);
  CU_ASSERT_EQUAL (wrong, 0);
  CU_ASSERT (on[1] > 0 && on[2] > 0);
  run_clear (&r);
}

/* ---- Waiting lists that behave like real ones (issue 14) ----------------- */

/* Lapsing: with max_wait_days on every referral service, no started
 * episode waited longer, no referral on a list has waited longer, some
 * lapsed, and referrals = served + withdrawn + waiting per service (a
 * lapse is a withdrawal).  Rationing against none on common random
 * numbers: referrals are declined only with it, and waiting lists are
 * shorter with it. */
static void
test_waiting_lists (void)
{
  const double max_wait = 120.0;
  double queue[2] = { 0 }, declined[2] = { 0 }, lapsed = 0, longest = 0;

  printf ("  seed %d\n", SEED);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (CsParams) p = area_fixture_new (6000, 2);
      CsWorld *w;
      Run r;

      for (guint i = 0; i < p->n_services; i++)
        {
          p->services[i].max_wait_days.value = max_wait;
          p->services[i].ration_queue_per_place.value = k ? 0.5 : 0.0;
        }
      CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 3.0, &r));
      w = world_of (&r);
      for (guint i = 0; i < p->n_services; i++)
        {
          const CsServiceState *s = &w->svcs[i];
          CsServiceReport rep;
          g_autofree char *g
              = g_strdup_printf ("service:%s", p->services[i].id);

          if (s->p->access != CS_ACCESS_REFERRAL)
            continue;
          if (s->run.wait.n > 0)
            longest = MAX (longest, s->run.wait.max);
          lapsed += (double)s->run.lapsed;
          declined[k] += (double)s->run.declined;
          queue[k] += row (&r, SIM_YEAR_ALL, g, "queue_length_mean");
          cs_world_service_report (w, i, &rep);
          CU_ASSERT_EQUAL (rep.referrals,
                           rep.served + rep.withdrawn + rep.waiting);
        }
      for (guint32 c = 0; c < w->n_cases; c++)
        if (w->cases[c].kind == CS_CASE_WAITING)
          CU_ASSERT (sim_engine_now (r.eng) - w->cases[c].referred
                     <= max_wait + 1e-9);
      CU_ASSERT (cs_world_check (w, NULL));
      run_clear (&r);
    }
  printf ("  max_wait_days %.0f: longest wait %.1f days, %.0f lapsed; "
          "declined %.0f without rationing, %.0f with; mean waiting list "
          "summed over services %.1f and %.1f\n",
          max_wait, longest, lapsed, declined[0], declined[1], queue[0],
          queue[1]);
  CU_ASSERT (longest <= max_wait + 1e-9);
  CU_ASSERT (lapsed > 0);
  CU_ASSERT_EQUAL (declined[0], 0.0);
  CU_ASSERT (declined[1] > 0);
  CU_ASSERT (queue[1] < queue[0]);
}

/* ---- A staged response to SEN (issue 14) --------------------------------- */

/* With the staged response on: statutory assessments are requested and
 * end in statements; the share issued within the deadline is the
 * assessment-time distribution's P(days <= deadline) (4 binomial
 * standard errors); an assessing child has an assessment case; no
 * statement is held below cease_stage. */
static void
test_sen_response (void)
{
  g_autoptr (CsParams) p = area_fixture_new (20000, 2);
  CsSenResponse *sr = &p->sen;
  double assessed, issued, on_time, want, se;
  guint bad = 0;
  CsWorld *w;
  Run r;

  sr->on = TRUE;
  sr->school_action_stage.value = 1;
  sr->school_action_plus_stage.value = 2;
  sr->assessment_stage.value = 3;
  sr->requesters
      = CS_BIT (CS_NOTICER_SCHOOL_STAFF) | CS_BIT (CS_NOTICER_PARENTS);
  sr->assessment_days.dist = sim_dist_gamma (4.0, 35.0);
  sr->deadline_days.value = 182;
  sr->statement_share.value = 0.9;
  sr->cease_stage.value = 2;
  printf ("  seed %d\n", SEED);
  CU_ASSERT_FATAL (run_area (p, SEED, 0.0, 4.0, &r));
  w = world_of (&r);
  assessed = row (&r, SIM_YEAR_ALL, "all", "statutory_assessments");
  issued = row (&r, SIM_YEAR_ALL, "all", "statements_issued");
  on_time = row (&r, SIM_YEAR_ALL, "all", "statements_on_time");
  want = gsl_cdf_gamma_P (182.0, 4.0, 35.0);
  se = sqrt (want * (1 - want) / MAX (issued, 1.0));
  for (guint i = 0; i < w->n_kids; i++)
    {
      const CsChild *c = &w->kids[i];
      if (c->place == CS_PLACE_GONE)
        continue;
      bad += ((c->flags & CS_CHILD_ASSESSING) != 0)
             != cs_child_has_case (w, c, CS_CASE_ASSESSMENT, CS_N_DOMAINS);
      bad += (c->flags & CS_CHILD_STATEMENT)
             && cs_stage (c, CS_DOMAIN_LEARNING_SEN) < 2;
    }
  printf ("  statutory assessments %.0f, statements %.0f, on time %.3f "
          "(P(days <= 182) = %.3f, standard error %.3f); school action "
          "%.2f%%, school action plus %.2f%%, statements %.2f%% of pupils\n",
          assessed, issued, on_time / issued, want, se,
          100 * row (&r, SIM_YEAR_ALL, "all", "school_action_pupil_share"),
          100 * row (&r, SIM_YEAR_ALL, "all", "school_action_plus_pupil_share"),
          100 * row (&r, SIM_YEAR_ALL, "all", "statement_pupil_share"));
  CU_ASSERT (issued > 50 && assessed >= issued);
  CU_ASSERT_CLOSE (on_time / issued, want, 4 * se);
  CU_ASSERT_EQUAL (bad, 0);
  CU_ASSERT (cs_world_check (w, NULL));
  run_clear (&r);
}

/* ---- Prevalence ---------------------------------------------------------- */

typedef struct
{
  double mental, age_5_16, sen, statement, pupils, disabled, la, cin, all;
} Prevalence; /* doubles only: summed as an array */

/* The shares the published sources give, with the scenario's own stage
 * thresholds (groups): a mental disorder is an emotional or conduct need
 * at additional_needs_stage_min or more. */
static void
measure_prevalence (const CsWorld *w, Prevalence *pr)
{
  const CsGroupDefs *g = &cs_world_params (w)->groups;
  guint add = (guint)g->additional_needs_stage_min.value;

  memset (pr, 0, sizeof *pr);
  for (guint i = 0; i < cs_world_n_children (w); i++)
    {
      CsChildView v;
      guint max = 0;
      cs_world_child (w, i, &v);
      if (v.place == CS_PLACE_GONE)
        continue;
      for (guint d = 0; d < CS_N_DOMAINS; d++)
        max = MAX (max, v.stage[d]);
      pr->all++;
      if (v.age >= 5 && v.age <= 16)
        {
          pr->age_5_16++;
          pr->mental += v.stage[CS_DOMAIN_EMOTIONAL_MENTAL_HEALTH] >= add
                        || v.stage[CS_DOMAIN_CONDUCT_BEHAVIOUR] >= add;
        }
      if (v.place == CS_PLACE_ROLL)
        {
          pr->pupils++;
          pr->sen += v.stage[CS_DOMAIN_LEARNING_SEN] >= g->sen_stage_min.value;
          pr->statement += v.statement;
        }
      pr->disabled
          += v.stage[CS_DOMAIN_DISABILITY] >= g->disabled_stage_min.value;
      pr->la += v.looked_after;
      pr->cin += v.looked_after
                 || (v.open_case && max >= g->child_in_need_stage_min.value);
    }
}

static CsScenario *
load_default (void)
{
  g_autofree char *path
      = g_build_filename (CTSIM_SRCDIR, "scenarios", "default.xml", NULL);
  g_autoptr (GError) error = NULL;
  CsScenario *sc = cs_scenario_load (path, NULL, &error);

  if (!sc)
    printf ("  %s\n", error->message);
  return sc;
}

/* The shipped default area reproduces the published prevalences (see the header
 * for the tolerances). */
static void
test_prevalence (void)
{
  g_autoptr (CsScenario) sc = load_default ();
  const CsParams *p;
  Prevalence sum = { 0 };
  double warmup;

  CU_ASSERT_FATAL (sc != NULL);
  /* NULL: the loader read area parameters but does not name the model
   * yet (the coordinator wires cs_area_model in). */
  CU_ASSERT_FATAL (cs_scenario_model (sc) == &cs_area_model
                   || cs_scenario_model (sc) == NULL);
  p = cs_scenario_params (sc);
  warmup = cs_scenario_run_settings (sc)->warmup_years;
  for (guint r = 0; r < 3; r++)
    {
      Prevalence pr;
      Run run;

      printf ("  seed %d, replication %u, %.0f + 2 years\n", SEED + r, r,
              warmup);
      CU_ASSERT_FATAL (run_area (p, SEED + r, warmup, 2.0, &run));
      measure_prevalence (world_of (&run), &pr);
      for (gsize i = 0; i < sizeof pr / sizeof (double); i++)
        ((double *)&sum)[i] += ((double *)&pr)[i];
      run_clear (&run);
    }
  printf ("  mental disorder 5-16 %.2f%%, SEN %.2f%% (statement %.2f%%) of "
          "pupils, disabled %.2f%%, looked after %.2f and in need %.1f per "
          "1,000\n",
          100 * sum.mental / sum.age_5_16, 100 * sum.sen / sum.pupils,
          100 * sum.statement / sum.pupils, 100 * sum.disabled / sum.all,
          1000 * sum.la / sum.all, 1000 * sum.cin / sum.all);
  CU_ASSERT_CLOSE (100 * sum.mental / sum.age_5_16, 10.0, 1.5);
  CU_ASSERT_CLOSE (100 * sum.sen / sum.pupils, 18.0, 2.0);
  CU_ASSERT_CLOSE (100 * sum.statement / sum.pupils, 2.9, 0.6);
  CU_ASSERT_CLOSE (100 * sum.disabled / sum.all, 7.3, 1.0);
  CU_ASSERT_CLOSE (1000 * sum.la / sum.all, 5.2, 1.0);
  CU_ASSERT_CLOSE (1000 * sum.cin / sum.all, 32.0, 6.0);
}

/* ---- Needs that cluster (issue 14) --------------------------------------- */

/* The published patterns of looked-after and excluded children come out
 * of the shipped default area, whose looked-after children carry no
 * multiplier of their own for exclusion or school moves (see the header
 * for the tolerances). */
static void
test_clustering (void)
{
  g_autoptr (CsScenario) sc = load_default ();
  const CsParams *p;
  /* Pooled over replications: pupils (census means x years) and events,
   * all pupils and looked-after pupils; statements; correlations. */
  double pupils[2] = { 0 }, ks4[2] = { 0 }, stmt[2] = { 0 }, excl[2] = { 0 },
         moves[2] = { 0 }, r_hi = 0, r_st = 0, stage4 = 0;
  const char *group[2] = { "all", "looked_after" };
  const guint reps = 4;
  const double years = 5.0;
  double warmup;

  CU_ASSERT_FATAL (sc != NULL);
  p = cs_scenario_params (sc);
  warmup = cs_scenario_run_settings (sc)->warmup_years;
  for (guint r = 0; r < reps; r++)
    {
      Run run;
      printf ("  seed %d, replication %u, %.0f + %.0f years\n", SEED + r, r,
              warmup, years);
      CU_ASSERT_FATAL (run_area (p, SEED + r, warmup, years, &run));
      for (guint g = 0; g < 2; g++)
        {
          double n = row (&run, SIM_YEAR_ALL, group[g], "pupils");
          pupils[g] += n * years;
          stmt[g]
              += n
                 * row (&run, SIM_YEAR_ALL, group[g], "statement_pupil_share");
          ks4[g] += 1000.0
                    * row (&run, SIM_YEAR_ALL, group[g], "school_moves_ks4")
                    / row (&run, SIM_YEAR_ALL, group[g],
                           "school_moves_ks4_per_1000_pupils");
          excl[g] += row (&run, SIM_YEAR_ALL, group[g], "exclusions");
          moves[g] += row (&run, SIM_YEAR_ALL, group[g], "school_moves_ks4");
        }
      r_hi += row (&run, SIM_YEAR_ALL, "all",
                   "school_higher_stage_deprivation_r")
              / reps;
      r_st += row (&run, SIM_YEAR_ALL, "all", "school_statement_deprivation_r")
              / reps;
      stage4 += row (&run, SIM_YEAR_ALL, "all", "stage4_share") / reps;
      run_clear (&run);
    }
  {
    double st_all = 100 * stmt[0] / (pupils[0] / years);
    double st_la = 100 * stmt[1] / (pupils[1] / years);
    double ex_all = 1000 * excl[0] / pupils[0];
    double ex_la = 1000 * excl[1] / pupils[1];
    double mv_ratio = (moves[1] / ks4[1]) / (moves[0] / ks4[0]);

    printf ("  statements: all pupils %.2f%%, looked-after pupils %.1f%%; "
            "exclusions per 1,000 pupils a year: all %.2f, looked after "
            "%.2f (ratio %.1f, %.0f exclusions); school moves at key stage "
            "4: ratio %.1f (%.0f moves of looked-after pupils); across "
            "schools, r(stages 3-4, deprivation) %.2f, r(statements, "
            "deprivation) %.2f\n",
            st_all, st_la, ex_all, ex_la, ex_la / ex_all, excl[1], mv_ratio,
            moves[1], r_hi, r_st);
    CU_ASSERT_CLOSE (st_all, 2.9, 0.6);
    CU_ASSERT_CLOSE (st_la, 28.0, 8.0);
    CU_ASSERT_CLOSE (ex_all, 1.2, 0.3);
    CU_ASSERT_CLOSE (ex_la / ex_all, 8.0, 4.0);
    CU_ASSERT_CLOSE (mv_ratio, 5.0, 2.0);
    CU_ASSERT_CLOSE (r_hi, 0.48, 0.2);
    printf ("  children at stage 4 %.2f%% ([SENPOG 2006] Doran: 1.98%% in "
            "Stirling)\n",
            100 * stage4);
    /* Validation, never fitted: a known failure (as tests/lib.sh's
     * `known`), reported and not counted; it says so when it passes. */
    if (fabs (100 * stage4 - 1.98) <= 1.0)
      printf ("  NOW PASSES (issue 14): children at stage 4 within 1.98 "
              "+- 1: turn this known failure back into an assertion\n");
    else
      printf ("  KNOWN FAILURE (issue 14, docs/model.md 3.5): children at "
              "stage 4 %.2f%%, outside 1.98 +- 1\n",
              100 * stage4);
  }
}

/* ---- Suites -------------------------------------------------------------- */

static const CuTest area_tests[] = {
  { "/area/conservation", test_conservation },
  { "/area/check-detects", test_check_detects },
  { "/area/zero-capacity", test_zero_capacity },
  { "/area/double-places", test_double_places },
  { "/area/continuity", test_continuity },
  { "/area/school-setting", test_school_setting },
  { "/area/determinism", test_determinism },
  { "/area/streams-per-entity", test_streams_per_entity },
  { "/area/exclusion-ends-episodes", test_exclusion_ends_episodes },
  { "/area/school-staff-see-pupils", test_school_staff_see_pupils },
  { "/area/hazard-total", test_hazard_total },
  { "/area/count-needs", test_count_needs },
  { "/area/set-places", test_set_places },
  { "/area/buyers/as-one-pool", test_buyers_as_one_pool },
  { "/area/buyers/serve-their-pupils", test_buyers_serve_their_pupils },
  { "/area/waiting-lists", test_waiting_lists },
  { "/area/prevalence", test_prevalence },
  { "/area/clustering", test_clustering },
  { "/area/sen-response", test_sen_response },
  { NULL, NULL },
};

static const CuSuite suites[] = {
  { "/area", area_tests },
  { NULL, NULL },
};

int
main (void)
{
  return cu_main ("test-area", suites);
}
