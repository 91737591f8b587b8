/* ctsim-run.h: the subcommands run, validate, list and show. */
#pragma once

#include <glib.h>

#include "app/ctsim-setup.h"

G_BEGIN_DECLS

G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_run (const CtsimOptions *opts, char **args, GError **error);
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_validate (const CtsimOptions *opts, char **args,
                             GError **error);
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_list (const CtsimOptions *opts, char **args, GError **error);
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_cmd_show (const CtsimOptions *opts, char **args, GError **error);

G_END_DECLS
