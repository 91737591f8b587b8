/* cs-run.h: a scenario's run settings (years, warm-up, replications, seed).
 *
 * Shared by every model's parameters (models/params/cs-params.h) and the
 * loaded scenario (models/scenario/cs-scenario.h); plain data, no functions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most replications a run may ask for (in a scenario or on the
 * command line). */
#define CS_MAX_REPLICATIONS 1000000

typedef struct
{
  double years;        /* observed years (after warm-up) */
  double warmup_years; /* discarded before observation */
  guint replications;
  guint64 seed;
} CsRunSettings;

G_END_DECLS
