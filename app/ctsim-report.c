/* ctsim-report.c: charts and report.html (see ctsim-report.h).
 *
 * Invariants: every string that comes from a scenario, a result or the
 * command line goes through html_printf() (g_markup_printf_escaped) before it
 * reaches the page; the page references nothing outside itself but the
 * sibling files of the output folder (plots/NAME.svg, the CSVs), which
 * are links, not resources the page needs to render; charts are embedded
 * as data:image/png;base64 URIs of the PNGs ctsim-plots.c drew.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "app/ctsim-headline.h"
#include "models/params/cs-outputs.h"
#include "app/ctsim-report.h"
#include "app/ctsim-table.h"
#include "sim/sim-error.h"
#include "sim/sim-json.h"
#include "sim/sim-stats.h"

#define MAX_HEADLINE_ROWS 40
#define MAX_COMPARE_KEYS 24
#define MAX_SWEEP_MEASURES 4

/* ---- the parameters -------------------------------------------------- */

static void
add_param (const char *path, const char *value, const char *source,
           gpointer data)
{
  GPtrArray *out = data;

  g_ptr_array_add (out, g_strdup (path));
  g_ptr_array_add (out, g_strdup (value));
  g_ptr_array_add (out, g_strdup (source));
}

char **
ctsim_report_params (const CsScenario *sc)
{
  GPtrArray *out = g_ptr_array_new ();

  cs_scenario_params_foreach (sc, add_param, out);
  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (out, FALSE);
}

/* ---- HTML helpers ------------------------------------------------------ */

static void html_printf (GString *h, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

/* printf with every %s argument escaped. */
static void
html_printf (GString *h, const char *format, ...)
{
  va_list ap;
  g_autofree char *s = NULL;

  va_start (ap, format);
  s = g_markup_vprintf_escaped (format, ap);
  va_end (ap);
  g_string_append (h, s);
}

static char *
fmt_num (double x)
{
  if (!isfinite (x))
    return g_strdup ("&ndash;");
  return ctsim_num_text (x, 4, FALSE);
}

static void
html_ci (GString *h, double mean, double lo, double hi)
{
  g_autofree char *m = fmt_num (mean);
  g_autofree char *l = fmt_num (lo);
  g_autofree char *u = fmt_num (hi);

  g_string_append_printf (h, "<td class=num>%s</td><td class=num>", m);
  if (isfinite (lo))
    g_string_append_printf (h, "[%s, %s]", l, u);
  else
    g_string_append (h, "&ndash;");
  g_string_append (h, "</td>");
}

char *
ctsim_report_command_line (int argc, char **argv)
{
  GString *s = g_string_new ("ctsim");

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *q = NULL;

      if (argv[i][0]
          && strspn (argv[i], "abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789-_./=:,+@%")
                 == strlen (argv[i]))
        q = g_strdup (argv[i]);
      else
        q = g_shell_quote (argv[i]);
      g_string_append_printf (s, " %s", q);
    }
  return g_string_free (s, FALSE);
}

/* ---- sections ----------------------------------------------------------- */

static const char *
kind_word (CtsimPlotsKind kind)
{
  return kind == CTSIM_PLOTS_COMPARE ? "compare"
         : kind == CTSIM_PLOTS_SWEEP ? "sweep"
                                     : "run";
}

static char *
page_title (const CtsimReportInput *in)
{
  GString *t = g_string_new (NULL);

  if (in->kind == CTSIM_PLOTS_SWEEP)
    g_string_append_printf (t, "%s: sweep of %u points",
                            cs_scenario_name (in->base), in->n);
  else
    for (guint i = 0; i < in->n; i++)
      g_string_append_printf (t, "%s%s", i ? " vs " : "", in->series[i].label);
  return g_string_free (t, FALSE);
}

static void
section_header (GString *h, const CtsimReportInput *in, const char *title)
{
  const CsScenario *first = in->base ? in->base : in->scenarios[0];

  html_printf (h,
               "<header><p class=kicker>ctsim %s &middot; %s</p>"
               "<h1>%s</h1>\n",
               PACKAGE_VERSION, kind_word (in->kind), title);
  if (in->kind == CTSIM_PLOTS_COMPARE)
    for (guint i = 0; i < in->n; i++)
      html_printf (h, "<p class=desc><b>%s</b>: %s</p>\n", in->series[i].label,
                   cs_scenario_description (in->scenarios[i]));
  else
    html_printf (h, "<p class=desc>%s</p>\n", cs_scenario_description (first));
  g_string_append (h, "</header>\n");
}

static void
fact (GString *h, const char *name, const char *value)
{
  html_printf (h, "<tr><th>%s</th><td>%s</td></tr>\n", name, value);
}

static void
section_facts (GString *h, const CtsimReportInput *in)
{
  const CsScenario *first = in->base ? in->base : in->scenarios[0];
  const CsRunSettings *run = cs_scenario_run_settings (first);
  g_autofree char *reps = g_strdup_printf (
      "%u%s", in->set->replications,
      in->n > 1
          ? (in->kind == CTSIM_PLOTS_SWEEP ? " per point" : " per scenario")
          : "");
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, in->set->seed);
  g_autofree char *period
      = g_strdup_printf ("%g year%s observed after %g year%s of warm-up",
                         run->years, run->years == 1 ? "" : "s",
                         run->warmup_years, run->warmup_years == 1 ? "" : "s");
  g_autofree char *jobs = g_strdup_printf ("%u", in->set->jobs);
  g_autofree char *wall = g_strdup_printf (
      "%.2f s, %" G_GUINT64_FORMAT " events", in->wall_seconds, in->events);

  g_string_append (h,
                   "<section id=facts><h2>The run</h2><table class=facts>\n");
  fact (h, "replications", reps);
  fact (h, "seed", seed);
  fact (h, "period", period);
  fact (h, "threads", jobs);
  fact (h, "wall time", wall);
  if (in->kind == CTSIM_PLOTS_COMPARE || in->kind == CTSIM_PLOTS_SWEEP)
    fact (h, "random numbers",
          "common: replication r of every scenario or point draws from the "
          "same streams, so differences are paired");
  g_string_append (h, "</table></section>\n");
}

/* Run and sweep: the headline table of series s's own results. */
static void
headline_table (GString *h, const CtsimSeries *series)
{
  const char *labels[] = { series->label };
  SimResults *const *reps[] = { series->reps };
  g_autoptr (SimComparison) c = sim_comparison_new (1, labels, reps, series->n);
  g_autoptr (GArray) keys = ctsim_headline_keys (c, MAX_HEADLINE_ROWS);

  g_string_append (h, "<table><thead><tr><th>group</th><th>measure</th>"
                      "<th>mean</th><th>95% interval</th><th>n</th></tr>"
                      "</thead><tbody>\n");
  for (guint i = 0; i < keys->len; i++)
    {
      const SimComparisonCell *cell
          = sim_comparison_cell (c, g_array_index (keys, gsize, i), 0);

      html_printf (h, "<tr><td>%s</td><td>%s</td>", cell->group, cell->measure);
      html_ci (h, cell->mean, cell->ci_low, cell->ci_high);
      g_string_append_printf (h, "<td class=num>%u</td></tr>\n", cell->n);
    }
  g_string_append (h, "</tbody></table>\n");
  if (sim_comparison_n_keys (c) > keys->len)
    g_string_append_printf (h,
                            "<p class=note>%u of %u rows; every row is "
                            "in <a href=\"summary.csv\">summary.csv</a>."
                            "</p>\n",
                            keys->len, (guint)sim_comparison_n_keys (c));
}

static void
section_headline (GString *h, const CtsimReportInput *in)
{
  g_string_append (h, "<section id=headline><h2>Headline results</h2>\n"
                      "<p>Whole observed period; mean over replications "
                      "with its Student-t 95% interval.</p>\n");
  headline_table (h, &in->series[0]);
  g_string_append (h, "</section>\n");
}

/* ---- compare ------------------------------------------------------------ */

/* A mean and its interval as a person reads them (percentages, money,
 * days), for the comparison table. */
static void
html_measure_ci (GString *h, const char *measure, double mean, double lo,
                 double hi)
{
  g_autofree char *m = ctsim_measure_text (measure, mean);
  g_autofree char *l = ctsim_measure_text (measure, lo);
  g_autofree char *u = ctsim_measure_text (measure, hi);

  html_printf (h, "<td class=num>%s</td><td class=num>", m);
  if (isfinite (lo))
    html_printf (h, "%s to %s", l, u);
  else
    g_string_append (h, "&ndash;");
  g_string_append (h, "</td>");
}

static void
compare_row (GString *h, const SimComparison *cmp, gsize k, guint s)
{
  const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
  gboolean differs = sim_comparison_cell_differs (c);
  const char *j = ctsim_judgement (c->measure, c->diff, differs);

  g_string_append (h, s == 0 ? "<tr class=first>" : "<tr>");
  if (s == 0)
    {
      g_autofree char *group = cs_out_group_label (c->group);
      g_autofree char *heading = ctsim_measure_heading (c->measure);

      html_printf (h,
                   "<td rowspan=%u>%s</td><td rowspan=%u>%s "
                   "<code class=id>%s</code></td>",
                   sim_comparison_n_scenarios (cmp), group,
                   sim_comparison_n_scenarios (cmp), heading, c->measure);
    }
  html_printf (h, "<td>%s</td>", sim_comparison_label (cmp, s));
  html_measure_ci (h, c->measure, c->mean, c->ci_low, c->ci_high);
  if (s == 0)
    {
      g_string_append (h, "<td colspan=3 class=ref>reference</td></tr>\n");
      return;
    }
  {
    g_autofree char *d = ctsim_measure_diff_text (c->measure, c->diff);

    html_printf (h, "<td class=\"num%s%s\">%s</td>", *j ? " " : "", j, d);
  }
  if (isfinite (c->diff_ci_low))
    {
      g_autofree char *l = ctsim_measure_diff_text (c->measure, c->diff_ci_low);
      g_autofree char *u
          = ctsim_measure_diff_text (c->measure, c->diff_ci_high);

      html_printf (h, "<td class=num>%s to %s", l, u);
      g_string_append (h, differs ? " <b class=differs>*</b></td>" : "</td>");
    }
  else
    g_string_append (h, "<td class=num>&ndash;</td>");
  html_printf (h, "<td class=\"%s\">%s</td></tr>\n", j, j);
}

static void
compare_widths (GString *h, const SimComparison *cmp)
{
  guint narrower;
  double median;
  guint n = ctsim_width_summary (cmp, &narrower, &median);

  g_string_append (h, "<h3>Paired against unpaired intervals</h3>\n");
  if (n == 0)
    {
      g_string_append (h, "<p>No difference has both intervals (too few "
                          "replications).</p>\n");
      return;
    }
  g_string_append_printf (
      h,
      "<p>The paired interval of a difference uses the pairing of "
      "replications on common random numbers; the unpaired (Welch) interval "
      "ignores it. The paired interval is the narrower for %u of %u "
      "differences; the median ratio of paired to unpaired width is "
      "%.2f. Every width is in <a href=\"comparison-widths.csv\">"
      "comparison-widths.csv</a>.</p>\n",
      narrower, n, median);
}

static void
section_compare (GString *h, const SimComparison *cmp, const char *headline)
{
  g_autoptr (GArray) keys = ctsim_headline_keys (cmp, MAX_COMPARE_KEYS);

  g_string_append (h, "<section id=comparison><h2>Comparison</h2>\n");
  if (headline)
    {
      g_string_append (h, "<div class=headline><h3>In short</h3>\n");
      g_string_append (h, headline);
      g_string_append (h, "</div>\n");
    }
  html_printf (h,
               "<p>Differences are each scenario minus <b>%s</b>, paired "
               "replication by replication, with the paired-t 95%% "
               "interval; <b class=differs>*</b> marks a difference whose "
               "interval excludes zero. <span class=better>better</span> "
               "and <span class=worse>worse</span> judge such a "
               "difference by the measure's direction (stated with it); "
               "money and counts of activity are neither. Shares are in "
               "percent and their differences in percentage points (pt); "
               "money and days of unmet need are totals over the observed "
               "years. Intervals cover the chance variation between "
               "replications, not the uncertainty of the parameters.</p>\n",
               sim_comparison_label (cmp, 0));
  g_string_append (
      h, "<div class=wide><table class=compare><thead><tr><th>group</th>"
         "<th>measure</th><th>scenario</th><th>mean</th>"
         "<th>95% interval</th><th>difference</th>"
         "<th>paired 95% interval</th><th>judged</th></tr></thead><tbody>\n");
  for (guint i = 0; i < keys->len; i++)
    for (guint s = 0; s < sim_comparison_n_scenarios (cmp); s++)
      compare_row (h, cmp, g_array_index (keys, gsize, i), s);
  g_string_append (h, "</tbody></table></div>\n");
  g_string_append_printf (h,
                          "<p class=note>%u of %u (group, measure) "
                          "pairs; all are in <a href=\"comparison.csv\">"
                          "comparison.csv</a>, and in words in <a "
                          "href=\"summary.md\">summary.md</a>.</p>\n",
                          keys->len, (guint)sim_comparison_n_keys (cmp));
  compare_widths (h, cmp);
  g_string_append (h, "</section>\n");
}

/* ---- sweep -------------------------------------------------------------- */

static void
section_sweep (GString *h, const CtsimReportInput *in)
{
  g_autofree const char **labels = g_new0 (const char *, in->n);
  g_autofree SimResults *const **reps = g_new0 (SimResults *const *, in->n);
  g_autoptr (SimComparison) cmp = NULL;
  g_autoptr (GArray) keys = NULL;

  for (guint p = 0; p < in->n; p++)
    {
      labels[p] = in->series[p].label;
      reps[p] = in->series[p].reps;
    }
  cmp = sim_comparison_new (in->n, labels, reps, in->set->replications);
  keys = ctsim_sweep_keys (cmp, MAX_SWEEP_MEASURES);
  g_string_append (h, "<section id=sweep><h2>Sweep points</h2>\n<p>Every "
                      "point is the scenario with its values set (all in "
                      "<a href=\"points.csv\">points.csv</a>), run on the "
                      "same replications (common random numbers). Whole-run "
                      "means with 95% intervals; every measure is in "
                      "<a href=\"summary.csv\">summary.csv</a> (column "
                      "<code>point</code>).</p>\n"
                      "<div class=wide><table class=compare><thead><tr>"
                      "<th>point</th><th>label</th>");
  for (guint i = 0; i < keys->len; i++)
    {
      const SimComparisonCell *c
          = sim_comparison_cell (cmp, g_array_index (keys, gsize, i), 0);

      html_printf (h, "<th colspan=2>%s<br>%s</th>", c->group, c->measure);
    }
  g_string_append (h, "</tr></thead><tbody>\n");
  for (guint p = 0; p < in->n; p++)
    {
      html_printf (h, "<tr><td class=num>%u</td><td>%s</td>", p + 1, labels[p]);
      for (guint i = 0; i < keys->len; i++)
        {
          const SimComparisonCell *c
              = sim_comparison_cell (cmp, g_array_index (keys, gsize, i), p);

          html_ci (h, c->mean, c->ci_low, c->ci_high);
        }
      g_string_append (h, "</tr>\n");
    }
  g_string_append (h, "</tbody></table></div></section>\n");
}

/* ---- charts -------------------------------------------------------------- */

static void
chart_figure (GString *h, const char *folder, const CtsimChart *chart)
{
  g_autofree char *png
      = g_strdup_printf ("%s/plots/%s.png", folder, chart->name);
  g_autofree char *data = NULL;
  g_autofree char *b64 = NULL;
  gsize len = 0;

  if (!g_file_get_contents (png, &data, &len, NULL))
    return;
  b64 = g_base64_encode ((const guchar *)data, len);
  html_printf (h, "<figure id=\"chart-%s\"><img alt=\"%s\" src=\"", chart->name,
               chart->title);
  g_string_append (h, "data:image/png;base64,");
  g_string_append (h, b64);
  html_printf (h,
               "\"><figcaption><b>%s.</b> %s <a href=\"plots/%s.svg\">"
               "SVG</a> &middot; <a href=\"plots/%s.dat\">data</a> "
               "&middot; <code>plots/%s.gp</code></figcaption></figure>\n",
               chart->title, chart->caption, chart->name, chart->name,
               chart->name);
}

static void
section_charts (GString *h, const char *folder, const GPtrArray *charts)
{
  g_string_append (h, "<section id=charts><h2>Charts</h2>\n");
  if (charts->len == 0)
    g_string_append (h, "<p class=note>No charts: gnuplot could not draw "
                        "them (see the warning of the run). Their inputs "
                        "are in <code>plots/</code>; with gnuplot "
                        "installed, <code>gnuplot -e \"dir='OUTPUT'\" "
                        "plots/NAME.gp</code> draws one.</p>\n");
  for (guint i = 0; i < charts->len; i++)
    chart_figure (h, folder, charts->pdata[i]);
  g_string_append (h, "</section>\n");
}

/* ---- assumptions and reproduction --------------------------------------- */

static void
params_table (GString *h, const CsScenario *sc, gboolean open)
{
  g_auto (GStrv) p = ctsim_report_params (sc);
  guint n = p ? g_strv_length (p) / 3 : 0;

  html_printf (h,
               "<details%s><summary><b>%s</b> &mdash; %s "
               "(SHA-256 <code>%.12s&hellip;</code>), %u parameters"
               "</summary>\n",
               open ? " open" : "", cs_scenario_name (sc),
               cs_scenario_path (sc), cs_scenario_sha256 (sc), n);
  if (!p)
    {
      g_autoptr (SimJson) j = sim_json_new ();
      g_autofree char *text = NULL;

      cs_scenario_params_json (sc, j);
      text = sim_json_finish (j);
      html_printf (h, "<pre>%s</pre></details>\n", text);
      return;
    }
  g_string_append (h, "<table class=params><thead><tr><th>parameter</th>"
                      "<th>value</th><th>source</th></tr></thead><tbody>\n");
  for (guint i = 0; i < n; i++)
    html_printf (h,
                 "<tr><td><code>%s</code></td><td>%s</td><td>%s</td>"
                 "</tr>\n",
                 p[3 * i], p[3 * i + 1], p[3 * i + 2]);
  g_string_append (h, "</tbody></table></details>\n");
}

static void
section_assumptions (GString *h, const CtsimReportInput *in)
{
  g_string_append (h, "<section id=assumptions><h2>Assumptions</h2>\n"
                      "<p>Every parameter as resolved for this run "
                      "(<code>extends</code> merged, <code>--set</code> "
                      "applied) with its source: a published source by "
                      "its key in ctsim's docs/references.md, with a "
                      "section or table, or &ldquo;assumption&rdquo;, or "
                      "&ldquo;calibrated (&hellip;)&rdquo;.</p>\n");
  if (in->kind == CTSIM_PLOTS_SWEEP)
    {
      g_string_append (h, "<p>The swept parameters take the values listed "
                          "under <a href=\"#sweep\">Sweep points</a>.</p>\n");
      params_table (h, in->base, TRUE);
    }
  else
    for (guint i = 0; i < in->n; i++)
      params_table (h, in->scenarios[i], in->n == 1);
  g_string_append (h, "</section>\n");
}

/* The command with the seed and replications made explicit. */
static char *
pinned_command (const CtsimReportInput *in)
{
  g_autofree char *cmd
      = ctsim_report_command_line (in->opts->argc, in->opts->argv);
  GString *s = g_string_new (cmd);

  if (!in->opts->seed_set)
    g_string_append_printf (s, " --seed %" G_GUINT64_FORMAT, in->set->seed);
  if (in->opts->replications <= 0)
    g_string_append_printf (s, " --replications %u", in->set->replications);
  return g_string_free (s, FALSE);
}

static void
section_reproduce (GString *h, const CtsimReportInput *in)
{
  g_autofree char *cmd
      = ctsim_report_command_line (in->opts->argc, in->opts->argv);
  g_autofree char *pinned = pinned_command (in);

  html_printf (h,
               "<section id=reproduce><h2>How to reproduce</h2>\n"
               "<p>The command as it was run:</p><pre>%s</pre>\n"
               "<p>The same with the seed (%" G_GUINT64_FORMAT ") and "
               "the replications (%u) written out, so it does not depend "
               "on the scenario's defaults:</p><pre>%s</pre>\n",
               cmd, in->set->seed, in->set->replications, pinned);
  html_printf (h,
               "<p>With ctsim %s and the same scenario files (SHA-256 "
               "in <a href=\"manifest.json\">manifest.json</a>), the "
               "same seed and replications give byte-identical "
               "<code>results.csv</code> and <code>summary.csv</code>, "
               "whatever the number of threads (<code>--jobs</code>)."
               "</p></section>\n",
               PACKAGE_VERSION);
}

/* ---- the page ------------------------------------------------------------ */

static const char css[]
    = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
      "'DejaVu Sans',sans-serif;color:#222;max-width:1100px;margin:0 auto;"
      "padding:1.5em}"
      "h1{font-size:1.7em;margin:.1em 0 .4em}h2{margin-top:1.8em;"
      "border-bottom:1px solid #ccc;padding-bottom:.2em}"
      ".kicker{color:#666;margin:0;text-transform:uppercase;"
      "letter-spacing:.06em;font-size:.8em}"
      ".desc{margin:.3em 0}.note{color:#555;font-size:.9em}"
      "nav a{margin-right:1em}"
      "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
      "th,td{border-bottom:1px solid #e3e3e3;padding:.25em .6em;"
      "text-align:left;vertical-align:top}"
      "thead th{background:#f3f5f7}td.num{text-align:right;"
      "font-variant-numeric:tabular-nums;white-space:nowrap}"
      "table.facts th{font-weight:normal;color:#555}"
      "tr.first td{border-top:2px solid #ccc}td.ref{color:#777}"
      "table.compare{font-size:.85em}table.compare td.num{white-space:nowrap}"
      "table.compare td{max-width:22em}"
      ".wide{overflow-x:auto}"
      ".differs{font-weight:bold}.better{color:#1a7f37}"
      ".worse{color:#b42318}td.better,td.worse{font-weight:600}"
      "code.id{color:#777;font-size:.85em}"
      ".headline{background:#f6f8fa;border-left:4px solid #8aa;"
      "padding:.2em 1em;margin:1em 0}"
      "figure{margin:1.4em 0}figure img{max-width:100%;height:auto;"
      "border:1px solid #eee}"
      "figcaption{font-size:.9em;color:#444;margin-top:.3em}"
      "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;"
      "white-space:pre-wrap;word-break:break-all}"
      "details{margin:.5em 0}summary{cursor:pointer}"
      "table.params td{font-size:.92em}"
      "footer{margin-top:3em;color:#777;font-size:.85em}";

static void
page_start (GString *h, const char *title)
{
  html_printf (h,
               "<!DOCTYPE html>\n<html lang=\"en\"><head>"
               "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
               "content=\"width=device-width, initial-scale=1\">\n"
               "<title>ctsim: %s</title>\n",
               title);
  g_string_append_printf (h, "<style>%s</style></head>\n<body>\n", css);
}

static void
page_nav (GString *h, const CtsimReportInput *in)
{
  if (in->kind == CTSIM_PLOTS_COMPARE)
    {
      g_string_append (h, "<nav><a href=\"#comparison\">Comparison</a>");
      if (in->value_html)
        g_string_append (h, "<a href=\"#value\">Value for money</a>");
      if (in->attribution_html)
        g_string_append (h, "<a href=\"#attribution\">Why they differ</a>");
    }
  else if (in->kind == CTSIM_PLOTS_SWEEP)
    g_string_append (h, "<nav><a href=\"#sweep\">Sweep points</a>");
  else
    g_string_append (h, "<nav><a href=\"#headline\">Headline</a>");
  g_string_append (h, "<a href=\"#charts\">Charts</a>"
                      "<a href=\"#assumptions\">Assumptions</a>"
                      "<a href=\"#reproduce\">Reproduce</a></nav>\n");
}

static char *
report_html (const CtsimReportInput *in, const char *folder,
             const GPtrArray *charts)
{
  GString *h = g_string_new (NULL);
  g_autofree char *title = page_title (in);

  page_start (h, title);
  section_header (h, in, title);
  page_nav (h, in);
  section_facts (h, in);
  /* The headline table of a comparison is the comparison, of a sweep the
   * table of its points. */
  if (in->kind == CTSIM_PLOTS_COMPARE && in->comparison)
    {
      section_compare (h, in->comparison, in->headline_html);
      if (in->value_html)
        g_string_append (h, in->value_html);
      if (in->attribution_html)
        g_string_append (h, in->attribution_html);
    }
  else if (in->kind == CTSIM_PLOTS_SWEEP)
    section_sweep (h, in);
  else
    section_headline (h, in);
  section_charts (h, folder, charts);
  section_assumptions (h, in);
  section_reproduce (h, in);
  html_printf (h,
               "<footer>Written by ctsim %s. Results, summary, "
               "manifest: <a href=\"results.csv\">results.csv</a>, "
               "<a href=\"summary.csv\">summary.csv</a>, "
               "<a href=\"manifest.json\">manifest.json</a>.</footer>\n"
               "</body></html>\n",
               PACKAGE_VERSION);
  return g_string_free (h, FALSE);
}

/* The source line of every chart. */
static char *
source_line (const CtsimReportInput *in)
{
  g_autofree char *title = page_title (in);

  return g_strdup_printf (
      "ctsim %s %s: %s; seed %" G_GUINT64_FORMAT ", %u replications%s",
      PACKAGE_VERSION, kind_word (in->kind), title, in->set->seed,
      in->set->replications, in->n > 1 ? " each" : "");
}

/* services.<id>.name and partners.<id>.name -> the group that names them
 * in the results (service:<id>, partner:<id>) and the name. */
static void
add_entity_name (const char *path, const char *value,
                 const char *source G_GNUC_UNUSED, gpointer data)
{
  static const char *const kinds[][2]
      = { { "services.", CS_OUT_SERVICE_PREFIX },
          { "partners.", CS_OUT_PARTNER_PREFIX } };

  if (!g_str_has_suffix (path, ".name") || !*value)
    return;
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (g_str_has_prefix (path, kinds[k][0]))
      {
        gsize a = strlen (kinds[k][0]);
        g_autofree char *id = g_strndup (path + a, strlen (path) - a - 5);

        if (!strchr (id, '.'))
          g_hash_table_insert (data, g_strconcat (kinds[k][1], id, NULL),
                               g_strdup (value));
      }
}

gboolean
ctsim_report_write (SimOutputDir *dir, const CtsimReportInput *in,
                    GError **error)
{
  g_autoptr (GHashTable) names
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const CsScenario *named = in->base                     ? in->base
                            : in->n > 0 && in->scenarios ? in->scenarios[0]
                                                         : NULL;
  const char *folder = sim_output_dir_tmp_path (dir);
  g_autofree char *source = source_line (in);
  CtsimPlotsInput pin = {
    .kind = in->kind,
    .n_series = in->n,
    .series = in->series,
    .source = source,
    .n_params = in->n_params,
    .param_label = { in->param_label[0], in->param_label[1] },
    .comparison = in->comparison,
    .names = names,
  };
  g_autoptr (GPtrArray) charts = NULL;

  if (named)
    cs_scenario_params_foreach (named, add_entity_name, names);
  charts = ctsim_plots_write (folder, &pin, error);
  g_autofree char *page = NULL;

  if (!charts)
    return FALSE;
  page = report_html (in, folder, charts);
  return sim_output_dir_write (dir, "report.html", page, -1, error);
}

/* ---- terminal tables ----------------------------------------------------- */
