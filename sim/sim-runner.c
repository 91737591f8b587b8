/* sim-runner.c: N work items, and N replications, on a pool of threads.
 *
 * Invariants: replication r = first_replication + i runs in its own
 * SimEngine with SimRunConfig.replication = r and writes into its own
 * SimResults, stored at index i; nothing a replication computes depends on
 * the thread that runs it or on the order replications finish, so the
 * results (and every file made from them) are the same for any `jobs`.
 *
 * The pool: `jobs` workers (the calling thread and jobs - 1 GThreads) take
 * indices in increasing order from a shared counter; the threads are
 * joined before sim_runner_work() returns.  (GThreadPool is not used: it
 * never joins its threads, which outlive the call and show up as leaks
 * under valgrind.)  Shared state (the next index, the event count, the
 * progress count, the lowest failing index) is touched only under the
 * pool's mutex, which also serialises the progress callback.  Once index
 * i has failed, no index above i is handed out: it could not change which
 * error is returned (the lowest-index one), so the answer is the same for
 * any `jobs`; indices below i still run.
 *
 * sim_runner_run() hands its replications to sim_ranks_work(): under
 * mpirun they are split over the ranks and gathered at rank 0 (the other
 * ranks get NULL results); otherwise it is sim_runner_work().
 */
#include "config.h"

#include <string.h>

#include "sim/sim-error.h"
#include "sim/sim-ranks.h"
#include "sim/sim-runner.h"

typedef struct
{
  const SimWorkSpec *spec;
  GError **errors; /* n, by index */
  GMutex lock;     /* guards the fields below and the progress call */
  guint next;      /* next index to hand out */
  guint done;
  guint first_failed; /* lowest failing index, or G_MAXUINT */
  guint64 events;
} Pool;

/* ---- the pool ------------------------------------------------------------ */

/* Run item i and record its outcome. */
static void
run_index (Pool *pool, guint i)
{
  const SimWorkSpec *spec = pool->spec;
  guint64 events = 0;
  GError *error = NULL;
  gboolean ok = spec->func (i, spec->user_data, &events, &error);

  g_mutex_lock (&pool->lock);
  pool->errors[i] = error;
  if (!ok && i < pool->first_failed)
    pool->first_failed = i;
  pool->events += events;
  pool->done++;
  if (spec->progress)
    spec->progress (pool->done, spec->n, spec->progress_data);
  g_mutex_unlock (&pool->lock);
}

/* Hand out the next index, in increasing order; FALSE when none is left
 * or a lower index has failed.  With a feed, the feed's next index, until
 * an item of this pool has failed (the feed's later indices are above
 * it). */
static gboolean
next_index (Pool *pool, guint *i)
{
  const SimWorkSpec *spec = pool->spec;
  gboolean more;

  g_mutex_lock (&pool->lock);
  if (spec->feed)
    more = pool->first_failed == G_MAXUINT;
  else
    {
      more = pool->next < spec->n && pool->next < pool->first_failed;
      if (more)
        *i = pool->next++;
    }
  g_mutex_unlock (&pool->lock);
  if (more && spec->feed)
    {
      more = spec->feed (spec->feed_data, i);
      g_assert (!more || *i < spec->n);
    }
  return more;
}

static gpointer
worker (gpointer data)
{
  Pool *pool = data;
  guint i;

  while (next_index (pool, &i))
    run_index (pool, i);
  return NULL;
}

/* Run every index on `jobs` threads: the calling thread and jobs - 1
 * started here, all joined before returning, so no thread outlives the
 * call.  If a thread cannot be started, the others do its share. */
static void
run_all (Pool *pool, guint jobs)
{
  g_autofree GThread **threads = g_new0 (GThread *, jobs);

  for (guint j = 1; j < jobs; j++)
    {
      g_autoptr (GError) error = NULL;

      threads[j] = g_thread_try_new ("sim-runner", worker, pool, &error);
      if (!threads[j])
        g_warning ("cannot start a worker thread: %s", error->message);
    }
  worker (pool);
  for (guint j = 1; j < jobs; j++)
    if (threads[j])
      g_thread_join (threads[j]);
}

gboolean
sim_runner_work (const SimWorkSpec *spec, guint64 *events, GError **error)
{
  Pool pool = { 0 };
  guint jobs = spec->jobs ? spec->jobs : g_get_num_processors ();
  gboolean ok;

  g_assert (spec->func);
  pool.spec = spec;
  pool.errors = g_new0 (GError *, MAX (1u, spec->n));
  pool.first_failed = G_MAXUINT;
  g_mutex_init (&pool.lock);
  run_all (&pool, MAX (1u, MIN (jobs, spec->n)));
  ok = pool.first_failed == G_MAXUINT;
  if (!ok)
    g_propagate_error (error,
                       g_steal_pointer (&pool.errors[pool.first_failed]));
  for (guint i = 0; i < spec->n; i++)
    g_clear_error (&pool.errors[i]);
  g_free (pool.errors);
  g_mutex_clear (&pool.lock);
  if (events)
    *events = pool.events;
  return ok;
}

/* ---- replications -------------------------------------------------------- */

/* Work item i: replication first_replication + i (sim_ranks_work). */
static SimResults *
replication_item (guint i, gpointer data, guint64 *events, GError **error)
{
  const SimRunnerSpec *spec = data;
  guint32 replication = spec->first_replication + i;
  SimRunConfig config = { 0 };
  g_autoptr (SimEngine) eng = NULL;
  g_autoptr (SimResults) res = NULL;

  config.seed = spec->seed;
  config.replication = replication;
  config.warmup_days = spec->warmup_days;
  config.horizon_days = spec->horizon_days;
  eng = sim_engine_new (spec->model, spec->params, &config, error);
  res = eng ? sim_results_new () : NULL;
  if (!eng || !sim_engine_run (eng, res, error))
    {
      g_prefix_error (error, "replication %u: ", (guint)replication);
      return NULL;
    }
  *events = sim_engine_events (eng);
  return g_steal_pointer (&res);
}

gboolean
sim_runner_run (const SimRunnerSpec *spec, SimRunnerResult *out, GError **error)
{
  guint n = spec->replications;
  gint64 start = g_get_monotonic_time ();
  SimRanksSpec work = {
    .n = n,
    .jobs = spec->jobs,
    .func = replication_item,
    .user_data = (gpointer)spec,
    .progress = spec->progress,
    .progress_data = spec->progress_data,
  };
  SimResults **reps;
  guint64 events = 0;

  g_assert (spec->model);
  g_assert (out);
  g_assert ((guint64)spec->first_replication + n <= (guint64)G_MAXUINT32 + 1);
  memset (out, 0, sizeof *out);
  reps = g_new0 (SimResults *, MAX (1u, n));
  if (!sim_ranks_work (&work, reps, &events, error))
    {
      g_free (reps);
      return FALSE;
    }
  out->n = n;
  out->reps = reps;
  out->events = events;
  out->wall_seconds
      = (double)(g_get_monotonic_time () - start) / G_USEC_PER_SEC;
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
