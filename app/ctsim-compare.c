/* ctsim-compare.c: `ctsim compare A B [C...]`: scenarios on common random
 * numbers.
 *
 * Every scenario runs with the same seed and number of replications (the
 * command line's, else the first scenario's), and replication r of each
 * draws from the streams keyed by (seed, r, purpose, entity): the runs are
 * paired by construction, and differences against the first scenario get
 * paired-t intervals (sim-compare.h).  One output folder, claimed before
 * anything runs and committed only when complete, holds results.csv and
 * summary.csv with every scenario's rows, comparison.csv,
 * comparison-widths.csv, manifest.json, plots/ and report.html.
 * Scenario labels (the `scenario` column) are the scenarios' names, made
 * unique with "-2", "-3"... when two share a name.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/ctsim-attribute.h"
#include "app/ctsim-codebook.h"
#include "app/ctsim-compare.h"
#include "app/ctsim-headline.h"
#include "app/ctsim-manifest.h"
#include "app/ctsim-report.h"
#include "app/ctsim-setup.h"
#include "app/ctsim-table.h"
#include "app/ctsim-value.h"
#include "models/params/cs-outputs.h"
#include "sim/sim-compare.h"
#include "sim/sim-error.h"
#include "sim/sim-output.h"
#include "sim/sim-ranks.h"

#define TABLE_MAX_KEYS 16

typedef struct
{
  guint n;
  CsScenario **sc;
  char **labels;            /* NULL-terminated */
  SimRunnerResult *res;     /* n */
  SimResults *const **reps; /* n: res[i].reps */
  GString *areas;           /* areas.csv of national scenarios */
} Compare;

static void
compare_clear (Compare *c)
{
  for (guint i = 0; i < c->n; i++)
    {
      cs_scenario_free (c->sc[i]);
      sim_runner_result_clear (&c->res[i]);
    }
  g_free (c->sc);
  g_free (c->res);
  g_free ((gpointer)c->reps);
  g_strfreev (c->labels);
  if (c->areas)
    g_string_free (c->areas, TRUE);
}

/* ---- loading ------------------------------------------------------------- */

static gboolean
load_all (Compare *c, char **args, const CtsimOptions *opts, GError **error)
{
  c->n = g_strv_length (args);
  if (c->n < 2)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "compare: expected two or more scenarios, got %u", c->n);
      c->n = 0;
      return FALSE;
    }
  c->sc = g_new0 (CsScenario *, c->n);
  c->res = g_new0 (SimRunnerResult, c->n);
  c->reps = g_new0 (SimResults *const *, c->n);
  c->labels = g_new0 (char *, c->n + 1);
  for (guint i = 0; i < c->n; i++)
    {
      guint same = 1;

      c->sc[i] = ctsim_load_scenario (args[i], opts, error);
      if (!c->sc[i])
        return FALSE;
      ctsim_warn_idle (c->sc[i], opts);
      for (guint j = 0; j < i; j++)
        same
            += strcmp (cs_scenario_name (c->sc[j]), cs_scenario_name (c->sc[i]))
               == 0;
      c->labels[i]
          = same > 1
                ? g_strdup_printf ("%s-%u", cs_scenario_name (c->sc[i]), same)
                : g_strdup (cs_scenario_name (c->sc[i]));
    }
  return TRUE;
}

/* ctsim-out/compare-A-vs-B[-vs-C...], names made safe as file names. */
static char *
default_output (const Compare *c)
{
  GString *s = g_string_new ("compare-");
  g_autofree char *name = NULL;

  for (guint i = 0; i < c->n; i++)
    {
      if (i)
        g_string_append (s, "-vs-");
      for (const char *p = c->labels[i]; *p; p++)
        g_string_append_c (
            s, (*p == '/' || *p == '\\' || (guchar)*p < 0x20) ? '_' : *p);
    }
  if (s->str[0] == '.')
    s->str[0] = '_';
  name = g_string_free (s, FALSE);
  return g_build_filename ("ctsim-out", name, NULL);
}

/* Observation periods that differ make differences mix two things. */
static void
note_periods (const Compare *c)
{
  const CsRunSettings *a = cs_scenario_run_settings (c->sc[0]);

  for (guint i = 1; i < c->n; i++)
    {
      const CsRunSettings *b = cs_scenario_run_settings (c->sc[i]);

      if (a->years != b->years || a->warmup_years != b->warmup_years)
        fprintf (stderr,
                 "ctsim: note: '%s' observes %g year%s after %g of "
                 "warm-up, '%s' %g after %g; differences include the change "
                 "of period\n",
                 c->labels[0], a->years, a->years == 1 ? "" : "s",
                 a->warmup_years, c->labels[i], b->years, b->warmup_years);
    }
}

/* The reference's observed years (spend a year in the headline). */
static double
observed_years (const Compare *c)
{
  return cs_scenario_run_settings (c->sc[0])->years;
}

/* ---- running ------------------------------------------------------------- */

static gboolean
run_all (Compare *c, const CtsimOptions *opts, CtsimSettings *set,
         GError **error)
{
  gboolean ok = TRUE;

  set->progress = ctsim_progress_new (c->n * set->replications, opts->quiet);
  for (guint i = 0; i < c->n && ok; i++)
    {
      if (!c->areas)
        c->areas = g_string_new (NULL);
      ok = ctsim_simulate_areas (c->sc[i], set, c->labels[i], &c->res[i],
                                 c->areas, error);
      if (!ok)
        g_prefix_error (error, "%s: ", c->labels[i]);
      c->reps[i] = c->res[i].reps;
      ctsim_progress_next_run (set->progress);
    }
  g_clear_pointer (&set->progress, ctsim_progress_free);
  return ok;
}

/* ---- files -------------------------------------------------------------- */

static char *
manifest (const Compare *c, const CtsimOptions *opts, const CtsimSettings *set)
{
  g_autoptr (SimJson) j = sim_json_new ();
  guint64 events = 0;
  double wall = 0;

  ctsim_manifest_begin (j, "compare", opts);
  ctsim_manifest_settings (j, set);
  ctsim_manifest_run_id (j, "compare", set, (const CsScenario *const *)c->sc,
                         c->n);
  sim_json_key (j, "reference");
  sim_json_string (j, c->labels[0]);
  sim_json_key (j, "scenarios");
  sim_json_begin_array (j);
  for (guint i = 0; i < c->n; i++)
    {
      sim_json_begin_object (j);
      sim_json_key (j, "label");
      sim_json_string (j, c->labels[i]);
      sim_json_key (j, "scenario");
      ctsim_manifest_scenario (j, c->sc[i]);
      sim_json_key (j, "parameters");
      cs_scenario_params_json (c->sc[i], j);
      sim_json_key (j, "events_executed");
      sim_json_int (j, (gint64)c->res[i].events);
      sim_json_end_object (j);
      events += c->res[i].events;
      wall += c->res[i].wall_seconds;
    }
  sim_json_end_array (j);
  sim_json_key (j, "events_executed");
  sim_json_int (j, (gint64)events);
  sim_json_key (j, "wall_seconds");
  sim_json_double (j, wall);
  sim_json_end_object (j);
  return sim_json_finish (j);
}

static gboolean
write_csvs (SimOutputDir *dir, const Compare *c, const SimComparison *cmp,
            const CtsimSettings *set, GError **error)
{
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autoptr (GString) comparison = g_string_new (NULL);
  g_autoptr (GString) widths = g_string_new (NULL);

  for (guint i = 0; i < c->n; i++)
    {
      sim_output_results_csv (results, i == 0, NULL, 0, c->labels[i],
                              c->res[i].reps, c->res[i].n, 0);
      sim_output_summary_csv (summary, i == 0, NULL, 0, c->labels[i],
                              c->res[i].reps, c->res[i].n);
    }
  sim_comparison_csv (cmp, comparison);
  sim_comparison_widths_csv (cmp, widths);
  ctsim_csv_add_run_columns (summary, "compare", set,
                             (const CsScenario *const *)c->sc, c->n);
  ctsim_csv_add_run_columns (comparison, "compare", set,
                             (const CsScenario *const *)c->sc, c->n);
  if (c->areas && c->areas->len > 0
      && !sim_output_dir_write (dir, "areas.csv", c->areas->str,
                                (gssize)c->areas->len, error))
    return FALSE;
  return sim_output_dir_write (dir, "results.csv", results->str,
                               (gssize)results->len, error)
         && sim_output_dir_write (dir, "summary.csv", summary->str,
                                  (gssize)summary->len, error)
         && sim_output_dir_write (dir, "comparison.csv", comparison->str,
                                  (gssize)comparison->len, error)
         && sim_output_dir_write (dir, "comparison-widths.csv", widths->str,
                                  (gssize)widths->len, error);
}

static gboolean
write_all (SimOutputDir *dir, const Compare *c, const SimComparison *cmp,
           const CtsimOptions *opts, const CtsimSettings *set,
           const CtsimAttribution *at, GError **error)
{
  g_autofree char *json = manifest (c, opts, set);
  g_autoptr (GString) at_html = g_string_new (NULL);
  g_autoptr (GString) at_csv = g_string_new (NULL);
  g_autoptr (GString) vcsv = g_string_new (NULL);
  g_autoptr (GString) vhtml = g_string_new (NULL);
  g_autofree CtsimSeries *series = g_new0 (CtsimSeries, c->n);
  CtsimReportInput report = {
    .kind = CTSIM_PLOTS_COMPARE,
    .opts = opts,
    .set = set,
    .n = c->n,
    .scenarios = (const CsScenario *const *)c->sc,
    .series = series,
    .comparison = cmp,
  };
  g_autoptr (GString) headline = g_string_new (NULL);
  g_autofree char *md = ctsim_summary_markdown (cmp, observed_years (c),
                                                set->seed, set->replications);
  gboolean drawn = FALSE;

  ctsim_headline (headline, cmp, observed_years (c), set->seed,
                  set->replications, 4, CTSIM_MARKUP_HTML);
  report.headline_html = headline->str;
  if (!sim_output_dir_write (dir, "summary.md", md, -1, error))
    return FALSE;
  for (guint i = 0; i < c->n; i++)
    {
      series[i] = (CtsimSeries){
        c->labels[i], c->res[i].reps, c->res[i].n, { NAN, NAN }
      };
      report.wall_seconds += c->res[i].wall_seconds;
      report.events += c->res[i].events;
    }
  ctsim_value (c->n, (const char *const *)c->labels, c->reps, set->replications,
               vcsv, NULL, vhtml);
  report.value_html = vhtml->str;
  if (!sim_output_dir_write (dir, "value.csv", vcsv->str, (gssize)vcsv->len,
                             error))
    return FALSE;
  if (at)
    {
      g_autofree char *source = g_strdup_printf (
          "ctsim %s compare --attribute: %s vs %s; seed %" G_GUINT64_FORMAT
          ", %u replications",
          PACKAGE_VERSION, c->labels[1], c->labels[0], set->seed,
          set->replications);
      ctsim_attribution_csv (at, at_csv);
      if (!sim_output_dir_write (dir, "attribution.csv", at_csv->str,
                                 (gssize)at_csv->len, error)
          || !ctsim_attribution_chart (at, sim_output_dir_tmp_path (dir),
                                       source, &drawn, error))
        return FALSE;
      ctsim_attribution_html (at, c->labels[0], drawn, at_html);
      report.attribution_html = at_html->str;
    }
  {
    g_autofree guint *ns = g_new (guint, c->n);

    for (guint i = 0; i < c->n; i++)
      ns[i] = c->res[i].n;
    if (!write_csvs (dir, c, cmp, set, error)
        || !ctsim_codebook_write (dir, c->reps, ns, c->n, error))
      return FALSE;
  }
  return sim_output_dir_write (dir, "manifest.json", json, -1, error)
         && ctsim_report_write (dir, &report, error);
}

/* ---- the terminal table ------------------------------------------------- */

static char *
num (double x)
{
  return ctsim_num_text (x, 4, FALSE);
}

static char *
interval (double lo, double hi)
{
  g_autofree char *l = num (lo), *h = num (hi);

  return isfinite (lo) ? g_strdup_printf ("[%s, %s]", l, h) : g_strdup ("");
}

static void
key_rows (GPtrArray *t, const SimComparison *cmp, gsize k)
{
  for (guint s = 0; s < sim_comparison_n_scenarios (cmp); s++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
      g_autofree char *mean = num (c->mean);
      g_autofree char *ci = interval (c->ci_low, c->ci_high);
      g_autofree char *d = NULL, *di = NULL, *dci = NULL, *pw = NULL;
      g_autofree char *uw = NULL;

      if (s > 0)
        {
          d = ctsim_num_text (c->diff, 4, TRUE);
          di = interval (c->diff_ci_low, c->diff_ci_high);
          dci = g_strdup_printf ("%s%s", di,
                                 sim_comparison_cell_differs (c) ? " *" : "  ");
          pw = num (c->diff_ci_high - c->diff_ci_low);
          uw = num (c->unpaired_ci_high - c->unpaired_ci_low);
        }
      {
        const char *cells[] = { s ? "" : c->group,
                                s ? "" : c->measure,
                                sim_comparison_label (cmp, s),
                                mean,
                                ci,
                                d,
                                dci,
                                pw,
                                uw,
                                NULL };
        g_ptr_array_add (t, g_strdupv ((char **)cells));
      }
    }
}

/* The table of --wide: ids, every interval and both widths. */
static void
print_wide (const SimComparison *cmp, const GArray *keys)
{
  const char *head[] = { "group",
                         "measure",
                         "scenario",
                         "mean",
                         "95% interval",
                         "difference",
                         "paired 95% interval",
                         "width paired",
                         "width unpaired",
                         NULL };
  g_autoptr (GPtrArray) t
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  g_ptr_array_add (t, g_strdupv ((char **)head));
  for (guint i = 0; i < keys->len; i++)
    key_rows (t, cmp, g_array_index (keys, gsize, i));
  ctsim_print_table (t, 3);
}

static void
print_comparison (const SimComparison *cmp, const CtsimSettings *set,
                  double years, double wall, const char *out_path,
                  gboolean wide)
{
  g_autoptr (GArray) keys = ctsim_headline_keys (cmp, TABLE_MAX_KEYS);
  g_autoptr (GString) head = g_string_new (NULL);
  gboolean colour = ctsim_stdout_colour ();
  guint narrower, n;
  double median;

  printf ("Compared on common random numbers: seed %" G_GUINT64_FORMAT
          ", %u replications each (%.2f s)\n\n",
          set->seed, set->replications, wall);
  ctsim_headline (head, cmp, years, set->seed, set->replications, 3,
                  colour ? CTSIM_MARKUP_TERMINAL : CTSIM_MARKUP_TEXT);
  ctsim_print_wrapped (head->str, 100);
  printf ("\nDifferences: each scenario minus %s, paired by replication; "
          "* = the paired\n95%% interval excludes zero; better or worse "
          "by the measure's direction.\n\n",
          sim_comparison_label (cmp, 0));
  if (wide)
    print_wide (cmp, keys);
  else
    ctsim_print_differences (cmp, keys, colour);
  if (sim_comparison_n_keys (cmp) > keys->len)
    printf ("\n... %u more (group, measure) pairs in comparison.csv\n",
            (guint)(sim_comparison_n_keys (cmp) - keys->len));
  n = ctsim_width_summary (cmp, &narrower, &median);
  if (n > 0)
    printf ("Paired intervals are narrower than unpaired ones for %u of %u\n"
            "differences (median width ratio %.2f; all widths in "
            "comparison-widths.csv).\n",
            narrower, n, median);
  printf ("Output: %s (summary.md: the headline and tables to paste)\n",
          out_path);
}

/* ---- the command --------------------------------------------------------- */

gboolean
ctsim_cmd_compare (const CtsimOptions *opts, char **args, GError **error)
{
  Compare c = { 0 };
  g_autoptr (CtsimAttribution) at = NULL;
  g_autoptr (SimOutputDir) dir = NULL;
  g_autoptr (SimComparison) cmp = NULL;
  g_autofree char *out_path = NULL;
  CtsimSettings set;
  gboolean ok = FALSE;
  double wall = 0;

  if (!load_all (&c, args, opts, error))
    goto out;
  if (opts->attribute && c.n != 2)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "compare --attribute: expected exactly two scenarios, "
                   "got %u",
                   c.n);
      goto out;
    }
  ctsim_settings_resolve (opts, c.sc[0], &set);
  out_path = opts->output ? g_strdup (opts->output) : default_output (&c);
  /* Under mpirun only rank 0 writes (sim-ranks.h). */
  dir = sim_ranks_root () ? sim_output_dir_begin (out_path, error) : NULL;
  if (!dir && sim_ranks_root ())
    goto out;
  if (!opts->quiet)
    fprintf (stderr,
             "ctsim: comparing %u scenarios: %u replications each, seed "
             "%" G_GUINT64_FORMAT ", %u job%s\n",
             c.n, set.replications, set.seed, set.jobs,
             set.jobs == 1 ? "" : "s");
  if (!opts->quiet)
    note_periods (&c);
  if (!run_all (&c, opts, &set, error))
    goto out;
  if (!sim_ranks_root ())
    {
      ok = TRUE;
      goto out;
    }
  cmp = sim_comparison_new (c.n, (const char *const *)c.labels, c.reps,
                            set.replications);
  if (opts->attribute)
    {
      if (!opts->quiet)
        fprintf (stderr,
                 "ctsim: attributing %s - %s to groups of "
                 "parameters\n",
                 c.labels[1], c.labels[0]);
      at = ctsim_attribute (c.sc[0], c.sc[1], c.labels[1], &c.res[0], &c.res[1],
                            &set, error);
      if (!at)
        goto out;
    }
  ok = write_all (dir, &c, cmp, opts, &set, at, error)
       && ctsim_commit_output (dir, opts, error);
  for (guint i = 0; i < c.n; i++)
    wall += c.res[i].wall_seconds;
  if (ok && !opts->quiet)
    print_comparison (cmp, &set, observed_years (&c), wall, out_path,
                      opts->wide);
  if (ok && !opts->quiet)
    {
      g_autoptr (GString) vcsv = g_string_new (NULL);
      g_autoptr (GString) vtext = g_string_new (NULL);
      ctsim_value (c.n, (const char *const *)c.labels, c.reps, set.replications,
                   vcsv, vtext, NULL);
      g_autofree char *head = g_strdup_printf (
          "\nValue for money (value.csv; per million pounds of the "
          "difference in spend against %s, paired by replication):",
          c.labels[0]);
      ctsim_print_wrapped (head, 100);
      fputs (vtext->str, stdout);
    }
  if (ok && at && !opts->quiet)
    ctsim_attribution_print (at, c.labels[0]);
out:
  compare_clear (&c);
  return ok;
}
