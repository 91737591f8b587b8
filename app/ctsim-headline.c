/* ctsim-headline.c: what a comparison says, for people (see
 * ctsim-headline.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/params/cs-outputs.h"
#include "app/ctsim-headline.h"
#include "app/ctsim-table.h"

const char *const ctsim_summary_measures[] = { CS_OUT_ECM_BE_HEALTHY,
                                               CS_OUT_ECM_STAY_SAFE,
                                               CS_OUT_ECM_ENJOY_ACHIEVE,
                                               CS_OUT_ECM_POSITIVE_CONTRIBUTION,
                                               CS_OUT_ECM_ECONOMIC_WELLBEING,
                                               CS_OUT_REACH,
                                               CS_OUT_UNMET_NEED_DAYS,
                                               CS_OUT_WAITING_DAYS_MEAN,
                                               CS_OUT_SPEND_GBP,
                                               CS_OUT_UNSPENT_GBP,
                                               NULL };

gboolean
ctsim_stdout_colour (void)
{
  const char *no = g_getenv ("NO_COLOR");
  const char *term = g_getenv ("TERM");

  return isatty (STDOUT_FILENO) && !(no && *no)
         && !(term && strcmp (term, "dumb") == 0);
}

/* ---- numbers ------------------------------------------------------------ */

/* x with `digits` significant digits in fixed notation (no exponent; at
 * most 6 decimals), thousands separators from 10,000. */
char *
ctsim_fixed_text (double x, int digits, gboolean sign)
{
  double ax = fabs (x);
  int decimals;

  if (!isfinite (x))
    return g_strdup ("-");
  if (ax >= 1e4)
    return ctsim_num_text (x, MAX (digits, 4), sign);
  decimals = ax > 0 ? digits - 1 - (int)floor (log10 (ax)) : 0;
  decimals = CLAMP (decimals, 0, 6);
  return g_strdup_printf (sign ? "%+.*f" : "%.*f", decimals, x);
}

static char *
money (double x, gboolean sign)
{
  double ax = fabs (x);
  const char *s = x < 0 ? "-" : sign ? "+" : "";

  if (!isfinite (x))
    return g_strdup ("-");
  if (ax >= 1e6)
    return g_strdup_printf ("%s£%.*fm", s, ax >= 1e8 ? 0 : 1, ax / 1e6);
  if (ax >= 1e3)
    return g_strdup_printf ("%s£%.0fk", s, ax / 1e3);
  return g_strdup_printf ("%s£%.0f", s, ax);
}

char *
ctsim_measure_text (const char *measure, double x)
{
  CsOutMeasureInfo info;

  cs_out_measure_info (measure, &info);
  if (!isfinite (x))
    return g_strdup ("-");
  switch (info.kind)
    {
    case CS_OUT_KIND_SHARE:
      return g_strdup_printf ("%.1f%%", 100.0 * x);
    case CS_OUT_KIND_MONEY:
      return money (x, FALSE);
    case CS_OUT_KIND_SCORE:
      return g_strdup_printf ("%.3f", x);
    case CS_OUT_KIND_NUMBER:
    default:
      return ctsim_fixed_text (x, 3, FALSE);
    }
}

char *
ctsim_measure_diff_text (const char *measure, double d)
{
  CsOutMeasureInfo info;

  cs_out_measure_info (measure, &info);
  if (!isfinite (d))
    return g_strdup ("-");
  switch (info.kind)
    {
    case CS_OUT_KIND_SHARE:
      {
        g_autofree char *pt = ctsim_fixed_text (100.0 * d, 2, TRUE);
        return g_strdup_printf ("%s pt", pt);
      }
    case CS_OUT_KIND_MONEY:
      return money (d, TRUE);
    case CS_OUT_KIND_SCORE:
    case CS_OUT_KIND_NUMBER:
    default:
      return ctsim_fixed_text (d, 2, TRUE);
    }
}

const char *
ctsim_judgement (const char *measure, double d, gboolean differs)
{
  CsOutMeasureInfo info;

  cs_out_measure_info (measure, &info);
  if (!differs || d == 0.0 || info.better == CS_OUT_BETTER_NEITHER)
    return "";
  return (d > 0) == (info.better == CS_OUT_BETTER_HIGHER) ? "better" : "worse";
}

char *
ctsim_measure_heading (const char *measure)
{
  CsOutMeasureInfo info;
  const char *dir;

  cs_out_measure_info (measure, &info);
  dir = info.better == CS_OUT_BETTER_HIGHER  ? "higher is better"
        : info.better == CS_OUT_BETTER_LOWER ? "lower is better"
                                             : "";
  if (*info.unit && *dir)
    return g_strdup_printf ("%s (%s; %s)", info.label, info.unit, dir);
  if (*info.unit || *dir)
    return g_strdup_printf ("%s (%s)", info.label, *dir ? dir : info.unit);
  return g_strdup (info.label);
}

/* ---- marking up --------------------------------------------------------- */

static void
append_plain (GString *out, const char *s, CtsimMarkup markup)
{
  if (markup == CTSIM_MARKUP_HTML)
    {
      g_autofree char *e = g_markup_escape_text (s, -1);
      g_string_append (out, e);
    }
  else
    g_string_append (out, s);
}

/* s marked as better or worse (judgement "" leaves it plain). */
static void
append_judged (GString *out, const char *s, const char *judgement,
               CtsimMarkup markup)
{
  gboolean better = strcmp (judgement, "better") == 0;

  if (!*judgement)
    {
      append_plain (out, s, markup);
      return;
    }
  switch (markup)
    {
    case CTSIM_MARKUP_TERMINAL:
      g_string_append_printf (out, "\033[%sm%s\033[0m", better ? "32" : "31",
                              s);
      break;
    case CTSIM_MARKUP_HTML:
      {
        g_autofree char *e = g_markup_escape_text (s, -1);
        g_string_append_printf (out, "<span class=\"%s\">%s</span>", judgement,
                                e);
      }
      break;
    case CTSIM_MARKUP_MARKDOWN:
    case CTSIM_MARKUP_TEXT:
    default:
      g_string_append (out, s);
      break;
    }
}

/* ---- the headline -------------------------------------------------------- */

typedef struct
{
  const SimComparisonCell *ref, *cell;
  double rel; /* |diff| / |reference mean| */
} Item;

static gint
item_cmp (gconstpointer a, gconstpointer b)
{
  const Item *x = a, *y = b;

  return (x->rel < y->rel) - (x->rel > y->rel);
}

static gssize
find_key (const SimComparison *cmp, const char *group, const char *measure)
{
  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);

      if (strcmp (c->group, group) == 0 && strcmp (c->measure, measure) == 0)
        return (gssize)k;
    }
  return -1;
}

/* "mean wait 31% higher (57.2 to 74.9 days), worse" */
static void
append_item (GString *out, const Item *it, CtsimMarkup markup)
{
  CsOutMeasureInfo info;
  const char *m = it->cell->measure;
  const char *judgement = ctsim_judgement (m, it->cell->diff, TRUE);
  g_autofree char *from = ctsim_measure_text (m, it->ref->mean);
  g_autofree char *to = ctsim_measure_text (m, it->cell->mean);
  g_autofree char *d = ctsim_measure_diff_text (m, it->cell->diff);
  g_autofree char *lo = ctsim_measure_diff_text (m, it->cell->diff_ci_low);
  g_autofree char *hi = ctsim_measure_diff_text (m, it->cell->diff_ci_high);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  cs_out_measure_info (m, &info);
  label = g_strdup (info.label);
  label[0] = g_ascii_tolower (label[0]);
  if (info.kind == CS_OUT_KIND_SHARE)
    text = g_strdup_printf ("%s %s (%s to %s; 95%% interval %s to %s)", label,
                            d, from, to, lo, hi);
  else if (info.kind == CS_OUT_KIND_SCORE)
    text = g_strdup_printf ("%s %s sd (%s to %s; 95%% interval %s to %s)",
                            label, d, from, to, lo, hi);
  else
    text = g_strdup_printf ("%s %s%.0f%% (%s to %s%s%s; difference %s, 95%% "
                            "interval %s to %s)",
                            label, it->cell->diff > 0 ? "+" : "-",
                            100.0 * it->rel, from, to, *info.unit ? " " : "",
                            info.unit, d, lo, hi);
  append_plain (out, text, markup);
  if (*judgement)
    {
      append_plain (out, ", ", markup);
      append_judged (out, judgement, judgement, markup);
    }
}

static const char *
list_item (CtsimMarkup markup)
{
  return markup == CTSIM_MARKUP_HTML ? "<li>" : "- ";
}

static const char *
list_end (CtsimMarkup markup)
{
  return markup == CTSIM_MARKUP_HTML ? "</li>\n" : "\n";
}

void
ctsim_headline (GString *out, const SimComparison *cmp, double years,
                guint64 seed, guint replications, guint max_items,
                CtsimMarkup markup)
{
  guint ns = sim_comparison_n_scenarios (cmp);
  gssize spend = find_key (cmp, CS_OUT_GROUP_ALL, CS_OUT_SPEND_GBP);
  g_autofree char *intro = g_strdup_printf (
      "Against %s (%u replications on common random numbers, seed "
      "%" G_GUINT64_FORMAT "): the largest differences of the headline "
      "measures of all children whose paired 95%% interval excludes zero "
      "and that are at least %g%% of the reference's value.",
      sim_comparison_label (cmp, 0), replications, seed, 100.0 * CTSIM_MATTERS);

  if (markup == CTSIM_MARKUP_HTML)
    g_string_append (out, "<p>");
  append_plain (out, intro, markup);
  g_string_append (out, markup == CTSIM_MARKUP_HTML ? "</p>\n<ul>\n" : "\n");
  for (guint s = 1; s < ns; s++)
    {
      g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
      guint shown = 0, small = 0;

      for (guint i = 0; ctsim_summary_measures[i]; i++)
        {
          const char *m = ctsim_summary_measures[i];
          gssize k = find_key (cmp, CS_OUT_GROUP_ALL, m);
          CsOutMeasureInfo info;
          Item it;

          cs_out_measure_info (m, &info);
          if (k < 0 || info.kind == CS_OUT_KIND_MONEY)
            continue; /* money: the spend line */
          it.ref = sim_comparison_cell (cmp, (gsize)k, 0);
          it.cell = sim_comparison_cell (cmp, (gsize)k, s);
          if (!sim_comparison_cell_differs (it.cell) || it.ref->mean == 0.0)
            continue;
          it.rel = fabs (it.cell->diff / it.ref->mean);
          if (it.rel < CTSIM_MATTERS)
            {
              small++;
              continue;
            }
          g_array_append_val (items, it);
        }
      g_array_sort (items, item_cmp);
      g_string_append (out, list_item (markup));
      if (markup == CTSIM_MARKUP_MARKDOWN)
        g_string_append_printf (out, "**%s**: ", sim_comparison_label (cmp, s));
      else
        {
          append_plain (out, sim_comparison_label (cmp, s), markup);
          append_plain (out, ": ", markup);
        }
      for (guint i = 0; i < items->len && shown < max_items; i++, shown++)
        {
          if (i > 0)
            append_plain (out, "; ", markup);
          append_item (out, &g_array_index (items, Item, i), markup);
        }
      if (items->len == 0)
        append_plain (out,
                      "no headline difference that matters whose interval "
                      "excludes zero",
                      markup);
      else if (items->len > shown)
        {
          g_autofree char *more
              = g_strdup_printf ("; and %u more", items->len - shown);
          append_plain (out, more, markup);
        }
      if (small > 0)
        {
          g_autofree char *more = g_strdup_printf (
              " (%u smaller than %g%% of the reference: too small to matter)",
              small, 100.0 * CTSIM_MATTERS);
          append_plain (out, more, markup);
        }
      append_plain (out, ".", markup);
      g_string_append (out, list_end (markup));
    }
  if (spend >= 0 && years > 0)
    {
      g_autoptr (GString) line = g_string_new ("Spend a year: ");

      for (guint s = 0; s < ns; s++)
        {
          const SimComparisonCell *c = sim_comparison_cell (cmp, spend, s);
          g_autofree char *a = money (c->mean / years, FALSE);

          g_string_append_printf (line, "%s%s %s", s ? "; " : "",
                                  sim_comparison_label (cmp, s), a);
          if (s > 0 && isfinite (c->diff))
            {
              g_autofree char *d = money (c->diff / years, TRUE);
              g_autofree char *lo = money (c->diff_ci_low / years, TRUE);
              g_autofree char *hi = money (c->diff_ci_high / years, TRUE);

              g_string_append_printf (line, " (%s, 95%% interval %s to %s)", d,
                                      lo, hi);
            }
        }
      g_string_append_printf (line, " (over %g observed year%s).", years,
                              years == 1 ? "" : "s");
      g_string_append (out, list_item (markup));
      append_plain (out, line->str, markup);
      g_string_append (out, list_end (markup));
    }
  if (markup == CTSIM_MARKUP_HTML)
    g_string_append (out, "</ul>\n");
}

/* ---- the terminal table ------------------------------------------------- */

/* A scenario label cut to `max` characters (with "..."). */
static char *
short_label (const char *s, guint max)
{
  if (g_utf8_strlen (s, -1) <= (glong)max)
    return g_strdup (s);
  {
    g_autofree char *head = g_utf8_substring (s, 0, max - 3);
    return g_strconcat (head, "...", NULL);
  }
}

/* The table a person reads (at most 100 columns): per group and measure a
 * heading in words with its unit and direction, then each scenario's
 * mean and its difference from the first with the paired interval, `*`
 * and "better" or "worse" (in colour on a terminal). */
void
ctsim_print_differences (const SimComparison *cmp, const GArray *keys,
                         gboolean colour)
{
  for (guint i = 0; i < keys->len; i++)
    {
      gsize k = g_array_index (keys, gsize, i);
      const SimComparisonCell *c0 = sim_comparison_cell (cmp, k, 0);
      g_autofree char *group = cs_out_group_label (c0->group);
      g_autofree char *heading = ctsim_measure_heading (c0->measure);
      g_autoptr (GPtrArray) t
          = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      printf ("%s%s: %s\n", i ? "\n" : "", group, heading);
      for (guint s = 0; s < sim_comparison_n_scenarios (cmp); s++)
        {
          const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
          gboolean differs = s > 0 && sim_comparison_cell_differs (c);
          const char *j
              = s ? ctsim_judgement (c->measure, c->diff, differs) : "";
          g_autofree char *label
              = short_label (sim_comparison_label (cmp, s), 34);
          g_autofree char *mean = ctsim_measure_text (c->measure, c->mean);
          g_autofree char *d = NULL, *ci = NULL, *lo = NULL, *hi = NULL;
          g_autofree char *judged = NULL;

          if (s > 0)
            {
              d = ctsim_measure_diff_text (c->measure, c->diff);
              lo = ctsim_measure_diff_text (c->measure, c->diff_ci_low);
              hi = ctsim_measure_diff_text (c->measure, c->diff_ci_high);
              ci = isfinite (c->diff_ci_low) ? g_strdup_printf (
                       "[%s, %s]%s", lo, hi, differs ? " *" : "  ")
                                             : g_strdup ("");
              judged = *j && colour ? g_strdup_printf (
                           "\033[%sm%s\033[0m", *j == 'b' ? "32" : "31", j)
                                    : g_strdup (j);
            }
          {
            const char *cells[] = { label,           mean,
                                    s ? d : "",      s ? ci : "",
                                    s ? judged : "", NULL };
            g_ptr_array_add (t, g_strdupv ((char **)cells));
          }
        }
      ctsim_print_table (t, 1);
    }
}

/* ---- summary.md ---------------------------------------------------------- */

static void
md_table (GString *out, const SimComparison *cmp, gsize k)
{
  const SimComparisonCell *c0 = sim_comparison_cell (cmp, k, 0);
  g_autofree char *heading = ctsim_measure_heading (c0->measure);

  g_string_append_printf (out, "\n### %s\n\n", heading);
  g_string_append (out, "| scenario | mean | 95% interval | difference | "
                        "paired 95% interval | judged |\n"
                        "| --- | ---: | ---: | ---: | ---: | --- |\n");
  for (guint s = 0; s < sim_comparison_n_scenarios (cmp); s++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
      g_autofree char *mean = ctsim_measure_text (c->measure, c->mean);
      g_autofree char *lo = ctsim_measure_text (c->measure, c->ci_low);
      g_autofree char *hi = ctsim_measure_text (c->measure, c->ci_high);

      g_string_append_printf (out, "| %s | %s | %s to %s |",
                              sim_comparison_label (cmp, s), mean, lo, hi);
      if (s == 0)
        g_string_append (out, " (reference) | | |\n");
      else
        {
          gboolean differs = sim_comparison_cell_differs (c);
          g_autofree char *d = ctsim_measure_diff_text (c->measure, c->diff);
          g_autofree char *dl
              = ctsim_measure_diff_text (c->measure, c->diff_ci_low);
          g_autofree char *dh
              = ctsim_measure_diff_text (c->measure, c->diff_ci_high);

          g_string_append_printf (
              out, " %s | %s to %s%s | %s |\n", d, dl, dh, differs ? " *" : "",
              ctsim_judgement (c->measure, c->diff, differs));
        }
    }
}

char *
ctsim_summary_markdown (const SimComparison *cmp, double years, guint64 seed,
                        guint replications)
{
  GString *out = g_string_new ("# ctsim comparison\n\n");

  ctsim_headline (out, cmp, years, seed, replications, 4,
                  CTSIM_MARKUP_MARKDOWN);
  g_string_append (
      out, "\n## All children\n\nDifferences are each scenario minus the "
           "first, paired by replication (the scenarios ran on common random "
           "numbers); `*` marks a paired 95% interval that excludes zero; "
           "\"judged\" says whether the difference is better or worse for "
           "children by the measure's direction (money and counts of "
           "activity are neither).  Intervals cover the chance variation "
           "between replications of the model as it is set, not the "
           "uncertainty of its parameters (docs/outputs.md, \"Intervals\").\n");
  for (guint i = 0; ctsim_summary_measures[i]; i++)
    {
      gssize k = find_key (cmp, CS_OUT_GROUP_ALL, ctsim_summary_measures[i]);

      if (k >= 0)
        md_table (out, cmp, (gsize)k);
    }
  if (years > 0)
    g_string_append_printf (out,
                            "\nMoney and days of unmet need are totals over "
                            "the %g observed year%s.\n",
                            years, years == 1 ? "" : "s");
  g_string_append_printf (out,
                          "\nMade by ctsim %s; the command line, every "
                          "parameter and its source are in manifest.json "
                          "and report.html.\n",
                          PACKAGE_VERSION);
  return g_string_free (out, FALSE);
}
