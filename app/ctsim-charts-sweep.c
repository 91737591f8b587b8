/* ctsim-charts-sweep.c: the data of the charts of headline measures across a
 * sweep (sweep) (see ctsim-charts-private.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts-private.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-table.h"

/* Distinct values of the second parameter (one NAN line if there is
 * none), in increasing order. */
static GArray *
sweep_lines (const CtsimPlotsInput *in)
{
  GArray *v = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint s = 0; s < in->n_series; s++)
    {
      double x = in->n_params > 1 ? in->series[s].x[1] : NAN;
      gboolean seen = FALSE;

      for (guint i = 0; i < v->len; i++)
        {
          double y = g_array_index (v, double, i);
          seen |= (x == y) || (isnan (x) && isnan (y));
        }
      if (!seen)
        g_array_append_val (v, x);
    }
  g_array_sort (v, ctsim_double_cmp);
  return v;
}

static gboolean
same_line (double a, double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* A point of a sweep line: its x and series index. */
typedef struct
{
  double x;
  guint s;
} SweepPoint;

static gint
sweep_point_cmp (gconstpointer a, gconstpointer b)
{
  const SweepPoint *p = a, *q = b;

  return (p->x > q->x) - (p->x < q->x);
}

/* Block (panel, line): x mean lo hi "point label", sorted by x. */
static void
sweep_block (const CtsimChartCtx *ctx, GString *dat, const CtsimHeadline *h,
             double line, gboolean numeric, double scale)
{
  const CtsimPlotsInput *in = ctx->in;
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (SweepPoint));

  for (guint s = 0; s < in->n_series; s++)
    if (in->n_params < 2 || same_line (in->series[s].x[1], line))
      {
        SweepPoint p = { numeric ? in->series[s].x[0] : s + 1, s };

        g_array_append_val (pts, p);
      }
  g_array_sort (pts, sweep_point_cmp);
  g_string_append_printf (dat, "# %s %s: x mean lo hi point\n", h->group,
                          h->measure);
  for (guint i = 0; i < pts->len; i++)
    {
      const SweepPoint *p = &g_array_index (pts, SweepPoint, i);
      CtsimCi ci;

      ctsim_index_ci (&ctx->ix[p->s], SIM_YEAR_ALL, h->group, h->measure, &ci);
      ctsim_plots_dat_num (dat, p->x);
      ctsim_dat_ci (dat, &ci, scale);
      ctsim_dat_label (dat, in->series[p->s].label);
      g_string_append_c (dat, '\n');
    }
  ctsim_dat_end_block (dat);
}

static gboolean
sweep_numeric (const CtsimPlotsInput *in)
{
  for (guint s = 0; s < in->n_series; s++)
    if (!isfinite (in->series[s].x[0]))
      return FALSE;
  return TRUE;
}

/* Labels of the lines ("path = value") for meta. */
static GPtrArray *
sweep_line_labels (const CtsimPlotsInput *in, const GArray *lines)
{
  GPtrArray *l = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < lines->len; i++)
    if (in->n_params > 1)
      g_ptr_array_add (l, g_strdup_printf ("%s = %g", in->param_label[1],
                                           g_array_index (lines, double, i)));
    else
      g_ptr_array_add (l, g_strdup ("mean"));
  return l;
}

/* A tic at every value when there are at most 8 evenly spaced ones
 * (else 0: gnuplot chooses). */
static double
sweep_step (const CtsimPlotsInput *in)
{
  g_autoptr (GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  double step;

  for (guint s = 0; s < in->n_series; s++)
    g_array_append_val (x, in->series[s].x[0]);
  g_array_sort (x, ctsim_double_cmp);
  for (guint i = 1; i < x->len;)
    if (g_array_index (x, double, i) == g_array_index (x, double, i - 1))
      g_array_remove_index (x, i);
    else
      i++;
  if (x->len < 2 || x->len > 8)
    return 0.0;
  step = g_array_index (x, double, 1) - g_array_index (x, double, 0);
  for (guint i = 2; i < x->len; i++)
    if (fabs (g_array_index (x, double, i) - g_array_index (x, double, i - 1)
              - step)
        > 1e-9 * fabs (step))
      return 0.0;
  return step;
}

gboolean
ctsim_chart_sweep (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  const CtsimPlotsInput *in = ctx->in;
  g_autoptr (GArray) keys = NULL;
  g_autoptr (GArray) lines = NULL;
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ylabels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) line_labels = NULL;
  gboolean numeric = sweep_numeric (in);

  if (in->kind != CTSIM_PLOTS_SWEEP || in->n_series < 2)
    return FALSE;
  keys = ctsim_index_headline_keys (ctx->ix, in->n_series, 9);
  if (keys->len == 0)
    return FALSE;
  lines = sweep_lines (in);
  for (guint p = 0; p < keys->len; p++)
    {
      const CtsimHeadline *h = &g_array_index (keys, CtsimHeadline, p);
      double scale;
      const char *one[] = { h->group };

      g_ptr_array_add (titles,
                       g_strdup_printf ("%s: %s", h->group,
                                        ctsim_measure_title (h->measure)));
      g_ptr_array_add (
          ylabels, ctsim_measure_axis (h->measure,
                                       ctsim_index_max_abs_mean (
                                           ctx->ix, in->n_series, SIM_YEAR_ALL,
                                           one, 1, h->measure),
                                       &scale));
      for (guint l = 0; l < lines->len; l++)
        sweep_block (ctx, dat, h, g_array_index (lines, double, l), numeric,
                     scale);
    }
  line_labels = sweep_line_labels (in, lines);
  ctsim_meta_int (ctx->meta, "sweep_n_panels", keys->len);
  ctsim_plots_meta_array (ctx->meta, "sweep_panel_title",
                          (const char *const *)titles->pdata, titles->len);
  ctsim_plots_meta_array (ctx->meta, "sweep_panel_ylabel",
                          (const char *const *)ylabels->pdata, ylabels->len);
  ctsim_meta_int (ctx->meta, "sweep_n_lines", lines->len);
  ctsim_plots_meta_array (ctx->meta, "sweep_line_label",
                          (const char *const *)line_labels->pdata,
                          line_labels->len);
  ctsim_meta_int (ctx->meta, "sweep_numeric", numeric);
  ctsim_meta_num (ctx->meta, "sweep_xstep", numeric ? sweep_step (in) : 0.0);
  ctsim_meta_str (ctx->meta, "sweep_xlabel",
                  numeric ? in->param_label[0] : "sweep point");
  *caption = g_string_new ("Headline measures against the swept parameter "
                           "(whole run), mean with 95% interval band across "
                           "replications; all points on common random "
                           "numbers.");
  return TRUE;
}
