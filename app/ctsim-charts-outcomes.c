/* ctsim-charts-outcomes.c: the data of the charts of the Every Child Matters
 * outcomes over the years (ecm), the tiers (tiers) and equity by deprivation
 * quintile (equity) (see ctsim-charts-private.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts-private.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-table.h"

/* ECM outcomes over the years: block (m, s) = year mean lo hi. */
gboolean
ctsim_chart_ecm (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  guint ns = ctx->in->n_series;
  gint years = 0;

  for (guint s = 0; s < ns; s++)
    years = MAX (years, ctx->ix[s].max_year);
  for (guint m = 0; m < CS_N_ECM; m++)
    if (years < 1
        || !ctsim_index_all_have (ctx->ix, ns, CS_OUT_GROUP_ALL,
                                  cs_out_ecm_measures[m]))
      return FALSE;
  for (guint m = 0; m < CS_N_ECM; m++)
    for (guint s = 0; s < ns; s++)
      {
        g_string_append_printf (dat, "# %s, series %u: year mean lo hi\n",
                                cs_out_ecm_measures[m], s + 1);
        for (gint y = 1; y <= years; y++)
          {
            CtsimCi ci;

            ctsim_index_ci (&ctx->ix[s], y, CS_OUT_GROUP_ALL,
                            cs_out_ecm_measures[m], &ci);
            g_string_append_printf (dat, "%d", y);
            ctsim_dat_ci (dat, &ci, 1.0);
            g_string_append_c (dat, '\n');
          }
        ctsim_dat_end_block (dat);
      }
  ctsim_meta_int (ctx->meta, "ecm_years", years);
  ctsim_meta_num (ctx->meta, "ecm_min_span", CTSIM_ECM_MIN_SPAN);
  ctsim_plots_meta_array (ctx->meta, "ecm_title", cs_out_ecm_titles, CS_N_ECM);
  *caption = g_string_new (NULL);
  g_string_printf (*caption,
                   "Mean score of all children on each of the five Every "
                   "Child Matters outcomes, year by year after warm-up; the "
                   "band is the 95%% interval across replications.  Each "
                   "axis spans at least %g standard deviations (an "
                   "assumption: smaller differences are not magnified).",
                   CTSIM_ECM_MIN_SPAN);
  return TRUE;
}

/* Panels of measures over categories (groups): block (p, s) =
 * category mean lo hi.  Panels are the measures every series has for
 * every group; their titles and axis labels go to meta as PREFIX_*. */
static guint
prep_category_panels (const CtsimChartCtx *ctx, GString *dat,
                      const char *prefix, const char *const *groups,
                      guint n_groups, const char *const *measures,
                      guint n_measures, const char *const *titles)
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
        ok = ctsim_index_all_have (ctx->ix, ns, groups[g], measures[m]);
      if (!ok)
        continue;
      label = ctsim_measure_axis (
          measures[m],
          ctsim_index_max_abs_mean (ctx->ix, ns, SIM_YEAR_ALL, groups, n_groups,
                                    measures[m]),
          &scale);
      g_ptr_array_add (plabel, label);
      g_ptr_array_add (ptitle, g_strdup (titles[m]));
      for (guint s = 0; s < ns; s++)
        {
          g_string_append_printf (dat, "# %s, series %u: category mean lo hi\n",
                                  measures[m], s + 1);
          for (guint g = 0; g < n_groups; g++)
            {
              CtsimCi ci;

              ctsim_index_ci (&ctx->ix[s], SIM_YEAR_ALL, groups[g], measures[m],
                              &ci);
              g_string_append_printf (dat, "%u", g + 1);
              ctsim_dat_ci (dat, &ci, scale);
              g_string_append_c (dat, '\n');
            }
          ctsim_dat_end_block (dat);
        }
      np++;
    }
  ctsim_meta_int (ctx->meta, vn, np);
  ctsim_plots_meta_array (ctx->meta, vt, (const char *const *)ptitle->pdata,
                          np);
  ctsim_plots_meta_array (ctx->meta, vl, (const char *const *)plabel->pdata,
                          np);
  return np;
}

gboolean
ctsim_chart_tiers (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  static const char *const measures[]
      = { CS_OUT_REACH, CS_OUT_SPEND_GBP, CTSIM_ECM_MEAN };
  static const char *const titles[]
      = { "Reach", "Spend", "Outcome of the children served" };
  guint np;

  if (!ctsim_index_all_have (ctx->ix, ctx->in->n_series, cs_out_tier_groups[0],
                             CS_OUT_REACH)
      && !ctsim_index_all_have (ctx->ix, ctx->in->n_series,
                                cs_out_tier_groups[0], CS_OUT_SPEND_GBP))
    return FALSE;
  np = prep_category_panels (ctx, dat, "tiers", cs_out_tier_groups, CS_N_TIERS,
                             measures, G_N_ELEMENTS (measures), titles);
  if (np == 0)
    return FALSE;
  ctsim_plots_meta_array (ctx->meta, "tiers_label", cs_tier_names, CS_N_TIERS);
  *caption = g_string_new (
      "Universal, targeted and specialist services compared over the whole "
      "run: reach (share of children with a need at stage 2 or more served "
      "by the tier), spend, and the mean ECM score (average of the five "
      "outcomes) of the children the tier served; mean with 95% interval "
      "across replications.");
  return TRUE;
}

gboolean
ctsim_chart_equity (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  const char *measures[CS_N_ECM + 1] = { CS_OUT_REACH };
  const char *titles[CS_N_ECM + 1] = { "Reach" };
  static const char *const qlabels[CS_OUT_N_QUINTILES]
      = { "Q1", "Q2", "Q3", "Q4", "Q5" };

  for (guint m = 0; m < CS_N_ECM; m++)
    {
      measures[m + 1] = cs_out_ecm_measures[m];
      titles[m + 1] = cs_out_ecm_titles[m];
    }
  if (prep_category_panels (ctx, dat, "equity", cs_out_quintile_groups,
                            CS_OUT_N_QUINTILES, measures, CS_N_ECM + 1, titles)
      == 0)
    return FALSE;
  ctsim_plots_meta_array (ctx->meta, "equity_label", qlabels,
                          CS_OUT_N_QUINTILES);
  *caption = g_string_new (
      "Equity: reach and the ECM outcomes of children by deprivation "
      "quintile of their locality (Q1 most deprived, Q5 least), whole run, "
      "mean with 95% interval.");
  return TRUE;
}
