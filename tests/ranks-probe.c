/* ranks-probe.c: sim_ranks_work() under mpirun, checked from inside
 * (tests/ranks.sh runs it on 1, 2 and 3 ranks).
 *
 *   ranks-probe JOBS [FAIL...]
 *
 * Runs N items on every rank; item i returns rows that depend on i only,
 * and i events.  Items run by rank 1 sleep SLOW_USEC, the others FAST_USEC
 * (all FAST_USEC when some fail),
 * so that a rank that takes items as it frees (sim-ranks.c) runs fewer on
 * rank 1 than an even split would give it.  With FAIL indices, those items
 * fail, and every rank must return FALSE with the lowest one's error;
 * each rank then prints how many items it ran ("rank K ran X items"), so
 * ranks.sh can check that a failing run stops handing out items.
 *
 * Rank 0 prints what it got (a digest of every item's rows, the events,
 * the last progress call) and, with more than one rank, how many items
 * rank 1 ran; every rank checks its own answer and exits 1 when it is
 * wrong.  The digest and the failure line are the same for any ranks and
 * jobs, so ranks.sh compares them with the serial run's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim-error.h"
#include "sim/sim-ranks.h"

enum
{
  N = 60,
  FAST_USEC = 1000,
  SLOW_USEC = 20000
};

typedef struct
{
  guint fail[4];
  guint n_fail;
  guint last_done, last_total;
  gint ran; /* items run on this rank (atomic: the rank's threads) */
} Probe;

static SimResults *
item (guint i, gpointer data, guint64 *events, GError **error)
{
  Probe *p = data;
  SimResults *r;

  g_atomic_int_inc (&p->ran);
  /* a failing item fails at once, so the other ranks' items after it
   * are the ones handed out ahead, not those of its sleep */
  for (guint k = 0; k < p->n_fail; k++)
    if (p->fail[k] == i)
      {
        g_set_error (error, SIM_ERROR, SIM_ERROR_DATA, "item %u failed", i);
        return NULL;
      }
  /* with failures, every rank is fast: a failing item queued behind a
   * slow one would wait for it */
  g_usleep (sim_ranks_rank () == 1 && p->n_fail == 0 ? SLOW_USEC : FAST_USEC);
  r = sim_results_new ();
  for (guint k = 0; k <= i % 3; k++)
    sim_results_add (r, (gint)k, g_intern_static_string ("g"),
                     g_intern_static_string ("m"), i * 1000.0 + k + 0.25);
  /* which rank ran it: a row of its own, not part of the digest */
  sim_results_add (r, -1, g_intern_static_string ("rank"),
                   g_intern_static_string ("rank"), sim_ranks_rank ());
  *events = i;
  return r;
}

static void
progress (guint done, guint total, gpointer data)
{
  Probe *p = data;

  if (done < p->last_done || done > total)
    {
      g_printerr ("progress went from %u to %u of %u\n", p->last_done, done,
                  total);
      exit (1);
    }
  p->last_done = done;
  p->last_total = total;
}

/* Rank 0: the digest of every item's rows; FALSE when one is missing. */
static gboolean
digest (SimResults **res, guint64 events, guint *on_rank1)
{
  double sum = 0;
  guint rows = 0;

  *on_rank1 = 0;
  for (guint i = 0; i < N; i++)
    {
      if (!res[i])
        return FALSE;
      for (gsize j = 0; j < sim_results_len (res[i]); j++)
        {
          const SimResultRow *row = sim_results_row (res[i], j);
          if (row->year < 0)
            {
              *on_rank1 += row->value == 1;
              continue;
            }
          rows++;
          sum += row->value * (row->year + 1);
        }
    }
  printf ("items %u rows %u sum %.2f events %" G_GUINT64_FORMAT "\n", N, rows,
          sum, events);
  return TRUE;
}

int
main (int argc, char **argv)
{
  Probe p = { { 0 }, 0, 0, 0, 0 };
  SimResults *res[N];
  guint64 events = 0;
  g_autoptr (GError) error = NULL;
  SimRanksSpec spec = { .n = N,
                        .func = item,
                        .user_data = &p,
                        .progress = progress,
                        .progress_data = &p };
  gboolean ok, bad = FALSE;
  guint lowest = G_MAXUINT, on_rank1 = 0;

  if (!sim_ranks_init (&argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  spec.jobs = argc > 1 ? (guint)atoi (argv[1]) : 1;
  for (int a = 2; a < argc && p.n_fail < G_N_ELEMENTS (p.fail); a++)
    {
      p.fail[p.n_fail] = (guint)atoi (argv[a]);
      lowest = MIN (lowest, p.fail[p.n_fail]);
      p.n_fail++;
    }
  ok = sim_ranks_work (&spec, res, &events, &error);
  if (lowest != G_MAXUINT)
    {
      g_autofree char *want = g_strdup_printf ("item %u failed", lowest);
      /* every rank: FALSE, the lowest item's error */
      bad = ok || !g_str_has_suffix (error->message, want)
            || !g_error_matches (error, SIM_ERROR, SIM_ERROR_DATA);
      if (sim_ranks_root ())
        printf ("failed: %s\n", ok ? "no" : want);
      printf ("rank %u ran %d items\n", sim_ranks_rank (),
              g_atomic_int_get (&p.ran));
    }
  else if (!ok)
    bad = TRUE;
  else if (sim_ranks_root ())
    {
      bad = !digest (res, events, &on_rank1) || p.last_done != N
            || p.last_total != N;
      if (sim_ranks_size () > 1)
        printf ("rank 1 ran %u of %u items\n", on_rank1, N);
    }
  else
    for (guint i = 0; i < N; i++)
      bad = bad || res[i] != NULL; /* only rank 0 holds results */
  if (bad)
    g_printerr ("rank %u: wrong answer (%s)\n", sim_ranks_rank (),
                error ? error->message : "ok");
  for (guint i = 0; i < N; i++)
    if (ok)
      g_clear_pointer (&res[i], sim_results_free);
  sim_ranks_finish ();
  return bad ? 1 : 0;
}
