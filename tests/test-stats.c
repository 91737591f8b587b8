/* test-stats.c: tallies, merges, time averages, batch means, t intervals,
 * against values computed by hand.
 *
 * Hand values: t quantiles from tables (t(0.975, 4) = 2.7764451052,
 * t(0.975, 1) = 12.7062047362, t(0.95, 4) = 2.1318467863).  The one random
 * test (batch-means coverage) uses a fixed, printed seed and a 5 SE band.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_randist.h>

#include "sim/sim-rng.h"
#include "sim/sim-stats.h"
#include "tests/cu-main.h"

#define SEED G_GUINT64_CONSTANT (4242)
#define T975_4 2.7764451051977934
#define T975_1 12.706204736174698
#define T95_4 2.1318467863266499

/* ---- Tally ------------------------------------------------------------ */

static void
test_tally_known (void)
{
  /* mean 5, sum of squared deviations 32: sample variance 32/7. */
  static const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
  SimTally t = SIM_TALLY_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    sim_tally_add (&t, x[i]);
  CU_ASSERT_EQUAL (t.n, 8);
  CU_ASSERT_CLOSE (sim_tally_mean (&t), 5.0, 1e-15);
  CU_ASSERT_CLOSE (sim_tally_variance (&t), 32.0 / 7, 1e-14);
  CU_ASSERT_CLOSE (sim_tally_sd (&t), sqrt (32.0 / 7), 1e-14);
  CU_ASSERT_EQUAL (t.min, 2.0);
  CU_ASSERT_EQUAL (t.max, 9.0);
}

/* Welford keeps its accuracy with a large offset, where the textbook
 * sum-of-squares formula loses every digit. */
static void
test_tally_offset (void)
{
  static const double x[] = { 4, 7, 13, 16 }; /* mean 10, variance 30 */
  SimTally t = SIM_TALLY_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    sim_tally_add (&t, 1e9 + x[i]);
  CU_ASSERT_CLOSE (sim_tally_mean (&t), 1e9 + 10, 1e-6);
  CU_ASSERT_CLOSE (sim_tally_variance (&t), 30.0, 1e-6);
}

static void
test_tally_small (void)
{
  SimTally t = SIM_TALLY_INIT, init = SIM_TALLY_INIT;

  CU_ASSERT (isnan (sim_tally_mean (&t)));
  CU_ASSERT (isnan (sim_tally_variance (&t)));
  CU_ASSERT (isnan (sim_tally_sd (&t)));
  sim_tally_add (&t, -3.5);
  CU_ASSERT_EQUAL (sim_tally_mean (&t), -3.5);
  CU_ASSERT (isnan (sim_tally_variance (&t)));
  CU_ASSERT_EQUAL (t.min, -3.5);
  CU_ASSERT_EQUAL (t.max, -3.5);
  sim_tally_add (&t, -1.5);
  CU_ASSERT_EQUAL (sim_tally_variance (&t), 2.0);
  sim_tally_reset (&t);
  CU_ASSERT_EQUAL (t.n, init.n);
  CU_ASSERT_EQUAL (t.mean, init.mean);
  CU_ASSERT_EQUAL (t.m2, init.m2);
  CU_ASSERT_EQUAL (t.min, init.min);
  CU_ASSERT_EQUAL (t.max, init.max);
}

static void
assert_tally_close (const SimTally *a, const SimTally *b)
{
  CU_ASSERT_EQUAL (a->n, b->n);
  CU_ASSERT_CLOSE (a->mean, b->mean, 1e-12 * (1 + fabs (b->mean)));
  CU_ASSERT_CLOSE (a->m2, b->m2, 1e-12 * (1 + fabs (b->m2)));
  CU_ASSERT_EQUAL (a->min, b->min);
  CU_ASSERT_EQUAL (a->max, b->max);
}

/* merge(first k, rest) equals one tally of everything, for every k,
 * including the empty parts. */
static void
test_tally_merge (void)
{
  static const double x[]
      = { 3.5, -1, 12, 7.25, 7.25, 0, 100, -40, 2, 9, 1e3, 0.5 };
  const guint n = G_N_ELEMENTS (x);
  SimTally all = SIM_TALLY_INIT;

  for (guint i = 0; i < n; i++)
    sim_tally_add (&all, x[i]);
  for (guint k = 0; k <= n; k++)
    {
      SimTally a = SIM_TALLY_INIT, b = SIM_TALLY_INIT;

      for (guint i = 0; i < k; i++)
        sim_tally_add (&a, x[i]);
      for (guint i = k; i < n; i++)
        sim_tally_add (&b, x[i]);
      sim_tally_merge (&a, &b);
      assert_tally_close (&a, &all);
    }
  /* Merging two empties stays empty. */
  {
    SimTally a = SIM_TALLY_INIT, b = SIM_TALLY_INIT;

    sim_tally_merge (&a, &b);
    CU_ASSERT_EQUAL (a.n, 0);
    CU_ASSERT (isnan (sim_tally_mean (&a)));
  }
}

/* ---- Time average ----------------------------------------------------- */

static void
test_timeavg_step (void)
{
  /* 0 on [0,2), 3 on [2,5), 1 on [5,10): area 0 + 9 + 5 = 14. */
  SimTimeAvg ta;

  sim_timeavg_init (&ta, 0.0, 0.0);
  sim_timeavg_update (&ta, 2.0, 3.0);
  CU_ASSERT_CLOSE (sim_timeavg_mean (&ta, 4.0), 6.0 / 4, 1e-15);
  sim_timeavg_update (&ta, 5.0, 1.0);
  CU_ASSERT_CLOSE (sim_timeavg_mean (&ta, 10.0), 14.0 / 10, 1e-15);
  /* Two changes at the same instant: the first lasts no time. */
  sim_timeavg_update (&ta, 10.0, 50.0);
  sim_timeavg_update (&ta, 10.0, 2.0);
  CU_ASSERT_CLOSE (sim_timeavg_mean (&ta, 12.0), 18.0 / 12, 1e-15);
  /* A zero-length window has no mean. */
  sim_timeavg_init (&ta, 3.0, 7.0);
  CU_ASSERT (isnan (sim_timeavg_mean (&ta, 3.0)));
  CU_ASSERT_CLOSE (sim_timeavg_mean (&ta, 4.0), 7.0, 1e-15);
}

static void
test_timeavg_restart (void)
{
  /* From 1: 5 until 3, then 2; warm-up ends at 4 (value 2 kept); 4 from
   * 6.  Mean over [4, 10]: (2 * 2 + 4 * 4) / 6. */
  SimTimeAvg ta;

  sim_timeavg_init (&ta, 1.0, 5.0);
  sim_timeavg_update (&ta, 3.0, 2.0);
  sim_timeavg_restart (&ta, 4.0);
  CU_ASSERT (isnan (sim_timeavg_mean (&ta, 4.0)));
  sim_timeavg_update (&ta, 6.0, 4.0);
  CU_ASSERT_CLOSE (sim_timeavg_mean (&ta, 10.0), 20.0 / 6, 1e-15);
  CU_ASSERT_EQUAL (ta.start, 4.0);
}

/* ---- Intervals -------------------------------------------------------- */

static void
test_ci_t_known (void)
{
  static const double x[] = { 1, 2, 3, 4, 5 };
  /* s^2 = 2.5: half-width t * sqrt(2.5) / sqrt(5) */
  double half = T975_4 * sqrt (2.5) / sqrt (5.0), mean, lo, hi;

  sim_ci_t (x, 5, 0.95, &mean, &lo, &hi);
  CU_ASSERT_CLOSE (mean, 3.0, 1e-15);
  CU_ASSERT_CLOSE (lo, 3.0 - half, 1e-9);
  CU_ASSERT_CLOSE (hi, 3.0 + half, 1e-9);
  CU_ASSERT_CLOSE (hi, 4.963243161, 1e-8); /* written out by hand */

  sim_ci_t (x, 5, 0.90, &mean, &lo, &hi);
  CU_ASSERT_CLOSE (hi - mean, T95_4 * sqrt (0.5), 1e-9);

  /* n = 2: {1, 3}, s = sqrt(2): half-width t(0.975, 1). */
  sim_ci_t (x, 3, 0.95, NULL, NULL, NULL); /* NULL outputs are allowed */
  sim_ci_t ((const double[]){ 1, 3 }, 2, 0.95, &mean, &lo, &hi);
  CU_ASSERT_CLOSE (mean, 2.0, 1e-15);
  CU_ASSERT_CLOSE (lo, 2.0 - T975_1, 1e-9);
  CU_ASSERT_CLOSE (hi, 2.0 + T975_1, 1e-9);
}

static void
test_ci_t_small (void)
{
  double mean = 0, lo = 0, hi = 0;

  sim_ci_t (NULL, 0, 0.95, &mean, &lo, &hi);
  CU_ASSERT (isnan (mean) && isnan (lo) && isnan (hi));
  sim_ci_t ((const double[]){ 4.5 }, 1, 0.95, &mean, &lo, &hi);
  CU_ASSERT_EQUAL (mean, 4.5);
  CU_ASSERT (isnan (lo) && isnan (hi));
  /* No spread: the interval is the point. */
  sim_ci_t ((const double[]){ 2, 2, 2 }, 3, 0.95, &mean, &lo, &hi);
  CU_ASSERT_EQUAL (lo, 2.0);
  CU_ASSERT_EQUAL (hi, 2.0);
}

static void
test_ci_paired (void)
{
  static const double a[] = { 10, 12, 9, 11, 13 };
  static const double b[] = { 8, 11, 9, 9, 10 };
  /* d = {2, 1, 0, 2, 3}: mean 1.6, s^2 = 5.2 / 4 = 1.3. */
  double half = T975_4 * sqrt (1.3 / 5), mean, lo, hi, ua, ub;

  sim_ci_paired (a, b, 5, 0.95, &mean, &lo, &hi);
  CU_ASSERT_CLOSE (mean, 1.6, 1e-14);
  CU_ASSERT_CLOSE (lo, 1.6 - half, 1e-9);
  CU_ASSERT_CLOSE (hi, 1.6 + half, 1e-9);
  CU_ASSERT_CLOSE (lo, 0.184285223, 1e-8); /* written out by hand */
  /* Pairing removes the common spread: narrower than either unpaired. */
  sim_ci_t (a, 5, 0.95, NULL, &ua, &ub);
  CU_ASSERT (hi - lo < ub - ua);

  sim_ci_paired (a, b, 0, 0.95, &mean, &lo, &hi);
  CU_ASSERT (isnan (mean) && isnan (lo) && isnan (hi));
  sim_ci_paired (a, b, 1, 0.95, &mean, &lo, &hi);
  CU_ASSERT_EQUAL (mean, 2.0);
  CU_ASSERT (isnan (lo) && isnan (hi));
}

/* Bounded intervals (issue 18 item 5): a count that is mostly 0, a share
 * near 1; by hand from the delta-method formulas of sim-stats.h. */
static void
test_ci_bounded_known (void)
{
  /* {0, 0, 0, 0, 1}: mean 0.2, s^2 = 0.2, se = 0.2; the t interval
   * 0.2 -/+ 0.555 leaves [0, inf); the log-scale one is
   * 0.2 exp(-/+ t se / 0.2). */
  static const double c[] = { 0, 0, 0, 0, 1 };
  /* {0.9, 1, 0.8, 1, 1}: mean 0.94, s^2 = 0.008, logit scale */
  static const double p[] = { 0.9, 1, 0.8, 1, 1 };
  double mean, lo, hi, tlo, thi, se, s;

  sim_ci_bounded (c, 5, 0.95, 0.0, INFINITY, &mean, &lo, &hi);
  sim_ci_t (c, 5, 0.95, NULL, &tlo, &thi);
  CU_ASSERT (tlo < 0.0); /* what the bounded interval is for */
  CU_ASSERT_CLOSE (mean, 0.2, 1e-15);
  CU_ASSERT_CLOSE (lo, 0.2 * exp (-T975_4), 1e-12);
  CU_ASSERT_CLOSE (hi, 0.2 * exp (T975_4), 1e-12);
  CU_ASSERT_CLOSE (lo, 0.0124519, 1e-6); /* written out by hand */

  sim_ci_bounded (p, 5, 0.95, 0.0, 1.0, &mean, &lo, &hi);
  sim_ci_t (p, 5, 0.95, NULL, &tlo, &thi);
  CU_ASSERT (thi > 1.0);
  se = sqrt (0.008 / 5);
  s = se / (0.94 * 0.06);
  CU_ASSERT_CLOSE (mean, 0.94, 1e-14);
  CU_ASSERT_CLOSE (lo, 1.0 / (1.0 + exp (-(log (0.94 / 0.06) - T975_4 * s))),
                   1e-12);
  CU_ASSERT_CLOSE (hi, 1.0 / (1.0 + exp (-(log (0.94 / 0.06) + T975_4 * s))),
                   1e-12);
  CU_ASSERT (lo > 0.0 && lo < mean && hi > mean && hi < 1.0);

  /* an upper bound only, and a shifted range: mirror images */
  {
    static const double m[] = { 0, 0, 0, 0, -1 };
    double l2, h2;

    sim_ci_bounded (m, 5, 0.95, -INFINITY, 0.0, &mean, &l2, &h2);
    sim_ci_bounded (c, 5, 0.95, 0.0, INFINITY, NULL, &lo, &hi);
    CU_ASSERT_CLOSE (l2, -hi, 1e-12);
    CU_ASSERT_CLOSE (h2, -lo, 1e-12);
  }
}

static void
test_ci_bounded_edges (void)
{
  static const double x[] = { 1, 2, 3, 4, 5 };
  double mean, lo, hi, tlo, thi;

  /* unbounded: the t interval */
  sim_ci_t (x, 5, 0.95, NULL, &tlo, &thi);
  sim_ci_bounded (x, 5, 0.95, -INFINITY, INFINITY, &mean, &lo, &hi);
  CU_ASSERT_EQUAL (lo, tlo);
  CU_ASSERT_EQUAL (hi, thi);
  /* a value outside the range: the t interval, not a made-up one */
  sim_ci_bounded (x, 5, 0.95, 0.0, 4.5, &mean, &lo, &hi);
  CU_ASSERT_EQUAL (lo, tlo);
  CU_ASSERT_EQUAL (hi, thi);
  /* every value at an end: the point */
  sim_ci_bounded ((const double[]){ 0, 0, 0 }, 3, 0.95, 0.0, 1.0, &mean, &lo,
                  &hi);
  CU_ASSERT (mean == 0.0 && lo == 0.0 && hi == 0.0);
  sim_ci_bounded ((const double[]){ 1, 1 }, 2, 0.95, 0.0, 1.0, &mean, &lo, &hi);
  CU_ASSERT (mean == 1.0 && lo == 1.0 && hi == 1.0);
  /* n < 2: as sim_ci_t */
  sim_ci_bounded ((const double[]){ 0.5 }, 1, 0.95, 0.0, 1.0, &mean, &lo, &hi);
  CU_ASSERT (mean == 0.5 && isnan (lo) && isnan (hi));
  /* far from the ends the two agree: values 1000 +/- 1 on [0, inf) */
  {
    double y[50];

    for (guint i = 0; i < 50; i++)
      y[i] = 1000.0 + (i % 2 ? 1.0 : -1.0) * (double)(i % 7) / 7.0;
    sim_ci_t (y, 50, 0.95, NULL, &tlo, &thi);
    sim_ci_bounded (y, 50, 0.95, 0.0, INFINITY, NULL, &lo, &hi);
    CU_ASSERT_CLOSE (lo, tlo, 1e-3 * (thi - tlo));
    CU_ASSERT_CLOSE (hi, thi, 1e-3 * (thi - tlo));
  }
}

/* Coverage of the bounded interval for a share near its end: 5
 * replications of the share of 40 children with a chance of 0.95 each
 * (a binomial share), 4000 trials, seed printed.  The logit interval
 * stays in [0, 1] in every trial, and covers the true 0.95 in 0.88-0.99
 * of trials (the nominal 0.95 within what 5 replications of a skewed
 * share allow; the t interval's coverage is printed beside it). */
static void
test_ci_bounded_coverage (void)
{
  SimRng rng;
  guint covered = 0, covered_t = 0, outside_t = 0, trials = 4000;

  sim_rng_init (&rng, SEED, 0, 18, 5);
  for (guint k = 0; k < trials; k++)
    {
      double x[5], lo, hi, tlo, thi;

      for (guint r = 0; r < 5; r++)
        x[r] = gsl_ran_binomial (sim_rng_gsl (&rng), 0.95, 40) / 40.0;
      sim_ci_bounded (x, 5, 0.95, 0.0, 1.0, NULL, &lo, &hi);
      sim_ci_t (x, 5, 0.95, NULL, &tlo, &thi);
      CU_ASSERT (lo >= 0.0 && hi <= 1.0);
      covered += lo <= 0.95 && 0.95 <= hi;
      covered_t += tlo <= 0.95 && 0.95 <= thi;
      outside_t += thi > 1.0;
    }
  printf ("# seed %" G_GUINT64_FORMAT ": bounded coverage %.4f, t coverage "
          "%.4f, t beyond 1 in %.4f of trials\n",
          SEED, covered / (double)trials, covered_t / (double)trials,
          outside_t / (double)trials);
  CU_ASSERT (covered >= 0.88 * trials && covered <= 0.99 * trials);
}

/* ---- Batch means ------------------------------------------------------ */

static void
test_batch_known (void)
{
  g_autoptr (SimBatchMeans) bm = sim_batch_means_new (100);
  double means[10], mean, lo, hi, tmean, tlo, thi;

  CU_ASSERT_FALSE (sim_batch_means_ci (bm, 0.95, &mean, &lo, &hi));
  CU_ASSERT (isnan (mean) && isnan (lo) && isnan (hi));
  /* 0, 1, ..., 1049: ten complete batches with means 49.5 + 100 k, and an
   * incomplete one that does not count. */
  for (guint i = 0; i < 1050; i++)
    {
      sim_batch_means_add (bm, i);
      if (i == 150)
        {
          CU_ASSERT_EQUAL (sim_batch_means_batches (bm), 1);
          CU_ASSERT_FALSE (sim_batch_means_ci (bm, 0.95, NULL, NULL, NULL));
        }
    }
  CU_ASSERT_EQUAL (sim_batch_means_batches (bm), 10);
  for (guint k = 0; k < 10; k++)
    means[k] = 49.5 + 100 * k;
  CU_ASSERT_TRUE (sim_batch_means_ci (bm, 0.95, &mean, &lo, &hi));
  sim_ci_t (means, 10, 0.95, &tmean, &tlo, &thi);
  CU_ASSERT_CLOSE (mean, 499.5, 1e-12);
  CU_ASSERT_CLOSE (lo, tlo, 1e-9);
  CU_ASSERT_CLOSE (hi, thi, 1e-9);
}

/* i.i.d. N(10, 2^2) data: 95% batch-means intervals cover 10 in about 95%
 * of 400 independent runs (5 SE band: 0.95 +- 0.054). */
static void
test_batch_iid_coverage (void)
{
  enum
  {
    RUNS = 400,
    BATCHES = 20,
    SIZE = 50
  };
  guint covered = 0;

  printf ("seed %" G_GUINT64_FORMAT " ", SEED);
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (SimBatchMeans) bm = sim_batch_means_new (SIZE);
      SimTally all = SIM_TALLY_INIT;
      double mean, lo, hi;
      SimRng rng;

      sim_rng_init (&rng, SEED, r, 0, 0);
      for (guint i = 0; i < BATCHES * SIZE; i++)
        {
          double x = 10.0 + gsl_ran_gaussian (sim_rng_gsl (&rng), 2.0);

          sim_batch_means_add (bm, x);
          sim_tally_add (&all, x);
        }
      CU_ASSERT_TRUE (sim_batch_means_ci (bm, 0.95, &mean, &lo, &hi));
      CU_ASSERT_CLOSE (mean, sim_tally_mean (&all), 1e-9);
      covered += lo <= 10.0 && 10.0 <= hi;
    }
  printf ("coverage %.4f ", (double)covered / RUNS);
  CU_ASSERT_CLOSE ((double)covered / RUNS, 0.95, 5 * sqrt (0.95 * 0.05 / RUNS));
}

int
main (void)
{
  static const CuTest tally_tests[] = {
    { "/stats/tally/known", test_tally_known },
    { "/stats/tally/offset", test_tally_offset },
    { "/stats/tally/small-n", test_tally_small },
    { "/stats/tally/merge", test_tally_merge },
    { NULL, NULL },
  };
  static const CuTest timeavg_tests[] = {
    { "/stats/timeavg/step", test_timeavg_step },
    { "/stats/timeavg/restart", test_timeavg_restart },
    { NULL, NULL },
  };
  static const CuTest ci_tests[] = {
    { "/stats/ci/t-known", test_ci_t_known },
    { "/stats/ci/t-small-n", test_ci_t_small },
    { "/stats/ci/paired", test_ci_paired },
    { "/stats/ci/bounded-known", test_ci_bounded_known },
    { "/stats/ci/bounded-edges", test_ci_bounded_edges },
    { "/stats/ci/bounded-coverage", test_ci_bounded_coverage },
    { NULL, NULL },
  };
  static const CuTest batch_tests[] = {
    { "/stats/batch/known", test_batch_known },
    { "/stats/batch/iid-coverage", test_batch_iid_coverage },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/stats/tally", tally_tests },
    { "/stats/timeavg", timeavg_tests },
    { "/stats/ci", ci_tests },
    { "/stats/batch", batch_tests },
    { NULL, NULL },
  };

  return cu_main ("test-stats", suites);
}
