/* ctsim-value.h: value for money in `ctsim compare` (issue 13): what each
 * scenario buys per pound, and what it changes per million pounds of its
 * extra (or saved) spend against the reference (ctsim-value.c). */
#pragma once

#include <glib.h>

#include "sim/sim-results.h"

G_BEGIN_DECLS

/* value.csv (header scenario,measure,value,ci_low,ci_high) of n
 * scenarios (labels[i], reps[i][0..n_reps-1]; scenario 0 is the
 * reference) into csv, and the terminal lines into text (may be NULL),
 * the report section into html (may be NULL). */
void ctsim_value (guint n, const char *const *labels,
                  SimResults *const *const *reps, guint n_reps, GString *csv,
                  GString *text, GString *html);

G_END_DECLS
