/* ctsim-charts-money.c: the data of the charts of partners' contributions and
 * the pooled funds' spend by sector (money) (see ctsim-charts-private.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts-private.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-table.h"

/* One column of a stacked money table. */
typedef struct
{
  const char *group;   /* interned */
  const char *measure; /* interned */
  const char *label;
} MoneyColumn;

static gboolean
index_has (const CtsimIndex *ix, const char *group, const char *measure)
{
  for (guint i = 0; i < ix->order->len; i++)
    {
      const CtsimIndexEntry *e = ix->order->pdata[i];
      if (e->measure == measure && e->group == group)
        return TRUE;
    }
  return FALSE;
}

/* Partners reporting a contribution: one column each, labelled by the
 * partner's name when the scenario gives one. */
static GArray *
partner_columns (const CtsimIndex *ix, GHashTable *names)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (MoneyColumn));
  const char *m = g_intern_string (CS_OUT_CONTRIBUTION_GBP);

  for (guint i = 0; i < ix->order->len; i++)
    {
      const CtsimIndexEntry *e = ix->order->pdata[i];
      MoneyColumn c;
      gboolean seen = FALSE;

      if (e->measure != m
          || !g_str_has_prefix (e->group, CS_OUT_PARTNER_PREFIX))
        continue;
      /* Only now: a group without ':' has no label (NULL + 1 is UB). */
      c = (MoneyColumn){ e->group, m, strchr (e->group, ':') + 1 };
      if (names && g_hash_table_lookup (names, e->group))
        c.label = g_hash_table_lookup (names, e->group);
      for (guint k = 0; k < cols->len && !seen; k++)
        seen = g_array_index (cols, MoneyColumn, k).group == e->group;
      if (!seen)
        g_array_append_val (cols, c);
    }
  return cols;
}

/* The pooled funds' spend by source sector: one column per sector. */
static GArray *
sector_columns (const CtsimIndex *ix)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (MoneyColumn));
  const char *g = g_intern_string (CS_OUT_GROUP_POOLED);

  for (guint k = 0; k < CS_N_SECTORS; k++)
    {
      MoneyColumn c
          = { g, g_intern_string (cs_out_sector_spend[k]), cs_sector_names[k] };

      if (index_has (ix, c.group, c.measure))
        g_array_append_val (cols, c);
    }
  return cols;
}

/* One stacked table: rows = years, columns = the columns' yearly means. */
static void
money_table (const CtsimIndex *ix, GString *dat, const GArray *cols, gint years,
             double scale)
{
  g_string_append (dat, "year");
  for (guint k = 0; k < cols->len; k++)
    ctsim_dat_label (dat, g_array_index (cols, MoneyColumn, k).label);
  g_string_append_c (dat, '\n');
  for (gint y = 1; y <= years; y++)
    {
      g_string_append_printf (dat, "%d", y);
      for (guint k = 0; k < cols->len; k++)
        {
          const MoneyColumn *c = &g_array_index (cols, MoneyColumn, k);
          CtsimCi ci;

          ctsim_index_ci (ix, y, c->group, c->measure, &ci);
          ctsim_plots_dat_num (dat, isfinite (ci.mean) ? ci.mean / scale : 0.0);
        }
      g_string_append_c (dat, '\n');
    }
  ctsim_dat_end_block (dat);
}

/* The largest yearly total of a stack, for the money scale. */
static double
max_stack (const CtsimIndex *ix, const GArray *cols, gint years)
{
  double m = 0.0;

  for (gint y = 1; y <= years; y++)
    {
      double sum = 0.0;
      CtsimCi ci;

      for (guint k = 0; k < cols->len; k++)
        {
          const MoneyColumn *c = &g_array_index (cols, MoneyColumn, k);
          if (ctsim_index_ci (ix, y, c->group, c->measure, &ci))
            sum += fabs (ci.mean);
        }
      m = MAX (m, sum);
    }
  return m;
}

/* Money: per series, block 2s = partners' contributions by year, block
 * 2s+1 = the pooled funds' spend by sector by year (stacked columns).
 * Drawn only when some money is pooled. */
gboolean
ctsim_chart_money (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  guint ns = ctx->in->n_series;
  g_autoptr (GArray) partners = partner_columns (&ctx->ix[0], ctx->in->names);
  g_autoptr (GArray) sectors = sector_columns (&ctx->ix[0]);
  gint years = ctx->ix[0].max_year;
  double top = 0.0, scale;
  const char *unit;
  g_autoptr (GString) none = g_string_new (NULL);
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
  scale = ctsim_money_scale (top, &unit);
  /* Only the series that pool money get a row (issue 18 item 4: no empty
   * panels); every panel has the same y-axis, so that rows compare. */
  {
    g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

    for (guint s = 0; s < ns; s++)
      {
        if (!(max_stack (&ctx->ix[s], partners, years) > 0.0
              || max_stack (&ctx->ix[s], sectors, years) > 0.0))
          {
            g_string_append_printf (none, "%s%s", none->len ? ", " : "",
                                    ctx->in->series[s].label);
            continue;
          }
        money_table (&ctx->ix[s], dat, partners, years, scale);
        money_table (&ctx->ix[s], dat, sectors, years, scale);
        g_ptr_array_add (rows, g_strdup (ctx->in->series[s].label));
      }
    ctsim_meta_int (ctx->meta, "money_n_rows", rows->len);
    ctsim_plots_meta_array (ctx->meta, "money_row_label",
                            (const char *const *)rows->pdata, rows->len);
    ctsim_meta_num (ctx->meta, "money_ymax", 1.05 * top / scale);
  }
  ylabel = g_strdup_printf ("%s per year", unit);
  ctsim_meta_int (ctx->meta, "money_years", years);
  ctsim_meta_int (ctx->meta, "money_n_partners", partners->len);
  ctsim_meta_int (ctx->meta, "money_n_sectors", sectors->len);
  ctsim_meta_str (ctx->meta, "money_ylabel", ylabel);
  *caption = g_string_new (
      "Money: each partner's contribution to the pooled funds, and the "
      "pooled funds' spend by the sector the money came from, year by year "
      "(stacked; means across replications; one scale for every panel).");
  if (none->len)
    g_string_append_printf (*caption, " No money is pooled under %s.",
                            none->str);
  return TRUE;
}
