/* ctsim-codebook.c: codebook.csv (see ctsim-codebook.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-outputs.h"
#include "models/params/cs-schema.h"
#include "app/ctsim-codebook.h"
#include "sim/sim-output.h"

/* ---- the meanings of docs/outputs.md ------------------------------------ */

typedef struct
{
  char *pattern; /* a name, or a glob ("service:*", "opening_*_gbp") */
  char *meaning; /* backticks removed */
  char *unit;    /* the table's unit column (measures), or NULL */
  gboolean group;
} Meaning;

static GPtrArray *meanings; /* Meaning *, in the order of the file */

/* `a`, `b` .. `c`: the names of a table row's first cell, a glob for
 * "<...>" parts and for a range "x1 .. x5" (common prefix then *). */
static void
add_names (const char *cell, const char *meaning, const char *unit,
           gboolean group)
{
  g_auto (GStrv) parts = g_strsplit (cell, "`", -1);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  /* odd parts are inside backticks */
  for (guint i = 1; parts[i]; i += 2)
    {
      GString *p = g_string_new (NULL);

      for (const char *c = parts[i]; *c; c++)
        if (*c == '<')
          {
            g_string_append_c (p, '*');
            while (*c && *c != '>')
              c++;
            if (!*c)
              break;
          }
        else
          g_string_append_c (p, *c);
      g_ptr_array_add (names, g_string_free (p, FALSE));
      if (parts[i + 1] && strstr (parts[i + 1], "..") && parts[i + 2])
        {
          const char *a = parts[i], *b = parts[i + 2];
          gsize k = 0;

          while (a[k] && a[k] == b[k])
            k++;
          g_autofree char *prefix = g_strndup (a, k);

          g_ptr_array_add (names, g_strconcat (prefix, "*", NULL));
        }
      if (!parts[i + 1])
        break;
    }
  for (guint i = 0; i < names->len; i++)
    {
      Meaning *m = g_new0 (Meaning, 1);

      m->pattern = g_strdup (names->pdata[i]);
      m->meaning = g_strdup (meaning);
      m->unit = unit ? g_strdup (unit) : NULL;
      m->group = group;
      g_ptr_array_add (meanings, m);
    }
}

static char *
strip_markup (const char *s)
{
  GString *o = g_string_new (NULL);

  for (; *s; s++)
    if (s[0] == '*' && s[1] == '*')
      s++; /* bold */
    else if (*s != '`')
      g_string_append_c (o, *s);
  return g_strstrip (g_string_free (o, FALSE));
}

/* The cells of a table row, trimmed, without the outer bars.
 * (transfer full) */
static GStrv
row_cells (const char *line)
{
  g_autofree char *t = g_strstrip (g_strdup (line));
  GStrv cells;
  gsize n;

  if (t[0] == '|')
    memmove (t, t + 1, strlen (t));
  n = strlen (t);
  if (n > 0 && t[n - 1] == '|')
    t[n - 1] = '\0';
  cells = g_strsplit (t, " | ", -1);
  for (guint i = 0; cells[i]; i++)
    g_strstrip (cells[i]);
  return cells;
}

/* Every table of docs/outputs.md whose header names a "group" column
 * first and no "measure" column (groups), or a "measure" column (the
 * measures of that column, with "meaning" and "unit"). */
static gpointer
load_meanings (gpointer data G_GNUC_UNUSED)
{
  g_autoptr (GBytes) b = cs_schema_resource ("docs/outputs.md");
  gsize len;
  const char *text = g_bytes_get_data (b, &len);
  g_autofree char *copy = g_strndup (text, len);
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);
  gint name_col = -1, meaning_col = -1, unit_col = -1;
  gboolean group = FALSE;

  meanings = g_ptr_array_new ();
  for (guint i = 0; lines[i]; i++)
    {
      g_auto (GStrv) cells = NULL;
      guint n;

      if (lines[i][0] != '|')
        {
          name_col = -1;
          continue;
        }
      cells = row_cells (lines[i]);
      n = g_strv_length (cells);
      if (lines[i + 1] && g_str_has_prefix (lines[i + 1], "| ---"))
        {
          /* a header */
          gint g = -1, m = -1;

          meaning_col = unit_col = -1;
          for (guint c = 0; c < n; c++)
            if (strcmp (cells[c], "group") == 0)
              g = (gint)c;
            else if (strcmp (cells[c], "measure") == 0)
              m = (gint)c;
            else if (strcmp (cells[c], "unit") == 0)
              unit_col = (gint)c;
            else if (meaning_col < 0)
              meaning_col = (gint)c;
          group = m < 0 && g == 0;
          name_col = m >= 0 ? m : group ? 0 : -1;
          i++; /* the --- line */
          continue;
        }
      if (name_col < 0 || meaning_col < 0 || (guint)name_col >= n
          || (guint)meaning_col >= n)
        continue;
      {
        g_autofree char *meaning = strip_markup (cells[meaning_col]);
        g_autofree char *unit = unit_col >= 0 && (guint)unit_col < n
                                    ? strip_markup (cells[unit_col])
                                    : NULL;

        add_names (cells[name_col], meaning, unit, group);
      }
    }
  return NULL;
}

const char *
ctsim_codebook_meaning (const char *name, gboolean group)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, load_meanings, NULL);
  for (guint i = 0; i < meanings->len; i++)
    {
      const Meaning *m = meanings->pdata[i];

      if (m->group == group && strcmp (m->pattern, name) == 0)
        return m->meaning;
    }
  for (guint i = 0; i < meanings->len; i++)
    {
      const Meaning *m = meanings->pdata[i];

      if (m->group == group && strchr (m->pattern, '*')
          && g_pattern_match_simple (m->pattern, name))
        return m->meaning;
    }
  return NULL;
}

static const char *
doc_unit (const char *name)
{
  for (guint i = 0; i < meanings->len; i++)
    {
      const Meaning *m = meanings->pdata[i];

      if (!m->group && m->unit && g_pattern_match_simple (m->pattern, name))
        return m->unit;
    }
  return NULL;
}

/* ---- the columns of the files ----------------------------------------- */

/* file and name may be globs ("*", "aligned_*"): the first entry whose
 * file and name match a column describes it (exact names first). */
typedef struct
{
  const char *file, *name, *meaning;
} Column;

static const Column columns[] = {
  { "results.csv", "scenario", "the scenario's name (compare: made unique)" },
  { "results.csv", "replication", "replication number, from 0" },
  { "results.csv", "year",
    "observed year from 1 after the warm-up, or 'all' for the whole "
    "observed period" },
  { "results.csv", "group", "group of children, services or money (below)" },
  { "results.csv", "measure", "what is measured (below)" },
  { "results.csv", "value", "the measure's value (empty: not defined)" },
  { "summary.csv", "scenario", "the scenario's name" },
  { "summary.csv", "group", "as results.csv" },
  { "summary.csv", "measure", "as results.csv" },
  { "summary.csv", "mean", "mean over replications of the whole-run value" },
  { "summary.csv", "ci_low",
    "95% interval across replications, in the measure's range "
    "(docs/outputs.md, Intervals)" },
  { "summary.csv", "ci_high", "as ci_low" },
  { "summary.csv", "replications", "replications with a value" },
  { "summary.csv", "seed", "the run's seed (as manifest.json)" },
  { "summary.csv", "run_id", "the run's id (as manifest.json)" },
  { "comparison.csv", "group", "as results.csv" },
  { "comparison.csv", "measure", "as results.csv" },
  { "comparison.csv", "scenario",
    "the scenario (sweep: the point's label); the first is the reference" },
  { "comparison.csv", "mean", "mean over replications" },
  { "comparison.csv", "ci_low", "95% interval of the mean, in range" },
  { "comparison.csv", "ci_high", "as ci_low" },
  { "comparison.csv", "diff",
    "mean minus the reference's, paired by replication (empty for it)" },
  { "comparison.csv", "diff_ci_low", "paired-t 95% interval of diff" },
  { "comparison.csv", "diff_ci_high", "as diff_ci_low" },
  { "comparison.csv", "seed", "the run's seed (as manifest.json)" },
  { "comparison.csv", "run_id", "the run's id (as manifest.json)" },
  { "survey.csv", "item", "the published figure's item" },
  { "survey.csv", "sector", "its sector, or all" },
  { "survey.csv", "published", "the published figure (empty: none)" },
  { "survey.csv", "simulated_mean", "mean over replications" },
  { "survey.csv", "ci_low", "95% interval, in range" },
  { "survey.csv", "ci_high", "as ci_low" },
  { "survey.csv", "replications", "replications in which it is defined" },
  { "survey.csv", "seed", "the seed of the survey" },
  { "survey.csv", "group", "the same figure's group in results.csv" },
  { "survey.csv", "measure", "the same figure's measure in results.csv" },
  { "survey.csv", "name", "the published file's name of the figure" },
  { "survey.csv", "source", "where the figure was published" },
  { "value.csv", "scenario", "the scenario (the first is the reference)" },
  { "value.csv", "measure",
    "cost per child reached, or unmet-need days averted / ECM change per "
    "million pounds against the reference (docs/outputs.md, Value for "
    "money)" },
  { "value.csv", "value", "the measure's value (empty: not defined)" },
  { "value.csv", "ci_low", "95% interval across replications" },
  { "value.csv", "ci_high", "as ci_low" },
  { "comparison-widths.csv", "group", "as results.csv" },
  { "comparison-widths.csv", "measure", "as results.csv" },
  { "comparison-widths.csv", "scenario", "as comparison.csv" },
  { "comparison-widths.csv", "paired_width",
    "width of the paired 95% interval of the difference (common random "
    "numbers)" },
  { "comparison-widths.csv", "unpaired_width",
    "width of the unpaired (Welch) 95% interval of the same difference" },
  { "comparison-widths.csv", "width_ratio",
    "paired_width / unpaired_width: below 1, common random numbers "
    "narrowed the interval" },
  { "attribution.csv", "group", "as results.csv" },
  { "attribution.csv", "measure", "as results.csv" },
  { "attribution.csv", "scenario", "the scenario compared with the first" },
  { "attribution.csv", "mechanism",
    "the group of parameters (sight, decision, money, scope, capacity, "
    "commissioners, area), or total" },
  { "attribution.csv", "contribution",
    "its Shapley contribution to the difference, in the measure's unit" },
  { "attribution.csv", "ci_low", "Student-t 95% interval across replications" },
  { "attribution.csv", "ci_high", "as ci_low" },
  { "points.csv", "point", "the sweep point, from 1" },
  { "points.csv", "label", "the point's label (its values in words)" },
  { "points.csv", "*", "the value at the point of the swept parameter named" },
  { "*", "point", "the sweep point (points.csv), from 1" },
  { "fit.csv", "statistic",
    "mean_absolute_error or spearman_rank_correlation of the simulated "
    "against the published figures (all of them; in_sample_: the figures "
    "a calibration may fit, every published one but the services'; "
    "out_of_sample_: the services' published counts, Table 1, never "
    "fitted, with their sums)" },
  { "fit.csv", "value", "the statistic's value" },
  { "fit.csv", "items", "published figures it is computed over" },
  { "areas.csv", "scenario", "the scenario's name (sweep: the point's label)" },
  { "areas.csv", "replication", "replication number, from 0" },
  { "areas.csv", "authority", "the authority's number, from 0" },
  { "areas.csv", "pathfinder", "the pathfinder's number, from 0" },
  { "areas.csv", "kind", "the kind of authority (its generator's id)" },
  { "areas.csv", "pcts", "primary care trusts of the authority" },
  { "areas.csv", "children_real", "the authority's real children aged 0-17" },
  { "areas.csv", "children",
    "children of the area (survey: real; national: the measure at the "
    "simulated scale)" },
  { "areas.csv", "deprivation", "the area's deprivation, 0-1" },
  { "areas.csv", "focus", "the pathfinder's focus (its id)" },
  { "areas.csv", "group", "the focus's group: specific, all or other" },
  { "areas.csv", "pooled_share", "share of budgets pooled, 0-1" },
  { "areas.csv", "board_start_days",
    "days from the selection of the pathfinders to its board's start" },
  { "areas.csv", "jointly_commissioning",
    "1 if it jointly commissioned at least one service by the last survey "
    "date, else 0" },
  { "areas.csv", "joint_services",
    "services jointly commissioned by the last survey date" },
  { "areas.csv", "joint_services_months_*",
    "services jointly commissioned by that many months after the "
    "selection (a survey date)" },
  { "areas.csv", "joint_*", "of them, services of that sector" },
  { "areas.csv", "aligned_*",
    "share of that contribution's budget aligned to the board, 0-1" },
  { "areas.csv", "agreement_*",
    "1 if that partnership agreement was in force at the selection "
    "(issue 15), else 0" },
  { "areas.csv", "*",
    "the authority's whole-run value (year all) of the measure of group "
    "all named (the measure rows below)" },
  { "trace.csv", "time_days", "simulated time, days from the start" },
  { "trace.csv", "event", "the kind of event (docs/outputs.md, Event trace)" },
  { "trace.csv", "commissioner", "the arrangement acting (empty: none)" },
  { "trace.csv", "child", "the child's number (empty: none)" },
  { "trace.csv", "service", "the service (empty: none)" },
  { "trace.csv", "detail", "what happened, in words" },
  { "trace-versus.csv", "*", "as trace.csv, for the other arrangement" },
};

static const char *
column_meaning (const char *file, const char *name)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
      {
        const Column *x = &columns[c];
        gboolean glob = strchr (x->name, '*') != NULL;

        if (glob != (pass == 1) || !g_pattern_match_simple (x->file, file))
          continue;
        if (glob ? g_pattern_match_simple (x->name, name)
                 : strcmp (x->name, name) == 0)
          return x->meaning;
      }
  return NULL;
}

/* ---- the codebook ----------------------------------------------------- */

static void
field (GString *out, const char *s, gboolean last)
{
  sim_csv_append_field (out, s ? s : "");
  g_string_append_c (out, last ? '\n' : ',');
}

static void
bound (GString *out, double x)
{
  if (isfinite (x))
    sim_csv_append_double (out, x);
  g_string_append_c (out, ',');
}

static gint
str_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

void
ctsim_codebook_csv (GString *out, const char *const *files,
                    const char *const *headers,
                    SimResults *const *const *series, const guint *n,
                    guint n_series)
{
  g_autoptr (GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) measures = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **g = NULL, **m = NULL;
  guint ng, nm;

  g_string_append (out, CTSIM_CODEBOOK_HEADER "\n");
  for (guint f = 0; files && files[f]; f++)
    {
      const char *nl = strchr (headers[f], '\n');
      g_autofree char *line = g_strndup (
          headers[f], nl ? (gsize)(nl - headers[f]) : strlen (headers[f]));
      g_auto (GStrv) cols = NULL;

      g_strchomp (line);
      cols = g_strsplit (line, ",", -1);
      for (guint c = 0; line[0] && cols[c]; c++)
        {
          const char *meaning = column_meaning (files[f], cols[c]);

          g_string_append (out, "column,");
          field (out, files[f], FALSE);
          field (out, cols[c], FALSE);
          g_string_append (out, ",,,,,");
          field (out, meaning ? meaning : CTSIM_CODEBOOK_UNDOCUMENTED, TRUE);
        }
    }
  for (guint s = 0; s < n_series; s++)
    for (guint r = 0; r < n[s]; r++)
      for (gsize i = 0; i < sim_results_len (series[s][r]); i++)
        {
          const SimResultRow *row = sim_results_row (series[s][r], i);

          g_hash_table_add (groups, (gpointer)row->group);
          g_hash_table_add (measures, (gpointer)row->measure);
        }
  g = (const char **)g_hash_table_get_keys_as_array (groups, &ng);
  m = (const char **)g_hash_table_get_keys_as_array (measures, &nm);
  qsort (g, ng, sizeof *g, (int (*) (const void *, const void *))str_cmp);
  qsort (m, nm, sizeof *m, (int (*) (const void *, const void *))str_cmp);
  for (guint i = 0; i < ng; i++)
    {
      g_autofree char *label = cs_out_group_label (g[i]);
      const char *meaning = ctsim_codebook_meaning (g[i], TRUE);

      g_string_append (out, "group,,");
      field (out, g[i], FALSE);
      field (out, label, FALSE);
      g_string_append (out, ",,,,");
      field (out, meaning ? meaning : CTSIM_CODEBOOK_UNDOCUMENTED, TRUE);
    }
  for (guint i = 0; i < nm; i++)
    {
      CsOutMeasureInfo info;
      const char *meaning = ctsim_codebook_meaning (m[i], FALSE);
      const char *unit = doc_unit (m[i]);

      cs_out_measure_info (m[i], &info);
      g_string_append (out, "measure,,");
      field (out, m[i], FALSE);
      field (out, info.label, FALSE);
      field (out, unit ? unit : info.unit, FALSE);
      field (out,
             info.better == CS_OUT_BETTER_HIGHER  ? "higher"
             : info.better == CS_OUT_BETTER_LOWER ? "lower"
                                                  : "",
             FALSE);
      bound (out, info.min);
      bound (out, info.max);
      field (out, meaning ? meaning : CTSIM_CODEBOOK_UNDOCUMENTED, TRUE);
    }
}

/* The first line of FILE (at most 64 KiB), or NULL. */
static char *
first_line (const char *path)
{
  FILE *f = fopen (path, "rb");
  char *line = NULL;

  if (f)
    {
      line = g_malloc (65536);
      if (!fgets (line, 65536, f))
        line[0] = '\0';
      fclose (f);
    }
  return line;
}

gboolean
ctsim_codebook_write (SimOutputDir *dir, SimResults *const *const *series,
                      const guint *n, guint n_series, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const char *tmp = sim_output_dir_tmp_path (dir);
  g_autoptr (GDir) d = g_dir_open (tmp, 0, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (!d)
    return FALSE;
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".csv") && strcmp (name, "codebook.csv") != 0)
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, str_cmp);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (tmp, names->pdata[i], NULL);
      char *line = first_line (path);

      g_ptr_array_add (heads, line ? line : g_strdup (""));
    }
  g_ptr_array_add (names, NULL);
  ctsim_codebook_csv (out, (const char *const *)names->pdata,
                      (const char *const *)heads->pdata, series, n, n_series);
  return sim_output_dir_write (dir, "codebook.csv", out->str, (gssize)out->len,
                               error);
}
