/* ctsim-run.c: `ctsim run`, `validate`, `list` and `show`.
 *
 * `run` follows the output contract of sim-output.h: the output folder is
 * claimed before the simulation starts (so a bad --output fails at once),
 * filled, and renamed into place only when every file is written.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-cli.h"
#include "app/ctsim-report.h"
#include "sim/sim-compare.h"
#include "sim/sim-error.h"
#include "sim/sim-json.h"
#include "sim/sim-output.h"
#include "sim/sim-runner.h"
#include "sim/sim-stats.h"

/* --- loading ------------------------------------------------------------ */

CsScenario *
ctsim_load_scenario (const char *arg, const CtsimOptions *opts, GError **error)
{
  g_autofree char *path = NULL;

  if (!arg)
    return cs_scenario_load_default ((const char *const *)opts->sets, error);
  path = ctsim_resolve_scenario (arg);
  return cs_scenario_load (path, (const char *const *)opts->sets, error);
}

static gboolean
one_optional_arg (char **args, const char *cmd, GError **error)
{
  if (args[0] && args[1])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: expected at most one scenario, got '%s' and '%s'", cmd,
                   args[0], args[1]);
      return FALSE;
    }
  return TRUE;
}

/* --- manifest ----------------------------------------------------------- */

void
ctsim_manifest_scenario (SimJson *j, const CsScenario *sc)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);

  sim_json_begin_object (j);
  sim_json_key (j, "name");
  sim_json_string (j, cs_scenario_name (sc));
  sim_json_key (j, "description");
  sim_json_string (j, cs_scenario_description (sc));
  sim_json_key (j, "path");
  sim_json_string (j, cs_scenario_path (sc));
  sim_json_key (j, "sha256");
  sim_json_string (j, cs_scenario_sha256 (sc));
  sim_json_key (j, "model");
  sim_json_string (j, cs_scenario_model (sc)->name);
  sim_json_key (j, "years");
  sim_json_double (j, run->years);
  sim_json_key (j, "warmup_years");
  sim_json_double (j, run->warmup_years);
  sim_json_end_object (j);
}

void
ctsim_manifest_begin (SimJson *j, const char *command, const CtsimOptions *opts)
{
  sim_json_begin_object (j);
  sim_json_key (j, "ctsim_version");
  sim_json_string (j, PACKAGE_VERSION);
  sim_json_key (j, "command");
  sim_json_string (j, command);
  sim_json_key (j, "command_line");
  sim_json_begin_array (j);
  for (int i = 0; i < opts->argc; i++)
    sim_json_string (j, opts->argv[i]);
  sim_json_end_array (j);
}

void
ctsim_manifest_settings (SimJson *j, const CtsimSettings *set)
{
  sim_json_key (j, "seed");
  sim_json_uint (j, set->seed);
  sim_json_key (j, "replications");
  sim_json_int (j, set->replications);
  sim_json_key (j, "jobs");
  sim_json_int (j, set->jobs);
}

void
ctsim_manifest_open (SimJson *j, const char *command, const CtsimOptions *opts,
                     const CtsimSettings *set, const CsScenario *sc)
{
  ctsim_manifest_begin (j, command, opts);
  ctsim_manifest_settings (j, set);
  sim_json_key (j, "scenario");
  ctsim_manifest_scenario (j, sc);
  sim_json_key (j, "parameters");
  cs_scenario_params_json (sc, j);
}

char *
ctsim_manifest_end (SimJson *j, guint64 events, double wall_seconds)
{
  sim_json_key (j, "events_executed");
  sim_json_int (j, (gint64)events);
  sim_json_key (j, "wall_seconds");
  sim_json_double (j, wall_seconds);
  sim_json_end_object (j);
  return sim_json_finish (j);
}

char *
ctsim_manifest_json (const CtsimOptions *opts, const CsScenario *sc,
                     const CtsimSettings *set, const SimRunnerResult *res)
{
  g_autoptr (SimJson) j = sim_json_new ();

  ctsim_manifest_open (j, "run", opts, set, sc);
  return ctsim_manifest_end (j, res->events, res->wall_seconds);
}

/* --- terminal summary ---------------------------------------------------- */

#define TABLE_MAX_ROWS 30

/* The headline rows (ctsim_headline_keys: the groups and measures the
 * report leads with) as an aligned table of means and 95% intervals. */
void
ctsim_print_summary (SimResults *const *reps, guint n)
{
  const char *label = "run";
  SimResults *const *series[1] = { reps };
  g_autoptr (SimComparison) cmp = sim_comparison_new (1, &label, series, n);
  g_autoptr (GArray) keys = ctsim_headline_keys (cmp, TABLE_MAX_ROWS);
  int gw = 5, mw = 7;

  for (guint i = 0; i < keys->len; i++)
    {
      const SimComparisonCell *c
          = sim_comparison_cell (cmp, g_array_index (keys, gsize, i), 0);
      gw = MAX (gw, (int)strlen (c->group));
      mw = MAX (mw, (int)strlen (c->measure));
    }
  printf ("  %-*s  %-*s  %14s  %s\n", gw, "group", mw, "measure", "mean",
          "95% interval");
  for (guint i = 0; i < keys->len; i++)
    {
      const SimComparisonCell *c
          = sim_comparison_cell (cmp, g_array_index (keys, gsize, i), 0);
      g_autofree char *mean = ctsim_num_text (c->mean, 5, FALSE);

      printf ("  %-*s  %-*s  %14s", gw, c->group, mw, c->measure, mean);
      if (isfinite (c->ci_low))
        {
          g_autofree char *lo = ctsim_num_text (c->ci_low, 5, FALSE);
          g_autofree char *hi = ctsim_num_text (c->ci_high, 5, FALSE);

          printf ("  [%s, %s]", lo, hi);
        }
      printf ("\n");
    }
  if (sim_comparison_n_keys (cmp) > keys->len)
    printf ("  (%u of %zu measures shown; all are in summary.csv)\n", keys->len,
            sim_comparison_n_keys (cmp));
}

/* --- run ---------------------------------------------------------------- */

void
ctsim_settings_resolve (const CtsimOptions *opts, const CsScenario *sc,
                        CtsimSettings *set)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);

  set->seed = opts->seed_set ? (guint64)opts->seed : run->seed;
  set->replications
      = opts->replications > 0 ? (guint)opts->replications : run->replications;
  set->jobs = opts->jobs > 0 ? (guint)opts->jobs : g_get_num_processors ();
  set->progress = NULL;
}

static gboolean
write_outputs (SimOutputDir *dir, const CtsimOptions *opts,
               const CsScenario *sc, const CtsimSettings *set,
               const SimRunnerResult *res, GError **error)
{
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *manifest = ctsim_manifest_json (opts, sc, set, res);
  const char *name = cs_scenario_name (sc);

  sim_output_results_csv (results, TRUE, NULL, 0, name, res->reps, res->n, 0);
  sim_output_summary_csv (summary, TRUE, NULL, 0, name, res->reps, res->n);
  CtsimSeries series = { name, res->reps, res->n, { NAN, NAN } };
  const CsScenario *scenarios[] = { sc };
  CtsimReportInput report = {
    .kind = CTSIM_PLOTS_RUN,
    .opts = opts,
    .set = set,
    .n = 1,
    .scenarios = scenarios,
    .series = &series,
    .wall_seconds = res->wall_seconds,
    .events = res->events,
  };

  return sim_output_dir_write (dir, "results.csv", results->str,
                               (gssize)results->len, error)
         && sim_output_dir_write (dir, "summary.csv", summary->str,
                                  (gssize)summary->len, error)
         && sim_output_dir_write (dir, "manifest.json", manifest, -1, error)
         && ctsim_report_write (dir, &report, error);
}

gboolean
ctsim_simulate (const CsScenario *sc, const CtsimSettings *set,
                SimRunnerResult *res, GError **error)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);
  SimRunnerSpec spec = {
    .model = cs_scenario_model (sc),
    .params = cs_scenario_params (sc),
    .seed = set->seed,
    .replications = set->replications,
    .jobs = set->jobs,
    .warmup_days = sim_years (run->warmup_years),
    .horizon_days = sim_years (run->warmup_years + run->years),
    .progress = set->progress ? ctsim_progress_update : NULL,
    .progress_data = set->progress,
  };

  if (!spec.model)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_UNAVAILABLE,
                   "%s: this scenario's model is not built yet in this "
                   "version of ctsim",
                   cs_scenario_path (sc));
      return FALSE;
    }
  return sim_runner_run (&spec, res, error);
}

gboolean
ctsim_cmd_run (const CtsimOptions *opts, char **args, GError **error)
{
  g_autoptr (CsScenario) sc = NULL;
  g_autoptr (SimOutputDir) dir = NULL;
  g_autofree char *out_path = NULL;
  SimRunnerResult res = { 0 };
  CtsimSettings set;
  gboolean ok;

  if (!one_optional_arg (args, "run", error))
    return FALSE;
  sc = ctsim_load_scenario (args[0], opts, error);
  if (!sc)
    return FALSE;
  ctsim_settings_resolve (opts, sc, &set);
  out_path = opts->output
                 ? g_strdup (opts->output)
                 : g_build_filename ("ctsim-out", cs_scenario_name (sc), NULL);
  if (!ctsim_check_trace (opts, out_path, error))
    return FALSE;
  dir = sim_output_dir_begin (out_path, error);
  if (!dir)
    return FALSE;
  if (!opts->quiet)
    fprintf (stderr,
             "ctsim: running '%s': %u replications, seed %" G_GUINT64_FORMAT
             ", %u job%s\n",
             cs_scenario_name (sc), set.replications, set.seed, set.jobs,
             set.jobs == 1 ? "" : "s");
  set.progress = ctsim_progress_new (set.replications, opts->quiet);
  ok = ctsim_write_trace (opts, sc, &set, error)
       && ctsim_simulate (sc, &set, &res, error);
  g_clear_pointer (&set.progress, ctsim_progress_free);
  ok = ok && write_outputs (dir, opts, sc, &set, &res, error)
       && sim_output_dir_commit (dir, error);
  if (ok && !opts->quiet)
    {
      printf ("%s (seed %" G_GUINT64_FORMAT ", %u replications, %.2f s)\n",
              cs_scenario_name (sc), set.seed, set.replications,
              res.wall_seconds);
      ctsim_print_summary (res.reps, res.n);
      printf ("Output: %s\n", out_path);
    }
  sim_runner_result_clear (&res);
  return ok;
}

/* --- validate, list, show ------------------------------------------------ */

gboolean
ctsim_cmd_validate (const CtsimOptions *opts, char **args, GError **error)
{
  guint bad = 0, n = 0;

  if (!args[0])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "validate: expected one or more scenario files");
      return FALSE;
    }
  for (; args[n]; n++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (CsScenario) sc = ctsim_load_scenario (args[n], opts, &e);

      if (sc && !opts->quiet)
        printf ("%s: ok\n", cs_scenario_path (sc));
      if (!sc)
        {
          fprintf (stderr, "ctsim: %s\n", e->message);
          if (bad++ == 0 && error)
            *error = g_error_copy (e);
        }
    }
  if (bad && error && *error)
    {
      /* Each message is printed above; main prints nothing more. */
      g_free ((*error)->message);
      (*error)->message = g_strdup ("");
    }
  return bad == 0;
}

/* The description's first sentence, cut to `width` characters. */
static char *
first_sentence (const char *text, glong width)
{
  const char *stop = strchr (text, ':');
  const char *dot = strstr (text, ". ");
  g_autofree char *head = NULL;
  glong len;

  if (!stop || (dot && dot < stop))
    stop = dot;
  len = stop ? g_utf8_pointer_to_offset (text, stop) : g_utf8_strlen (text, -1);
  if (len <= width)
    return g_utf8_substring (text, 0, len);
  head = g_utf8_substring (text, 0, width - 3);
  return g_strconcat (head, "...", NULL);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *)a, *(char *const *)b);
}

static void
list_folder (const char *dir, const char *prefix)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!d)
    return;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *label
          = g_strdup_printf ("%s%.*s", prefix, (int)strlen (file) - 4, file);
      g_autoptr (GError) e = NULL;
      g_autoptr (CsScenario) sc = cs_scenario_load (path, NULL, &e);
      g_autofree char *about
          = sc ? first_sentence (cs_scenario_description (sc), 52)
               : g_strdup ("(does not load: run 'ctsim validate')");

      printf ("  %-22s %s\n", label, about);
    }
}

gboolean
ctsim_cmd_list (const CtsimOptions *opts, char **args, GError **error)
{
  g_autofree char *dir
      = g_build_filename (ctsim_data_dir (), "scenarios", NULL);
  g_autofree char *vdir = g_build_filename (dir, "validation", NULL);

  (void)opts;
  if (args[0])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "list: takes no arguments (got '%s')", args[0]);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_NOINPUT,
                   "%s: no scenarios folder (is ctsim installed? set "
                   "CTSIM_DATADIR)",
                   dir);
      return FALSE;
    }
  printf ("Scenarios in %s (run one with 'ctsim run NAME'):\n", dir);
  list_folder (dir, "");
  list_folder (vdir, "validation/");
  return TRUE;
}

gboolean
ctsim_cmd_show (const CtsimOptions *opts, char **args, GError **error)
{
  g_autoptr (CsScenario) sc = NULL;
  g_autofree char *xml = NULL;

  if (!one_optional_arg (args, "show", error))
    return FALSE;
  sc = ctsim_load_scenario (args[0], opts, error);
  if (!sc)
    return FALSE;
  xml = cs_scenario_to_xml (sc);
  fputs (xml, stdout);
  return TRUE;
}
