/* sim-output.h: the output contract: one folder, written atomically.
 *
 * A run's folder is built under a temporary sibling name
 * (".NAME.tmp-HOST-PID-XXXXXX") and renamed into place by
 * sim_output_dir_commit() only when every file is written;
 * sim_output_dir_free() on an uncommitted folder removes the temporary
 * folder, so a failed run leaves nothing, and sim_output_dir_begin() clears
 * what a killed run of this host left beside the same final path.
 * A folder is the program's output when it holds the marker file
 * ".NAME-output" (NAME: sim_output_set_program(), "sim" by default); an
 * existing folder at the final path is replaced only if it is one,
 * otherwise sim_output_dir_begin() refuses with SIM_ERROR_CANTCREAT.
 * The file names are the caller's.
 *
 * Tables of SimResults (headers exact):
 *   results  scenario,replication,year,group,measure,value
 *   summary  scenario,group,measure,mean,ci_low,ci_high,replications
 * Optional leading columns (e.g. "point" for sweeps) come before
 * "scenario" via SimOutputColumn.
 */
#pragma once

#include <glib.h>

#include "sim/sim-results.h"

G_BEGIN_DECLS

#define SIM_RESULTS_HEADER "scenario,replication,year,group,measure,value"
#define SIM_SUMMARY_HEADER                                                     \
  "scenario,group,measure,mean,ci_low,ci_high,replications"

typedef struct SimOutputDir SimOutputDir;

G_GNUC_WARN_UNUSED_RESULT
SimOutputDir *sim_output_dir_begin (const char *final_path, GError **error);
/* Where to write files now (the temporary folder). (transfer none) */
const char *sim_output_dir_tmp_path (const SimOutputDir *dir);
const char *sim_output_dir_final_path (const SimOutputDir *dir);
/* Write a whole file into the folder (atomically, by name). */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_output_dir_write (SimOutputDir *dir, const char *name,
                               const char *contents, gssize length,
                               GError **error);
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_output_dir_commit (SimOutputDir *dir, GError **error);

/* Write `contents` (length -1: a string) as folder/name, under a
 * temporary name renamed into place (g_file_set_contents()): every file
 * of an output folder, at its top or in a subfolder such as plots/.  A
 * failure is SIM_ERROR_IO "cannot write SHOWN/NAME: why", SHOWN being
 * the folder as the user knows it (the final path, not the temporary
 * one). */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_output_write_in (const char *folder, const char *name,
                              const char *shown, const char *contents,
                              gssize length, GError **error);
/* TRUE once committed when the commit replaced a previous output. */
gboolean sim_output_dir_replaced (const SimOutputDir *dir);
void sim_output_dir_free (SimOutputDir *dir); /* removes if uncommitted */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimOutputDir, sim_output_dir_free)

/* This host's name as the temporary folders' names carry it: letters,
 * digits and '.', anything else '_', at most 64 characters. (transfer full) */
char *sim_output_host_tag (void);

/* A mkdtemp/mkstemp template ".BASE.KIND-HOST-PID-XXXXXX" in parent,
 * naming this host and process (KIND "tmp" or "old").  (transfer full) */
char *sim_output_owned_template (const char *parent, const char *base,
                                 const char *kind);
/* TRUE when name (a file name, no folder) was made from such a template
 * for base and kind by a process of this host that no longer exists: a
 * killed run's leftover. */
gboolean sim_output_is_dead_leftover (const char *name, const char *base,
                                      const char *kind);

/* Name the program that owns output folders: in messages, and its marker
 * file ".NAME-output" (NAME: at most 31 bytes).  Call once at start-up,
 * before any output folder or thread exists. */
void sim_output_set_program (const char *name);

/* TRUE when path is a folder holding the program's marker. */
gboolean sim_output_is_owned_folder (const char *path);

/* Append one CSV field (RFC 4180 quoting when needed) to a line. */
void sim_csv_append_field (GString *line, const char *field);
/* Append a number the way every CSV of the engine writes numbers ("%.10g";
 * "nan" and "inf" never appear: non-finite values are written empty). */
void sim_csv_append_double (GString *line, double value);

/* A leading column and its value, e.g. {"point", "3"}. */
typedef struct
{
  const char *name;
  const char *value;
} SimOutputColumn;

/* Append results rows for replications reps[0..n-1] (numbered from
 * first_replication) of one scenario.  With header TRUE, the header line
 * first.  Columns: extra columns, then SIM_RESULTS_HEADER. */
void sim_output_results_csv (GString *out, gboolean header,
                             const SimOutputColumn *extra, guint n_extra,
                             const char *scenario, SimResults *const *reps,
                             guint n, guint first_replication);
/* Append summary rows: for every (group, measure) with year "all",
 * in order of first appearance, the mean over replications and its
 * 95% Student-t interval. */
void sim_output_summary_csv (GString *out, gboolean header,
                             const SimOutputColumn *extra, guint n_extra,
                             const char *scenario, SimResults *const *reps,
                             guint n);

G_END_DECLS
