/* ctsim-codebook.h: codebook.csv, what every column, group and measure of
 * an output folder means (issue 18 item 6).
 *
 * Header CTSIM_CODEBOOK_HEADER; one row per column of each CSV file the
 * command writes (kind "column", file named), then per group and per
 * measure that the results hold (kind "group" / "measure", file empty):
 * its label in words, its unit, which direction is better, the range its
 * values lie in (min, max; empty for an open end) and its meaning.
 * Labels, units, directions and ranges come from cs_out_measure_info();
 * meanings from the tables of docs/outputs.md, compiled into the program,
 * so the codebook and the documentation cannot disagree (a measure the
 * documentation does not describe says so, and tests/codebook.sh fails on
 * it for the shipped scenarios).
 */
#pragma once

#include <glib.h>

#include "sim/sim-output.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

#define CTSIM_CODEBOOK_HEADER "kind,file,name,label,unit,better,min,max,meaning"

/* The text codebook.csv says of a measure or group the documentation
 * does not describe. */
#define CTSIM_CODEBOOK_UNDOCUMENTED "(not described in docs/outputs.md)"

/* Append codebook.csv for an output folder holding the NULL-terminated
 * list of CSV files whose header lines are headers[i] (every column of
 * each is described; one ctsim does not know says
 * CTSIM_CODEBOOK_UNDOCUMENTED), with the groups and measures found in any
 * replication of the series: series[s][0..n[s]-1] for s < n_series. */
void ctsim_codebook_csv (GString *out, const char *const *files,
                         const char *const *headers,
                         SimResults *const *const *series, const guint *n,
                         guint n_series);

/* The same into DIR/codebook.csv, for every *.csv file already written
 * into DIR's temporary folder (call it after the other CSV files). */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_codebook_write (SimOutputDir *dir,
                               SimResults *const *const *series, const guint *n,
                               guint n_series, GError **error);

/* The meaning docs/outputs.md gives a measure (or, with group TRUE, a
 * group), or NULL.  (transfer none) */
const char *ctsim_codebook_meaning (const char *name, gboolean group);

G_END_DECLS
