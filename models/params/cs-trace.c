/* cs-trace.c: ctsim's trace columns (see cs-trace.h). */
#include "config.h"

#include <stdarg.h>

#include "models/params/cs-trace.h"

enum
{
  COL_COMMISSIONER,
  COL_CHILD,
  COL_SERVICE,
  COL_DETAIL,
  N_COLS
};

const char *const cs_trace_columns[N_COLS + 1]
    = { "commissioner", "child", "service", "detail", NULL };

static void
note (SimEngine *eng, const char *commissioner, gint64 child,
      const char *service, const char *detail)
{
  char id[24] = "";
  const char *values[N_COLS];

  if (child >= 0)
    g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, child);
  values[COL_COMMISSIONER] = commissioner;
  values[COL_CHILD] = child >= 0 ? id : NULL;
  values[COL_SERVICE] = service;
  values[COL_DETAIL] = detail;
  sim_trace_note (eng, values);
}

void
cs_trace_note (SimEngine *eng, const char *commissioner, gint64 child,
               const char *service, const char *detail)
{
  if (sim_trace_wanted (eng))
    note (eng, commissioner, child, service, detail);
}

void
cs_trace_notef (SimEngine *eng, const char *commissioner, gint64 child,
                const char *service, const char *detail_format, ...)
{
  va_list ap;
  g_autofree char *detail = NULL;

  if (!sim_trace_wanted (eng))
    return;
  va_start (ap, detail_format);
  detail = g_strdup_vprintf (detail_format, ap);
  va_end (ap);
  note (eng, commissioner, child, service, detail);
}

void
cs_trace_note_read (const char *const *values, CsTraceNote *out)
{
  const char *child = values[COL_CHILD];

  out->commissioner = values[COL_COMMISSIONER] ? values[COL_COMMISSIONER] : "";
  out->child = child && *child ? g_ascii_strtoll (child, NULL, 10) : -1;
  out->service = values[COL_SERVICE] ? values[COL_SERVICE] : "";
  out->detail = values[COL_DETAIL] ? values[COL_DETAIL] : "";
}
