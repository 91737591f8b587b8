/* cs-trace.h: ctsim's trace columns (docs/outputs.md, "Event trace"):
 * after the engine's time_days and event, commissioner, child, service
 * and detail.  The area, commissioning and queue models note their events
 * with cs_trace_note(); a reader of rows handed over by
 * sim_trace_new_rows() gets them typed with cs_trace_note_read().
 */
#pragma once

#include <glib.h>

#include "sim/sim-engine.h"
#include "sim/sim-trace.h"

G_BEGIN_DECLS

/* The models' SimModel.trace_columns. */
extern const char *const cs_trace_columns[];

/* One row's model columns, typed. */
typedef struct
{
  const char *commissioner; /* "" when empty */
  gint64 child;             /* -1 when empty */
  const char *service;      /* "" when empty */
  const char *detail;       /* "" when empty */
} CsTraceNote;

/* Note the current event (NULL strings and a negative child leave a
 * column empty); nothing when the row is not kept. */
void cs_trace_note (SimEngine *eng, const char *commissioner, gint64 child,
                    const char *service, const char *detail);
/* The same with a printf-style detail, formatted only when kept. */
void cs_trace_notef (SimEngine *eng, const char *commissioner, gint64 child,
                     const char *service, const char *detail_format, ...)
    G_GNUC_PRINTF (5, 6);

/* The model columns of a row (SimTraceRowFunc's values), typed; the
 * strings point into values. */
void cs_trace_note_read (const char *const *values, CsTraceNote *out);

G_END_DECLS
