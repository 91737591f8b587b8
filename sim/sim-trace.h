/* sim-trace.h: the event trace of one replication, as CSV or as rows
 * handed to a function, with a filter.
 *
 * Columns: time_days,event, then the columns the model names in its
 * SimModel.trace_columns (the model's trace contract, which the model
 * documents).  One row per executed event whose kind passes the
 * filter, in execution order, written as CSV to a FILE or handed to a
 * function (SimTraceRowFunc) or both.  The engine's trace hook (SimTraceFunc,
 * installed by sim_trace_attach) opens a row with the time and the kind's
 * name; while its handler runs, the model may fill its columns with
 * sim_trace_note().  This module gives those columns no meaning: they are
 * labels the model chooses.  A note may also carry, for a row function
 * only, an integer code and a record of bytes the model defines
 * (sim_trace_note_record()): what the values say, typed, so that a reader
 * need not parse them; neither is ever written to the CSV.  A handler that
 * notes twice writes a second row for the same event (same time and name); a
 * row is written when the next event starts or at sim_trace_finish().
 *
 * Cost: with no trace attached the engine does nothing per event, and
 * sim_trace_note() returns after one comparison.  Output depends only on
 * the events, so the same seed gives a byte-identical trace.
 */
#pragma once

#include <stdio.h>

#include <glib.h>

#include "sim/sim-engine.h"

G_BEGIN_DECLS

/* The columns every trace row starts with. */
#define SIM_TRACE_FIRST_COLUMNS "time_days,event"

typedef struct SimTrace SimTrace;

/* A row handed to a function: the event's time, kind and kind name, one
 * value per model column (values[i] is NULL when the model left column i
 * empty), and the note's code and record (sim_trace_note_record(); 0 and
 * NULL for a row noted with sim_trace_note() or not noted at all).
 * Everything is valid during the call only. */
typedef struct
{
  double time;
  guint32 kind;
  const char *event;
  const char *const *values;
  gint code;
  gconstpointer record; /* record_size bytes, or NULL */
  gsize record_size;
} SimTraceRow;

typedef void (*SimTraceRowFunc) (const SimTraceRow *row, gpointer user_data);

/* A trace of a model's events writing CSV to `out` (not owned, not
 * closed).  kinds is a NULL-terminated list of event kind names to keep,
 * or NULL (or empty) for every kind.  The header line (the first columns,
 * then model->trace_columns) is written at once. */
SimTrace *sim_trace_new (FILE *out, const SimModel *model,
                         const char *const *kinds);
/* The same rows handed to func only (no header, no text). */
SimTrace *sim_trace_new_rows (SimTraceRowFunc func, gpointer user_data,
                              const SimModel *model, const char *const *kinds);
/* Hand every row to func as well (after it is written, if there is a
 * file), so that a reader gets the rows typed, not as CSV text. */
void sim_trace_set_row_func (SimTrace *trace, SimTraceRowFunc func,
                             gpointer user_data);
/* The header line of model's trace, without the newline.  (transfer
 * full) */
char *sim_trace_header (const SimModel *model);
void sim_trace_free (SimTrace *trace); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimTrace, sim_trace_free)

/* Install the trace as the engine's trace hook. */
void sim_trace_attach (SimTrace *trace, SimEngine *eng);

/* From a model's handler: TRUE when the current event's row is kept (a
 * trace is attached and the event passed the filter), so that the model
 * formats its values only then. */
gboolean sim_trace_wanted (SimEngine *eng);
/* Fill the model's columns of the current event's row: values holds one
 * string per SimModel.trace_columns entry (NULL leaves a column empty).
 * Does nothing when sim_trace_wanted() is FALSE. */
void sim_trace_note (SimEngine *eng, const char *const *values);
/* The same, with a code and a record of size bytes (copied; may be NULL
 * when size is 0) that only a row function receives: the CSV is the same
 * as sim_trace_note()'s.  Their meaning is the model's. */
void sim_trace_note_record (SimEngine *eng, gint code, gconstpointer record,
                            gsize size, const char *const *values);

/* Write the last row and flush; FALSE with SIM_ERROR_IO if any write
 * failed.  Rows written: sim_trace_rows(). */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_trace_finish (SimTrace *trace, GError **error);
guint64 sim_trace_rows (const SimTrace *trace);

/* Check a filter against a model's event kinds: FALSE with
 * SIM_ERROR_USAGE naming the unknown kind and listing the known ones. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_trace_check_kinds (const SimModel *model, const char *const *kinds,
                                GError **error);

/* The start of every trace's first line: how an earlier trace is
 * recognised before it is replaced. */
#define SIM_TRACE_HEADER_START "time_days,event,"

/* May a trace be written to path?  TRUE when nothing is there (or its
 * folder is missing: creating the file then reports that), or when path
 * is a regular file with one link whose first line starts with
 * SIM_TRACE_HEADER_START (an earlier trace).  Anything else (a link, a
 * FIFO, a device, a folder, any other file) is refused with
 * SIM_ERROR_CANTCREAT and left untouched. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_trace_check_path (const char *path, GError **error);

/* Run replication config->replication of a model to its horizon with a
 * trace written to the file at `path` (built under a temporary sibling
 * name and renamed into place when complete; sim_trace_check_path() is
 * checked before the run and again before the rename).  Errors: the model's, or
 * SIM_ERROR_CANTCREAT / SIM_ERROR_IO for the file. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_trace_run (const SimModel *model, gconstpointer params,
                        const SimRunConfig *config, const char *path,
                        const char *const *kinds, GError **error);

G_END_DECLS
