/* ctsim-charts-forest.c: the data of the charts of paired differences of a
 * compare (forest) (see ctsim-charts-private.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts-private.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-table.h"

/* Measures shown: headline measures the comparison has, else the first
 * measures by rank; at most max. */
static GPtrArray *
forest_measures (const SimComparison *cmp, guint max)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (CtsimHeadline));
  GPtrArray *measures = g_ptr_array_new ();

  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);
      guint mr = ctsim_str_index (ctsim_headline_measures, c->measure);
      CtsimHeadline h = { c->group, c->measure, 0, 0.0, (guint)k };

      h.rank = mr != G_MAXUINT ? mr : 100 + ctsim_measure_rank (c->measure);
      g_array_append_val (keys, h);
    }
  g_array_sort (keys, ctsim_headline_cmp);
  for (guint i = 0; i < keys->len && measures->len < max; i++)
    {
      const char *m = g_array_index (keys, CtsimHeadline, i).measure;

      if (!g_ptr_array_find (measures, m, NULL))
        g_ptr_array_add (measures, (gpointer)m);
    }
  return measures;
}

/* Keys (indices into cmp) with this measure and a finite difference for
 * some scenario, by group rank; at most max. */
static GArray *
forest_rows (const SimComparison *cmp, const char *measure, guint max)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (CtsimHeadline));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint ns = sim_comparison_n_scenarios (cmp);

  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);
      gboolean finite = FALSE;
      CtsimHeadline h = { c->group, c->measure, ctsim_group_rank (c->group),
                          0.0, (guint)k };

      if (c->measure != measure)
        continue;
      for (guint s = 1; s < ns; s++)
        {
          double d = sim_comparison_cell (cmp, k, s)->diff;

          finite |= isfinite (d);
          /* Sectors, partners, services: the largest differences first. */
          if (h.rank >= 100 && isfinite (d))
            h.weight = MAX (h.weight, fabs (d));
        }
      if (finite)
        g_array_append_val (keys, h);
    }
  g_array_sort (keys, ctsim_headline_cmp);
  for (guint i = 0; i < keys->len && i < max; i++)
    g_array_append_val (rows, g_array_index (keys, CtsimHeadline, i).order);
  return rows;
}

static double
forest_max_abs (const SimComparison *cmp, const GArray *rows)
{
  double m = 0.0;

  for (guint i = 0; i < rows->len; i++)
    for (guint s = 1; s < sim_comparison_n_scenarios (cmp); s++)
      {
        const SimComparisonCell *c
            = sim_comparison_cell (cmp, g_array_index (rows, guint, i), s);

        if (isfinite (c->diff_ci_low))
          m = MAX (m, MAX (fabs (c->diff_ci_low), fabs (c->diff_ci_high)));
      }
  return m;
}

/* An interval this many times wider than the upper quartile of the
 * panel's interval widths
 * does not set the axis: it is cut at the edge (marked), so that one
 * small, noisy group (excluded children, about 20 at a time) does not
 * squeeze every other row into the zero line.  Assumption (issue 18). */
#define CTSIM_FOREST_WIDE 10.0

static int
double_cmp (const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The panel's axis [*lo, *hi] (unscaled): zero, every difference, and
 * every interval at most CTSIM_FOREST_WIDE times the upper quartile of
 * the widths. */
static void
forest_limits (const SimComparison *cmp, const GArray *rows, double *lo,
               double *hi)
{
  guint ns = sim_comparison_n_scenarios (cmp);
  g_autoptr (GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
  double q3 = INFINITY;

  for (guint i = 0; i < rows->len; i++)
    for (guint s = 1; s < ns; s++)
      {
        const SimComparisonCell *c
            = sim_comparison_cell (cmp, g_array_index (rows, guint, i), s);
        double w = c->diff_ci_high - c->diff_ci_low;

        if (isfinite (w))
          g_array_append_val (widths, w);
      }
  if (widths->len > 0)
    {
      qsort (widths->data, widths->len, sizeof (double), double_cmp);
      q3 = g_array_index (widths, double, (3 * widths->len) / 4);
    }
  *lo = *hi = 0.0;
  for (guint i = 0; i < rows->len; i++)
    for (guint s = 1; s < ns; s++)
      {
        const SimComparisonCell *c
            = sim_comparison_cell (cmp, g_array_index (rows, guint, i), s);
        double w = c->diff_ci_high - c->diff_ci_low;

        if (isfinite (c->diff))
          {
            *lo = MIN (*lo, c->diff);
            *hi = MAX (*hi, c->diff);
          }
        if (isfinite (w) && w <= CTSIM_FOREST_WIDE * q3)
          {
            *lo = MIN (*lo, c->diff_ci_low);
            *hi = MAX (*hi, c->diff_ci_high);
          }
      }
}

/* Block (panel, scenario s >= 1): row diff lo hi differs "group". */
static void
forest_block (GString *dat, const SimComparison *cmp, const GArray *rows,
              guint s, double scale)
{
  g_string_append_printf (dat, "# %s - %s: row diff lo hi differs group\n",
                          sim_comparison_label (cmp, s),
                          sim_comparison_label (cmp, 0));
  for (guint i = 0; i < rows->len; i++)
    {
      const SimComparisonCell *c
          = sim_comparison_cell (cmp, g_array_index (rows, guint, i), s);

      g_string_append_printf (dat, "%u", i + 1);
      ctsim_plots_dat_num (dat, c->diff / scale);
      ctsim_plots_dat_num (dat, c->diff_ci_low / scale);
      ctsim_plots_dat_num (dat, c->diff_ci_high / scale);
      g_string_append_printf (dat, " %d",
                              sim_comparison_cell_differs (c) ? 1 : 0);
      {
        /* the group in words (issue 18 item 4) */
        g_autofree char *label = cs_out_group_label (c->group);

        ctsim_dat_label (dat, label);
      }
      g_string_append_c (dat, '\n');
    }
  ctsim_dat_end_block (dat);
}

gboolean
ctsim_chart_forest (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  const SimComparison *cmp = ctx->in->comparison;
  g_autoptr (GPtrArray) measures = NULL;
  g_autoptr (GPtrArray) xlabels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) slabels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) nrows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) xmin = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) xmax = g_array_new (FALSE, FALSE, sizeof (double));
  guint ns;

  if (ctx->in->kind != CTSIM_PLOTS_COMPARE || !cmp
      || sim_comparison_n_scenarios (cmp) < 2)
    return FALSE;
  ns = sim_comparison_n_scenarios (cmp);
  measures = forest_measures (cmp, 9);
  for (guint p = 0; p < measures->len; p++)
    {
      g_autoptr (GArray) rows = forest_rows (cmp, measures->pdata[p], 14);
      double scale, lo, hi, pad;
      g_autofree char *axis = NULL;

      if (rows->len == 0)
        {
          g_ptr_array_remove_index (measures, p--);
          continue;
        }
      axis = ctsim_measure_axis (measures->pdata[p], forest_max_abs (cmp, rows),
                                 &scale);
      g_ptr_array_add (xlabels, g_strdup_printf ("difference in %s", axis));
      g_array_append_val (nrows, rows->len);
      forest_limits (cmp, rows, &lo, &hi);
      pad = (hi - lo) > 0 ? 0.05 * (hi - lo) : 1.0;
      lo = lo / scale - (lo < 0 ? pad / scale : 0);
      hi = hi / scale + (hi > 0 ? pad / scale : 0);
      if (hi <= lo)
        hi = lo + 1.0;
      g_array_append_val (xmin, lo);
      g_array_append_val (xmax, hi);
      for (guint s = 1; s < ns; s++)
        forest_block (dat, cmp, rows, s, scale);
    }
  for (guint s = 1; s < ns; s++)
    g_ptr_array_add (slabels, g_strdup_printf ("%s minus %s",
                                               sim_comparison_label (cmp, s),
                                               sim_comparison_label (cmp, 0)));
  if (measures->len == 0)
    return FALSE;
  for (guint p = 0; p < measures->len; p++)
    measures->pdata[p] = (gpointer)ctsim_measure_title (measures->pdata[p]);
  ctsim_meta_int (ctx->meta, "forest_n_panels", measures->len);
  ctsim_plots_meta_array (ctx->meta, "forest_panel_title",
                          (const char *const *)measures->pdata, measures->len);
  ctsim_plots_meta_array (ctx->meta, "forest_panel_xlabel",
                          (const char *const *)xlabels->pdata, xlabels->len);
  ctsim_meta_int_array (ctx->meta, "forest_rows", (const guint *)nrows->data,
                        nrows->len);
  ctsim_plots_meta_num_array (ctx->meta, "forest_xmin",
                              (const double *)xmin->data, xmin->len);
  ctsim_plots_meta_num_array (ctx->meta, "forest_xmax",
                              (const double *)xmax->data, xmax->len);
  ctsim_meta_int (ctx->meta, "forest_n_series", ns - 1);
  ctsim_plots_meta_array (ctx->meta, "forest_series_label",
                          (const char *const *)slabels->pdata, slabels->len);
  *caption = g_string_new (
      "Paired differences against the first scenario on common random "
      "numbers, with their paired-t 95% intervals; filled points are "
      "differences whose interval excludes zero.  An interval more than "
      "ten times wider than the upper quartile of the panel's (a small "
      "group, such as "
      "excluded children) is cut at the axis and marked < or >; all are "
      "in comparison.csv.");
  return TRUE;
}
