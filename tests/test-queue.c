/* test-queue.c: the queue model and engine against queueing theory.
 *
 * Each case runs independent replications of one service through the
 * runner and compares the mean over replications with the analytic value.
 *
 * Tolerances (stated): the simulated mean wait in queue Wq must be within
 * 3% of the analytic value (Erlang C for M/M/1 and M/M/c,
 * Pollaczek-Khinchine for M/D/1) AND the analytic value must lie inside
 * the 99.9% Student-t interval over replications widened by 1% of the
 * value.  The run lengths make the standard error of the mean about 0.5%
 * for M/M/1 at rho 0.8 (asymptotic variance of the waiting-time average,
 * ~2000 Wq-units^2 / customer, over 3.2 million customers), so 3% is about
 * 6 standard errors: a real bias fails, noise does not.
 * Little's law (Lq = lambda Wq) is checked on the simulated values to 2%.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "models/queue/cs-queue.h"
#include "sim/sim-runner.h"
#include "sim/sim-stats.h"
#include "tests/cu-main.h"

#define SEED 20041

typedef struct
{
  double wq, lq, util, served, referrals;
  double wq_lo, wq_hi;
} Measured;

static void
collect (SimRunnerResult *res, const char *measure, double *mean, double *lo,
         double *hi, double level)
{
  g_autofree double *x = g_new (double, res->n);

  for (guint r = 0; r < res->n; r++)
    x[r]
        = sim_results_lookup (res->reps[r], SIM_YEAR_ALL, "service:q", measure);
  sim_ci_t (x, res->n, level, mean, lo, hi);
}

static void
run_queue (guint servers, double lambda, SimDist episode, guint reps,
           double days, Measured *m)
{
  g_autoptr (CsQueueParams) p = cs_queue_params_new (1);
  g_autoptr (GError) error = NULL;
  SimRunnerResult res = { 0 };
  SimRunnerSpec spec = { 0 };
  double lo, hi;

  p->services[0].id = g_strdup ("q");
  p->services[0].servers = servers;
  p->services[0].arrival_rate = lambda;
  p->services[0].episode = episode;
  spec.model = &cs_queue_model;
  spec.params = p;
  spec.seed = SEED;
  spec.replications = reps;
  spec.jobs = 2;
  spec.warmup_days = 2000.0;
  spec.horizon_days = 2000.0 + days;
  printf ("  seed %d, %u replications of %.0f days\n", SEED, reps, days);
  CU_ASSERT_FATAL (sim_runner_run (&spec, &res, &error));
  collect (&res, "waiting_days_mean", &m->wq, &m->wq_lo, &m->wq_hi, 0.999);
  collect (&res, "queue_length_mean", &m->lq, &lo, &hi, 0.95);
  collect (&res, "utilisation", &m->util, &lo, &hi, 0.95);
  collect (&res, "served", &m->served, &lo, &hi, 0.95);
  collect (&res, "referrals", &m->referrals, &lo, &hi, 0.95);
  sim_runner_result_clear (&res);
}

static void
check_against_theory (guint servers, double lambda, SimDist episode, guint reps,
                      double days)
{
  CsQueueService svc = { "q", servers, lambda, episode };
  double wq, lq, rho = lambda * sim_dist_mean (&episode) / servers;
  Measured m;

  CU_ASSERT_FATAL (cs_queue_analytic (&svc, &wq, &lq));
  run_queue (servers, lambda, episode, reps, days, &m);
  printf ("  Wq analytic %.4f simulated %.4f [%.4f, %.4f]; Lq %.4f vs "
          "%.4f; utilisation %.4f vs %.4f\n",
          wq, m.wq, m.wq_lo, m.wq_hi, lq, m.lq, rho, m.util);
  CU_ASSERT_CLOSE (m.wq, wq, 0.03 * wq);
  CU_ASSERT (wq >= m.wq_lo - 0.01 * wq && wq <= m.wq_hi + 0.01 * wq);
  CU_ASSERT_CLOSE (m.lq, lq, 0.03 * lq);
  CU_ASSERT_CLOSE (m.util, rho, 0.01);
  /* Little's law on the simulated values: Lq = lambda * Wq. */
  CU_ASSERT_CLOSE (m.lq, lambda * m.wq, 0.02 * m.lq);
}

static void
test_mm1 (void)
{
  check_against_theory (1, 0.8, sim_dist_exponential (1.0), 20, 200000.0);
}

static void
test_mmc (void)
{
  check_against_theory (10, 9.0, sim_dist_exponential (1.0), 10, 40000.0);
}

static void
test_md1 (void)
{
  check_against_theory (1, 0.8, sim_dist_deterministic (1.0), 20, 200000.0);
}

/* A service with no places serves nobody, though referrals arrive. */
static void
test_zero_capacity (void)
{
  Measured m;

  run_queue (0, 0.5, sim_dist_exponential (1.0), 4, 1000.0, &m);
  CU_ASSERT_EQUAL (m.served, 0.0);
  CU_ASSERT (m.referrals > 300.0);
  CU_ASSERT (isnan (m.util));
}

/* Metamorphic: more places never lengthen the wait (same streams). */
static void
test_more_places_shorter_wait (void)
{
  Measured m1, m2, m3;

  run_queue (1, 0.9, sim_dist_exponential (1.0), 6, 20000.0, &m1);
  run_queue (2, 0.9, sim_dist_exponential (1.0), 6, 20000.0, &m2);
  run_queue (3, 0.9, sim_dist_exponential (1.0), 6, 20000.0, &m3);
  CU_ASSERT (m2.wq <= m1.wq);
  CU_ASSERT (m3.wq <= m2.wq);
  /* Common random numbers: the arrival stream is the same. */
  CU_ASSERT_EQUAL (m1.referrals, m2.referrals);
  CU_ASSERT_EQUAL (m2.referrals, m3.referrals);
}

/* Conservation: referrals = served + still waiting, over a whole run with
 * no warm-up (yearly rows add up to the whole-period row). */
static void
test_yearly_rows_add_up (void)
{
  g_autoptr (CsQueueParams) p = cs_queue_params_new (1);
  g_autoptr (GError) error = NULL;
  SimRunnerResult res = { 0 };
  SimRunnerSpec spec = { 0 };
  double sum_ref = 0, sum_served = 0;

  p->services[0].id = g_strdup ("q");
  p->services[0].servers = 2;
  p->services[0].arrival_rate = 1.5;
  p->services[0].episode = sim_dist_exponential (1.0);
  spec.model = &cs_queue_model;
  spec.params = p;
  spec.seed = SEED;
  spec.replications = 1;
  spec.jobs = 1;
  spec.warmup_days = 100.0;
  spec.horizon_days = 100.0 + 3 * 365.25;
  CU_ASSERT_FATAL (sim_runner_run (&spec, &res, &error));
  for (gint y = 1; y <= 3; y++)
    {
      sum_ref += sim_results_lookup (res.reps[0], y, "service:q", "referrals");
      sum_served += sim_results_lookup (res.reps[0], y, "service:q", "served");
    }
  CU_ASSERT_EQUAL (sum_ref, sim_results_lookup (res.reps[0], SIM_YEAR_ALL,
                                                "service:q", "referrals"));
  CU_ASSERT_EQUAL (sum_served, sim_results_lookup (res.reps[0], SIM_YEAR_ALL,
                                                   "service:q", "served"));
  CU_ASSERT (
      isnan (sim_results_lookup (res.reps[0], 4, "service:q", "referrals")));
  sim_runner_result_clear (&res);
}

static const CuTest queue_tests[] = {
  { "/queue/mm1-erlang-c", test_mm1 },
  { "/queue/mmc-erlang-c", test_mmc },
  { "/queue/md1-pollaczek-khinchine", test_md1 },
  { "/queue/zero-capacity-serves-nobody", test_zero_capacity },
  { "/queue/more-places-shorter-wait", test_more_places_shorter_wait },
  { "/queue/yearly-rows-add-up", test_yearly_rows_add_up },
  { NULL, NULL },
};

static const CuSuite suites[] = {
  { "/queue", queue_tests },
  { NULL, NULL },
};

int
main (void)
{
  return cu_main ("test-queue", suites);
}
