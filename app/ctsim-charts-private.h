/* ctsim-charts-private.h: what the chart families share (ctsim-charts.c:
 * the index of a series' values, the writers of chart inputs, units and
 * headline keys; ctsim-charts-outcomes.c, -waits.c, -money.c, -sweep.c,
 * -forest.c: one prepare function per chart).  Not for other modules.
 */
#pragma once

#include <glib.h>

#include "models/params/cs-outputs.h"
#include "app/ctsim-charts.h"
#include "sim/sim-compare.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

/* Pseudo-measure: per replication, the mean of the five ECM outcomes. */
#define CTSIM_ECM_MEAN "ecm_mean"

/* An index of one series' values. */
typedef struct
{
  gint year;
  const char *group;   /* interned */
  const char *measure; /* interned */
  guint last_rep;      /* replication that last set it, or G_MAXUINT */
  double *v;           /* n values, NAN where a replication has none */
} CtsimIndexEntry;

typedef struct
{
  guint n;
  GHashTable
      *map; /* CtsimIndexEntry -> CtsimIndexEntry, on (year, group, measure) */
  GPtrArray
      *order; /* CtsimIndexEntry *, in order of first appearance (owner) */
  gint max_year;
} CtsimIndex;

typedef struct
{
  double mean, lo, hi;
  guint n;
} CtsimCi;

typedef struct
{
  const CtsimPlotsInput *in;
  const CtsimIndex *ix; /* in->n_series */
  GString *meta;
} CtsimChartCtx;

/* A chart's prepare function: its input into dat, its variables into
 * ctx->meta, its caption into *caption; FALSE when the series lack the
 * rows it needs. */
gboolean ctsim_chart_ecm (const CtsimChartCtx *ctx, GString *dat,
                          GString **caption);
gboolean ctsim_chart_tiers (const CtsimChartCtx *ctx, GString *dat,
                            GString **caption);
gboolean ctsim_chart_equity (const CtsimChartCtx *ctx, GString *dat,
                             GString **caption);
gboolean ctsim_chart_waits (const CtsimChartCtx *ctx, GString *dat,
                            GString **caption);
gboolean ctsim_chart_money (const CtsimChartCtx *ctx, GString *dat,
                            GString **caption);
gboolean ctsim_chart_sweep (const CtsimChartCtx *ctx, GString *dat,
                            GString **caption);
gboolean ctsim_chart_forest (const CtsimChartCtx *ctx, GString *dat,
                             GString **caption);

/* Mean and 95% interval of (year, group, measure) over the
 * replications; FALSE when no replication has it. */
gboolean ctsim_index_ci (const CtsimIndex *ix, gint year, const char *group,
                         const char *measure, CtsimCi *out);
/* TRUE when every series has a whole-run value of (group, measure). */
gboolean ctsim_index_all_have (const CtsimIndex *ix, guint n, const char *group,
                               const char *measure);
/* The largest |mean| of (year, group, measure) over series and groups. */
double ctsim_index_max_abs_mean (const CtsimIndex *ix, guint n, gint year,
                                 const char *const *groups, guint n_groups,
                                 const char *measure);

/* Variables of meta.gp. */
void ctsim_meta_int (GString *m, const char *name, gint64 v);
void ctsim_meta_str (GString *m, const char *name, const char *v);
void ctsim_meta_num (GString *m, const char *name, double v);
void ctsim_meta_int_array (GString *m, const char *name, const guint *v,
                           guint n);
/* Data: a label column (double-quoted, without double quotes), mean lo
 * hi divided by scale, the end of a block (two blank lines). */
void ctsim_dat_label (GString *d, const char *s);
void ctsim_dat_ci (GString *d, const CtsimCi *ci, double scale);
void ctsim_dat_end_block (GString *d);

/* Divisor and unit for money: whole pounds, thousands or millions. */
double ctsim_money_scale (double max_abs, const char **unit);
/* Axis label for a measure, and the divisor its values are shown with
 * (max_abs: the largest |mean| to show).  (transfer full) */
char *ctsim_measure_axis (const char *measure, double max_abs, double *scale);
/* A panel title for a measure.  (transfer none) */
const char *ctsim_measure_title (const char *measure);

/* The smallest span of an ECM chart's y-axis, in standard deviations
 * (issue 18 item 4: a difference of 0.008 sd must not look like a cliff;
 * an assumption, stated in the chart's caption). */
#define CTSIM_ECM_MIN_SPAN 0.05

/* A (group, measure) key ranked for a sweep or forest chart. */
typedef struct
{
  const char *group;
  const char *measure;
  guint rank;
  double weight; /* within a rank, larger first (0 for most) */
  guint order;
} CtsimHeadline;

/* The headline measures of sweep and forest charts, NULL-terminated. */
extern const char *const ctsim_headline_measures[];
gint ctsim_headline_cmp (gconstpointer a, gconstpointer b);
/* Whole-run keys of series 0 that every series has, headline first
 * (group "all" with a headline measure), at most max.  GArray of
 * CtsimHeadline.  (transfer full) */
GArray *ctsim_index_headline_keys (const CtsimIndex *ix, guint ns, guint max);

G_END_DECLS
