/* test-calendar.c: the event calendar (sim/sim-calendar.h).
 *
 * Order with ties, cancel and reschedule, stale handles, payload ownership,
 * a hold model with enough events pending to fill the far bins, and random
 * operation sequences checked against a sorted reference (the seeds are
 * printed).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib.h>

#include "sim/sim-calendar.h"
#include "tests/cu-main.h"

/* ---- Counted payloads ------------------------------------------------- */

/* Each payload bumps its own counter when freed: counters must end at 1. */
typedef struct
{
  guint id;
  guint *freed; /* freed[id] */
} Payload;

static void
payload_free (gpointer data)
{
  Payload *p = data;

  p->freed[p->id]++;
  g_free (p);
}

static Payload *
payload_new (guint *freed, guint id)
{
  Payload *p = g_new (Payload, 1);

  p->id = id;
  p->freed = freed;
  return p;
}

static guint
payload_id (const SimEvent *ev)
{
  return ((const Payload *)ev->payload)->id;
}

static void
event_release (SimEvent *ev)
{
  if (ev->free_payload)
    ev->free_payload (ev->payload);
}

static void
assert_check (const SimCalendar *cal)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = sim_calendar_check (cal, &error);

  CU_ASSERT_TRUE (ok);
  if (!ok)
    fprintf (stderr, "calendar check: %s\n", error->message);
}

/* Pop every event, asserting the payload ids come out as `expected`. */
static void
assert_pops (SimCalendar *cal, const guint *expected, gsize n)
{
  SimEvent ev;

  for (gsize i = 0; i < n; i++)
    {
      CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev));
      CU_ASSERT_EQUAL (payload_id (&ev), expected[i]);
      event_release (&ev);
    }
  CU_ASSERT_FALSE (sim_calendar_pop (cal, &ev));
  CU_ASSERT_EQUAL (sim_calendar_size (cal), 0);
}

/* ---- Order ------------------------------------------------------------ */

static void
test_empty (void)
{
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimEvent ev;

  CU_ASSERT_EQUAL (sim_calendar_size (cal), 0);
  CU_ASSERT_TRUE (isinf (sim_calendar_peek_time (cal))
                  && sim_calendar_peek_time (cal) > 0);
  CU_ASSERT_FALSE (sim_calendar_pop (cal, &ev));
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, SIM_HANDLE_NONE));
  CU_ASSERT_FALSE (sim_calendar_cancel (cal, SIM_HANDLE_NONE));
  assert_check (cal);
}

static void
test_time_order (void)
{
  static const double times[] = { 5.0, -1.5, 3.25, 0.0, 1e9, 2.0, -7.0 };
  static const guint expected[] = { 6, 1, 3, 5, 2, 0, 4 };
  guint freed[G_N_ELEMENTS (times)] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    sim_calendar_push (cal, times[i], 0, i, payload_new (freed, i),
                       payload_free);
  CU_ASSERT_EQUAL (sim_calendar_size (cal), G_N_ELEMENTS (times));
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), -7.0);
  assert_check (cal);
  assert_pops (cal, expected, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    CU_ASSERT_EQUAL (freed[i], 1);
}

static void
test_fifo_ties (void)
{
  enum
  {
    N = 200
  };
  guint freed[N] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimEvent ev;
  guint64 last_seq = 0;

  /* Same time, same priority, pushed in an order unrelated to the heap. */
  for (guint i = 0; i < N; i++)
    sim_calendar_push (cal, 10.0, 3, i % 7, payload_new (freed, i),
                       payload_free);
  assert_check (cal);
  for (guint i = 0; i < N; i++)
    {
      CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev));
      CU_ASSERT_EQUAL (payload_id (&ev), i);
      CU_ASSERT_EQUAL (ev.kind, i % 7);
      CU_ASSERT_EQUAL (ev.time, 10.0);
      CU_ASSERT_EQUAL (ev.priority, 3);
      if (i > 0)
        CU_ASSERT_TRUE (ev.seq > last_seq);
      last_seq = ev.seq;
      event_release (&ev);
    }
  for (guint i = 0; i < N; i++)
    CU_ASSERT_EQUAL (freed[i], 1);
}

static void
test_priority (void)
{
  /* (time, priority) pairs; ids by push order. */
  static const struct
  {
    double time;
    gint32 priority;
  } ev[] = {
    { 1.0, 0 },  { 1.0, -5 },         { 1.0, G_MAXINT32 }, { 0.5, G_MAXINT32 },
    { 1.0, -5 }, { 2.0, G_MININT32 }, { 1.0, G_MININT32 }, { 1.0, 0 },
  };
  static const guint expected[] = { 3, 6, 1, 4, 0, 7, 2, 5 };
  guint freed[G_N_ELEMENTS (ev)] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ev); i++)
    sim_calendar_push (cal, ev[i].time, ev[i].priority, 0,
                       payload_new (freed, i), payload_free);
  assert_check (cal);
  assert_pops (cal, expected, G_N_ELEMENTS (expected));
}

static void
test_signed_times (void)
{
  /* Across zero and at the ends of the double range; -0.0 and +0.0 are
   * the same time, so they tie and leave in push order. */
  static const double times[] = {
    0.0, -0.0, 1e-310, -1e-310, -G_MAXDOUBLE, G_MAXDOUBLE, -1.0,
    1.0, -2.5, 2.5,    -0.0,    -G_MINDOUBLE, G_MINDOUBLE,
  };
  static const guint expected[] = { 4, 8, 6, 11, 3, 0, 1, 10, 2, 12, 7, 9, 5 };
  guint freed[G_N_ELEMENTS (times)] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimEvent ev;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    sim_calendar_push (cal, times[i], 0, 0, payload_new (freed, i),
                       payload_free);
  assert_check (cal);
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), -G_MAXDOUBLE);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev));
      CU_ASSERT_EQUAL (payload_id (&ev), expected[i]);
      /* The time comes back exactly (zeros of either sign compare equal). */
      CU_ASSERT_EQUAL (ev.time, times[expected[i]]);
      event_release (&ev);
    }
}

static void
test_sorted_large (void)
{
  enum
  {
    N = 100000
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimEvent ev, prev = { 0 };
  guint n = 0;

  printf ("\n  seed 7\n");
  for (guint i = 0; i < N; i++)
    sim_calendar_push (cal, floor (g_rand_double (rand) * 1000.0),
                       g_rand_int_range (rand, -2, 3), 0, NULL, NULL);
  assert_check (cal);
  while (sim_calendar_pop (cal, &ev))
    {
      if (n > 0)
        CU_ASSERT_TRUE (
            prev.time < ev.time
            || (prev.time == ev.time
                && (prev.priority < ev.priority
                    || (prev.priority == ev.priority && prev.seq < ev.seq))));
      prev = ev;
      n++;
    }
  CU_ASSERT_EQUAL (n, N);
}

static void
test_pop_then_push (void)
{
  /* After a pop (the calendar may defer closing the gap it leaves), every
   * operation sees the right first event, size and heap. */
  static const double times[] = { 3.0, 1.0, 4.0, 1.5, 9.0, 2.0 };
  guint freed[10] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimHandle h[G_N_ELEMENTS (times)];
  SimEvent ev;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    h[i] = sim_calendar_push (cal, times[i], 0, 0, payload_new (freed, i),
                              payload_free);
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev)); /* 1: t=1 */
  CU_ASSERT_EQUAL (payload_id (&ev), 1);
  event_release (&ev);
  CU_ASSERT_EQUAL (sim_calendar_size (cal), 5);
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), 1.5);
  assert_check (cal);
  /* A push before everything left becomes first. */
  sim_calendar_push (cal, 1.25, 0, 0, payload_new (freed, 6), payload_free);
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), 1.25);
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev)); /* 6: t=1.25 */
  CU_ASSERT_EQUAL (payload_id (&ev), 6);
  event_release (&ev);
  /* Cancel and reschedule right after a pop. */
  CU_ASSERT_TRUE (sim_calendar_cancel (cal, h[3])); /* t=1.5 */
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), 2.0);
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev)); /* 5: t=2 */
  CU_ASSERT_EQUAL (payload_id (&ev), 5);
  event_release (&ev);
  CU_ASSERT_TRUE (sim_calendar_reschedule (cal, h[4], 0.5)); /* 9 -> 0.5 */
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), 0.5);
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev)); /* 4 */
  CU_ASSERT_EQUAL (payload_id (&ev), 4);
  event_release (&ev);
  /* A pop, then two pushes, then pop everything. */
  sim_calendar_push (cal, 3.0, 0, 0, payload_new (freed, 7), payload_free);
  sim_calendar_push (cal, 3.0, -1, 0, payload_new (freed, 8), payload_free);
  assert_check (cal);
  {
    static const guint expected[] = { 8, 0, 7, 2 };
    assert_pops (cal, expected, G_N_ELEMENTS (expected));
  }
  for (guint i = 0; i < 9; i++)
    CU_ASSERT_EQUAL (freed[i], 1);
}

static void
test_free_after_pop (void)
{
  /* Freed right after a pop: the popped payload is the caller's, the
   * others are freed once. */
  guint freed[3] = { 0 };
  SimCalendar *cal = sim_calendar_new ();
  SimEvent ev;

  for (guint i = 0; i < 3; i++)
    sim_calendar_push (cal, (double)i, 0, 0, payload_new (freed, i),
                       payload_free);
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev));
  CU_ASSERT_EQUAL (sim_calendar_size (cal), 2);
  assert_check (cal);
  sim_calendar_free (cal);
  CU_ASSERT_EQUAL (freed[0], 0);
  CU_ASSERT_EQUAL (freed[1], 1);
  CU_ASSERT_EQUAL (freed[2], 1);
  event_release (&ev);
  CU_ASSERT_EQUAL (freed[0], 1);
}

/* ---- Cancel, reschedule, handles -------------------------------------- */

static void
test_cancel (void)
{
  static const guint expected[] = { 0, 2, 4 };
  guint freed[5] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimHandle h[5];

  for (guint i = 0; i < 5; i++)
    h[i] = sim_calendar_push (cal, (double)i, 0, 0, payload_new (freed, i),
                              payload_free);
  CU_ASSERT_TRUE (sim_calendar_cancel (cal, h[3]));
  CU_ASSERT_EQUAL (freed[3], 1); /* cancel frees the payload */
  CU_ASSERT_FALSE (sim_calendar_cancel (cal, h[3]));
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, h[3]));
  CU_ASSERT_EQUAL (freed[3], 1);
  CU_ASSERT_TRUE (sim_calendar_cancel (cal, h[1]));
  CU_ASSERT_EQUAL (sim_calendar_size (cal), 3);
  assert_check (cal);
  assert_pops (cal, expected, G_N_ELEMENTS (expected));
  for (guint i = 0; i < 5; i++)
    CU_ASSERT_EQUAL (freed[i], 1);
}

static void
test_reschedule (void)
{
  /* 0 at t=1, 1 at t=2, 2 at t=3, 3 at t=3: move 0 to t=3 (after 2 and 3,
   * new sequence number), 3 to t=0.5 (first). */
  static const guint expected[] = { 3, 1, 2, 0 };
  guint freed[4] = { 0 };
  static const double times[] = { 1.0, 2.0, 3.0, 3.0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimHandle h[4];

  for (guint i = 0; i < 4; i++)
    h[i] = sim_calendar_push (cal, times[i], 0, 0, payload_new (freed, i),
                              payload_free);
  CU_ASSERT_TRUE (sim_calendar_reschedule (cal, h[0], 3.0));
  CU_ASSERT_TRUE (sim_calendar_reschedule (cal, h[3], 0.5));
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), 0.5);
  CU_ASSERT_TRUE (sim_calendar_is_pending (cal, h[0]));
  CU_ASSERT_EQUAL (freed[0] + freed[3], 0); /* not freed by a move */
  assert_check (cal);
  assert_pops (cal, expected, G_N_ELEMENTS (expected));
  CU_ASSERT_FALSE (sim_calendar_reschedule (cal, h[0], 9.0));
}

static void
test_stale_handles (void)
{
  guint freed[3] = { 0 };
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimHandle a, b, c;
  SimEvent ev;

  a = sim_calendar_push (cal, 1.0, 0, 0, payload_new (freed, 0), payload_free);
  CU_ASSERT_NOT_EQUAL (a, SIM_HANDLE_NONE);
  CU_ASSERT_TRUE (sim_calendar_is_pending (cal, a));
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev));
  event_release (&ev);
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, a));
  CU_ASSERT_FALSE (sim_calendar_cancel (cal, a));
  CU_ASSERT_FALSE (sim_calendar_reschedule (cal, a, 2.0));

  /* The freed slot is reused: the old handle must not reach the new event. */
  b = sim_calendar_push (cal, 2.0, 0, 0, payload_new (freed, 1), payload_free);
  CU_ASSERT_NOT_EQUAL (a, b);
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, a));
  CU_ASSERT_FALSE (sim_calendar_cancel (cal, a));
  CU_ASSERT_FALSE (sim_calendar_reschedule (cal, a, 0.0));
  CU_ASSERT_TRUE (sim_calendar_is_pending (cal, b));
  CU_ASSERT_EQUAL (sim_calendar_peek_time (cal), 2.0);
  CU_ASSERT_EQUAL (freed[1], 0);

  /* Cancelled handles are stale too, after reuse as well. */
  CU_ASSERT_TRUE (sim_calendar_cancel (cal, b));
  c = sim_calendar_push (cal, 3.0, 0, 0, payload_new (freed, 2), payload_free);
  CU_ASSERT_FALSE (sim_calendar_cancel (cal, b));
  CU_ASSERT_FALSE (sim_calendar_cancel (cal, a));
  CU_ASSERT_TRUE (sim_calendar_is_pending (cal, c));

  /* Handles never issued. */
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, SIM_HANDLE_NONE));
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, c + 1));
  CU_ASSERT_FALSE (sim_calendar_is_pending (cal, G_MAXUINT64));
  CU_ASSERT_EQUAL (sim_calendar_size (cal), 1);
  assert_check (cal);
  CU_ASSERT_EQUAL (freed[0], 1);
  CU_ASSERT_EQUAL (freed[1], 1);
  CU_ASSERT_EQUAL (freed[2], 0);
}

static void
test_free_pending (void)
{
  enum
  {
    N = 1000
  };
  guint freed[N] = { 0 };
  SimCalendar *cal = sim_calendar_new ();
  SimEvent ev;

  for (guint i = 0; i < N; i++)
    sim_calendar_push (cal, (double)(i * 7919 % N), 0, 0,
                       payload_new (freed, i), payload_free);
  /* Popping hands the payload over: the calendar does not free it. */
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (cal, &ev));
  CU_ASSERT_EQUAL (freed[payload_id (&ev)], 0);
  CU_ASSERT_PTR_EQUAL (ev.free_payload, payload_free);
  event_release (&ev);
  /* A NULL free function is allowed. */
  sim_calendar_push (cal, 1.0, 0, 0, NULL, NULL);
  sim_calendar_free (cal);
  sim_calendar_free (NULL);
  for (guint i = 0; i < N; i++)
    CU_ASSERT_EQUAL (freed[i], 1);
}

static void
test_large_cancel (void)
{
  /* A heap past the prefetch threshold: cancel a third, move a fifth,
   * then everything left must come out in order, exactly once. */
  enum
  {
    N = 150000
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  guint *freed = g_new0 (guint, N);
  SimHandle *h = g_new (SimHandle, N);
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimEvent ev, prev = { 0 };
  guint n = 0, n_cancelled = 0;

  printf ("\n  seed 11\n");
  for (guint i = 0; i < N; i++)
    h[i] = sim_calendar_push (cal, g_rand_double_range (rand, -1e3, 1e3),
                              g_rand_int_range (rand, 0, 2), 0,
                              payload_new (freed, i), payload_free);
  for (guint i = 0; i < N; i += 3)
    {
      CU_ASSERT_TRUE (sim_calendar_cancel (cal, h[i]));
      n_cancelled++;
    }
  for (guint i = 1; i < N; i += 5)
    CU_ASSERT_EQUAL (
        sim_calendar_reschedule (cal, h[i], floor (g_rand_double (rand) * 50)),
        i % 3 != 0);
  assert_check (cal);
  CU_ASSERT_EQUAL (sim_calendar_size (cal), N - n_cancelled);
  while (sim_calendar_pop (cal, &ev))
    {
      guint id = payload_id (&ev);
      CU_ASSERT_NOT_EQUAL (id % 3, 0);
      if (n > 0)
        CU_ASSERT_TRUE (
            prev.time < ev.time
            || (prev.time == ev.time
                && (prev.priority < ev.priority
                    || (prev.priority == ev.priority && prev.seq < ev.seq))));
      prev = ev;
      event_release (&ev);
      n++;
    }
  CU_ASSERT_EQUAL (n, N - n_cancelled);
  for (guint i = 0; i < N; i++)
    CU_ASSERT_EQUAL (freed[i], 1);
  g_free (h);
  g_free (freed);
}

static gboolean
event_before (const SimEvent *a, const SimEvent *b)
{
  return a->time < b->time
         || (a->time == b->time
             && (a->priority < b->priority
                 || (a->priority == b->priority && a->seq < b->seq)));
}

static void
test_hold_far (void)
{
  /* The hold model with many pending (past the default heap's limit, so
   * the far bins are split and refill it): each pop pushes an event a
   * random delay later, which lands in the heap or in any far bin; every
   * so often one is cancelled or moved.  Events leave in order, and the
   * calendar checks out along the way. */
  enum
  {
    N = 120000,
    STEPS = 400000
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  g_autoptr (SimCalendar) cal = sim_calendar_new ();
  SimHandle *h = g_new (SimHandle, STEPS);
  SimEvent ev, prev = { 0 };
  guint n_h = 0, n_popped = 0;

  printf ("\n  seed 17\n");
  for (guint i = 0; i < N; i++)
    sim_calendar_push (cal, floor (g_rand_double_range (rand, 0, 100)),
                       g_rand_int_range (rand, 0, 2), 0, NULL, NULL);
  for (guint i = 0; i < STEPS && sim_calendar_pop (cal, &ev); i++)
    {
      double delay = g_rand_double_range (rand, 0, 100);

      if (n_popped++ > 0)
        CU_ASSERT_TRUE (event_before (&prev, &ev));
      prev = ev;
      /* Whole days tie often (never with the event popped, which could
       * come first by priority); a few fall far beyond the rest. */
      if (i % 3 == 0)
        delay = floor (delay) + 1;
      else if (i % 1000 == 1)
        delay *= 1e3;
      h[n_h++] = sim_calendar_push (
          cal, ev.time + delay, g_rand_int_range (rand, 0, 2), 0, NULL, NULL);
      if (i % 7 == 0)
        sim_calendar_cancel (cal, h[g_rand_int_range (rand, 0, n_h)]);
      else if (i % 11 == 0)
        sim_calendar_reschedule (cal, h[g_rand_int_range (rand, 0, n_h)],
                                 ev.time + g_rand_double_range (rand, 0, 200));
      if (i % 50000 == 0)
        assert_check (cal);
    }
  assert_check (cal);
  while (sim_calendar_pop (cal, &ev))
    {
      CU_ASSERT_TRUE (event_before (&prev, &ev));
      prev = ev;
    }
  assert_check (cal);
  g_free (h);
}

/* ---- Random operations against a sorted reference --------------------- */

typedef struct
{
  double time;
  gint32 priority;
  guint64 seq;
  guint id;
  SimHandle handle;
} Ref;

static gint
ref_cmp (gconstpointer pa, gconstpointer pb)
{
  const Ref *a = pa, *b = pb;

  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;
  if (a->priority != b->priority)
    return a->priority < b->priority ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct
{
  GRand *rand;
  SimCalendar *cal;
  GArray *ref;   /* Ref, pending events, sorted */
  GArray *stale; /* SimHandle, popped or cancelled */
  guint *freed;  /* by payload id */
  guint n_ids;
  guint64 seq; /* the calendar's next sequence number, mirrored */
  double now;
  gboolean spread; /* times rarely tie */
} Random;

static void
ref_insert (Random *r, Ref *e)
{
  guint i = 0;

  while (i < r->ref->len && ref_cmp (&g_array_index (r->ref, Ref, i), e) < 0)
    i++;
  g_array_insert_val (r->ref, i, *e);
}

/* Few distinct times and priorities, so ties are common; or (spread)
 * times over a wide range, so that the far bins split finely. */
static double
random_time (Random *r)
{
  if (r->spread)
    return r->now + g_rand_double_range (r->rand, 0, 1e3);
  return r->now + g_rand_int_range (r->rand, 0, 20) * 0.5;
}

static void
op_push (Random *r)
{
  Ref e;

  e.time = random_time (r);
  e.priority = g_rand_int_range (r->rand, -1, 2);
  e.seq = r->seq++;
  e.id = r->n_ids++;
  e.handle = sim_calendar_push (r->cal, e.time, e.priority, e.id % 5,
                                payload_new (r->freed, e.id), payload_free);
  ref_insert (r, &e);
}

static void
op_pop (Random *r)
{
  SimEvent ev;
  Ref e;

  if (r->ref->len == 0)
    {
      CU_ASSERT_FALSE (sim_calendar_pop (r->cal, &ev));
      return;
    }
  e = g_array_index (r->ref, Ref, 0);
  g_array_remove_index (r->ref, 0);
  CU_ASSERT_EQUAL (sim_calendar_peek_time (r->cal), e.time);
  CU_ASSERT_TRUE_FATAL (sim_calendar_pop (r->cal, &ev));
  CU_ASSERT_EQUAL (payload_id (&ev), e.id);
  CU_ASSERT_EQUAL (ev.time, e.time);
  CU_ASSERT_EQUAL (ev.priority, e.priority);
  CU_ASSERT_EQUAL (ev.seq, e.seq);
  CU_ASSERT_EQUAL (ev.kind, e.id % 5);
  CU_ASSERT_EQUAL (r->freed[e.id], 0);
  event_release (&ev);
  g_array_append_val (r->stale, e.handle);
  r->now = e.time;
}

static void
op_cancel (Random *r)
{
  guint i;
  Ref e;

  if (r->ref->len == 0)
    return;
  i = g_rand_int_range (r->rand, 0, r->ref->len);
  e = g_array_index (r->ref, Ref, i);
  g_array_remove_index (r->ref, i);
  CU_ASSERT_TRUE (sim_calendar_cancel (r->cal, e.handle));
  CU_ASSERT_EQUAL (r->freed[e.id], 1);
  g_array_append_val (r->stale, e.handle);
}

static void
op_reschedule (Random *r)
{
  guint i;
  Ref e;

  if (r->ref->len == 0)
    return;
  i = g_rand_int_range (r->rand, 0, r->ref->len);
  e = g_array_index (r->ref, Ref, i);
  g_array_remove_index (r->ref, i);
  e.time = random_time (r);
  e.seq = r->seq++;
  CU_ASSERT_TRUE (sim_calendar_reschedule (r->cal, e.handle, e.time));
  ref_insert (r, &e);
}

static void
op_stale (Random *r)
{
  SimHandle h;

  if (r->stale->len == 0)
    return;
  h = g_array_index (r->stale, SimHandle,
                     g_rand_int_range (r->rand, 0, r->stale->len));
  CU_ASSERT_FALSE (sim_calendar_is_pending (r->cal, h));
  CU_ASSERT_FALSE (sim_calendar_cancel (r->cal, h));
  CU_ASSERT_FALSE (sim_calendar_reschedule (r->cal, h, r->now));
}

static void
random_step (Random *r, guint push_weight)
{
  guint x = g_rand_int_range (r->rand, 0, push_weight + 10);

  if (x < push_weight)
    op_push (r);
  else if (x < push_weight + 5)
    op_pop (r);
  else if (x < push_weight + 7)
    op_cancel (r);
  else if (x < push_weight + 9)
    op_reschedule (r);
  else
    op_stale (r);
}

static void
random_run (guint32 seed, guint n_ops, gboolean spread)
{
  Random r = { 0 };
  guint max_pending = 0;

  printf ("\n  seed %" G_GUINT32_FORMAT ", %u operations%s", seed, n_ops,
          spread ? ", spread" : "");
  r.spread = spread;
  r.rand = g_rand_new_with_seed (seed);
  r.cal = sim_calendar_new ();
  r.ref = g_array_new (FALSE, FALSE, sizeof (Ref));
  r.stale = g_array_new (FALSE, FALSE, sizeof (SimHandle));
  r.freed = g_new0 (guint, n_ops);
  /* Grow, shrink, grow: the push weight swings the size up and down. */
  for (guint i = 0; i < n_ops; i++)
    {
      guint phase = i / (n_ops / 4);
      random_step (&r, phase % 2 == 0 ? 14 : 3);
      if (i % 97 == 0)
        assert_check (r.cal);
      CU_ASSERT_EQUAL (sim_calendar_size (r.cal), r.ref->len);
      max_pending = MAX (max_pending, r.ref->len);
    }
  printf (", up to %u pending", max_pending);
  assert_check (r.cal);
  while (r.ref->len > 0 && g_rand_boolean (r.rand))
    op_pop (&r);
  sim_calendar_free (r.cal); /* frees what is left */
  for (guint id = 0; id < r.n_ids; id++)
    CU_ASSERT_EQUAL (r.freed[id], 1);
  g_free (r.freed);
  g_array_unref (r.stale);
  g_array_unref (r.ref);
  g_rand_free (r.rand);
}

static void
test_random (void)
{
  static const guint32 seeds[] = { 1, 2, 3, 42, 20261123 };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    random_run (seeds[i], 20000, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    random_run (seeds[i], 20000, TRUE);
  printf ("\n");
}

int
main (void)
{
  static const CuTest order[] = {
    { "/calendar/empty", test_empty },
    { "/calendar/time-order", test_time_order },
    { "/calendar/fifo-ties", test_fifo_ties },
    { "/calendar/priority", test_priority },
    { "/calendar/signed-times", test_signed_times },
    { "/calendar/pop-then-push", test_pop_then_push },
    { "/calendar/sorted-large", test_sorted_large },
    { NULL, NULL },
  };
  static const CuTest handles[] = {
    { "/calendar/cancel", test_cancel },
    { "/calendar/reschedule", test_reschedule },
    { "/calendar/stale-handles", test_stale_handles },
    { "/calendar/free-pending", test_free_pending },
    { "/calendar/free-after-pop", test_free_after_pop },
    { "/calendar/large-cancel", test_large_cancel },
    { "/calendar/hold-far", test_hold_far },
    { "/calendar/random", test_random },
    { NULL, NULL },
  };
  static const CuSuite suites[] = {
    { "/calendar/order", order },
    { "/calendar/handles", handles },
    { NULL, NULL },
  };

  return cu_main ("test-calendar", suites);
}
