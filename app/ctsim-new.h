/* ctsim-new.h: the subcommand new (a starter scenario of one's own). */
#pragma once

#include <glib.h>

#include "app/ctsim-setup.h"

G_BEGIN_DECLS

G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_new (const CtsimOptions *opts, char **args, GError **error);

G_END_DECLS
