/* ctsim-charts.c: the data behind each chart (see ctsim-charts.h).
 *
 * Each chart has a prepare function (one file per chart family:
 * ctsim-charts-outcomes.c, -waits.c, -money.c, -sweep.c, -forest.c) that looks
 * for the rows it needs in the series and, if they are there, appends its data
 * to NAME.dat (blocks separated by two blank lines, so the script selects them
 * with `index`) and its variables to meta.gp (names prefixed with the chart's
 * name). Every string from a scenario reaches gnuplot only as a single-quoted
 * literal made by ctsim_plots_quote() or a double-quoted data column
 * without double quotes, and is drawn with enhanced text off, so no name
 * can run a gnuplot command or turn into markup.
 *
 * Values are the mean and 95% Student-t interval over replications of a
 * (year, group, measure), computed from a per-series index built once;
 * the pseudo-measure CTSIM_ECM_MEAN is, per replication, the mean of the five
 * ECM outcomes.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts-private.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-table.h"
#include "sim/sim-stats.h"

static guint
entry_hash (gconstpointer p)
{
  const CtsimIndexEntry *e = p;

  return (g_direct_hash (e->group) * 31u + g_direct_hash (e->measure)) * 31u
         + (guint)e->year;
}

static gboolean
entry_equal (gconstpointer a, gconstpointer b)
{
  const CtsimIndexEntry *x = a, *y = b;

  return x->year == y->year && x->group == y->group && x->measure == y->measure;
}

static void
entry_free (gpointer p)
{
  CtsimIndexEntry *e = p;

  g_free (e->v);
  g_free (e);
}

static void
index_add (CtsimIndex *ix, guint r, const SimResultRow *row)
{
  CtsimIndexEntry probe = { row->year, row->group, row->measure, 0, NULL };
  CtsimIndexEntry *e = g_hash_table_lookup (ix->map, &probe);

  if (!e)
    {
      e = g_new (CtsimIndexEntry, 1);
      *e = probe;
      e->last_rep = G_MAXUINT;
      e->v = g_new (double, ix->n);
      for (guint i = 0; i < ix->n; i++)
        e->v[i] = NAN;
      g_hash_table_add (ix->map, e);
      g_ptr_array_add (ix->order, e);
    }
  if (e->last_rep == r)
    return; /* the first row of a key counts, as in summary.csv */
  e->last_rep = r;
  e->v[r] = row->value;
  if (row->year != SIM_YEAR_ALL)
    ix->max_year = MAX (ix->max_year, row->year);
}

static void
index_init (CtsimIndex *ix, const CtsimSeries *s)
{
  ix->n = s->n;
  ix->map = g_hash_table_new (entry_hash, entry_equal);
  ix->order = g_ptr_array_new_with_free_func (entry_free);
  ix->max_year = 0;
  for (guint r = 0; r < s->n; r++)
    for (gsize i = 0; i < sim_results_len (s->reps[r]); i++)
      index_add (ix, r, sim_results_row (s->reps[r], i));
}

static void
index_clear (CtsimIndex *ix)
{
  g_hash_table_unref (ix->map);
  g_ptr_array_unref (ix->order);
}

/* The values of (year, group, measure) by replication into x[ix->n]
 * (NAN where none); FALSE when the key is not reported at all. */
static gboolean
index_values (const CtsimIndex *ix, gint year, const char *group,
              const char *measure, double *x)
{
  CtsimIndexEntry probe
      = { year, g_intern_string (group), g_intern_string (measure), 0, NULL };
  const CtsimIndexEntry *e = g_hash_table_lookup (ix->map, &probe);

  if (e)
    {
      memcpy (x, e->v, ix->n * sizeof (double));
      return TRUE;
    }
  if (strcmp (measure, CTSIM_ECM_MEAN) != 0)
    return FALSE;
  /* The pseudo-measure: mean of the five outcomes, by replication. */
  for (guint r = 0; r < ix->n; r++)
    x[r] = 0.0;
  for (guint m = 0; m < CS_N_ECM; m++)
    {
      g_autofree double *y = g_new (double, ix->n);

      if (!index_values (ix, year, group, cs_out_ecm_measures[m], y))
        return FALSE;
      for (guint r = 0; r < ix->n; r++)
        x[r] += y[r] / CS_N_ECM;
    }
  return TRUE;
}

/* Mean and interval of (year, group, measure); FALSE when no replication
 * has a finite value. */
gboolean
ctsim_index_ci (const CtsimIndex *ix, gint year, const char *group,
                const char *measure, CtsimCi *ci)
{
  g_autofree double *v = g_new (double, ix->n);
  g_autofree double *x = g_new (double, ix->n);

  ci->mean = ci->lo = ci->hi = NAN;
  ci->n = 0;
  if (!index_values (ix, year, group, measure, v))
    return FALSE;
  for (guint r = 0; r < ix->n; r++)
    if (isfinite (v[r]))
      x[ci->n++] = v[r];
  if (ci->n == 0)
    return FALSE;
  sim_ci_t (x, ci->n, 0.95, &ci->mean, &ci->lo, &ci->hi);
  return TRUE;
}

/* TRUE when every series has a whole-run value of (group, measure). */
gboolean
ctsim_index_all_have (const CtsimIndex *ix, guint n, const char *group,
                      const char *measure)
{
  CtsimCi ci;

  for (guint s = 0; s < n; s++)
    if (!ctsim_index_ci (&ix[s], SIM_YEAR_ALL, group, measure, &ci))
      return FALSE;
  return TRUE;
}

/* ---- writing data and variables ------------------------------------------ */

void
ctsim_meta_int (GString *m, const char *name, gint64 v)
{
  g_string_append_printf (m, "%s = %" G_GINT64_FORMAT "\n", name, v);
}

void
ctsim_meta_str (GString *m, const char *name, const char *v)
{
  g_autofree char *q = ctsim_plots_quote (v);

  g_string_append_printf (m, "%s = %s\n", name, q);
}

void
ctsim_meta_num (GString *m, const char *name, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (
      m, "%s = %s\n", name,
      g_ascii_formatd (buf, sizeof buf, "%.10g", isfinite (v) ? v : 0.0));
}

void
ctsim_meta_int_array (GString *m, const char *name, const guint *v, guint n)
{
  g_string_append_printf (m, "array %s[%u] = [", name, MAX (n, 1));
  for (guint i = 0; i < MAX (n, 1); i++)
    g_string_append_printf (m, "%s%u", i ? ", " : "", i < n ? v[i] : 0);
  g_string_append (m, "]\n");
}

/* A label as a data column: double-quoted, without double quotes. */
void
ctsim_dat_label (GString *d, const char *s)
{
  g_string_append (d, " \"");
  for (const char *p = s; *p; p++)
    g_string_append_c (d, (*p == '"' || (guchar)*p < 0x20) ? '\'' : *p);
  g_string_append_c (d, '"');
}

void
ctsim_dat_ci (GString *d, const CtsimCi *ci, double scale)
{
  ctsim_plots_dat_num (d, ci->mean / scale);
  ctsim_plots_dat_num (d, ci->lo / scale);
  ctsim_plots_dat_num (d, ci->hi / scale);
}

void
ctsim_dat_end_block (GString *d)
{
  g_string_append (d, "\n\n");
}

/* ---- units -------------------------------------------------------------- */

/* Divisor and unit for money: whole pounds, thousands or millions. */
double
ctsim_money_scale (double max_abs, const char **unit)
{
  if (max_abs >= 1e6)
    {
      *unit = "GBP million";
      return 1e6;
    }
  if (max_abs >= 1e4)
    {
      *unit = "GBP thousand";
      return 1e3;
    }
  *unit = "GBP";
  return 1.0;
}

/* Axis label for a measure, and the divisor its values are shown with
 * (max_abs: the largest |mean| to show). */
char *
ctsim_measure_axis (const char *measure, double max_abs, double *scale)
{
  CsOutMeasureInfo info;
  const char *unit, *title = ctsim_measure_title (measure);
  g_autofree char *name = NULL;

  /* words, not ids (issue 18 item 4): the short title, else the label */
  cs_out_measure_info (measure, &info);
  name = g_strdup (strcmp (title, measure) != 0 ? title : info.label);
  *scale = 1.0;
  if (g_str_has_suffix (measure, "_gbp"))
    {
      *scale = ctsim_money_scale (max_abs, &unit);
      return g_strdup_printf ("%s (%s)", name, unit);
    }
  if (strcmp (measure, CTSIM_ECM_MEAN) == 0)
    return g_strdup ("mean ECM score (SD units; 0 = baseline mean)");
  if (g_str_has_prefix (measure, CS_OUT_ECM_PREFIX))
    return g_strdup_printf ("%s (score, SD units)", name);
  if (info.kind == CS_OUT_KIND_SHARE)
    return g_strdup_printf ("%s (share, 0-1)", name);
  /* Large counts and days are shown in thousands. */
  if (max_abs >= 1e5)
    *scale = 1e3;
  if (*info.unit)
    return g_strdup_printf ("%s (%s%s)", name, *scale > 1 ? "thousand " : "",
                            info.unit);
  return g_strdup_printf ("%s%s", name, *scale > 1 ? " (thousands)" : "");
}

/* A panel title for a measure.  (transfer none) */
const char *
ctsim_measure_title (const char *measure)
{
  static const char *const names[]
      = { CS_OUT_REACH,           CS_OUT_SPEND_GBP, CS_OUT_WAITING_DAYS_MEAN,
          CS_OUT_UNMET_NEED_DAYS, CS_OUT_CHILDREN,  NULL };
  static const char *const titles[]
      = { "Reach", "Spend", "Mean wait", "Unmet need", "Children" };
  guint i;

  for (i = 0; i < CS_N_ECM; i++)
    if (strcmp (measure, cs_out_ecm_measures[i]) == 0)
      return cs_out_ecm_titles[i];
  i = ctsim_str_index (names, measure);
  return i == G_MAXUINT ? measure : titles[i];
}

/* The largest |mean| of (year, group, measure) over series and groups. */
double
ctsim_index_max_abs_mean (const CtsimIndex *ix, guint n, gint year,
                          const char *const *groups, guint n_groups,
                          const char *measure)
{
  double m = 0.0;
  CtsimCi ci;

  for (guint s = 0; s < n; s++)
    for (guint g = 0; g < n_groups; g++)
      if (ctsim_index_ci (&ix[s], year, groups[g], measure, &ci))
        m = MAX (m, fabs (ci.mean));
  return m;
}

/* ---- headline (group, measure) keys for sweep and forest ---------------- */

gint
ctsim_headline_cmp (gconstpointer a, gconstpointer b)
{
  const CtsimHeadline *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

const char *const ctsim_headline_measures[]
    = { CS_OUT_ECM_BE_HEALTHY,
        CS_OUT_ECM_STAY_SAFE,
        CS_OUT_ECM_ENJOY_ACHIEVE,
        CS_OUT_ECM_POSITIVE_CONTRIBUTION,
        CS_OUT_ECM_ECONOMIC_WELLBEING,
        CS_OUT_REACH,
        CS_OUT_UNMET_NEED_DAYS,
        CS_OUT_WAITING_DAYS_MEAN,
        CS_OUT_SPEND_GBP,
        NULL };

/* Whole-run keys of series 0 that every series has, headline first
 * (group CS_OUT_GROUP_ALL with a headline measure), at most max. */
GArray *
ctsim_index_headline_keys (const CtsimIndex *ix, guint ns, guint max)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (CtsimHeadline));

  for (guint i = 0; i < ix[0].order->len; i++)
    {
      const CtsimIndexEntry *e = ix[0].order->pdata[i];
      guint mr = ctsim_str_index (ctsim_headline_measures, e->measure);
      CtsimHeadline h = { e->group, e->measure, 0, 0.0, i };

      if (e->year != SIM_YEAR_ALL
          || !ctsim_index_all_have (ix, ns, e->group, e->measure))
        continue;
      if (strcmp (e->group, CS_OUT_GROUP_ALL) == 0 && mr != G_MAXUINT)
        h.rank = mr;
      else
        h.rank = 100 + ctsim_measure_rank (e->measure) * 1000
                 + MIN (ctsim_group_rank (e->group), 999);
      g_array_append_val (keys, h);
    }
  g_array_sort (keys, ctsim_headline_cmp);
  if (keys->len > max)
    g_array_set_size (keys, max);
  return keys;
}

typedef struct
{
  const char *name;
  const char *title;
  gboolean (*prepare) (const CtsimChartCtx *ctx, GString *dat,
                       GString **caption);
} ChartSpec;

static const ChartSpec charts[] = {
  { "ecm", "Every Child Matters outcomes over the years", ctsim_chart_ecm },
  { "tiers", "Universal, targeted and specialist services", ctsim_chart_tiers },
  { "waits", "Waiting times by service", ctsim_chart_waits },
  { "money", "Partners' contributions and pooled spend by sector",
    ctsim_chart_money },
  { "equity", "Equity by deprivation quintile", ctsim_chart_equity },
  { "sweep", "Headline measures across the sweep", ctsim_chart_sweep },
  { "forest", "Paired differences against the first scenario",
    ctsim_chart_forest },
};

/* A colour of viridis (a sequential, colour-blind safe palette) at
 * t in [0, 1], as "#rrggbb": linear between its anchors at tenths. */
static char *
viridis (double t)
{
  static const guint32 anchor[11]
      = { 0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
          0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725 };
  double x = CLAMP (t, 0.0, 1.0) * 10.0;
  guint i = MIN ((guint)x, 9u);
  double f = x - i;
  guint rgb[3];

  for (guint c = 0; c < 3; c++)
    {
      guint a = (anchor[i] >> (16 - 8 * c)) & 0xff;
      guint b = (anchor[i + 1] >> (16 - 8 * c)) & 0xff;

      rgb[c] = (guint)lround (a + f * ((double)b - a));
    }
  return g_strdup_printf ("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* The colours of the series when the eight distinct colours of
 * plots/common.gp do not fit them (issue 18 item 4): a sweep's points (an
 * ordered value: neighbouring points get neighbouring colours) or more
 * than eight series get viridis from dark to light green-yellow (its pale
 * end left out: unreadable on white), as meta.gp's series_colour. */
static void
meta_colours (GString *meta, const CtsimPlotsInput *in)
{
  g_autoptr (GPtrArray) colours = g_ptr_array_new_with_free_func (g_free);

  if (!(in->kind == CTSIM_PLOTS_SWEEP && in->n_series > 1) && in->n_series <= 8)
    return;
  for (guint s = 0; s < in->n_series; s++)
    g_ptr_array_add (colours,
                     viridis (in->n_series > 1
                                  ? 0.88 * s / (double)(in->n_series - 1)
                                  : 0.0));
  ctsim_plots_meta_array (meta, "series_colour",
                          (const char *const *)colours->pdata, colours->len);
}

static void
meta_header (GString *meta, const CtsimPlotsInput *in)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  g_string_append (meta, "# meta.gp: inputs of the ctsim chart scripts "
                         "(generated; read by plots/*.gp)\n");
  ctsim_meta_str (meta, "source_line", in->source);
  ctsim_meta_int (meta, "n_series", in->n_series);
  for (guint s = 0; s < in->n_series; s++)
    g_ptr_array_add (labels, (gpointer)in->series[s].label);
  ctsim_plots_meta_array (meta, "series_label",
                          (const char *const *)labels->pdata, labels->len);
  meta_colours (meta, in);
}

void
ctsim_chart_data_free (gpointer data)
{
  CtsimChartData *d = data;

  if (!d)
    return;
  ctsim_chart_free (d->chart);
  if (d->dat)
    g_string_free (d->dat, TRUE);
  g_free (d);
}

void
ctsim_charts_prepare (const CtsimPlotsInput *in, GString *meta, GPtrArray *out)
{
  g_autofree CtsimIndex *ix = g_new0 (CtsimIndex, in->n_series);
  CtsimChartCtx ctx = { in, ix, meta };

  meta_header (meta, in);
  for (guint s = 0; s < in->n_series; s++)
    index_init (&ix[s], &in->series[s]);
  for (gsize c = 0; c < G_N_ELEMENTS (charts); c++)
    {
      GString *dat = g_string_new (NULL);
      GString *caption = NULL;
      CtsimChartData *d;

      if (!charts[c].prepare (&ctx, dat, &caption))
        {
          g_string_free (dat, TRUE);
          continue;
        }
      d = g_new0 (CtsimChartData, 1);
      d->dat = dat;
      d->chart = g_new0 (CtsimChart, 1);
      d->chart->name = g_strdup (charts[c].name);
      d->chart->title = g_strdup (charts[c].title);
      d->chart->caption = g_string_free (caption, FALSE);
      g_ptr_array_add (out, d);
    }
  for (guint s = 0; s < in->n_series; s++)
    index_clear (&ix[s]);
}
