/* sim-runner.c: N replications of a model on a pool of threads.
 *
 * Invariants: replication r = first_replication + i runs in its own
 * SimEngine with SimRunConfig.replication = r and writes into its own
 * SimResults, stored at index i; nothing a replication computes depends on
 * the thread that runs it or on the order replications finish, so the
 * results (and every file made from them) are the same for any `jobs`.
 *
 * The pool: `jobs` workers (the calling thread and jobs - 1 GThreads) take
 * indices in increasing order from a shared counter; the threads are
 * joined before sim_runner_run() returns.  (GThreadPool is not used: it
 * never joins its threads, which outlive the call and show up as leaks
 * under valgrind.)  Shared state (the next index, the event count, the
 * progress count, the lowest failing index) is touched only under the
 * runner's mutex, which also serialises the progress callback.  Once index
 * i has failed, no index above i is handed out: it could not change which
 * error is returned (the lowest-index one), so the answer is the same for
 * any `jobs`; indices below i still run.
 */
#include "config.h"

#include <string.h>

#include "sim/sim-error.h"
#include "sim/sim-runner.h"

typedef struct
{
  const SimRunnerSpec *spec;
  SimResults **reps; /* n, by index; NULL until done or if failed */
  GError **errors;   /* n, by index */
  GMutex lock;       /* guards the fields below and the progress call */
  guint next;        /* next index to hand out */
  guint done;
  guint first_failed; /* lowest failing index, or G_MAXUINT */
  guint64 events;
} Run;

/* ---- one replication -------------------------------------------------- */

static SimResults *
run_replication (const SimRunnerSpec *spec, guint32 replication,
                 guint64 *events, GError **error)
{
  SimRunConfig config = { 0 };
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = NULL;
  gboolean ok;

  config.seed = spec->seed;
  config.replication = replication;
  config.warmup_days = spec->warmup_days;
  config.horizon_days = spec->horizon_days;
  eng = sim_engine_new (spec->model, spec->params, &config, error);
  if (!eng)
    return NULL;
  res = sim_results_new ();
  ok = sim_engine_run (eng, res, error);
  *events = sim_engine_events (eng);
  return ok ? g_steal_pointer (&res) : NULL;
}

/* Run index i and record its outcome. */
static void
run_index (Run *run, guint i)
{
  const SimRunnerSpec *spec = run->spec;
  guint32 replication = spec->first_replication + i;
  guint64 events = 0;
  GError *error = NULL;
  SimResults *res;

  res = run_replication (spec, replication, &events, &error);
  if (!res)
    g_prefix_error (&error, "replication %u: ", (guint)replication);

  g_mutex_lock (&run->lock);
  run->reps[i] = res;
  run->errors[i] = error;
  if (!res && i < run->first_failed)
    run->first_failed = i;
  run->events += events;
  run->done++;
  if (spec->progress)
    spec->progress (run->done, spec->replications, spec->progress_data);
  g_mutex_unlock (&run->lock);
}

/* Hand out the next index, in increasing order; FALSE when none is left
 * or a lower index has failed. */
static gboolean
next_index (Run *run, guint *i)
{
  gboolean more;

  g_mutex_lock (&run->lock);
  more = run->next < run->spec->replications && run->next < run->first_failed;
  if (more)
    *i = run->next++;
  g_mutex_unlock (&run->lock);
  return more;
}

static gpointer
worker (gpointer data)
{
  Run *run = data;
  guint i;

  while (next_index (run, &i))
    run_index (run, i);
  return NULL;
}

/* ---- all replications ---------------------------------------------------- */

static guint
effective_jobs (const SimRunnerSpec *spec)
{
  guint jobs = spec->jobs ? spec->jobs : g_get_num_processors ();

  return MAX (1, MIN (jobs, spec->replications));
}

/* Run every index on `jobs` threads: the calling thread and jobs - 1
 * started here, all joined before returning, so no thread outlives the
 * call.  If a thread cannot be started, the others do its share. */
static void
run_all (Run *run, guint jobs)
{
  g_autofree GThread **threads = g_new0 (GThread *, jobs);

  for (guint j = 1; j < jobs; j++)
    {
      g_autoptr (GError) error = NULL;

      threads[j] = g_thread_try_new ("sim-runner", worker, run, &error);
      if (!threads[j])
        g_warning ("cannot start a replication thread: %s", error->message);
    }
  worker (run);
  for (guint j = 1; j < jobs; j++)
    if (threads[j])
      g_thread_join (threads[j]);
}

static void
run_clear (Run *run, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      sim_results_free (run->reps[i]);
      g_clear_error (&run->errors[i]);
    }
  g_free (run->reps);
  g_free (run->errors);
  g_mutex_clear (&run->lock);
}

gboolean
sim_runner_run (const SimRunnerSpec *spec, SimRunnerResult *out, GError **error)
{
  guint n = spec->replications;
  gint64 start = g_get_monotonic_time ();
  Run run = { 0 };

  g_assert (spec->model);
  g_assert (out);
  g_assert ((guint64)spec->first_replication + n <= (guint64)G_MAXUINT32 + 1);
  memset (out, 0, sizeof *out);
  run.spec = spec;
  run.reps = g_new0 (SimResults *, n);
  run.errors = g_new0 (GError *, n);
  run.first_failed = G_MAXUINT;
  g_mutex_init (&run.lock);

  run_all (&run, effective_jobs (spec));

  if (run.first_failed != G_MAXUINT)
    {
      g_propagate_error (error,
                         g_steal_pointer (&run.errors[run.first_failed]));
      run_clear (&run, n);
      return FALSE;
    }
  out->n = n;
  out->reps = g_steal_pointer (&run.reps);
  out->events = run.events;
  out->wall_seconds
      = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  run_clear (&run, 0);
  return TRUE;
}

void
sim_runner_result_clear (SimRunnerResult *res)
{
  if (!res)
    return;
  for (guint i = 0; i < res->n; i++)
    sim_results_free (res->reps[i]);
  g_free (res->reps);
  memset (res, 0, sizeof *res);
}
