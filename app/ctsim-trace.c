/* ctsim-trace.c: `--trace FILE`: the event trace of replication 0.
 *
 * The traced replication is run on its own, with the run's seed, so the
 * trace is that of replication 0 of the run (and byte-identical for the
 * same seed) without slowing the other replications down.  The filter is
 * checked against the model's event kinds before anything runs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app/ctsim-setup.h"
#include "app/ctsim-trace.h"
#include "sim/sim-error.h"
#include "sim/sim-trace.h"

/* "a, b,c" -> {"a", "b", "c"}; NULL for no filter.  (transfer full) */
static char **
split_kinds (const char *filter, GError **error)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GPtrArray) kinds = g_ptr_array_new_with_free_func (g_free);

  if (!filter)
    return NULL;
  parts = g_strsplit (filter, ",", -1);
  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]))
      g_ptr_array_add (kinds, g_strdup (parts[i]));
  if (kinds->len == 0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "--trace-filter: expected event kinds separated by "
                   "commas, got '%s'",
                   filter);
      return NULL;
    }
  g_ptr_array_add (kinds, NULL);
  return (char **)g_ptr_array_steal (kinds, NULL);
}

/* path with its folder resolved (links, "..") when that folder exists;
 * else as given, made absolute.  (transfer full) */
static char *
resolved (const char *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (abs);
  g_autofree char *base = g_path_get_basename (abs);
  g_autofree char *real = realpath (dir, NULL);

  if (!real)
    return g_steal_pointer (&abs);
  return g_build_filename (real, base, NULL);
}

gboolean
ctsim_check_trace (const CtsimOptions *opts, const char *out_path,
                   GError **error)
{
  g_autofree char *trace = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_real = NULL;

  if (!opts->trace)
    return TRUE;
  trace = resolved (opts->trace);
  out = resolved (out_path);
  out_real = realpath (out_path, NULL);
  for (guint i = 0; i < 2; i++)
    {
      const char *o = i == 0 ? out : out_real;
      gsize n = o ? strlen (o) : 0;

      if (o
          && (strcmp (trace, o) == 0
              || (strncmp (trace, o, n) == 0 && G_IS_DIR_SEPARATOR (trace[n]))))
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                       "--trace %s: inside the output folder %s, which the "
                       "run replaces whole (expected a path outside it)",
                       opts->trace, out_path);
          return FALSE;
        }
    }
  return sim_trace_check_path (opts->trace, error);
}

gboolean
ctsim_write_trace (const CtsimOptions *opts, const CsScenario *sc,
                   const CtsimSettings *set, GError **error)
{
  const CsRunSettings *run = cs_scenario_run_settings (sc);
  const SimModel *model = cs_scenario_model (sc);
  g_autoptr (GError) local = NULL;
  g_auto (GStrv) kinds = NULL;
  SimRunConfig config = {
    .seed = set->seed,
    .replication = 0,
    .warmup_days = sim_years (run->warmup_years),
    .horizon_days = sim_years (run->warmup_years + run->years),
  };

  if (!opts->trace)
    {
      if (opts->trace_filter)
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                       "--trace-filter needs --trace FILE");
          return FALSE;
        }
      return TRUE;
    }
  kinds = split_kinds (opts->trace_filter, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!model)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_UNAVAILABLE,
                   "%s: this scenario's model is not built yet in this "
                   "version of ctsim",
                   cs_scenario_path (sc));
      return FALSE;
    }
  if (!sim_trace_check_kinds (model, (const char *const *)kinds, error))
    {
      g_prefix_error (error, "--trace-filter: ");
      return FALSE;
    }
  return sim_trace_run (model, cs_scenario_params (sc), &config, opts->trace,
                        (const char *const *)kinds, error);
}
