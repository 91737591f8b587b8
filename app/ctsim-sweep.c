/* ctsim-sweep.c: `ctsim sweep SCENARIO`: every point of the scenario's <sweep>.
 *
 * Points are numbered from 1 in the order cs_scenario_sweep_*() gives
 * (the first parameter varies slowest).  Every point runs with the same
 * seed and replications (the command line's, else the scenario's), so
 * replication r of every point draws from the same streams: points are
 * compared on common random numbers.  One output folder, claimed before
 * anything runs and committed only when complete: results.csv and
 * summary.csv with a leading `point` column, points.csv
 * (point,label,PATH...), manifest.json, plots/ and report.html.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/ctsim-codebook.h"
#include "app/ctsim-headline.h"
#include "app/ctsim-manifest.h"
#include "app/ctsim-report.h"
#include "app/ctsim-setup.h"
#include "app/ctsim-sweep.h"
#include "app/ctsim-table.h"
#include "sim/sim-error.h"
#include "sim/sim-ranks.h"
#include "sim/sim-output.h"

#define TABLE_MAX_MEASURES 4

typedef struct
{
  CsScenario *base;
  guint n;
  CsScenario **sc;      /* n points */
  SimRunnerResult *res; /* n */
  char **number;        /* n: "1", "2", ... */
  guint n_params;       /* swept parameters shown: 1 or 2 */
  guint first_set[2];   /* index of each one's first set */
  char *path[2];        /* its path(s), " & "-joined */
  char *axis[2];        /* its name for the charts (NULL: the path) */
  GString *areas;       /* areas.csv of a national scenario */
} Sweep;

static void
sweep_clear (Sweep *w)
{
  for (guint i = 0; i < w->n; i++)
    {
      cs_scenario_free (w->sc[i]);
      sim_runner_result_clear (&w->res[i]);
    }
  g_free (w->sc);
  g_free (w->res);
  g_strfreev (w->number);
  g_free (w->path[0]);
  g_free (w->path[1]);
  g_free (w->axis[0]);
  g_free (w->axis[1]);
  if (w->areas)
    g_string_free (w->areas, TRUE);
  cs_scenario_free (w->base);
}

/* ---- points -------------------------------------------------------------- */

/* The value of the k-th set of point i ("PATH=VALUE"), and its path. */
static const char *
point_value (const CsScenario *base, guint i, guint k, char **path)
{
  const char *const *sets = cs_scenario_sweep_sets (base, i);
  const char *eq;

  if (k >= g_strv_length ((char **)sets))
    return NULL;
  eq = strchr (sets[k], '=');
  if (path)
    *path
        = eq ? g_strndup (sets[k], (gsize)(eq - sets[k])) : g_strdup (sets[k]);
  return eq ? eq + 1 : "";
}

static double
point_number (const Sweep *w, guint i, guint k)
{
  const char *v = point_value (w->base, i, k, NULL);
  char *end = NULL;
  double x;

  if (!v || !*v)
    return NAN;
  x = g_ascii_strtod (v, &end);
  return end && *end == '\0' && isfinite (x) ? x : NAN;
}

/* TRUE when sets a and b of every point have the same value: both are
 * paths of one <param> (distinct params vary independently). */
static gboolean
same_param (const Sweep *w, guint a, guint b)
{
  for (guint i = 0; i < w->n; i++)
    if (g_strcmp0 (point_value (w->base, i, a, NULL),
                   point_value (w->base, i, b, NULL)))
      return FALSE;
  return TRUE;
}

/* The <param>s' names, from point 1's label "name=v[,name=v]", for the
 * charts' axes (several paths in one param make a long label); kept as
 * the paths when the label does not split so. */
static void
name_params (Sweep *w)
{
  g_auto (GStrv) items
      = g_strsplit (cs_scenario_sweep_label (w->base, 0), ",", -1);

  if (g_strv_length (items) != w->n_params)
    return;
  for (guint p = 0; p < w->n_params; p++)
    {
      const char *eq = strchr (items[p], '=');

      if (!eq || eq == items[p])
        return;
    }
  for (guint p = 0; p < w->n_params; p++)
    {
      g_free (w->axis[p]);
      w->axis[p]
          = g_strndup (items[p], (gsize)(strchr (items[p], '=') - items[p]));
    }
}

/* Group the sets of the points into parameters (at most two shown). */
static void
find_params (Sweep *w)
{
  guint n_sets = g_strv_length ((char **)cs_scenario_sweep_sets (w->base, 0));
  GString *paths[2] = { NULL, NULL };

  w->n_params = 0;
  for (guint k = 0; k < n_sets; k++)
    {
      g_autofree char *path = NULL;

      point_value (w->base, 0, k, &path);
      if (k > 0 && same_param (w, w->first_set[w->n_params - 1], k))
        {
          g_string_append_printf (paths[w->n_params - 1], " & %s", path);
          continue;
        }
      if (w->n_params == 2)
        break;
      w->first_set[w->n_params] = k;
      paths[w->n_params++] = g_string_new (path);
    }
  for (guint p = 0; p < w->n_params; p++)
    w->path[p] = g_string_free (paths[p], FALSE);
  name_params (w);
}

static gboolean
load_points (Sweep *w, const char *arg, const CtsimOptions *opts,
             GError **error)
{
  guint n;

  w->base = ctsim_load_scenario (arg, opts, error);
  if (!w->base)
    return FALSE;
  ctsim_warn_idle (w->base, opts);
  n = cs_scenario_sweep_n_points (w->base);
  if (n == 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: no <sweep> in this scenario (nothing to sweep; "
                   "see docs/scenarios.md)",
                   cs_scenario_path (w->base));
      return FALSE;
    }
  w->sc = g_new0 (CsScenario *, n);
  w->res = g_new0 (SimRunnerResult, n);
  w->number = g_new0 (char *, n + 1);
  w->n = n;
  for (guint i = 0; i < n; i++)
    {
      w->number[i] = g_strdup_printf ("%u", i + 1);
      w->sc[i] = cs_scenario_load_sweep_point (w->base, i, error);
      if (!w->sc[i])
        return FALSE;
    }
  find_params (w);
  return TRUE;
}

/* ---- running ------------------------------------------------------------- */

static gboolean
run_points (Sweep *w, const CtsimOptions *opts, CtsimSettings *set,
            GError **error)
{
  gboolean ok = TRUE;

  set->progress = ctsim_progress_new (w->n * set->replications, opts->quiet);
  for (guint i = 0; i < w->n && ok; i++)
    {
      if (!w->areas)
        w->areas = g_string_new (NULL);
      ok = ctsim_simulate_areas (w->sc[i], set,
                                 cs_scenario_sweep_label (w->base, i),
                                 &w->res[i], w->areas, error);
      if (!ok)
        g_prefix_error (error, "point %u (%s): ", i + 1,
                        cs_scenario_sweep_label (w->base, i));
      ctsim_progress_next_run (set->progress);
    }
  g_clear_pointer (&set->progress, ctsim_progress_free);
  return ok;
}

/* ---- files -------------------------------------------------------------- */

void
ctsim_manifest_sweep_point (SimJson *j, const CsScenario *base, guint i)
{
  const char *const *sets = cs_scenario_sweep_sets (base, i);

  sim_json_key (j, "point");
  sim_json_int (j, i + 1);
  sim_json_key (j, "label");
  sim_json_string (j, cs_scenario_sweep_label (base, i));
  sim_json_key (j, "sets");
  sim_json_begin_array (j);
  for (guint k = 0; sets[k]; k++)
    sim_json_string (j, sets[k]);
  sim_json_end_array (j);
}

GString *
ctsim_sweep_points_csv (const CsScenario *base)
{
  GString *s = g_string_new ("point,label");
  guint n = cs_scenario_sweep_n_points (base);
  guint n_sets = g_strv_length ((char **)cs_scenario_sweep_sets (base, 0));

  for (guint k = 0; k < n_sets; k++)
    {
      g_autofree char *path = NULL;

      point_value (base, 0, k, &path);
      g_string_append_c (s, ',');
      sim_csv_append_field (s, path);
    }
  g_string_append_c (s, '\n');
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (s, "%u,", i + 1);
      sim_csv_append_field (s, cs_scenario_sweep_label (base, i));
      for (guint k = 0; k < n_sets; k++)
        {
          g_string_append_c (s, ',');
          sim_csv_append_field (s, point_value (base, i, k, NULL));
        }
      g_string_append_c (s, '\n');
    }
  return s;
}

static char *
manifest (const Sweep *w, const CtsimOptions *opts, const CtsimSettings *set)
{
  g_autoptr (SimJson) j = sim_json_new ();
  guint64 events = 0;
  double wall = 0;

  ctsim_manifest_open (j, "sweep", opts, set, w->base);
  sim_json_key (j, "points");
  sim_json_begin_array (j);
  for (guint i = 0; i < w->n; i++)
    {
      sim_json_begin_object (j);
      ctsim_manifest_sweep_point (j, w->base, i);
      sim_json_key (j, "events_executed");
      sim_json_int (j, (gint64)w->res[i].events);
      sim_json_end_object (j);
      events += w->res[i].events;
      wall += w->res[i].wall_seconds;
    }
  sim_json_end_array (j);
  return ctsim_manifest_end (j, events, wall);
}

/* Every point against point 1 on common random numbers (issue 18 item 5:
 * each point's difference from the reference point, paired).
 * (transfer full) */
static SimComparison *
sweep_comparison (const Sweep *w)
{
  g_autofree SimResults *const **reps = g_new0 (SimResults *const *, w->n);
  g_autofree const char **labels = g_new0 (const char *, w->n);

  for (guint i = 0; i < w->n; i++)
    {
      reps[i] = w->res[i].reps;
      labels[i] = cs_scenario_sweep_label (w->base, i);
    }
  return sim_comparison_new (w->n, labels, reps, w->res[0].n);
}

static gboolean
write_csvs (SimOutputDir *dir, const Sweep *w, const CtsimSettings *set,
            GError **error)
{
  g_autoptr (GString) results = g_string_new (NULL);
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autoptr (GString) comparison = g_string_new (NULL);
  g_autoptr (GString) points = ctsim_sweep_points_csv (w->base);
  g_autoptr (SimComparison) cmp = sweep_comparison (w);

  for (guint i = 0; i < w->n; i++)
    {
      SimOutputColumn point = { "point", w->number[i] };
      const char *name = cs_scenario_name (w->sc[i]);

      sim_output_results_csv (results, i == 0, &point, 1, name, w->res[i].reps,
                              w->res[i].n, 0);
      sim_output_summary_csv (summary, i == 0, &point, 1, name, w->res[i].reps,
                              w->res[i].n);
    }
  sim_comparison_csv (cmp, comparison);
  ctsim_csv_add_run_columns (summary, "sweep", set,
                             (const CsScenario *const *)&w->base, 1);
  ctsim_csv_add_run_columns (comparison, "sweep", set,
                             (const CsScenario *const *)&w->base, 1);
  if (w->areas && w->areas->len > 0
      && !sim_output_dir_write (dir, "areas.csv", w->areas->str,
                                (gssize)w->areas->len, error))
    return FALSE;
  return sim_output_dir_write (dir, "results.csv", results->str,
                               (gssize)results->len, error)
         && sim_output_dir_write (dir, "summary.csv", summary->str,
                                  (gssize)summary->len, error)
         && sim_output_dir_write (dir, "points.csv", points->str,
                                  (gssize)points->len, error)
         && sim_output_dir_write (dir, "comparison.csv", comparison->str,
                                  (gssize)comparison->len, error);
}

static gboolean
write_all (SimOutputDir *dir, const Sweep *w, const CtsimOptions *opts,
           const CtsimSettings *set, GError **error)
{
  g_autofree char *json = manifest (w, opts, set);
  g_autofree CtsimSeries *series = g_new0 (CtsimSeries, w->n);
  CtsimReportInput report = {
    .kind = CTSIM_PLOTS_SWEEP,
    .opts = opts,
    .set = set,
    .n = w->n,
    .scenarios = (const CsScenario *const *)w->sc,
    .series = series,
    .base = w->base,
    .n_params = w->n_params,
    .param_label = { w->axis[0] ? w->axis[0] : w->path[0],
                     w->axis[1] ? w->axis[1] : w->path[1] },
  };

  for (guint i = 0; i < w->n; i++)
    {
      series[i] = (CtsimSeries){
        cs_scenario_sweep_label (w->base, i),
        w->res[i].reps,
        w->res[i].n,
        { point_number (w, i, w->first_set[0]),
          w->n_params > 1 ? point_number (w, i, w->first_set[1]) : NAN }
      };
      report.wall_seconds += w->res[i].wall_seconds;
      report.events += w->res[i].events;
    }
  {
    g_autofree guint *ns = g_new (guint, w->n);
    g_autofree SimResults *const **reps = g_new (SimResults *const *, w->n);

    for (guint i = 0; i < w->n; i++)
      {
        ns[i] = w->res[i].n;
        reps[i] = w->res[i].reps;
      }
    if (!write_csvs (dir, w, set, error)
        || !ctsim_codebook_write (dir, reps, ns, w->n, error))
      return FALSE;
  }
  return sim_output_dir_write (dir, "manifest.json", json, -1, error)
         && ctsim_report_write (dir, &report, error);
}

/* ---- the terminal table ------------------------------------------------- */

/* Each headline measure: every point's mean and its difference from
 * point 1 with the paired interval (ctsim_print_differences). */
static void
print_points (const Sweep *w, const CtsimSettings *set, double wall,
              const char *out_path)
{
  g_autoptr (SimComparison) cmp = sweep_comparison (w);
  g_autoptr (GArray) keys = ctsim_sweep_keys (cmp, TABLE_MAX_MEASURES);

  printf ("%s: %u points on common random numbers, seed %" G_GUINT64_FORMAT
          ", %u replications each (%.2f s)\n",
          cs_scenario_name (w->base), w->n, set->seed, set->replications, wall);
  printf ("Differences: each point minus point 1 (%s), paired by "
          "replication;\n* = the paired 95%% interval excludes zero.\n\n",
          cs_scenario_sweep_label (w->base, 0));
  ctsim_print_differences (cmp, keys, ctsim_stdout_colour ());
  printf ("\nEvery measure of every point: summary.csv (column 'point'); "
          "differences:\ncomparison.csv; points: points.csv\nOutput: %s\n",
          out_path);
}

/* ---- the command --------------------------------------------------------- */

gboolean
ctsim_cmd_sweep (const CtsimOptions *opts, char **args, GError **error)
{
  Sweep w = { 0 };
  g_autoptr (SimOutputDir) dir = NULL;
  g_autofree char *out_path = NULL;
  CtsimSettings set;
  gboolean ok = FALSE;
  double wall = 0;

  if (!args[0] || args[1])
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "sweep: expected one scenario with a <sweep>");
      return FALSE;
    }
  if (!load_points (&w, args[0], opts, error))
    goto out;
  ctsim_settings_resolve (opts, w.base, &set);
  out_path = opts->output ? g_strdup (opts->output)
                          : g_strdup_printf ("ctsim-out/%s-sweep",
                                             cs_scenario_name (w.base));
  /* Under mpirun only rank 0 writes (sim-ranks.h). */
  dir = sim_ranks_root () ? sim_output_dir_begin (out_path, error) : NULL;
  if (!dir && sim_ranks_root ())
    goto out;
  if (!opts->quiet)
    fprintf (stderr,
             "ctsim: sweeping '%s': %u points, %u replications each, seed "
             "%" G_GUINT64_FORMAT ", %u job%s\n",
             cs_scenario_name (w.base), w.n, set.replications, set.seed,
             set.jobs, set.jobs == 1 ? "" : "s");
  ok = run_points (&w, opts, &set, error);
  if (!sim_ranks_root ())
    goto out;
  ok = ok && write_all (dir, &w, opts, &set, error)
       && ctsim_commit_output (dir, opts, error);
  for (guint i = 0; i < w.n; i++)
    wall += w.res[i].wall_seconds;
  if (ok && !opts->quiet)
    print_points (&w, &set, wall, out_path);
out:
  sweep_clear (&w);
  return ok;
}
