/* sim-compare.c: scenarios compared replication by replication
 * (see sim-compare.h).
 *
 * Invariants: keys are (interned group, interned measure) pairs, indexed
 * by a hash table and numbered in order of first appearance; value[key]
 * holds n_scenarios * n_reps doubles (scenario-major), NAN where a
 * scenario's replication has no finite value for the key (the first
 * year-"all" row of a key in a replication counts, as in the summary table).
 * Cells are computed once, in sim_comparison_new().
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "sim/sim-compare.h"
#include "sim/sim-output.h"
#include "sim/sim-stats.h"

typedef struct
{
  const char *group;
  const char *measure;
} Key;

struct SimComparison
{
  guint n_scenarios;
  guint n_reps;
  char **labels;
  GPtrArray *keys;          /* of Key *, owned; indexed by a hash table */
  GPtrArray *values;        /* per key: double[n_scenarios * n_reps] */
  SimComparisonCell *cells; /* n_keys * n_scenarios, key-major */
};

/* ---- Welch -------------------------------------------------------------- */

void
sim_ci_welch (const double *a, gsize na, const double *b, gsize nb,
              double level, double *diff, double *lo, double *hi)
{
  SimTally ta = SIM_TALLY_INIT, tb = SIM_TALLY_INIT;
  double va, vb, se2, df, half;

  *diff = *lo = *hi = NAN;
  if (na < 2 || nb < 2)
    return;
  for (gsize i = 0; i < na; i++)
    sim_tally_add (&ta, a[i]);
  for (gsize i = 0; i < nb; i++)
    sim_tally_add (&tb, b[i]);
  *diff = sim_tally_mean (&ta) - sim_tally_mean (&tb);
  va = sim_tally_variance (&ta) / (double)na;
  vb = sim_tally_variance (&tb) / (double)nb;
  se2 = va + vb;
  if (se2 == 0.0)
    {
      *lo = *hi = *diff;
      return;
    }
  /* Welch-Satterthwaite degrees of freedom. */
  df = se2 * se2 / (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
  half = gsl_cdf_tdist_Pinv (0.5 + 0.5 * level, df) * sqrt (se2);
  *lo = *diff - half;
  *hi = *diff + half;
}

/* ---- collecting --------------------------------------------------------- */

static guint
key_hash (gconstpointer p)
{
  const Key *k = p;

  return g_direct_hash (k->group) * 31u + g_direct_hash (k->measure);
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  const Key *ka = a, *kb = b;

  return ka->group == kb->group && ka->measure == kb->measure;
}

/* Index of the key of row, adding it (with all values NAN) if new. */
static guint
key_index (SimComparison *cmp, GHashTable *index, const SimResultRow *row)
{
  Key probe = { row->group, row->measure };
  gpointer found;
  guint n = cmp->n_scenarios * cmp->n_reps;
  Key *key;
  double *v;

  if (g_hash_table_lookup_extended (index, &probe, NULL, &found))
    return GPOINTER_TO_UINT (found);
  key = g_new (Key, 1);
  *key = probe;
  g_ptr_array_add (cmp->keys, key);
  v = g_new (double, n);
  for (guint i = 0; i < n; i++)
    v[i] = NAN;
  g_ptr_array_add (cmp->values, v);
  g_hash_table_insert (index, key, GUINT_TO_POINTER (cmp->keys->len - 1));
  return cmp->keys->len - 1;
}

/* Record replication r of scenario s: the first "all" row of each key.
 * seen[key] == stamp marks keys already taken in this replication. */
static void
collect (SimComparison *cmp, GHashTable *index, GArray *seen, guint stamp,
         guint s, guint r, const SimResults *res)
{
  for (gsize i = 0; i < sim_results_len (res); i++)
    {
      const SimResultRow *row = sim_results_row (res, i);
      guint k;
      double *v;

      if (row->year != SIM_YEAR_ALL)
        continue;
      k = key_index (cmp, index, row);
      if (k >= seen->len)
        g_array_set_size (seen, k + 1); /* cleared: 0 is no stamp */
      if (g_array_index (seen, guint, k) == stamp)
        continue;
      g_array_index (seen, guint, k) = stamp;
      v = cmp->values->pdata[k];
      if (isfinite (row->value))
        v[s * cmp->n_reps + r] = row->value;
    }
}

/* ---- cells -------------------------------------------------------------- */

/* The finite values of x[0..n-1] into out; their count. */
static guint
finite_values (const double *x, guint n, double *out)
{
  guint k = 0;

  for (guint i = 0; i < n; i++)
    if (isfinite (x[i]))
      out[k++] = x[i];
  return k;
}

static void
fill_cell (SimComparisonCell *c, const double *x, const double *ref,
           guint n_reps, gboolean is_ref)
{
  g_autofree double *a = g_new (double, n_reps);
  g_autofree double *b = g_new (double, n_reps);
  g_autofree double *xs = g_new (double, n_reps);
  g_autofree double *rs = g_new (double, n_reps);
  guint nx = finite_values (x, n_reps, xs);
  guint nr = finite_values (ref, n_reps, rs);
  guint np = 0;
  double welch_diff, min, max;

  c->n = nx;
  c->mean = c->ci_low = c->ci_high = NAN;
  sim_measure_bounds (c->measure, &min, &max);
  if (nx > 0)
    sim_ci_bounded (xs, nx, 0.95, min, max, &c->mean, &c->ci_low, &c->ci_high);
  c->diff = c->diff_ci_low = c->diff_ci_high = NAN;
  c->unpaired_ci_low = c->unpaired_ci_high = NAN;
  c->n_pairs = 0;
  if (is_ref)
    return;
  for (guint r = 0; r < n_reps; r++)
    if (isfinite (x[r]) && isfinite (ref[r]))
      {
        a[np] = x[r];
        b[np] = ref[r];
        np++;
      }
  c->n_pairs = np;
  if (np > 0)
    sim_ci_paired (a, b, np, 0.95, &c->diff, &c->diff_ci_low, &c->diff_ci_high);
  sim_ci_welch (xs, nx, rs, nr, 0.95, &welch_diff, &c->unpaired_ci_low,
                &c->unpaired_ci_high);
}

static void
compute_cells (SimComparison *cmp)
{
  guint ns = cmp->n_scenarios, nr = cmp->n_reps;

  cmp->cells = g_new0 (SimComparisonCell, cmp->keys->len * ns);
  for (guint k = 0; k < cmp->keys->len; k++)
    {
      const Key *key = cmp->keys->pdata[k];
      const double *v = cmp->values->pdata[k];

      for (guint s = 0; s < ns; s++)
        {
          SimComparisonCell *c = &cmp->cells[k * ns + s];

          c->group = key->group;
          c->measure = key->measure;
          fill_cell (c, v + s * nr, v, nr, s == 0);
        }
    }
}

/* ---- life --------------------------------------------------------------- */

SimComparison *
sim_comparison_new (guint n_scenarios, const char *const *labels,
                    SimResults *const *const *reps, guint n_reps)
{
  SimComparison *cmp = g_new0 (SimComparison, 1);
  g_autoptr (GHashTable) index = g_hash_table_new (key_hash, key_equal);
  g_autoptr (GArray) seen = g_array_new (FALSE, TRUE, sizeof (guint));
  guint stamp = 0;

  g_assert (n_scenarios >= 1 && labels && reps);
  cmp->n_scenarios = n_scenarios;
  cmp->n_reps = n_reps;
  cmp->labels = g_new0 (char *, n_scenarios + 1);
  for (guint s = 0; s < n_scenarios; s++)
    cmp->labels[s] = g_strdup (labels[s]);
  cmp->keys = g_ptr_array_new_with_free_func (g_free);
  cmp->values = g_ptr_array_new_with_free_func (g_free);
  for (guint s = 0; s < n_scenarios; s++)
    for (guint r = 0; r < n_reps; r++)
      {
        g_assert (reps[s] && reps[s][r]);
        collect (cmp, index, seen, ++stamp, s, r, reps[s][r]);
      }
  compute_cells (cmp);
  return cmp;
}

void
sim_comparison_free (SimComparison *cmp)
{
  if (!cmp)
    return;
  g_strfreev (cmp->labels);
  g_ptr_array_unref (cmp->keys);
  g_ptr_array_unref (cmp->values);
  g_free (cmp->cells);
  g_free (cmp);
}

guint
sim_comparison_n_scenarios (const SimComparison *cmp)
{
  return cmp->n_scenarios;
}

const char *
sim_comparison_label (const SimComparison *cmp, guint scenario)
{
  g_assert (scenario < cmp->n_scenarios);
  return cmp->labels[scenario];
}

gsize
sim_comparison_n_keys (const SimComparison *cmp)
{
  return cmp->keys->len;
}

const SimComparisonCell *
sim_comparison_cell (const SimComparison *cmp, gsize key, guint scenario)
{
  g_assert (key < cmp->keys->len && scenario < cmp->n_scenarios);
  return &cmp->cells[key * cmp->n_scenarios + scenario];
}

gboolean
sim_comparison_cell_differs (const SimComparisonCell *cell)
{
  return isfinite (cell->diff_ci_low) && isfinite (cell->diff_ci_high)
         && (cell->diff_ci_low > 0.0 || cell->diff_ci_high < 0.0);
}

/* ---- CSV ----------------------------------------------------------------- */

static void
append_names (GString *out, const SimComparisonCell *c, const char *label)
{
  sim_csv_append_field (out, c->group);
  g_string_append_c (out, ',');
  sim_csv_append_field (out, c->measure);
  g_string_append_c (out, ',');
  sim_csv_append_field (out, label);
}

static void
append_numbers (GString *out, const double *x, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_string_append_c (out, ',');
      sim_csv_append_double (out, x[i]);
    }
}

void
sim_comparison_csv (const SimComparison *cmp, GString *out)
{
  g_string_append (out, SIM_COMPARISON_HEADER "\n");
  for (guint k = 0; k < cmp->keys->len; k++)
    for (guint s = 0; s < cmp->n_scenarios; s++)
      {
        const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
        double x[] = { c->mean, c->ci_low,      c->ci_high,
                       c->diff, c->diff_ci_low, c->diff_ci_high };

        append_names (out, c, cmp->labels[s]);
        append_numbers (out, x, G_N_ELEMENTS (x));
        g_string_append_c (out, '\n');
      }
}

void
sim_comparison_widths_csv (const SimComparison *cmp, GString *out)
{
  g_string_append (out, SIM_COMPARISON_WIDTHS_HEADER "\n");
  for (guint k = 0; k < cmp->keys->len; k++)
    for (guint s = 1; s < cmp->n_scenarios; s++)
      {
        const SimComparisonCell *c = sim_comparison_cell (cmp, k, s);
        double paired = c->diff_ci_high - c->diff_ci_low;
        double unpaired = c->unpaired_ci_high - c->unpaired_ci_low;
        double x[]
            = { paired, unpaired, unpaired > 0.0 ? paired / unpaired : NAN };

        append_names (out, c, cmp->labels[s]);
        append_numbers (out, x, G_N_ELEMENTS (x));
        g_string_append_c (out, '\n');
      }
}

void
sim_shapley (guint k, const double *v, double *phi)
{
  double w[17];
  guint n = 1u << k;

  g_return_if_fail (k <= 16);
  /* w[s] = s! (k - s - 1)! / k! */
  for (guint s = 0; s < k; s++)
    {
      double x = 1.0 / k;
      for (guint j = 1; j <= s; j++)
        x *= (double)j / (double)(k - j);
      w[s] = x;
    }
  for (guint i = 0; i < k; i++)
    {
      double sum = 0.0;
      for (guint S = 0; S < n; S++)
        if (!(S & (1u << i)))
          {
            double d = v[S | (1u << i)] - v[S];
            guint size = 0;
            for (guint b = S; b; b &= b - 1)
              size++;
            if (d != 0.0)
              sum += w[size] * d;
          }
      phi[i] = sum;
    }
}
