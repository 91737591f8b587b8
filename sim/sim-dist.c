/* sim-dist.c: probability distributions: parse, validate, sample, moments.
 *
 * Parameters by kind (SimDist.a, SimDist.b):
 *   deterministic  a = value
 *   exponential    a = mean
 *   gamma          a = shape, b = scale
 *   lognormal      a = mean, b = sd  (of the variable, not of its log)
 *   normal         a = mean, b = sd
 *   uniform        a = min, b = max
 *   poisson        a = mean
 *   binomial       a = n (a whole number), b = p
 *   bernoulli      a = p
 *   empirical      values[n_values], cumweight[n_values] (normalised
 *                  running sums of the weights; last = 1 exactly) and
 *                  weights[n_values] as parsed (NULL if built by hand)
 *
 * Invariants:
 * - sim_dist_parse() and sim_dist_copy() treat their output as raw memory:
 *   they overwrite it without freeing what it held (pass a fresh or
 *   cleared SimDist).  A failed parse leaves it equal to SIM_DIST_INIT.
 * - sim_dist_parse() accepts only what sim_dist_validate(dist, FALSE, ...)
 *   accepts; callers that need non-negative values validate again.
 * - Sampling draws through sim_rng_gsl(); deterministic draws nothing.
 *   Numbers are written and read with g_ascii_* (locale-independent).
 * - sim_dist_to_string() writes "%.17g"; for empirical it writes the
 *   weights as parsed, so parsing its output rebuilds cumweight bit for
 *   bit.  (Differences of cumweight would not: fl(c[i-1] + (c[i] - c[i-1]))
 *   can miss c[i] by an ulp, and no double weight need hit it.)  Without
 *   stored weights it falls back to those differences.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/sim-dist.h"
#include "sim/sim-error.h"

/* ---- Kinds ------------------------------------------------------------ */

typedef struct
{
  const char *name;
  guint n_params;
  const char *params[2];
  const char *expected; /* the parameter names, for messages */
} KindInfo;

static const KindInfo kinds[] = {
  [SIM_DIST_DETERMINISTIC] = { "deterministic", 1, { "value" }, "value" },
  [SIM_DIST_EXPONENTIAL] = { "exponential", 1, { "mean" }, "mean" },
  [SIM_DIST_GAMMA] = { "gamma", 2, { "shape", "scale" }, "shape, scale" },
  [SIM_DIST_LOGNORMAL] = { "lognormal", 2, { "mean", "sd" }, "mean, sd" },
  [SIM_DIST_NORMAL] = { "normal", 2, { "mean", "sd" }, "mean, sd" },
  [SIM_DIST_UNIFORM] = { "uniform", 2, { "min", "max" }, "min, max" },
  [SIM_DIST_POISSON] = { "poisson", 1, { "mean" }, "mean" },
  [SIM_DIST_BINOMIAL] = { "binomial", 2, { "n", "p" }, "n, p" },
  [SIM_DIST_BERNOULLI] = { "bernoulli", 1, { "p" }, "p" },
  [SIM_DIST_EMPIRICAL]
  = { "empirical", 2, { "values", "weights" }, "values, weights" },
};

#define N_KINDS G_N_ELEMENTS (kinds)
#define KIND_LIST                                                              \
  "deterministic, exponential, gamma, lognormal, normal, uniform, poisson, "   \
  "binomial, bernoulli, empirical"

const char *
sim_dist_kind_name (SimDistKind kind)
{
  g_assert ((guint)kind < N_KINDS);
  return kinds[kind].name;
}

/* ---- Numbers as text -------------------------------------------------- */

/* Shortest of %.15g, %.16g, %.17g that reads back as x (for messages). */
static const char *
num (char buf[G_ASCII_DTOSTR_BUF_SIZE], double x)
{
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, formats[i], x);
      if (g_ascii_strtod (buf, NULL) == x)
        break;
    }
  return buf;
}

static void
append_num (GString *s, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", x));
}

/* ---- Construction, copy, clear ---------------------------------------- */

static SimDist
make (SimDistKind kind, double a, double b)
{
  SimDist d = SIM_DIST_INIT;

  d.kind = kind;
  d.a = a;
  d.b = b;
  return d;
}

SimDist
sim_dist_deterministic (double value)
{
  return make (SIM_DIST_DETERMINISTIC, value, 0.0);
}

SimDist
sim_dist_exponential (double mean)
{
  return make (SIM_DIST_EXPONENTIAL, mean, 0.0);
}

SimDist
sim_dist_gamma (double shape, double scale)
{
  return make (SIM_DIST_GAMMA, shape, scale);
}

SimDist
sim_dist_lognormal (double mean, double sd)
{
  return make (SIM_DIST_LOGNORMAL, mean, sd);
}

SimDist
sim_dist_normal (double mean, double sd)
{
  return make (SIM_DIST_NORMAL, mean, sd);
}

SimDist
sim_dist_uniform (double min, double max)
{
  return make (SIM_DIST_UNIFORM, min, max);
}

SimDist
sim_dist_poisson (double mean)
{
  return make (SIM_DIST_POISSON, mean, 0.0);
}

SimDist
sim_dist_binomial (guint n, double p)
{
  return make (SIM_DIST_BINOMIAL, (double)n, p);
}

SimDist
sim_dist_bernoulli (double p)
{
  return make (SIM_DIST_BERNOULLI, p, 0.0);
}

void
sim_dist_clear (SimDist *dist)
{
  g_clear_pointer (&dist->values, g_free);
  g_clear_pointer (&dist->cumweight, g_free);
  g_clear_pointer (&dist->weights, g_free);
  dist->n_values = 0;
}

void
sim_dist_copy (SimDist *dest, const SimDist *src)
{
  gsize size = (gsize)src->n_values * sizeof (double);

  g_assert (dest != src);
  *dest = *src;
  if (src->values)
    dest->values = g_memdup2 (src->values, size);
  if (src->cumweight)
    dest->cumweight = g_memdup2 (src->cumweight, size);
  if (src->weights)
    dest->weights = g_memdup2 (src->weights, size);
}

/* ---- Validation ------------------------------------------------------- */

static gboolean
check_finite (const char *kind, const char *param, double x, GError **error)
{
  char b[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (x))
    return TRUE;
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: %s must be finite (got %s)", kind, param, num (b, x));
  return FALSE;
}

/* x > 0 (strict) or x >= 0; `where` is "" or " here" (non-negative use). */
static gboolean
check_low (const char *kind, const char *param, double x, gboolean strict,
           const char *where, GError **error)
{
  char b[G_ASCII_DTOSTR_BUF_SIZE];

  if (strict ? x > 0.0 : x >= 0.0)
    return TRUE;
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: %s must be %s 0%s (got %s)", kind, param,
               strict ? ">" : ">=", where, num (b, x));
  return FALSE;
}

static gboolean
check_prob (const char *kind, double p, GError **error)
{
  char b[G_ASCII_DTOSTR_BUF_SIZE];

  if (p >= 0.0 && p <= 1.0)
    return TRUE;
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: p must be in [0, 1] (got %s)", kind, num (b, p));
  return FALSE;
}

static gboolean
check_two_finite (const SimDist *d, GError **error)
{
  const KindInfo *k = &kinds[d->kind];

  return check_finite (k->name, k->params[0], d->a, error)
         && (k->n_params < 2
             || check_finite (k->name, k->params[1], d->b, error));
}

static gboolean
validate_uniform (const SimDist *d, gboolean non_negative, GError **error)
{
  char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE];

  if (d->a > d->b)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "uniform: min must be <= max (got min=%s, max=%s)",
                   num (b1, d->a), num (b2, d->b));
      return FALSE;
    }
  return !non_negative
         || check_low ("uniform", "min", d->a, FALSE, " here", error);
}

static gboolean
validate_binomial (const SimDist *d, GError **error)
{
  char b[G_ASCII_DTOSTR_BUF_SIZE];

  if (d->a < 0.0 || d->a != floor (d->a) || d->a > (double)G_MAXUINT)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "binomial: n must be a whole number in [0, %u] (got %s)",
                   G_MAXUINT, num (b, d->a));
      return FALSE;
    }
  return check_prob ("binomial", d->b, error);
}

static gboolean
validate_empirical (const SimDist *d, gboolean non_negative, GError **error)
{
  char b[G_ASCII_DTOSTR_BUF_SIZE];
  double prev = 0.0;

  if (d->n_values == 0 || !d->values || !d->cumweight)
    {
      g_set_error_literal (error, SIM_ERROR, SIM_ERROR_DATA,
                           "empirical: no values (expected at least one)");
      return FALSE;
    }
  for (guint i = 0; i < d->n_values; i++)
    {
      double c = d->cumweight[i];

      if (!check_finite ("empirical", "values", d->values[i], error)
          || (non_negative
              && !check_low ("empirical", "values", d->values[i], FALSE,
                             " here", error)))
        return FALSE;
      if (!(c >= prev) || c > 1.0 || (i + 1 == d->n_values && c != 1.0))
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "empirical: cumulative weights must rise from >= 0 "
                       "to exactly 1 (got %s at value %u)",
                       num (b, c), i + 1);
          return FALSE;
        }
      prev = c;
    }
  return TRUE;
}

gboolean
sim_dist_validate (const SimDist *dist, gboolean non_negative, GError **error)
{
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  name = sim_dist_kind_name (dist->kind);
  if (dist->kind == SIM_DIST_EMPIRICAL)
    return validate_empirical (dist, non_negative, error);
  if (!check_two_finite (dist, error))
    return FALSE;
  switch (dist->kind)
    {
    case SIM_DIST_DETERMINISTIC:
      return !non_negative
             || check_low (name, "value", dist->a, FALSE, " here", error);
    case SIM_DIST_EXPONENTIAL:
      return check_low (name, "mean", dist->a, TRUE, "", error);
    case SIM_DIST_GAMMA:
      return check_low (name, "shape", dist->a, TRUE, "", error)
             && check_low (name, "scale", dist->b, TRUE, "", error);
    case SIM_DIST_LOGNORMAL:
      return check_low (name, "mean", dist->a, TRUE, "", error)
             && check_low (name, "sd", dist->b, FALSE, "", error);
    case SIM_DIST_NORMAL:
      if (!check_low (name, "sd", dist->b, FALSE, "", error))
        return FALSE;
      if (non_negative)
        {
          g_set_error_literal (error, SIM_ERROR, SIM_ERROR_DATA,
                               "normal: can give negative values, which are "
                               "not allowed here (expected a non-negative "
                               "distribution such as lognormal or gamma)");
          return FALSE;
        }
      return TRUE;
    case SIM_DIST_UNIFORM:
      return validate_uniform (dist, non_negative, error);
    case SIM_DIST_POISSON:
      return check_low (name, "mean", dist->a, FALSE, "", error);
    case SIM_DIST_BINOMIAL:
      return validate_binomial (dist, error);
    case SIM_DIST_BERNOULLI:
      return check_prob (name, dist->a, error);
    case SIM_DIST_EMPIRICAL:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_size (const char *kind, const char *param, double x, double max_abs,
            GError **error)
{
  char b[G_ASCII_DTOSTR_BUF_SIZE], m[G_ASCII_DTOSTR_BUF_SIZE];

  if (fabs (x) <= max_abs)
    return TRUE;
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: %s must be from -%s to %s (got %s)", kind, param,
               num (m, max_abs), num (m, max_abs), num (b, x));
  return FALSE;
}

gboolean
sim_dist_check_size (const SimDist *dist, double max_abs, GError **error)
{
  const KindInfo *k = &kinds[dist->kind];

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (dist->kind == SIM_DIST_EMPIRICAL)
    {
      for (guint i = 0; i < dist->n_values; i++)
        if (!check_size (k->name, "values", dist->values[i], max_abs, error))
          return FALSE;
      return TRUE;
    }
  if (!check_size (k->name, k->params[0], dist->a, max_abs, error)
      || (k->n_params > 1 && dist->kind != SIM_DIST_BINOMIAL /* b is p */
          && !check_size (k->name, k->params[1], dist->b, max_abs, error)))
    return FALSE;
  /* lognormal: sigma^2 = log(1 + (sd/mean)^2) must be finite. */
  if (dist->kind == SIM_DIST_LOGNORMAL && !(dist->b / dist->a <= 1e150))
    {
      g_set_error_literal (error, SIM_ERROR, SIM_ERROR_DATA,
                           "lognormal: sd/mean must be at most 1e150 "
                           "(expected a smaller sd or a larger mean)");
      return FALSE;
    }
  return TRUE;
}

/* ---- Parsing ---------------------------------------------------------- */

/* Reads all of `text` (already stripped) as a number. */
static gboolean
read_number (const char *text, double *x)
{
  char *end = NULL;

  if (*text == '\0')
    return FALSE;
  *x = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

/* A ';'-separated list of numbers; *n_out >= 1 on success. */
static gboolean
read_list (const char *param, const char *text, double **out, guint *n_out,
           GError **error)
{
  g_auto (GStrv) items = g_strsplit (text, ";", -1);
  guint n = g_strv_length (items);
  g_autofree double *x = g_new (double, n);

  for (guint i = 0; i < n; i++)
    if (!read_number (g_strstrip (items[i]), &x[i]))
      {
        g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                     "empirical: %s: '%s' is not a number (expected numbers "
                     "separated by ';')",
                     param, items[i]);
        return FALSE;
      }
  *out = g_steal_pointer (&x);
  *n_out = n;
  return TRUE;
}

/* Normalised running sums of the weights into d->cumweight (owned). */
static gboolean
set_weights (SimDist *d, const double *w, guint n, GError **error)
{
  double scale = 1.0, total = 0.0, sum = 0.0;

  if (n != d->n_values)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "empirical: %u values but %u weights (expected one "
                   "weight per value)",
                   d->n_values, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      if (!check_finite ("empirical", "weights", w[i], error)
          || !check_low ("empirical", "weights", w[i], FALSE, "", error))
        return FALSE;
      total += w[i];
    }
  if (isinf (total)) /* huge weights: rescale by a power of two (exact) */
    {
      scale = 0x1p-64;
      total = 0.0;
      for (guint i = 0; i < n; i++)
        total += w[i] * scale;
    }
  if (total == 0.0)
    {
      g_set_error_literal (error, SIM_ERROR, SIM_ERROR_DATA,
                           "empirical: weights are all zero (expected at "
                           "least one > 0)");
      return FALSE;
    }
  d->cumweight = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      sum += w[i] * scale;
      d->cumweight[i] = sum / total;
    }
  /* sum == total here (same terms, same order), so the last is 1. */
  g_assert (d->cumweight[n - 1] == 1.0);
  return TRUE;
}

/* "gamma(shape=...,scale=...)", for messages. */
static char *
usage (SimDistKind kind)
{
  const KindInfo *k = &kinds[kind];
  GString *s = g_string_new (k->name);

  g_string_append_c (s, '(');
  for (guint i = 0; i < k->n_params; i++)
    g_string_append_printf (s, "%s%s=...", i ? "," : "", k->params[i]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

static gboolean
find_kind (const char *name, SimDistKind *kind, GError **error)
{
  for (guint i = 0; i < N_KINDS; i++)
    if (strcmp (name, kinds[i].name) == 0)
      {
        *kind = (SimDistKind)i;
        return TRUE;
      }
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "unknown distribution '%s' (expected one of " KIND_LIST ")",
               name);
  return FALSE;
}

/* Splits stripped `s` into the kind and the text between the parentheses
 * (transfer full). */
static gboolean
parse_head (const char *s, SimDistKind *kind, char **inner, GError **error)
{
  const char *open = strchr (s, '('), *close;
  g_autofree char *name
      = g_strstrip (open ? g_strndup (s, (gsize)(open - s)) : g_strdup (s));
  g_autofree char *use = NULL;

  if (*s == '\0')
    {
      g_set_error_literal (error, SIM_ERROR, SIM_ERROR_DATA,
                           "empty distribution (expected e.g. "
                           "exponential(mean=30))");
      return FALSE;
    }
  if (!find_kind (name, kind, error))
    return FALSE;
  use = usage (*kind);
  close = open ? strchr (open, ')') : NULL;
  if (!open || !close)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: missing '%c' (expected %s)", name, open ? ')' : '(',
                   use);
      return FALSE;
    }
  if (close[1] != '\0')
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: unexpected text '%s' after ')' (expected %s)", name,
                   close + 1, use);
      return FALSE;
    }
  *inner = g_strndup (open + 1, (gsize)(close - open - 1));
  return TRUE;
}

/* One "key=value" item into texts[] (pointers into `item`, stripped). */
static gboolean
parse_item (SimDistKind kind, char *item, const char *texts[2], GError **error)
{
  const KindInfo *k = &kinds[kind];
  char *eq = strchr (g_strstrip (item), '=');
  const char *key, *value;

  if (*item == '\0')
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: empty parameter (expected %s)", k->name, k->expected);
      return FALSE;
    }
  value = eq ? g_strstrip (eq + 1) : "";
  if (eq)
    *eq = '\0';
  key = g_strstrip (item);
  for (guint i = 0; i < k->n_params; i++)
    {
      if (strcmp (key, k->params[i]) != 0)
        continue;
      if (texts[i])
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "%s: parameter '%s' given twice", k->name, key);
          return FALSE;
        }
      if (*value == '\0')
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "%s: parameter '%s' has no value (expected %s=<%s>)",
                       k->name, key, key,
                       kind == SIM_DIST_EMPIRICAL ? "numbers separated by ';'"
                                                  : "number");
          return FALSE;
        }
      texts[i] = value;
      return TRUE;
    }
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: unknown parameter '%s' (expected %s)", k->name, key,
               k->expected);
  return FALSE;
}

/* Builds *d (kind already set) from the parameter texts. */
static gboolean
parse_values (SimDist *d, const char *texts[2], GError **error)
{
  const KindInfo *k = &kinds[d->kind];
  double *ab[2] = { &d->a, &d->b };
  g_autofree double *w = NULL;
  guint n_w = 0;

  for (guint i = 0; i < k->n_params; i++)
    if (!texts[i])
      {
        g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                     "%s: missing parameter '%s' (expected %s)", k->name,
                     k->params[i], k->expected);
        return FALSE;
      }
  if (d->kind == SIM_DIST_EMPIRICAL)
    {
      if (!read_list ("values", texts[0], &d->values, &d->n_values, error)
          || !read_list ("weights", texts[1], &w, &n_w, error)
          || !set_weights (d, w, n_w, error))
        return FALSE;
      d->weights = g_steal_pointer (&w);
      return TRUE;
    }
  for (guint i = 0; i < k->n_params; i++)
    if (!read_number (texts[i], ab[i]))
      {
        g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                     "%s: %s is not a number (got '%s')", k->name, k->params[i],
                     texts[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
parse_text (const char *text, SimDist *out, GError **error)
{
  g_autofree char *s = NULL;
  g_autofree char *inner = NULL;
  g_auto (GStrv) items = NULL;
  const char *texts[2] = { NULL, NULL };
  SimDist d = SIM_DIST_INIT;
  gboolean ok;

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  *out = d;
  s = g_strstrip (g_strdup (text));
  if (!parse_head (s, &d.kind, &inner, error))
    return FALSE;
  if (*g_strstrip (inner) != '\0')
    items = g_strsplit (inner, ",", -1);
  ok = TRUE;
  for (guint i = 0; ok && items && items[i]; i++)
    ok = parse_item (d.kind, items[i], texts, error);
  ok = ok && parse_values (&d, texts, error)
       && sim_dist_validate (&d, FALSE, error);
  if (!ok)
    {
      sim_dist_clear (&d);
      return FALSE;
    }
  *out = d;
  return TRUE;
}

/* A message quotes the text it could not read: one line whatever the text
 * holds (a newline from an XML character reference, a --set value or an
 * API caller), control characters shown as spaces (issue 19: found by
 * tests/fuzz-dist, kept in tests/fuzz/dist/). */
gboolean
sim_dist_parse (const char *text, SimDist *out, GError **error)
{
  g_autoptr (GError) e = NULL;

  if (parse_text (text, out, error ? &e : NULL))
    return TRUE;
  if (e)
    {
      for (char *p = e->message; *p; p++)
        if ((guchar)*p < 0x20 || *p == 0x7f)
          *p = ' ';
      g_propagate_error (error, g_steal_pointer (&e));
    }
  return FALSE;
}

/* ---- Sampling and moments --------------------------------------------- */

static void
lognormal_params (const SimDist *d, double *zeta, double *sigma)
{
  double cv = d->b / d->a;
  double sigma2 = log1p (cv * cv);

  *zeta = log (d->a) - 0.5 * sigma2;
  *sigma = sqrt (sigma2);
}

static double
sample_empirical (const SimDist *d, SimRng *rng)
{
  double u = sim_rng_uniform (rng);
  guint lo = 0, hi = d->n_values - 1;

  /* The first i with u < cumweight[i]; cumweight[n-1] = 1 > u. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (u < d->cumweight[mid])
        hi = mid;
      else
        lo = mid + 1;
    }
  return d->values[lo];
}

double
sim_dist_sample (const SimDist *dist, SimRng *rng)
{
  gsl_rng *r = sim_rng_gsl (rng);
  double zeta, sigma;

  switch (dist->kind)
    {
    case SIM_DIST_DETERMINISTIC:
      return dist->a;
    case SIM_DIST_EXPONENTIAL:
      return gsl_ran_exponential (r, dist->a);
    case SIM_DIST_GAMMA:
      return gsl_ran_gamma (r, dist->a, dist->b);
    case SIM_DIST_LOGNORMAL:
      lognormal_params (dist, &zeta, &sigma);
      return gsl_ran_lognormal (r, zeta, sigma);
    case SIM_DIST_NORMAL:
      return dist->a + gsl_ran_gaussian (r, dist->b);
    case SIM_DIST_UNIFORM:
      return gsl_ran_flat (r, dist->a, dist->b);
    case SIM_DIST_POISSON:
      return (double)gsl_ran_poisson (r, dist->a);
    case SIM_DIST_BINOMIAL:
      return (double)gsl_ran_binomial (r, dist->b, (unsigned int)dist->a);
    case SIM_DIST_BERNOULLI:
      return (double)gsl_ran_bernoulli (r, dist->a);
    case SIM_DIST_EMPIRICAL:
      return sample_empirical (dist, rng);
    default:
      g_assert_not_reached ();
    }
}

/* Probability of value i of an empirical distribution. */
static double
empirical_p (const SimDist *d, guint i)
{
  return d->cumweight[i] - (i ? d->cumweight[i - 1] : 0.0);
}

double
sim_dist_mean (const SimDist *dist)
{
  double m = 0.0;

  switch (dist->kind)
    {
    case SIM_DIST_DETERMINISTIC:
    case SIM_DIST_EXPONENTIAL:
    case SIM_DIST_LOGNORMAL:
    case SIM_DIST_NORMAL:
    case SIM_DIST_POISSON:
    case SIM_DIST_BERNOULLI:
      return dist->a;
    case SIM_DIST_GAMMA:
    case SIM_DIST_BINOMIAL:
      return dist->a * dist->b;
    case SIM_DIST_UNIFORM:
      return 0.5 * (dist->a + dist->b);
    case SIM_DIST_EMPIRICAL:
      for (guint i = 0; i < dist->n_values; i++)
        m += empirical_p (dist, i) * dist->values[i];
      return m;
    default:
      g_assert_not_reached ();
    }
}

double
sim_dist_variance (const SimDist *dist)
{
  double m, v = 0.0, w = dist->b - dist->a;

  switch (dist->kind)
    {
    case SIM_DIST_DETERMINISTIC:
      return 0.0;
    case SIM_DIST_EXPONENTIAL:
      return dist->a * dist->a;
    case SIM_DIST_GAMMA:
      return dist->a * dist->b * dist->b;
    case SIM_DIST_LOGNORMAL:
    case SIM_DIST_NORMAL:
      return dist->b * dist->b;
    case SIM_DIST_UNIFORM:
      return w * w / 12.0;
    case SIM_DIST_POISSON:
      return dist->a;
    case SIM_DIST_BINOMIAL:
      return dist->a * dist->b * (1.0 - dist->b);
    case SIM_DIST_BERNOULLI:
      return dist->a * (1.0 - dist->a);
    case SIM_DIST_EMPIRICAL:
      m = sim_dist_mean (dist);
      for (guint i = 0; i < dist->n_values; i++)
        v += empirical_p (dist, i) * (dist->values[i] - m)
             * (dist->values[i] - m);
      return v;
    default:
      g_assert_not_reached ();
    }
}

/* ---- Writing ---------------------------------------------------------- */

static void
append_empirical (GString *s, const SimDist *d)
{
  g_string_append (s, "values=");
  for (guint i = 0; i < d->n_values; i++)
    {
      if (i)
        g_string_append_c (s, ';');
      append_num (s, d->values[i]);
    }
  g_string_append (s, ",weights=");
  for (guint i = 0; i < d->n_values; i++)
    {
      if (i)
        g_string_append_c (s, ';');
      append_num (s, d->weights
                         ? d->weights[i]
                         : d->cumweight[i] - (i ? d->cumweight[i - 1] : 0.0));
    }
}

char *
sim_dist_to_string (const SimDist *dist)
{
  const KindInfo *k;
  GString *s;

  g_assert ((guint)dist->kind < N_KINDS);
  k = &kinds[dist->kind];
  s = g_string_new (k->name);
  g_string_append_c (s, '(');
  if (dist->kind == SIM_DIST_EMPIRICAL)
    append_empirical (s, dist);
  else
    for (guint i = 0; i < k->n_params; i++)
      {
        g_string_append_printf (s, "%s%s=", i ? "," : "", k->params[i]);
        append_num (s, i ? dist->b : dist->a);
      }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}
