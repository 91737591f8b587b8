/* ctsim-headline.h: what a comparison says, for people (issue 18 item 3).
 *
 * Numbers in words and units (a share as a percentage and its difference
 * in points, money in millions of pounds, waits in days, scores in
 * standard deviations; never an exponent), each measure judged better or
 * worse by the direction it declares (cs_out_measure_info()), and a
 * short plain-English summary of a comparison: for each scenario against
 * the first, the largest relative differences of the headline measures of
 * all children whose paired 95% interval excludes zero, and the spend a
 * year.  The same text goes to the terminal (in colour on a terminal),
 * to summary.md and to report.html.
 */
#pragma once

#include <glib.h>

#include "sim/sim-compare.h"

G_BEGIN_DECLS

/* How text is marked up. */
typedef enum
{
  CTSIM_MARKUP_TEXT,     /* plain text */
  CTSIM_MARKUP_TERMINAL, /* text with ANSI colours: better green, worse red */
  CTSIM_MARKUP_MARKDOWN,
  CTSIM_MARKUP_HTML, /* escaped, with class="better" / "worse" spans */
} CtsimMarkup;

/* Whether stdout takes colours: a terminal, NO_COLOR unset or empty, TERM
 * not "dumb". */
gboolean ctsim_stdout_colour (void);

/* x of MEASURE as a person reads it ("50.3%", "57.2", "£26.9m",
 * "-0.203"), and a difference of it ("-3.7 pt", "+17.7", "-£1.1m",
 * "-0.0024"): fixed decimals by size, thousands separators, no exponent;
 * "-" when x is not finite.  (transfer full) */
char *ctsim_measure_text (const char *measure, double x);
char *ctsim_measure_diff_text (const char *measure, double d);

/* x with `digits` significant digits in fixed notation (no exponent; at
 * most 6 decimals), thousands separators from 10,000; a leading '+' on
 * positive numbers when sign; "-" when x is not finite.  (transfer full) */
char *ctsim_fixed_text (double x, int digits, gboolean sign);

/* "better", "worse" or "" for a difference d of MEASURE whose interval
 * excludes zero (differs), by the measure's direction. */
const char *ctsim_judgement (const char *measure, double d, gboolean differs);

/* The measure's heading: its label, unit and direction ("Mean wait
 * (days; lower is better)").  (transfer full) */
char *ctsim_measure_heading (const char *measure);

/* The smallest difference that matters in a headline: a share of the
 * reference's value (0.005: half a percent; an assumption, stated in the
 * headline's first line and docs/outputs.md).  Smaller differences whose
 * interval excludes zero are counted, not described. */
#define CTSIM_MATTERS 0.005

/* Append the plain-English summary of cmp (scenario 0 is the reference)
 * to out: one paragraph (or list item) per other scenario, at most
 * max_items differences each, then the spend a year of every scenario
 * (spend_gbp of all children over `years` observed years).  The
 * reference, the seed and the replications are in the first line. */
void ctsim_headline (GString *out, const SimComparison *cmp, double years,
                     guint64 seed, guint replications, guint max_items,
                     CtsimMarkup markup);

/* The table a person reads (at most 100 columns with labels up to 34
 * characters): for each key of cmp in keys (gsize), a heading (group and
 * measure in words, unit, direction), then each scenario's (or point's)
 * mean and its difference from the first with the paired 95% interval,
 * `*` when it excludes zero, and "better" or "worse" (in colour when
 * colour). */
void ctsim_print_differences (const SimComparison *cmp, const GArray *keys,
                              gboolean colour);

/* summary.md: the headline, then a table per headline measure of all
 * children (mean, difference, paired 95% interval, better or worse),
 * and what the intervals cover.  (transfer full) */
char *ctsim_summary_markdown (const SimComparison *cmp, double years,
                              guint64 seed, guint replications);

/* The headline measures of group "all" in reading order: the five ECM
 * outcomes, reach, unmet-need days, mean wait, spend, unspent money
 * (NULL-terminated). */
extern const char *const ctsim_summary_measures[];

G_END_DECLS
