/* sim-error.c: the SIM_ERROR domain. */
#include "config.h"

#include "sim/sim-error.h"

G_DEFINE_QUARK (sim - error - quark, sim_error)
