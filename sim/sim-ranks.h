/* sim-ranks.h: work items over the processes of an MPI job (Open MPI),
 * threads inside each, and their results gathered at rank 0.
 *
 * Without MPI (not built with it, or not started by mpirun) there is one
 * rank, 0, and sim_ranks_work() is sim_runner_work() with a result per
 * item.  Under `mpirun -np N`, every rank runs the same program on the
 * same input and calls sim_ranks_work() with the same items in the same
 * order (the calls are collective): rank 0 hands the items out one at a
 * time, in increasing order, to whichever rank's `jobs` threads are free
 * (its own included), so a rank on a slower core or given larger items
 * runs fewer; each rank then sends its items' results (rows and events)
 * to rank 0, and rank 0 holds every item's SimResults by index,
 * exactly as one process would have made them: what rank 0 writes is the
 * same bytes for any N and any jobs.  The other ranks get NULL slots and
 * must write nothing (sim_ranks_root()).
 *
 * Failure: when an item fails on any rank, every rank returns FALSE with
 * the error of the lowest failing item (its code and message, prefixed
 * by "rank K: " under MPI, the rank that ran it, which may differ from one
 * run to the next), so the program stops everywhere with one
 * message and no output.  Under MPI, once rank 0 knows of a failing
 * item it hands out nothing above it (the items below are out already),
 * so a failing run stops soon instead of running on to the last item.  A rank
 * that dies is mpirun's to report: it ends the job, and no rank commits an
 * output folder.
 *
 * Only the calling thread talks to MPI (MPI_THREAD_FUNNELED); under MPI
 * the items run on threads started for them while it hands items out
 * (rank 0) or asks for them (the others).
 */
#pragma once

#include <glib.h>

#include "sim/sim-results.h"
#include "sim/sim-runner.h"

G_BEGIN_DECLS

/* Start MPI when the program was started by mpirun (Open MPI's
 * environment) and built with it; otherwise nothing.  Call once at
 * start-up, before any thread; FALSE with a SIM_ERROR when MPI fails. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_ranks_init (int *argc, char ***argv, GError **error);
/* Stop MPI if started (at exit). */
void sim_ranks_finish (void);
/* End every rank at once with this status (after a failure seen by one
 * rank only); returns only without MPI. */
void sim_ranks_abort (int status);

/* TRUE after a sim_ranks_work() call failed on every rank together (the
 * ranks agree, each returned the same error: only rank 0 need say it, and
 * no rank need abort the others). */
gboolean sim_ranks_failed_together (void);
/* Say that this rank fails on a check every rank makes alike on the same
 * input (a usage error): then sim_ranks_failed_together() is TRUE and no
 * rank need abort the others (an abort could end rank 0 before it says
 * why). */
void sim_ranks_fail_together (void);

/* TRUE when built with MPI. */
gboolean sim_ranks_built (void);
guint sim_ranks_size (void); /* 1 without MPI */
guint sim_ranks_rank (void); /* 0 without MPI */
gboolean sim_ranks_root (void);

/* Item `index`: its results (transfer full), or NULL with error; *events
 * (0 before the call) counts its events.  Called from any thread of the
 * rank that owns the item. */
typedef SimResults *(*SimRanksFunc) (guint index, gpointer user_data,
                                     guint64 *events, GError **error);

typedef struct
{
  guint n;    /* items */
  guint jobs; /* threads in each rank; 0 = number of processors */
  SimRanksFunc func;
  gpointer user_data;
  SimProgressFunc progress; /* after each of this rank's items */
  gpointer progress_data;
} SimRanksSpec;

/* Run the items (collective under MPI).  results: n slots; on rank 0
 * results[i] is item i's (owned by the caller), elsewhere NULL.  *events
 * (may be NULL): every rank's items' events, on rank 0. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_ranks_work (const SimRanksSpec *spec, SimResults **results,
                         guint64 *events, GError **error);

G_END_DECLS
