/* sim-engine.h: one replication of a model: clock, calendar, streams.
 *
 * The engine knows nothing of the domain.  A model plugs in through a
 * constant SimModel table: state_new builds the model's state from its
 * (read-only, shared between threads) parameters and schedules the first
 * events; the engine then pops events in calendar order (see
 * sim-calendar.h for the order contract) and calls handlers[kind] with the
 * model state and the event's payload; after the handler returns the
 * engine frees the payload with its free function.  At the end of warm-up
 * the engine calls warmup_end (model statistics restart), and at the
 * horizon finish (the model writes its rows).
 *
 * Invariants checked on every event: the clock never goes back and events
 * leave the calendar in contract order; scheduling in the past or at a
 * non-finite time is refused.  A violation stops the run with
 * SIM_ERROR_INTERNAL (exit 70), never a silent wrong answer.
 *
 * Random numbers: sim_engine_rng() gives the stream keyed by the run's
 * seed and replication and the caller's (purpose, entity).
 */
#pragma once

#include <glib.h>

#include "sim/sim-calendar.h"
#include "sim/sim-results.h"
#include "sim/sim-rng.h"

G_BEGIN_DECLS

typedef struct SimEngine SimEngine;

typedef void (*SimHandlerFunc) (SimEngine *eng, gpointer state,
                                gpointer payload);

typedef struct
{
  const char *name;
  guint n_kinds;
  const char *const *kind_names;  /* n_kinds names, for traces */
  const SimHandlerFunc *handlers; /* n_kinds handlers */
  /* The columns a trace row has after time_days and event (sim-trace.h),
   * NULL-terminated; NULL when the model notes nothing. */
  const char *const *trace_columns;
  /* Build state, schedule the first events.  NULL + error on failure. */
  gpointer (*state_new) (SimEngine *eng, gconstpointer params, GError **error);
  void (*state_free) (gpointer state);
  /* Called once at the end of warm-up (may be NULL). */
  void (*warmup_end) (SimEngine *eng, gpointer state);
  /* The priority of the end of warm-up among the events at its time
   * (sim-calendar.h); 0: before all of them (G_MININT32). */
  gint32 warmup_priority;
  /* Called once at the horizon: write this replication's rows. */
  gboolean (*finish) (SimEngine *eng, gpointer state, SimResults *out,
                      GError **error);
  /* May be NULL.  Called before each handler with the kind and payload
   * of the event that comes next (as the calendar stands then), so the
   * model can ask for the memory that event will touch while the
   * handler runs (__builtin_prefetch: a hint, which must change no
   * state; the handler may still push an event that comes first). */
  void (*prefetch) (gpointer state, guint32 kind, gpointer payload);
} SimModel;

typedef struct
{
  guint64 seed;
  guint32 replication;
  double warmup_days;  /* observations before this time are discarded */
  double horizon_days; /* the run ends here (warm-up included) */
} SimRunConfig;

/* Called for every event executed, before its handler (may be NULL). */
typedef void (*SimTraceFunc) (double time, guint32 kind, const char *kind_name,
                              gpointer user_data);

SimEngine *sim_engine_new (const SimModel *model, gconstpointer params,
                           const SimRunConfig *config,
                           GError **error) G_GNUC_WARN_UNUSED_RESULT;
void sim_engine_free (SimEngine *eng); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimEngine, sim_engine_free)

void sim_engine_set_trace (SimEngine *eng, SimTraceFunc func,
                           gpointer user_data);
/* The installed trace hook (NULL when tracing is off) and, if user_data
 * is not NULL, its data. */
SimTraceFunc sim_engine_get_trace (const SimEngine *eng, gpointer *user_data);

/* Run to the horizon (or sim_engine_stop()), then call finish. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_engine_run (SimEngine *eng, SimResults *out, GError **error);

/* Schedule `delay` days from now (delay >= 0), priority 0. */
SimHandle sim_engine_schedule (SimEngine *eng, double delay, guint32 kind,
                               gpointer payload, GDestroyNotify free_payload);
/* Schedule at an absolute time (>= now) with a priority. */
SimHandle sim_engine_schedule_at (SimEngine *eng, double time, gint32 priority,
                                  guint32 kind, gpointer payload,
                                  GDestroyNotify free_payload);
gboolean sim_engine_cancel (SimEngine *eng, SimHandle handle);
gboolean sim_engine_reschedule (SimEngine *eng, SimHandle handle, double time);

/* End the run after the current handler (finish still runs). */
void sim_engine_stop (SimEngine *eng);
/* Record an internal error from a handler: the run stops and fails with
 * SIM_ERROR_INTERNAL and this message. */
void sim_engine_fail (SimEngine *eng, const char *format, ...)
    G_GNUC_PRINTF (2, 3);

double sim_engine_now (const SimEngine *eng);
gboolean sim_engine_in_warmup (const SimEngine *eng);
const SimRunConfig *sim_engine_config (const SimEngine *eng);
guint64 sim_engine_events (const SimEngine *eng);
gpointer sim_engine_state (const SimEngine *eng);
void sim_engine_rng (const SimEngine *eng, SimRng *rng, guint32 purpose,
                     guint32 entity);

G_END_DECLS
