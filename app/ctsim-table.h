/* ctsim-table.h: terminal tables and numbers for people: which groups
 * and measures come first, which rows a table shows, number text, and
 * aligned columns on stdout.  CSV files keep full precision; this module
 * is for what a person reads (terminal, report.html, chart labels).
 */
#pragma once

#include <glib.h>

#include "sim/sim-compare.h"
#include "sim/sim-results.h"

G_BEGIN_DECLS

/* Order of groups and of measures in tables and charts (lower first):
 * the headline groups ("all", the tiers, the groups of children, the
 * quintiles) and measures (the ECM outcomes, reach, ...) first. */
guint ctsim_group_rank (const char *group);
guint ctsim_measure_rank (const char *measure);
/* Measures ranked below this are the headline ones. */
#define CTSIM_HEADLINE_MEASURES 11

/* Index of s in the NULL-terminated list, or G_MAXUINT. */
guint ctsim_str_index (const char *const *list, const char *s);

/* qsort-style comparison of two doubles (for g_array_sort). */
gint ctsim_double_cmp (gconstpointer a, gconstpointer b);

/* Keys (indices into cmp) to show first, at most max: headline groups
 * ("all", tiers, groups of children) with headline measures (the first
 * CTSIM_HEADLINE_MEASURES of ctsim_measure_rank()), else every key, by
 * group then measure rank.  (transfer full) GArray of gsize. */
GArray *ctsim_headline_keys (const SimComparison *cmp, guint max);

/* Keys to show for each point of a sweep, at most max: reach, unmet
 * need, waits, spend, then the ECM outcomes, of group "all"; else
 * ctsim_headline_keys().  (transfer full) GArray of gsize. */
GArray *ctsim_sweep_keys (const SimComparison *cmp, guint max);

/* Paired against unpaired interval widths over every difference that
 * has both: how many there are (the return value), how many paired ones
 * are narrower, and the median ratio paired / unpaired (NAN if none). */
guint ctsim_width_summary (const SimComparison *cmp, guint *narrower,
                           double *median);

/* x for a table a person reads: `digits` significant digits; from 10,000
 * up, whole numbers with thousands separators (124,700,000 rather than
 * 1.247e+08); an exponent only for very small or very large numbers; a
 * leading '+' on positive numbers when sign; "-" when x is not finite.
 * (transfer full) */
char *ctsim_num_text (double x, int digits, gboolean sign);

/* Print text on stdout wrapped at `width` columns (words split at spaces;
 * colour sequences take no column; a line starting "- " continues two
 * columns in). */
void ctsim_print_wrapped (const char *text, guint width);

/* Print rows (each a NULL-terminated string vector) on stdout in aligned
 * columns, left-aligned before column right_from, right-aligned from it. */
void ctsim_print_table (const GPtrArray *rows, guint right_from);

/* The terminal table of a run: whole-run mean and 95% interval per group
 * and measure, headline groups first. */
void ctsim_print_summary (SimResults *const *reps, guint n);

G_END_DECLS
