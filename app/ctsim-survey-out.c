/* ctsim-survey-out.c: what `ctsim survey` writes and prints (see
 * ctsim-survey.h; the figures come from ctsim-survey.c).
 *
 * Files in the output folder (docs/outputs.md, docs/survey.md):
 *   survey.csv    item,sector,published,simulated_mean,ci_low,ci_high,
 *                 replications,seed,group,measure,name,source
 *   fit.csv       statistic,value,items: mean absolute error and
 *                 Spearman's rank correlation over the items with a
 *                 published figure (sim-fit.h)
 *   areas.csv     every drawn pathfinder of every replication and what
 *                 the survey found there
 *   results.csv   the items as rows per replication (year "all")
 *   summary.csv   their means and intervals (sim-output.h)
 *   manifest.json seed, replications, jobs, scenario, parameters,
 *                 published figures (path and SHA-256), events, time
 *   plots/survey.{dat,png,svg}, plots/meta.gp  the chart (plots/survey.gp)
 *   report.html   one self-contained page
 * A sweep's folder (ctsim-survey.c) holds a folder point-N of the above
 * per point and, at its top, survey.csv and fit.csv with a leading point
 * column, points.csv, manifest.json and plots/survey-sweep.{dat,png,svg}.
 * gnuplot runs as for the other charts (ctsim-plots.h): an argument
 * vector, no shell; its absence or failure is one warning, not an error.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "app/ctsim-codebook.h"
#include "app/ctsim-manifest.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-report.h"
#include "app/ctsim-setup.h"
#include "app/ctsim-survey.h"
#include "app/ctsim-table.h"
#include "sim/sim-error.h"
#include "sim/sim-json.h"
#include "sim/sim-output.h"

#define CHART "survey"

/* ---- CSV files ---------------------------------------------------------- */

void
ctsim_survey_csv_rows (GString *c, const CtsimSurvey *s, const char *point)
{
  for (guint k = 0; k < s->items->len; k++)
    {
      const CtsimSurveyItem *it = s->items->pdata[k];
      if (point)
        g_string_append_printf (c, "%s,", point);
      /* the figures first, at the columns they always had; then the
       * replications the item is defined in, the seed, the rows of
       * results.csv it is (group, measure), and the published file's name
       * and source, last because they are free text (issue 18 item 6) */
      sim_csv_append_field (c, it->item);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, it->sector);
      g_string_append_c (c, ',');
      sim_csv_append_double (c, it->published);
      g_string_append_c (c, ',');
      sim_csv_append_double (c, it->mean);
      g_string_append_c (c, ',');
      sim_csv_append_double (c, it->ci_low);
      g_string_append_c (c, ',');
      sim_csv_append_double (c, it->ci_high);
      g_string_append_printf (c, ",%u,%" G_GUINT64_FORMAT ",", it->n,
                              s->set.seed);
      sim_csv_append_field (c, it->group);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, it->measure);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, it->published_name ? it->published_name
                                                  : it->label);
      g_string_append_c (c, ',');
      sim_csv_append_field (c,
                            it->published_source ? it->published_source : "");
      g_string_append_c (c, '\n');
    }
}

void
ctsim_survey_fit_rows (GString *c, const CtsimSurvey *s, const char *point)
{
  const char *const names[] = {
    "mean_absolute_error",
    "spearman_rank_correlation",
    "in_sample_mean_absolute_error",
    "out_of_sample_mean_absolute_error",
    "out_of_sample_spearman_rank_correlation",
    "out_of_sample_sum_published",
    "out_of_sample_sum_simulated",
  };
  const double values[] = {
    s->mae,          s->spearman,          s->mae_in,           s->mae_out,
    s->spearman_out, s->sum_out_published, s->sum_out_simulated
  };
  const guint items[]
      = { s->n_fit, s->n_fit, s->n_in, s->n_out, s->n_out, s->n_out, s->n_out };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      if (point)
        g_string_append_printf (c, "%s,", point);
      g_string_append_printf (c, "%s,", names[k]);
      sim_csv_append_double (c, values[k]);
      g_string_append_printf (c, ",%u\n", items[k]);
    }
}

static GString *
survey_csv (const CtsimSurvey *s)
{
  GString *c = g_string_new (CTSIM_SURVEY_HEADER "\n");

  ctsim_survey_csv_rows (c, s, NULL);
  return c;
}

static GString *
fit_csv (const CtsimSurvey *s)
{
  GString *c = g_string_new (CTSIM_SURVEY_FIT_HEADER "\n");

  ctsim_survey_fit_rows (c, s, NULL);
  return c;
}

static GString *
areas_csv (const CtsimSurvey *s)
{
  GString *c = g_string_new (
      "replication,pathfinder,kind,pcts,children,deprivation,focus,"
      "group,pooled_share,board_start_days,jointly_commissioning,"
      "joint_services,joint_health,joint_education,joint_social_care");
  const CsParams *b = s->base;

  for (guint d = 0; s->n_dates > 1 && d < s->n_dates; d++)
    g_string_append_printf (c, ",joint_services_months_%g", s->date_months[d]);
  for (guint k = 0; k < s->pf->n_contributions; k++)
    {
      g_autofree char *name
          = g_strconcat ("aligned_", s->pf->contributions[k].id, NULL);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, name);
    }
  for (guint k = 0; k < s->pf->n_agreements; k++)
    {
      g_autofree char *name
          = g_strconcat ("agreement_", s->pf->agreements[k].id, NULL);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, name);
    }
  g_string_append_c (c, '\n');

  for (guint i = 0; i < s->set.replications * s->n_areas; i++)
    {
      const CtsimSurveyArea *x = &s->areas[i];
      const CsPfFocus *f = &s->pf->foci[x->area.focus];
      guint by[CS_N_SECTORS] = { 0 };
      for (guint k = 0; k < b->n_services; k++)
        by[b->services[k].sector] += x->joint[k];
      g_string_append_printf (c, "%u,%u,", i / s->n_areas, i % s->n_areas);
      sim_csv_append_field (c, s->pf->authorities[x->area.authority].id);
      g_string_append_printf (c, ",%u,", x->area.pcts);
      sim_csv_append_double (c, round (x->area.children));
      g_string_append_c (c, ',');
      sim_csv_append_double (c, x->area.deprivation);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, f->id);
      g_string_append_c (c, ',');
      sim_csv_append_field (c, f->group);
      g_string_append_c (c, ',');
      sim_csv_append_double (c, x->area.pooled_share);
      g_string_append_c (c, ',');
      sim_csv_append_double (c, x->area.board_start);
      g_string_append_printf (c, ",%d,%u,%u,%u,%u", x->n_joint > 0, x->n_joint,
                              by[CS_SECTOR_HEALTH], by[CS_SECTOR_EDUCATION],
                              by[CS_SECTOR_SOCIAL_CARE]);
      for (guint d = 0; s->n_dates > 1 && d < s->n_dates; d++)
        g_string_append_printf (c, ",%u", x->n_joint_at[d]);
      for (guint k = 0; k < s->pf->n_contributions; k++)
        {
          g_string_append_c (c, ',');
          sim_csv_append_double (c, x->area.aligned[k]);
        }
      for (guint k = 0; k < s->pf->n_agreements; k++)
        g_string_append_printf (
            c, ",%d", k < 32 && (x->area.agreements & CS_BIT (k)) != 0);
      g_string_append_c (c, '\n');
    }
  return c;
}

/* ---- manifest.json ------------------------------------------------------- */

static char *
manifest (const CtsimSurvey *s, const CtsimOptions *opts)
{
  g_autoptr (SimJson) j = sim_json_new ();

  ctsim_manifest_open (j, "survey", opts, &s->set, s->sc);
  sim_json_key (j, "pathfinders");
  sim_json_int (j, s->n_areas);
  sim_json_key (j, "engine_replication");
  sim_json_string (j, "replication x pathfinders + pathfinder");
  sim_json_key (j, "published");
  sim_json_begin_object (j);
  sim_json_key (j, "path");
  if (s->published_path)
    sim_json_string (j, s->published_path);
  else
    sim_json_null (j);
  sim_json_key (j, "sha256");
  if (s->published_sha256)
    sim_json_string (j, s->published_sha256);
  else
    sim_json_null (j);
  sim_json_end_object (j);
  return ctsim_manifest_end (j, s->events, s->wall_seconds);
}

/* ---- the chart ---------------------------------------------------------- */

/* The items counted in pathfinders (the headline, the sectors, the
 * services): those the chart shows. */
static gboolean
counted (const CtsimSurveyItem *it)
{
  return strcmp (it->item, "pathfinders_jointly_commissioning") == 0
         || strcmp (it->item, "pathfinders_with_joint_service") == 0
         || g_str_has_prefix (it->item, "service:");
}

/* A service's label with its sector in words, "Respite care (health)",
 * unless the name already says it.  (transfer full) */
static char *
chart_label (const CtsimSurveyItem *it)
{
  g_autofree char *words = g_strdelimit (g_strdup (it->sector), "_", ' ');
  g_autofree char *suffix = g_strdup_printf ("(%s)", words);

  if (!g_str_has_prefix (it->item, "service:")
      || g_str_has_suffix (it->label, suffix))
    return g_strdup (it->label);
  return g_strdup_printf ("%s %s", it->label, suffix);
}

/* survey.dat: "row published mean ci_low ci_high" per counted item, and
 * meta.gp: the source line, the number of rows and their labels. */
static void
chart_inputs (const CtsimSurvey *s, GString *dat, GString *meta)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *src = g_strdup_printf (
      "ctsim %s survey: %s, seed %" G_GUINT64_FORMAT ", %u replications of %u "
      "pathfinders; published: [SENPOG 2006] Husbands",
      PACKAGE_VERSION, cs_scenario_name (s->sc), s->set.seed,
      s->set.replications, s->n_areas);
  g_autofree char *qsrc = ctsim_plots_quote (src);

  for (guint k = 0; k < s->items->len; k++)
    {
      const CtsimSurveyItem *it = s->items->pdata[k];
      if (!counted (it))
        continue;
      g_ptr_array_add (labels, chart_label (it));
      g_string_append_printf (dat, "%u", labels->len);
      ctsim_plots_dat_num (dat, it->published);
      ctsim_plots_dat_num (dat, it->mean);
      ctsim_plots_dat_num (dat, it->ci_low);
      ctsim_plots_dat_num (dat, it->ci_high);
      g_string_append_c (dat, '\n');
    }
  g_string_append_printf (meta, "source_line = %s\nsurvey_n = %u\n", qsrc,
                          labels->len);
  g_string_append_printf (meta, "survey_count = %u\n", s->n_areas);
  ctsim_plots_meta_array (meta, "survey_label",
                          (const char *const *)labels->pdata, labels->len);
}

/* Run plots/NAME.gp in folder; NULL when drawn, else why not. */
static char *
draw (const char *folder, const char *name)
{
  g_autofree char *why = NULL;

  switch (ctsim_plots_draw (folder, name, &why))
    {
    case CTSIM_DRAW_OK:
      return NULL;
    case CTSIM_DRAW_MISSING:
      return g_strdup_printf ("cannot run gnuplot (%s); install gnuplot "
                              "(Debian: gnuplot-nox) or set CTSIM_GNUPLOT",
                              why);
    case CTSIM_DRAW_FAILED:
    default:
      return g_strdup_printf ("gnuplot failed: %s", why);
    }
}

/* Write plots/NAME.dat and plots/meta.gp into the folder and draw the
 * chart; *drawn says whether it was (gnuplot's absence or failure is one
 * warning line, not an error). */
static gboolean
draw_into (SimOutputDir *dir, const char *name, const GString *dat,
           const GString *meta, gboolean *drawn, GError **error)
{
  const char *folder = sim_output_dir_tmp_path (dir);
  g_autofree char *plots = g_build_filename (folder, "plots", NULL);
  g_autofree char *dat_name = g_strconcat (name, ".dat", NULL);
  g_autofree char *why = NULL;

  *drawn = FALSE;
  if (g_mkdir_with_parents (plots, 0777) != 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_IO, "cannot create %s", plots);
      return FALSE;
    }
  if (!sim_output_write_in (plots, dat_name, plots, dat->str, (gssize)dat->len,
                            error)
      || !sim_output_write_in (plots, "meta.gp", plots, meta->str,
                               (gssize)meta->len, error))
    return FALSE;
  why = draw (folder, name);
  if (why)
    fprintf (stderr,
             "ctsim: warning: %s; no chart drawn (the CSV files and "
             "the chart's input are written)\n",
             why);
  *drawn = why == NULL;
  return TRUE;
}

/* Write the chart's inputs and draw it; *drawn says whether it was. */
static gboolean
chart (SimOutputDir *dir, const CtsimSurvey *s, gboolean *drawn, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) meta = g_string_new (NULL);

  chart_inputs (s, dat, meta);
  return draw_into (dir, CHART, dat, meta, drawn, error);
}

const CtsimSweepSeries ctsim_survey_sweep_series[CTSIM_SURVEY_SWEEP_SERIES]
    = { { "pathfinders_jointly_commissioning", "all", "jointly commissioning" },
        { "pathfinders_with_joint_service", "social_care",
          "with a social care service" },
        { "pathfinders_with_joint_service", "health", "with a health service" },
        { "pathfinders_with_joint_service", "education",
          "with an education service" } };

gboolean
ctsim_survey_sweep_chart (SimOutputDir *dir, const CtsimSurvey *s,
                          const double *fig, GError **error)
{
  guint n = cs_scenario_sweep_n_points (s->sc);
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) meta = g_string_new (NULL);
  g_autofree char *src = g_strdup_printf (
      "ctsim %s survey: %s, %u points, seed %" G_GUINT64_FORMAT
      ", %u replications of %u pathfinders each; published: [SENPOG 2006] "
      "Husbands",
      PACKAGE_VERSION, cs_scenario_name (s->sc), n, s->set.seed,
      s->set.replications, s->n_areas);
  g_autofree char *qsrc = ctsim_plots_quote (src);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  const char *series[CTSIM_SURVEY_SWEEP_SERIES];
  double published[CTSIM_SURVEY_SWEEP_SERIES];
  gboolean drawn;

  for (guint k = 0; k < CTSIM_SURVEY_SWEEP_SERIES; k++)
    {
      if (k)
        g_string_append (dat, "\n\n");
      for (guint i = 0; i < n; i++)
        {
          const double *x = fig + (i * CTSIM_SURVEY_SWEEP_SERIES + k) * 3;
          g_string_append_printf (dat, "%u", i + 1);
          ctsim_plots_dat_num (dat, x[0]);
          ctsim_plots_dat_num (dat, x[1]);
          ctsim_plots_dat_num (dat, x[2]);
          g_string_append_c (dat, '\n');
        }
    }
  g_string_append_printf (
      meta,
      "source_line = %s\nsweep_n = %u\nsurvey_count = %u\nseries_n = %u\n",
      qsrc, n, s->n_areas, CTSIM_SURVEY_SWEEP_SERIES);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (labels, (gpointer)cs_scenario_sweep_label (s->sc, i));
  ctsim_plots_meta_array (meta, "sweep_label",
                          (const char *const *)labels->pdata, n);
  for (guint k = 0; k < CTSIM_SURVEY_SWEEP_SERIES; k++)
    {
      const CtsimSurveyItem *it
          = ctsim_survey_find_item (s, ctsim_survey_sweep_series[k].item,
                                    ctsim_survey_sweep_series[k].sector);
      series[k] = ctsim_survey_sweep_series[k].label;
      published[k] = it ? it->published : NAN;
    }
  ctsim_plots_meta_array (meta, "series_label", series,
                          CTSIM_SURVEY_SWEEP_SERIES);
  ctsim_plots_meta_num_array (meta, "series_published", published,
                              CTSIM_SURVEY_SWEEP_SERIES);
  return draw_into (dir, "survey-sweep", dat, meta, &drawn, error);
}

/* ---- report.html -------------------------------------------------------- */

static void
esc (GString *h, const char *text)
{
  g_autofree char *e = g_markup_escape_text (text ? text : "", -1);

  g_string_append (h, e);
}

static char *
num_text (double x, const char *fmt)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return isfinite (x) ? g_strdup (g_ascii_formatd (buf, sizeof buf, fmt, x))
                      : g_strdup ("");
}

static char *
interval_text (const CtsimSurveyItem *it, const char *fmt)
{
  g_autofree char *m = num_text (it->mean, fmt);
  g_autofree char *lo = num_text (it->ci_low, fmt);
  g_autofree char *hi = num_text (it->ci_high, fmt);

  if (!*m)
    return g_strdup ("-");
  if (!*lo)
    return g_strdup (m);
  return g_strdup_printf ("%s [%s, %s]", m, lo, hi);
}

static void
report_table (GString *h, const CtsimSurvey *s)
{
  g_string_append (h, "<table><thead><tr><th>item</th><th>sector</th>"
                      "<th>published</th><th>simulated mean [95% "
                      "interval]</th></tr></thead><tbody>\n");
  for (guint k = 0; k < s->items->len; k++)
    {
      const CtsimSurveyItem *it = s->items->pdata[k];
      g_autofree char *p = num_text (it->published, "%.4g");
      g_autofree char *m = interval_text (it, "%.3g");
      g_string_append (h, "<tr><td>");
      esc (h, it->label);
      g_string_append (h, "<br><span class=\"note\">");
      esc (h, it->item);
      g_string_append (h, "</span></td><td>");
      esc (h, it->sector);
      g_string_append_printf (h,
                              "</td><td class=\"num\">%s</td>"
                              "<td class=\"num\">%s</td></tr>\n",
                              p, m);
    }
  g_string_append (h, "</tbody></table>\n");
}

static void
report_params (GString *h, const CtsimSurvey *s)
{
  g_auto (GStrv) params = ctsim_report_params (s->sc);

  g_string_append (h, "<details><summary>Every parameter of the base area "
                      "and of the generator, with its source</summary>"
                      "<table class=\"params\"><thead><tr><th>parameter</th>"
                      "<th>value</th><th>source</th></tr></thead><tbody>\n");
  for (guint i = 0; params && params[i]; i += 3)
    {
      g_string_append (h, "<tr><td>");
      esc (h, params[i]);
      g_string_append (h, "</td><td>");
      esc (h, params[i + 1]);
      g_string_append (h, "</td><td>");
      esc (h, params[i + 2]);
      g_string_append (h, "</td></tr>\n");
    }
  g_string_append (h, "</tbody></table></details>\n");
}

static void
report_chart (GString *h, const char *folder)
{
  g_autofree char *png = g_build_filename (folder, "plots", CHART ".png", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *b64 = NULL;
  gsize len = 0;

  if (!g_file_get_contents (png, &bytes, &len, NULL))
    return;
  b64 = g_base64_encode ((const guchar *)bytes, len);
  g_string_append_printf (
      h,
      "<figure><img alt=\"published against simulated\" "
      "src=\"data:image/png;base64,%s\"><figcaption>Published figures "
      "(diamonds) against the simulated means with their 95%% intervals "
      "across replications (bars), in pathfinders.</figcaption></figure>\n",
      b64);
}

static char *
report_html (const CtsimSurvey *s, const CtsimOptions *opts, const char *folder,
             gboolean drawn)
{
  GString *h = g_string_new (NULL);
  g_autofree char *cmd = ctsim_report_command_line (opts->argc, opts->argv);
  g_autofree char *mae = num_text (s->mae, "%.3g");
  g_autofree char *rho = num_text (s->spearman, "%.3f");

  g_string_append (h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                      "charset=\"utf-8\">\n<title>ctsim survey: ");
  esc (h, cs_scenario_name (s->sc));
  g_string_append (
      h, "</title>\n<style>body{font-family:sans-serif;max-width:60em;"
         "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
         "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
         "th,td{border-bottom:1px solid #e3e3e3;padding:.25em .6em;"
         "text-align:left;vertical-align:top}thead th{background:#f3f5f7}"
         "td.num{text-align:right;white-space:nowrap}.note{color:#666;"
         "font-size:.85em}figure img{max-width:100%;height:auto}"
         "pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap;"
         "word-break:break-all}</style></head>\n<body>\n<h1>The 2004 "
         "pathfinder survey, reproduced</h1>\n<p>");
  esc (h, cs_scenario_description (s->sc));
  g_string_append_printf (
      h,
      "</p>\n<p>Seed %" G_GUINT64_FORMAT ", %u replications of %u "
      "pathfinders, %.1f s. Fit over the %u items with a published "
      "figure: mean absolute error %s pathfinders, Spearman rank "
      "correlation %s.</p>\n<h2>Published and simulated</h2>\n",
      s->set.seed, s->set.replications, s->n_areas, s->wall_seconds, s->n_fit,
      *mae ? mae : "-", *rho ? rho : "-");
  report_table (h, s);
  if (drawn)
    report_chart (h, folder);
  g_string_append (h, "<h2>Assumptions</h2>\n<p>How the survey is "
                      "reproduced, what was calibrated and how: "
                      "docs/survey.md. Published figures: ");
  esc (h, s->published_path ? s->published_path : "none");
  g_string_append (h, ".</p>\n");
  report_params (h, s);
  g_string_append (h, "<h2>Reproduce</h2>\n<pre>");
  esc (h, cmd);
  g_string_append (h, "</pre>\n</body></html>\n");
  return g_string_free (h, FALSE);
}

/* ---- the folder --------------------------------------------------------- */

gboolean
ctsim_survey_write (SimOutputDir *dir, const CtsimSurvey *s,
                    const CtsimOptions *opts, GError **error)
{
  g_autoptr (GString) survey = survey_csv (s);
  g_autoptr (GString) fit = fit_csv (s);
  g_autoptr (GString) areas = areas_csv (s);
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *json = manifest (s, opts);
  g_autofree char *html = NULL;
  const char *name = cs_scenario_name (s->sc);
  gboolean drawn = FALSE;

  sim_output_results_csv (results, TRUE, NULL, 0, name, s->reps,
                          s->set.replications, 0);
  sim_output_summary_csv (summary, TRUE, NULL, 0, name, s->reps,
                          s->set.replications);
  ctsim_csv_add_run_columns (summary, "survey", &s->set,
                             (const CsScenario *const *)&s->sc, 1);
  if (!sim_output_dir_write (dir, "survey.csv", survey->str,
                             (gssize)survey->len, error)
      || !sim_output_dir_write (dir, "fit.csv", fit->str, (gssize)fit->len,
                                error)
      || !sim_output_dir_write (dir, "areas.csv", areas->str,
                                (gssize)areas->len, error)
      || !sim_output_dir_write (dir, "results.csv", results->str,
                                (gssize)results->len, error)
      || !sim_output_dir_write (dir, "summary.csv", summary->str,
                                (gssize)summary->len, error)
      || !sim_output_dir_write (dir, "manifest.json", json, -1, error)
      || !chart (dir, s, &drawn, error))
    return FALSE;
  {
    SimResults *const *series[] = { s->reps };
    guint ns[] = { s->set.replications };

    if (!ctsim_codebook_write (dir, series, ns, 1, error))
      return FALSE;
  }
  html = report_html (s, opts, sim_output_dir_tmp_path (dir), drawn);
  return sim_output_dir_write (dir, "report.html", html, -1, error);
}

/* ---- the terminal -------------------------------------------------------- */

void
ctsim_survey_print (const CtsimSurvey *s, const char *out_path)
{
  g_autoptr (GPtrArray) t
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autofree char *mae = num_text (s->mae, "%.3g");
  g_autofree char *rho = num_text (s->spearman, "%.3f");

  g_ptr_array_add (t, g_strsplit ("item|sector|published|simulated (95% "
                                  "interval)",
                                  "|", -1));
  for (guint k = 0; k < s->items->len; k++)
    {
      const CtsimSurveyItem *it = s->items->pdata[k];
      gboolean share = strstr (it->item, "share") != NULL;
      char **row = g_new0 (char *, 5);
      row[0] = g_strdup (it->item);
      row[1] = g_strdup (it->sector);
      row[2] = isnan (it->published) ? g_strdup ("")
                                     : g_strdup_printf ("%g", it->published);
      row[3] = interval_text (it, share ? "%.2f" : "%.1f");
      g_ptr_array_add (t, row);
    }
  printf ("%s: %u pathfinders x %u replications, seed %" G_GUINT64_FORMAT
          " (%.1f s)\n",
          cs_scenario_name (s->sc), s->n_areas, s->set.replications,
          s->set.seed, s->wall_seconds);
  ctsim_print_table (t, 2);
  printf ("Fit over the %u items with a published figure: mean absolute "
          "error %s, Spearman rank correlation %s\n",
          s->n_fit, *mae ? mae : "-", *rho ? rho : "-");
  if (s->n_out > 0)
    printf ("Out of sample (never fitted), the %u services' published counts "
            "(Table 1): mean absolute error %.3g, Spearman %.3f, sum %.1f "
            "against %g; in sample, the %u other published figures: mean "
            "absolute error %.3g\n",
            s->n_out, s->mae_out, s->spearman_out, s->sum_out_simulated,
            s->sum_out_published, s->n_in, s->mae_in);
  printf ("Output: %s\n", out_path);
}
