/* ctsim-setup.c: options to settings, loading and running a scenario
 * (see ctsim-setup.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "app/ctsim-data.h"
#include "app/ctsim-national.h"
#include "app/ctsim-setup.h"
#include "sim/sim-error.h"

CsScenario *
ctsim_load_scenario (const char *arg, const CtsimOptions *opts, GError **error)
{
  g_autofree char *path = NULL;

  if (!arg)
    return cs_scenario_load_area (NULL, opts->area,
                                  (const char *const *)opts->sets, error);
  path = ctsim_resolve_scenario (arg);
  return cs_scenario_load_area (path, opts->area,
                                (const char *const *)opts->sets, error);
}

void
ctsim_warn_idle (const CsScenario *sc, const CtsimOptions *opts)
{
  for (const char *const *w = cs_scenario_idle_parameters (sc);
       *w && !opts->quiet; w++)
    fprintf (stderr, "ctsim: warning: %s: %s\n", cs_scenario_name (sc), *w);
}

void
ctsim_settings_resolve (const CtsimOptions *opts, const CsScenario *sc,
                        CtsimSettings *set)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);

  set->seed = opts->seed_set ? (guint64)opts->seed : run->seed;
  set->replications
      = opts->replications > 0 ? (guint)opts->replications : run->replications;
  set->jobs = opts->jobs > 0 ? (guint)opts->jobs : g_get_num_processors ();
  set->first_replication = 0;
  set->progress = NULL;
  set->precision = opts->precision;
  set->precision_reached = NAN;
  set->precision_measure = NULL;
}

gboolean
ctsim_commit_output (SimOutputDir *dir, const CtsimOptions *opts,
                     GError **error)
{
  if (!sim_output_dir_commit (dir, error))
    return FALSE;
  if (sim_output_dir_replaced (dir) && !opts->quiet)
    fprintf (stderr, "ctsim: %s: replaced the previous output\n",
             sim_output_dir_final_path (dir));
  return TRUE;
}

gboolean
ctsim_simulate (const CsScenario *sc, const CtsimSettings *set,
                SimRunnerResult *res, GError **error)
{
  return ctsim_simulate_areas (sc, set, NULL, res, NULL, error);
}

gboolean
ctsim_simulate_areas (const CsScenario *sc, const CtsimSettings *set,
                      const char *label, SimRunnerResult *res, GString *areas,
                      GError **error)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);
  SimRunnerSpec spec = {
    .model = cs_scenario_model (sc),
    .params = cs_scenario_params (sc),
    .seed = set->seed,
    .replications = set->replications,
    .first_replication = set->first_replication,
    .jobs = set->jobs,
    .warmup_days = sim_years (run->warmup_years),
    .horizon_days = sim_years (run->warmup_years + run->years),
    .progress = set->progress ? ctsim_progress_update : NULL,
    .progress_data = set->progress,
  };

  if (spec.model && cs_scenario_national (sc))
    return ctsim_national_simulate (sc, set, label, res, areas, error);
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
