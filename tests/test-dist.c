/* test-dist.c: distributions: moments of samples, support, parse and
 * to_string round trips, error messages, validation.
 *
 * Moment checks draw N = 200,000 values and allow 5 standard errors: for
 * the mean sqrt(var / N), for the sample variance sqrt((mu4 - var^2) / N)
 * with mu4 the fourth central moment, computed here from textbook formulas
 * (not from sim-dist.c).  A correct sampler fails one with probability
 * about 1e-6.  Seeds are fixed and printed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/sim-dist.h"
#include "sim/sim-error.h"
#include "tests/cu-main.h"

#define SEED G_GUINT64_CONSTANT (777)
#define N 200000

static SimDist
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  SimDist d;

  if (!sim_dist_parse (text, &d, &error))
    fprintf (stderr, "parse '%s': %s\n", text, error->message);
  CU_ASSERT_FATAL (error == NULL);
  return d;
}

static gboolean
same_double (double x, double y)
{
  return memcmp (&x, &y, sizeof x) == 0;
}

static gboolean
dist_equal (const SimDist *x, const SimDist *y)
{
  if (x->kind != y->kind || !same_double (x->a, y->a)
      || !same_double (x->b, y->b) || x->n_values != y->n_values
      || !x->weights != !y->weights)
    return FALSE;
  for (guint i = 0; i < x->n_values; i++)
    if (!same_double (x->values[i], y->values[i])
        || !same_double (x->cumweight[i], y->cumweight[i])
        || (x->weights && !same_double (x->weights[i], y->weights[i])))
      return FALSE;
  return TRUE;
}

static gboolean
is_init (const SimDist *d)
{
  SimDist init = SIM_DIST_INIT;

  return d->kind == init.kind && d->a == 0.0 && d->b == 0.0 && d->n_values == 0
         && !d->values && !d->cumweight && !d->weights;
}

/* ---- Analytic moments ------------------------------------------------- */

typedef struct
{
  const char *text;
  double mean, var;
} Moments;

/* Hand-computed means and variances of the header's examples. */
static void
test_analytic (void)
{
  static const Moments cases[] = {
    { "deterministic(value=30)", 30, 0 },
    { "exponential(mean=30)", 30, 900 },
    { "gamma(shape=2,scale=15)", 30, 450 },
    { "lognormal(mean=30,sd=10)", 30, 100 },
    { "normal(mean=0,sd=1)", 0, 1 },
    { "uniform(min=10,max=20)", 15, 100.0 / 12 },
    { "poisson(mean=4)", 4, 4 },
    { "binomial(n=10,p=0.3)", 3, 2.1 },
    { "bernoulli(p=0.2)", 0.2, 0.16 },
    /* 0.5*1 + 0.3*2 + 0.2*5 = 2.1; 0.5 + 1.2 + 5 - 2.1^2 = 2.29 */
    { "empirical(values=1;2;5,weights=0.5;0.3;0.2)", 2.1, 2.29 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimDist d = parse_ok (cases[i].text);

      CU_ASSERT_CLOSE (sim_dist_mean (&d), cases[i].mean, 1e-12);
      CU_ASSERT_CLOSE (sim_dist_variance (&d), cases[i].var, 1e-12);
      sim_dist_clear (&d);
    }
}

/* Fourth central moment, from the parameters (textbook formulas). */
static double
mu4 (const SimDist *d, const double *p)
{
  double a = d->a, b = d->b, s2, pq, m = 0, r = 0;

  switch (d->kind)
    {
    case SIM_DIST_EXPONENTIAL:
      return 9 * pow (a, 4);
    case SIM_DIST_GAMMA:
      return 3 * a * (a + 2) * pow (b, 4);
    case SIM_DIST_LOGNORMAL:
      s2 = log1p (b * b / (a * a));
      return pow (b, 4)
             * (exp (4 * s2) + 2 * exp (3 * s2) + 3 * exp (2 * s2) - 3);
    case SIM_DIST_NORMAL:
      return 3 * pow (b, 4);
    case SIM_DIST_UNIFORM:
      return pow (b - a, 4) / 80;
    case SIM_DIST_POISSON:
      return a * (1 + 3 * a);
    case SIM_DIST_BINOMIAL:
      pq = b * (1 - b);
      return a * pq * (1 + 3 * (a - 2) * pq);
    case SIM_DIST_BERNOULLI:
      pq = a * (1 - a);
      return pq * (1 - 3 * pq);
    case SIM_DIST_EMPIRICAL:
      for (guint i = 0; i < d->n_values; i++)
        m += p[i] * d->values[i];
      for (guint i = 0; i < d->n_values; i++)
        r += p[i] * pow (d->values[i] - m, 4);
      return r;
    case SIM_DIST_DETERMINISTIC:
    default:
      return 0;
    }
}

/* ---- Sampling --------------------------------------------------------- */

typedef struct
{
  const char *text;
  double p[4]; /* empirical only: the probabilities, by hand */
} SampleCase;

static const SampleCase sample_cases[] = {
  { "exponential(mean=30)", { 0 } },
  { "gamma(shape=2,scale=15)", { 0 } },
  { "gamma(shape=0.5,scale=2)", { 0 } }, /* GSL's shape < 1 branch */
  { "lognormal(mean=30,sd=10)", { 0 } },
  { "lognormal(mean=2,sd=1.5)", { 0 } },
  { "normal(mean=-3,sd=2)", { 0 } },
  { "uniform(min=-10,max=20)", { 0 } },
  { "poisson(mean=4)", { 0 } },
  { "poisson(mean=1000)", { 0 } }, /* GSL's large-mean branch */
  { "binomial(n=10,p=0.3)", { 0 } },
  { "binomial(n=1000,p=0.4)", { 0 } }, /* GSL's BTPE branch */
  { "bernoulli(p=0.2)", { 0 } },
  { "empirical(values=1;2;5,weights=0.5;0.3;0.2)", { 0.5, 0.3, 0.2 } },
  { "empirical(values=-4;0;7.5;100,weights=2;0;1;1)",
    { 0.5, 0.0, 0.25, 0.25 } },
};

/* Is x a value the distribution can give? */
static gboolean
in_support (const SimDist *d, double x)
{
  switch (d->kind)
    {
    case SIM_DIST_EXPONENTIAL:
    case SIM_DIST_GAMMA:
    case SIM_DIST_LOGNORMAL:
      return x >= 0 && isfinite (x);
    case SIM_DIST_NORMAL:
      return isfinite (x);
    case SIM_DIST_UNIFORM:
      return x >= d->a && x <= d->b;
    case SIM_DIST_POISSON:
      return x >= 0 && x == floor (x);
    case SIM_DIST_BINOMIAL:
      return x >= 0 && x <= d->a && x == floor (x);
    case SIM_DIST_BERNOULLI:
      return x == 0 || x == 1;
    case SIM_DIST_EMPIRICAL:
      for (guint i = 0; i < d->n_values; i++)
        if (x == d->values[i])
          return TRUE;
      return FALSE;
    case SIM_DIST_DETERMINISTIC:
    default:
      return x == d->a;
    }
}

static void
check_empirical_frequencies (const SimDist *d, const double *p,
                             const guint64 *counts)
{
  for (guint i = 0; i < d->n_values; i++)
    {
      double f = (double)counts[i] / N;

      if (p[i] == 0)
        {
          CU_ASSERT_EQUAL (counts[i], 0);
        }
      else
        CU_ASSERT_CLOSE (f, p[i], 5 * sqrt (p[i] * (1 - p[i]) / N));
    }
}

static void
check_sample_case (const SampleCase *c, guint32 entity)
{
  SimDist d = parse_ok (c->text);
  double mean = sim_dist_mean (&d), var = sim_dist_variance (&d);
  double sum = 0, sum2 = 0, m, v;
  guint64 counts[4] = { 0 };
  gboolean support = TRUE;
  SimRng rng;

  sim_rng_init (&rng, SEED, 0, 0, entity);
  for (guint i = 0; i < N; i++)
    {
      double x = sim_dist_sample (&d, &rng);

      support = support && in_support (&d, x);
      sum += x - mean; /* centred, for accuracy */
      sum2 += (x - mean) * (x - mean);
      for (guint j = 0; j < d.n_values; j++)
        counts[j] += x == d.values[j];
    }
  m = mean + sum / N;
  v = (sum2 - sum * sum / N) / (N - 1);
  printf ("\n    %-46s mean %10.4f (%10.4f) var %12.4f (%12.4f)", c->text, m,
          mean, v, var);
  CU_ASSERT (support);
  CU_ASSERT_CLOSE (m, mean, 5 * sqrt (var / N));
  CU_ASSERT_CLOSE (v, var, 5 * sqrt ((mu4 (&d, c->p) - var * var) / N));
  if (d.kind == SIM_DIST_EMPIRICAL)
    check_empirical_frequencies (&d, c->p, counts);
  sim_dist_clear (&d);
}

static void
test_sample_moments (void)
{
  printf ("\n    seed %" G_GUINT64_FORMAT, SEED);
  for (guint i = 0; i < G_N_ELEMENTS (sample_cases); i++)
    check_sample_case (&sample_cases[i], i);
  printf ("\n    ");
}

/* Deterministic: always the value, and it draws nothing. */
static void
test_sample_deterministic (void)
{
  SimDist d = sim_dist_deterministic (7.25);
  SimRng rng, fresh;

  sim_rng_init (&rng, SEED, 0, 1, 0);
  sim_rng_init (&fresh, SEED, 0, 1, 0);
  for (guint i = 0; i < 100; i++)
    CU_ASSERT_EQUAL (sim_dist_sample (&d, &rng), 7.25);
  CU_ASSERT_EQUAL (sim_rng_u32 (&rng), sim_rng_u32 (&fresh));
}

/* The same stream gives the same samples, for every kind. */
static void
test_sample_reproducible (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sample_cases); i++)
    {
      SimDist d = parse_ok (sample_cases[i].text);
      SimRng a, b;
      gboolean same = TRUE;

      sim_rng_init (&a, SEED, 2, 3, i);
      sim_rng_init (&b, SEED, 2, 3, i);
      for (guint j = 0; j < 1000; j++)
        same = same && sim_dist_sample (&d, &a) == sim_dist_sample (&d, &b);
      CU_ASSERT (same);
      sim_dist_clear (&d);
    }
}

/* ---- Parse and to_string ---------------------------------------------- */

/* parse(to_string(d)) == d bit for bit, and to_string is then stable. */
static void
check_round_trip (const SimDist *d)
{
  g_autofree char *s1 = sim_dist_to_string (d);
  g_autofree char *s2 = NULL;
  g_autoptr (GError) error = NULL;
  SimDist back;

  if (!sim_dist_parse (s1, &back, &error))
    {
      fprintf (stderr, "round trip of '%s': %s\n", s1, error->message);
      CU_FAIL ("round trip parse failed");
      return;
    }
  s2 = sim_dist_to_string (&back);
  if (!dist_equal (d, &back))
    fprintf (stderr, "round trip changed '%s' into '%s'\n", s1, s2);
  CU_ASSERT (dist_equal (d, &back));
  CU_ASSERT_STRING_EQUAL (s1, s2);
  sim_dist_clear (&back);
}

typedef struct
{
  const char *text;
  SimDistKind kind;
  double a, b;
  const char *canonical; /* sim_dist_to_string's output */
} ParseCase;

static void
test_parse_examples (void)
{
  static const ParseCase cases[] = {
    { "deterministic(value=30)", SIM_DIST_DETERMINISTIC, 30, 0,
      "deterministic(value=30)" },
    { "exponential(mean=30)", SIM_DIST_EXPONENTIAL, 30, 0,
      "exponential(mean=30)" },
    { "gamma(shape=2,scale=15)", SIM_DIST_GAMMA, 2, 15,
      "gamma(shape=2,scale=15)" },
    { "lognormal(mean=30,sd=10)", SIM_DIST_LOGNORMAL, 30, 10,
      "lognormal(mean=30,sd=10)" },
    { "normal(mean=0,sd=1)", SIM_DIST_NORMAL, 0, 1, "normal(mean=0,sd=1)" },
    { "uniform(min=10,max=20)", SIM_DIST_UNIFORM, 10, 20,
      "uniform(min=10,max=20)" },
    { "poisson(mean=4)", SIM_DIST_POISSON, 4, 0, "poisson(mean=4)" },
    { "binomial(n=10,p=0.3)", SIM_DIST_BINOMIAL, 10, 0.3,
      "binomial(n=10,p=0.29999999999999999)" },
    { "bernoulli(p=0.25)", SIM_DIST_BERNOULLI, 0.25, 0, "bernoulli(p=0.25)" },
    /* Spaces, order, exponents, signs. */
    { "  gamma ( scale = 1.5e1 , shape = 2 )  ", SIM_DIST_GAMMA, 2, 15,
      "gamma(shape=2,scale=15)" },
    { "normal(sd=+0.5,mean=-1e-3)", SIM_DIST_NORMAL, -1e-3, 0.5,
      "normal(mean=-0.001,sd=0.5)" },
    { "uniform(min=3,max=3)", SIM_DIST_UNIFORM, 3, 3, "uniform(min=3,max=3)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SimDist d = parse_ok (cases[i].text);
      g_autofree char *s = sim_dist_to_string (&d);

      CU_ASSERT_EQUAL (d.kind, cases[i].kind);
      CU_ASSERT_EQUAL (d.a, cases[i].a);
      CU_ASSERT_EQUAL (d.b, cases[i].b);
      CU_ASSERT_STRING_EQUAL (s, cases[i].canonical);
    }
}

static void
test_parse_empirical (void)
{
  SimDist d = parse_ok ("empirical(values=1;2;5,weights=1;1;2)");
  SimDist e = parse_ok ("empirical( values = 1 ; 2 ; 5 , weights = 0.5 ; "
                        "0.3 ; 0.2 )");
  g_autofree char *s = sim_dist_to_string (&d);

  CU_ASSERT_EQUAL (d.kind, SIM_DIST_EMPIRICAL);
  CU_ASSERT_EQUAL_FATAL (d.n_values, 3);
  CU_ASSERT_EQUAL (d.values[2], 5.0);
  CU_ASSERT_EQUAL (d.cumweight[0], 0.25);
  CU_ASSERT_EQUAL (d.cumweight[1], 0.5);
  CU_ASSERT_EQUAL (d.cumweight[2], 1.0);
  CU_ASSERT_STRING_EQUAL (s, "empirical(values=1;2;5,weights=1;1;2)");
  CU_ASSERT_EQUAL_FATAL (e.n_values, 3);
  CU_ASSERT_CLOSE (e.cumweight[0], 0.5, 1e-15);
  CU_ASSERT_CLOSE (e.cumweight[1], 0.8, 1e-15);
  CU_ASSERT_EQUAL (e.cumweight[2], 1.0);
  CU_ASSERT_EQUAL (e.weights[1], 0.3); /* kept as written */
  sim_dist_clear (&d);
  sim_dist_clear (&e);

  /* Weights whose sum overflows are rescaled, not turned into NaN. */
  d = parse_ok ("empirical(values=1;2;3,weights=1e308;1e308;1e308)");
  CU_ASSERT_CLOSE (d.cumweight[0], 1.0 / 3, 1e-15);
  CU_ASSERT_CLOSE (d.cumweight[1], 2.0 / 3, 1e-15);
  CU_ASSERT_EQUAL (d.cumweight[2], 1.0);
  check_round_trip (&d);
  sim_dist_clear (&d);
}

/* Built by hand (no stored weights): to_string writes the differences of
 * the cumulative weights. */
static void
test_to_string_without_weights (void)
{
  double values[] = { 1, 2, 5 }, cum[] = { 0.125, 0.5, 1 };
  SimDist d = SIM_DIST_INIT, back;
  g_autofree char *s = NULL;

  d.kind = SIM_DIST_EMPIRICAL;
  d.n_values = 3;
  d.values = values;
  d.cumweight = cum;
  s = sim_dist_to_string (&d);
  CU_ASSERT_STRING_EQUAL (s, "empirical(values=1;2;5,weights=0.125;0.375;0.5)");
  back = parse_ok (s);
  CU_ASSERT_EQUAL_FATAL (back.n_values, 3);
  for (guint i = 0; i < 3; i++)
    CU_ASSERT_EQUAL (back.cumweight[i], cum[i]);
  sim_dist_clear (&back);
}

/* A double of random sign, mantissa and exponent in [2^-60, 2^60). */
static double
random_double (SimRng *rng, gboolean positive)
{
  double x = ldexp (sim_rng_uniform (rng), (int)sim_rng_below (rng, 120) - 60);

  return positive || sim_rng_below (rng, 2) ? x : -x;
}

static void
test_round_trip_random (void)
{
  SimRng rng;

  printf ("seed %" G_GUINT64_FORMAT " ", SEED);
  sim_rng_init (&rng, SEED, 0, 9, 0);
  for (guint i = 0; i < 2000; i++)
    {
      double x = random_double (&rng, TRUE), y = random_double (&rng, TRUE);
      double s = random_double (&rng, FALSE);
      SimDist ds[] = {
        sim_dist_deterministic (s),
        sim_dist_exponential (x),
        sim_dist_gamma (x, y),
        sim_dist_lognormal (x, y),
        sim_dist_normal (s, y),
        sim_dist_uniform (s, s + x),
        sim_dist_poisson (x),
        sim_dist_binomial (sim_rng_u32 (&rng), sim_rng_uniform (&rng)),
        sim_dist_bernoulli (sim_rng_uniform (&rng)),
      };

      for (guint k = 0; k < G_N_ELEMENTS (ds); k++)
        check_round_trip (&ds[k]);
    }
}

/* Empirical weights of very different sizes: the written weights must
 * rebuild the cumulative weights exactly. */
static void
test_round_trip_empirical (void)
{
  SimRng rng;

  printf ("seed %" G_GUINT64_FORMAT " ", SEED);
  sim_rng_init (&rng, SEED, 0, 10, 0);
  for (guint i = 0; i < 3000; i++)
    {
      guint n = 1 + sim_rng_below (&rng, 12);
      g_autoptr (GString) text = g_string_new ("empirical(values=");
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      SimDist d;

      for (guint j = 0; j < n; j++)
        g_string_append_printf (text, "%s%s", j ? ";" : "",
                                g_ascii_formatd (buf, sizeof buf, "%.17g",
                                                 random_double (&rng, FALSE)));
      g_string_append (text, ",weights=");
      for (guint j = 0; j < n; j++)
        {
          /* one weight in five is 0 (the first is never) */
          double w = j && sim_rng_below (&rng, 5) == 0
                         ? 0.0
                         : exp (40 * sim_rng_uniform (&rng) - 20);

          g_string_append_printf (
              text, "%s%s", j ? ";" : "",
              g_ascii_formatd (buf, sizeof buf, "%.17g", w));
        }
      g_string_append_c (text, ')');
      d = parse_ok (text->str);
      check_round_trip (&d);
      sim_dist_clear (&d);
    }
}

/* ---- Errors ----------------------------------------------------------- */

typedef struct
{
  const char *text;
  const char *message;
} ErrorCase;

static const ErrorCase parse_errors[] = {
  { "", "empty distribution (expected e.g. exponential(mean=30))" },
  { "   ", "empty distribution (expected e.g. exponential(mean=30))" },
  { "expo(mean=3)",
    "unknown distribution 'expo' (expected one of deterministic, "
    "exponential, gamma, lognormal, normal, uniform, poisson, binomial, "
    "bernoulli, empirical)" },
  { "Exponential(mean=3)",
    "unknown distribution 'Exponential' (expected one of deterministic, "
    "exponential, gamma, lognormal, normal, uniform, poisson, binomial, "
    "bernoulli, empirical)" },
  { "exponential",
    "exponential: missing '(' (expected exponential(mean=...))" },
  { "gamma(shape=2,scale=3",
    "gamma: missing ')' (expected gamma(shape=...,scale=...))" },
  { "exponential(mean=3)x",
    "exponential: unexpected text 'x' after ')' (expected "
    "exponential(mean=...))" },
  { "exponential(mean=-3)", "exponential: mean must be > 0 (got -3)" },
  { "exponential(mean=0)", "exponential: mean must be > 0 (got 0)" },
  { "exponential()", "exponential: missing parameter 'mean' (expected mean)" },
  { "exponential(rate=3)",
    "exponential: unknown parameter 'rate' (expected mean)" },
  { "exponential(mean=3,mean=4)", "exponential: parameter 'mean' given twice" },
  { "exponential(mean=)",
    "exponential: parameter 'mean' has no value (expected mean=<number>)" },
  { "exponential(mean)",
    "exponential: parameter 'mean' has no value (expected mean=<number>)" },
  { "exponential(mean=abc)", "exponential: mean is not a number (got 'abc')" },
  { "exponential(mean=3days)",
    "exponential: mean is not a number (got '3days')" },
  { "exponential(mean=inf)", "exponential: mean must be finite (got inf)" },
  { "exponential(mean=1e999)", "exponential: mean must be finite (got inf)" },
  { "exponential(mean=nan)", "exponential: mean must be finite (got nan)" },
  { "gamma(shape=2)",
    "gamma: missing parameter 'scale' (expected shape, scale)" },
  { "gamma(shape=2,,scale=1)",
    "gamma: empty parameter (expected shape, scale)" },
  { "gamma(shape=0,scale=1)", "gamma: shape must be > 0 (got 0)" },
  { "gamma(shape=2,scale=-1)", "gamma: scale must be > 0 (got -1)" },
  { "lognormal(mean=0,sd=1)", "lognormal: mean must be > 0 (got 0)" },
  { "lognormal(mean=3,sd=-1)", "lognormal: sd must be >= 0 (got -1)" },
  { "normal(mean=0,sd=-0.5)", "normal: sd must be >= 0 (got -0.5)" },
  { "normal(mean=0,sd=1,shape=2)",
    "normal: unknown parameter 'shape' (expected mean, sd)" },
  { "uniform(min=20,max=10)",
    "uniform: min must be <= max (got min=20, max=10)" },
  { "poisson(mean=-1)", "poisson: mean must be >= 0 (got -1)" },
  { "binomial(n=10.5,p=0.3)",
    "binomial: n must be a whole number in [0, 4294967295] (got 10.5)" },
  { "binomial(n=-1,p=0.3)",
    "binomial: n must be a whole number in [0, 4294967295] (got -1)" },
  { "binomial(n=10,p=1.5)", "binomial: p must be in [0, 1] (got 1.5)" },
  { "bernoulli(p=-0.1)", "bernoulli: p must be in [0, 1] (got -0.1)" },
  { "empirical(values=1;2)",
    "empirical: missing parameter 'weights' (expected values, weights)" },
  { "empirical(values=1;2,weights=1)",
    "empirical: 2 values but 1 weights (expected one weight per value)" },
  { "empirical(values=1;x,weights=1;1)",
    "empirical: values: 'x' is not a number (expected numbers separated by "
    "';')" },
  { "empirical(values=1;;2,weights=1;1;1)",
    "empirical: values: '' is not a number (expected numbers separated by "
    "';')" },
  { "empirical(values=1,weights=)",
    "empirical: parameter 'weights' has no value (expected "
    "weights=<numbers separated by ';'>)" },
  { "empirical(values=1;2,weights=1;-1)",
    "empirical: weights must be >= 0 (got -1)" },
  { "empirical(values=1;2,weights=1;inf)",
    "empirical: weights must be finite (got inf)" },
  { "empirical(values=1;2,weights=0;0)",
    "empirical: weights are all zero (expected at least one > 0)" },
  { "empirical(values=1;nan,weights=1;1)",
    "empirical: values must be finite (got nan)" },
};

static void
test_parse_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_errors); i++)
    {
      g_autoptr (GError) error = NULL;
      SimDist d = sim_dist_normal (99, 1); /* overwritten: cleared on error */

      CU_ASSERT_FALSE (sim_dist_parse (parse_errors[i].text, &d, &error));
      CU_ASSERT_FATAL (error != NULL);
      CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_DATA));
      if (strcmp (error->message, parse_errors[i].message) != 0)
        fprintf (stderr, "\n'%s':\n  got      %s\n  expected %s\n",
                 parse_errors[i].text, error->message, parse_errors[i].message);
      CU_ASSERT_STRING_EQUAL (error->message, parse_errors[i].message);
      CU_ASSERT (is_init (&d));
    }
}

/* ---- Validation ------------------------------------------------------- */

static void
expect_invalid (const SimDist *d, gboolean non_negative, const char *message)
{
  g_autoptr (GError) error = NULL;

  CU_ASSERT_FALSE (sim_dist_validate (d, non_negative, &error));
  CU_ASSERT_FATAL (error != NULL);
  CU_ASSERT (g_error_matches (error, SIM_ERROR, SIM_ERROR_DATA));
  if (strcmp (error->message, message) != 0)
    fprintf (stderr, "\n  got      %s\n  expected %s\n", error->message,
             message);
  CU_ASSERT_STRING_EQUAL (error->message, message);
}

static void
expect_valid (const SimDist *d, gboolean non_negative)
{
  g_autoptr (GError) error = NULL;

  CU_ASSERT_TRUE (sim_dist_validate (d, non_negative, &error));
  CU_ASSERT (error == NULL);
}

static void
test_validate_parameters (void)
{
  SimDist d;

  d = sim_dist_exponential (-3);
  expect_invalid (&d, FALSE, "exponential: mean must be > 0 (got -3)");
  d = sim_dist_exponential (NAN);
  expect_invalid (&d, FALSE, "exponential: mean must be finite (got nan)");
  d = sim_dist_gamma (2, INFINITY);
  expect_invalid (&d, FALSE, "gamma: scale must be finite (got inf)");
  d = sim_dist_gamma (-0.5, 1);
  expect_invalid (&d, FALSE, "gamma: shape must be > 0 (got -0.5)");
  d = sim_dist_lognormal (-1, 1);
  expect_invalid (&d, FALSE, "lognormal: mean must be > 0 (got -1)");
  d = sim_dist_normal (0, -1);
  expect_invalid (&d, FALSE, "normal: sd must be >= 0 (got -1)");
  d = sim_dist_normal (-INFINITY, 1);
  expect_invalid (&d, FALSE, "normal: mean must be finite (got -inf)");
  d = sim_dist_uniform (1, 0);
  expect_invalid (&d, FALSE, "uniform: min must be <= max (got min=1, max=0)");
  d = sim_dist_poisson (-0.5);
  expect_invalid (&d, FALSE, "poisson: mean must be >= 0 (got -0.5)");
  d = sim_dist_binomial (5, -0.1);
  expect_invalid (&d, FALSE, "binomial: p must be in [0, 1] (got -0.1)");
  d = sim_dist_bernoulli (1.1);
  expect_invalid (&d, FALSE, "bernoulli: p must be in [0, 1] (got 1.1)");
  d = sim_dist_deterministic (NAN);
  expect_invalid (&d, FALSE, "deterministic: value must be finite (got nan)");

  /* Boundaries that are allowed. */
  d = sim_dist_normal (0, 0);
  expect_valid (&d, FALSE);
  d = sim_dist_lognormal (5, 0);
  expect_valid (&d, TRUE);
  d = sim_dist_poisson (0);
  expect_valid (&d, TRUE);
  d = sim_dist_binomial (0, 1);
  expect_valid (&d, TRUE);
  d = sim_dist_bernoulli (0);
  expect_valid (&d, TRUE);
  d = sim_dist_uniform (-2, -2);
  expect_valid (&d, FALSE);
}

static void
test_validate_empirical (void)
{
  double values[] = { 1, 2, 3 };
  double falling[] = { 0.5, 0.25, 1 }; /* a negative weight */
  double zeros[] = { 0, 0, 0 };        /* all-zero weights */
  double ok[] = { 0.5, 0.5, 1 };       /* a zero weight is fine */
  SimDist d = SIM_DIST_INIT;

  d.kind = SIM_DIST_EMPIRICAL;
  expect_invalid (&d, FALSE, "empirical: no values (expected at least one)");
  d.n_values = 3;
  d.values = values;
  d.cumweight = falling;
  expect_invalid (&d, FALSE,
                  "empirical: cumulative weights must rise from >= 0 to "
                  "exactly 1 (got 0.25 at value 2)");
  d.cumweight = zeros;
  expect_invalid (&d, FALSE,
                  "empirical: cumulative weights must rise from >= 0 to "
                  "exactly 1 (got 0 at value 3)");
  d.cumweight = ok;
  expect_valid (&d, TRUE);
  values[1] = -2;
  expect_valid (&d, FALSE);
  expect_invalid (&d, TRUE, "empirical: values must be >= 0 here (got -2)");
}

/* Durations (non_negative): refuse what can be negative. */
static void
test_validate_non_negative (void)
{
  SimDist d;

  d = sim_dist_normal (100, 1);
  expect_valid (&d, FALSE);
  expect_invalid (&d, TRUE,
                  "normal: can give negative values, which are not allowed "
                  "here (expected a non-negative distribution such as "
                  "lognormal or gamma)");
  d = sim_dist_uniform (-1, 2);
  expect_invalid (&d, TRUE, "uniform: min must be >= 0 here (got -1)");
  d = sim_dist_deterministic (-1);
  expect_invalid (&d, TRUE, "deterministic: value must be >= 0 here (got -1)");
  d = sim_dist_uniform (0, 5);
  expect_valid (&d, TRUE);
  d = sim_dist_deterministic (0);
  expect_valid (&d, TRUE);
  d = sim_dist_exponential (1);
  expect_valid (&d, TRUE);
  d = sim_dist_gamma (2, 3);
  expect_valid (&d, TRUE);
  d = sim_dist_binomial (4, 0.5);
  expect_valid (&d, TRUE);
}

/* ---- Copy, clear, names ----------------------------------------------- */

static void
test_copy_clear (void)
{
  SimDist src = parse_ok ("empirical(values=1;2;5,weights=0.5;0.3;0.2)");
  SimDist dst;
  SimRng rng;

  sim_dist_copy (&dst, &src);
  CU_ASSERT (dist_equal (&src, &dst));
  CU_ASSERT_PTR_NOT_EQUAL (src.values, dst.values);
  CU_ASSERT_PTR_NOT_EQUAL (src.cumweight, dst.cumweight);
  CU_ASSERT_PTR_NOT_EQUAL (src.weights, dst.weights);
  sim_dist_clear (&src);
  CU_ASSERT_EQUAL (src.kind, SIM_DIST_EMPIRICAL);
  CU_ASSERT (src.values == NULL && src.cumweight == NULL
             && src.weights == NULL);
  CU_ASSERT_EQUAL (src.n_values, 0);
  sim_dist_clear (&src); /* twice is fine */
  sim_rng_init (&rng, SEED, 0, 0, 0);
  CU_ASSERT (in_support (&dst, sim_dist_sample (&dst, &rng)));
  sim_dist_clear (&dst);

  src = sim_dist_gamma (2, 3);
  sim_dist_copy (&dst, &src);
  CU_ASSERT (dist_equal (&src, &dst));
  CU_ASSERT (dst.values == NULL);
}

static void
test_kind_names (void)
{
  static const char *const names[] = {
    "deterministic", "exponential", "gamma",    "lognormal", "normal",
    "uniform",       "poisson",     "binomial", "bernoulli", "empirical",
  };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    CU_ASSERT_STRING_EQUAL (sim_dist_kind_name ((SimDistKind)k), names[k]);
  CU_ASSERT_EQUAL (SIM_DIST_EMPIRICAL + 1, G_N_ELEMENTS (names));
}

/* sim_dist_check_size: parameters and values within the bound (binomial's
 * p and empirical weights are not sizes), lognormal's sd/mean at most
 * 1e150. */
static void
test_check_size (void)
{
  const char *ok[] = { "exponential(mean=1e15)",
                       "normal(mean=-1e15, sd=1)",
                       "binomial(n=10, p=0.5)",
                       "lognormal(mean=1, sd=1e15)",
                       "empirical(values=1;1e15, weights=1e300;1e300)",
                       "uniform(min=-1e15, max=1e15)",
                       NULL };
  const char *bad[] = { "exponential(mean=1e308)",
                        "gamma(shape=2, scale=1e16)",
                        "normal(mean=0, sd=2e15)",
                        "uniform(min=-1e16, max=0)",
                        "empirical(values=1;1e16, weights=1;1)",
                        "lognormal(mean=1e-200, sd=1e-40)",
                        "deterministic(value=-1e16)",
                        NULL };

  for (guint i = 0; ok[i]; i++)
    {
      SimDist d = SIM_DIST_INIT;
      g_autoptr (GError) error = NULL;

      CU_ASSERT_TRUE_FATAL (sim_dist_parse (ok[i], &d, NULL));
      if (!sim_dist_check_size (&d, 1e15, &error))
        printf ("refused '%s': %s\n", ok[i], error->message);
      CU_ASSERT_PTR_NULL (error);
      sim_dist_clear (&d);
    }
  for (guint i = 0; bad[i]; i++)
    {
      SimDist d = SIM_DIST_INIT;
      g_autoptr (GError) error = NULL;

      CU_ASSERT_TRUE_FATAL (sim_dist_parse (bad[i], &d, NULL));
      CU_ASSERT_FALSE (sim_dist_check_size (&d, 1e15, &error));
      CU_ASSERT (error && error->code == SIM_ERROR_DATA);
      sim_dist_clear (&d);
    }
}

int
main (void)
{
  static const CuTest sample_tests[] = {
    { "/dist/sample/analytic-moments", test_analytic },
    { "/dist/sample/moments", test_sample_moments },
    { "/dist/sample/deterministic", test_sample_deterministic },
    { "/dist/sample/reproducible", test_sample_reproducible },
    { NULL, NULL },
  };
  static const CuTest text_tests[] = {
    { "/dist/text/examples", test_parse_examples },
    { "/dist/text/empirical", test_parse_empirical },
    { "/dist/text/without-weights", test_to_string_without_weights },
    { "/dist/text/round-trip", test_round_trip_random },
    { "/dist/text/round-trip-empirical", test_round_trip_empirical },
    { "/dist/text/errors", test_parse_errors },
    { NULL, NULL },
  };
  static const CuTest validate_tests[] = {
    { "/dist/validate/parameters", test_validate_parameters },
    { "/dist/validate/empirical", test_validate_empirical },
    { "/dist/validate/non-negative", test_validate_non_negative },
    { "/dist/validate/size", test_check_size },
    { NULL, NULL },
  };
  static const CuTest misc_tests[] = {
    { "/dist/misc/copy-clear", test_copy_clear },
    { "/dist/misc/kind-names", test_kind_names },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/dist/sample", sample_tests },
    { "/dist/text", text_tests },
    { "/dist/validate", validate_tests },
    { "/dist/misc", misc_tests },
    { NULL, NULL },
  };

  return cu_main ("test-dist", suites);
}
