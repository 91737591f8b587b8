/* ctsim-national.h: running a national scenario (issue 17): every local
 * authority of its <national> generator (models/pathfinders/cs-national.h)
 * an area of its own, and the national rows made from theirs.
 *
 * Work units: replication r of authority a is engine replication
 * r x N + a (N authorities), so every authority of every replication has
 * its own streams, and the same ones in any scenario run with the seed
 * (common random numbers).  A replication's units run on `jobs` threads
 * (sim_ranks_work), largest authority first; each writes only its own
 * slot, and the national rows are made from the slots in authority order,
 * so every output is byte-identical for any --jobs.  Under mpirun the
 * units are handed to the ranks as their threads free, largest first
 * (sim-ranks.h), and gathered at rank 0, which alone gets national rows and
 * areas.csv (the other ranks get NULL replications).
 *
 * National rows (docs/outputs.md "National rows"): for each (year, group,
 * measure) in order of first appearance over the authorities, the sum
 * of the finite values (counts, days, money: at the simulated scale, so
 * England's own at scale 1), or their mean weighted by the authorities'
 * real children (shares, rates, scores: cs_out_measure_adds_up()); empty
 * when no authority gives a value.
 */
#pragma once

#include <glib.h>

#include "models/scenario/cs-scenario.h"
#include "app/ctsim-setup.h"
#include "sim/sim-runner.h"

G_BEGIN_DECLS

/* The columns of areas.csv before the measures. */
#define CTSIM_AREAS_HEADER                                                     \
  "scenario,replication,authority,kind,pcts,children_real,deprivation"

/* Run the authorities of sc's national generator (which it must have) for
 * set's replications: res gets one national SimResults per replication.
 * areas (may be NULL) gets a row per replication and authority: the
 * authority's characteristics and its whole-run ("all") rows of group
 * "all" at the simulated scale, one column per measure; when areas is
 * empty the header comes first, its measures those of the first
 * authority; later calls fill the same columns (empty when missing).
 * `label` is the scenario column (NULL: the scenario's name). */
G_GNUC_WARN_UNUSED_RESULT
gboolean ctsim_national_simulate (const CsScenario *sc,
                                  const CtsimSettings *set, const char *label,
                                  SimRunnerResult *res, GString *areas,
                                  GError **error);

G_END_DECLS
