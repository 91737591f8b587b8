/* ctsim-attribute.c: `ctsim compare A B --attribute`: each headline
 * difference of B against A split into the contributions of the groups
 * of parameters in which they differ (issue 13).
 *
 * Groups come from the scenario trees (cs_scenario_diff_groups: sight,
 * decision, money, scope, capacity, commissioners, area), never from
 * labels.  For every coalition S of the k groups, the hybrid scenario "A
 * with B's values of the groups in S" (cs_scenario_hybrid; the empty
 * coalition is A, the full one B, whose runs the comparison already has)
 * runs on the same seed and replications, so every run shares common
 * random numbers.  In each replication r the Shapley value of group g is
 * sim_shapley() over v(S, r), the measure's whole-run value: the groups'
 * contributions add up to B - A in that replication (to rounding), and a
 * group whose parameters change nothing gets exactly 0.  Reported: the
 * mean over replications with its Student-t 95% interval.  Cost: 2^k - 2
 * extra scenario runs of every replication.
 *
 * Outputs (docs/outputs.md): attribution.csv (header exactly
 * group,measure,scenario,mechanism,contribution,ci_low,ci_high; the
 * mechanism "total" is B - A), plots/attribution.{dat,gp,png,svg} (a
 * panel per measure, a bar per mechanism with its interval) and a
 * section of report.html.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/ctsim-attribute.h"
#include "app/ctsim-plots.h"
#include "models/params/cs-outputs.h"
#include "app/ctsim-table.h"
#include "sim/sim-compare.h"
#include "sim/sim-error.h"
#include "sim/sim-stats.h"

#define MAX_GROUPS 8

static const char *const measures[] = { CS_OUT_REACH,
                                        CS_OUT_UNMET_NEED_DAYS,
                                        CS_OUT_WAITING_DAYS_MEAN,
                                        CS_OUT_SPEND_GBP,
                                        CS_OUT_UNSPENT_GBP,
                                        CS_OUT_ECM_BE_HEALTHY,
                                        CS_OUT_ECM_STAY_SAFE,
                                        CS_OUT_ECM_ENJOY_ACHIEVE,
                                        CS_OUT_ECM_POSITIVE_CONTRIBUTION,
                                        CS_OUT_ECM_ECONOMIC_WELLBEING,
                                        NULL };

struct CtsimAttribution
{
  guint k, n_measures, reps;
  GStrv groups;
  char *label_b;
  /* [m][g]: mean, lo, hi; g == k: the total */
  double *mean, *lo, *hi;
};

void
ctsim_attribution_free (CtsimAttribution *at)
{
  if (!at)
    return;
  g_strfreev (at->groups);
  g_free (at->label_b);
  g_free (at->mean);
  g_free (at->lo);
  g_free (at->hi);
  g_free (at);
}

static double
value_of (SimResults *res, const char *measure)
{
  return sim_results_lookup (res, SIM_YEAR_ALL, CS_OUT_GROUP_ALL, measure);
}

CtsimAttribution *
ctsim_attribute (const CsScenario *a, const CsScenario *b, const char *label_b,
                 const SimRunnerResult *ra, const SimRunnerResult *rb,
                 const CtsimSettings *set, GError **error)
{
  g_autoptr (GPtrArray) runs = NULL;
  GStrv groups = cs_scenario_diff_groups (a, b, NULL);
  guint k = g_strv_length (groups), n, R = ra->n, nm = 0;
  CtsimAttribution *at;
  g_autofree double *v = NULL, *phi = NULL, *x = NULL;

  if (k > MAX_GROUPS)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "compare --attribute: the scenarios differ in %u groups "
                   "of parameters (at most %d: 2^k runs)",
                   k, MAX_GROUPS);
      g_strfreev (groups);
      return NULL;
    }
  n = 1u << k;
  runs = g_ptr_array_new_with_free_func (
      (GDestroyNotify)sim_runner_result_clear);
  /* runs->pdata[S]: the results of coalition S (0: A, n - 1: B). */
  {
    g_autofree SimRunnerResult *store = g_new0 (SimRunnerResult, n);
    for (guint S = 1; S + 1 < n; S++)
      {
        g_autoptr (GPtrArray) set_names = g_ptr_array_new ();
        g_autoptr (CsScenario) h = NULL;
        for (guint g = 0; g < k; g++)
          if (S & (1u << g))
            g_ptr_array_add (set_names, groups[g]);
        g_ptr_array_add (set_names, NULL);
        h = cs_scenario_hybrid (a, b, (const char *const *)set_names->pdata,
                                error);
        if (!h || !ctsim_simulate (h, set, &store[S], error))
          {
            for (guint j = 1; j <= S; j++)
              sim_runner_result_clear (&store[j]);
            g_strfreev (groups);
            return NULL;
          }
      }
    at = g_new0 (CtsimAttribution, 1);
    at->k = k;
    at->groups = groups;
    at->label_b = g_strdup (label_b);
    at->reps = R;
    for (guint m = 0; measures[m]; m++)
      nm++;
    at->n_measures = nm;
    at->mean = g_new0 (double, nm *(k + 1));
    at->lo = g_new0 (double, nm *(k + 1));
    at->hi = g_new0 (double, nm *(k + 1));
    v = g_new0 (double, n);
    phi = g_new0 (double, k + 1);
    x = g_new0 (double, (gsize)(k + 1) * R);
    for (guint m = 0; m < nm; m++)
      {
        for (guint r = 0; r < R; r++)
          {
            for (guint S = 0; S < n; S++)
              v[S] = value_of (S == 0       ? ra->reps[r]
                               : S + 1 == n ? rb->reps[r]
                                            : store[S].reps[r],
                               measures[m]);
            sim_shapley (k, v, phi);
            for (guint g = 0; g < k; g++)
              x[g * R + r] = phi[g];
            x[k * R + r] = v[n - 1] - v[0];
          }
        for (guint g = 0; g <= k; g++)
          sim_ci_t (&x[g * R], R, 0.95, &at->mean[m * (k + 1) + g],
                    &at->lo[m * (k + 1) + g], &at->hi[m * (k + 1) + g]);
      }
    for (guint S = 1; S + 1 < n; S++)
      sim_runner_result_clear (&store[S]);
  }
  return at;
}

static const char *
mech (const CtsimAttribution *at, guint g)
{
  return g < at->k ? at->groups[g] : "total";
}

void
ctsim_attribution_csv (const CtsimAttribution *at, GString *csv)
{
  g_string_append (csv, "group,measure,scenario,mechanism,contribution,ci_low,"
                        "ci_high\n");
  for (guint m = 0; m < at->n_measures; m++)
    for (guint g = 0; g <= at->k; g++)
      {
        gsize i = m * (at->k + 1) + g;
        g_string_append_printf (csv, "all,%s,%s,%s,%.10g,%.10g,%.10g\n",
                                measures[m], at->label_b, mech (at, g),
                                at->mean[i], at->lo[i], at->hi[i]);
      }
}

void
ctsim_attribution_print (const CtsimAttribution *at, const char *label_a)
{
  g_autoptr (GPtrArray) t
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  const char *head[]
      = { "measure", "mechanism", "contribution", "95% interval", NULL };

  printf ("Attribution of %s - %s to the groups of parameters in which they "
          "differ (Shapley values on common random numbers, %u "
          "replications; they add up to the total):\n",
          at->label_b, label_a, at->reps);
  g_ptr_array_add (t, g_strdupv ((char **)head));
  for (guint m = 0; m < at->n_measures; m++)
    for (guint g = 0; g <= at->k; g++)
      {
        gsize i = m * (at->k + 1) + g;
        g_autofree char *c = ctsim_num_text (at->mean[i], 4, TRUE);
        g_autofree char *l = ctsim_num_text (at->lo[i], 4, TRUE);
        g_autofree char *h = ctsim_num_text (at->hi[i], 4, TRUE);
        g_autofree char *ci = isfinite (at->lo[i])
                                  ? g_strdup_printf ("[%s, %s]", l, h)
                                  : g_strdup ("");
        const char *cells[]
            = { g == 0 ? measures[m] : "", mech (at, g), c, ci, NULL };
        g_ptr_array_add (t, g_strdupv ((char **)cells));
      }
  ctsim_print_table (t, 2);
}

void
ctsim_attribution_html (const CtsimAttribution *at, const char *label_a,
                        gboolean chart, GString *h)
{
  g_string_append_printf (
      h,
      "<section id=attribution><h2>Why the scenarios differ</h2>\n"
      "<p>Each whole-run difference of %s against %s split into the "
      "contributions of the groups of parameters in which the two "
      "scenarios differ (Shapley values over the %u groups, %u scenario "
      "runs on common random numbers, %u replications; 95%% intervals "
      "across replications). The contributions add up to the total. "
      "Groups come from the parameters' names (docs/model.md, "
      "\"Attribution\").</p>\n<table><tr><th>measure</th>",
      at->label_b, label_a, at->k, 1u << at->k, at->reps);
  for (guint g = 0; g <= at->k; g++)
    g_string_append_printf (h, "<th>%s</th>", mech (at, g));
  g_string_append (h, "</tr>\n");
  for (guint m = 0; m < at->n_measures; m++)
    {
      g_string_append_printf (h, "<tr><td>%s</td>", measures[m]);
      for (guint g = 0; g <= at->k; g++)
        {
          gsize i = m * (at->k + 1) + g;
          g_autofree char *c = ctsim_num_text (at->mean[i], 4, TRUE);
          g_autofree char *l = ctsim_num_text (at->lo[i], 3, TRUE);
          g_autofree char *u = ctsim_num_text (at->hi[i], 3, TRUE);
          g_string_append_printf (h, "<td>%s<br><small>[%s, %s]</small></td>",
                                  c, l, u);
        }
      g_string_append (h, "</tr>\n");
    }
  g_string_append (h, "</table>\n");
  if (chart)
    g_string_append (h, "<p><img src=\"plots/attribution.png\" "
                        "alt=\"Contributions of each group of parameters to "
                        "each headline difference\"></p>\n");
  g_string_append (h, "</section>\n");
}

gboolean
ctsim_attribution_chart (const CtsimAttribution *at, const char *folder,
                         const char *source, gboolean *drawn, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) meta = g_string_new (NULL);
  g_autofree char *plots = g_build_filename (folder, "plots", NULL);
  g_autofree char *dpath = g_build_filename (plots, "attribution.dat", NULL);
  g_autofree char *mpath
      = g_build_filename (plots, "attribution-meta.gp", NULL);
  g_autofree char *why = NULL;
  g_autofree const char **names = g_new0 (const char *, at->k + 2);
  g_autofree char *q = ctsim_plots_quote (source);

  for (guint m = 0; m < at->n_measures; m++)
    {
      g_string_append_printf (dat, "# %s\n", measures[m]);
      for (guint g = 0; g <= at->k; g++)
        {
          gsize i = m * (at->k + 1) + g;
          g_string_append_printf (dat, "%u", g + 1);
          ctsim_plots_dat_num (dat, at->mean[i]);
          ctsim_plots_dat_num (dat, at->lo[i]);
          ctsim_plots_dat_num (dat, at->hi[i]);
          g_string_append (dat, "\n");
        }
      g_string_append (dat, "\n\n");
    }
  for (guint g = 0; g <= at->k; g++)
    names[g] = mech (at, g);
  g_string_append_printf (meta, "attribution_n_panels = %u\n", at->n_measures);
  g_string_append_printf (meta, "attribution_n_bars = %u\n", at->k + 1);
  ctsim_plots_meta_array (meta, "attribution_panel", measures, at->n_measures);
  ctsim_plots_meta_array (meta, "attribution_bar", names, at->k + 1);
  g_string_append_printf (meta, "attribution_source = %s\n", q);
  if (g_mkdir_with_parents (plots, 0777) != 0
      || !g_file_set_contents (dpath, dat->str, (gssize)dat->len, error)
      || !g_file_set_contents (mpath, meta->str, (gssize)meta->len, error))
    {
      if (error && !*error)
        g_set_error (error, SIM_ERROR, SIM_ERROR_IO, "%s: cannot write", plots);
      else if (error)
        (*error)->code = SIM_ERROR_IO, (*error)->domain = SIM_ERROR;
      return FALSE;
    }
  *drawn = ctsim_plots_draw (folder, "attribution", &why) == CTSIM_DRAW_OK;
  if (!*drawn && why)
    fprintf (stderr, "ctsim: warning: attribution chart not drawn: %s\n", why);
  return TRUE;
}
