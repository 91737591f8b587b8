/* cs-scenario.h: a loaded, validated, fully resolved scenario.
 *
 * A scenario is what a user runs: a name and description, the model it
 * drives (a SimModel and its parameters), run settings, and the resolved
 * parameter list with sources (for manifest.json, `ctsim show` and the
 * report).  It is immutable once loaded and may be shared by threads.
 *
 * Loading applies, in order: the file (or the built-in default), its
 * `extends` chain, then each `--set PATH=VALUE` override.  Every failure
 * is a SIM_ERROR whose message starts "FILE:LINE: " and whose code is
 * SIM_ERROR_DATA (65) for bad data, SIM_ERROR_NOINPUT (66) for a missing
 * or unreadable file, SIM_ERROR_USAGE (64) for a malformed --set argument.
 */
#pragma once

#include <glib.h>

#include "sim/sim-engine.h"
#include "sim/sim-json.h"
#include "models/params/cs-run.h"

G_BEGIN_DECLS

typedef struct CsScenario CsScenario;

/* The folder of the shipped scenarios: extends="NAME" (or "NAME.xml")
 * with no folder, naming no file beside the scenario, names the shipped
 * scenario NAME.xml there.  Set once at start-up (the program sets
 * $CTSIM_DATADIR/scenarios or the installed folder); NULL: none. */
void cs_scenario_set_shipped_dir (const char *dir);

/* Load a scenario file; sets is a NULL-terminated list of "PATH=VALUE"
 * (may be NULL).  (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsScenario *cs_scenario_load (const char *path, const char *const *sets,
                              GError **error);
/* The same with an area overlay (ctsim --area FILE; NULL: none): FILE's
 * own elements and attributes (not its name, description, sweep or the
 * scenario it extends) merged onto the scenario after its extends chain
 * and before sets; path NULL: the built-in default.  (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsScenario *cs_scenario_load_area (const char *path, const char *area,
                                   const char *const *sets, GError **error);
/* The built-in default scenario (compiled into the binary). */
G_GNUC_WARN_UNUSED_RESULT
CsScenario *cs_scenario_load_default (const char *const *sets, GError **error);
void cs_scenario_free (CsScenario *sc); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsScenario, cs_scenario_free)

const char *cs_scenario_name (const CsScenario *sc);
const char *cs_scenario_description (const CsScenario *sc);
/* File it was loaded from, or "(built-in default)". */
const char *cs_scenario_path (const CsScenario *sc);
/* SHA-256 (hex) of the file's bytes (the built-in text for the default). */
const char *cs_scenario_sha256 (const CsScenario *sc);
const SimModel *cs_scenario_model (const CsScenario *sc);
gconstpointer cs_scenario_params (const CsScenario *sc);
const CsRunSettings *cs_scenario_run_settings (const CsScenario *sc);
/* The scenario's <pathfinders> generator (models/pathfinders/cs-pathfinders.h),
 * or NULL when it has none (issue 7).  (transfer none) */
typedef struct CsPathfinders CsPathfinders;
const CsPathfinders *cs_scenario_pathfinders (const CsScenario *sc);
/* The scenario's <national> generator (models/pathfinders/cs-national.h):
 * run, compare and sweep run each of its authorities as an area of its
 * own (issue 17); NULL when it has none.  (transfer none) */
typedef struct CsNational CsNational;
const CsNational *cs_scenario_national (const CsScenario *sc);

/* Parameters of the scenario that have no effect in it, one sentence
 * each starting with the parameter's path (issue 13:
 * cs_commission_idle_parameters); NULL-terminated, empty when every
 * parameter acts.  `ctsim` prints each as a warning and lists them in
 * manifest.json.  (transfer none) */
const char *const *cs_scenario_idle_parameters (const CsScenario *sc);

/* The resolved parameters as a JSON object {path: {"value": v,
 * "source": s}} written into json at the current position. */
void cs_scenario_params_json (const CsScenario *sc, SimJson *json);

/* Every resolved parameter (the keys of cs_scenario_params_json(), in the
 * same order): its dotted path, value and source ("(no source given)" when
 * it has none).  The strings are valid during the call only. */
typedef void (*CsParamFunc) (const char *path, const char *value,
                             const char *source, gpointer user_data);
void cs_scenario_params_foreach (const CsScenario *sc, CsParamFunc func,
                                 gpointer user_data);

/* The resolved scenario (extends merged, --set applied) as an XML
 * document that validates against scenarios/ctsim.rng and, loaded again,
 * gives identical parameters and sources.  (transfer full) */
char *cs_scenario_to_xml (const CsScenario *sc);

/* Sweeps.  A scenario's <sweep> has one or two <param>s; its points are
 * their product (the first param varies slowest).  Point i is a list of
 * "PATH=VALUE" sets applied after the scenario's own --set list, and a
 * label such as "pooled_share=0.4" or "a=1,b=2".  Every point is loaded
 * and checked when the scenario is loaded, so a bad value is reported
 * then, at the <param>'s line.  0 points when there is no <sweep>. */
guint cs_scenario_sweep_n_points (const CsScenario *sc);
const char *cs_scenario_sweep_label (const CsScenario *sc, guint point);
/* NULL-terminated.  (transfer none) */
const char *const *cs_scenario_sweep_sets (const CsScenario *sc, guint point);
/* Load point `point`: the same file (or the built-in default) with the
 * same --set list, then the point's sets.  (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsScenario *cs_scenario_load_sweep_point (const CsScenario *sc, guint point,
                                          GError **error);

/* Attribution (issue 13, `ctsim compare A B --attribute`).  The
 * parameters in which b differs from a, walked over the resolved trees
 * (elements matched by name and key; labels, sources, <run>,
 * <description> and <sweep> left out), fall into mechanism groups named
 * by the parameter's attribute or element name, never by a label's
 * value: sight (records_*_share, referral_sources, community_sight_km,
 * population, <outside_reach>), decision (decision_*, stage_weights,
 * sanction_*, <domain_weights>, <ecm_weights>, <orientation_shift>), money
 * (budget_gbp_per_year, pooled_share, pool_sectors,
 * unallocated_to_members, carry_forward_share, <member>), scope (tiers,
 * sectors, localities, school_participation, <eligibility>), capacity
 * (analytic_capacity, cycle, meeting and monitoring intervals, running
 * cost, qa_*, target_wait_days, plan_within_capacity, <procurement>,
 * <cycle_days>, <cycle_staff_cost_gbp>), commissioners (an <arrangement> only
 * one has, its instances, a service's starting commissioner) and area
 * (everything else).  Returns the groups with a difference, sorted,
 * NULL-terminated (transfer full); paths (may be NULL) gets "GROUP,PATH" for
 * each difference. */
GStrv cs_scenario_diff_groups (const CsScenario *a, const CsScenario *b,
                               GPtrArray *paths);
/* a with b's values of every parameter of the groups in `set`
 * (NULL-terminated): the scenario a Shapley attribution runs for that
 * coalition.  Its name, path and run settings are a's.  SIM_ERROR_DATA
 * when the mix is not a valid scenario.  (transfer full) */
G_GNUC_WARN_UNUSED_RESULT
CsScenario *cs_scenario_hybrid (const CsScenario *a, const CsScenario *b,
                                const char *const *set, GError **error);

G_END_DECLS
