/* ctsim-progress.h: a progress bar on stderr for the replications of a command.
 *
 * One bar counts every replication of a command (compare and sweep run
 * several scenarios one after the other): "done/total replications,
 * elapsed, about how long is left".  It is drawn only when stderr is a
 * terminal and the command is not --quiet; otherwise ctsim_progress_new()
 * returns NULL and every function accepts NULL and does nothing.
 * ctsim_progress_update() is a SimProgressFunc (the runner serialises its
 * calls); redraws are limited to about ten a second.  The bar is erased
 * (the line cleared) by ctsim_progress_free(), so what is printed next
 * starts on a clean line.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct CtsimProgress CtsimProgress;

/* A bar for `total` replications, or NULL when it would not be shown. */
CtsimProgress *ctsim_progress_new (guint total, gboolean quiet);
void ctsim_progress_free (CtsimProgress *p); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CtsimProgress, ctsim_progress_free)

/* SimProgressFunc: `done` of this run's `total`; user_data is the bar. */
void ctsim_progress_update (guint done, guint total, gpointer user_data);
/* The current run is over: later updates count after its replications. */
void ctsim_progress_next_run (CtsimProgress *p);

/* The bar's text for these numbers (for tests).  (transfer full) */
char *ctsim_progress_format (guint done, guint total, double elapsed_s,
                             guint width);

G_END_DECLS
