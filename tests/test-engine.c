/* test-engine.c: the engine (sim/sim-engine.h) through a toy SimModel.
 *
 * The toy model's events log (time, id, in warm-up) and then do what their
 * kind says: nothing, stop, fail, schedule something invalid, or draw a
 * delay and schedule the next event of a chain.  Every payload counts its
 * frees, and every test asserts each was freed exactly once.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sim/sim-engine.h"
#include "sim/sim-error.h"
#include "tests/cu-main.h"

/* ---- The toy model ---------------------------------------------------- */

enum
{
  K_LOG,
  K_STOP,
  K_FAIL,
  K_BAD,    /* schedule per ToyParams.bad */
  K_CHAIN,  /* random delay, then the next link */
  K_CANCEL, /* cancel the event whose handle is in the state */
  N_KINDS
};

typedef enum
{
  BAD_NONE,
  BAD_BEFORE_NOW,
  BAD_NEGATIVE_DELAY,
  BAD_NAN,
  BAD_INFINITE,
  BAD_LOWER_PRIORITY_NOW,
  BAD_RESCHEDULE_PAST,
  BAD_RESCHEDULE_NAN,
  BAD_RESCHEDULE_NOW, /* victim to now: pops out of order if its priority
                         is below the running event's */
  BAD_KIND,
} Bad;

typedef struct
{
  double time;
  gint32 priority;
  guint32 kind;
} Initial;

#define MAX_IDS 4096

typedef struct
{
  const Initial *initial; /* n_initial events, id = index */
  guint n_initial;
  Bad bad;
  guint chain_links; /* K_CHAIN: events per chain */
  gboolean fail_in_state_new;
  gboolean fail_in_finish;
  guint *freed; /* MAX_IDS counters, written by payload frees */
} ToyParams;

typedef struct
{
  double time;
  guint id;
  gboolean in_warmup;
} LogEntry;

typedef struct
{
  const ToyParams *p;
  GArray *log; /* LogEntry */
  guint next_id;
  guint warmup_calls;
  double warmup_time;
  guint finish_calls;
  double finish_now;
  SimHandle victim; /* for K_CANCEL */
  SimRng rng;
} Toy;

typedef struct
{
  guint id;
  guint link;
  guint *freed;
} Payload;

static void
payload_free (gpointer data)
{
  Payload *pl = data;

  pl->freed[pl->id]++;
  g_free (pl);
}

static Payload *
payload_new (Toy *toy, guint link)
{
  Payload *pl = g_new (Payload, 1);

  g_assert (toy->next_id < MAX_IDS);
  pl->id = toy->next_id++;
  pl->link = link;
  pl->freed = toy->p->freed;
  return pl;
}

static void
toy_log (SimEngine *eng, Toy *toy, const Payload *pl)
{
  LogEntry e = { sim_engine_now (eng), pl->id, sim_engine_in_warmup (eng) };

  g_array_append_val (toy->log, e);
}

static void
on_log (SimEngine *eng, gpointer state, gpointer payload)
{
  toy_log (eng, state, payload);
}

static void
on_stop (SimEngine *eng, gpointer state, gpointer payload)
{
  toy_log (eng, state, payload);
  sim_engine_stop (eng);
}

static void
on_fail (SimEngine *eng, gpointer state, gpointer payload)
{
  toy_log (eng, state, payload);
  sim_engine_fail (eng, "boom %d", 7);
}

static void
on_bad (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;
  double now = sim_engine_now (eng);
  SimHandle h = SIM_HANDLE_NONE;

  toy_log (eng, toy, payload);
  switch (toy->p->bad)
    {
    case BAD_BEFORE_NOW:
      h = sim_engine_schedule_at (eng, now - 1.0, 0, K_LOG,
                                  payload_new (toy, 0), payload_free);
      break;
    case BAD_NEGATIVE_DELAY:
      h = sim_engine_schedule (eng, -1e-9, K_LOG, payload_new (toy, 0),
                               payload_free);
      break;
    case BAD_NAN:
      h = sim_engine_schedule (eng, NAN, K_LOG, payload_new (toy, 0),
                               payload_free);
      break;
    case BAD_INFINITE:
      h = sim_engine_schedule_at (eng, INFINITY, 0, K_LOG, payload_new (toy, 0),
                                  payload_free);
      break;
    case BAD_LOWER_PRIORITY_NOW:
      h = sim_engine_schedule_at (eng, now, -1, K_LOG, payload_new (toy, 0),
                                  payload_free);
      break;
    case BAD_RESCHEDULE_PAST:
      CU_ASSERT_FALSE (sim_engine_reschedule (eng, toy->victim, now - 0.5));
      return;
    case BAD_RESCHEDULE_NAN:
      CU_ASSERT_FALSE (sim_engine_reschedule (eng, toy->victim, NAN));
      return;
    case BAD_RESCHEDULE_NOW:
      CU_ASSERT_TRUE (sim_engine_reschedule (eng, toy->victim, now));
      return;
    case BAD_KIND:
      h = sim_engine_schedule (eng, 1.0, N_KINDS, payload_new (toy, 0),
                               payload_free);
      break;
    case BAD_NONE:
      /* Allowed: now at the same priority (after this event), and later. */
      h = sim_engine_schedule_at (eng, now, 0, K_LOG, payload_new (toy, 0),
                                  payload_free);
      CU_ASSERT_NOT_EQUAL (h, SIM_HANDLE_NONE);
      h = sim_engine_schedule_at (eng, now, 1, K_LOG, payload_new (toy, 0),
                                  payload_free);
      break;
    }
  /* Refused schedules return no handle. */
  CU_ASSERT_EQUAL (h != SIM_HANDLE_NONE, toy->p->bad == BAD_NONE);
}

static void
on_chain (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;
  const Payload *pl = payload;
  double delay = -log (sim_rng_uniform (&toy->rng));

  toy_log (eng, toy, pl);
  if (pl->link + 1 < toy->p->chain_links)
    sim_engine_schedule (eng, delay, K_CHAIN, payload_new (toy, pl->link + 1),
                         payload_free);
}

static void
on_cancel (SimEngine *eng, gpointer state, gpointer payload)
{
  Toy *toy = state;

  toy_log (eng, toy, payload);
  CU_ASSERT_TRUE (sim_engine_cancel (eng, toy->victim));
  CU_ASSERT_FALSE (sim_engine_cancel (eng, toy->victim));
}

static gpointer
toy_new (SimEngine *eng, gconstpointer params, GError **error)
{
  const ToyParams *p = params;
  Toy *toy;

  if (p->fail_in_state_new)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA, "toy: refused");
      return NULL;
    }
  toy = g_new0 (Toy, 1);
  toy->p = p;
  toy->log = g_array_new (FALSE, FALSE, sizeof (LogEntry));
  sim_engine_rng (eng, &toy->rng, 1, 0);
  for (guint i = 0; i < p->n_initial; i++)
    {
      SimHandle h = sim_engine_schedule_at (
          eng, p->initial[i].time, p->initial[i].priority, p->initial[i].kind,
          payload_new (toy, 0), payload_free);
      CU_ASSERT_NOT_EQUAL (h, SIM_HANDLE_NONE);
      /* The last initial event is the victim of K_CANCEL and reschedule. */
      toy->victim = h;
    }
  return toy;
}

static void
toy_free (gpointer state)
{
  Toy *toy = state;

  g_array_unref (toy->log);
  g_free (toy);
}

static void
toy_warmup_end (SimEngine *eng, gpointer state)
{
  Toy *toy = state;

  toy->warmup_calls++;
  toy->warmup_time = sim_engine_now (eng);
  CU_ASSERT_FALSE (sim_engine_in_warmup (eng));
}

static gboolean
toy_finish (SimEngine *eng, gpointer state, SimResults *out, GError **error)
{
  Toy *toy = state;

  (void)error;
  toy->finish_calls++;
  toy->finish_now = sim_engine_now (eng);
  if (toy->p->fail_in_finish)
    sim_engine_fail (eng, "finish %s", "refused");
  sim_results_add (out, SIM_YEAR_ALL, "toy", "events",
                   (double)sim_engine_events (eng));
  return TRUE;
}

static const char *const toy_kind_names[N_KINDS] = {
  "log", "stop", "fail", "bad", "chain", "cancel",
};
static const SimHandlerFunc toy_handlers[N_KINDS] = {
  on_log, on_stop, on_fail, on_bad, on_chain, on_cancel,
};
static const SimModel toy_model = {
  .name = "toy",
  .n_kinds = N_KINDS,
  .kind_names = toy_kind_names,
  .handlers = toy_handlers,
  .state_new = toy_new,
  .state_free = toy_free,
  .warmup_end = toy_warmup_end,
  .finish = toy_finish,
};

/* ---- Helpers ---------------------------------------------------------- */

typedef struct
{
  guint freed[MAX_IDS];
  ToyParams params;
  SimRunConfig config;
  SimEngine *eng;
  SimResults *results;
  GError *error;
  gboolean ok;
} Run;

static void
run_init (Run *run, const Initial *initial, guint n_initial)
{
  memset (run, 0, sizeof *run);
  run->params.initial = initial;
  run->params.n_initial = n_initial;
  run->params.freed = run->freed;
  run->config.seed = 12345;
  run->config.replication = 0;
  run->config.warmup_days = 0.0;
  run->config.horizon_days = 100.0;
}

/* Build and run; the engine stays for inspection. */
static void
run_go (Run *run)
{
  run->eng
      = sim_engine_new (&toy_model, &run->params, &run->config, &run->error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (run->eng);
  run->results = sim_results_new ();
  run->ok = sim_engine_run (run->eng, run->results, &run->error);
}

static Toy *
run_toy (const Run *run)
{
  return sim_engine_state (run->eng);
}

/* Free the engine; then every payload issued must be freed exactly once. */
static void
run_clear (Run *run)
{
  guint issued = run->eng ? run_toy (run)->next_id : 0;

  sim_engine_free (run->eng);
  sim_results_free (run->results);
  g_clear_error (&run->error);
  for (guint id = 0; id < issued; id++)
    CU_ASSERT_EQUAL (run->freed[id], 1);
  for (guint id = issued; id < MAX_IDS; id++)
    CU_ASSERT_EQUAL (run->freed[id], 0);
}

static void
assert_log (const Run *run, const guint *ids, guint n)
{
  GArray *log = run_toy (run)->log;

  CU_ASSERT_EQUAL_FATAL (log->len, n);
  for (guint i = 0; i < n; i++)
    CU_ASSERT_EQUAL (g_array_index (log, LogEntry, i).id, ids[i]);
}

static void
assert_internal_error (const Run *run, const char *fragment)
{
  CU_ASSERT_FALSE (run->ok);
  CU_ASSERT_PTR_NOT_NULL_FATAL (run->error);
  CU_ASSERT_TRUE (g_error_matches (run->error, SIM_ERROR, SIM_ERROR_INTERNAL));
  CU_ASSERT_EQUAL (run->error->code, 70);
  CU_ASSERT_TRUE (g_str_has_prefix (run->error->message, "internal error: "));
  CU_ASSERT_PTR_NOT_NULL (strstr (run->error->message, fragment));
  CU_ASSERT_EQUAL (run_toy (run)->finish_calls, 0);
}

/* ---- Tests ------------------------------------------------------------ */

static void
test_order (void)
{
  static const Initial initial[] = {
    { 3.0, 0, K_LOG }, { 1.0, 0, K_LOG }, { 2.0, 5, K_LOG }, { 2.0, -5, K_LOG },
    { 2.0, 5, K_LOG }, { 0.0, 0, K_LOG }, { 2.0, 0, K_LOG },
  };
  static const guint expected[] = { 5, 1, 3, 6, 2, 4, 0 };
  Run run;
  GArray *log;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  log = run_toy (&run)->log;
  for (guint i = 0; i < log->len; i++)
    CU_ASSERT_EQUAL (g_array_index (log, LogEntry, i).time,
                     initial[g_array_index (log, LogEntry, i).id].time);
  CU_ASSERT_EQUAL (sim_engine_events (run.eng), G_N_ELEMENTS (initial));
  CU_ASSERT_EQUAL (run_toy (&run)->finish_calls, 1);
  CU_ASSERT_EQUAL (
      sim_results_lookup (run.results, SIM_YEAR_ALL, "toy", "events"),
      (double)G_N_ELEMENTS (initial));
  run_clear (&run);
}

static void
test_warmup (void)
{
  static const Initial initial[] = {
    { 6.0, 0, K_LOG },
    { 5.0, 0, K_LOG },
    { 5.0, G_MININT32, K_LOG }, /* pushed after the warm-up event */
    { 4.0, 0, K_LOG },
  };
  static const guint expected[] = { 3, 2, 1, 0 };
  static const gboolean warm[] = { TRUE, FALSE, FALSE, FALSE };
  Run run;
  Toy *toy;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.config.warmup_days = 5.0;
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  toy = run_toy (&run);
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (warm); i++)
    CU_ASSERT_EQUAL (g_array_index (toy->log, LogEntry, i).in_warmup, warm[i]);
  CU_ASSERT_EQUAL (toy->warmup_calls, 1);
  CU_ASSERT_EQUAL (toy->warmup_time, 5.0);
  CU_ASSERT_EQUAL (sim_engine_events (run.eng), 4); /* warm-up not counted */
  run_clear (&run);

  /* Warm-up 0: ends at time 0, before the model's first event at 0. */
  run_init (&run, initial, G_N_ELEMENTS (initial));
  run_go (&run);
  toy = run_toy (&run);
  CU_ASSERT_EQUAL (toy->warmup_calls, 1);
  CU_ASSERT_EQUAL (toy->warmup_time, 0.0);
  CU_ASSERT_FALSE (g_array_index (toy->log, LogEntry, 0).in_warmup);
  run_clear (&run);
}

static void
test_horizon (void)
{
  static const Initial initial[] = {
    { 10.5, 0, K_LOG }, { 9.0, 0, K_LOG },           { 10.0, 0, K_LOG },
    { 20.0, 0, K_LOG }, { 10.0, G_MAXINT32, K_LOG },
  };
  static const guint expected[] = { 1, 2, 4 };
  Run run;
  Toy *toy;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.config.warmup_days = 2.0;
  run.config.horizon_days = 10.0;
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  toy = run_toy (&run);
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  CU_ASSERT_EQUAL (toy->finish_calls, 1);
  CU_ASSERT_EQUAL (toy->finish_now, 10.0);
  CU_ASSERT_EQUAL (sim_engine_now (run.eng), 10.0);
  /* Pending at the horizon: not run, not yet freed, freed with the engine. */
  CU_ASSERT_EQUAL (run.freed[0], 0);
  CU_ASSERT_EQUAL (run.freed[3], 0);
  CU_ASSERT_EQUAL (run.freed[1], 1);
  run_clear (&run);

  /* The calendar runs dry before the horizon: the clock still reaches it. */
  run_init (&run, initial, 2);
  run_go (&run);
  CU_ASSERT_EQUAL (run_toy (&run)->finish_now, 100.0);
  run_clear (&run);

  /* Warm-up beyond every event, horizon equal to the warm-up. */
  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.config.warmup_days = 30.0;
  run.config.horizon_days = 30.0;
  run_go (&run);
  CU_ASSERT_EQUAL (run_toy (&run)->warmup_calls, 1);
  CU_ASSERT_EQUAL (run_toy (&run)->log->len, G_N_ELEMENTS (initial));
  run_clear (&run);
}

static void
test_stop (void)
{
  static const Initial initial[] = {
    { 1.0, 0, K_LOG },
    { 3.0, 0, K_STOP },
    { 3.0, 1, K_LOG },
    { 7.0, 0, K_LOG },
  };
  static const guint expected[] = { 0, 1 };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  CU_ASSERT_PTR_NULL (run.error);
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  CU_ASSERT_EQUAL (run_toy (&run)->finish_calls, 1);
  CU_ASSERT_EQUAL (run_toy (&run)->finish_now, 3.0);
  CU_ASSERT_EQUAL (sim_engine_events (run.eng), 2);
  run_clear (&run);
}

static void
test_fail (void)
{
  static const Initial initial[] = {
    { 1.0, 0, K_LOG },
    { 2.0, 0, K_FAIL },
    { 2.0, 0, K_LOG },
    { 3.0, 0, K_LOG },
  };
  static const guint expected[] = { 0, 1 };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run_go (&run);
  assert_internal_error (&run, "boom 7");
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  run_clear (&run);
}

static void
test_fail_in_finish (void)
{
  static const Initial initial[] = { { 1.0, 0, K_LOG } };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.params.fail_in_finish = TRUE;
  run_go (&run);
  CU_ASSERT_FALSE (run.ok);
  CU_ASSERT_TRUE (g_error_matches (run.error, SIM_ERROR, SIM_ERROR_INTERNAL));
  CU_ASSERT_TRUE (run.error != NULL
                  && strstr (run.error->message, "finish refused") != NULL);
  CU_ASSERT_EQUAL (run_toy (&run)->finish_calls, 1);
  run_clear (&run);
}

static void
test_past (void)
{
  static const Initial initial[] = {
    { 1.0, 0, K_LOG },
    { 5.0, 0, K_BAD },
    { 6.0, 0, K_LOG },
  };
  static const struct
  {
    Bad bad;
    const char *fragment;
  } cases[] = {
    { BAD_BEFORE_NOW, "scheduling in the past" },
    { BAD_NEGATIVE_DELAY, "scheduling in the past" },
    { BAD_LOWER_PRIORITY_NOW, "scheduling in the past" },
    { BAD_NAN, "non-finite" },
    { BAD_INFINITE, "non-finite" },
    { BAD_RESCHEDULE_PAST, "into the past" },
    { BAD_RESCHEDULE_NAN, "to a non-finite" },
    { BAD_KIND, "unknown event kind" },
  };
  static const guint expected[] = { 0, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run run;

      run_init (&run, initial, G_N_ELEMENTS (initial));
      run.params.bad = cases[i].bad;
      run_go (&run);
      assert_internal_error (&run, cases[i].fragment);
      assert_log (&run, expected, G_N_ELEMENTS (expected));
      run_clear (&run); /* the refused payload was freed too */
    }
}

static void
test_order_violation (void)
{
  /* The calendar accepts the move; the engine's check on the pop of
   * (5, -1) after (5, 0) catches it, and the event does not run. */
  static const Initial initial[] = {
    { 5.0, 0, K_BAD },
    { 7.0, 0, K_LOG },
    { 6.0, -1, K_LOG },
  };
  static const guint expected[] = { 0 };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.params.bad = BAD_RESCHEDULE_NOW;
  run_go (&run);
  assert_internal_error (&run, "popped after");
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  CU_ASSERT_EQUAL (run.freed[2], 1); /* freed by the engine at the pop */
  run_clear (&run);

  /* The same move with a priority at or above the running one is fine. */
  {
    static const Initial ok[] = {
      { 5.0, 0, K_BAD },
      { 7.0, 0, K_LOG },
      { 6.0, 0, K_LOG },
    };
    static const guint ok_expected[] = { 0, 2, 1 };

    run_init (&run, ok, G_N_ELEMENTS (ok));
    run.params.bad = BAD_RESCHEDULE_NOW;
    run_go (&run);
    CU_ASSERT_TRUE (run.ok);
    assert_log (&run, ok_expected, G_N_ELEMENTS (ok_expected));
    CU_ASSERT_EQUAL (g_array_index (run_toy (&run)->log, LogEntry, 1).time,
                     5.0);
    run_clear (&run);
  }
}

static void
test_allowed_now (void)
{
  /* K_BAD with BAD_NONE schedules (5, 0) and (5, 1) from (5, 0): both run
   * after it, in that order, before the event at 6. */
  static const Initial initial[] = {
    { 5.0, 0, K_BAD },
    { 6.0, 0, K_LOG },
    { 5.0, 0, K_LOG },
  };
  static const guint expected[] = { 0, 2, 3, 4, 1 };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  run_clear (&run);
}

static void
test_cancel (void)
{
  /* The victim is the last initial event (id 2); K_CANCEL removes it. */
  static const Initial initial[] = {
    { 1.0, 0, K_CANCEL },
    { 2.0, 0, K_LOG },
    { 3.0, 0, K_LOG },
  };
  static const guint expected[] = { 0, 1 };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  assert_log (&run, expected, G_N_ELEMENTS (expected));
  CU_ASSERT_EQUAL (run.freed[2], 1); /* freed by the cancel */
  CU_ASSERT_FALSE (
      sim_engine_reschedule (run.eng, run_toy (&run)->victim, 50.0));
  run_clear (&run);
}

static void
test_payloads (void)
{
  /* Chains crossing the horizon: links pending there are freed once, with
   * the engine; links that never get scheduled are never issued. */
  static const Initial initial[] = {
    { 0.5, 0, K_CHAIN },  { 1.0, 0, K_CHAIN },  { 1.5, 2, K_CHAIN },
    { 40.0, 0, K_CHAIN }, { 60.0, 0, K_CHAIN },
  };
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.params.chain_links = 200;
  run.config.horizon_days = 50.0;
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  CU_ASSERT_TRUE (run_toy (&run)->next_id > 100);
  CU_ASSERT_TRUE (run_toy (&run)->log->len < run_toy (&run)->next_id);
  run_clear (&run);
}

static GString *
trace_run (guint64 seed, guint32 replication)
{
  static const Initial initial[] = {
    { 0.0, 0, K_CHAIN },
    { 0.0, 0, K_CHAIN },
    { 3.0, 0, K_CHAIN },
  };
  GString *out = g_string_new (NULL);
  Run run;
  GArray *log;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.params.chain_links = 500;
  run.config.seed = seed;
  run.config.replication = replication;
  run.config.horizon_days = 1e6;
  run_go (&run);
  CU_ASSERT_TRUE (run.ok);
  log = run_toy (&run)->log;
  CU_ASSERT_EQUAL (log->len, 1500);
  for (guint i = 0; i < log->len; i++)
    g_string_append_printf (out, "%u %a\n", g_array_index (log, LogEntry, i).id,
                            g_array_index (log, LogEntry, i).time);
  run_clear (&run);
  return out;
}

static void
test_deterministic (void)
{
  g_autoptr (GString) a = NULL;
  g_autoptr (GString) b = NULL;
  g_autoptr (GString) c = NULL;
  g_autoptr (GString) d = NULL;

  printf ("\n  seeds 99 and 100\n");
  a = trace_run (99, 0);
  b = trace_run (99, 0);
  c = trace_run (100, 0);
  d = trace_run (99, 1);
  CU_ASSERT_STRING_EQUAL (a->str, b->str);
  CU_ASSERT_STRING_NOT_EQUAL (a->str, c->str);
  CU_ASSERT_STRING_NOT_EQUAL (a->str, d->str);
}

static void
trace_cb (double time, guint32 kind, const char *kind_name, gpointer data)
{
  g_string_append_printf (data, "%g %u %s\n", time, kind, kind_name);
}

static void
test_trace (void)
{
  static const Initial initial[] = {
    { 2.0, 0, K_LOG },
    { 1.0, 0, K_STOP },
    { 0.5, 0, K_LOG },
  };
  g_autoptr (GString) trace = g_string_new (NULL);
  Run run;

  run_init (&run, initial, G_N_ELEMENTS (initial));
  run.config.warmup_days = 0.75;
  run.eng = sim_engine_new (&toy_model, &run.params, &run.config, &run.error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (run.eng);
  sim_engine_set_trace (run.eng, trace_cb, trace);
  run.results = sim_results_new ();
  run.ok = sim_engine_run (run.eng, run.results, &run.error);
  CU_ASSERT_TRUE (run.ok);
  CU_ASSERT_STRING_EQUAL (trace->str, "0.5 0 log\n1 1 stop\n");
  run_clear (&run);
}

static void
test_new_errors (void)
{
  static const Initial initial[] = { { 1.0, 0, K_LOG } };
  static const double bad[][2] = {
    { -1.0, 10.0 },    { 5.0, 4.0 }, { NAN, 10.0 },
    { 0.0, INFINITY }, { 0.0, NAN },
  };
  Run run;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      run_init (&run, initial, 1);
      run.config.warmup_days = bad[i][0];
      run.config.horizon_days = bad[i][1];
      run.eng
          = sim_engine_new (&toy_model, &run.params, &run.config, &run.error);
      CU_ASSERT_PTR_NULL (run.eng);
      CU_ASSERT_TRUE (g_error_matches (run.error, SIM_ERROR, SIM_ERROR_DATA));
      run_clear (&run);
    }

  run_init (&run, initial, 1);
  run.params.fail_in_state_new = TRUE;
  run.eng = sim_engine_new (&toy_model, &run.params, &run.config, &run.error);
  CU_ASSERT_PTR_NULL (run.eng);
  CU_ASSERT_TRUE (g_error_matches (run.error, SIM_ERROR, SIM_ERROR_DATA));
  CU_ASSERT_TRUE (run.error != NULL
                  && strstr (run.error->message, "toy: refused") != NULL);
  run_clear (&run);
  sim_engine_free (NULL);
}

static void
test_accessors (void)
{
  static const Initial initial[] = { { 1.0, 0, K_LOG } };
  Run run;
  const SimRunConfig *config;
  SimRng a, b;

  run_init (&run, initial, 1);
  run.config.seed = 77;
  run.config.replication = 3;
  run.config.warmup_days = 0.5;
  run.eng = sim_engine_new (&toy_model, &run.params, &run.config, &run.error);
  CU_ASSERT_PTR_NOT_NULL_FATAL (run.eng);
  config = sim_engine_config (run.eng);
  CU_ASSERT_EQUAL (config->seed, 77);
  CU_ASSERT_EQUAL (config->replication, 3);
  CU_ASSERT_EQUAL (config->horizon_days, 100.0);
  CU_ASSERT_EQUAL (sim_engine_now (run.eng), 0.0);
  CU_ASSERT_TRUE (sim_engine_in_warmup (run.eng));
  CU_ASSERT_EQUAL (sim_engine_events (run.eng), 0);
  /* sim_engine_rng is the stream keyed by (seed, replication, purpose,
   * entity). */
  sim_engine_rng (run.eng, &a, 4, 9);
  sim_rng_init (&b, 77, 3, 4, 9);
  for (guint i = 0; i < 8; i++)
    CU_ASSERT_EQUAL (sim_rng_u32 (&a), sim_rng_u32 (&b));
  run_clear (&run);
}

int
main (void)
{
  static const CuTest run[] = {
    { "/engine/order", test_order },
    { "/engine/warmup", test_warmup },
    { "/engine/horizon", test_horizon },
    { "/engine/stop", test_stop },
    { "/engine/trace", test_trace },
    { "/engine/cancel", test_cancel },
    { "/engine/payloads", test_payloads },
    { "/engine/deterministic", test_deterministic },
    { NULL, NULL },
  };
  static const CuTest errors[] = {
    { "/engine/fail", test_fail },
    { "/engine/fail-in-finish", test_fail_in_finish },
    { "/engine/past", test_past },
    { "/engine/order-violation", test_order_violation },
    { "/engine/allowed-now", test_allowed_now },
    { "/engine/new-errors", test_new_errors },
    { "/engine/accessors", test_accessors },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/engine/run", run },
    { "/engine/errors", errors },
    { NULL, NULL },
  };

  return cu_main ("test-engine", suites);
}
