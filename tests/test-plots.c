/* test-plots.c: the charts (app/ctsim-plots.h) on synthetic results.
 *
 * The results imitate an area run (the groups and measures of
 * docs/outputs.md) so that every chart applies; each is drawn with the
 * gnuplot configure found and must give a non-empty PNG and SVG.  Names
 * from a scenario must never reach gnuplot as commands: a hostile series
 * label is drawn as text.  With CTSIM_GNUPLOT pointing at a missing
 * program the inputs are written and no chart is reported.
 * Synthetic values come from SimRng streams with seed 6 (printed).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "app/ctsim-plots.h"
#include "sim/sim-rng.h"
#include "tests/cu-main.h"

#define SEED 6
#define YEARS 5
#define REPS 4

static const char *const ecm[]
    = { "ecm_be_healthy", "ecm_stay_safe", "ecm_enjoy_achieve",
        "ecm_positive_contribution", "ecm_economic_wellbeing" };
static const char *const services[]
    = { "camhs_tier3", "parenting_groups", "short_breaks", "family_support" };
static const char *const partners[]
    = { "la_education", "la_social_care", "pct" };
static const char *const sectors[] = { "health", "education", "social_care" };

static gboolean have_gnuplot;

/* ---- synthetic results -------------------------------------------------- */

static double
noise (SimRng *rng, double sd)
{
  return sd * (sim_rng_uniform (rng) - 0.5);
}

static void
add_groups (SimResults *res, SimRng *rng, double shift)
{
  static const char *const tiers[]
      = { "tier:universal", "tier:targeted", "tier:specialist" };

  for (int e = 0; e < 5; e++)
    {
      for (int y = 1; y <= YEARS; y++)
        sim_results_add (res, y, "all", ecm[e],
                         shift * y * 0.02 - 0.05 * e + noise (rng, 0.02));
      sim_results_add (res, SIM_YEAR_ALL, "all", ecm[e],
                       shift * 0.06 - 0.05 * e + noise (rng, 0.02));
      for (int q = 1; q <= 5; q++)
        sim_results_addf (res, SIM_YEAR_ALL, ecm[e],
                          0.3 - 0.15 * q + shift * 0.05 + noise (rng, 0.03),
                          "deprivation_q%d", q);
    }
  sim_results_add (res, SIM_YEAR_ALL, "all", "reach", 0.4 + noise (rng, 0.05));
  for (int q = 1; q <= 5; q++)
    sim_results_addf (res, SIM_YEAR_ALL, "reach",
                      0.5 - 0.05 * q + shift * 0.03 + noise (rng, 0.04),
                      "deprivation_q%d", q);
  for (int t = 0; t < 3; t++)
    {
      sim_results_add (res, SIM_YEAR_ALL, tiers[t], "reach",
                       0.8 - 0.3 * t + noise (rng, 0.05));
      sim_results_add (res, SIM_YEAR_ALL, tiers[t], "spend_gbp",
                       (2.0 + t) * 1e6 * (1 + shift * 0.1) + noise (rng, 1e5));
      for (int e = 0; e < 5; e++)
        sim_results_add (res, SIM_YEAR_ALL, tiers[t], ecm[e],
                         0.02 * (t + 1) - 0.2 + noise (rng, 0.01));
    }
}

static void
add_services_and_money (SimResults *res, SimRng *rng, double shift)
{
  for (guint s = 0; s < G_N_ELEMENTS (services); s++)
    sim_results_addf (res, SIM_YEAR_ALL, "waiting_days_mean",
                      20.0 * (s + 1) - 10 * shift + noise (rng, 6.0),
                      "service:%s", services[s]);
  for (int y = 1; y <= YEARS; y++)
    {
      for (guint p = 0; p < G_N_ELEMENTS (partners); p++)
        sim_results_addf (res, y, "contribution_gbp",
                          (1.0 + p + shift) * 4e5 + noise (rng, 2e4),
                          "partner:%s", partners[p]);
      for (guint s = 0; s < G_N_ELEMENTS (sectors); s++)
        {
          g_autofree char *m = g_strdup_printf ("spend_%s_gbp", sectors[s]);
          sim_results_add (res, y, "pooled", m,
                           (1.0 + s) * 3e5 * (1 + 0.05 * y) + noise (rng, 2e4));
        }
    }
}

/* Replications of one series; shift moves its values.  Values share the
 * replication's noise across series (common random numbers) plus a
 * little of the series' own, so differences have some spread. */
static SimResults **
make_reps (guint series, double shift)
{
  SimResults **reps = g_new0 (SimResults *, REPS);

  for (guint r = 0; r < REPS; r++)
    {
      SimRng rng, own;

      sim_rng_init (&rng, SEED, r, 1, 0);
      sim_rng_init (&own, SEED, r, 2, series);
      reps[r] = sim_results_new ();
      add_groups (reps[r], &rng, shift + noise (&own, 0.4));
      add_services_and_money (reps[r], &rng, shift + noise (&own, 0.4));
    }
  return reps;
}

static void
free_reps (SimResults **reps)
{
  for (guint r = 0; r < REPS; r++)
    sim_results_free (reps[r]);
  g_free (reps);
}

/* ---- checks -------------------------------------------------------------- */

static gboolean
nonempty (const char *dir, const char *name, const char *ext)
{
  g_autofree char *file = g_strdup_printf ("%s/plots/%s.%s", dir, name, ext);
  GStatBuf st;

  return g_stat (file, &st) == 0 && st.st_size > 0;
}

static gboolean
has_chart (GPtrArray *charts, const char *name)
{
  for (guint i = 0; i < charts->len; i++)
    if (strcmp (((CtsimChart *)charts->pdata[i])->name, name) == 0)
      return TRUE;
  return FALSE;
}

/* Every name was prepared (.dat) and, with gnuplot, drawn (png, svg). */
static void
assert_charts (const char *dir, GPtrArray *charts, const char *const *names)
{
  guint n = 0;

  for (; names[n]; n++)
    {
      CU_ASSERT (nonempty (dir, names[n], "dat"));
      if (!have_gnuplot)
        continue;
      if (!has_chart (charts, names[n]))
        fprintf (stderr, "chart %s missing\n", names[n]);
      CU_ASSERT (has_chart (charts, names[n]));
      CU_ASSERT (nonempty (dir, names[n], "png"));
      CU_ASSERT (nonempty (dir, names[n], "svg"));
    }
  if (have_gnuplot)
    CU_ASSERT_EQUAL (charts->len, n);
}

/* Remove a test folder (kept, and named, when CTSIM_TEST_KEEP is set). */
static void
remove_tree (const char *path)
{
  g_autoptr (GDir) d = NULL;
  const char *name;

  if (g_getenv ("CTSIM_TEST_KEEP"))
    {
      printf ("kept %s\n", path);
      return;
    }
  d = g_dir_open (path, 0, NULL);

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* ---- tests --------------------------------------------------------------- */

static void
test_run_charts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-plots-XXXXXX", NULL);
  SimResults **reps = make_reps (0, 0.0);
  CtsimSeries series = { "default", reps, REPS, { NAN, NAN } };
  CtsimPlotsInput in = { .kind = CTSIM_PLOTS_RUN,
                         .n_series = 1,
                         .series = &series,
                         .source = "scenario default, seed 6, 4 replications" };
  static const char *const names[]
      = { "ecm", "tiers", "waits", "money", "equity", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = ctsim_plots_write (dir, &in, &error);

  g_assert_no_error (error);
  assert_charts (dir, charts, names);
  /* Not a sweep nor a comparison. */
  CU_ASSERT (!nonempty (dir, "sweep", "dat"));
  CU_ASSERT (!nonempty (dir, "forest", "dat"));
  free_reps (reps);
  remove_tree (dir);
}

static void
test_compare_charts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-plots-XXXXXX", NULL);
  SimResults **a = make_reps (0, 0.0), **b = make_reps (1, 1.0);
  SimResults *const *reps[] = { a, b };
  const char *labels[] = { "school-led-cluster", "multi-agency-panel" };
  g_autoptr (SimComparison) cmp = sim_comparison_new (2, labels, reps, REPS);
  CtsimSeries series[] = { { labels[0], a, REPS, { NAN, NAN } },
                           { labels[1], b, REPS, { NAN, NAN } } };
  CtsimPlotsInput in = { .kind = CTSIM_PLOTS_COMPARE,
                         .n_series = 2,
                         .series = series,
                         .comparison = cmp,
                         .source = "school-led-cluster vs multi-agency-panel" };
  static const char *const names[]
      = { "ecm", "tiers", "waits", "money", "equity", "forest", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = ctsim_plots_write (dir, &in, &error);

  g_assert_no_error (error);
  assert_charts (dir, charts, names);
  free_reps (a);
  free_reps (b);
  remove_tree (dir);
}

static void
test_sweep_charts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-plots-XXXXXX", NULL);
  CtsimSeries series[5];
  SimResults **reps[5];
  char *labels[5] = { NULL };
  CtsimPlotsInput in = { .kind = CTSIM_PLOTS_SWEEP,
                         .n_series = 5,
                         .series = series,
                         .n_params = 1,
                         .param_label = { "partners.health.pooled_share" },
                         .source = "pooling-sweep, seed 6" };
  static const char *const names[]
      = { "ecm", "tiers", "waits", "money", "equity", "sweep", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = NULL;

  for (int p = 0; p < 5; p++)
    {
      reps[p] = make_reps (p, p * 0.25);
      labels[p] = g_strdup_printf ("%d", p + 1);
      series[p] = (CtsimSeries){ labels[p], reps[p], REPS, { p * 0.25, NAN } };
    }
  charts = ctsim_plots_write (dir, &in, &error);
  g_assert_no_error (error);
  assert_charts (dir, charts, names);
  for (int p = 0; p < 5; p++)
    {
      free_reps (reps[p]);
      g_free (labels[p]);
    }
  remove_tree (dir);
}

/* A label that would run a command if it reached gnuplot unquoted. */
static void
test_hostile_label (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-plots-XXXXXX", NULL);
  g_autofree char *pwned = g_build_filename (dir, "pwned", NULL);
  g_autofree char *label
      = g_strdup_printf ("x'; system('touch %s'); a='\" @b \\\n{y}_z", pwned);
  SimResults **reps = make_reps (0, 0.0);
  CtsimSeries series = { label, reps, REPS, { NAN, NAN } };
  CtsimPlotsInput in = {
    .kind = CTSIM_PLOTS_RUN, .n_series = 1, .series = &series, .source = label
  };
  static const char *const names[]
      = { "ecm", "tiers", "waits", "money", "equity", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = ctsim_plots_write (dir, &in, &error);

  g_assert_no_error (error);
  assert_charts (dir, charts, names);
  CU_ASSERT (!g_file_test (pwned, G_FILE_TEST_EXISTS));
  free_reps (reps);
  remove_tree (dir);
}

static void
test_gnuplot_missing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-plots-XXXXXX", NULL);
  SimResults **reps = make_reps (0, 0.0);
  CtsimSeries series = { "default", reps, REPS, { NAN, NAN } };
  CtsimPlotsInput in = { .kind = CTSIM_PLOTS_RUN,
                         .n_series = 1,
                         .series = &series,
                         .source = "default" };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = NULL;

  g_setenv ("CTSIM_GNUPLOT", "/nonexistent/gnuplot", TRUE);
  charts = ctsim_plots_write (dir, &in, &error);
  g_unsetenv ("CTSIM_GNUPLOT");
  g_assert_no_error (error);
  CU_ASSERT_EQUAL (charts->len, 0);
  CU_ASSERT (nonempty (dir, "waits", "dat"));
  CU_ASSERT (nonempty (dir, "meta", "gp"));
  CU_ASSERT (!nonempty (dir, "waits", "png"));
  free_reps (reps);
  remove_tree (dir);
}

/* A queue-model run has services only: just the waits chart. */
static void
test_only_what_applies (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-plots-XXXXXX", NULL);
  SimResults *reps[2] = { sim_results_new (), sim_results_new () };
  CtsimSeries series = { "mm1", reps, 2, { NAN, NAN } };
  CtsimPlotsInput in = {
    .kind = CTSIM_PLOTS_RUN, .n_series = 1, .series = &series, .source = "mm1"
  };
  static const char *const names[] = { "waits", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) charts = NULL;

  for (int r = 0; r < 2; r++)
    {
      sim_results_add (reps[r], 1, "service:desk", "waiting_days_mean", 3 + r);
      sim_results_add (reps[r], SIM_YEAR_ALL, "service:desk",
                       "waiting_days_mean", 4 + r);
      sim_results_add (reps[r], SIM_YEAR_ALL, "service:desk", "utilisation",
                       0.8);
    }
  charts = ctsim_plots_write (dir, &in, &error);
  g_assert_no_error (error);
  assert_charts (dir, charts, names);
  CU_ASSERT (!nonempty (dir, "ecm", "dat"));
  CU_ASSERT (!nonempty (dir, "money", "dat"));
  sim_results_free (reps[0]);
  sim_results_free (reps[1]);
  remove_tree (dir);
}

static void
test_quote (void)
{
  g_autofree char *a = ctsim_plots_quote ("it's\n\"x\"");
  g_autofree char *b = ctsim_plots_quote (NULL);

  CU_ASSERT_STRING_EQUAL (a, "'it''s \"x\"'");
  CU_ASSERT_STRING_EQUAL (b, "''");
}

static const CuTest plot_tests[] = {
  { "/plots/quote", test_quote },
  { "/plots/run", test_run_charts },
  { "/plots/compare", test_compare_charts },
  { "/plots/sweep", test_sweep_charts },
  { "/plots/hostile-label", test_hostile_label },
  { "/plots/only-what-applies", test_only_what_applies },
  { "/plots/gnuplot-missing", test_gnuplot_missing },
  { NULL, NULL },
};

int
main (void)
{
  static const CuSuite suites[] = {
    { "/plots", plot_tests },
    { NULL, NULL },
  };
  g_autofree char *found = g_find_program_in_path (ctsim_plots_gnuplot ());

  have_gnuplot = found != NULL;
  printf ("seed %d; gnuplot %s\n", SEED,
          have_gnuplot ? found : "not found: drawing is not checked");
  return cu_main ("test-plots", suites);
}
