/* ctsim-setup.h: what every subcommand of the ctsim program starts from:
 * the parsed common options, the settings of a run, loading a scenario
 * and running its replications.
 *
 * Each subcommand is a function taking the parsed common options and its
 * positional arguments; it returns TRUE on success or FALSE with a
 * SIM_ERROR whose code is the exit status (sysexits.h).
 */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-progress.h"
#include "sim/sim-output.h"
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
  char *area;        /* --area FILE laid on every scenario, or NULL */
  char *from;        /* new: --from SCENARIO, or NULL */
  gboolean quiet;
  char *trace;           /* --trace FILE (run), or NULL */
  char *trace_filter;    /* --trace-filter KIND[,KIND...], or NULL */
  char *arrangement;     /* demo: --arrangement NAME, or NULL */
  char *versus;          /* demo: --versus NAME, or NULL */
  gboolean step;         /* demo: --step */
  gboolean attribute;    /* compare: --attribute (issue 13) */
  gboolean wide;         /* compare: --wide (issue 18) */
  double precision;      /* run: --precision REL (0: none; issue 18) */
  gint max_replications; /* run: --max-replications N (0: the default) */
  /* The command line as given, for manifest.json. */
  int argc;
  char **argv;
} CtsimOptions;

typedef gboolean (*CtsimCommandFunc) (const CtsimOptions *opts, char **args,
                                      GError **error);

/* Settings of one run: the command line's, else the scenario's. */
typedef struct
{
  guint64 seed;
  guint replications;
  guint first_replication; /* of the ones to run (usually 0) */
  guint jobs;
  CtsimProgress *progress; /* counts the replications (NULL: none) */
  /* run --precision: the relative half-width asked for (0: none), the
   * one reached (the widest headline interval's) and the measure. */
  double precision, precision_reached;
  const char *precision_measure;
} CtsimSettings;

void ctsim_settings_resolve (const CtsimOptions *opts, const CsScenario *sc,
                             CtsimSettings *set);

/* Load a scenario argument (a file or a shipped name; NULL = the built-in
 * default) with the options' --set overrides.  (transfer full) */
CsScenario *ctsim_load_scenario (const char *arg, const CtsimOptions *opts,
                                 GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Each parameter of sc without effect (cs_scenario_idle_parameters) as a
 * warning line on stderr, unless --quiet (issue 13).  run, compare,
 * sweep and validate call it; survey does not (the base of a pathfinder
 * survey is not run as it is). */
void ctsim_warn_idle (const CsScenario *sc, const CtsimOptions *opts);

/* Commit an output folder; when it replaced a previous output, say so in
 * one line on stderr unless --quiet (issue 18). */
gboolean ctsim_commit_output (SimOutputDir *dir, const CtsimOptions *opts,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Run the scenario's replications (exit 69 if its model is not built).
 * A national scenario (cs_scenario_national) runs each of its
 * authorities and gives the national rows (ctsim-national.h). */
gboolean ctsim_simulate (const CsScenario *sc, const CtsimSettings *set,
                         SimRunnerResult *res,
                         GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same; for a national scenario, areas (may be NULL) also gets the
 * rows of areas.csv with `label` (NULL: the scenario's name) in the
 * scenario column (ctsim_national_simulate). */
gboolean ctsim_simulate_areas (const CsScenario *sc, const CtsimSettings *set,
                               const char *label, SimRunnerResult *res,
                               GString *areas,
                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
