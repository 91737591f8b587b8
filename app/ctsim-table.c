/* ctsim-table.c: terminal tables and numbers for people (see
 * ctsim-table.h).  The names ranked are the models' (cs-outputs.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "app/ctsim-headline.h"
#include "app/ctsim-table.h"

/* ---- ranks: which groups and measures come first ------------------------ */

guint
ctsim_str_index (const char *const *list, const char *s)
{
  for (guint i = 0; list[i]; i++)
    if (strcmp (list[i], s) == 0)
      return i;
  return G_MAXUINT;
}

static guint
array_index (const char *const *v, guint n, const char *s)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (v[i], s) == 0)
      return i;
  return G_MAXUINT;
}

/* "all", the tiers, the groups of children, the quintiles; then groups by
 * prefix; then the rest. */
guint
ctsim_group_rank (const char *group)
{
  static const char *const children[]
      = { CS_OUT_GROUP_LOOKED_AFTER,     CS_OUT_GROUP_EXCLUDED,
          CS_OUT_GROUP_DISABLED,         CS_OUT_GROUP_SEN,
          CS_OUT_GROUP_ADDITIONAL_NEEDS, NULL };
  static const char *const prefixes[]
      = { CS_OUT_SECTOR_PREFIX, CS_OUT_PARTNER_PREFIX, CS_OUT_SERVICE_PREFIX,
          NULL };
  guint base = 1, i;

  if (strcmp (group, CS_OUT_GROUP_ALL) == 0)
    return 0;
  if ((i = array_index (cs_out_tier_groups, CS_N_TIERS, group)) != G_MAXUINT)
    return base + i;
  base += CS_N_TIERS;
  if ((i = ctsim_str_index (children, group)) != G_MAXUINT)
    return base + i;
  base += G_N_ELEMENTS (children) - 1;
  if ((i = array_index (cs_out_quintile_groups, CS_OUT_N_QUINTILES, group))
      != G_MAXUINT)
    return base + i;
  for (i = 0; prefixes[i]; i++)
    if (g_str_has_prefix (group, prefixes[i]))
      return 100 + i;
  return 1000;
}

/* The ECM outcomes, then reach, unmet need, waits, spend, unspent money,
 * then counts. */
guint
ctsim_measure_rank (const char *measure)
{
  static const char *const rest[] = { CS_OUT_REACH,
                                      CS_OUT_UNMET_NEED_DAYS,
                                      CS_OUT_WAITING_DAYS_MEAN,
                                      CS_OUT_SPEND_GBP,
                                      CS_OUT_UNSPENT_GBP,
                                      CS_OUT_CHILDREN,
                                      CS_OUT_REFERRALS,
                                      CS_OUT_SERVED,
                                      CS_OUT_QUEUE_LENGTH_MEAN,
                                      CS_OUT_UTILISATION,
                                      NULL };
  guint i = array_index (cs_out_ecm_measures, CS_N_ECM, measure);

  if (i != G_MAXUINT)
    return i;
  i = ctsim_str_index (rest, measure);
  return i == G_MAXUINT ? 1000 : CS_N_ECM + i;
}

gint
ctsim_double_cmp (gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* ---- headline keys ------------------------------------------------------ */

typedef struct
{
  guint group_rank, measure_rank;
  gsize key;
} Ranked;

static gint
ranked_cmp (gconstpointer a, gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->group_rank != y->group_rank)
    return x->group_rank < y->group_rank ? -1 : 1;
  if (x->measure_rank != y->measure_rank)
    return x->measure_rank < y->measure_rank ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key;
}

GArray *
ctsim_headline_keys (const SimComparison *cmp, guint max)
{
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (Ranked));
  g_autoptr (GArray) top = g_array_new (FALSE, FALSE, sizeof (Ranked));
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gsize));
  GArray *use;

  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    {
      const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);
      Ranked r
          = { ctsim_group_rank (c->group), ctsim_measure_rank (c->measure), k };
      guint reported = 0;

      for (guint s = 0; s < sim_comparison_n_scenarios (cmp); s++)
        reported += sim_comparison_cell (cmp, k, s)->n;
      if (reported == 0)
        continue; /* no value anywhere: nothing to show */
      g_array_append_val (all, r);
      if (r.group_rank < 100 && r.measure_rank < CTSIM_HEADLINE_MEASURES)
        g_array_append_val (top, r);
    }
  use = top->len ? top : all;
  g_array_sort (use, ranked_cmp);
  for (guint i = 0; i < use->len && i < max; i++)
    g_array_append_val (keys, g_array_index (use, Ranked, i).key);
  return keys;
}

GArray *
ctsim_sweep_keys (const SimComparison *cmp, guint max)
{
  static const char *const first[]
      = { CS_OUT_REACH, CS_OUT_UNMET_NEED_DAYS, CS_OUT_WAITING_DAYS_MEAN,
          CS_OUT_SPEND_GBP };
  const char *measures[G_N_ELEMENTS (first) + CS_N_ECM];
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (guint m = 0; m < G_N_ELEMENTS (first); m++)
    measures[m] = first[m];
  for (guint m = 0; m < CS_N_ECM; m++)
    measures[G_N_ELEMENTS (first) + m] = cs_out_ecm_measures[m];
  for (guint m = 0; m < G_N_ELEMENTS (measures) && keys->len < max; m++)
    for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
      {
        const SimComparisonCell *c = sim_comparison_cell (cmp, k, 0);

        if (strcmp (c->group, CS_OUT_GROUP_ALL) == 0
            && strcmp (c->measure, measures[m]) == 0)
          {
            g_array_append_val (keys, k);
            break;
          }
      }
  if (keys->len > 0)
    return keys;
  g_array_unref (keys);
  return ctsim_headline_keys (cmp, max);
}

guint
ctsim_width_summary (const SimComparison *cmp, guint *narrower, double *median)
{
  g_autoptr (GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  *narrower = 0;
  *median = NAN;
  for (gsize k = 0; k < sim_comparison_n_keys (cmp); k++)
    for (guint s = 1; s < sim_comparison_n_scenarios (cmp); s++)
      {
        const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
        double pw = c->diff_ci_high - c->diff_ci_low;
        double uw = c->unpaired_ci_high - c->unpaired_ci_low;
        double r = pw / uw;

        if (!isfinite (pw) || !isfinite (uw) || uw <= 0)
          continue;
        g_array_append_val (ratios, r);
        *narrower += pw < uw;
      }
  if (ratios->len == 0)
    return 0;
  g_array_sort (ratios, ctsim_double_cmp);
  *median = g_array_index (ratios, double, ratios->len / 2);
  if (ratios->len % 2 == 0)
    *median
        = (*median + g_array_index (ratios, double, ratios->len / 2 - 1)) / 2;
  return ratios->len;
}

/* ---- numbers and tables ------------------------------------------------ */

char *
ctsim_num_text (double x, int digits, gboolean sign)
{
  double ax = fabs (x);

  if (!isfinite (x))
    return g_strdup ("-");
  if (ax >= 1e4 && ax < 1e15)
    {
      int whole = (int)floor (log10 (ax)) + 1; /* digits before the point */
      double scale = pow (10.0, MAX (whole - digits, 0));
      char buf[32];
      GString *out = g_string_new (x < 0 ? "-" : sign ? "+" : "");
      gsize len;

      g_snprintf (buf, sizeof buf, "%.0f", round (ax / scale) * scale);
      len = strlen (buf);
      for (gsize i = 0; i < len; i++)
        {
          g_string_append_c (out, buf[i]);
          if (i + 1 < len && (len - i - 1) % 3 == 0)
            g_string_append_c (out, ',');
        }
      return g_string_free (out, FALSE);
    }
  return g_strdup_printf (sign ? "%+.*g" : "%.*g", digits, x);
}

/* Columns a text takes on a terminal: UTF-8 characters, ANSI colour
 * sequences (ESC [ ... m) excluded. */
static guint
visible_len (const char *s)
{
  guint n = 0;

  while (*s)
    {
      if (*s == '\033' && s[1] == '[')
        {
          s += 2;
          while (*s && *s != 'm')
            s++;
          if (*s)
            s++;
          continue;
        }
      s = g_utf8_next_char (s);
      n++;
    }
  return n;
}

void
ctsim_print_wrapped (const char *text, guint width)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint l = 0; lines[l]; l++)
    {
      g_auto (GStrv) words = g_strsplit (lines[l], " ", -1);
      g_autoptr (GString) line = g_string_new (NULL);
      guint indent = g_str_has_prefix (lines[l], "- ") ? 2 : 0;
      guint col = 0;

      if (!lines[l + 1] && !*lines[l])
        break; /* the text's final newline */
      for (guint i = 0; words[i]; i++)
        {
          guint w = visible_len (words[i]);

          if (col > indent && col + 1 + w > width)
            {
              printf ("%s\n", line->str);
              g_string_assign (line, "");
              g_string_append_printf (line, "%*s", (int)indent, "");
              col = indent;
            }
          else if (i > 0)
            {
              g_string_append_c (line, ' ');
              col++;
            }
          g_string_append (line, words[i]);
          col += w;
        }
      printf ("%s\n", line->str);
    }
}

void
ctsim_print_table (const GPtrArray *rows, guint right_from)
{
  guint cols = 0;
  g_autofree guint *w = NULL;

  for (guint r = 0; r < rows->len; r++)
    cols = MAX (cols, g_strv_length (rows->pdata[r]));
  w = g_new0 (guint, cols);
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = rows->pdata[r];

      for (guint i = 0; row[i]; i++)
        w[i] = MAX (w[i], visible_len (row[i]));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = rows->pdata[r];
      g_autoptr (GString) line = g_string_new (" ");

      for (guint i = 0; row[i]; i++)
        {
          guint pad = w[i] - visible_len (row[i]);

          g_string_append_c (line, ' ');
          if (i >= right_from)
            g_string_append_printf (line, "%*s%s", (int)pad, "", row[i]);
          else
            g_string_append_printf (line, "%s%*s", row[i], (int)pad, "");
        }
      while (line->len && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }
}

#define TABLE_MAX_ROWS 30

/* The headline rows (ctsim_headline_keys: the groups and measures the
 * report leads with) as an aligned table of means and 95% intervals. */
void
ctsim_print_summary (SimResults *const *reps, guint n)
{
  const char *label = "run";
  SimResults *const *series[1] = { reps };
  g_autoptr (SimComparison) cmp = sim_comparison_new (1, &label, series, n);
  g_autoptr (GArray) keys = ctsim_headline_keys (cmp, TABLE_MAX_ROWS);
  g_autoptr (GPtrArray) t
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  const char *group = NULL;

  /* one table: per group a heading in words, then each measure's label,
   * mean with its unit and 95% interval as a person reads them (issue
   * 18: words and units, 100 columns) */
  {
    const char *head[] = { "", "mean", "95% interval", NULL };
    g_ptr_array_add (t, g_strdupv ((char **)head));
  }
  for (guint i = 0; i < keys->len; i++)
    {
      const SimComparisonCell *c
          = sim_comparison_cell (cmp, g_array_index (keys, gsize, i), 0);
      CsOutMeasureInfo info;
      g_autofree char *mean = ctsim_measure_text (c->measure, c->mean);
      g_autofree char *lo = ctsim_measure_text (c->measure, c->ci_low);
      g_autofree char *hi = ctsim_measure_text (c->measure, c->ci_high);
      g_autofree char *ci = isfinite (c->ci_low)
                                ? g_strdup_printf ("%s to %s", lo, hi)
                                : g_strdup ("");
      g_autofree char *name = NULL, *with_unit = NULL;
      const char *unit;

      if (!group || strcmp (group, c->group) != 0)
        {
          g_autofree char *g = cs_out_group_label (c->group);
          const char *row[] = { g, NULL };

          if (group)
            {
              const char *blank[] = { "", NULL };
              g_ptr_array_add (t, g_strdupv ((char **)blank));
            }
          g_ptr_array_add (t, g_strdupv ((char **)row));
          group = c->group;
        }
      cs_out_measure_info (c->measure, &info);
      /* g_utf8_substring reads past a string shorter than its end */
      name = g_utf8_strlen (info.label, -1) > 44
                 ? g_utf8_substring (info.label, 0, 44)
                 : g_strdup (info.label);
      if (g_utf8_strlen (info.label, -1) > 44)
        strcpy (g_utf8_offset_to_pointer (name, 41), "...");
      unit = info.kind == CS_OUT_KIND_NUMBER  ? info.unit
             : info.kind == CS_OUT_KIND_SCORE ? "sd"
                                              : "";
      with_unit
          = *unit ? g_strdup_printf ("%s %s", mean, unit) : g_strdup (mean);
      {
        g_autofree char *indented = g_strconcat ("  ", name, NULL);
        const char *cells[] = { indented, with_unit, ci, NULL };
        g_ptr_array_add (t, g_strdupv ((char **)cells));
      }
    }
  ctsim_print_table (t, 1);
  if (sim_comparison_n_keys (cmp) > keys->len)
    printf ("(%u of %zu measures shown, with 95%% intervals across "
            "replications;\nall are in summary.csv, explained in "
            "codebook.csv)\n",
            keys->len, sim_comparison_n_keys (cmp));
}
