/* ctsim-manifest.c: the shared keys of manifest.json (see
 * ctsim-manifest.h). */
#include "config.h"

#include <string.h>

#include "app/ctsim-manifest.h"
#include "app/ctsim-steady.h"
#include "sim/sim-ranks.h"
#include "app/ctsim-setup.h"

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
  sim_json_key (j, "idle_parameters");
  sim_json_begin_array (j);
  for (const char *const *w = cs_scenario_idle_parameters (sc); *w; w++)
    sim_json_string (j, *w);
  sim_json_end_array (j);
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
  sim_json_key (j, "ranks"); /* processes of an mpirun job (1: none) */
  sim_json_int (j, (gint)sim_ranks_size ());
  if (set->precision > 0)
    {
      /* run --precision (issue 18): asked, reached, and where */
      sim_json_key (j, "precision");
      sim_json_double (j, set->precision);
      sim_json_key (j, "precision_reached");
      sim_json_double (j, set->precision_reached);
      sim_json_key (j, "precision_measure");
      sim_json_string (j, set->precision_measure ? set->precision_measure : "");
    }
}

char *
ctsim_run_id (const char *command, const CtsimSettings *set,
              const CsScenario *const *scenarios, guint n)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *head = g_strdup_printf (
      "ctsim %s\n%s\nseed %" G_GUINT64_FORMAT "\nreplications %u\n",
      PACKAGE_VERSION, command, set->seed, set->replications);

  g_checksum_update (sum, (const guchar *)head, -1);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *xml = cs_scenario_to_xml (scenarios[i]);

      g_checksum_update (sum, (const guchar *)xml, -1);
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}

void
ctsim_manifest_run_id (SimJson *j, const char *command,
                       const CtsimSettings *set,
                       const CsScenario *const *scenarios, guint n)
{
  g_autofree char *id = ctsim_run_id (command, set, scenarios, n);

  sim_json_key (j, "run_id");
  sim_json_string (j, id);
}

void
ctsim_csv_add_run_columns (GString *csv, const char *command,
                           const CtsimSettings *set,
                           const CsScenario *const *scenarios, guint n)
{
  g_autofree char *id = ctsim_run_id (command, set, scenarios, n);
  g_autofree char *tail
      = g_strdup_printf (",%" G_GUINT64_FORMAT ",%s\n", set->seed, id);
  g_autoptr (GString) out = g_string_sized_new (csv->len + csv->len / 4);
  const char *p = csv->str, *end = csv->str + csv->len;
  gboolean header = TRUE;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize)(end - p));
      gsize len = nl ? (gsize)(nl - p) : (gsize)(end - p);

      g_string_append_len (out, p, (gssize)len);
      g_string_append (out, header ? ",seed,run_id\n" : tail);
      header = FALSE;
      p += len + 1;
    }
  g_string_assign (csv, out->str);
}

void
ctsim_manifest_open (SimJson *j, const char *command, const CtsimOptions *opts,
                     const CtsimSettings *set, const CsScenario *sc)
{
  ctsim_manifest_begin (j, command, opts);
  ctsim_manifest_settings (j, set);
  ctsim_manifest_run_id (j, command, set, &sc, 1);
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

  CtsimSteady steady;

  ctsim_manifest_open (j, "run", opts, set, sc);
  ctsim_steady_check (res->reps, res->n, &steady);
  sim_json_key (j, "steady_state");
  ctsim_steady_json (j, &steady);
  return ctsim_manifest_end (j, res->events, res->wall_seconds);
}
