/* sim-results.h: the rows one replication reports, in the order reported.
 *
 * A row is (year, group, measure, value).  Year is 1..N for yearly rows
 * (years counted after warm-up) or SIM_YEAR_ALL for the whole observed
 * period; written "all" in the results table.  Group and measure strings are
 * interned (g_intern_string), so rows are cheap and pointers comparable.
 * Group and measure names follow docs/outputs.md: lower_snake_case, with
 * the unit in the measure name where it has one.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SIM_YEAR_ALL (-1)

typedef struct SimResults SimResults;

typedef struct
{
  gint year;
  const char *group;   /* interned */
  const char *measure; /* interned */
  double value;
} SimResultRow;

SimResults *sim_results_new (void);
void sim_results_free (SimResults *res); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimResults, sim_results_free)

void sim_results_add (SimResults *res, gint year, const char *group,
                      const char *measure, double value);
/* printf-style group name, e.g. ("site:%s", id). */
void sim_results_addf (SimResults *res, gint year, const char *measure,
                       double value, const char *group_format, ...)
    G_GNUC_PRINTF (5, 6);

gsize sim_results_len (const SimResults *res);
const SimResultRow *sim_results_row (const SimResults *res, gsize i);
/* Value of the first row with this year, group and measure, or NAN. */
double sim_results_lookup (const SimResults *res, gint year, const char *group,
                           const char *measure);

G_END_DECLS
