/* ctsim-charts.h: the data behind each chart (used by ctsim-plots.c only).
 *
 * ctsim_charts_prepare() looks at the series and, for every chart whose
 * rows are there, makes the text of its input NAME.dat and adds its
 * variables to meta.gp (see plots/NAME.gp for each file's layout).
 */
#pragma once

#include <glib.h>

#include "app/ctsim-plots.h"

G_BEGIN_DECLS

/* A chart prepared: what the report says of it, and its input text. */
typedef struct
{
  CtsimChart *chart; /* owned */
  GString *dat;      /* owned */
} CtsimChartData;

void ctsim_chart_data_free (gpointer data); /* accepts NULL */

/* The meta.gp text into meta; one CtsimChartData per chart that applies
 * appended to out, in drawing order. */
void ctsim_charts_prepare (const CtsimPlotsInput *in, GString *meta,
                           GPtrArray *out);

G_END_DECLS
