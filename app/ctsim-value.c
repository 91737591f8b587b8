/* ctsim-value.c: value for money in `ctsim compare` (issue 13).
 *
 * So that a cheaper arrangement that does less is not mistaken for a
 * worse one, every comparison reports, from each replication's whole-run
 * rows of group "all":
 *  - cost_per_child_reached_gbp (every scenario): spend_gbp /
 *    children_reached (children with a need who were served for it, summed
 *    over the yearly censuses: a cost per child-year reached); mean over
 *    replications with its Student-t 95% interval;
 *  - against the reference (scenario 0), paired by replication on common
 *    random numbers, per million pounds of the difference in spend
 *    (spend_gbp of the scenario minus the reference's): unmet-need days
 *    averted (the reference's unmet_need_days minus the scenario's) and
 *    the change of each ECM mean, as ratios of the mean paired
 *    differences with delta-method 95% intervals (sim_ci_ratio).  When the
 *    spend does not differ (its paired interval contains 0) the ratio is
 *    not defined: the row is written with empty values and the terminal
 *    says so.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "app/ctsim-headline.h"
#include "app/ctsim-table.h"
#include "app/ctsim-value.h"
#include "sim/sim-stats.h"

static const char *const ecm[]
    = { CS_OUT_ECM_BE_HEALTHY,         CS_OUT_ECM_STAY_SAFE,
        CS_OUT_ECM_ENJOY_ACHIEVE,      CS_OUT_ECM_POSITIVE_CONTRIBUTION,
        CS_OUT_ECM_ECONOMIC_WELLBEING, NULL };

static double
get (SimResults *res, const char *m)
{
  return sim_results_lookup (res, SIM_YEAR_ALL, CS_OUT_GROUP_ALL, m);
}

static void
csv_num (GString *csv, double x)
{
  if (isfinite (x))
    g_string_append_printf (csv, ",%.10g", x);
  else
    g_string_append (csv, ",");
}

static void
row (GString *csv, GString *text, GString *html, const char *label,
     const char *measure, double v, double lo, double hi, const char *what)
{
  g_autofree char *a = ctsim_fixed_text (v, 4, FALSE);
  g_autofree char *l = ctsim_fixed_text (lo, 3, FALSE);
  g_autofree char *h = ctsim_fixed_text (hi, 3, FALSE);
  g_autofree char *who = NULL;
  g_autofree char *ci
      = isfinite (lo) ? g_strdup_printf ("[%s, %s]", l, h) : g_strdup ("");

  g_string_append_printf (csv, "%s,%s", label, measure);
  csv_num (csv, v);
  csv_num (csv, lo);
  csv_num (csv, hi);
  g_string_append (csv, "\n");
  if (text && isfinite (v))
    {
      /* g_utf8_substring reads past a string shorter than its end */
      who = g_utf8_strlen (label, -1) > 22 ? g_utf8_substring (label, 0, 22)
                                           : g_strdup (label);
      if (g_utf8_strlen (label, -1) > 22)
        strcpy (g_utf8_offset_to_pointer (who, 19), "...");
      g_string_append_printf (text, "  %-22s %-40s %10s  %s\n", who, what, a,
                              ci);
    }
  if (html)
    g_string_append_printf (
        html, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", label,
        what, isfinite (v) ? a : "not defined (spend does not differ)", ci);
}

void
ctsim_value (guint n, const char *const *labels, SimResults *const *const *reps,
             guint n_reps, GString *csv, GString *text, GString *html)
{
  g_autofree double *x = g_new0 (double, MAX (1u, n_reps));
  g_autofree double *y = g_new0 (double, MAX (1u, n_reps));
  double m, lo, hi;

  g_string_append (csv, "scenario,measure,value,ci_low,ci_high\n");
  if (html)
    g_string_append (
        html,
        "<section id=value><h2>Value for money</h2>\n<p>Cost per child "
        "reached (spend over children with a need served for it, summed "
        "over the years), and, against the first scenario, what each "
        "changes per million pounds of the difference in spend, paired by "
        "replication (ratios of mean differences, delta-method 95% "
        "intervals). A ratio is not defined when the spend does not "
        "differ.</p>\n<table><tr><th>scenario</th><th>measure</th>"
        "<th>value</th><th>95% interval</th></tr>\n");
  for (guint s = 0; s < n; s++)
    {
      for (guint r = 0; r < n_reps; r++)
        x[r] = get (reps[s][r], CS_OUT_SPEND_GBP)
               / get (reps[s][r], CS_OUT_CHILDREN_REACHED);
      sim_ci_t (x, n_reps, 0.95, &m, &lo, &hi);
      row (csv, text, html, labels[s], "cost_per_child_reached_gbp", m, lo, hi,
           "cost per child-year reached (pounds)");
    }
  for (guint s = 1; s < n; s++)
    {
      double dlo, dhi, dm;
      gboolean defined;
      for (guint r = 0; r < n_reps; r++)
        x[r] = (get (reps[s][r], CS_OUT_SPEND_GBP)
                - get (reps[0][r], CS_OUT_SPEND_GBP))
               / 1e6;
      sim_ci_t (x, n_reps, 0.95, &dm, &dlo, &dhi);
      defined = isfinite (dlo) && (dlo > 0 || dhi < 0);
      row (csv, text, html, labels[s], "spend_difference_million_gbp", dm, dlo,
           dhi, "spend difference (million pounds)");
      if (text && !defined)
        g_string_append_printf (text,
                                "  %s: per million pounds not defined (the "
                                "spend does not differ)\n",
                                labels[s]);
      for (guint k = 0; k < 6; k++)
        {
          const char *meas = k == 0 ? CS_OUT_UNMET_NEED_DAYS : ecm[k - 1];
          g_autofree char *name
              = k == 0 ? g_strdup ("unmet_need_days_averted_per_million_gbp")
                       : g_strdup_printf ("%s_change_per_million_gbp", meas);
          g_autofree char *what
              = k == 0 ? g_strdup ("unmet-need days averted per £m")
                       : g_strdup_printf ("%s per £m (sd)",
                                          cs_out_ecm_titles[k - 1]);
          for (guint r = 0; r < n_reps; r++)
            y[r] = k == 0 ? get (reps[0][r], meas) - get (reps[s][r], meas)
                          : get (reps[s][r], meas) - get (reps[0][r], meas);
          if (defined)
            sim_ci_ratio (y, x, n_reps, 0.95, &m, &lo, &hi);
          else
            m = lo = hi = NAN;
          row (csv, text, html, labels[s], name, m, lo, hi, what);
        }
    }
  if (html)
    g_string_append (html, "</table></section>\n");
}
