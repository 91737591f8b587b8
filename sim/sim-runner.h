/* sim-runner.h: N replications of a model on a pool of threads.
 *
 * Replication r (0-based) runs with SimRunConfig.replication = r, so its
 * streams are the same whatever thread runs it; results are stored by
 * replication index and returned in that order, so output is byte-identical
 * for any number of jobs.  The parameters are shared read-only by all
 * threads.  If replications fail, the error of the lowest-numbered failing
 * replication is returned.
 */
#pragma once

#include <glib.h>

#include "sim/sim-engine.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

/* Called after each replication completes, from the thread that ran it,
 * serialised by the runner (never two calls at once). */
typedef void (*SimProgressFunc) (guint done, guint total, gpointer user_data);

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
