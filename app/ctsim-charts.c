/* ctsim-charts.c: the data behind each chart (see ctsim-charts.h).
 *
 * Each chart has a prepare function that looks for the rows it needs in
 * the series and, if they are there, appends its data to NAME.dat (blocks
 * separated by two blank lines, so the script selects them with `index`)
 * and its variables to meta.gp (names prefixed with the chart's name).
 * Every string from a scenario reaches gnuplot only as a single-quoted
 * literal made by ctsim_plots_quote() or a double-quoted data column
 * without double quotes, and is drawn with enhanced text off, so no name
 * can run a gnuplot command or turn into markup.
 *
 * Values are the mean and 95% Student-t interval over replications of a
 * (year, group, measure), computed from a per-series index built once;
 * the pseudo-measure ECM_MEAN is, per replication, the mean of the five
 * ECM outcomes.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts.h"
#include "sim/sim-stats.h"

/* ---- the names charts read (docs/outputs.md) --------------------------- */

#define N_ECM 5
static const char *const ecm_measures[N_ECM]
    = { "ecm_be_healthy", "ecm_stay_safe", "ecm_enjoy_achieve",
        "ecm_positive_contribution", "ecm_economic_wellbeing" };
static const char *const ecm_titles[N_ECM]
    = { "Be healthy", "Stay safe", "Enjoy and achieve",
        "Make a positive contribution", "Achieve economic well-being" };
#define N_TIERS 3
static const char *const tier_groups[N_TIERS]
    = { "tier:universal", "tier:targeted", "tier:specialist" };
static const char *const tier_labels[N_TIERS]
    = { "universal", "targeted", "specialist" };
#define N_QUINTILES 5
/* Money (the commissioning model's rows, docs/outputs.md): each partner's
 * contribution to the pooled funds (group partner:<id>) and all pooled
 * funds' spend by the sector the money came from (group "pooled",
 * spend_<sector>_gbp), yearly. */
#define MONEY_PARTNER_MEASURE "contribution_gbp"
#define MONEY_POOLED_GROUP "pooled"
static const char *const money_sectors[]
    = { "health", "education", "social_care", NULL };
/* Pseudo-measure: per replication, the mean of the five ECM outcomes. */
#define ECM_MEAN "ecm_mean"
static const char *const quintile_groups[N_QUINTILES]
    = { "deprivation_q1", "deprivation_q2", "deprivation_q3", "deprivation_q4",
        "deprivation_q5" };

/* ---- an index of one series' values --------------------------------- */

typedef struct
{
  gint year;
  const char *group;   /* interned */
  const char *measure; /* interned */
  guint last_rep;      /* replication that last set it, or G_MAXUINT */
  double *v;           /* n values, NAN where a replication has none */
} Entry;

typedef struct
{
  guint n;
  GHashTable *map;  /* Entry -> Entry, on (year, group, measure) */
  GPtrArray *order; /* Entry *, in order of first appearance (owner) */
  gint max_year;
} Index;

typedef struct
{
  double mean, lo, hi;
  guint n;
} Ci;

static guint
entry_hash (gconstpointer p)
{
  const Entry *e = p;

  return (g_direct_hash (e->group) * 31u + g_direct_hash (e->measure)) * 31u
         + (guint)e->year;
}

static gboolean
entry_equal (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;

  return x->year == y->year && x->group == y->group && x->measure == y->measure;
}

static void
entry_free (gpointer p)
{
  Entry *e = p;

  g_free (e->v);
  g_free (e);
}

static void
index_add (Index *ix, guint r, const SimResultRow *row)
{
  Entry probe = { row->year, row->group, row->measure, 0, NULL };
  Entry *e = g_hash_table_lookup (ix->map, &probe);

  if (!e)
    {
      e = g_new (Entry, 1);
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
index_init (Index *ix, const CtsimSeries *s)
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
index_clear (Index *ix)
{
  g_hash_table_unref (ix->map);
  g_ptr_array_unref (ix->order);
}

/* The values of (year, group, measure) by replication into x[ix->n]
 * (NAN where none); FALSE when the key is not reported at all. */
static gboolean
index_values (const Index *ix, gint year, const char *group,
              const char *measure, double *x)
{
  Entry probe
      = { year, g_intern_string (group), g_intern_string (measure), 0, NULL };
  const Entry *e = g_hash_table_lookup (ix->map, &probe);

  if (e)
    {
      memcpy (x, e->v, ix->n * sizeof (double));
      return TRUE;
    }
  if (strcmp (measure, ECM_MEAN) != 0)
    return FALSE;
  /* The pseudo-measure: mean of the five outcomes, by replication. */
  for (guint r = 0; r < ix->n; r++)
    x[r] = 0.0;
  for (guint m = 0; m < N_ECM; m++)
    {
      g_autofree double *y = g_new (double, ix->n);

      if (!index_values (ix, year, group, ecm_measures[m], y))
        return FALSE;
      for (guint r = 0; r < ix->n; r++)
        x[r] += y[r] / N_ECM;
    }
  return TRUE;
}

/* Mean and interval of (year, group, measure); FALSE when no replication
 * has a finite value. */
static gboolean
index_ci (const Index *ix, gint year, const char *group, const char *measure,
          Ci *ci)
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
static gboolean
all_have (const Index *ix, guint n, const char *group, const char *measure)
{
  Ci ci;

  for (guint s = 0; s < n; s++)
    if (!index_ci (&ix[s], SIM_YEAR_ALL, group, measure, &ci))
      return FALSE;
  return TRUE;
}

/* ---- ranks: which groups and measures come first ------------------------ */

static const char *const rank_groups[] = { "all",
                                           "tier:universal",
                                           "tier:targeted",
                                           "tier:specialist",
                                           "looked_after",
                                           "excluded",
                                           "disabled",
                                           "sen",
                                           "additional_needs",
                                           "deprivation_q1",
                                           "deprivation_q2",
                                           "deprivation_q3",
                                           "deprivation_q4",
                                           "deprivation_q5",
                                           NULL };
static const char *const rank_group_prefixes[]
    = { "sector:", "partner:", "service:", NULL };
static const char *const rank_measures[] = { "ecm_be_healthy",
                                             "ecm_stay_safe",
                                             "ecm_enjoy_achieve",
                                             "ecm_positive_contribution",
                                             "ecm_economic_wellbeing",
                                             "reach",
                                             "unmet_need_days",
                                             "waiting_days_mean",
                                             "spend_gbp",
                                             "unspent_gbp",
                                             "children",
                                             "referrals",
                                             "served",
                                             "queue_length_mean",
                                             "utilisation",
                                             NULL };

static guint
list_rank (const char *const *list, const char *s)
{
  for (guint i = 0; list[i]; i++)
    if (strcmp (list[i], s) == 0)
      return i;
  return G_MAXUINT;
}

guint
ctsim_group_rank (const char *group)
{
  guint r = list_rank (rank_groups, group);

  if (r != G_MAXUINT)
    return r;
  for (guint i = 0; rank_group_prefixes[i]; i++)
    if (g_str_has_prefix (group, rank_group_prefixes[i]))
      return 100 + i;
  return 1000;
}

guint
ctsim_measure_rank (const char *measure)
{
  guint r = list_rank (rank_measures, measure);

  return r == G_MAXUINT ? 1000 : r;
}

/* ---- writing data and variables ------------------------------------------ */

static void
meta_int (GString *m, const char *name, gint64 v)
{
  g_string_append_printf (m, "%s = %" G_GINT64_FORMAT "\n", name, v);
}

static void
meta_str (GString *m, const char *name, const char *v)
{
  g_autofree char *q = ctsim_plots_quote (v);

  g_string_append_printf (m, "%s = %s\n", name, q);
}

static void
meta_num (GString *m, const char *name, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (
      m, "%s = %s\n", name,
      g_ascii_formatd (buf, sizeof buf, "%.10g", isfinite (v) ? v : 0.0));
}

static void
meta_int_array (GString *m, const char *name, const guint *v, guint n)
{
  g_string_append_printf (m, "array %s[%u] = [", name, MAX (n, 1));
  for (guint i = 0; i < MAX (n, 1); i++)
    g_string_append_printf (m, "%s%u", i ? ", " : "", i < n ? v[i] : 0);
  g_string_append (m, "]\n");
}

/* A label as a data column: double-quoted, without double quotes. */
static void
dat_label (GString *d, const char *s)
{
  g_string_append (d, " \"");
  for (const char *p = s; *p; p++)
    g_string_append_c (d, (*p == '"' || (guchar)*p < 0x20) ? '\'' : *p);
  g_string_append_c (d, '"');
}

static void
dat_ci (GString *d, const Ci *ci, double scale)
{
  ctsim_plots_dat_num (d, ci->mean / scale);
  ctsim_plots_dat_num (d, ci->lo / scale);
  ctsim_plots_dat_num (d, ci->hi / scale);
}

static void
dat_end_block (GString *d)
{
  g_string_append (d, "\n\n");
}

/* ---- units -----------------------------------------------------------------
 */

/* Divisor and unit for money: whole pounds, thousands or millions. */
static double
money_scale (double max_abs, const char **unit)
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
static char *
measure_axis (const char *measure, double max_abs, double *scale)
{
  const char *unit;

  *scale = 1.0;
  if (g_str_has_suffix (measure, "_gbp"))
    {
      *scale = money_scale (max_abs, &unit);
      return g_strdup_printf ("%s (%s)", measure, unit);
    }
  if (strcmp (measure, ECM_MEAN) == 0)
    return g_strdup ("mean ECM score (SD units; 0 = baseline mean)");
  if (g_str_has_prefix (measure, "ecm_"))
    return g_strdup_printf ("%s (score, SD units)", measure);
  if (strcmp (measure, "reach") == 0 || strcmp (measure, "utilisation") == 0)
    return g_strdup_printf ("%s (share, 0-1)", measure);
  /* Large counts and days are shown in thousands. */
  if (max_abs >= 1e5)
    *scale = 1e3;
  if (strstr (measure, "_days"))
    return g_strdup_printf ("%s (%sdays)", measure,
                            *scale > 1 ? "thousand " : "");
  return g_strdup_printf ("%s%s", measure, *scale > 1 ? " (thousands)" : "");
}

/* A panel title for a measure.  (transfer none) */
static const char *
measure_title (const char *measure)
{
  static const char *const names[]
      = { "reach",           "spend_gbp", "waiting_days_mean",
          "unmet_need_days", "children",  NULL };
  static const char *const titles[]
      = { "Reach", "Spend", "Mean wait", "Unmet need", "Children" };
  guint i;

  for (i = 0; i < N_ECM; i++)
    if (strcmp (measure, ecm_measures[i]) == 0)
      return ecm_titles[i];
  i = list_rank (names, measure);
  return i == G_MAXUINT ? measure : titles[i];
}

/* The largest |mean| of (year, group, measure) over series and groups. */
static double
max_abs_mean (const Index *ix, guint n, gint year, const char *const *groups,
              guint n_groups, const char *measure)
{
  double m = 0.0;
  Ci ci;

  for (guint s = 0; s < n; s++)
    for (guint g = 0; g < n_groups; g++)
      if (index_ci (&ix[s], year, groups[g], measure, &ci))
        m = MAX (m, fabs (ci.mean));
  return m;
}

/* ---- charts
 * ------------------------------------------------------------------ */

typedef struct
{
  const CtsimPlotsInput *in;
  const Index *ix; /* in->n_series */
  GString *meta;
} Ctx;

typedef struct
{
  const char *name;
  const char *title;
  gboolean (*prepare) (const Ctx *ctx, GString *dat, GString **caption);
} ChartSpec;

/* ECM outcomes over the years: block (m, s) = year mean lo hi. */
static gboolean
prep_ecm (const Ctx *ctx, GString *dat, GString **caption)
{
  guint ns = ctx->in->n_series;
  gint years = 0;

  for (guint s = 0; s < ns; s++)
    years = MAX (years, ctx->ix[s].max_year);
  for (guint m = 0; m < N_ECM; m++)
    if (years < 1 || !all_have (ctx->ix, ns, "all", ecm_measures[m]))
      return FALSE;
  for (guint m = 0; m < N_ECM; m++)
    for (guint s = 0; s < ns; s++)
      {
        g_string_append_printf (dat, "# %s, series %u: year mean lo hi\n",
                                ecm_measures[m], s + 1);
        for (gint y = 1; y <= years; y++)
          {
            Ci ci;

            index_ci (&ctx->ix[s], y, "all", ecm_measures[m], &ci);
            g_string_append_printf (dat, "%d", y);
            dat_ci (dat, &ci, 1.0);
            g_string_append_c (dat, '\n');
          }
        dat_end_block (dat);
      }
  meta_int (ctx->meta, "ecm_years", years);
  ctsim_plots_meta_array (ctx->meta, "ecm_title", ecm_titles, N_ECM);
  *caption = g_string_new (
      "Mean score of all children on each of the five Every Child Matters "
      "outcomes, year by year after warm-up; the band is the 95% interval "
      "across replications.");
  return TRUE;
}

/* Panels of measures over categories (groups): block (p, s) =
 * category mean lo hi.  Panels are the measures every series has for
 * every group; their titles and axis labels go to meta as PREFIX_*. */
static guint
prep_category_panels (const Ctx *ctx, GString *dat, const char *prefix,
                      const char *const *groups, guint n_groups,
                      const char *const *measures, guint n_measures,
                      const char *const *titles)
{
  guint ns = ctx->in->n_series, np = 0;
  g_autoptr (GPtrArray) ptitle = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) plabel = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *vt = g_strconcat (prefix, "_panel_title", NULL);
  g_autofree char *vl = g_strconcat (prefix, "_panel_ylabel", NULL);
  g_autofree char *vn = g_strconcat (prefix, "_n_panels", NULL);

  for (guint m = 0; m < n_measures; m++)
    {
      gboolean ok = TRUE;
      double scale;
      char *label;

      for (guint g = 0; g < n_groups && ok; g++)
        ok = all_have (ctx->ix, ns, groups[g], measures[m]);
      if (!ok)
        continue;
      label = measure_axis (measures[m],
                            max_abs_mean (ctx->ix, ns, SIM_YEAR_ALL, groups,
                                          n_groups, measures[m]),
                            &scale);
      g_ptr_array_add (plabel, label);
      g_ptr_array_add (ptitle, g_strdup (titles[m]));
      for (guint s = 0; s < ns; s++)
        {
          g_string_append_printf (dat, "# %s, series %u: category mean lo hi\n",
                                  measures[m], s + 1);
          for (guint g = 0; g < n_groups; g++)
            {
              Ci ci;

              index_ci (&ctx->ix[s], SIM_YEAR_ALL, groups[g], measures[m], &ci);
              g_string_append_printf (dat, "%u", g + 1);
              dat_ci (dat, &ci, scale);
              g_string_append_c (dat, '\n');
            }
          dat_end_block (dat);
        }
      np++;
    }
  meta_int (ctx->meta, vn, np);
  ctsim_plots_meta_array (ctx->meta, vt, (const char *const *)ptitle->pdata,
                          np);
  ctsim_plots_meta_array (ctx->meta, vl, (const char *const *)plabel->pdata,
                          np);
  return np;
}

static gboolean
prep_tiers (const Ctx *ctx, GString *dat, GString **caption)
{
  static const char *const measures[] = { "reach", "spend_gbp", ECM_MEAN };
  static const char *const titles[]
      = { "Reach", "Spend", "Outcome of the children served" };
  guint np;

  if (!all_have (ctx->ix, ctx->in->n_series, tier_groups[0], "reach")
      && !all_have (ctx->ix, ctx->in->n_series, tier_groups[0], "spend_gbp"))
    return FALSE;
  np = prep_category_panels (ctx, dat, "tiers", tier_groups, N_TIERS, measures,
                             G_N_ELEMENTS (measures), titles);
  if (np == 0)
    return FALSE;
  ctsim_plots_meta_array (ctx->meta, "tiers_label", tier_labels, N_TIERS);
  *caption = g_string_new (
      "Universal, targeted and specialist services compared over the whole "
      "run: reach (share of children with a need at stage 2 or more served "
      "by the tier), spend, and the mean ECM score (average of the five "
      "outcomes) of the children the tier served; mean with 95% interval "
      "across replications.");
  return TRUE;
}

static gboolean
prep_equity (const Ctx *ctx, GString *dat, GString **caption)
{
  const char *measures[N_ECM + 1] = { "reach" };
  const char *titles[N_ECM + 1] = { "Reach" };
  static const char *const qlabels[N_QUINTILES]
      = { "Q1", "Q2", "Q3", "Q4", "Q5" };

  for (guint m = 0; m < N_ECM; m++)
    {
      measures[m + 1] = ecm_measures[m];
      titles[m + 1] = ecm_titles[m];
    }
  if (prep_category_panels (ctx, dat, "equity", quintile_groups, N_QUINTILES,
                            measures, N_ECM + 1, titles)
      == 0)
    return FALSE;
  ctsim_plots_meta_array (ctx->meta, "equity_label", qlabels, N_QUINTILES);
  *caption = g_string_new (
      "Equity: reach and the ECM outcomes of children by deprivation "
      "quintile of their locality (Q1 most deprived, Q5 least), whole run, "
      "mean with 95% interval.");
  return TRUE;
}

/* A service with a wait: its group and the mean to sort by. */
typedef struct
{
  const char *group;
  double key;
} Wait;

static gint
wait_cmp (gconstpointer a, gconstpointer b)
{
  const Wait *x = a, *y = b;

  return (x->key < y->key) - (x->key > y->key); /* longest first */
}

/* Services with a finite mean wait in some series, longest wait (in the
 * first series that has one) first, at most 60. */
static GArray *
waiting_services (const Ctx *ctx, const char *measure)
{
  GArray *waits = g_array_new (FALSE, FALSE, sizeof (Wait));
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint s = 0; s < ctx->in->n_series; s++)
    for (guint i = 0; i < ctx->ix[s].order->len; i++)
      {
        const Entry *e = ctx->ix[s].order->pdata[i];
        Wait w = { e->group, -G_MAXDOUBLE };
        Ci ci;

        if (e->year != SIM_YEAR_ALL || e->measure != measure
            || !g_str_has_prefix (e->group, "service:")
            || g_hash_table_contains (seen, e->group))
          continue;
        for (guint t = 0; t < ctx->in->n_series && w.key == -G_MAXDOUBLE; t++)
          if (index_ci (&ctx->ix[t], SIM_YEAR_ALL, e->group, measure, &ci))
            w.key = ci.mean;
        g_hash_table_add (seen, (gpointer)e->group);
        if (w.key != -G_MAXDOUBLE)
          g_array_append_val (waits, w);
      }
  g_array_sort (waits, wait_cmp);
  if (waits->len > 60)
    g_array_set_size (waits, 60);
  return waits;
}

/* Waiting times by service: block s = index mean lo hi "service". */
static gboolean
prep_waits (const Ctx *ctx, GString *dat, GString **caption)
{
  const char *measure = g_intern_static_string ("waiting_days_mean");
  g_autoptr (GArray) waits = waiting_services (ctx, measure);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  guint width = 0;

  if (waits->len == 0)
    return FALSE;
  for (guint g = 0; g < waits->len; g++)
    {
      const char *label
          = g_array_index (waits, Wait, g).group + strlen ("service:");

      g_ptr_array_add (labels, (gpointer)label);
      width = MAX (width, (guint)g_utf8_strlen (label, -1));
    }
  for (guint s = 0; s < ctx->in->n_series; s++)
    {
      g_string_append_printf (dat, "# series %u: index mean lo hi service\n",
                              s + 1);
      for (guint g = 0; g < waits->len; g++)
        {
          Ci ci;

          index_ci (&ctx->ix[s], SIM_YEAR_ALL,
                    g_array_index (waits, Wait, g).group, measure, &ci);
          g_string_append_printf (dat, "%u", g + 1);
          dat_ci (dat, &ci, 1.0);
          dat_label (dat, labels->pdata[g]);
          g_string_append_c (dat, '\n');
        }
      dat_end_block (dat);
    }
  meta_int (ctx->meta, "waits_n", waits->len);
  meta_int (ctx->meta, "waits_label_width", width);
  ctsim_plots_meta_array (ctx->meta, "waits_label",
                          (const char *const *)labels->pdata, labels->len);
  *caption = g_string_new (
      "Mean wait from referral to the start of an episode, by service "
      "(services with a waiting list, longest wait first), over the whole "
      "run, with the 95% interval across replications.");
  return TRUE;
}

/* One column of a stacked money table. */
typedef struct
{
  const char *group;   /* interned */
  const char *measure; /* interned */
  const char *label;
} MoneyColumn;

static gboolean
index_has (const Index *ix, const char *group, const char *measure)
{
  for (guint i = 0; i < ix->order->len; i++)
    {
      const Entry *e = ix->order->pdata[i];
      if (e->measure == measure && e->group == group)
        return TRUE;
    }
  return FALSE;
}

/* Partners reporting a contribution: one column each. */
static GArray *
partner_columns (const Index *ix)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (MoneyColumn));
  const char *m = g_intern_string (MONEY_PARTNER_MEASURE);

  for (guint i = 0; i < ix->order->len; i++)
    {
      const Entry *e = ix->order->pdata[i];
      MoneyColumn c = { e->group, m, strchr (e->group, ':') + 1 };
      gboolean seen = FALSE;

      if (e->measure != m || !g_str_has_prefix (e->group, "partner:"))
        continue;
      for (guint k = 0; k < cols->len && !seen; k++)
        seen = g_array_index (cols, MoneyColumn, k).group == e->group;
      if (!seen)
        g_array_append_val (cols, c);
    }
  return cols;
}

/* The pooled funds' spend by source sector: one column per sector. */
static GArray *
sector_columns (const Index *ix)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (MoneyColumn));
  const char *g = g_intern_string (MONEY_POOLED_GROUP);

  for (guint k = 0; money_sectors[k]; k++)
    {
      g_autofree char *m = g_strdup_printf ("spend_%s_gbp", money_sectors[k]);
      MoneyColumn c = { g, g_intern_string (m), money_sectors[k] };

      if (index_has (ix, c.group, c.measure))
        g_array_append_val (cols, c);
    }
  return cols;
}

/* One stacked table: rows = years, columns = the columns' yearly means. */
static void
money_table (const Index *ix, GString *dat, const GArray *cols, gint years,
             double scale)
{
  g_string_append (dat, "year");
  for (guint k = 0; k < cols->len; k++)
    dat_label (dat, g_array_index (cols, MoneyColumn, k).label);
  g_string_append_c (dat, '\n');
  for (gint y = 1; y <= years; y++)
    {
      g_string_append_printf (dat, "%d", y);
      for (guint k = 0; k < cols->len; k++)
        {
          const MoneyColumn *c = &g_array_index (cols, MoneyColumn, k);
          Ci ci;

          index_ci (ix, y, c->group, c->measure, &ci);
          ctsim_plots_dat_num (dat, isfinite (ci.mean) ? ci.mean / scale : 0.0);
        }
      g_string_append_c (dat, '\n');
    }
  dat_end_block (dat);
}

/* The largest yearly total of a stack, for the money scale. */
static double
max_stack (const Index *ix, const GArray *cols, gint years)
{
  double m = 0.0;

  for (gint y = 1; y <= years; y++)
    {
      double sum = 0.0;
      Ci ci;

      for (guint k = 0; k < cols->len; k++)
        {
          const MoneyColumn *c = &g_array_index (cols, MoneyColumn, k);
          if (index_ci (ix, y, c->group, c->measure, &ci))
            sum += fabs (ci.mean);
        }
      m = MAX (m, sum);
    }
  return m;
}

/* Money: per series, block 2s = partners' contributions by year, block
 * 2s+1 = the pooled funds' spend by sector by year (stacked columns).
 * Drawn only when some money is pooled. */
static gboolean
prep_money (const Ctx *ctx, GString *dat, GString **caption)
{
  guint ns = ctx->in->n_series;
  g_autoptr (GArray) partners = partner_columns (&ctx->ix[0]);
  g_autoptr (GArray) sectors = sector_columns (&ctx->ix[0]);
  gint years = ctx->ix[0].max_year;
  double top = 0.0, scale;
  const char *unit;
  g_autofree char *ylabel = NULL;

  if (partners->len == 0 || sectors->len == 0 || years < 1)
    return FALSE;
  for (guint s = 0; s < ns; s++)
    {
      years = MIN (years, ctx->ix[s].max_year);
      top = MAX (top, max_stack (&ctx->ix[s], partners, years));
      top = MAX (top, max_stack (&ctx->ix[s], sectors, years));
    }
  if (years < 1 || !(top > 0.0))
    return FALSE;
  scale = money_scale (top, &unit);
  for (guint s = 0; s < ns; s++)
    {
      money_table (&ctx->ix[s], dat, partners, years, scale);
      money_table (&ctx->ix[s], dat, sectors, years, scale);
    }
  ylabel = g_strdup_printf ("%s per year", unit);
  meta_int (ctx->meta, "money_years", years);
  meta_int (ctx->meta, "money_n_partners", partners->len);
  meta_int (ctx->meta, "money_n_sectors", sectors->len);
  meta_str (ctx->meta, "money_ylabel", ylabel);
  *caption = g_string_new (
      "Money: each partner's contribution to the pooled funds, and the "
      "pooled funds' spend by the sector the money came from, year by year "
      "(stacked; means across replications).");
  return TRUE;
}

/* ---- headline (group, measure) keys for sweep and forest ---------------- */

typedef struct
{
  const char *group;
  const char *measure;
  guint rank;
  double weight; /* within a rank, larger first (0 for most) */
  guint order;
} Headline;

static gint
headline_cmp (gconstpointer a, gconstpointer b)
{
  const Headline *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->weight != y->weight)
    return x->weight > y->weight ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static const char *const headline_measures[] = { "ecm_be_healthy",
                                                 "ecm_stay_safe",
                                                 "ecm_enjoy_achieve",
                                                 "ecm_positive_contribution",
                                                 "ecm_economic_wellbeing",
                                                 "reach",
                                                 "unmet_need_days",
                                                 "waiting_days_mean",
                                                 "spend_gbp",
                                                 NULL };

/* Whole-run keys of series 0 that every series has, headline first
 * (group "all" with a headline measure), at most max. */
static GArray *
headline_keys (const Index *ix, guint ns, guint max)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (Headline));

  for (guint i = 0; i < ix[0].order->len; i++)
    {
      const Entry *e = ix[0].order->pdata[i];
      guint mr = list_rank (headline_measures, e->measure);
      Headline h = { e->group, e->measure, 0, 0.0, i };

      if (e->year != SIM_YEAR_ALL || !all_have (ix, ns, e->group, e->measure))
        continue;
      if (strcmp (e->group, "all") == 0 && mr != G_MAXUINT)
        h.rank = mr;
      else
        h.rank = 100 + ctsim_measure_rank (e->measure) * 1000
                 + MIN (ctsim_group_rank (e->group), 999);
      g_array_append_val (keys, h);
    }
  g_array_sort (keys, headline_cmp);
  if (keys->len > max)
    g_array_set_size (keys, max);
  return keys;
}

/* ---- sweep ------------------------------------------------------------------
 */

static gint
double_cmp (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

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
  g_array_sort (v, double_cmp);
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
sweep_block (const Ctx *ctx, GString *dat, const Headline *h, double line,
             gboolean numeric, double scale)
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
      Ci ci;

      index_ci (&ctx->ix[p->s], SIM_YEAR_ALL, h->group, h->measure, &ci);
      ctsim_plots_dat_num (dat, p->x);
      dat_ci (dat, &ci, scale);
      dat_label (dat, in->series[p->s].label);
      g_string_append_c (dat, '\n');
    }
  dat_end_block (dat);
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
  g_array_sort (x, double_cmp);
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

static gboolean
prep_sweep (const Ctx *ctx, GString *dat, GString **caption)
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
  keys = headline_keys (ctx->ix, in->n_series, 9);
  if (keys->len == 0)
    return FALSE;
  lines = sweep_lines (in);
  for (guint p = 0; p < keys->len; p++)
    {
      const Headline *h = &g_array_index (keys, Headline, p);
      double scale;
      const char *one[] = { h->group };

      g_ptr_array_add (titles, g_strdup_printf ("%s: %s", h->group,
                                                measure_title (h->measure)));
      g_ptr_array_add (
          ylabels,
          measure_axis (h->measure,
                        max_abs_mean (ctx->ix, in->n_series, SIM_YEAR_ALL, one,
                                      1, h->measure),
                        &scale));
      for (guint l = 0; l < lines->len; l++)
        sweep_block (ctx, dat, h, g_array_index (lines, double, l), numeric,
                     scale);
    }
  line_labels = sweep_line_labels (in, lines);
  meta_int (ctx->meta, "sweep_n_panels", keys->len);
  ctsim_plots_meta_array (ctx->meta, "sweep_panel_title",
                          (const char *const *)titles->pdata, titles->len);
  ctsim_plots_meta_array (ctx->meta, "sweep_panel_ylabel",
                          (const char *const *)ylabels->pdata, ylabels->len);
  meta_int (ctx->meta, "sweep_n_lines", lines->len);
  ctsim_plots_meta_array (ctx->meta, "sweep_line_label",
                          (const char *const *)line_labels->pdata,
                          line_labels->len);
  meta_int (ctx->meta, "sweep_numeric", numeric);
  meta_num (ctx->meta, "sweep_xstep", numeric ? sweep_step (in) : 0.0);
  meta_str (ctx->meta, "sweep_xlabel",
            numeric ? in->param_label[0] : "sweep point");
  *caption = g_string_new ("Headline measures against the swept parameter "
                           "(whole run), mean with 95% interval band across "
                           "replications; all points on common random "
                           "numbers.");
  return TRUE;
}

/* ---- compare: forest plot of paired differences ----------------------------
 */

/* Measures shown: headline measures the comparison has, else the first
 * measures by rank; at most max. */
static GPtrArray *
forest_measures (const SimComparison *cmp, guint max)
{
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (Headline));
  GPtrArray *measures = g_ptr_array_new ();

  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);
      guint mr = list_rank (headline_measures, c->measure);
      Headline h = { c->group, c->measure, 0, 0.0, (guint)k };

      h.rank = mr != G_MAXUINT ? mr : 100 + ctsim_measure_rank (c->measure);
      g_array_append_val (keys, h);
    }
  g_array_sort (keys, headline_cmp);
  for (guint i = 0; i < keys->len && measures->len < max; i++)
    {
      const char *m = g_array_index (keys, Headline, i).measure;

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
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (Headline));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint ns = sim_comparison_n_scenarios (cmp);

  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);
      gboolean finite = FALSE;
      Headline h = { c->group, c->measure, ctsim_group_rank (c->group), 0.0,
                     (guint)k };

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
  g_array_sort (keys, headline_cmp);
  for (guint i = 0; i < keys->len && i < max; i++)
    g_array_append_val (rows, g_array_index (keys, Headline, i).order);
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
      dat_label (dat, c->group);
      g_string_append_c (dat, '\n');
    }
  dat_end_block (dat);
}

static gboolean
prep_forest (const Ctx *ctx, GString *dat, GString **caption)
{
  const SimComparison *cmp = ctx->in->comparison;
  g_autoptr (GPtrArray) measures = NULL;
  g_autoptr (GPtrArray) xlabels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) slabels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) nrows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint ns;

  if (ctx->in->kind != CTSIM_PLOTS_COMPARE || !cmp
      || sim_comparison_n_scenarios (cmp) < 2)
    return FALSE;
  ns = sim_comparison_n_scenarios (cmp);
  measures = forest_measures (cmp, 9);
  for (guint p = 0; p < measures->len; p++)
    {
      g_autoptr (GArray) rows = forest_rows (cmp, measures->pdata[p], 14);
      double scale;
      g_autofree char *axis = NULL;

      if (rows->len == 0)
        {
          g_ptr_array_remove_index (measures, p--);
          continue;
        }
      axis = measure_axis (measures->pdata[p], forest_max_abs (cmp, rows),
                           &scale);
      g_ptr_array_add (xlabels, g_strdup_printf ("difference in %s", axis));
      g_array_append_val (nrows, rows->len);
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
    measures->pdata[p] = (gpointer)measure_title (measures->pdata[p]);
  meta_int (ctx->meta, "forest_n_panels", measures->len);
  ctsim_plots_meta_array (ctx->meta, "forest_panel_title",
                          (const char *const *)measures->pdata, measures->len);
  ctsim_plots_meta_array (ctx->meta, "forest_panel_xlabel",
                          (const char *const *)xlabels->pdata, xlabels->len);
  meta_int_array (ctx->meta, "forest_rows", (const guint *)nrows->data,
                  nrows->len);
  meta_int (ctx->meta, "forest_n_series", ns - 1);
  ctsim_plots_meta_array (ctx->meta, "forest_series_label",
                          (const char *const *)slabels->pdata, slabels->len);
  *caption = g_string_new (
      "Paired differences against the first scenario on common random "
      "numbers, with their paired-t 95% intervals; filled points are "
      "differences whose interval excludes zero.");
  return TRUE;
}

static const ChartSpec charts[] = {
  { "ecm", "Every Child Matters outcomes over the years", prep_ecm },
  { "tiers", "Universal, targeted and specialist services", prep_tiers },
  { "waits", "Waiting times by service", prep_waits },
  { "money", "Partners' contributions and pooled spend by sector", prep_money },
  { "equity", "Equity by deprivation quintile", prep_equity },
  { "sweep", "Headline measures across the sweep", prep_sweep },
  { "forest", "Paired differences against the first scenario", prep_forest },
};

static void
meta_header (GString *meta, const CtsimPlotsInput *in)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  g_string_append (meta, "# meta.gp: inputs of the ctsim chart scripts "
                         "(generated; read by plots/*.gp)\n");
  meta_str (meta, "source_line", in->source);
  meta_int (meta, "n_series", in->n_series);
  for (guint s = 0; s < in->n_series; s++)
    g_ptr_array_add (labels, (gpointer)in->series[s].label);
  ctsim_plots_meta_array (meta, "series_label",
                          (const char *const *)labels->pdata, labels->len);
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
  g_autofree Index *ix = g_new0 (Index, in->n_series);
  Ctx ctx = { in, ix, meta };

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
