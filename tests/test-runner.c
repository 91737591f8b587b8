/* test-runner.c: replications on a pool of threads (sim/sim-runner.h).
 *
 * A toy model defined here (arrivals and departures drawing from two
 * engine streams, a yearly tick) is run for 8 replications with 1, 2, 4
 * and 0 (= processors) jobs: results.csv must be byte-identical; each
 * replication must see its own index through the config; a model failing
 * in replications 3 and 5 must give replication 3's error whatever the
 * timing; progress must be called once per replication, serialised, with
 * done rising to the total.  The seed used is printed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-runner.h"
#include "tests/cu-main.h"

#define SEED G_GUINT64_CONSTANT (20240607)
#define N_REPS 8
#define YEARS 2

/* ---- the toy model ---------------------------------------------------- */

enum
{
  KIND_ARRIVE,
  KIND_DEPART,
  KIND_TICK,
  N_KINDS
};

enum
{
  STREAM_ARRIVAL = 1,
  STREAM_SERVICE = 2
};

typedef struct
{
  double rate;      /* arrivals per day */
  gboolean failing; /* replication 3 fails late, 5 at once */
} ToyParams;

typedef struct
{
  const ToyParams *params;
  SimRng arrivals;
  SimRng service;
  guint64 handled; /* every handler call, warm-up included */
  guint arrived;
  guint departed;
  double service_sum;
  guint year; /* 1-based, advanced by the tick */
  guint arrived_in_year[YEARS + 1];
} Toy;

static double
exponential (SimRng *rng, double rate)
{
  return -log (sim_rng_uniform (rng)) / rate;
}

static void
on_arrive (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;
  const SimRunConfig *config = sim_engine_config (eng);

  (void)payload;
  toy->handled++;
  if (toy->params->failing && config->replication == 3
      && sim_engine_now (eng) > config->horizon_days / 2)
    {
      /* Fail late, and slowly, so that replication 5 fails first. */
      g_usleep (50 * 1000);
      sim_engine_fail (eng, "toy failure in replication %u",
                       (guint)config->replication);
      return;
    }
  if (!sim_engine_in_warmup (eng))
    {
      toy->arrived++;
      if (toy->year >= 1 && toy->year <= YEARS)
        toy->arrived_in_year[toy->year]++;
    }
  sim_engine_schedule (eng, exponential (&toy->service, 1.5), KIND_DEPART, NULL,
                       NULL);
  sim_engine_schedule (eng, exponential (&toy->arrivals, toy->params->rate),
                       KIND_ARRIVE, NULL, NULL);
}

static void
on_depart (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;

  (void)payload;
  toy->handled++;
  if (sim_engine_in_warmup (eng))
    return;
  toy->departed++;
}

static void
on_tick (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;

  (void)payload;
  toy->handled++;
  toy->year++;
  sim_engine_schedule (eng, sim_years (1), KIND_TICK, NULL, NULL);
}

static gpointer
toy_new (SimEngine *eng, gconstpointer params, GError **error)
{
  const ToyParams *p = params;
  const SimRunConfig *config = sim_engine_config (eng);
  Toy *toy;

  if (p->failing && config->replication == 5)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "toy refuses replication %u", (guint)config->replication);
      return NULL;
    }
  toy = g_new0 (Toy, 1);
  toy->params = p;
  sim_engine_rng (eng, &toy->arrivals, STREAM_ARRIVAL, 0);
  sim_engine_rng (eng, &toy->service, STREAM_SERVICE, 0);
  sim_engine_schedule (eng, exponential (&toy->arrivals, p->rate), KIND_ARRIVE,
                       NULL, NULL);
  sim_engine_schedule_at (eng, config->warmup_days, 0, KIND_TICK, NULL, NULL);
  return toy;
}

static void
toy_free (gpointer state)
{
  g_free (state);
}

static void
toy_warmup_end (SimEngine *eng, gpointer state)
{
  Toy *toy = state;

  (void)eng;
  toy->arrived = 0;
  toy->departed = 0;
  toy->service_sum = 0;
}

static gboolean
toy_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  Toy *toy = state;
  SimRng probe;

  (void)error;
  for (guint y = 1; y <= YEARS; y++)
    sim_results_add (out, (gint)y, "toy", "arrivals", toy->arrived_in_year[y]);
  sim_results_add (out, SIM_YEAR_ALL, "toy", "arrivals", toy->arrived);
  sim_results_add (out, SIM_YEAR_ALL, "toy", "departures", toy->departed);
  sim_results_add (out, SIM_YEAR_ALL, "toy", "replication",
                   sim_engine_config (eng)->replication);
  sim_results_add (out, SIM_YEAR_ALL, "toy", "events_handled",
                   (double)toy->handled);
  /* A fresh draw from the stream: a pure function of the replication. */
  sim_engine_rng (eng, &probe, STREAM_SERVICE, 7);
  sim_results_add (out, SIM_YEAR_ALL, "toy", "probe", sim_rng_uniform (&probe));
  return TRUE;
}

static const char *const toy_kind_names[N_KINDS]
    = { "arrive", "depart", "tick" };
static const SimHandlerFunc toy_handlers[N_KINDS]
    = { on_arrive, on_depart, on_tick };

static const SimModel toy_model = {
  .name = "toy",
  .n_kinds = N_KINDS,
  .kind_names = toy_kind_names,
  .handlers = toy_handlers,
  .state_new = toy_new,
  .state_free = toy_free,
  .warmup_end = toy_warmup_end,
  .finish = toy_finish,
};

/* ---- helpers ------------------------------------------------------------ */

static const ToyParams good_params = { 1.0, FALSE };
static const ToyParams failing_params = { 1.0, TRUE };

static SimRunnerSpec
make_spec (const ToyParams *params, guint jobs)
{
  SimRunnerSpec spec = { 0 };

  spec.model = &toy_model;
  spec.params = params;
  spec.seed = SEED;
  spec.replications = N_REPS;
  spec.jobs = jobs;
  spec.warmup_days = 10;
  spec.horizon_days = 10 + sim_years (YEARS);
  return spec;
}

static char *
results_text (const SimRunnerResult *res, guint first)
{
  GString *out = g_string_new (NULL);

  sim_output_results_csv (out, TRUE, NULL, 0, "toy", res->reps, res->n, first);
  return g_string_free (out, FALSE);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_identical_across_jobs (void)
{
  static const guint jobs[] = { 1, 2, 4, 0 };
  g_autofree char *reference = NULL;
  guint64 reference_events = 0;

  printf ("\n    seed %" G_GUINT64_FORMAT "\n    ", SEED);
  for (gsize j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      SimRunnerSpec spec = make_spec (&good_params, jobs[j]);
      SimRunnerResult res = { 0 };
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      double handled = 0;

      CU_ASSERT_TRUE_FATAL (sim_runner_run (&spec, &res, &error));
      CU_ASSERT_PTR_NULL (error);
      CU_ASSERT_EQUAL (res.n, N_REPS);
      CU_ASSERT_TRUE (res.wall_seconds >= 0);
      for (guint i = 0; i < res.n; i++)
        handled += sim_results_lookup (res.reps[i], SIM_YEAR_ALL, "toy",
                                       "events_handled");
      CU_ASSERT_EQUAL (res.events, (guint64)handled);
      CU_ASSERT_TRUE (res.events > 1000);
      text = results_text (&res, 0);
      if (j == 0)
        {
          reference = g_steal_pointer (&text);
          reference_events = res.events;
        }
      else
        {
          if (strcmp (text, reference) != 0)
            fprintf (stderr, "jobs %u differs from jobs 1\n", jobs[j]);
          CU_ASSERT_STRING_EQUAL (text, reference);
          CU_ASSERT_EQUAL (res.events, reference_events);
        }
      sim_runner_result_clear (&res);
      CU_ASSERT_EQUAL (res.n, 0);
      CU_ASSERT_PTR_NULL (res.reps);
    }
}

static void
test_replication_in_config (void)
{
  SimRunnerSpec spec = make_spec (&good_params, 3);
  SimRunnerSpec offset = make_spec (&good_params, 2);
  SimRunnerResult res = { 0 }, res_offset = { 0 };
  g_autoptr (GError) error = NULL;

  CU_ASSERT_TRUE_FATAL (sim_runner_run (&spec, &res, &error));
  for (guint i = 0; i < N_REPS; i++)
    {
      CU_ASSERT_EQUAL (
          sim_results_lookup (res.reps[i], SIM_YEAR_ALL, "toy", "replication"),
          (double)i);
      for (guint k = 0; k < i; k++)
        {
          CU_ASSERT_NOT_EQUAL (
              sim_results_lookup (res.reps[i], SIM_YEAR_ALL, "toy", "probe"),
              sim_results_lookup (res.reps[k], SIM_YEAR_ALL, "toy", "probe"));
        }
    }

  /* Replications 2..4 run on their own give the same rows as in the run
   * of 0..7: a replication depends on its index only. */
  offset.first_replication = 2;
  offset.replications = 3;
  CU_ASSERT_TRUE_FATAL (sim_runner_run (&offset, &res_offset, &error));
  CU_ASSERT_EQUAL (res_offset.n, 3);
  CU_ASSERT_EQUAL (sim_results_lookup (res_offset.reps[0], SIM_YEAR_ALL, "toy",
                                       "replication"),
                   2.0);
  {
    g_autoptr (GString) part = g_string_new (NULL);
    g_autoptr (GString) whole = g_string_new (NULL);

    sim_output_results_csv (part, FALSE, NULL, 0, "toy", res_offset.reps, 3, 2);
    sim_output_results_csv (whole, FALSE, NULL, 0, "toy", res.reps + 2, 3, 2);
    CU_ASSERT_TRUE (part->len > 0);
    CU_ASSERT_STRING_EQUAL (part->str, whole->str);
  }
  sim_runner_result_clear (&res);
  sim_runner_result_clear (&res_offset);
}

static void
test_lowest_failure_wins (void)
{
  static const guint jobs[] = { 1, 2, 4 };

  for (gsize j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      SimRunnerSpec spec = make_spec (&failing_params, jobs[j]);
      SimRunnerResult res = { 0 };
      g_autoptr (GError) error = NULL;

      CU_ASSERT_FALSE (sim_runner_run (&spec, &res, &error));
      CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_INTERNAL));
      CU_ASSERT_PTR_NOT_NULL_FATAL (error);
      CU_ASSERT_TRUE (g_str_has_prefix (error->message, "replication 3: "));
      CU_ASSERT_PTR_NOT_NULL (
          strstr (error->message, "toy failure in replication 3"));
      CU_ASSERT_EQUAL (res.n, 0);
      CU_ASSERT_PTR_NULL (res.reps);
    }
  /* Without replication 3, replication 5's own error comes out. */
  {
    SimRunnerSpec spec = make_spec (&failing_params, 4);
    SimRunnerResult res = { 0 };
    g_autoptr (GError) error = NULL;

    spec.first_replication = 4;
    spec.replications = 4;
    CU_ASSERT_FALSE (sim_runner_run (&spec, &res, &error));
    CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_DATA));
    if (error)
      CU_ASSERT_STRING_EQUAL (error->message,
                              "replication 5: toy refuses replication 5");
  }
}

typedef struct
{
  guint calls;
  guint done[N_REPS + 1];
  guint total[N_REPS + 1];
  gint inside;     /* callbacks running now */
  gint overlapped; /* times a callback found another one running */
} Progress;

static void
on_progress (guint done, guint total, gpointer user_data)
{
  Progress *p = user_data;

  if (g_atomic_int_add (&p->inside, 1) != 0)
    g_atomic_int_inc (&p->overlapped);
  g_usleep (2000); /* widen the window for an overlap */
  if (p->calls <= N_REPS)
    {
      p->done[p->calls] = done;
      p->total[p->calls] = total;
    }
  p->calls++;
  g_atomic_int_add (&p->inside, -1);
}

static void
test_progress (void)
{
  static const guint jobs[] = { 1, 4 };

  for (gsize j = 0; j < G_N_ELEMENTS (jobs); j++)
    {
      SimRunnerSpec spec = make_spec (&good_params, jobs[j]);
      SimRunnerResult res = { 0 };
      g_autoptr (GError) error = NULL;
      Progress p = { 0 };

      spec.progress = on_progress;
      spec.progress_data = &p;
      CU_ASSERT_TRUE_FATAL (sim_runner_run (&spec, &res, &error));
      CU_ASSERT_EQUAL (p.calls, N_REPS);
      CU_ASSERT_EQUAL (p.overlapped, 0);
      for (guint i = 0; i < N_REPS && i < p.calls; i++)
        {
          CU_ASSERT_EQUAL (p.done[i], i + 1);
          CU_ASSERT_EQUAL (p.total[i], N_REPS);
        }
      sim_runner_result_clear (&res);
    }
}

static void
test_bad_config_error (void)
{
  SimRunnerSpec spec = make_spec (&good_params, 2);
  SimRunnerResult res = { 0 };
  g_autoptr (GError) error = NULL;

  spec.horizon_days = NAN;
  CU_ASSERT_FALSE (sim_runner_run (&spec, &res, &error));
  CU_ASSERT_TRUE (g_error_matches (error, SIM_ERROR, SIM_ERROR_DATA));
  if (error)
    CU_ASSERT_TRUE (g_str_has_prefix (error->message, "replication 0: "));
  CU_ASSERT_PTR_NULL (res.reps);
}

/* sim_runner_work: independent items, each writing its own slot; the same
 * outputs, events and progress count for any jobs; the lowest failing
 * item's error. */
typedef struct
{
  guint fail_a, fail_b; /* items that fail (G_MAXUINT: none) */
  guint64 *out;
  guint progress_calls;
} Items;

static gboolean
item (guint i, gpointer data, guint64 *events, GError **error)
{
  Items *it = data;
  guint64 x = i + 1;

  for (guint k = 0; k < 1000; k++) /* some work, different per item */
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  it->out[i] = x;
  *events = i;
  if (i == it->fail_a || i == it->fail_b)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA, "item %u failed", i);
      return FALSE;
    }
  return TRUE;
}

static void
count_progress (guint done, guint total, gpointer data)
{
  Items *it = data;

  CU_ASSERT (done >= 1 && done <= total);
  it->progress_calls++;
}

static void
test_work_items (void)
{
  enum
  {
    N = 40
  };
  guint64 ref[N] = { 0 };

  for (guint jobs = 1; jobs <= 5; jobs++)
    {
      guint64 got[N] = { 0 }, events = 0;
      Items it = { G_MAXUINT, G_MAXUINT, got, 0 };
      SimWorkSpec spec = {
        .n = N,
        .jobs = jobs,
        .func = item,
        .user_data = &it,
        .progress = count_progress,
        .progress_data = &it,
      };
      g_autoptr (GError) error = NULL;

      CU_ASSERT (sim_runner_work (&spec, &events, &error));
      CU_ASSERT_PTR_NULL (error);
      CU_ASSERT_EQUAL (events, (guint64)N * (N - 1) / 2);
      CU_ASSERT_EQUAL (it.progress_calls, N);
      if (jobs == 1)
        memcpy (ref, got, sizeof ref);
      CU_ASSERT (memcmp (ref, got, sizeof ref) == 0);
    }
  for (guint jobs = 1; jobs <= 5; jobs++)
    {
      guint64 got[N] = { 0 };
      Items it = { 23, 9, got, 0 };
      SimWorkSpec spec
          = { .n = N, .jobs = jobs, .func = item, .user_data = &it };
      g_autoptr (GError) error = NULL;

      CU_ASSERT_FALSE (sim_runner_work (&spec, NULL, &error));
      CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_DATA));
      if (error)
        CU_ASSERT_STRING_EQUAL (error->message, "item 9 failed");
      for (guint i = 0; i < 9; i++) /* every item below the failure ran */
        CU_ASSERT_EQUAL (got[i], ref[i]);
    }
}

/* A feed: every third index from `next`, in order, as an MPI rank's
 * share handed out by rank 0 (sim-ranks.c). */
typedef struct
{
  GMutex lock;
  guint next, n, given;
} Thirds;

static gboolean
feed_thirds (gpointer data, guint *i)
{
  Thirds *t = data;
  gboolean more;

  g_mutex_lock (&t->lock);
  more = t->next < t->n;
  if (more)
    {
      *i = t->next;
      t->next += 3;
      t->given++;
    }
  g_mutex_unlock (&t->lock);
  return more;
}

/* With a feed, the pool runs exactly the indices it gives, on any jobs;
 * after a failure it takes no more from the feed. */
static void
test_work_feed (void)
{
  enum
  {
    N = 40
  };

  for (guint jobs = 1; jobs <= 4; jobs++)
    {
      guint64 got[N] = { 0 }, events = 0, want = 0;
      Items it = { G_MAXUINT, G_MAXUINT, got, 0 };
      Thirds t = { .next = 1, .n = N };
      SimWorkSpec spec = { .n = N,
                           .jobs = jobs,
                           .func = item,
                           .user_data = &it,
                           .feed = feed_thirds,
                           .feed_data = &t };
      g_autoptr (GError) error = NULL;

      g_mutex_init (&t.lock);
      CU_ASSERT (sim_runner_work (&spec, &events, &error));
      for (guint i = 0; i < N; i++)
        {
          CU_ASSERT_EQUAL (got[i] != 0, i % 3 == 1);
          want += i % 3 == 1 ? i : 0;
        }
      CU_ASSERT_EQUAL (events, want);
      g_mutex_clear (&t.lock);
    }
  {
    guint64 got[N] = { 0 };
    Items it = { 10, G_MAXUINT, got, 0 };
    Thirds t = { .next = 1, .n = N };
    SimWorkSpec spec = { .n = N,
                         .jobs = 1,
                         .func = item,
                         .user_data = &it,
                         .feed = feed_thirds,
                         .feed_data = &t };
    g_autoptr (GError) error = NULL;

    g_mutex_init (&t.lock);
    CU_ASSERT_FALSE (sim_runner_work (&spec, NULL, &error));
    if (error)
      CU_ASSERT_STRING_EQUAL (error->message, "item 10 failed");
    CU_ASSERT_EQUAL (t.given, 4); /* 1, 4, 7, 10: none after the failure */
    CU_ASSERT_EQUAL (got[13], 0);
    g_mutex_clear (&t.lock);
  }
}

static const CuTest runner_tests[] = {
  { "/runner/identical-across-jobs", test_identical_across_jobs },
  { "/runner/replication-in-config", test_replication_in_config },
  { "/runner/lowest-failure-wins", test_lowest_failure_wins },
  { "/runner/progress", test_progress },
  { "/runner/bad-config-error", test_bad_config_error },
  { "/runner/work-items", test_work_items },
  { "/runner/work-feed", test_work_feed },
  { NULL, NULL },
};

int
main (void)
{
  static const CuSuite suites[] = {
    { "/runner", runner_tests },
    { NULL, NULL },
  };

  return cu_main ("test-runner", suites);
}
