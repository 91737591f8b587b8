/* sim-dist.h: probability distributions for durations, counts and choices.
 *
 * A SimDist is a description (kind and parameters) that samples from a
 * SimRng through GSL.  Parameters are named in the units of the caller
 * (days for durations).  sim_dist_validate() is the single judge of
 * "impossible parameters"; sim_dist_parse() reads the textual form used by
 * scenario files and by --set, e.g.
 *
 *   "deterministic(value=30)"   "exponential(mean=30)"
 *   "gamma(shape=2,scale=15)"   "lognormal(mean=30,sd=10)"
 *   "normal(mean=0,sd=1)"       "uniform(min=10,max=20)"
 *   "poisson(mean=4)"           "binomial(n=10,p=0.3)"
 *   "bernoulli(p=0.2)"          "empirical(values=1;2;5,weights=0.5;0.3;0.2)"
 *
 * (lognormal is parameterised by its own mean and sd, not those of the log).
 * sim_dist_to_string() writes the same form back (round-trips exactly for
 * finite doubles, using "%.17g").
 */
#pragma once

#include <glib.h>

#include "sim/sim-rng.h"

G_BEGIN_DECLS

typedef enum
{
  SIM_DIST_DETERMINISTIC,
  SIM_DIST_EXPONENTIAL,
  SIM_DIST_GAMMA,
  SIM_DIST_LOGNORMAL,
  SIM_DIST_NORMAL,
  SIM_DIST_UNIFORM,
  SIM_DIST_POISSON,
  SIM_DIST_BINOMIAL,
  SIM_DIST_BERNOULLI,
  SIM_DIST_EMPIRICAL,
} SimDistKind;

typedef struct
{
  SimDistKind kind;
  double a, b;       /* the two parameters, meaning by kind (see .c) */
  guint n_values;    /* empirical only */
  double *values;    /* empirical only (owned) */
  double *cumweight; /* empirical only (owned), normalised, last = 1 */
  double *weights;   /* empirical only (owned), as parsed, or NULL; lets
                        sim_dist_to_string() round-trip exactly */
} SimDist;

#define SIM_DIST_INIT                                                          \
  {                                                                            \
    SIM_DIST_DETERMINISTIC, 0.0, 0.0, 0, NULL, NULL, NULL                      \
  }

void sim_dist_clear (SimDist *dist); /* frees owned arrays; keeps kind */
void sim_dist_copy (SimDist *dest, const SimDist *src);

/* Constructors for code (no validation; call sim_dist_validate()). */
SimDist sim_dist_deterministic (double value);
SimDist sim_dist_exponential (double mean);
SimDist sim_dist_gamma (double shape, double scale);
SimDist sim_dist_lognormal (double mean, double sd);
SimDist sim_dist_normal (double mean, double sd);
SimDist sim_dist_uniform (double min, double max);
SimDist sim_dist_poisson (double mean);
SimDist sim_dist_binomial (guint n, double p);
SimDist sim_dist_bernoulli (double p);

/* Parse the textual form.  On failure returns FALSE, sets SIM_ERROR_DATA
 * with a message saying what is wrong and what was expected (the caller
 * prefixes file and line), and leaves *out cleared. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_dist_parse (const char *text, SimDist *out, GError **error);

/* FALSE (SIM_ERROR_DATA) when the parameters are impossible (negative
 * mean, p outside [0,1], min > max, non-finite values, ...).  If
 * non_negative is TRUE, distributions that can give negative values
 * (normal) are refused too: durations use this. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_dist_validate (const SimDist *dist, gboolean non_negative,
                            GError **error);

/* Every parameter (binomial's n, not p) and every empirical value within
 * [-max_abs, max_abs], and a lognormal's sd/mean at most 1e150 (so its
 * sigma is finite): what a model needs so that sums of samples, such as
 * event times, stay finite.  SIM_ERROR_DATA naming the parameter. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_dist_check_size (const SimDist *dist, double max_abs,
                              GError **error);

double sim_dist_sample (const SimDist *dist, SimRng *rng);
double sim_dist_mean (const SimDist *dist);
double sim_dist_variance (const SimDist *dist);
char *sim_dist_to_string (const SimDist *dist); /* (transfer full) */
const char *sim_dist_kind_name (SimDistKind kind);

G_END_DECLS
