/* ctsim-bench.c: event-rate benchmarks of the engine (M/M/c and hold).
 *
 *   ctsim-bench mmc  [--customers N] [--servers C] [--rho R] [--seed S]
 *   ctsim-bench hold [--pending N] [--events M] [--seed S]
 *   ctsim-bench area ...   (the area model; see bench-area.c)
 *   ctsim-bench load ...   (the scenario loader; see bench-load.c)
 *
 * Both run a model through the real engine: SimModel handler table,
 * calendar, SimRng streams.  An event is one calendar pop and one handler
 * call.  The clock runs around sim_engine_run() only (building the model,
 * e.g. the hold model's first N events, is not timed).  Exponential draws
 * are -log(U) * mean, inline.  Output, one "name value" per line:
 * events, seconds, events_per_sec, and for mmc wq_mean (mean wait in queue,
 * service mean = 1) beside wq_erlang_c (the exact M/M/c value).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "sim/sim-engine.h"
#include "sim/sim-error.h"

int bench_area_main (int argc, char **argv); /* bench-area.c */
int bench_load_main (int argc, char **argv); /* bench-load.c */

/* Stream purposes. */
enum
{
  PURPOSE_ARRIVAL = 1,
  PURPOSE_SERVICE = 2,
  PURPOSE_HOLD = 3,
};

static inline double
draw_exp (SimRng *rng, double mean)
{
  return -log (sim_rng_uniform (rng)) * mean;
}

/* ---- M/M/c ------------------------------------------------------------ */

typedef struct
{
  gint64 customers;
  gint servers;
  double rho;
} MmcParams;

typedef struct
{
  const MmcParams *p;
  double arrival_mean; /* 1 / lambda, lambda = rho * c (service mean 1) */
  SimRng arrivals;
  SimRng services;
  gint64 arrived;
  gint busy;
  double *queue; /* ring buffer of arrival times, qcap a power of 2 */
  gsize qcap, qhead, qlen;
  double wait_sum;
  gint64 served;
} Mmc;

enum
{
  MMC_ARRIVAL,
  MMC_DEPARTURE,
  MMC_N_KINDS
};

static void
queue_push (Mmc *m, double t)
{
  if (m->qlen == m->qcap)
    {
      gsize cap = m->qcap * 2;
      double *q = g_new (double, cap);
      for (gsize i = 0; i < m->qlen; i++)
        q[i] = m->queue[(m->qhead + i) & (m->qcap - 1)];
      g_free (m->queue);
      m->queue = q;
      m->qcap = cap;
      m->qhead = 0;
    }
  m->queue[(m->qhead + m->qlen++) & (m->qcap - 1)] = t;
}

static double
queue_pop (Mmc *m)
{
  double t = m->queue[m->qhead];

  m->qhead = (m->qhead + 1) & (m->qcap - 1);
  m->qlen--;
  return t;
}

static void
start_service (SimEngine *eng, Mmc *m, double wait)
{
  m->wait_sum += wait;
  m->served++;
  sim_engine_schedule (eng, draw_exp (&m->services, 1.0), MMC_DEPARTURE, NULL,
                       NULL);
}

static void
on_arrival (SimEngine *eng, gpointer state, gpointer payload)
{
  Mmc *m = state;

  (void)payload;
  if (++m->arrived < m->p->customers)
    sim_engine_schedule (eng, draw_exp (&m->arrivals, m->arrival_mean),
                         MMC_ARRIVAL, NULL, NULL);
  if (m->busy < m->p->servers)
    {
      m->busy++;
      start_service (eng, m, 0.0);
    }
  else
    queue_push (m, sim_engine_now (eng));
}

static void
on_departure (SimEngine *eng, gpointer state, gpointer payload)
{
  Mmc *m = state;

  (void)payload;
  if (m->qlen > 0)
    start_service (eng, m, sim_engine_now (eng) - queue_pop (m));
  else
    m->busy--;
}

static gpointer
mmc_new (SimEngine *eng, gconstpointer params, GError **error)
{
  Mmc *m = g_new0 (Mmc, 1);

  (void)error;
  m->p = params;
  m->arrival_mean = 1.0 / (m->p->rho * m->p->servers);
  sim_engine_rng (eng, &m->arrivals, PURPOSE_ARRIVAL, 0);
  sim_engine_rng (eng, &m->services, PURPOSE_SERVICE, 0);
  m->qcap = 1024;
  m->queue = g_new (double, m->qcap);
  sim_engine_schedule (eng, draw_exp (&m->arrivals, m->arrival_mean),
                       MMC_ARRIVAL, NULL, NULL);
  return m;
}

static void
mmc_free (gpointer state)
{
  Mmc *m = state;

  g_free (m->queue);
  g_free (m);
}

static gboolean
mmc_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  Mmc *m = state;

  (void)eng;
  (void)error;
  sim_results_add (out, SIM_YEAR_ALL, "mmc", "wq_mean",
                   m->served > 0 ? m->wait_sum / m->served : NAN);
  sim_results_add (out, SIM_YEAR_ALL, "mmc", "served", (double)m->served);
  return TRUE;
}

static const char *const mmc_kind_names[MMC_N_KINDS]
    = { "arrival", "departure" };
static const SimHandlerFunc mmc_handlers[MMC_N_KINDS]
    = { on_arrival, on_departure };
static const SimModel mmc_model = {
  .name = "mmc",
  .n_kinds = MMC_N_KINDS,
  .kind_names = mmc_kind_names,
  .handlers = mmc_handlers,
  .state_new = mmc_new,
  .state_free = mmc_free,
  .finish = mmc_finish,
};

/* Erlang C: mean wait in queue of M/M/c with service mean 1. */
static double
erlang_c_wq (int c, double rho)
{
  double a = rho * c, term = 1.0, sum = 0.0, top;

  for (int k = 0; k < c; k++)
    {
      sum += term; /* a^k / k! */
      term *= a / (k + 1);
    }
  top = term / (1.0 - rho); /* a^c / c! / (1 - rho) */
  return top / (sum + top) / (c * (1.0 - rho));
}

/* ---- Hold ------------------------------------------------------------- */

typedef struct
{
  gint64 pending;
  gint64 events;
} HoldParams;

typedef struct
{
  const HoldParams *p;
  SimRng rng;
  gint64 done;
} Hold;

static void
on_hold (SimEngine *eng, gpointer state, gpointer payload)
{
  Hold *h = state;

  (void)payload;
  sim_engine_schedule (eng, draw_exp (&h->rng, 1.0), 0, NULL, NULL);
  if (++h->done == h->p->events)
    sim_engine_stop (eng);
}

static gpointer
hold_new (SimEngine *eng, gconstpointer params, GError **error)
{
  Hold *h = g_new0 (Hold, 1);

  (void)error;
  h->p = params;
  sim_engine_rng (eng, &h->rng, PURPOSE_HOLD, 0);
  for (gint64 i = 0; i < h->p->pending; i++)
    sim_engine_schedule (eng, draw_exp (&h->rng, 1.0), 0, NULL, NULL);
  return h;
}

static gboolean
hold_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  (void)eng;
  (void)state;
  (void)out;
  (void)error;
  return TRUE;
}

static const char *const hold_kind_names[] = { "hold" };
static const SimHandlerFunc hold_handlers[] = { on_hold };
static const SimModel hold_model = {
  .name = "hold",
  .n_kinds = 1,
  .kind_names = hold_kind_names,
  .handlers = hold_handlers,
  .state_new = hold_new,
  .state_free = g_free,
  .finish = hold_finish,
};

/* ---- Running ---------------------------------------------------------- */

/* Build, run (timed) and report; the results go to *out. */
static gboolean
bench_run (const SimModel *model, gconstpointer params, guint64 seed,
           SimResults *out, GError **error)
{
  SimRunConfig config = { seed, 0, 0.0, G_MAXDOUBLE };
  g_autoptr (SimEngine) eng = NULL;
  gint64 t0, t1;
  double seconds;
  guint64 events;

  eng = sim_engine_new (model, params, &config, error);
  if (eng == NULL)
    return FALSE;
  t0 = g_get_monotonic_time ();
  if (!sim_engine_run (eng, out, error))
    return FALSE;
  t1 = g_get_monotonic_time ();
  seconds = (t1 - t0) / 1e6;
  events = sim_engine_events (eng);
  printf ("events %" G_GUINT64_FORMAT "\n", events);
  printf ("seconds %.3f\n", seconds);
  printf ("events_per_sec %.0f\n", events / seconds);
  return TRUE;
}

static gboolean
parse (GOptionContext *ctx, int *argc, char ***argv, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!g_option_context_parse (ctx, argc, argv, &local))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE, "%s", local->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "unexpected argument '%s'", (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
usage_error (GError **error, const char *what)
{
  g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE, "%s", what);
  return FALSE;
}

static gboolean
cmd_mmc (int argc, char **argv, GError **error)
{
  MmcParams p = { 2000000, 10, 0.9 };
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT64, &p.customers,
      "customers to serve (2000000)", "N" },
    { "servers", 0, 0, G_OPTION_ARG_INT, &p.servers, "servers (10)", "C" },
    { "rho", 0, 0, G_OPTION_ARG_DOUBLE, &p.rho, "utilisation (0.9)", "R" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "seed (1)", "S" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- M/M/c queue");
  g_autoptr (SimResults) res = sim_results_new ();

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!parse (ctx, &argc, &argv, error))
    return FALSE;
  if (p.customers < 1 || p.servers < 1 || !(p.rho > 0.0 && p.rho < 1.0)
      || seed < 0)
    return usage_error (error, "mmc: need customers >= 1, servers >= 1, "
                               "0 < rho < 1, seed >= 0");
  printf ("mmc customers %" G_GINT64_FORMAT
          " servers %d rho %g seed %" G_GINT64_FORMAT "\n",
          p.customers, p.servers, p.rho, seed);
  if (!bench_run (&mmc_model, &p, (guint64)seed, res, error))
    return FALSE;
  printf ("wq_mean %.6f\n",
          sim_results_lookup (res, SIM_YEAR_ALL, "mmc", "wq_mean"));
  printf ("wq_erlang_c %.6f\n", erlang_c_wq (p.servers, p.rho));
  return TRUE;
}

static gboolean
cmd_hold (int argc, char **argv, GError **error)
{
  HoldParams p = { 1000000, 10000000 };
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "pending", 0, 0, G_OPTION_ARG_INT64, &p.pending,
      "events pending in the calendar (1000000)", "N" },
    { "events", 0, 0, G_OPTION_ARG_INT64, &p.events,
      "events to execute (10000000)", "M" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "seed (1)", "S" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- hold model");
  g_autoptr (SimResults) res = sim_results_new ();

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!parse (ctx, &argc, &argv, error))
    return FALSE;
  if (p.pending < 1 || p.events < 1 || seed < 0)
    return usage_error (error, "hold: need pending >= 1, events >= 1, "
                               "seed >= 0");
  printf ("hold pending %" G_GINT64_FORMAT " events %" G_GINT64_FORMAT
          " seed %" G_GINT64_FORMAT "\n",
          p.pending, p.events, seed);
  return bench_run (&hold_model, &p, (guint64)seed, res, error);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (argc < 2 || g_str_equal (argv[1], "--help")
      || g_str_equal (argv[1], "-h"))
    {
      fprintf (stderr,
               "usage: %s mmc|hold|area|load [OPTION...]  (%s CMD --help)\n",
               argv[0], argv[0]);
      return argc < 2 ? SIM_ERROR_USAGE : 0;
    }
  if (g_str_equal (argv[1], "mmc"))
    ok = cmd_mmc (argc - 1, argv + 1, &error);
  else if (g_str_equal (argv[1], "hold"))
    ok = cmd_hold (argc - 1, argv + 1, &error);
  else if (g_str_equal (argv[1], "area"))
    return bench_area_main (argc - 1, argv + 1);
  else if (g_str_equal (argv[1], "load"))
    return bench_load_main (argc - 1, argv + 1);
  else
    ok = usage_error (&error, "unknown command (want mmc, hold, area or load)");
  if (!ok)
    {
      fprintf (stderr, "ctsim-bench: %s\n", error->message);
      return error->domain == SIM_ERROR ? error->code : 1;
    }
  return 0;
}
