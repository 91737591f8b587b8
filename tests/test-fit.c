/* test-fit.c: the fit statistics of `ctsim survey` (sim/sim-fit.h) against
 * values computed by hand.
 *
 * Hand values:
 *  - MAE of simulated (20, 18, 15, 10) against published (22, 16, 15, 7):
 *    (2 + 2 + 0 + 3) / 4 = 1.75.
 *  - Spearman, no ties: x = (10, 20, 30, 40), y = (1, 3, 2, 4): rank
 *    differences (0, -1, 1, 0), sum of squares 2, rho = 1 - 6 x 2 /
 *    (4 x 15) = 0.8.
 *  - Spearman, ties: x = (1, 2, 2, 3) has ranks (1, 2.5, 2.5, 4); y =
 *    (1, 2, 3, 4); deviations from 2.5: (-1.5, 0, 0, 1.5) and (-1.5,
 *    -0.5, 0.5, 1.5): rho = 4.5 / sqrt (4.5 x 5) = 0.9486832981.
 *  - MSER (sim/sim-steady.h) of the trend 1, 2, 3, 4, 5: MSER(0) = 10 /
 *    25 = 0.4, MSER(1) = 5 / 16 = 0.3125, MSER(2) = 2 / 9: truncation 2
 *    (a start-up transient); of 1, -1, 1, -1, 1, -1: MSER(0) = 6 / 36,
 *    MSER(1) = 4.8 / 25, MSER(2) = 4 / 16, MSER(3) = (8 / 3) / 9:
 *    truncation 0 (steady noise).
 *  - Material transients (sim_steady_material): 3 replications x 3
 *    years, replication r = (1 + r/10, 3 + r/10, 3 + r/10): truncation 1
 *    removes 1 + r/10 from a mean over every year of 7/3 + r/10 against
 *    3 + r/10 kept: bias -2/3; the replications' means differ by 0.1, sd
 *    0.1, half-width t(0.975, 2) x 0.1 / sqrt 3 = 4.302652730 x
 *    0.0577350269 = 0.2484138: material.  Truncation 0: bias 0, not
 *    material.  Replications (1, 0) and (-1, 0), truncation 1: biases
 *    +0.5 and -0.5 average 0: not material.  One replication: half-width
 *    NAN, material when d > 0.
 *  - The survey's published figures (22, 16, 15, 7, 14, 11, 11, 9, 8, 7,
 *    7, 6, 6, 6) against themselves plus 1: MAE 1, rho 1.
 */
#include "config.h"

#include <math.h>

#include "sim/sim-fit.h"
#include "sim/sim-steady.h"
#include "tests/cu-main.h"

static void
test_mae_known (void)
{
  static const double obs[] = { 22, 16, 15, 7 };
  static const double sim[] = { 20, 18, 15, 10 };

  CU_ASSERT_CLOSE (sim_fit_mae (obs, sim, 4), 1.75, 1e-15);
  CU_ASSERT_CLOSE (sim_fit_mae (obs, obs, 4), 0.0, 0.0);
  CU_ASSERT (isnan (sim_fit_mae (obs, sim, 0)));
}

static void
test_ranks_ties (void)
{
  static const double x[] = { 3, 1, 2, 1 };
  double r[4];

  sim_fit_ranks (x, 4, r);
  CU_ASSERT_EQUAL (r[0], 4.0);
  CU_ASSERT_EQUAL (r[1], 1.5);
  CU_ASSERT_EQUAL (r[2], 3.0);
  CU_ASSERT_EQUAL (r[3], 1.5);
}

static void
test_spearman_known (void)
{
  static const double x[] = { 10, 20, 30, 40 };
  static const double y[] = { 1, 3, 2, 4 };
  static const double rev[] = { 4, 3, 2, 1 };

  CU_ASSERT_CLOSE (sim_fit_spearman (x, y, 4), 0.8, 1e-15);
  CU_ASSERT_CLOSE (sim_fit_spearman (y, x, 4), 0.8, 1e-15);
  CU_ASSERT_CLOSE (sim_fit_spearman (x, rev, 4), -1.0, 1e-15);
  CU_ASSERT_CLOSE (sim_fit_spearman (x, x, 4), 1.0, 1e-15);
}

static void
test_spearman_ties (void)
{
  static const double x[] = { 1, 2, 2, 3 };
  static const double y[] = { 1, 2, 3, 4 };

  CU_ASSERT_CLOSE (sim_fit_spearman (x, y, 4), 0.9486832980505138, 1e-13);
}

static void
test_spearman_degenerate (void)
{
  static const double x[] = { 1, 2, 3 };
  static const double flat[] = { 5, 5, 5 };

  CU_ASSERT (isnan (sim_fit_spearman (x, x, 1)));
  CU_ASSERT (isnan (sim_fit_spearman (x, x, 0)));
  CU_ASSERT (isnan (sim_fit_spearman (x, flat, 3)));
}

/* Shifting every simulated value by one keeps the order: rho 1, MAE 1. */
static void
test_survey_shift (void)
{
  static const double pub[]
      = { 22, 16, 15, 7, 14, 11, 11, 9, 8, 7, 7, 6, 6, 6 };
  double sim[G_N_ELEMENTS (pub)];

  for (guint i = 0; i < G_N_ELEMENTS (pub); i++)
    sim[i] = pub[i] + 1;
  CU_ASSERT_CLOSE (sim_fit_mae (pub, sim, G_N_ELEMENTS (pub)), 1.0, 1e-15);
  CU_ASSERT_CLOSE (sim_fit_spearman (pub, sim, G_N_ELEMENTS (pub)), 1.0, 1e-14);
}

static void
test_steady_material (void)
{
  static const double y[] = { 1.0, 3.0, 3.0, 1.1, 3.1, 3.1, 1.2, 3.2, 3.2 };
  static const double z[] = { 1.0, 0.0, -1.0, 0.0 };
  double bias, hw;

  CU_ASSERT (sim_steady_material (y, 3, 3, 1, &bias, &hw));
  CU_ASSERT_CLOSE (bias, -2.0 / 3.0, 1e-12);
  CU_ASSERT_CLOSE (hw, 4.302652729749464 * 0.1 / sqrt (3.0), 1e-9);
  CU_ASSERT (!sim_steady_material (y, 3, 3, 0, &bias, &hw));
  CU_ASSERT_CLOSE (bias, 0.0, 1e-12);
  CU_ASSERT (!sim_steady_material (z, 2, 2, 1, &bias, &hw));
  CU_ASSERT_CLOSE (bias, 0.0, 1e-12);
  CU_ASSERT (sim_steady_material (y, 1, 3, 1, &bias, &hw));
  CU_ASSERT (isnan (hw));
  CU_ASSERT (!sim_steady_material (y, 1, 3, 0, &bias, &hw));
}

static void
test_mser_known (void)
{
  static const double trend[] = { 1, 2, 3, 4, 5 };
  static const double noise[] = { 1, -1, 1, -1, 1, -1 };

  CU_ASSERT_CLOSE (sim_mser (trend, 5, 0), 0.4, 1e-15);
  CU_ASSERT_CLOSE (sim_mser (trend, 5, 1), 0.3125, 1e-15);
  CU_ASSERT_CLOSE (sim_mser (trend, 5, 2), 2.0 / 9.0, 1e-15);
  CU_ASSERT_EQUAL (sim_mser_truncation (trend, 5, 2), 2);
  CU_ASSERT_CLOSE (sim_mser (noise, 6, 0), 6.0 / 36.0, 1e-15);
  CU_ASSERT_CLOSE (sim_mser (noise, 6, 1), 4.8 / 25.0, 1e-15);
  CU_ASSERT_CLOSE (sim_mser (noise, 6, 3), (8.0 / 3.0) / 9.0, 1e-15);
  CU_ASSERT_EQUAL (sim_mser_truncation (noise, 6, 3), 0);
  CU_ASSERT_EQUAL (sim_mser_truncation (trend, 2, 1), 0);
  CU_ASSERT (isnan (sim_mser (trend, 5, 5)));
}

int
main (void)
{
  static const CuTest steady_tests[] = {
    { "/fit/mser/known", test_mser_known },
    { "/fit/steady/material", test_steady_material },
    { NULL, NULL },
  };
  static const CuTest mae_tests[] = {
    { "/fit/mae/known", test_mae_known },
    { "/fit/mae/survey-shift", test_survey_shift },
    { NULL, NULL },
  };
  static const CuTest rank_tests[] = {
    { "/fit/ranks/ties", test_ranks_ties },
    { "/fit/spearman/known", test_spearman_known },
    { "/fit/spearman/ties", test_spearman_ties },
    { "/fit/spearman/degenerate", test_spearman_degenerate },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/fit/mae", mae_tests },
    { "/fit/rank", rank_tests },
    { "/fit/steady", steady_tests },
    { NULL, NULL },
  };

  return cu_main ("test-fit", suites);
}
