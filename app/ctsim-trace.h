/* ctsim-trace.h: `ctsim run --trace FILE`: the event trace of
 * replication 0. */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-setup.h"

G_BEGIN_DECLS

/* With --trace: refuse a trace path inside the output folder out_path
 * (usage error) or one sim_trace_check_path() refuses; TRUE without
 * --trace.  Checked before anything is created or run. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_check_trace (const CtsimOptions *opts, const char *out_path,
                            GError **error);

/* With --trace: run replication 0 with the run's seed and write its
 * event trace to opts->trace (filtered by opts->trace_filter).  TRUE
 * when there is nothing to do. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_write_trace (const CtsimOptions *opts, const CsScenario *sc,
                            const CtsimSettings *set, GError **error);

G_END_DECLS
