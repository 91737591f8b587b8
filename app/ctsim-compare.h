/* ctsim-compare.h: the subcommand compare (scenarios on common random
 * numbers, paired differences against the first). */
#pragma once

#include <glib.h>

#include "app/ctsim-setup.h"

G_BEGIN_DECLS

G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_compare (const CtsimOptions *opts, char **args,
                            GError **error);

G_END_DECLS
