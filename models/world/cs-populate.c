/* cs-populate.c: the initial population, births and arrivals.
 *
 * A new child gets its sex (male_share), its stage in each need domain
 * and, below school age, whether it is in an early-years setting, from
 * the stream (CS_STREAM_INIT, child id).  Stages are drawn from the
 * distribution the needs model itself gives at that age, sex and
 * locality: the forward equations of each domain's stage chain (onset,
 * escalation and remission, no services) from birth (all at stage 0) to
 * the child's age, then raked (iterative proportional fitting over the
 * whole area) so that the initial stage shares over all children 0-17
 * equal the scenario's initial_share.  So the age, sex and deprivation
 * gradients come from the hazards, the level from initial_share.  A new
 * child's ECM change starts at the steady state of its unmet needs
 * (drift / reversion).
 *
 * The start: localities' children by single year of age (rounded);
 * schools by age (a child with a statement-level SEN goes to a special
 * school with chance p_special = special-school places / such children of
 * the ages special schools take); then, among the children, those looked
 * after at the start (looked_after_per_1000, chosen with weights
 * care entry hazard (care_entry_per_year[safeguarding stage]
 * x care_family_rr[family-stress stage]); outside[looked_after_out_of_area]
 * of them placed out of the area), excluded (outside[excluded], weights =
 * exclusion hazard), home-educated (outside[home_educated], pupils at
 * random) and open social-care cases (children_in_need_per_1000 including
 * the looked after, among children at child_in_need_stage_min or more,
 * each with its case open and referred by a social worker for its
 * highest need).  Candidates are
 * chosen with chances min(1, lambda x weight), lambda such that the
 * expected number chosen is the target.
 * An amount per 1,000 children refers to all children 0-17 of the area.
 * Timers already running at the start (care, exclusion) have a uniform
 * share of their length left (assumption).
 *
 * Births: at each school-year start, each locality's age-0 count of
 * children (so the age profile stays as given; assumption).  Arrivals: a
 * Poisson process per locality at migration_in_per_1000_per_year of its
 * children, ages from its age profile.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/world/cs-world-private.h"
#include "sim/sim-error.h"

/* ---- Stage distributions ------------------------------------------------ */

#define RK_STEPS 16

/* q <- the generator of domain nd's chain with onset hazard `onset`. */
static void
chain_generator (const CsNeedDomain *nd, double onset,
                 double q[CS_N_STAGES][CS_N_STAGES])
{
  double share = 0.0;

  memset (q, 0, CS_N_STAGES * sizeof q[0]);
  for (guint k = 1; k < CS_N_STAGES; k++)
    share += nd->onset_stage_share[k].value;
  for (guint k = 1; share > 0 && k < CS_N_STAGES; k++)
    q[0][k] = onset * nd->onset_stage_share[k].value / share;
  for (guint s = 1; s < CS_N_STAGES; s++)
    {
      if (s + 1 < CS_N_STAGES)
        q[s][s + 1] = nd->escalation_per_year[s].value;
      q[s][s - 1] = nd->remission_per_year[s].value;
    }
  for (guint s = 0; s < CS_N_STAGES; s++)
    for (guint k = 0; k < CS_N_STAGES; k++)
      if (k != s)
        q[s][s] -= q[s][k];
}

/* Four chains of one domain at once (localities and sexes differ only in
 * the onset hazard), one to a lane: lane by lane, the operations of the
 * plain scalar loop, so every distribution is the same to the last bit. */
#define CHAIN_LANES 4

typedef double ChainVec
    __attribute__ ((vector_size (CHAIN_LANES * sizeof (double))));

/* pi <- pi exp(Q) over one year for each lane's chain, Q the generator of
 * domain nd's chain with that lane's onset hazard (RK4, RK_STEPS steps).
 * Each column's sum runs over all five stages in order: a zero entry
 * adds x 0 = +-0 to a sum that starts at +0 and so is never -0, which
 * leaves it unchanged (x is finite), so these are the sums of the
 * nonzero terms alone to the last bit. */
static void
chain_year (ChainVec *pi, const CsNeedDomain *nd, const double *onset)
{
  ChainVec q[CS_N_STAGES][CS_N_STAGES];
  const double h = 1.0 / RK_STEPS;

  for (guint l = 0; l < CHAIN_LANES; l++)
    {
      double ql[CS_N_STAGES][CS_N_STAGES];

      chain_generator (nd, onset[l], ql);
      for (guint s = 0; s < CS_N_STAGES; s++)
        for (guint j = 0; j < CS_N_STAGES; j++)
          q[s][j][l] = ql[s][j];
    }
  for (int step = 0; step < RK_STEPS; step++)
    {
      ChainVec k[4][CS_N_STAGES], x[CS_N_STAGES];
      static const double a[4] = { 0.0, 0.5, 0.5, 1.0 };
      const ChainVec zero = { 0 };

      for (int r = 0; r < 4; r++)
        {
          for (guint s = 0; s < CS_N_STAGES; s++)
            x[s] = pi[s] + (r ? a[r] * h * k[r - 1][s] : zero);
          for (guint j = 0; j < CS_N_STAGES; j++)
            {
              k[r][j] = zero;
              for (guint i = 0; i < CS_N_STAGES; i++)
                k[r][j] += x[i] * q[i][j];
            }
        }
      for (guint s = 0; s < CS_N_STAGES; s++)
        pi[s] += h / 6 * (k[0][s] + 2 * k[1][s] + 2 * k[2][s] + k[3][s]);
    }
}

static gsize
init_index (guint loc, guint d, guint sex, guint age)
{
  return ((((gsize)loc * CS_N_DOMAINS + d) * CS_N_SEXES + sex) * CS_N_AGES
          + age)
         * CS_N_STAGES;
}

/* Rake one domain's distributions to the target shares over the area.
 * A new child's stage is drawn from its cell's distribution (times the
 * rake's factors f) tilted by its latent class (create_child), so the
 * shares raked are those of the tilted distributions, mixed over the
 * latent classes with their chances in the child's locality (an
 * income-deprived family with the locality's deprivation; equally likely
 * classes of adversity and frailty): the start honours initial_share
 * whatever the loadings.
 *
 * The passes are most of the cost of building a small area (the survey
 * builds a thousand), so they are written for speed, but every sum adds
 * the same terms in the same order as these plain loops (no fused
 * multiply-adds: -std=c11 leaves contraction off), so the factors are
 * the same to the last bit: per cell (locality, sex, age) in order,
 *   vf[s] = max (v[s], 0) f[s],  m[k][s] = (n pc[k]) vf[s],
 *   z[c] = vf[0] t[c][0] + vf[1] t[c][1] + ... + vf[4] t[c][4],
 *   got[s] += (m[c & 1][s] t[c][s]) (1 / z[c]) for c = 0, 1, ...
 * (a class with no chance or no mass adds 0).  Two classes at a time
 * (RakeVec, the width of every x86-64 and ARM64 machine's vectors) for
 * z, two stages of a class at once for got; the next cell's z is
 * computed while this cell's sums run, since these are chains of 128
 * dependent additions per stage. */
G_STATIC_ASSERT (CS_N_STAGES == 5); /* stages 0-1, 2-3, then 4 */
G_STATIC_ASSERT (CS_N_LATENT % 2 == 0);

typedef double RakeVec __attribute__ ((vector_size (2 * sizeof (double))));
typedef gint64 RakeMask __attribute__ ((vector_size (2 * sizeof (gint64))));

#define RAKE_BLOCKS (CS_N_LATENT / 2)

typedef struct
{
  double v[CS_N_STAGES]; /* max (pi, 0) */
  double pc[2];          /* the chance of each family class */
  double npc[2];         /* n x pc */
  gboolean pc_positive;  /* both chances > 0 */
} RakeCell;

typedef struct
{
  RakeVec tz[CS_N_STAGES][RAKE_BLOCKS];       /* tilt by stage, 2 classes */
  RakeVec t01[CS_N_LATENT], t23[CS_N_LATENT]; /* tilt by class, 2 stages */
  double t4[CS_N_LATENT];
  RakeVec zinv[2][RAKE_BLOCKS]; /* this cell's, the next cell's */
} RakeWork;

/* A cell's stage weights times the rake's factors. */
static inline void
rake_vf (const RakeCell *cell, const double *f, double *vf)
{
  for (guint s = 0; s < CS_N_STAGES; s++)
    vf[s] = cell->v[s] * f[s];
}

/* The normalisers z of block b's two latent classes (stages in order). */
static inline RakeVec
rake_z (const RakeWork *rw, const double *vf, guint b)
{
  RakeVec z = vf[0] * rw->tz[0][b];

  for (guint s = 1; s < CS_N_STAGES; s++)
    z += vf[s] * rw->tz[s][b];
  return z;
}

/* The cell's 1 / z into zinv (every class); TRUE if every class has a
 * chance and a mass (the usual case), otherwise zinv is to be redone by
 * rake_zinv_slow. */
static gboolean
rake_zinv (const RakeWork *rw, const RakeCell *cell, const double *f,
           RakeVec *zinv)
{
  double vf[CS_N_STAGES];
  RakeMask ok = { -1, -1 };
  const RakeVec zero = { 0, 0 };

  rake_vf (cell, f, vf);
  for (guint b = 0; b < RAKE_BLOCKS; b++)
    {
      RakeVec z = rake_z (rw, vf, b);
      ok &= z > zero;
      zinv[b] = 1.0 / z;
    }
  return cell->pc_positive && (ok[0] & ok[1]);
}

static void
rake_zinv_slow (const RakeWork *rw, const RakeCell *cell, const double *f,
                RakeVec *zinv)
{
  double vf[CS_N_STAGES];

  rake_vf (cell, f, vf);
  for (guint b = 0; b < RAKE_BLOCKS; b++)
    {
      RakeVec z = rake_z (rw, vf, b);
      for (guint i = 0; i < 2; i++)
        zinv[b][i] = cell->pc[i] > 0.0 && z[i] > 0 ? 1.0 / z[i] : 0.0;
    }
}

/* One pass: this cell's sums into got (from zinv, its 1 / z), and the
 * next cell's 1 / z into zn. */
static void
rake_cell (const RakeWork *rw, const RakeCell *cell, const RakeCell *next,
           const double *f, const RakeVec *restrict zinv, RakeVec *restrict zn,
           double *got)
{
  RakeVec m01[2], m23[2], g01 = { got[0], got[1] }, g23 = { got[2], got[3] };
  double m4[2], g4 = got[4], nvf[CS_N_STAGES];
  RakeMask ok = { -1, -1 };
  const RakeVec zero = { 0, 0 };
  const double *zc = (const double *)zinv;

  double vf[CS_N_STAGES];

  rake_vf (cell, f, vf);
  for (guint k = 0; k < 2; k++)
    {
      m01[k] = (RakeVec){ cell->npc[k] * vf[0], cell->npc[k] * vf[1] };
      m23[k] = (RakeVec){ cell->npc[k] * vf[2], cell->npc[k] * vf[3] };
      m4[k] = cell->npc[k] * vf[4];
    }
  rake_vf (next, f, nvf);
  for (guint b = 0; b < RAKE_BLOCKS; b++)
    {
      /* rake_z, unrolled beside this cell's sums (the hot loop) */
      RakeVec z = nvf[0] * rw->tz[0][b];
      z += nvf[1] * rw->tz[1][b];
      z += nvf[2] * rw->tz[2][b];
      z += nvf[3] * rw->tz[3][b];
      z += nvf[4] * rw->tz[4][b];
      ok &= z > zero;
      zn[b] = 1.0 / z;
      /* Classes 2b (family not deprived) and 2b + 1 (deprived). */
      g01 += m01[0] * rw->t01[2 * b] * zc[2 * b];
      g23 += m23[0] * rw->t23[2 * b] * zc[2 * b];
      g4 += m4[0] * rw->t4[2 * b] * zc[2 * b];
      g01 += m01[1] * rw->t01[2 * b + 1] * zc[2 * b + 1];
      g23 += m23[1] * rw->t23[2 * b + 1] * zc[2 * b + 1];
      g4 += m4[1] * rw->t4[2 * b + 1] * zc[2 * b + 1];
    }
  if (!(next->pc_positive && (ok[0] & ok[1])))
    rake_zinv_slow (rw, next, f, zn);
  got[0] = g01[0];
  got[1] = g01[1];
  got[2] = g23[0];
  got[3] = g23[1];
  got[4] = g4;
}

#define RAKE_PASSES 100

/* After a pass: the factors f times what moves the shares got to the
 * targets.  TRUE when converged: every factor moved by less than 1e-9
 * of itself (the shares then match initial_share, given to four digits,
 * to about that; passes beyond move the start by rounding only).  Each
 * pass costs the cells x the latent classes, so the survey's thousand
 * areas need it. */
static inline __attribute__ ((always_inline)) gboolean
rake_update (const CsNeedDomain *nd, double target, double total,
             const double *got, double *f)
{
  double moved = 0.0;

  for (guint s = 0; total > 0 && s < CS_N_STAGES; s++)
    if (got[s] > 0)
      {
        double g = nd->initial_share[s].value / target / (got[s] / total);
        moved = MAX (moved, fabs (g - 1.0));
        f[s] *= g;
      }
  return moved < 1e-9;
}

/* The widest vectors the start may use: the processor's (AVX-512F, AVX2
 * or neither), capped by the environment variable CTSIM_VECTOR=plain,
 * avx2 or avx512.  Every path gives the same bytes (each lane does the
 * plain loop's operations in its order); the cap lets tests/vectors.sh
 * show it on one machine. */
typedef enum
{
  VEC_PLAIN,
  VEC_AVX2,
  VEC_AVX512
} VecLevel;

static VecLevel
vec_level (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      VecLevel l = VEC_PLAIN;
      const char *cap = g_getenv ("CTSIM_VECTOR");
#if defined(__GNUC__) && defined(__x86_64__)
      if (__builtin_cpu_supports ("avx512f"))
        l = VEC_AVX512;
      else if (__builtin_cpu_supports ("avx2"))
        l = VEC_AVX2;
#endif
      if (cap && g_str_equal (cap, "plain"))
        l = VEC_PLAIN;
      else if (cap && g_str_equal (cap, "avx2"))
        l = MIN (l, VEC_AVX2);
      g_once_init_leave (&once, (gsize)l + 1);
    }
  return (VecLevel)(once - 1);
}

/* The passes four classes at a time, where the processor has 256-bit
 * vectors (AVX2: every x86-64 processor since about 2013): the same
 * products and the same sums in the same order as rake_cell, lane by
 * lane (no fused multiply-adds: the target adds AVX2 only, and -std=c11
 * leaves contraction off), so the factors are the same to the last bit
 * on either path (tests/reference.sh; a third fewer instructions a
 * pass, about a quarter less time in the rake).  Everything 256 bits
 * wide stays inside this function (on its stack, which the compiler
 * aligns), so no other code depends on the target. */
#if defined(__GNUC__) && defined(__x86_64__)
#define RAKE_WIDE 1

#define RAKE_QUADS (CS_N_LATENT / 4)

typedef double RakeVec4 __attribute__ ((vector_size (4 * sizeof (double))));
typedef gint64 RakeMask4 __attribute__ ((vector_size (4 * sizeof (gint64))));

/* The normalisers of classes 4b to 4b + 3, the stages summed in order. */
__attribute__ ((target ("avx2"), always_inline)) static inline RakeVec4
rake_z4 (const double *nvf, const RakeVec4 (*tz)[RAKE_QUADS], guint b)
{
  RakeVec4 z = nvf[0] * tz[0][b];

  for (guint s = 1; s < CS_N_STAGES; s++)
    z += nvf[s] * tz[s][b];
  return z;
}

__attribute__ ((target ("avx2"))) static void
rake_passes_wide (const RakeCell *cells, guint n_cells,
                  const double (*tilt)[CS_N_STAGES], const CsNeedDomain *nd,
                  double target, double total, double *f)
{
  RakeVec4 tz[CS_N_STAGES][RAKE_QUADS], t0123[CS_N_LATENT];
  RakeVec4 zinv[2][RAKE_QUADS];
  double t4[CS_N_LATENT];
  const RakeVec4 zero = { 0, 0, 0, 0 };

  for (guint c = 0; c < CS_N_LATENT; c++)
    {
      for (guint s = 0; s < CS_N_STAGES; s++)
        tz[s][c / 4][c % 4] = tilt[c][s];
      t0123[c] = (RakeVec4){ tilt[c][0], tilt[c][1], tilt[c][2], tilt[c][3] };
      t4[c] = tilt[c][4];
    }
  for (int it = 0; target > 0 && n_cells > 0 && it < RAKE_PASSES; it++)
    {
      RakeVec4 g0123 = zero;
      double g4 = 0.0, got[CS_N_STAGES];
      guint cur = 0;

      /* The first cell's 1 / z; each cell computes the next one's. */
      for (guint i = 0; i <= n_cells; i++, cur ^= 1u)
        {
          const RakeCell *cell = &cells[i ? i - 1 : 0];
          const RakeCell *next = &cells[MIN (i, n_cells - 1)];
          const double *zc = (const double *)zinv[cur];
          RakeVec4 *zn = zinv[cur ^ 1u], m0123[2];
          RakeMask4 ok = { -1, -1, -1, -1 };
          double vf[CS_N_STAGES], nvf[CS_N_STAGES], m4[2];

          rake_vf (cell, f, vf);
          for (guint k = 0; k < 2; k++)
            {
              m0123[k]
                  = (RakeVec4){ cell->npc[k] * vf[0], cell->npc[k] * vf[1],
                                cell->npc[k] * vf[2], cell->npc[k] * vf[3] };
              m4[k] = cell->npc[k] * vf[4];
            }
          rake_vf (next, f, nvf);
          for (guint b = 0; b < RAKE_QUADS; b++)
            {
              RakeVec4 z = rake_z4 (nvf, tz, b);
              ok &= z > zero;
              zn[b] = 1.0 / z;
              if (i == 0)
                continue;
              /* Classes 4b, 4b + 2 (family not deprived) and 4b + 1,
               * 4b + 3 (deprived), in order. */
              for (guint l = 0; l < 4; l++)
                {
                  guint c = 4 * b + l;
                  g0123 += m0123[l & 1u] * t0123[c] * zc[c];
                  g4 += m4[l & 1u] * t4[c] * zc[c];
                }
            }
          if (!(next->pc_positive && (ok[0] & ok[1] & ok[2] & ok[3])))
            for (guint b = 0; b < RAKE_QUADS; b++)
              {
                RakeVec4 z = rake_z4 (nvf, tz, b);
                for (guint l = 0; l < 4; l++)
                  zn[b][l]
                      = next->pc[l & 1u] > 0.0 && z[l] > 0 ? 1.0 / z[l] : 0.0;
              }
        }
      for (guint s = 0; s < 4; s++)
        got[s] = g0123[s];
      got[4] = g4;
      if (rake_update (nd, target, total, got, f))
        break;
    }
}

/* The passes eight classes at a time and every stage of a class in one
 * vector, where the processor has 512-bit vectors (AVX-512F: x86-64
 * servers since about 2017): lane by lane the products and sums of
 * rake_passes_wide (stages 0-4 in lanes 0-4, lanes 5-7 zero and unused),
 * so the factors are the same to the last bit, with half its vector
 * operations.  A domain's sums are one chain of dependent additions
 * (128 classes a cell, cell after cell), so two domains are raked side
 * by side (a slot each; a domain that converges or reaches RAKE_PASSES
 * hands its slot to the next) and their chains overlap in the
 * processor; each domain's own operations are those of a rake of it
 * alone.  Measured: the rake about 40% faster than rake_passes_wide
 * (bench/README, "The survey, a third time"). */
#define RAKE_OCTS (CS_N_LATENT / 8)

typedef double RakeVec8 __attribute__ ((vector_size (8 * sizeof (double))));
typedef gint64 RakeMask8 __attribute__ ((vector_size (8 * sizeof (gint64))));

/* The normalisers of classes 8b to 8b + 7, the stages summed in order. */
__attribute__ ((target ("avx512f"), always_inline)) static inline RakeVec8
rake_z8 (const double *nvf, const RakeVec8 (*tz)[RAKE_OCTS], guint b)
{
  RakeVec8 z = nvf[0] * tz[0][b];

  for (guint s = 1; s < CS_N_STAGES; s++)
    z += nvf[s] * tz[s][b];
  return z;
}

/* One domain's tables in a slot of rake_512. */
typedef struct
{
  RakeVec8 tz[CS_N_STAGES][RAKE_OCTS]; /* tilt by stage, 8 classes */
  RakeVec8 t[CS_N_LATENT];             /* tilt by class, every stage */
  RakeVec8 zinv[2][RAKE_OCTS];         /* this cell's, the next cell's */
} RakeSlot8;

__attribute__ ((target ("avx512f"), always_inline)) static inline void
rake_slot_load (RakeSlot8 *sl, const double (*tilt)[CS_N_STAGES])
{
  const RakeVec8 zero = { 0 };

  for (guint c = 0; c < CS_N_LATENT; c++)
    {
      sl->t[c] = zero;
      for (guint s = 0; s < CS_N_STAGES; s++)
        {
          sl->tz[s][c / 8][c % 8] = tilt[c][s];
          sl->t[c][s] = tilt[c][s];
        }
    }
}

/* A cell's masses m and the next cell's stage weights nvf. */
typedef struct
{
  RakeVec8 m[2];
  double nvf[CS_N_STAGES];
  RakeMask8 ok;
} RakeStep;

__attribute__ ((target ("avx512f"), always_inline)) static inline void
rake_step (const RakeCell *cell, const RakeCell *next, const double *f,
           RakeStep *st)
{
  const RakeVec8 zero = { 0 };
  double vf[CS_N_STAGES];

  rake_vf (cell, f, vf);
  for (guint k = 0; k < 2; k++)
    {
      st->m[k] = zero;
      for (guint s = 0; s < CS_N_STAGES; s++)
        st->m[k][s] = cell->npc[k] * vf[s];
    }
  rake_vf (next, f, st->nvf);
  st->ok = (RakeMask8){ -1, -1, -1, -1, -1, -1, -1, -1 };
}

/* Classes 8b to 8b + 7 of one cell: the next cell's 1 / z into zn and,
 * if sum, this cell's terms (from its 1 / z, zc) into g: classes 8b,
 * 8b + 2, ... (family not deprived) and 8b + 1, 8b + 3, ... (deprived),
 * in order. */
__attribute__ ((target ("avx512f"), always_inline)) static inline void
rake_oct (const RakeSlot8 *sl, const double *zc, RakeVec8 *zn, RakeStep *st,
          guint b, gboolean sum, RakeVec8 *g)
{
  const RakeVec8 zero = { 0 };
  RakeVec8 z = rake_z8 (st->nvf, sl->tz, b);

  st->ok &= z > zero;
  zn[b] = 1.0 / z;
  for (guint l = 0; sum && l < 8; l++)
    {
      guint c = 8 * b + l;
      *g += st->m[l & 1u] * sl->t[c] * zc[c];
    }
}

/* The next cell's 1 / z again where a class has no chance or no mass. */
__attribute__ ((target ("avx512f"), always_inline)) static inline void
rake_fix (const RakeSlot8 *sl, const RakeCell *next, const RakeStep *st,
          RakeVec8 *zn)
{
  const RakeMask8 ok = st->ok;

  if (next->pc_positive
      && (ok[0] & ok[1] & ok[2] & ok[3] & ok[4] & ok[5] & ok[6] & ok[7]))
    return;
  for (guint b = 0; b < RAKE_OCTS; b++)
    {
      RakeVec8 z = rake_z8 (st->nvf, sl->tz, b);
      for (guint l = 0; l < 8; l++)
        zn[b][l] = next->pc[l & 1u] > 0.0 && z[l] > 0 ? 1.0 / z[l] : 0.0;
    }
}

/* One pass of the domain in slot a (cells ca, factors fa) and, if two
 * (a constant where inlined), of the one in slot b beside it: per
 * domain, each cell's sums into got from its 1 / z, and the next cell's
 * 1 / z (the first cell's first). */
__attribute__ ((target ("avx512f"), always_inline)) static inline void
rake_pass (RakeSlot8 *a, const RakeCell *ca, const double *fa, RakeSlot8 *b,
           const RakeCell *cb, const double *fb, const gboolean two,
           guint n_cells, double (*got)[CS_N_STAGES])
{
  const RakeVec8 zero = { 0 };
  RakeVec8 ga = zero, gb = zero;
  guint cur = 0;

  for (guint i = 0; i <= n_cells; i++, cur ^= 1u)
    {
      guint this = i ? i - 1 : 0, next = MIN (i, n_cells - 1);
      RakeStep sa, sb;

      rake_step (&ca[this], &ca[next], fa, &sa);
      if (two)
        rake_step (&cb[this], &cb[next], fb, &sb);
      for (guint q = 0; q < RAKE_OCTS; q++)
        {
          rake_oct (a, (const double *)a->zinv[cur], a->zinv[cur ^ 1u], &sa, q,
                    i > 0, &ga);
          if (two)
            rake_oct (b, (const double *)b->zinv[cur], b->zinv[cur ^ 1u], &sb,
                      q, i > 0, &gb);
        }
      rake_fix (a, &ca[next], &sa, a->zinv[cur ^ 1u]);
      if (two)
        rake_fix (b, &cb[next], &sb, b->zinv[cur ^ 1u]);
    }
  for (guint s = 0; s < CS_N_STAGES; s++)
    {
      got[0][s] = ga[s];
      got[1][s] = gb[s];
    }
}

/* Every domain's passes, two domains at a time (slots a and b; when one
 * domain is left, it is in a): the factors f[d] of each, the same as a
 * rake of that domain alone. */
__attribute__ ((target ("avx512f"))) static void
rake_512 (const CsWorld *w, RakeCell *const *cells, guint n_cells,
          const double *target, double total, double (*f)[CS_N_STAGES])
{
  RakeSlot8 a, b;
  int da = -1, db = -1, passes[CS_N_DOMAINS] = { 0 };
  guint d = 0;

  for (;;)
    {
      double got[2][CS_N_STAGES];

      for (; d < CS_N_DOMAINS && !(target[d] > 0 && n_cells > 0); d++)
        ;
      if (da < 0 && d < CS_N_DOMAINS)
        rake_slot_load (&a, w->latent_tilt[da = (int)d++]);
      for (; d < CS_N_DOMAINS && !(target[d] > 0 && n_cells > 0); d++)
        ;
      if (db < 0 && d < CS_N_DOMAINS)
        rake_slot_load (&b, w->latent_tilt[db = (int)d++]);
      if (da < 0 && db >= 0)
        {
          a = b;
          da = db;
          db = -1;
        }
      if (da < 0)
        break;
      if (db >= 0)
        rake_pass (&a, cells[da], f[da], &b, cells[db], f[db], TRUE, n_cells,
                   got);
      else
        rake_pass (&a, cells[da], f[da], &b, NULL, NULL, FALSE, n_cells, got);
      if (db >= 0
          && (rake_update (&w->p->domains[db], target[db], total, got[1], f[db])
              || ++passes[db] == RAKE_PASSES))
        db = -1;
      if (rake_update (&w->p->domains[da], target[da], total, got[0], f[da])
          || ++passes[da] == RAKE_PASSES)
        da = -1;
    }
}
#else
#define RAKE_WIDE 0
#endif

/* Domain d's cells (the stage weights from pi; the families' chances and
 * the children of each locality, sex and age, the same for every
 * domain); returns the area's children. */
static double
rake_cells (const CsWorld *w, guint d, const double *pi, RakeCell *cells)
{
  const CsParams *p = w->p;
  const double classes = CS_N_LATENT_CLASSES * CS_N_LATENT_CLASSES;
  double total = 0.0;
  guint i = 0;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint x = 0; x < CS_N_SEXES; x++)
      for (guint a = 0; a < CS_N_AGES; a++, i++)
        {
          const double *v = pi + init_index (l, d, x, a);
          double n = p->localities[l].children[a].value
                     * (x == CS_SEX_MALE ? p->area.male_share.value
                                         : 1 - p->area.male_share.value);
          double dep = w->locs[l].dep;
          const double pc[2] = { (1.0 - dep) / classes, dep / classes };

          for (guint s = 0; s < CS_N_STAGES; s++)
            cells[i].v[s] = MAX (v[s], 0.0);
          cells[i].pc[0] = pc[0];
          cells[i].pc[1] = pc[1];
          cells[i].npc[0] = n * pc[0];
          cells[i].npc[1] = n * pc[1];
          cells[i].pc_positive = pc[0] > 0.0 && pc[1] > 0.0;
          total += n;
        }
  return total;
}

/* Domain d's passes, without wide vectors. */
static void
rake_narrow (const CsWorld *w, guint d, const RakeCell *cells, guint n_cells,
             double target, double total, double *f)
{
  g_autofree RakeWork *rw = g_new (RakeWork, 1);

  for (guint c = 0; c < CS_N_LATENT; c++)
    {
      const double *t = w->latent_tilt[d][c];
      for (guint s = 0; s < CS_N_STAGES; s++)
        rw->tz[s][c / 2][c % 2] = t[s];
      rw->t01[c] = (RakeVec){ t[0], t[1] };
      rw->t23[c] = (RakeVec){ t[2], t[3] };
      rw->t4[c] = t[4];
    }
  for (int it = 0; target > 0 && n_cells > 0 && it < RAKE_PASSES; it++)
    {
      double got[CS_N_STAGES] = { 0 };
      guint cur = 0;

      if (!rake_zinv (rw, &cells[0], f, rw->zinv[0]))
        rake_zinv_slow (rw, &cells[0], f, rw->zinv[0]);
      for (guint i = 0; i < n_cells; i++, cur ^= 1u)
        rake_cell (rw, &cells[i], &cells[MIN (i + 1, n_cells - 1)], f,
                   rw->zinv[cur], rw->zinv[cur ^ 1u], got);
      if (rake_update (&w->p->domains[d], target, total, got, f))
        break;
    }
}

/* Domain d's start distributions: pi times its factors f, cumulated. */
static void
rake_apply (CsWorld *w, guint d, const double *pi, const double *f)
{
  const CsParams *p = w->p;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint x = 0; x < CS_N_SEXES; x++)
      for (guint a = 0; a < CS_N_AGES; a++)
        {
          gsize j = init_index (l, d, x, a);
          double z = 0.0, cum = 0.0;
          for (guint s = 0; s < CS_N_STAGES; s++)
            z += pi[j + s] * f[s];
          for (guint s = 0; s < CS_N_STAGES; s++)
            {
              cum += z > 0 ? pi[j + s] * f[s] / z : (s == 0);
              w->init_stage[j + s] = cum;
            }
          w->init_stage[j + CS_N_STAGES - 1] = 1.0;
        }
}

/* Every domain's rake (see above): each domain's factors from its own
 * passes, whichever path computes them. */
static void
rake (CsWorld *w, const double *pi)
{
  guint n_cells = w->p->n_localities * CS_N_SEXES * CS_N_AGES;
  double f[CS_N_DOMAINS][CS_N_STAGES], target[CS_N_DOMAINS], total = 0.0;
  RakeCell *cells[CS_N_DOMAINS];

  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      const CsNeedDomain *nd = &w->p->domains[d];

      cells[d] = g_new (RakeCell, MAX (n_cells, 1u));
      total = rake_cells (w, d, pi, cells[d]);
      target[d] = 0.0;
      for (guint s = 0; s < CS_N_STAGES; s++)
        {
          f[d][s] = 1.0;
          target[d] += nd->initial_share[s].value;
        }
    }
#if RAKE_WIDE
  if (vec_level () == VEC_AVX512)
    rake_512 (w, cells, n_cells, target, total, f);
  else if (vec_level () == VEC_AVX2)
    for (guint d = 0; d < CS_N_DOMAINS; d++)
      rake_passes_wide (cells[d], n_cells, w->latent_tilt[d], &w->p->domains[d],
                        target[d], total, f[d]);
  else
#endif
    for (guint d = 0; d < CS_N_DOMAINS; d++)
      rake_narrow (w, d, cells[d], n_cells, target[d], total, f[d]);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      rake_apply (w, d, pi, f[d]);
      g_free (cells[d]);
    }
}

/* Rake one domain's distributions to the target shares over the area.
 * A new child's stage is drawn from its cell's distribution (times the
 * rake's factors f) tilted by its latent class (create_child), so the
 * shares raked are those of the tilted distributions, mixed over the
 * latent classes with their chances in the child's locality (an
 * income-deprived family with the locality's deprivation; equally likely
 * classes of adversity and frailty): the start honours initial_share
 * whatever the loadings. */

/* A memo of init_stages.  The chains and the rake are a pure function
 * of their inputs (init_key), and every replication of a scenario, and
 * every scenario of a comparison on the same area, rakes the same
 * inputs: England's 150 authorities did it again in each; and every
 * point of a survey's sweep draws the same pathfinders (common random
 * numbers: bench/calibrate-survey.sh runs its grid as a sweep), whose
 * areas differ only in what the start does not read.  The memo keeps
 * the result by the SHA-256 of every input byte, so a hit gives the
 * very doubles the chains and the rake would (outputs byte-identical),
 * for at most INIT_MEMO_BYTES in all: 128 MiB holds the 2,100 areas of
 * a 60-replication survey (about 58 KB each); past the bound it
 * computes, as before.  A run whose inputs recur nowhere else in the
 * process (CsParams.start_unshared: a survey outside a sweep) skips the
 * memo. */
#define INIT_MEMO_BYTES (128u << 20)

static GMutex init_memo_lock;
static GHashTable *init_memo; /* hex digest -> double[n] */
static gsize init_memo_bytes;

static void
key_doubles (GChecksum *ck, const double *x, gsize n)
{
  g_checksum_update (ck, (const guchar *)x, n * sizeof *x);
}

/* The key: every input of the chains and of the rake (n, the domains'
 * chain rates and initial shares, the localities' onset hazards,
 * deprivation and children, the sexes' shares, the latent tilts), so a
 * hit skips both. */
static char *
init_key (const CsWorld *w, gsize n)
{
  const CsParams *p = w->p;
  GChecksum *ck = g_checksum_new (G_CHECKSUM_SHA256);
  char *key;

  g_checksum_update (ck, (const guchar *)&n, sizeof n);
  key_doubles (ck, &p->area.male_share.value, 1);
  for (guint l = 0; l < p->n_localities; l++)
    {
      key_doubles (ck, &w->locs[l].dep, 1);
      key_doubles (ck, &w->locs[l].onset[0][0][0],
                   sizeof w->locs[l].onset / sizeof (double));
      for (guint a = 0; a < CS_N_AGES; a++)
        key_doubles (ck, &p->localities[l].children[a].value, 1);
    }
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    for (guint s = 0; s < CS_N_STAGES; s++)
      {
        const CsNeedDomain *nd = &p->domains[d];
        key_doubles (ck, &nd->initial_share[s].value, 1);
        key_doubles (ck, &nd->onset_stage_share[s].value, 1);
        key_doubles (ck, &nd->escalation_per_year[s].value, 1);
        key_doubles (ck, &nd->remission_per_year[s].value, 1);
      }
  g_checksum_update (ck, (const guchar *)w->latent_tilt, sizeof w->latent_tilt);
  key = g_strdup (g_checksum_get_string (ck));
  g_checksum_free (ck);
  return key;
}

/* Domain d's chains from birth (all at stage 0), every locality and sex,
 * into pi: a lane each (the last lanes repeat the last chain). */
static void
chains (const CsWorld *w, guint d, double *pi)
{
  guint n = w->p->n_localities * CS_N_SEXES;

  for (guint first = 0; first < n; first += CHAIN_LANES)
    {
      ChainVec v[CS_N_STAGES] = { { 0 } };
      guint loc[CHAIN_LANES], sex[CHAIN_LANES];
      guint lanes = MIN (n - first, (guint)CHAIN_LANES);

      for (guint l = 0; l < CHAIN_LANES; l++)
        {
          guint c = first + MIN (l, lanes - 1);
          loc[l] = c / CS_N_SEXES;
          sex[l] = c % CS_N_SEXES;
          v[0][l] = 1.0;
        }
      for (guint a = 0; a < CS_N_AGES; a++)
        {
          double onset[CHAIN_LANES];

          for (guint l = 0; l < CHAIN_LANES; l++)
            {
              double *out = pi + init_index (loc[l], d, sex[l], a);
              for (guint s = 0; l < lanes && s < CS_N_STAGES; s++)
                out[s] = MAX (v[s][l], 0.0);
              onset[l] = w->locs[loc[l]].onset[d][sex[l]][a];
            }
          chain_year (v, &w->p->domains[d], onset);
        }
    }
}

static void
init_stages (CsWorld *w)
{
  const CsParams *p = w->p;
  gsize n = init_index (p->n_localities, 0, 0, 0);
  g_autofree double *pi = g_new (double, n);
  g_autofree char *key = NULL;
  const double *hit;

  w->init_stage = g_new (double, n);
  if (!p->start_unshared)
    {
      key = init_key (w, n);
      g_mutex_lock (&init_memo_lock);
      hit = init_memo ? g_hash_table_lookup (init_memo, key) : NULL;
      if (hit)
        memcpy (w->init_stage, hit, n * sizeof (double));
      g_mutex_unlock (&init_memo_lock);
      if (hit)
        return;
    }
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    chains (w, d, pi);
  rake (w, pi);
  if (!key)
    return;
  g_mutex_lock (&init_memo_lock);
  if (!init_memo)
    init_memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (init_memo_bytes + n * sizeof (double) <= INIT_MEMO_BYTES
      && !g_hash_table_contains (init_memo, key))
    {
      g_hash_table_insert (init_memo, g_steal_pointer (&key),
                           g_memdup2 (w->init_stage, n * sizeof (double)));
      init_memo_bytes += n * sizeof (double);
    }
  g_mutex_unlock (&init_memo_lock);
}

/* ---- New children ------------------------------------------------------- */

static void
steady_ecm (CsWorld *w, CsChild *c)
{
  for (guint e = 0; e < CS_N_ECM; e++)
    {
      double r = w->p->ecm.reversion_per_year[e].value, drift = 0.0;
      double unmet = 1.0 - w->p->ecm.initial_met_share[e].value;

      for (guint d = 0; d < CS_N_DOMAINS; d++)
        drift += cs_stage (c, d) * w->unmet_ecm[d][e];
      if (r > 0)
        c->ecm[e] = cs_ecm_round (unmet * drift / r * CS_ECM_SCALE);
    }
}

/* The child's latent class (cs-params.h, CsClustering) from its own
 * stream (CS_STREAM_FAMILY): an income-deprived family with the
 * locality's deprivation, then equally likely classes of adversity and
 * frailty. */
static void
draw_latent (CsWorld *w, guint id)
{
  CsChild *c = &w->kids[id];
  SimRng rng;
  guint lat;

  sim_rng_init (&rng, w->seed, w->replication, CS_STREAM_FAMILY,
                cs_child_id (w, id));
  lat = sim_rng_uniform (&rng) < w->locs[c->locality].dep;
  lat |= (guint)(sim_rng_uniform (&rng) * CS_N_LATENT_CLASSES) << 1;
  lat |= (guint)(sim_rng_uniform (&rng) * CS_N_LATENT_CLASSES) << 4;
  c->flags |= (guint16)(lat << CS_LATENT_SHIFT);
}

/* A new child record (not yet placed); rng is left on its INIT stream
 * for the caller's further draws. */
static guint
create_child (CsWorld *w, guint loc, guint age, SimRng *rng)
{
  guint id = cs_world_add_child (w);
  CsChild *c = &w->kids[id];
  guint sex;

  sim_rng_init (rng, w->seed, w->replication, CS_STREAM_INIT,
                cs_child_id (w, id));
  c->locality = (guint16)loc;
  c->age = (guint8)age;
  sex = sim_rng_uniform (rng) < w->p->area.male_share.value ? CS_SEX_MALE
                                                            : CS_SEX_FEMALE;
  if (sex == CS_SEX_MALE)
    c->flags |= CS_CHILD_MALE;
  draw_latent (w, id);
  for (guint d = 0; d < CS_N_DOMAINS; d++)
    {
      const double *cum = w->init_stage + init_index (loc, d, sex, age);
      const double *tilt = w->latent_tilt[d][cs_latent (c)];
      double pr[CS_N_STAGES], total = 0.0, u, acc = 0.0;
      guint s = 0;

      for (guint k = 0; k < CS_N_STAGES; k++)
        {
          pr[k] = (cum[k] - (k ? cum[k - 1] : 0.0)) * tilt[k];
          total += MAX (pr[k], 0.0);
        }
      u = sim_rng_uniform (rng) * total;
      for (; s + 1 < CS_N_STAGES; s++)
        {
          acc += MAX (pr[s], 0.0);
          if (u < acc)
            break;
        }
      cs_set_stage (c, d, s);
    }
  if (w->p->sen.on
      && cs_stage (c, CS_DOMAIN_LEARNING_SEN)
             >= cs_threshold (&w->p->sen.assessment_stage))
    c->flags |= CS_CHILD_STATEMENT; /* assumption: assessed before */
  if (age < w->school_age_min && sim_rng_uniform (rng) < w->p_setting)
    c->flags |= CS_CHILD_SETTING;
  if (cs_max_stage (c)
      >= cs_threshold (&w->p->groups.additional_needs_stage_min))
    c->year |= CS_YEAR_NEED;
  steady_ecm (w, c);
  return id;
}

static void
count_pop (CsWorld *w, gboolean birth)
{
  for (guint i = 0; i < 3; i++)
    {
      if (i < 2 && !w->observing)
        continue;
      if (birth)
        w->pop[i].births++;
      else
        w->pop[i].arrivals++;
    }
}

void
cs_populate_births (CsWorld *w, guint loc)
{
  guint n = (guint)lround (w->p->localities[loc].children[0].value);

  for (guint i = 0; i < n; i++)
    {
      SimRng rng;
      guint id = create_child (w, loc, 0, &rng);
      cs_world_place_by_age (w, id, CS_NONE, &rng);
      count_pop (w, TRUE);
    }
}

void
cs_populate_arrival (CsWorld *w, guint loc)
{
  CsLocalityState *ls = &w->locs[loc];
  SimRng rng;
  double u;
  guint age = 0, id;

  /* The age comes from the locality's arrival stream, so the arrival
   * process does not depend on the child's own draws. */
  u = sim_rng_uniform (&ls->arrivals);
  while (age + 1 < CS_N_AGES && u >= ls->age_cum[age])
    age++;
  id = create_child (w, loc, age, &rng);
  cs_world_place_by_age (w, id, CS_NONE, &rng);
  cs_services_draw_open (w, id);
  count_pop (w, FALSE);
}

/* ---- The start ---------------------------------------------------------- */

static double
amount (const CsWorld *w, const CsAmount *a, double children)
{
  (void)w;
  return a->unit == CS_AMOUNT_COUNT ? a->value : a->value * children / 1000;
}

static void
special_share (CsWorld *w)
{
  double places = 0.0, qualifying = 0.0;

  for (guint s = 0; s < w->p->n_schools; s++)
    if (w->p->schools[s].type == CS_SCHOOL_SPECIAL)
      places += w->p->schools[s].roll.value;
  for (guint i = 0; i < w->n_kids; i++)
    if (w->area_choice[w->kids[i].age][1].n > 0
        && cs_world_special_need (w, &w->kids[i]))
      qualifying++;
  w->p_special = qualifying > 0 ? MIN (1.0, places / qualifying) : 0.0;
}

static double
care_weight (const CsWorld *w, const CsChild *c)
{
  const CsLifeEvents *le = &w->p->life;

  return le->care_entry_per_year[cs_stage (c, CS_DOMAIN_SAFEGUARDING)].value
         * le->care_family_rr[cs_stage (c, CS_DOMAIN_FAMILY_STRESS)].value;
}

static double
exclusion_weight (const CsWorld *w, guint id)
{
  CsHazards hz = { 0 };

  if (w->kids[id].place != CS_PLACE_ROLL)
    return 0.0;
  cs_life_hazards (w, id, &hz);
  for (guint i = 0; i < hz.n; i++)
    if (hz.kind[i] == CS_HZ_EXCLUDE)
      return hz.rate[i];
  return 0.0;
}

/* fill_scale's bisection from (lo, hi): FILL_STEPS steps, each to the
 * half of the interval where the sum of MIN (1, mid x wt) over the
 * weights in order reaches k; returns the last hi. */
#define FILL_STEPS 60

static double
fill_bisect (const double *wt, guint n, double k, double lo, double hi)
{
  for (int it = 0; it < FILL_STEPS; it++)
    {
      double mid = (lo + hi) / 2, sum = 0.0;
      for (guint i = 0; i < n; i++)
        sum += MIN (1.0, mid * wt[i]);
      if (sum < k)
        lo = mid;
      else
        hi = mid;
    }
  return hi;
}

/* The same, FILL_LEVELS steps a pass over the weights, where the
 * processor has 512-bit vectors (AVX-512F): the sums at every mid the
 * next steps may take, a lane each (FILL_NODES of FILL_LANES), each lane
 * the loop above's sum += MIN (1.0, mid * wt[i]) in order, so every step
 * goes the same way as one at a time, with a third of the passes. */
#if defined(__GNUC__) && defined(__x86_64__)
#define FILL_WIDE 1
#define FILL_LEVELS 3
#define FILL_NODES 7 /* 2^FILL_LEVELS - 1 */
#define FILL_LANES 8

typedef double FillVec
    __attribute__ ((vector_size (FILL_LANES * sizeof (double))));
typedef gint64 FillMask
    __attribute__ ((vector_size (FILL_LANES * sizeof (gint64))));

__attribute__ ((target ("avx512f"))) static double
fill_bisect_wide (const double *wt, guint n, double k, double lo, double hi)
{
  const FillVec one = { 1, 1, 1, 1, 1, 1, 1, 1 };

  for (int it = 0; it < FILL_STEPS;)
    {
      /* Node j's interval (l[j], h[j]) and its mid m[j]: sum < k at
       * node j leads to node 2j + 1 (lo moves), otherwise to 2j + 2. */
      double l[FILL_NODES], h[FILL_NODES];
      FillVec m, sum = { 0 };
      guint j = 0;

      l[0] = lo;
      h[0] = hi;
      for (guint x = 0; x < FILL_NODES; x++)
        {
          m[x] = (l[x] + h[x]) / 2;
          if (2 * x + 2 < FILL_NODES)
            {
              l[2 * x + 1] = m[x];
              h[2 * x + 1] = h[x];
              l[2 * x + 2] = l[x];
              h[2 * x + 2] = m[x];
            }
        }
      m[FILL_LANES - 1] = m[0]; /* unused */
      for (guint i = 0; i < n; i++)
        {
          FillVec x = m * wt[i];
          FillMask lt = one < x; /* MIN (1.0, x) = 1.0 < x ? 1.0 : x */
          sum += (FillVec)((lt & (FillMask)one) | (~lt & (FillMask)x));
        }
      for (guint level = 0; level < FILL_LEVELS && it < FILL_STEPS;
           level++, it++)
        if (sum[j] < k)
          {
            lo = m[j];
            j = 2 * j + 1;
          }
        else
          {
            hi = m[j];
            j = 2 * j + 2;
          }
    }
  return hi;
}
#else
#define FILL_WIDE 0
#endif

/* Chance of each candidate with weight wt[i] so that the expected number
 * chosen is k: p_i = min(1, lambda wt[i]), lambda by bisection ("water
 * filling", so a few heavy weights do not use up the count).  Returns
 * lambda (all candidates if k is more than there are). */
static double
fill_scale (const double *all, guint n_all, double k)
{
  double lo = 0.0, hi = 1.0, positive = 0.0;
  g_autofree double *wt = NULL;
  guint n = 0;

  /* The sums below skip zero weights: each would add exactly 0.0 to a
   * sum that is never -0.0, so every sum is the same to the last bit
   * (and the bisection takes the same steps). */
  for (guint i = 0; i < n_all; i++)
    n += all[i] != 0.0;
  wt = g_new (double, MAX (1u, n));
  n = 0;
  for (guint i = 0; i < n_all; i++)
    if (all[i] != 0.0)
      wt[n++] = all[i];
  for (guint i = 0; i < n; i++)
    positive += wt[i] > 0;
  if (k <= 0 || positive == 0)
    return 0.0;
  if (k >= positive)
    return G_MAXDOUBLE;
  for (;;) /* an upper bound */
    {
      double sum = 0.0;
      for (guint i = 0; i < n; i++)
        sum += MIN (1.0, hi * wt[i]);
      if (sum >= k)
        break;
      hi *= 2;
    }
#if FILL_WIDE
  if (vec_level () == VEC_AVX512)
    return fill_bisect_wide (wt, n, k, lo, hi);
#endif
  return fill_bisect (wt, n, k, lo, hi);
}

static gboolean
chosen (double lambda, double wt, SimRng *rng)
{
  double u = sim_rng_uniform (rng);

  return wt > 0 && u < MIN (1.0, lambda * wt);
}

/* Place every child, and choose who is looked after at the start. */
static void
place_and_care (CsWorld *w, double children)
{
  const CsParams *p = w->p;
  double k = p->life.looked_after_per_1000.value * children / 1000;
  double out = amount (w, &p->area.outside[CS_OUTSIDE_LOOKED_AFTER_OUT_OF_AREA],
                       children);
  double p_out = k > 0 ? MIN (1.0, out / k) : 0.0, lambda;
  g_autofree double *wt = g_new (double, MAX (1u, w->n_kids));

  for (guint i = 0; i < w->n_kids; i++)
    wt[i] = care_weight (w, &w->kids[i]);
  lambda = fill_scale (wt, w->n_kids, k);
  for (guint i = 0; i < w->n_kids; i++)
    {
      SimRng rng;

      cs_world_child_rng (w, i, &rng);
      cs_world_place_by_age (w, i, CS_NONE, &rng);
      if (chosen (lambda, wt[i], &rng))
        cs_life_enter_care (w, i, &rng, TRUE, sim_rng_uniform (&rng) < p_out);
    }
}

/* The child's need to refer at the start: its highest stage (the first
 * such domain). */
static guint
main_need (const CsChild *c)
{
  guint best = 0;

  for (guint d = 1; d < CS_N_DOMAINS; d++)
    if (cs_stage (c, d) > cs_stage (c, best))
      best = d;
  return best;
}

/* Excluded, home-educated and children in need at the start.  Children
 * in need (besides the looked after) have an open social-care case and
 * are referred by a social worker for their highest need, so services
 * start with cases; a referral that reaches no social-care service leaves
 * the case held open (cs_world_set_open_case). */
static void
outside_and_cases (CsWorld *w, double children)
{
  const CsParams *p = w->p;
  double k_ex = amount (w, &p->area.outside[CS_OUTSIDE_EXCLUDED], children);
  double k_he
      = amount (w, &p->area.outside[CS_OUTSIDE_HOME_EDUCATED], children);
  double k_cin = p->life.children_in_need_per_1000.value * children / 1000;
  guint thr = cs_threshold (&p->groups.child_in_need_stage_min);
  g_autofree double *wt = g_new (double, MAX (1u, w->n_kids));
  double pupils = 0.0, in_need = 0.0, lambda;

  for (guint i = 0; i < w->n_kids; i++)
    {
      const CsChild *c = &w->kids[i];
      wt[i] = exclusion_weight (w, i);
      pupils += c->place == CS_PLACE_ROLL;
      if (c->flags & CS_CHILD_LOOKED_AFTER)
        k_cin -= 1.0;
      else if (cs_max_stage (c) >= thr)
        in_need++;
    }
  lambda = fill_scale (wt, w->n_kids, k_ex);
  for (guint i = 0; i < w->n_kids; i++)
    {
      CsChild *c = &w->kids[i];
      SimRng rng;

      cs_world_child_rng (w, i, &rng);
      if (chosen (lambda, wt[i], &rng))
        cs_life_exclude (w, i, &rng, TRUE);
      else if (c->place == CS_PLACE_ROLL && pupils > 0
               && sim_rng_uniform (&rng) < k_he / pupils)
        cs_world_set_place (w, i, CS_PLACE_HOME_EDUCATED, CS_NONE);
      if (!(c->flags & CS_CHILD_LOOKED_AFTER) && cs_max_stage (c) >= thr
          && in_need > 0 && sim_rng_uniform (&rng) < k_cin / in_need)
        {
          c->flags |= CS_CHILD_OPEN_CASE; /* known to social care */
          cs_service_refer (w, i, main_need (c), CS_NOTICER_SOCIAL_WORKER);
          cs_world_set_open_case (w, i);
        }
    }
}

gboolean
cs_populate_initial (CsWorld *w, GError **error)
{
  const CsParams *p = w->p;
  double children = 0.0, pre_school = 0.0;

  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      {
        double n = lround (p->localities[l].children[a].value);
        children += n;
        if (a < w->school_age_min)
          pre_school += n;
      }
  if (children >= (double)G_MAXUINT32 / 4)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "area: too many children (%.0f)", children);
      return FALSE;
    }
  w->p_setting
      = pre_school > 0 ? MIN (
            1.0, amount (w, &p->area.outside[CS_OUTSIDE_PRE_SCHOOL], children)
                     / pre_school)
                       : 0.0;
  init_stages (w);
  for (guint l = 0; l < p->n_localities; l++)
    for (guint a = 0; a < CS_N_AGES; a++)
      for (long i = 0; i < lround (p->localities[l].children[a].value); i++)
        {
          SimRng rng;
          create_child (w, l, a, &rng);
        }
  w->initial = w->n_kids;
  special_share (w);
  place_and_care (w, children);
  outside_and_cases (w, children);
  return TRUE;
}
