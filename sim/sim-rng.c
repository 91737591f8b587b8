/* sim-rng.c: counter-based random streams on Random123's Philox4x32-10.
 *
 * Invariants:
 * - key = the 64-bit seed (key[0] its low half, key[1] its high half);
 *   ctr = (block, entity, purpose, replication).  Random123's known-answer
 *   vectors therefore apply to sim_rng_init() + sim_rng_seek() directly.
 * - buf always holds the output of block ctr[0] (computed eagerly by init
 *   and seek), and `used` of its 4 numbers have been handed out.  So the
 *   stream has exactly 2^32 blocks; asking for block 2^32 is a programmer
 *   mistake and fails an assertion instead of silently repeating block 0.
 * - u32 draws take buf[0], buf[1], ...; a u64 is (first << 32) | second;
 *   sim_rng_uniform uses the top 53 bits of a u64 and never returns 0 or 1.
 * - The gsl_rng adapter's state pointer is the SimRng itself (no
 *   allocation).  sim_rng_gsl() refreshes it, because copying a SimRng
 *   copies a stale pointer.  Never gsl_rng_free() the adapter, and do not
 *   gsl_rng_memcpy() into it (the copy would carry the source's state
 *   pointer); copy SimRng values and call sim_rng_gsl() again instead.
 *   gsl_rng_clone() of the adapter works (it copies the whole SimRng).
 */
#include "config.h"

#include <string.h>

#include <Random123/philox.h>

#include "sim/sim-rng.h"

/* ---- Philox blocks ---------------------------------------------------- */

static void
generate (SimRng *rng)
{
  philox4x32_ctr_t c
      = { { rng->ctr[0], rng->ctr[1], rng->ctr[2], rng->ctr[3] } };
  philox4x32_key_t k = { { rng->key[0], rng->key[1] } };
  philox4x32_ctr_t r = philox4x32 (c, k);

  memcpy (rng->buf, r.v, sizeof rng->buf);
  rng->used = 0;
}

/* Cold path: the current block is used up; compute the next one. */
void
sim_rng_refill_ (SimRng *rng)
{
  /* Block 2^32 would wrap the counter onto block 0 (2^34 numbers drawn). */
  g_assert (rng->ctr[0] != G_MAXUINT32);
  rng->ctr[0]++;
  generate (rng);
}

static inline guint32
next_u32 (SimRng *rng)
{
  if (G_UNLIKELY (rng->used >= 4))
    sim_rng_refill_ (rng);
  return rng->buf[rng->used++];
}

static inline guint64
next_u64 (SimRng *rng)
{
  guint64 hi = next_u32 (rng);

  return (hi << 32) | next_u32 (rng);
}

/* ---- gsl_rng adapter -------------------------------------------------- */

static void
gsl_set (void *state, unsigned long int seed)
{
  SimRng *rng = state;

  rng->key[0] = (guint32)((guint64)seed & 0xffffffffu);
  rng->key[1] = (guint32)((guint64)seed >> 32);
  rng->ctr[0] = 0;
  generate (rng);
}

static unsigned long int
gsl_get (void *state)
{
  return next_u32 (state);
}

static double
gsl_get_double (void *state)
{
  return sim_rng_uniform (state);
}

/* gsl_rng_set() on the adapter re-keys the stream with the new seed,
 * keeping (replication, purpose, entity), and restarts it at block 0. */
static const gsl_rng_type philox_type = {
  .name = "sim-philox4x32",
  .max = 0xffffffffUL,
  .min = 0,
  .size = sizeof (SimRng),
  .set = gsl_set,
  .get = gsl_get,
  .get_double = gsl_get_double,
};

/* ---- Public API ------------------------------------------------------- */

void
sim_rng_init (SimRng *rng, guint64 seed, guint32 replication, guint32 purpose,
              guint32 entity)
{
  g_assert (rng != NULL);
  rng->gsl.type = &philox_type;
  rng->gsl.state = rng;
  rng->key[0] = (guint32)(seed & 0xffffffffu);
  rng->key[1] = (guint32)(seed >> 32);
  rng->ctr[0] = 0;
  rng->ctr[1] = entity;
  rng->ctr[2] = purpose;
  rng->ctr[3] = replication;
  generate (rng);
}

void
sim_rng_seek (SimRng *rng, guint32 block)
{
  rng->ctr[0] = block;
  generate (rng);
}

guint32
sim_rng_u32 (SimRng *rng)
{
  return next_u32 (rng);
}

guint64
sim_rng_u64 (SimRng *rng)
{
  return next_u64 (rng);
}

guint32
sim_rng_below (SimRng *rng, guint32 n)
{
  /* Lemire, "Fast random integer generation in an interval" (2019):
   * multiply-shift, rejecting the 2^32 mod n low products that would
   * make some results more likely than others. */
  guint64 m;
  guint32 low;

  g_assert (n > 0);
  m = (guint64)next_u32 (rng) * n;
  low = (guint32)m;
  if (G_UNLIKELY (low < n))
    {
      guint32 threshold = (guint32)-n % n;

      while (low < threshold)
        {
          m = (guint64)next_u32 (rng) * n;
          low = (guint32)m;
        }
    }
  return (guint32)(m >> 32);
}

gsl_rng *
sim_rng_gsl (SimRng *rng)
{
  rng->gsl.type = &philox_type;
  rng->gsl.state = rng;
  return &rng->gsl;
}
