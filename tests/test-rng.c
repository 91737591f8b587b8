/* test-rng.c: the random streams: known answers, reproducibility,
 * independence, uniformity, seek, bounded integers, wrap and GSL adapter.
 *
 * Statistical checks use fixed seeds (printed) and tolerances of 5
 * standard errors, or chi-square p-values inside [1e-6, 1 - 1e-6]: a good
 * generator fails one of them with probability about 1e-6, so a failure
 * means a defect, not bad luck.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <Random123/philox.h>

#include "sim/sim-rng.h"
#include "tests/cu-main.h"

#define SEED G_GUINT64_CONSTANT (20240611)

static void
print_seed (guint64 seed)
{
  printf ("\n    seed %" G_GUINT64_FORMAT " ", seed);
}

/* ---- Helpers ---------------------------------------------------------- */

/* Chi-square statistic of `counts` against equal expected counts; asserts
 * its p-value lies in [1e-6, 1 - 1e-6] (k - 1 degrees of freedom). */
static void
assert_chi2_uniform (const guint64 *counts, guint k, guint64 n)
{
  double expected = (double)n / k, chi2 = 0.0;
  double lo = gsl_cdf_chisq_Pinv (1e-6, k - 1.0);
  double hi = gsl_cdf_chisq_Qinv (1e-6, k - 1.0);

  for (guint i = 0; i < k; i++)
    chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
  printf ("chi2 %.1f (df %u, accept [%.1f, %.1f]) ", chi2, k - 1, lo, hi);
  CU_ASSERT (chi2 >= lo);
  CU_ASSERT (chi2 <= hi);
}

/* Pearson correlation of the uniforms of two streams, n draws each. */
static double
correlation (SimRng *a, SimRng *b, guint n)
{
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;

  for (guint i = 0; i < n; i++)
    {
      double x = sim_rng_uniform (a) - 0.5, y = sim_rng_uniform (b) - 0.5;

      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
  return (sxy - sx * sy / n) / sqrt ((sxx - sx * sx / n) * (syy - sy * sy / n));
}

static guint
count_equal_u32 (SimRng *a, SimRng *b, guint n)
{
  guint same = 0;

  for (guint i = 0; i < n; i++)
    same += sim_rng_u32 (a) == sim_rng_u32 (b);
  return same;
}

/* ---- Known answers ---------------------------------------------------- */

/* Random123 1.14 examples/kat_vectors, philox4x32 10: counter, key,
 * expected output.  Checked against the library (below) as well. */
static const guint32 kat[][10] = {
  { 0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 },
  { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
    0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd },
  { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
    0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 },
};

static void
test_kat_library (void)
{
  for (guint v = 0; v < G_N_ELEMENTS (kat); v++)
    {
      philox4x32_ctr_t c = { { kat[v][0], kat[v][1], kat[v][2], kat[v][3] } };
      philox4x32_key_t k = { { kat[v][4], kat[v][5] } };
      philox4x32_ctr_t r = philox4x32 (c, k);

      for (guint i = 0; i < 4; i++)
        CU_ASSERT_EQUAL (r.v[i], kat[v][6 + i]);
    }
}

/* The same vectors through SimRng, which checks the documented layout:
 * key = seed (low word first), counter = (block, entity, purpose, rep). */
static void
test_kat_stream (void)
{
  for (guint v = 0; v < G_N_ELEMENTS (kat); v++)
    {
      SimRng rng;
      guint64 seed = ((guint64)kat[v][5] << 32) | kat[v][4];

      sim_rng_init (&rng, seed, kat[v][3], kat[v][2], kat[v][1]);
      sim_rng_seek (&rng, kat[v][0]);
      for (guint i = 0; i < 4; i++)
        CU_ASSERT_EQUAL (sim_rng_u32 (&rng), kat[v][6 + i]);
    }
}

/* ---- Reproducibility and independence --------------------------------- */

static void
test_reproducible (void)
{
  enum
  {
    N = 1000
  };
  guint32 ref[N];
  SimRng a, b, c, d;

  print_seed (SEED);
  sim_rng_init (&a, SEED, 1, 2, 3);
  for (guint i = 0; i < N; i++)
    ref[i] = sim_rng_u32 (&a);

  /* Created after other streams, drawn interleaved with them. */
  sim_rng_init (&b, SEED + 1, 1, 2, 3);
  sim_rng_init (&d, SEED, 1, 2, 4);
  sim_rng_init (&c, SEED, 1, 2, 3);
  for (guint i = 0; i < N; i++)
    {
      for (guint j = 0; j < i % 7; j++)
        {
          (void)sim_rng_u32 (&b);
          (void)sim_rng_uniform (&d);
        }
      CU_ASSERT_EQUAL (sim_rng_u32 (&c), ref[i]);
    }

  /* A copied SimRng continues exactly where the original stands. */
  sim_rng_init (&a, SEED, 1, 2, 3);
  for (guint i = 0; i < 5; i++)
    (void)sim_rng_u32 (&a);
  b = a;
  for (guint i = 5; i < N; i++)
    CU_ASSERT_EQUAL (sim_rng_u32 (&b), ref[i]);
}

static void
test_independent (void)
{
  enum
  {
    N = 1000
  };
  SimRng base, other;
  struct
  {
    guint64 seed;
    guint32 rep, purpose, entity;
  } keys[] = {
    { SEED + 1, 7, 2, 3 },
    { SEED, 8, 2, 3 },
    { SEED, 7, 3, 3 },
    { SEED, 7, 2, 4 },
    { SEED ^ (G_GUINT64_CONSTANT (1) << 63), 7, 2, 3 },
    { SEED, 7, 3, 2 }, /* purpose and entity swapped */
  };

  print_seed (SEED);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      sim_rng_init (&base, SEED, 7, 2, 3);
      sim_rng_init (&other, keys[k].seed, keys[k].rep, keys[k].purpose,
                    keys[k].entity);
      /* Equal u32s at the same position: expected N / 2^32, about 0. */
      CU_ASSERT (count_equal_u32 (&base, &other, N) <= 1);
    }
}

/* Neighbouring keys (the usual case: entity i and i + 1) must not give
 * correlated numbers: |r| <= 5 / sqrt(n), and likewise lag-1 within one
 * stream. */
static void
test_neighbour_correlation (void)
{
  enum
  {
    N = 200000
  };
  double tol = 5.0 / sqrt (N), r;
  SimRng a, b;

  print_seed (SEED);
  for (guint32 e = 0; e < 4; e++)
    {
      sim_rng_init (&a, SEED, 0, 1, e);
      sim_rng_init (&b, SEED, 0, 1, e + 1);
      r = correlation (&a, &b, N);
      CU_ASSERT (fabs (r) <= tol);
      sim_rng_init (&a, SEED, e, 1, 0);
      sim_rng_init (&b, SEED, e + 1, 1, 0);
      CU_ASSERT (fabs (correlation (&a, &b, N)) <= tol);
      sim_rng_init (&a, SEED + e, 0, 1, 0);
      sim_rng_init (&b, SEED + e + 1, 0, 1, 0);
      CU_ASSERT (fabs (correlation (&a, &b, N)) <= tol);
    }
  printf ("r(entity 3, 4) = %.5f, tolerance %.5f ", r, tol);
  /* Lag 1: a stream against itself shifted by one draw. */
  sim_rng_init (&a, SEED, 0, 1, 0);
  sim_rng_init (&b, SEED, 0, 1, 0);
  (void)sim_rng_uniform (&b);
  CU_ASSERT (fabs (correlation (&a, &b, N)) <= tol);
}

/* ---- Uniformity ------------------------------------------------------- */

static void
test_uniform_moments (void)
{
  enum
  {
    N = 1000000
  };
  double sum = 0, sum2 = 0, lo = 1, hi = 0, mean, var;
  guint64 odd = 0;
  SimRng rng;

  print_seed (SEED);
  sim_rng_init (&rng, SEED, 0, 0, 0);
  for (guint i = 0; i < N; i++)
    {
      double u = sim_rng_uniform (&rng);

      sum += u;
      sum2 += (u - 0.5) * (u - 0.5);
      lo = MIN (lo, u);
      hi = MAX (hi, u);
      /* The 53rd bit is random too (a 32-bit construction has it 0). */
      odd += ((guint64)ldexp (u, 53)) & 1;
    }
  mean = sum / N;
  var = sum2 / N - (mean - 0.5) * (mean - 0.5);
  CU_ASSERT (lo > 0.0 && hi < 1.0);
  /* SE of the mean sqrt(1/12/N); of the variance sqrt((1/80-1/144)/N). */
  CU_ASSERT_CLOSE (mean, 0.5, 5 * sqrt (1.0 / 12 / N));
  CU_ASSERT_CLOSE (var, 1.0 / 12, 5 * sqrt ((1.0 / 80 - 1.0 / 144) / N));
  CU_ASSERT_CLOSE ((double)odd / N, 0.5, 5 * sqrt (0.25 / N));
  printf ("mean %.6f var %.6f ", mean, var);
}

/* The uniform is built from the top 53 bits of a u64, and a u64 from two
 * u32s, high word first. */
static void
test_construction (void)
{
  SimRng a, b;

  sim_rng_init (&a, SEED, 3, 2, 1);
  sim_rng_init (&b, SEED, 3, 2, 1);
  for (guint i = 0; i < 1000; i++)
    {
      guint64 hi = sim_rng_u32 (&b), lo = sim_rng_u32 (&b);

      CU_ASSERT_EQUAL (sim_rng_u64 (&a), (hi << 32) | lo);
      if (i == 500) /* from here on, u64s straddle two blocks */
        {
          (void)sim_rng_u32 (&a);
          (void)sim_rng_u32 (&b);
        }
    }
  for (guint i = 0; i < 1000; i++)
    {
      guint64 x = sim_rng_u64 (&b) >> 11;

      CU_ASSERT_EQUAL (sim_rng_uniform (&a), ldexp ((double)x, -53));
    }
}

static void
test_chi_square (void)
{
  enum
  {
    K = 256,
    N = K * 4096
  };
  guint64 top[K] = { 0 }, low[K] = { 0 }, u01[K] = { 0 };
  SimRng rng;

  print_seed (SEED);
  sim_rng_init (&rng, SEED, 0, 0, 9);
  for (guint i = 0; i < N; i++)
    {
      guint32 x = sim_rng_u32 (&rng);

      top[x >> 24]++;
      low[x & 0xff]++;
      u01[(guint)(sim_rng_uniform (&rng) * K)]++;
    }
  assert_chi2_uniform (top, K, N);
  assert_chi2_uniform (low, K, N);
  assert_chi2_uniform (u01, K, N);
}

/* ---- Seek ------------------------------------------------------------- */

static void
test_seek (void)
{
  static const guint32 blocks[] = { 0, 1, 2, 5, 1000, 65537 };
  SimRng walk, jump;

  print_seed (SEED);
  for (guint k = 0; k < G_N_ELEMENTS (blocks); k++)
    {
      sim_rng_init (&walk, SEED, 4, 5, 6);
      sim_rng_init (&jump, SEED, 4, 5, 6);
      for (guint64 i = 0; i < 4 * (guint64)blocks[k]; i++)
        (void)sim_rng_u32 (&walk);
      (void)sim_rng_u32 (&jump); /* partly used block: seek discards it */
      sim_rng_seek (&jump, blocks[k]);
      for (guint i = 0; i < 12; i++)
        CU_ASSERT_EQUAL (sim_rng_u32 (&jump), sim_rng_u32 (&walk));
      CU_ASSERT_EQUAL (sim_rng_uniform (&jump), sim_rng_uniform (&walk));
    }
  /* Seeking back to 0 restarts the stream. */
  sim_rng_init (&walk, SEED, 4, 5, 6);
  sim_rng_seek (&jump, 0);
  for (guint i = 0; i < 12; i++)
    CU_ASSERT_EQUAL (sim_rng_u32 (&jump), sim_rng_u32 (&walk));
}

/* ---- Bounded integers ------------------------------------------------- */

static void
test_below_range (void)
{
  static const guint32 ns[]
      = { 1, 2, 3, 7, 10, 1000, 0x80000001u, 0xfffffffeu, 0xffffffffu };
  SimRng rng, twin;

  print_seed (SEED);
  sim_rng_init (&rng, SEED, 0, 0, 1);
  for (guint k = 0; k < G_N_ELEMENTS (ns); k++)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < 20000; i++)
        ok = ok && sim_rng_below (&rng, ns[k]) < ns[k];
      CU_ASSERT (ok);
    }
  /* A power of two never rejects: below(2^k) is the top k bits. */
  sim_rng_init (&rng, SEED, 0, 0, 2);
  sim_rng_init (&twin, SEED, 0, 0, 2);
  for (guint k = 1; k < 32; k++)
    CU_ASSERT_EQUAL (sim_rng_below (&rng, 1u << k),
                     sim_rng_u32 (&twin) >> (32 - k));
}

static void
test_below_uniform (void)
{
  enum
  {
    N = 200000
  };
  guint64 counts[10] = { 0 }, small = 0;
  guint32 n = 3u << 30;
  SimRng rng;

  print_seed (SEED);
  sim_rng_init (&rng, SEED, 0, 0, 3);
  for (guint i = 0; i < N; i++)
    counts[sim_rng_below (&rng, 10)]++;
  assert_chi2_uniform (counts, 10, N);
  /* n = 3 * 2^30: plain `u32 % n` gives [0, 2^30) twice the weight of the
   * rest (probability 1/2 instead of 1/3).  Unbiased: 1/3 +- 5 SE. */
  for (guint i = 0; i < N; i++)
    small += sim_rng_below (&rng, n) < (1u << 30);
  printf ("P(below(3*2^30) < 2^30) = %.4f ", (double)small / N);
  CU_ASSERT_CLOSE ((double)small / N, 1.0 / 3,
                   5 * sqrt (1.0 / 3 * 2.0 / 3 / N));
}

/* ---- Wrap ------------------------------------------------------------- */

/* Status of a child that seeks to the last block and draws `draws`. */
static int
draw_at_end (guint draws)
{
  int status = 0;
  pid_t pid;

  fflush (NULL);
  pid = fork ();
  if (pid == 0)
    {
      struct rlimit no_core = { 0, 0 };
      SimRng rng;

      setrlimit (RLIMIT_CORE, &no_core);
      sim_rng_init (&rng, SEED, 0, 0, 0);
      sim_rng_seek (&rng, G_MAXUINT32);
      for (guint i = 0; i < draws; i++)
        (void)sim_rng_u32 (&rng);
      _exit (0);
    }
  CU_ASSERT_FATAL (pid > 0);
  CU_ASSERT_EQUAL (waitpid (pid, &status, 0), pid);
  return status;
}

static void
test_wrap (void)
{
  int status;

  /* The last block's 4 numbers are fine; the next one would wrap. */
  status = draw_at_end (4);
  CU_ASSERT (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  printf ("(an assertion message from a child is expected) ");
  status = draw_at_end (5);
  CU_ASSERT (WIFSIGNALED (status) && WTERMSIG (status) == SIGABRT);
}

/* ---- gsl_rng adapter -------------------------------------------------- */

static void
test_gsl_adapter (void)
{
  SimRng a, b, copy;
  gsl_rng *r, *clone;
  unsigned long got[10];

  print_seed (SEED);
  sim_rng_init (&a, SEED, 1, 1, 1);
  sim_rng_init (&b, SEED, 1, 1, 1);
  r = sim_rng_gsl (&a);
  CU_ASSERT_STRING_EQUAL (gsl_rng_name (r), "sim-philox4x32");
  CU_ASSERT_EQUAL (gsl_rng_min (r), 0);
  CU_ASSERT_EQUAL (gsl_rng_max (r), 0xffffffffUL);
  for (guint i = 0; i < 100; i++)
    {
      CU_ASSERT_EQUAL (gsl_rng_get (r), sim_rng_u32 (&b));
      CU_ASSERT_EQUAL (gsl_rng_uniform (r), sim_rng_uniform (&b));
      CU_ASSERT_EQUAL (gsl_rng_uniform_pos (r), sim_rng_uniform (&b));
    }

  /* A copy's adapter draws from the copy; the original does not move. */
  copy = a;
  r = sim_rng_gsl (&copy);
  for (guint i = 0; i < 10; i++)
    {
      got[i] = gsl_rng_get (r);
      CU_ASSERT_EQUAL (got[i], sim_rng_u32 (&b));
    }
  for (guint i = 0; i < 10; i++)
    CU_ASSERT_EQUAL (sim_rng_u32 (&a), got[i]);

  /* gsl_rng_clone continues the same stream on its own. */
  sim_rng_init (&a, SEED, 1, 1, 1);
  sim_rng_init (&b, SEED, 1, 1, 1);
  (void)sim_rng_u32 (&a);
  (void)sim_rng_u32 (&b);
  clone = gsl_rng_clone (sim_rng_gsl (&a));
  for (guint i = 0; i < 10; i++)
    {
      got[i] = gsl_rng_get (clone);
      CU_ASSERT_EQUAL (got[i], sim_rng_u32 (&b));
    }
  for (guint i = 0; i < 10; i++)
    CU_ASSERT_EQUAL (sim_rng_u32 (&a), got[i]);
  gsl_rng_free (clone);

  /* gsl_rng_set re-keys with the seed, keeping the rest of the key. */
  (void)sim_rng_u32 (&a);
  gsl_rng_set (sim_rng_gsl (&a), 42);
  sim_rng_init (&b, 42, 1, 1, 1);
  for (guint i = 0; i < 10; i++)
    CU_ASSERT_EQUAL (sim_rng_u32 (&a), sim_rng_u32 (&b));
}

/* GSL samplers through the adapter: moments within 5 standard errors. */
static void
test_gsl_samplers (void)
{
  enum
  {
    N = 200000
  };
  double sum = 0, sum2 = 0, esum = 0;
  guint64 dice[6] = { 0 };
  SimRng rng;
  gsl_rng *r;

  print_seed (SEED);
  sim_rng_init (&rng, SEED, 0, 0, 5);
  r = sim_rng_gsl (&rng);
  for (guint i = 0; i < N; i++)
    {
      double z = gsl_ran_gaussian (r, 2.0);

      sum += z;
      sum2 += z * z;
      esum += gsl_ran_exponential (r, 3.0);
      dice[gsl_rng_uniform_int (r, 6)]++;
    }
  /* N(0, 4): SE of mean 2/sqrt(N); of E[z^2] sqrt(2 * 16 / N). */
  CU_ASSERT_CLOSE (sum / N, 0.0, 5 * 2.0 / sqrt (N));
  CU_ASSERT_CLOSE (sum2 / N, 4.0, 5 * sqrt (32.0 / N));
  CU_ASSERT_CLOSE (esum / N, 3.0, 5 * 3.0 / sqrt (N));
  assert_chi2_uniform (dice, 6, N);
}

int
main (void)
{
  static const CuTest kat_tests[] = {
    { "/rng/kat/library", test_kat_library },
    { "/rng/kat/stream-layout", test_kat_stream },
    { NULL, NULL },
  };
  static const CuTest stream_tests[] = {
    { "/rng/stream/reproducible", test_reproducible },
    { "/rng/stream/independent", test_independent },
    { "/rng/stream/neighbour-correlation", test_neighbour_correlation },
    { "/rng/stream/uniform-moments", test_uniform_moments },
    { "/rng/stream/construction", test_construction },
    { "/rng/stream/chi-square", test_chi_square },
    { "/rng/stream/seek", test_seek },
    { "/rng/stream/wrap", test_wrap },
    { NULL, NULL },
  };
  static const CuTest below_tests[] = {
    { "/rng/below/range", test_below_range },
    { "/rng/below/uniform", test_below_uniform },
    { NULL, NULL },
  };
  static const CuTest gsl_tests[] = {
    { "/rng/gsl/adapter", test_gsl_adapter },
    { "/rng/gsl/samplers", test_gsl_samplers },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/rng/kat", kat_tests },
    { "/rng/stream", stream_tests },
    { "/rng/below", below_tests },
    { "/rng/gsl", gsl_tests },
    { NULL, NULL },
  };

  return cu_main ("test-rng", suites);
}
