/* sim-rng.h: counter-based random streams (Random123 Philox4x32-10).
 *
 * A stream is keyed by (seed, replication, purpose, entity) and is a pure
 * function of that key: the n-th number drawn from a stream never depends
 * on any other stream, on the order streams are created, or on the thread.
 * Adding an entity (a server, a customer) to a model therefore does not shift
 * any other draw, and the same key in two scenarios gives the same numbers
 * (common random numbers by construction).
 *
 * Layout: the Philox key holds the 64-bit seed; the 128-bit counter holds
 * (block, entity, purpose, replication), block counting 4-number blocks
 * from 0.  A stream yields 2^34 numbers before it would wrap (asserted).
 *
 * A SimRng is a small value type (no allocation): declare one on the stack
 * or embed it.  sim_rng_gsl() exposes it as a gsl_rng for the GSL samplers;
 * the returned pointer is valid while the SimRng is, at its current address.
 *
 * There is no global generator anywhere in the engine.
 */
#pragma once

#include <glib.h>
#include <gsl/gsl_rng.h>

G_BEGIN_DECLS

typedef struct
{
  gsl_rng gsl;    /* type + state pointer, fixed up by sim_rng_gsl() */
  guint32 key[2]; /* seed */
  guint32 ctr[4]; /* block, entity, purpose, replication */
  guint32 buf[4]; /* current block of output */
  guint32 used;   /* numbers of buf already used (4 = empty) */
} SimRng;

void sim_rng_init (SimRng *rng, guint64 seed, guint32 replication,
                   guint32 purpose, guint32 entity);

/* Jump to block `block` of the stream (each block is 4 numbers), so a model
 * can derive the n-th draw of a stream without storing its state. */
void sim_rng_seek (SimRng *rng, guint32 block);

guint32 sim_rng_u32 (SimRng *rng);
guint64 sim_rng_u64 (SimRng *rng);

/* Not API: the next block of a used-up buffer (sim-rng.c). */
void sim_rng_refill_ (SimRng *rng);

/* Uniform on the open interval (0, 1), 53 bits.  Inline: most uses draw
 * one or two numbers from a fresh block, so the call was a large part
 * of the draw.  53 random bits scaled by 2^-53 is exact; rejecting 0
 * (probability 2^-53) makes the interval open: results lie in
 * [2^-53, 1 - 2^-53]. */
static inline double
sim_rng_uniform (SimRng *rng)
{
  guint64 x;

  do
    {
      guint64 hi;

      if (G_UNLIKELY (rng->used >= 4))
        sim_rng_refill_ (rng);
      hi = rng->buf[rng->used++];
      if (G_UNLIKELY (rng->used >= 4))
        sim_rng_refill_ (rng);
      x = ((hi << 32) | rng->buf[rng->used++]) >> 11;
    }
  while (G_UNLIKELY (x == 0));
  return (double)x * 0x1.0p-53;
}
/* Uniform integer in [0, n), unbiased; n > 0. */
guint32 sim_rng_below (SimRng *rng, guint32 n);

gsl_rng *sim_rng_gsl (SimRng *rng);

G_END_DECLS
