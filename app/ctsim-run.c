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

#include "models/params/cs-outputs.h"
#include "models/scenario/cs-scenario.h"
#include "app/ctsim-codebook.h"
#include "app/ctsim-steady.h"
#include "app/ctsim-data.h"
#include "app/ctsim-headline.h"
#include "app/ctsim-manifest.h"
#include "app/ctsim-report.h"
#include "app/ctsim-run.h"
#include "app/ctsim-setup.h"
#include "app/ctsim-table.h"
#include "app/ctsim-trace.h"
#include "sim/sim-compare.h"
#include "sim/sim-error.h"
#include "sim/sim-ranks.h"
#include "sim/sim-json.h"
#include "sim/sim-output.h"
#include "sim/sim-runner.h"
#include "sim/sim-stats.h"

/* --- loading ------------------------------------------------------------ */

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

/* --- terminal summary ---------------------------------------------------- */

#define TABLE_MAX_ROWS 30

/* --- run ---------------------------------------------------------------- */

/* run --precision (issue 18 item 5) watches the headline measures of
 * the comparison summary (ctsim_summary_measures) that are not money: the
 * five ECM means, reach, unmet-need days and the mean wait. */
static gboolean
watched (const char *measure)
{
  CsOutMeasureInfo info;

  if (ctsim_str_index (ctsim_summary_measures, measure) == G_MAXUINT)
    return FALSE;
  cs_out_measure_info (measure, &info);
  return info.kind != CS_OUT_KIND_MONEY;
}

#define PRECISION_DEFAULT_MAX 100

/* The relative half-width (the larger side of the interval over |mean|)
 * of the 95% interval (sim_ci_bounded) of MEASURE of GROUP over
 * replications reps[0..n-1]: -1 when no replication reports it or its
 * mean is 0, +inf with fewer than 2 values. */
static double
half_width (SimResults *const *reps, guint n, const char *group,
            const char *measure, double *x)
{
  double mean, lo, hi, min, max;
  guint k = 0;

  for (guint r = 0; r < n; r++)
    {
      double v = sim_results_lookup (reps[r], SIM_YEAR_ALL, group, measure);
      if (isfinite (v))
        x[k++] = v;
    }
  if (k == 0)
    return -1.0;
  if (k < 2)
    return INFINITY;
  sim_measure_bounds (measure, &min, &max);
  sim_ci_bounded (x, k, 0.95, min, max, &mean, &lo, &hi);
  return mean == 0.0 ? -1.0 : MAX (hi - mean, mean - lo) / fabs (mean);
}

/* The widest relative half-width of the precision measures of all
 * children; when the scenario reports none for all children (the queue
 * model), of every group that reports one (each service's mean wait).
 * *which names the measure (and *group its group); -1 when there is none
 * at all. */
static double
widest_half_width (SimResults *const *reps, guint n, const char **group,
                   const char **which)
{
  g_autofree double *x = g_new (double, MAX (n, 1u));
  double worst = -1.0;

  *which = *group = NULL;
  for (guint i = 0; ctsim_summary_measures[i]; i++)
    {
      const char *m = ctsim_summary_measures[i];
      double w
          = watched (m) ? half_width (reps, n, CS_OUT_GROUP_ALL, m, x) : -1.0;
      if (w > worst)
        {
          worst = w;
          *which = m;
          *group = CS_OUT_GROUP_ALL;
        }
    }
  if (*which || n == 0)
    return worst;
  for (gsize k = 0; k < sim_results_len (reps[0]); k++)
    {
      const SimResultRow *row = sim_results_row (reps[0], k);
      double w;

      if (row->year != SIM_YEAR_ALL || !watched (row->measure))
        continue;
      w = half_width (reps, n, row->group, row->measure, x);
      if (w > worst)
        {
          worst = w;
          *which = row->measure;
          *group = row->group;
        }
    }
  return worst;
}

/* Run more replications (continuing the streams: replication i is the
 * same as in a run of any larger -r) until every precision measure's
 * interval is within set->precision of its mean, or max replications
 * have run.  Each round asks for the replications the widest interval
 * needs (n (w / precision)^2, plus a tenth), at least one more and at
 * most four times as many as have run. */
static gboolean
run_to_precision (const CsScenario *sc, const CtsimOptions *opts,
                  CtsimSettings *set, SimRunnerResult *res, GError **error)
{
  guint max = opts->max_replications > 0 ? (guint)opts->max_replications
                                         : PRECISION_DEFAULT_MAX;
  const char *which = NULL, *group = NULL;
  double w;

  if (widest_half_width (res->reps, res->n, &group, &which) < 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "run --precision: '%s' reports none of the measures "
                   "--precision watches (the ECM means, reach, unmet-need "
                   "days, mean waits)",
                   cs_scenario_name (sc));
      return FALSE;
    }
  while ((w = widest_half_width (res->reps, res->n, &group, &which))
             > set->precision
         && res->n < max)
    {
      SimRunnerResult more = { 0 };
      CtsimSettings s = *set;
      double want = isfinite (w) ? ceil (1.1 * res->n * (w / set->precision)
                                         * (w / set->precision))
                                 : 2.0 * res->n;
      /* at most 4 times as many a round: a variance from few
       * replications is itself uncertain */
      guint next
          = (guint)CLAMP (want, res->n + 1.0, MIN ((double)max, 4.0 * res->n));

      if (!opts->quiet)
        fprintf (stderr,
                 "ctsim: --precision %g: widest interval +/-%.3g%% (%s, %s) "
                 "after %u replications; running %u more\n",
                 set->precision, 100.0 * w, which, group, res->n,
                 next - res->n);
      s.first_replication = res->n;
      s.replications = next - res->n;
      s.progress = ctsim_progress_new (s.replications, opts->quiet);
      if (!ctsim_simulate (sc, &s, &more, error))
        {
          ctsim_progress_free (s.progress);
          return FALSE;
        }
      ctsim_progress_free (s.progress);
      res->reps = g_renew (SimResults *, res->reps, res->n + more.n);
      memcpy (res->reps + res->n, more.reps, more.n * sizeof (SimResults *));
      res->n += more.n;
      res->events += more.events;
      res->wall_seconds += more.wall_seconds;
      more.n = 0;
      sim_runner_result_clear (&more);
    }
  set->replications = res->n;
  set->precision_reached = w;
  set->precision_measure = which;
  if (!opts->quiet)
    fprintf (stderr,
             "ctsim: --precision %g: widest interval +/-%.3g%% (%s, %s) after "
             "%u replications%s\n",
             set->precision, 100.0 * w, which, group, res->n,
             w > set->precision ? " (the most allowed: --max-replications)"
                                : "");
  return TRUE;
}

static gboolean
write_outputs (SimOutputDir *dir, const CtsimOptions *opts,
               const CsScenario *sc, const CtsimSettings *set,
               const SimRunnerResult *res, const GString *areas, GError **error)
{
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *manifest = ctsim_manifest_json (opts, sc, set, res);
  const char *name = cs_scenario_name (sc);

  sim_output_results_csv (results, TRUE, NULL, 0, name, res->reps, res->n, 0);
  sim_output_summary_csv (summary, TRUE, NULL, 0, name, res->reps, res->n);
  ctsim_csv_add_run_columns (summary, "run", set, &sc, 1);
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

  if (areas->len > 0
      && !sim_output_dir_write (dir, "areas.csv", areas->str,
                                (gssize)areas->len, error))
    return FALSE;
  {
    SimResults *const *all[] = { res->reps };
    guint ns[] = { res->n };

    if (!sim_output_dir_write (dir, "results.csv", results->str,
                               (gssize)results->len, error)
        || !sim_output_dir_write (dir, "summary.csv", summary->str,
                                  (gssize)summary->len, error)
        || !ctsim_codebook_write (dir, all, ns, 1, error))
      return FALSE;
  }
  return sim_output_dir_write (dir, "manifest.json", manifest, -1, error)
         && ctsim_report_write (dir, &report, error);
}

gboolean
ctsim_cmd_run (const CtsimOptions *opts, char **args, GError **error)
{
  g_autoptr (CsScenario) sc = NULL;
  g_autoptr (SimOutputDir) dir = NULL;
  g_autofree char *out_path = NULL;
  SimRunnerResult res = { 0 };
  g_autoptr (GString) areas = g_string_new (NULL);
  CtsimSettings set;
  gboolean ok;

  if (!one_optional_arg (args, "run", error))
    return FALSE;
  sc = ctsim_load_scenario (args[0], opts, error);
  if (!sc)
    return FALSE;
  ctsim_warn_idle (sc, opts);
  ctsim_settings_resolve (opts, sc, &set);
  out_path = opts->output
                 ? g_strdup (opts->output)
                 : g_build_filename ("ctsim-out", cs_scenario_name (sc), NULL);
  if (!ctsim_check_trace (opts, out_path, error))
    return FALSE;
  if (opts->precision > 0 && cs_scenario_national (sc))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "run --precision: not for a national scenario ('%s'); "
                   "give --replications",
                   cs_scenario_name (sc));
      return FALSE;
    }
  /* Under mpirun only rank 0 writes (sim-ranks.h). */
  dir = sim_ranks_root () ? sim_output_dir_begin (out_path, error) : NULL;
  if (!dir && sim_ranks_root ())
    return FALSE;
  if (!opts->quiet)
    fprintf (stderr,
             "ctsim: running '%s': %u replications, seed %" G_GUINT64_FORMAT
             ", %u job%s\n",
             cs_scenario_name (sc), set.replications, set.seed, set.jobs,
             set.jobs == 1 ? "" : "s");
  set.progress = ctsim_progress_new (set.replications, opts->quiet);
  ok = ctsim_write_trace (opts, sc, &set, error)
       && ctsim_simulate_areas (sc, &set, NULL, &res, areas, error);
  g_clear_pointer (&set.progress, ctsim_progress_free);
  if (ok && set.precision > 0)
    ok = run_to_precision (sc, opts, &set, &res, error);
  if (!sim_ranks_root ())
    {
      sim_runner_result_clear (&res);
      return ok;
    }
  ok = ok && write_outputs (dir, opts, sc, &set, &res, areas, error)
       && ctsim_commit_output (dir, opts, error);
  if (ok && !opts->quiet)
    {
      CtsimSteady steady;
      ctsim_steady_check (res.reps, res.n, &steady);
      if (!ctsim_steady_ok (&steady))
        {
          g_autofree char *which = ctsim_steady_describe (&steady);
          fprintf (stderr,
                   "ctsim: note: '%s' may not start in steady state: MSER "
                   "on the yearly means would delete the first observed "
                   "years of %s, which move their means by more than their "
                   "95%% confidence intervals (manifest.json steady_state; "
                   "a longer warm-up: --set run.warmup_years=N)\n",
                   cs_scenario_name (sc), which);
        }
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

      if (sc)
        ctsim_warn_idle (sc, opts);

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
