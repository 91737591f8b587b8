/* ctsim-cli.h: what the ctsim program's subcommands share.
 *
 * Each subcommand is a function taking the parsed common options and its
 * positional arguments; it returns TRUE on success or FALSE with a
 * SIM_ERROR whose code is the exit status (sysexits.h).
 */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-progress.h"
#include "sim/sim-json.h"
#include "sim/sim-runner.h"

G_BEGIN_DECLS

#define CTSIM_DEFAULT_SEED G_GUINT64_CONSTANT (20041)

typedef struct
{
  /* Common options; "set" flags say whether the user gave them. */
  guint64 seed;
  gboolean seed_set;
  char *seed_text;   /* --seed as given (decimal), parsed into seed */
  gint replications; /* 0 = the scenario's */
  gint jobs;         /* 0 = number of processors */
  char *output;      /* NULL = ctsim-out/<scenario-name> */
  char **sets;       /* NULL-terminated PATH=VALUE list (may be NULL) */
  gboolean quiet;
  char *trace;        /* --trace FILE (run), or NULL */
  char *trace_filter; /* --trace-filter KIND[,KIND...], or NULL */
  char *arrangement;  /* demo: --arrangement NAME, or NULL */
  char *versus;       /* demo: --versus NAME, or NULL */
  gboolean step;      /* demo: --step */
  /* The command line as given, for manifest.json. */
  int argc;
  char **argv;
} CtsimOptions;

typedef gboolean (*CtsimCommandFunc) (const CtsimOptions *opts, char **args,
                                      GError **error);

gboolean ctsim_cmd_run (const CtsimOptions *opts, char **args, GError **error);
gboolean ctsim_cmd_validate (const CtsimOptions *opts, char **args,
                             GError **error);
gboolean ctsim_cmd_list (const CtsimOptions *opts, char **args, GError **error);
gboolean ctsim_cmd_show (const CtsimOptions *opts, char **args, GError **error);
gboolean ctsim_cmd_compare (const CtsimOptions *opts, char **args,
                            GError **error);
gboolean ctsim_cmd_sweep (const CtsimOptions *opts, char **args,
                          GError **error);
gboolean ctsim_cmd_survey (const CtsimOptions *opts, char **args,
                           GError **error);
gboolean ctsim_cmd_demo (const CtsimOptions *opts, char **args, GError **error);

/* Settings of one run: the command line's, else the scenario's. */
typedef struct
{
  guint64 seed;
  guint replications;
  guint jobs;
  CtsimProgress *progress; /* counts the replications (NULL: none) */
} CtsimSettings;

void ctsim_settings_resolve (const CtsimOptions *opts, const CsScenario *sc,
                             CtsimSettings *set);

/* Load a scenario argument (a file or a shipped name; NULL = the built-in
 * default) with the options' --set overrides.  (transfer full) */
CsScenario *ctsim_load_scenario (const char *arg, const CtsimOptions *opts,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Run the scenario's replications (exit 69 if its model is not built). */
gboolean ctsim_simulate (const CsScenario *sc, const CtsimSettings *set,
                         SimRunnerResult *res,
                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The "scenario" object of manifest.json (name, description, path,
 * sha256, model, years, warmup_years), written at the current position. */
void ctsim_manifest_scenario (SimJson *j, const CsScenario *sc);
/* Open a manifest object with ctsim_version, command and command_line
 * (the caller closes it). */
void ctsim_manifest_begin (SimJson *j, const char *command,
                           const CtsimOptions *opts);
/* The keys seed, replications and jobs of a run's settings. */
void ctsim_manifest_settings (SimJson *j, const CtsimSettings *set);

/* Open the manifest of a command on one scenario: ctsim_begin's keys,
 * the settings, then scenario and parameters; the caller adds its own
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

/* With --trace: refuse a trace path inside the output folder out_path
 * (usage error) or one sim_trace_check_path() refuses; TRUE without
 * --trace.  Checked before anything is created or run. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_check_trace (const CtsimOptions *opts, const char *out_path,
                            GError **error);

/* With --trace: run replication 0 with the run's seed and write its
 * event trace to opts->trace (filtered by opts->trace_filter).  TRUE
 * when there is nothing to do. */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_write_trace (const CtsimOptions *opts, const CsScenario *sc,
                            const CtsimSettings *set, GError **error);

/* The keys point (from 1), label and sets of point i of base's <sweep>,
 * written into the manifest object open at the current position. */
void ctsim_manifest_sweep_point (SimJson *j, const CsScenario *base, guint i);
/* points.csv of a scenario with a <sweep>: point,label, then one column
 * per swept path with its value at each point.  (transfer full) */
GString *ctsim_sweep_points_csv (const CsScenario *base);

/* The terminal table: whole-run mean and 95% interval per group and
 * measure, headline groups first. */
void ctsim_print_summary (SimResults *const *reps, guint n);

/* Folder holding scenarios/ and plots/: $CTSIM_DATADIR if set; the source
 * tree when the program runs uninstalled from its build tree; otherwise
 * the installed $(pkgdatadir).  (transfer none) */
const char *ctsim_data_dir (void);

/* A scenario argument: an existing file as given, else a shipped scenario
 * by name ("school-led-cluster" or "validation/mmc"), else the argument
 * unchanged (so the loader reports it missing).  (transfer full) */
char *ctsim_resolve_scenario (const char *arg);

G_END_DECLS
