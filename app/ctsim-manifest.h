/* ctsim-manifest.h: the keys every manifest.json shares (the program's
 * version, command line, settings, scenario and resolved parameters),
 * written with the engine's JSON writer (sim-json.h).  Keys and their
 * order: docs/outputs.md. */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-setup.h"
#include "sim/sim-json.h"
#include "sim/sim-runner.h"

G_BEGIN_DECLS

/* The "scenario" object of manifest.json (name, description, path,
 * sha256, model, years, warmup_years), written at the current position. */
void ctsim_manifest_scenario (SimJson *j, const CsScenario *sc);
/* Open a manifest object with ctsim_version, command and command_line
 * (the caller closes it). */
void ctsim_manifest_begin (SimJson *j, const char *command,
                           const CtsimOptions *opts);
/* The keys seed, replications and jobs of a run's settings. */
void ctsim_manifest_settings (SimJson *j, const CtsimSettings *set);

/* The run id (issue 18 item 6): the first 16 hex digits of the SHA-256
 * of the program's version, the command, the seed, the replications and
 * every scenario as resolved (cs_scenario_to_xml()): two runs with the
 * same id give the same numbers (whatever --jobs, ranks or output folder),
 * so rows of several runs can be stacked and told apart by it.
 * (transfer full) */
char *ctsim_run_id (const char *command, const CtsimSettings *set,
                    const CsScenario *const *scenarios, guint n);
/* The key run_id with it. */
void ctsim_manifest_run_id (SimJson *j, const char *command,
                            const CtsimSettings *set,
                            const CsScenario *const *scenarios, guint n);

/* Append the columns seed and run_id (ctsim_run_id()) to every line of
 * the CSV text csv (header first), so that the summary rows of several
 * runs can be stacked (issue 18 item 6). */
void ctsim_csv_add_run_columns (GString *csv, const char *command,
                                const CtsimSettings *set,
                                const CsScenario *const *scenarios, guint n);

/* Open the manifest of a command on one scenario: ctsim_begin's keys,
 * the settings, run_id, then scenario and parameters; the caller adds its own
 * keys and closes it with ctsim_manifest_end(). */
void ctsim_manifest_open (SimJson *j, const char *command,
                          const CtsimOptions *opts, const CtsimSettings *set,
                          const CsScenario *sc);
/* Add events_executed and wall_seconds, close the manifest object and
 * return its text.  (transfer full) */
char *ctsim_manifest_end (SimJson *j, guint64 events, double wall_seconds);

/* manifest.json for a run.  (transfer full) */
char *ctsim_manifest_json (const CtsimOptions *opts, const CsScenario *sc,
                           const CtsimSettings *set,
                           const SimRunnerResult *res);

G_END_DECLS
