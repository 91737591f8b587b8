/* ctsim-data.h: where the program finds its shipped files (scenarios/,
 * plots/). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Folder holding scenarios/ and plots/: $CTSIM_DATADIR if set; the source
 * tree when the program runs uninstalled from its build tree; otherwise
 * the installed $(pkgdatadir).  (transfer none) */
const char *ctsim_data_dir (void);

/* A scenario argument: an existing file as given, else a shipped scenario
 * by name ("school-led-cluster" or "validation/mmc"), else the argument
 * unchanged (so the loader reports it missing).  (transfer full) */
char *ctsim_resolve_scenario (const char *arg);

G_END_DECLS
