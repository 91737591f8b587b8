/* cs-queue.c: services with places and a FIFO waiting list (see cs-queue.h).
 *
 * Definitions used in the rows (observation starts at the end of warm-up):
 * - referrals: arrivals in the period;
 * - served: episodes started in the period (whenever the referral came);
 * - waiting_days_mean: mean of (start - arrival) over episodes started in
 *   the period;
 * - queue_length_mean: time-average number waiting (not in service);
 * - in_system_mean: time-average number waiting or in service;
 * - utilisation: time-average places in use / places (empty when c = 0);
 * - system_days_mean: mean of (end - arrival) over episodes ended in the
 *   period.
 * Years are counted from the end of warm-up; a year-end event (lowest
 * priority, so after every other event at that instant) closes each year.
 */
#include "config.h"

#include <math.h>

#include "models/params/cs-outputs.h"
#include "models/params/cs-trace.h"
#include "models/queue/cs-queue.h"
#include "sim/sim-error.h"
#include "sim/sim-stats.h"

enum
{
  KIND_ARRIVAL,
  KIND_DEPARTURE,
  KIND_YEAR_END,
  N_KINDS
};

/* Accumulators for one observation period (a year or the whole run). */
typedef struct
{
  guint64 referrals;
  guint64 served;
  SimTally wait;
  SimTally system;
  SimTimeAvg queue;
  SimTimeAvg busy;
  SimTimeAvg in_system;
} Period;

/* One service: its streams, places in use and waiting list.  Arrival
 * events carry the service index as payload; departures carry a small
 * Departure with the arrival time, for the time in system. */
typedef struct
{
  const CsQueueService *svc;
  guint32 index;
  SimRng arrivals;
  SimRng episodes;
  guint busy;
  /* FIFO of arrival times of waiting customers (ring buffer). */
  double *wait_q;
  gsize q_head, q_len, q_cap;
  Period year;
  Period total;
} Service;

typedef struct
{
  guint n;
  Service *svc;
  gint year;          /* last closed observed year; 0 before the first */
  SimResults *yearly; /* yearly rows, copied out at finish */
} State;

/* Payload of a departure: service index and arrival time. */
typedef struct
{
  guint32 service;
  double arrival;
} Departure;

static void
period_start (Period *p, double t, const Service *s)
{
  p->referrals = 0;
  p->served = 0;
  sim_tally_reset (&p->wait);
  sim_tally_reset (&p->system);
  sim_timeavg_init (&p->queue, t, (double)s->q_len);
  sim_timeavg_init (&p->busy, t, (double)s->busy);
  sim_timeavg_init (&p->in_system, t, (double)(s->q_len + s->busy));
}

static void
levels_changed (Service *s, double t)
{
  Period *periods[2] = { &s->year, &s->total };

  for (int i = 0; i < 2; i++)
    {
      sim_timeavg_update (&periods[i]->queue, t, (double)s->q_len);
      sim_timeavg_update (&periods[i]->busy, t, (double)s->busy);
      sim_timeavg_update (&periods[i]->in_system, t,
                          (double)(s->q_len + s->busy));
    }
}

static void
queue_push (Service *s, double arrival)
{
  if (s->q_len == s->q_cap)
    {
      gsize cap = s->q_cap ? 2 * s->q_cap : 64;
      double *q = g_new (double, cap);

      for (gsize i = 0; i < s->q_len; i++)
        q[i] = s->wait_q[(s->q_head + i) % s->q_cap];
      g_free (s->wait_q);
      s->wait_q = q;
      s->q_head = 0;
      s->q_cap = cap;
    }
  s->wait_q[(s->q_head + s->q_len) % s->q_cap] = arrival;
  s->q_len++;
}

static double
queue_pop (Service *s)
{
  double arrival = s->wait_q[s->q_head];

  s->q_head = (s->q_head + 1) % s->q_cap;
  s->q_len--;
  return arrival;
}

static gboolean
observing (SimEngine *eng)
{
  return !sim_engine_in_warmup (eng);
}

static void
start_episode (SimEngine *eng, Service *s, double arrival)
{
  double now = sim_engine_now (eng);
  Departure *d = g_new (Departure, 1);

  s->busy++;
  if (observing (eng))
    {
      s->year.served++;
      s->total.served++;
      sim_tally_add (&s->year.wait, now - arrival);
      sim_tally_add (&s->total.wait, now - arrival);
    }
  d->service = s->index;
  d->arrival = arrival;
  sim_engine_schedule (eng, sim_dist_sample (&s->svc->episode, &s->episodes),
                       KIND_DEPARTURE, d, g_free);
}

static void
schedule_arrival (SimEngine *eng, Service *s)
{
  double gap = -log (sim_rng_uniform (&s->arrivals)) / s->svc->arrival_rate;

  sim_engine_schedule (eng, gap, KIND_ARRIVAL, GUINT_TO_POINTER (s->index),
                       NULL);
}

static void
on_arrival (SimEngine *eng, gpointer state, gpointer payload)
{
  State *st = state;
  Service *s = &st->svc[GPOINTER_TO_UINT (payload)];
  double now = sim_engine_now (eng);

  if (observing (eng))
    {
      s->year.referrals++;
      s->total.referrals++;
    }
  if (s->busy < s->svc->servers)
    start_episode (eng, s, now);
  else
    queue_push (s, now);
  levels_changed (s, now);
  cs_trace_say (eng, NULL, NULL, -1, s->svc->id,
                &(CsTraceFacts){ .what = CS_TRACE_QUEUE_ARRIVAL,
                                 .u.queue = { s->q_len, s->busy } });
  schedule_arrival (eng, s);
}

static void
on_departure (SimEngine *eng, gpointer state, gpointer payload)
{
  State *st = state;
  const Departure *d = payload;
  Service *s = &st->svc[d->service];
  double now = sim_engine_now (eng);

  s->busy--;
  if (observing (eng))
    {
      sim_tally_add (&s->year.system, now - d->arrival);
      sim_tally_add (&s->total.system, now - d->arrival);
    }
  if (s->q_len > 0)
    start_episode (eng, s, queue_pop (s));
  levels_changed (s, now);
  cs_trace_say (
      eng, NULL, NULL, -1, s->svc->id,
      &(CsTraceFacts){ .what = CS_TRACE_QUEUE_DEPARTURE,
                       .u.queue = { .system_days = now - d->arrival } });
}

static void
emit_period (SimResults *out, gint year, const Service *s, const Period *p,
             double t_end)
{
  const char *id = s->svc->id;
  double busy = sim_timeavg_mean (&p->busy, t_end);
  double util = s->svc->servers ? busy / s->svc->servers : NAN;

  sim_results_addf (out, year, CS_OUT_REFERRALS, (double)p->referrals,
                    CS_OUT_SERVICE_PREFIX "%s", id);
  sim_results_addf (out, year, CS_OUT_SERVED, (double)p->served,
                    CS_OUT_SERVICE_PREFIX "%s", id);
  sim_results_addf (out, year, CS_OUT_WAITING_DAYS_MEAN,
                    sim_tally_mean (&p->wait), CS_OUT_SERVICE_PREFIX "%s", id);
  sim_results_addf (out, year, CS_OUT_QUEUE_LENGTH_MEAN,
                    sim_timeavg_mean (&p->queue, t_end),
                    CS_OUT_SERVICE_PREFIX "%s", id);
  sim_results_addf (out, year, "in_system_mean",
                    sim_timeavg_mean (&p->in_system, t_end),
                    CS_OUT_SERVICE_PREFIX "%s", id);
  sim_results_addf (out, year, CS_OUT_UTILISATION, util,
                    CS_OUT_SERVICE_PREFIX "%s", id);
  sim_results_addf (out, year, "system_days_mean", sim_tally_mean (&p->system),
                    CS_OUT_SERVICE_PREFIX "%s", id);
}

static void
on_year_end (SimEngine *eng, gpointer state, gpointer payload)
{
  State *qs = state;
  double now = sim_engine_now (eng);

  (void)payload;
  qs->year++;
  for (guint i = 0; i < qs->n; i++)
    {
      Service *s = &qs->svc[i];
      emit_period (qs->yearly, qs->year, s, &s->year, now);
      period_start (&s->year, now, s);
    }
}

static void
schedule_year_ends (SimEngine *eng)
{
  const SimRunConfig *cfg = sim_engine_config (eng);
  double observed = cfg->horizon_days - cfg->warmup_days;
  /* Whole years only; a trailing part-year appears only in "all". */
  guint years = (guint)floor (observed / SIM_DAYS_PER_YEAR + 1e-9);

  for (guint y = 1; y <= years; y++)
    sim_engine_schedule_at (eng, cfg->warmup_days + sim_years (y), G_MAXINT32,
                            KIND_YEAR_END, NULL, NULL);
}

static gpointer
queue_state_new (SimEngine *eng, gconstpointer params, GError **error)
{
  const CsQueueParams *p = params;
  State *qs = g_new0 (State, 1);

  (void)error;
  qs->n = p->n_services;
  qs->svc = g_new0 (Service, p->n_services);
  qs->yearly = sim_results_new ();
  for (guint i = 0; i < p->n_services; i++)
    {
      Service *s = &qs->svc[i];
      s->svc = &p->services[i];
      s->index = i;
      sim_engine_rng (eng, &s->arrivals, CS_QUEUE_STREAM_ARRIVAL, i);
      sim_engine_rng (eng, &s->episodes, CS_QUEUE_STREAM_EPISODE, i);
      period_start (&s->year, 0.0, s);
      period_start (&s->total, 0.0, s);
      schedule_arrival (eng, s);
    }
  schedule_year_ends (eng);
  return qs;
}

static void
queue_state_free (gpointer state)
{
  State *qs = state;

  if (!qs)
    return;
  for (guint i = 0; i < qs->n; i++)
    g_free (qs->svc[i].wait_q);
  g_free (qs->svc);
  sim_results_free (qs->yearly);
  g_free (qs);
}

static void
queue_warmup_end (SimEngine *eng, gpointer state)
{
  State *qs = state;
  double now = sim_engine_now (eng);

  for (guint i = 0; i < qs->n; i++)
    {
      Service *s = &qs->svc[i];
      period_start (&s->year, now, s);
      period_start (&s->total, now, s);
    }
}

static gboolean
queue_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  State *qs = state;
  double t_end = sim_engine_config (eng)->horizon_days;

  (void)error;
  for (gsize i = 0; i < sim_results_len (qs->yearly); i++)
    {
      const SimResultRow *r = sim_results_row (qs->yearly, i);
      sim_results_add (out, r->year, r->group, r->measure, r->value);
    }
  for (guint i = 0; i < qs->n; i++)
    {
      Service *s = &qs->svc[i];
      levels_changed (s, t_end);
      emit_period (out, SIM_YEAR_ALL, s, &s->total, t_end);
    }
  return TRUE;
}

static const char *const kind_names[N_KINDS] = {
  [KIND_ARRIVAL] = "referral",
  [KIND_DEPARTURE] = "episode_end",
  [KIND_YEAR_END] = "year_end",
};

static const SimHandlerFunc handlers[N_KINDS] = {
  [KIND_ARRIVAL] = on_arrival,
  [KIND_DEPARTURE] = on_departure,
  [KIND_YEAR_END] = on_year_end,
};

const SimModel cs_queue_model = {
  .name = "queue",
  .n_kinds = N_KINDS,
  .kind_names = kind_names,
  .handlers = handlers,
  .trace_columns = cs_trace_columns,
  .state_new = queue_state_new,
  .state_free = queue_state_free,
  .warmup_end = queue_warmup_end,
  .finish = queue_finish,
};

CsQueueParams *
cs_queue_params_new (guint n_services)
{
  CsQueueParams *p = g_new0 (CsQueueParams, 1);

  p->n_services = n_services;
  p->services = g_new0 (CsQueueService, n_services);
  for (guint i = 0; i < n_services; i++)
    p->services[i].episode = (SimDist)SIM_DIST_INIT;
  return p;
}

void
cs_queue_params_free (CsQueueParams *params)
{
  if (!params)
    return;
  for (guint i = 0; i < params->n_services; i++)
    {
      g_free (params->services[i].id);
      sim_dist_clear (&params->services[i].episode);
    }
  g_free (params->services);
  g_free (params);
}

/* Erlang C probability that an arrival waits, for c servers and offered
 * load a = lambda / mu (requires a < c). */
static double
erlang_c (guint c, double a)
{
  double term = 1.0, sum = 1.0; /* k = 0 */
  double rho = a / c;

  for (guint k = 1; k < c; k++)
    {
      term *= a / k;
      sum += term;
    }
  term *= a / c; /* a^c / c! */
  return term / (term + (1.0 - rho) * sum);
}

gboolean
cs_queue_analytic (const CsQueueService *svc, double *wq, double *lq)
{
  double lambda = svc->arrival_rate;
  double es = sim_dist_mean (&svc->episode);
  double vs = sim_dist_variance (&svc->episode);
  double rho;

  *wq = *lq = NAN;
  if (svc->servers == 0 || !(es > 0))
    return FALSE;
  rho = lambda * es / svc->servers;
  if (rho >= 1.0)
    return FALSE;
  if (svc->episode.kind == SIM_DIST_EXPONENTIAL)
    *wq = erlang_c (svc->servers, lambda * es) * es
          / (svc->servers * (1.0 - rho));
  else if (svc->servers == 1) /* Pollaczek-Khinchine, M/G/1 */
    *wq = lambda * (vs + es * es) / (2.0 * (1.0 - rho));
  else
    return FALSE;
  *lq = lambda * *wq; /* Little's law */
  return TRUE;
}
