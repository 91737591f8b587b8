/* cs-queue.h: services with waiting lists, the model every service builds on.
 *
 * Each service has `servers` places (c), referrals arriving as a Poisson
 * process of `arrival_rate` per day, episode durations drawn from
 * `episode` (days), and a FIFO waiting list of unlimited length.  Services
 * are independent of each other.  With c = 0 a service serves nobody.
 * This is also the engine's validation model: M/M/1, M/M/c and M/D/1.
 *
 * Streams: arrivals use purpose CS_QUEUE_STREAM_ARRIVAL and episodes
 * CS_QUEUE_STREAM_EPISODE, entity = service index, so adding a service does
 * not shift the draws of the others.
 *
 * Rows (per service group "service:<id>", per year and for "all"):
 * referrals, served, waiting_days_mean, queue_length_mean, utilisation,
 * in_system_mean (time-average number waiting or in service) and
 * system_days_mean (wait plus episode, for served referrals).
 */
#pragma once

#include <glib.h>

#include "sim/sim-dist.h"
#include "sim/sim-engine.h"

G_BEGIN_DECLS

enum
{
  CS_QUEUE_STREAM_ARRIVAL = 1,
  CS_QUEUE_STREAM_EPISODE = 2,
};

typedef struct
{
  char *id;            /* lower-case identifier, used in "service:<id>" */
  guint servers;       /* c; 0 allowed */
  double arrival_rate; /* referrals per day, > 0 */
  SimDist episode;     /* episode duration, days, non-negative */
} CsQueueService;

typedef struct
{
  guint n_services;
  CsQueueService *services; /* owned */
} CsQueueParams;

extern const SimModel cs_queue_model;

CsQueueParams *cs_queue_params_new (guint n_services);
void cs_queue_params_free (CsQueueParams *params); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsQueueParams, cs_queue_params_free)

/* Analytic steady-state values for a service (NAN when unstable, when the
 * episode distribution is not exponential (M/M/c) or c != 1 (M/G/1)).
 * Wq is the mean wait in queue (days), Lq the mean queue length. */
gboolean cs_queue_analytic (const CsQueueService *svc, double *wq, double *lq);

G_END_DECLS
