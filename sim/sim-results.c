/* sim-results.c: the rows one replication reports (see sim-results.h).
 *
 * Invariants: rows are kept in a growable array in the order they were
 * added and never reordered or removed; every row's group and measure are
 * interned strings (g_intern_string), so they live as long as the process
 * and a SimResults may be freed from any thread.  A SimResults is used by
 * one thread at a time (the runner hands each replication its own).
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sim/sim-results.h"

struct SimResults
{
  GArray *rows; /* of SimResultRow */
};

SimResults *
sim_results_new (void)
{
  SimResults *res = g_new0 (SimResults, 1);

  res->rows = g_array_new (FALSE, FALSE, sizeof (SimResultRow));
  return res;
}

void
sim_results_free (SimResults *res)
{
  if (!res)
    return;
  g_array_unref (res->rows);
  g_free (res);
}

void
sim_results_add (SimResults *res, gint year, const char *group,
                 const char *measure, double value)
{
  SimResultRow row;

  g_assert (res);
  g_assert (group && measure);
  g_assert (year == SIM_YEAR_ALL || year >= 0);
  row.year = year;
  row.group = g_intern_string (group);
  row.measure = g_intern_string (measure);
  row.value = value;
  g_array_append_val (res->rows, row);
}

void
sim_results_addf (SimResults *res, gint year, const char *measure, double value,
                  const char *group_format, ...)
{
  g_autofree char *group = NULL;
  va_list ap;

  va_start (ap, group_format);
  group = g_strdup_vprintf (group_format, ap);
  va_end (ap);
  sim_results_add (res, year, group, measure, value);
}

gsize
sim_results_len (const SimResults *res)
{
  g_assert (res);
  return res->rows->len;
}

const SimResultRow *
sim_results_row (const SimResults *res, gsize i)
{
  g_assert (res);
  g_assert (i < res->rows->len);
  return &g_array_index (res->rows, SimResultRow, i);
}

/* The caller's strings need not be interned: compare by pointer first,
 * then by content (looking a string up must not intern it). */
static gboolean
same_name (const char *interned, const char *name)
{
  return interned == name || strcmp (interned, name) == 0;
}

double
sim_results_lookup (const SimResults *res, gint year, const char *group,
                    const char *measure)
{
  g_assert (res);
  g_assert (group && measure);
  for (guint i = 0; i < res->rows->len; i++)
    {
      const SimResultRow *row = &g_array_index (res->rows, SimResultRow, i);

      if (row->year == year && same_name (row->group, group)
          && same_name (row->measure, measure))
        return row->value;
    }
  return NAN;
}
