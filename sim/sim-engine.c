/* sim-engine.c: one replication of a model: clock, calendar, streams.
 *
 * Invariants (see sim-engine.h for the contract):
 * - now only grows; every popped event is after the previous one in
 *   (time, priority, seq) order.  Both are checked on every pop.
 * - A model may schedule only at or after the current event's (time,
 *   priority): a time before now, or the current time with a smaller
 *   priority than the running event's, would pop out of contract order,
 *   so it is refused as "scheduling in the past".
 * - The first internal error (a refused schedule, an order violation, or
 *   sim_engine_fail()) is kept and stops the run; sim_engine_run() then
 *   returns FALSE with it and does not call finish (a failure recorded by
 *   finish itself also makes the run fail).
 * - The end of warm-up is an internal event (kind WARMUP_KIND, priority
 *   G_MININT32, pushed before the model's first events), so it fires
 *   before every model event at the same time.  It is neither counted nor
 *   traced.
 * - Events after horizon_days are never executed; they stay in the
 *   calendar, which frees their payloads with the engine.  When the run
 *   reaches the horizon (the next event is after it, or none is left), the
 *   clock is set to horizon_days before finish; after sim_engine_stop() it
 *   stays at the time of the last event.
 * - Payloads: the engine owns a payload from schedule on (transfer full);
 *   a refused schedule frees it at once.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>

#include "sim/sim-engine.h"
#include "sim/sim-error.h"

#define WARMUP_KIND G_MAXUINT32

struct SimEngine
{
  const SimModel *model;
  gconstpointer params;
  SimRunConfig config;
  SimCalendar *cal;
  gpointer state;
  double now;
  gint32 now_priority; /* of the running (or last) event */
  guint64 now_seq;
  guint64 events;
  gboolean started; /* the first event has been popped */
  gboolean in_warmup;
  gboolean stop;
  gboolean ran;
  GError *failure; /* first internal error, or NULL */
  SimTraceFunc trace;
  gpointer trace_data;
};

/* ---- Errors ----------------------------------------------------------- */

static void fail_valist (SimEngine *eng, const char *format, va_list ap)
    G_GNUC_PRINTF (2, 0);

static void
fail_valist (SimEngine *eng, const char *format, va_list ap)
{
  g_autofree char *msg = NULL;

  eng->stop = TRUE;
  if (eng->failure != NULL)
    return;
  msg = g_strdup_vprintf (format, ap);
  eng->failure = g_error_new (
      SIM_ERROR, SIM_ERROR_INTERNAL, "internal error: %s (model %s, t=%.17g)",
      msg, eng->model->name ? eng->model->name : "?", eng->now);
}

void
sim_engine_fail (SimEngine *eng, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  fail_valist (eng, format, ap);
  va_end (ap);
}

static gboolean
check_config (const SimRunConfig *config, GError **error)
{
  if (!isfinite (config->warmup_days) || config->warmup_days < 0.0)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "run: warm-up must be finite and >= 0 days (got %g)",
                   config->warmup_days);
      return FALSE;
    }
  if (!isfinite (config->horizon_days)
      || config->horizon_days < config->warmup_days)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "run: horizon must be finite and >= the warm-up "
                   "(got %g days, warm-up %g days)",
                   config->horizon_days, config->warmup_days);
      return FALSE;
    }
  return TRUE;
}

/* ---- Life cycle ------------------------------------------------------- */

SimEngine *
sim_engine_new (const SimModel *model, gconstpointer params,
                const SimRunConfig *config, GError **error)
{
  g_autoptr (SimEngine) eng = NULL;

  g_return_val_if_fail (model != NULL && config != NULL, NULL);
  g_return_val_if_fail (model->n_kinds == 0 || model->handlers != NULL, NULL);
  g_return_val_if_fail (model->state_new && model->finish, NULL);
  if (!check_config (config, error))
    return NULL;
  eng = g_new0 (SimEngine, 1);
  eng->model = model;
  eng->params = params;
  eng->config = *config;
  eng->cal = sim_calendar_new ();
  eng->now_priority = G_MININT32;
  eng->in_warmup = TRUE;
  sim_calendar_push (eng->cal, config->warmup_days,
                     model->warmup_priority != 0 ? model->warmup_priority
                                                 : G_MININT32,
                     WARMUP_KIND, NULL, NULL);
  eng->state = model->state_new (eng, params, error);
  if (eng->state == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
                     "internal error: model %s: state_new failed without "
                     "an error",
                     model->name ? model->name : "?");
      return NULL;
    }
  if (eng->failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&eng->failure));
      return NULL;
    }
  return g_steal_pointer (&eng);
}

void
sim_engine_free (SimEngine *eng)
{
  if (eng == NULL)
    return;
  /* The calendar first: payloads may refer to the state. */
  sim_calendar_free (eng->cal);
  if (eng->state != NULL && eng->model->state_free != NULL)
    eng->model->state_free (eng->state);
  g_clear_error (&eng->failure);
  g_free (eng);
}

void
sim_engine_set_trace (SimEngine *eng, SimTraceFunc func, gpointer user_data)
{
  eng->trace = func;
  eng->trace_data = user_data;
}

SimTraceFunc
sim_engine_get_trace (const SimEngine *eng, gpointer *user_data)
{
  if (user_data)
    *user_data = eng->trace_data;
  return eng->trace;
}

/* ---- Run -------------------------------------------------------------- */

/* Record an order violation; TRUE if ev is after the current event. */
static gboolean
check_order (SimEngine *eng, const SimEvent *ev)
{
  if (G_LIKELY (ev->time > eng->now))
    return TRUE;
  if (ev->time == eng->now
      && (ev->priority > eng->now_priority
          || (ev->priority == eng->now_priority
              && (ev->seq > eng->now_seq || !eng->started))))
    return TRUE;
  sim_engine_fail (eng,
                   "event (t=%.17g, priority %" G_GINT32_FORMAT
                   ", seq %" G_GUINT64_FORMAT ") popped after (t=%.17g, "
                   "priority %" G_GINT32_FORMAT ", seq %" G_GUINT64_FORMAT ")",
                   ev->time, ev->priority, ev->seq, eng->now, eng->now_priority,
                   eng->now_seq);
  return FALSE;
}

static void
end_warmup (SimEngine *eng)
{
  eng->in_warmup = FALSE;
  if (eng->model->warmup_end != NULL)
    eng->model->warmup_end (eng, eng->state);
}

static void
trace_event (SimEngine *eng, const SimEvent *ev)
{
  const char *const *names = eng->model->kind_names;

  eng->trace (ev->time, ev->kind, names ? names[ev->kind] : NULL,
              eng->trace_data);
}

/* Pop and execute events until the horizon, stop or failure. */
static void
run_loop (SimEngine *eng)
{
  const SimHandlerFunc *handlers = eng->model->handlers;
  void (*prefetch) (gpointer, guint32, gpointer) = eng->model->prefetch;
  const double horizon = eng->config.horizon_days;
  SimCalendar *cal = eng->cal;
  SimEvent ev;

  while (!eng->stop && sim_calendar_peek_time (cal) <= horizon)
    {
      sim_calendar_pop (cal, &ev);
      if (G_UNLIKELY (!check_order (eng, &ev)))
        {
          if (ev.free_payload)
            ev.free_payload (ev.payload);
          return;
        }
      eng->now = ev.time;
      eng->now_priority = ev.priority;
      eng->now_seq = ev.seq;
      eng->started = TRUE;
      if (G_UNLIKELY (ev.kind == WARMUP_KIND))
        {
          end_warmup (eng);
          continue;
        }
      eng->events++;
      if (eng->trace != NULL)
        trace_event (eng, &ev);
      /* The event after this one, as the calendar stands before the
       * handler: its memory then arrives while the handler runs (asked
       * for after the handler, it came too late for the pop that
       * follows).  A handler seldom pushes an event before it. */
      if (prefetch != NULL)
        {
          guint32 kind;
          gpointer payload;
          if (sim_calendar_peek (cal, &kind, &payload))
            prefetch (eng->state, kind, payload);
        }
      handlers[ev.kind](eng, eng->state, ev.payload);
      if (ev.free_payload)
        ev.free_payload (ev.payload);
    }
  if (!eng->stop)
    eng->now = horizon;
}

gboolean
sim_engine_run (SimEngine *eng, SimResults *out, GError **error)
{
  g_return_val_if_fail (!eng->ran, FALSE);
  eng->ran = TRUE;
  run_loop (eng);
  if (eng->failure == NULL && !eng->model->finish (eng, eng->state, out, error))
    return FALSE;
  /* A failure from a handler, or from finish itself. */
  if (eng->failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&eng->failure));
      return FALSE;
    }
  return TRUE;
}

void
sim_engine_stop (SimEngine *eng)
{
  eng->stop = TRUE;
}

/* ---- Scheduling ------------------------------------------------------- */

/* Cold path of schedule(): say why the event is refused, free its payload. */
G_GNUC_NO_INLINE static SimHandle
refuse (SimEngine *eng, double time, gint32 priority, guint32 kind,
        gpointer payload, GDestroyNotify free_payload)
{
  const char *why = "scheduling in the past";

  if (!isfinite (time))
    why = "scheduling at a non-finite time";
  else if (kind >= eng->model->n_kinds)
    why = "scheduling an unknown event kind";
  sim_engine_fail (eng,
                   "%s (kind %" G_GUINT32_FORMAT ", t=%.17g, "
                   "priority %" G_GINT32_FORMAT ")",
                   why, kind, time, priority);
  if (free_payload)
    free_payload (payload);
  return SIM_HANDLE_NONE;
}

/* The one test on the hot path: finite, not before the running event in
 * (time, priority) order, and a kind the model has.  (NaN fails time >=
 * now.) */
G_ALWAYS_INLINE static inline SimHandle
schedule (SimEngine *eng, double time, gint32 priority, guint32 kind,
          gpointer payload, GDestroyNotify free_payload)
{
  if (G_UNLIKELY (!(time >= eng->now && time < INFINITY
                    && (time > eng->now || priority >= eng->now_priority)
                    && kind < eng->model->n_kinds)))
    return refuse (eng, time, priority, kind, payload, free_payload);
  return sim_calendar_push (eng->cal, time, priority, kind, payload,
                            free_payload);
}

SimHandle
sim_engine_schedule_at (SimEngine *eng, double time, gint32 priority,
                        guint32 kind, gpointer payload,
                        GDestroyNotify free_payload)
{
  return schedule (eng, time, priority, kind, payload, free_payload);
}

SimHandle
sim_engine_schedule (SimEngine *eng, double delay, guint32 kind,
                     gpointer payload, GDestroyNotify free_payload)
{
  /* A negative or NaN delay lands before now or off the line: refused. */
  return schedule (eng, eng->now + delay, 0, kind, payload, free_payload);
}

gboolean
sim_engine_cancel (SimEngine *eng, SimHandle handle)
{
  return sim_calendar_cancel (eng->cal, handle);
}

/* The event keeps its priority; moving it to now with a priority below
 * the running event's is caught by the order check when it pops. */
gboolean
sim_engine_reschedule (SimEngine *eng, SimHandle handle, double time)
{
  if (!sim_calendar_is_pending (eng->cal, handle))
    return FALSE;
  if (G_UNLIKELY (!isfinite (time) || time < eng->now))
    {
      sim_engine_fail (eng, "rescheduling %s (t=%.17g)",
                       isfinite (time) ? "into the past" : "to a non-finite",
                       time);
      return FALSE;
    }
  return sim_calendar_reschedule (eng->cal, handle, time);
}

/* ---- Accessors -------------------------------------------------------- */

double
sim_engine_now (const SimEngine *eng)
{
  return eng->now;
}

gboolean
sim_engine_in_warmup (const SimEngine *eng)
{
  return eng->in_warmup;
}

const SimRunConfig *
sim_engine_config (const SimEngine *eng)
{
  return &eng->config;
}

guint64
sim_engine_events (const SimEngine *eng)
{
  return eng->events;
}

gpointer
sim_engine_state (const SimEngine *eng)
{
  return eng->state;
}

void
sim_engine_rng (const SimEngine *eng, SimRng *rng, guint32 purpose,
                guint32 entity)
{
  sim_rng_init (rng, eng->config.seed, eng->config.replication, purpose,
                entity);
}
