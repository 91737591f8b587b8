/* ctsim-steady.h: whether a run's headline series start in steady state
 * (issue 13, item 6).
 *
 * For each headline measure of group "all" (the five ECM means, reach and
 * unmet-need days), the yearly series of its mean over the replications
 * (years 1..N after warm-up; each year a batch mean of the run's days) is
 * put through the MSER rule (sim/sim-steady.h) with truncations of at
 * most half the years: a truncation d > 0 says that deleting the first d
 * observed years would give a more precise mean, that is, the warm-up
 * did not reach a steady state for that measure.  A truncation is
 * material when the years it deletes move the headline (the mean over
 * every observed year and replication) by more than the headline's 95%
 * confidence half-width across replications (sim_steady_material): MSER
 * alone, on five yearly means, often deletes a year of a series that is
 * only noise.  `run` writes the result to manifest.json ("steady_state",
 * docs/outputs.md) and notes a material truncation on stderr.
 */
#pragma once

#include <glib.h>

#include "sim/sim-json.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

#define CTSIM_STEADY_MEASURES 7

typedef struct
{
  const char *measure; /* static */
  guint years;         /* observed years with a value */
  guint truncation;    /* MSER's d: first years it would delete */
  double first, last;  /* means of year 1 and year N */
  double bias;         /* what those years add to the headline */
  double half_width;   /* the headline's 95% half-width */
  gboolean material;   /* truncation > 0 and |bias| > half_width */
} CtsimSteadyMeasure;

typedef struct
{
  guint n;
  CtsimSteadyMeasure m[CTSIM_STEADY_MEASURES];
} CtsimSteady;

/* The check on n replications' results. */
void ctsim_steady_check (SimResults *const *reps, guint n, CtsimSteady *out);
/* Whether no measure has a material truncation. */
gboolean ctsim_steady_ok (const CtsimSteady *s);
/* The "steady_state" object, at the current position of j. */
void ctsim_steady_json (SimJson *j, const CtsimSteady *s);
/* "ecm_be_healthy (2 years), ..." for the measures with a material
 * truncation.
 * (transfer full) */
char *ctsim_steady_describe (const CtsimSteady *s);

G_END_DECLS
