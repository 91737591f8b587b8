/* test-compare.c: scenarios compared replication by replication
 * (sim/sim-compare.h).
 *
 * The expected numbers were computed by hand (and checked with mpmath at
 * 30 digits, independently of this code): Student-t quantiles
 * t(0.975; 1) = 12.7062047362, t(0.975; 2) = 4.30265272975, and Welch's
 * interval with Satterthwaite's degrees of freedom.  The CSV tests compare
 * the whole text.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sim/sim-compare.h"
#include "sim/sim-stats.h"
#include "tests/cu-main.h"

/* ---- the arithmetic --------------------------------------------------- */

/* Paired: d = (2, 3, 4), mean 3, sd 1, se 1/sqrt(3);
 * half-width 4.30265272975 / sqrt(3) = 2.48413771175. */
static void
test_paired_hand (void)
{
  const double alt[] = { 12, 15, 18 };
  const double base[] = { 10, 12, 14 };
  double mean, lo, hi;

  sim_ci_paired (alt, base, 3, 0.95, &mean, &lo, &hi);
  CU_ASSERT_CLOSE (mean, 3.0, 1e-12);
  CU_ASSERT_CLOSE (lo, 3.0 - 2.48413771175, 1e-9);
  CU_ASSERT_CLOSE (hi, 3.0 + 2.48413771175, 1e-9);
}

/* Welch on the same samples, ignoring the pairing: variances 9 and 4,
 * se^2 = 13/3, df = (13/3)^2 / (3^2/2 + (4/3)^2/2) = 3.48454...;
 * interval 3 -/+ 6.132947206. */
static void
test_welch_hand (void)
{
  const double alt[] = { 12, 15, 18 };
  const double base[] = { 10, 12, 14 };
  const double one[] = { 5 };
  const double flat_a[] = { 2, 2 }, flat_b[] = { 1, 1, 1 };
  double d, lo, hi;

  sim_ci_welch (alt, 3, base, 3, 0.95, &d, &lo, &hi);
  CU_ASSERT_CLOSE (d, 3.0, 1e-12);
  CU_ASSERT_CLOSE (lo, -3.132947206, 1e-8);
  CU_ASSERT_CLOSE (hi, 9.132947206, 1e-8);
  /* Too few observations: no interval. */
  sim_ci_welch (one, 1, base, 3, 0.95, &d, &lo, &hi);
  CU_ASSERT (isnan (d) && isnan (lo) && isnan (hi));
  /* No variance on either side: a point. */
  sim_ci_welch (flat_a, 2, flat_b, 3, 0.95, &d, &lo, &hi);
  CU_ASSERT_EQUAL (d, 1.0);
  CU_ASSERT_EQUAL (lo, 1.0);
  CU_ASSERT_EQUAL (hi, 1.0);
}

/* ---- a hand-made comparison ------------------------------------------- */

/* Two scenarios, three replications.  Key (all, x): base 10, 12, 14;
 * alt 12, 15, 18.  Key ("service:a,b", y): base 1, 1, 1; alt 1, NAN, 2,
 * so only replications 0 and 2 pair.  Year-1 rows and a repeated row must
 * be ignored. */
static void
build_reps (SimResults *base[3], SimResults *alt[3])
{
  const double bx[] = { 10, 12, 14 }, ax[] = { 12, 15, 18 };
  const double ay[] = { 1, NAN, 2 };

  for (int r = 0; r < 3; r++)
    {
      base[r] = sim_results_new ();
      alt[r] = sim_results_new ();
      sim_results_add (base[r], 1, "all", "x", 1000.0); /* a year row */
      sim_results_add (base[r], SIM_YEAR_ALL, "all", "x", bx[r]);
      sim_results_add (base[r], SIM_YEAR_ALL, "service:a,b", "y", 1.0);
      sim_results_add (base[r], SIM_YEAR_ALL, "all", "x", -1e9); /* repeat */
      /* The other scenario reports its keys in the other order. */
      sim_results_add (alt[r], SIM_YEAR_ALL, "service:a,b", "y", ay[r]);
      sim_results_add (alt[r], SIM_YEAR_ALL, "all", "x", ax[r]);
    }
}

static SimComparison *
hand_comparison (void)
{
  SimResults *base[3], *alt[3];
  SimResults *const *reps[2] = { base, alt };
  const char *labels[] = { "base", "alt" };
  SimComparison *cmp;

  build_reps (base, alt);
  cmp = sim_comparison_new (2, labels, reps, 3);
  for (int r = 0; r < 3; r++)
    {
      sim_results_free (base[r]);
      sim_results_free (alt[r]);
    }
  return cmp;
}

static void
test_cells (void)
{
  g_autoptr (SimComparison) cmp = hand_comparison ();
  const SimComparisonCell *c;

  CU_ASSERT_EQUAL (sim_comparison_n_scenarios (cmp), 2);
  CU_ASSERT_EQUAL (sim_comparison_n_keys (cmp), 2);
  CU_ASSERT_STRING_EQUAL (sim_comparison_label (cmp, 1), "alt");
  /* Keys in order of first appearance in the reference. */
  c = sim_comparison_cell (cmp, 0, 0);
  CU_ASSERT_STRING_EQUAL (c->group, "all");
  CU_ASSERT_STRING_EQUAL (c->measure, "x");
  CU_ASSERT_CLOSE (c->mean, 12.0, 1e-12);
  CU_ASSERT_EQUAL (c->n, 3);
  CU_ASSERT (isnan (c->diff) && isnan (c->diff_ci_low));
  CU_ASSERT (!sim_comparison_cell_differs (c));
  c = sim_comparison_cell (cmp, 0, 1);
  CU_ASSERT_CLOSE (c->diff, 3.0, 1e-12);
  CU_ASSERT_CLOSE (c->diff_ci_low, 0.5158622882, 1e-9);
  CU_ASSERT_CLOSE (c->diff_ci_high, 5.484137712, 1e-9);
  CU_ASSERT_CLOSE (c->unpaired_ci_low, -3.132947206, 1e-8);
  CU_ASSERT_EQUAL (c->n_pairs, 3);
  CU_ASSERT (sim_comparison_cell_differs (c));
  /* The second key: one replication of alt has no value. */
  c = sim_comparison_cell (cmp, 1, 1);
  CU_ASSERT_STRING_EQUAL (c->group, "service:a,b");
  CU_ASSERT_EQUAL (c->n, 2);
  CU_ASSERT_EQUAL (c->n_pairs, 2);
  CU_ASSERT_CLOSE (c->diff, 0.5, 1e-12);
  CU_ASSERT_CLOSE (c->diff_ci_low, 0.5 - 6.353102368, 1e-8);
  CU_ASSERT (!sim_comparison_cell_differs (c));
}

static void
assert_text (const char *got, const char *want)
{
  if (strcmp (got, want) != 0)
    fprintf (stderr, "got:\n%s\nwant:\n%s\n", got, want);
  CU_ASSERT_STRING_EQUAL (got, want);
}

static void
test_comparison_csv (void)
{
  g_autoptr (SimComparison) cmp = hand_comparison ();
  g_autoptr (GString) out = g_string_new (NULL);

  sim_comparison_csv (cmp, out);
  assert_text (
      out->str,
      "group,measure,scenario,mean,ci_low,ci_high,diff,diff_ci_low,"
      "diff_ci_high\n"
      "all,x,base,12,7.031724576,16.96827542,,,\n"
      "all,x,alt,15,7.547586865,22.45241314,3,0.5158622882,5.484137712\n"
      "\"service:a,b\",y,base,1,1,1,,,\n"
      "\"service:a,b\",y,alt,1.5,-4.853102368,7.853102368,0.5,"
      "-5.853102368,6.853102368\n");
}

static void
test_widths_csv (void)
{
  g_autoptr (SimComparison) cmp = hand_comparison ();
  g_autoptr (GString) out = g_string_new (NULL);

  sim_comparison_widths_csv (cmp, out);
  assert_text (out->str, "group,measure,scenario,paired_width,unpaired_width,"
                         "width_ratio\n"
                         "all,x,alt,4.968275424,12.26589441,0.405047953\n"
                         "\"service:a,b\",y,alt,12.70620474,12.70620474,1\n");
}

/* One scenario alone: its cells only, no differences, no width rows. */
static void
test_single_scenario (void)
{
  SimResults *r0 = sim_results_new (), *r1 = sim_results_new ();
  SimResults *reps0[] = { r0, r1 };
  SimResults *const *reps[] = { reps0 };
  const char *labels[] = { "only" };
  g_autoptr (SimComparison) cmp = NULL;
  g_autoptr (GString) w = g_string_new (NULL);

  sim_results_add (r0, SIM_YEAR_ALL, "all", "x", 1.0);
  sim_results_add (r1, SIM_YEAR_ALL, "all", "x", 3.0);
  cmp = sim_comparison_new (1, labels, reps, 2);
  CU_ASSERT_CLOSE (sim_comparison_cell (cmp, 0, 0)->mean, 2.0, 1e-12);
  sim_comparison_widths_csv (cmp, w);
  assert_text (w->str, SIM_COMPARISON_WIDTHS_HEADER "\n");
  sim_results_free (r0);
  sim_results_free (r1);
}

/* Shapley values (issue 13): a 3-player game worked by hand, the
 * efficiency and null-player properties, and k = 1. */
static void
test_shapley (void)
{
  /* v(S) = 6 a + 2 b + 0 c + 12 a b (bits: a = 1, b = 2, c = 4): c is a
   * null player; a and b share their interaction equally:
   * phi_a = 6 + 6 = 12, phi_b = 2 + 6 = 8, phi_c = 0. */
  double v[8], phi[3], phi1[1];
  double v1[2] = { 3.0, 10.5 };

  for (guint S = 0; S < 8; S++)
    {
      double a = (S & 1) ? 1 : 0, b = (S & 2) ? 1 : 0;
      v[S] = 100.0 + 6 * a + 2 * b + 12 * a * b;
    }
  sim_shapley (3, v, phi);
  CU_ASSERT_CLOSE (phi[0], 12.0, 1e-12);
  CU_ASSERT_CLOSE (phi[1], 8.0, 1e-12);
  CU_ASSERT (phi[2] == 0.0); /* exactly */
  CU_ASSERT_CLOSE (phi[0] + phi[1] + phi[2], v[7] - v[0], 1e-12);
  /* A random-looking game of 5 players: efficiency. */
  {
    double w[32], p[5], sum = 0.0;
    for (guint S = 0; S < 32; S++)
      w[S] = sin (1.0 + S * 0.77) * 1000.0 + S * S;
    sim_shapley (5, w, p);
    for (guint i = 0; i < 5; i++)
      sum += p[i];
    CU_ASSERT_CLOSE (sum, w[31] - w[0], 1e-9);
  }
  sim_shapley (1, v1, phi1);
  CU_ASSERT (phi1[0] == 7.5);
}

/* Ratio of means with its delta-method interval (value for money): y =
 * 2 x exactly gives 2 with a zero-width interval; with noise the interval
 * holds the ratio; mean(x) = 0 gives NAN. */
static void
test_ratio (void)
{
  double x[4] = { 1.0, 2.0, 3.0, 4.0 }, y[4], r, lo, hi;
  double z[4] = { 1.0, -1.0, 2.0, -2.0 };

  for (guint i = 0; i < 4; i++)
    y[i] = 2.0 * x[i];
  sim_ci_ratio (y, x, 4, 0.95, &r, &lo, &hi);
  CU_ASSERT_CLOSE (r, 2.0, 1e-12);
  CU_ASSERT_CLOSE (lo, 2.0, 1e-9);
  CU_ASSERT_CLOSE (hi, 2.0, 1e-9);
  y[0] += 0.5;
  y[3] -= 0.3;
  sim_ci_ratio (y, x, 4, 0.95, &r, &lo, &hi);
  CU_ASSERT_CLOSE (r, 20.2 / 10.0, 1e-12);
  CU_ASSERT (lo < r && r < hi);
  sim_ci_ratio (y, z, 4, 0.95, &r, &lo, &hi);
  CU_ASSERT (isnan (r) && isnan (lo) && isnan (hi));
}

static const CuTest arithmetic_tests[] = {
  { "/compare/shapley", test_shapley },
  { "/compare/ratio", test_ratio },
  { "/compare/paired-hand", test_paired_hand },
  { "/compare/welch-hand", test_welch_hand },
  { NULL, NULL },
};

static const CuTest table_tests[] = {
  { "/compare/cells", test_cells },
  { "/compare/comparison-csv", test_comparison_csv },
  { "/compare/widths-csv", test_widths_csv },
  { "/compare/single-scenario", test_single_scenario },
  { NULL, NULL },
};

int
main (void)
{
  static const CuSuite suites[] = {
    { "/compare/arithmetic", arithmetic_tests },
    { "/compare/table", table_tests },
    { NULL, NULL },
  };

  return cu_main ("test-compare", suites);
}
