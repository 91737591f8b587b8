/* sim-runner.h: N independent work items on a pool of threads, and N
 * replications of a model as such items.
 *
 * sim_runner_work() runs items 0..n-1 on `jobs` threads: each item writes
 * only its own outputs (by index), so what the caller makes of them is in
 * index order and the same for any number of jobs; the items are handed
 * out in increasing order, and once item i has failed no item above i is
 * started; the error returned is that of the lowest failing item.
 *
 * Replication r (0-based) runs with SimRunConfig.replication = r, so its
 * streams are the same whatever thread runs it; results are stored by
 * replication index and returned in that order, so output is byte-identical
 * for any number of jobs.  The parameters are shared read-only by all
 * threads.  If replications fail, the error of the lowest-numbered failing
 * replication is returned.  Under mpirun (sim-ranks.h) the replications
 * are split over the ranks and only rank 0 gets results (NULL elsewhere).
 */
#pragma once

#include <glib.h>

#include "sim/sim-engine.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

/* Called after each replication completes, from the thread that ran it,
 * serialised by the runner (never two calls at once). */
typedef void (*SimProgressFunc) (guint done, guint total, gpointer user_data);

/* Work item `index`: TRUE, or FALSE with error; *events (set to 0
 * before the call) counts the events it executed.  Called from any of the
 * pool's threads, several at once; it must touch only its own outputs. */
typedef gboolean (*SimWorkFunc) (guint index, gpointer user_data,
                                 guint64 *events, GError **error);

/* The next item for a pool's thread to run: TRUE with *index (< n), or
 * FALSE when none is left.  Called from any of the pool's threads, not
 * under the pool's lock (it may block until an item comes); the indices it
 * gives, over all calls, must increase. */
typedef gboolean (*SimFeedFunc) (gpointer feed_data, guint *index);

typedef struct
{
  guint n;    /* items: indices 0..n-1 */
  guint jobs; /* threads; 0 = number of processors */
  SimWorkFunc func;
  gpointer user_data;
  SimProgressFunc progress; /* after each item (may be NULL) */
  gpointer progress_data;
  /* Where the items come from (NULL: every index from 0 to n-1, in
   * order).  With a feed the pool runs only the indices it gives (a
   * subset, as an MPI rank's share of work handed out while it runs). */
  SimFeedFunc feed;
  gpointer feed_data;
} SimWorkSpec;

/* Run the items; every thread is joined before it returns.  *events (if
 * not NULL) is the sum of the items' events. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_runner_work (const SimWorkSpec *spec, guint64 *events,
                          GError **error);

typedef struct
{
  const SimModel *model;
  gconstpointer params;
  guint64 seed;
  guint replications;
  guint first_replication; /* usually 0 */
  guint jobs;              /* threads; 0 = number of processors */
  double warmup_days;
  double horizon_days;
  SimProgressFunc progress;
  gpointer progress_data;
} SimRunnerSpec;

typedef struct
{
  guint n;           /* replications */
  SimResults **reps; /* n results, by replication (owned) */
  guint64 events;    /* events executed over all replications */
  double wall_seconds;
} SimRunnerResult;

G_GNUC_WARN_UNUSED_RESULT
gboolean sim_runner_run (const SimRunnerSpec *spec, SimRunnerResult *out,
                         GError **error);
void sim_runner_result_clear (SimRunnerResult *res);

G_END_DECLS
