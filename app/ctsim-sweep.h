/* ctsim-sweep.h: the subcommand sweep, and the points of a scenario's
 * <sweep> that the survey's sweep shares. */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-setup.h"
#include "sim/sim-json.h"

G_BEGIN_DECLS

G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_sweep (const CtsimOptions *opts, char **args,
                          GError **error);

/* The keys point (from 1), label and sets of point i of base's <sweep>,
 * written into the manifest object open at the current position. */
void ctsim_manifest_sweep_point (SimJson *j, const CsScenario *base, guint i);
/* points.csv of a scenario with a <sweep>: point,label, then one column
 * per swept path with its value at each point.  (transfer full) */
GString *ctsim_sweep_points_csv (const CsScenario *base);

G_END_DECLS
