/* sim-ranks.c: work items over MPI ranks and threads, results gathered at
 * rank 0 (see sim-ranks.h).
 *
 * Handing out (under MPI): another rank's main thread sends rank 0 an ask
 * (TAG_ASK, two u32: the items it has run, and its lowest failing item or
 * NO_ITEM) whenever fewer items are queued than its threads waiting plus
 * one; rank 0's main thread answers each with the next index (TAG_GIVE,
 * u32), or NO_ITEM when none is left, and its own threads take indices
 * from the same counter.  So indices go out in increasing order, every
 * index once.  Once rank 0 knows of a failing item (its own, or from an
 * ask), it hands out nothing above it: every item below it is already
 * out and runs, so the outcome (the lowest failing item's error) is the
 * same, and a failing run ends without running the rest.
 *
 * The message a rank sends rank 0 after its items (one per
 * sim_ranks_work call): its size (an unsigned 64-bit count of bytes),
 * then, once rank 0 says go (TAG_GO), the bytes in chunks of at most 1 GiB: a
 * byte ok, the rank's events (u64); if ok, its strings (u32 count, then u32
 * length and bytes each) and its items (u32 count, then for each: u32 index,
 * u32 rows, then rows of i32 year, u32 group, u32 measure (string numbers), f64
 * value); else the lowest failing item (u32 index, i32 code, u32 length and the
 * message).  Numbers are in the machine's byte order: the ranks of one
 * job run the same binary.  Rank 0 then sends every rank the outcome
 * (i32 0 or the error's code, then the message) so that every rank
 * returns the same answer.  Ranks that wait for rank 0 poll without
 * spinning (wait_quietly).
 */
#include "config.h"

#include <string.h>

#ifdef HAVE_MPI
#include <mpi.h>
#endif

#include "sim/sim-error.h"
#include "sim/sim-ranks.h"

static guint n_ranks = 1, my_rank = 0;
static gboolean started;
static gboolean failed_together;

gboolean
sim_ranks_failed_together (void)
{
  return failed_together;
}

void
sim_ranks_fail_together (void)
{
  failed_together = TRUE;
}

gboolean
sim_ranks_built (void)
{
#ifdef HAVE_MPI
  return TRUE;
#else
  return FALSE;
#endif
}

guint
sim_ranks_size (void)
{
  return n_ranks;
}

guint
sim_ranks_rank (void)
{
  return my_rank;
}

gboolean
sim_ranks_root (void)
{
  return my_rank == 0;
}

gboolean
sim_ranks_init (int *argc, char ***argv, GError **error)
{
#ifdef HAVE_MPI
  int provided = 0, size = 1, me = 0;

  if (!g_getenv ("OMPI_COMM_WORLD_SIZE") && !g_getenv ("PMIX_RANK"))
    return TRUE; /* not started by mpirun: one process */
  if (MPI_Init_thread (argc, argv, MPI_THREAD_FUNNELED, &provided)
      != MPI_SUCCESS)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_UNAVAILABLE,
                   "cannot start MPI (MPI_Init_thread failed)");
      return FALSE;
    }
  started = TRUE;
  MPI_Comm_size (MPI_COMM_WORLD, &size);
  MPI_Comm_rank (MPI_COMM_WORLD, &me);
  n_ranks = (guint)size;
  my_rank = (guint)me;
#else
  const char *size = g_getenv ("OMPI_COMM_WORLD_SIZE");

  (void)argc;
  (void)argv;
  if (size && g_ascii_strtoull (size, NULL, 10) > 1)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_UNAVAILABLE,
                   "started by mpirun with %s processes, but built without "
                   "Open MPI: each would run the whole command (configure "
                   "--with-mpi, with Debian's libopenmpi-dev)",
                   size);
      return FALSE;
    }
#endif
  return TRUE;
}

void
sim_ranks_finish (void)
{
#ifdef HAVE_MPI
  if (started)
    MPI_Finalize ();
  started = FALSE;
#endif
}

void
sim_ranks_abort (int status)
{
#ifdef HAVE_MPI
  if (started && n_ranks > 1)
    MPI_Abort (MPI_COMM_WORLD, status);
#else
  (void)status;
#endif
}

/* ---- this rank's items ------------------------------------------------ */

typedef struct
{
  const SimRanksSpec *spec;
  SimResults **results;
  GMutex lock;  /* guards the two below */
  guint failed; /* lowest failing index run here, or G_MAXUINT */
  guint done;   /* items run here */
} Local;

static gboolean
local_item (guint i, gpointer data, guint64 *events, GError **error)
{
  Local *l = data;

  l->results[i] = l->spec->func (i, l->spec->user_data, events, error);
  g_mutex_lock (&l->lock);
  l->done++;
  if (!l->results[i])
    l->failed = MIN (l->failed, i);
  g_mutex_unlock (&l->lock);
  return l->results[i] != NULL;
}

static void
local_init (Local *l, const SimRanksSpec *spec, SimResults **results)
{
  l->spec = spec;
  l->results = results;
  g_mutex_init (&l->lock);
  l->failed = G_MAXUINT;
  l->done = 0;
}

gboolean sim_ranks_work (const SimRanksSpec *spec, SimResults **results,
                         guint64 *events, GError **error);

#ifdef HAVE_MPI

/* ---- packing ------------------------------------------------------------- */

static void
put (GByteArray *b, const void *p, gsize n)
{
  g_byte_array_append (b, p, (guint)n);
}

static void
put_u32 (GByteArray *b, guint32 v)
{
  put (b, &v, sizeof v);
}

static void
put_text (GByteArray *b, const char *s)
{
  gsize n = strlen (s);

  put_u32 (b, (guint32)n);
  put (b, s, n);
}

/* The number of interned string s in the table (added if new). */
static guint32
string_id (GHashTable *ids, GPtrArray *table, const char *s)
{
  gpointer v;

  if (g_hash_table_lookup_extended (ids, s, NULL, &v))
    return GPOINTER_TO_UINT (v);
  g_hash_table_insert (ids, (gpointer)s, GUINT_TO_POINTER (table->len));
  g_ptr_array_add (table, (gpointer)s);
  return table->len - 1;
}

static GByteArray *
pack_ok (const guint *items, guint n, SimResults **results, guint64 events)
{
  GByteArray *b = g_byte_array_new ();
  g_autoptr (GByteArray) rows = g_byte_array_new ();
  g_autoptr (GHashTable) ids = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) table = g_ptr_array_new ();
  guint8 ok = 1;

  put_u32 (rows, n);
  for (guint k = 0; k < n; k++)
    {
      const SimResults *r = results[items[k]];
      put_u32 (rows, items[k]);
      put_u32 (rows, (guint32)sim_results_len (r));
      for (gsize j = 0; j < sim_results_len (r); j++)
        {
          const SimResultRow *row = sim_results_row (r, j);
          gint32 year = row->year;
          guint32 g = string_id (ids, table, row->group);
          guint32 m = string_id (ids, table, row->measure);
          put (rows, &year, sizeof year);
          put_u32 (rows, g);
          put_u32 (rows, m);
          put (rows, &row->value, sizeof row->value);
        }
    }
  put (b, &ok, 1);
  put (b, &events, sizeof events);
  put_u32 (b, table->len);
  for (guint s = 0; s < table->len; s++)
    put_text (b, table->pdata[s]);
  put (b, rows->data, rows->len);
  return b;
}

static GByteArray *
pack_failed (guint failed, const GError *e, guint64 events)
{
  GByteArray *b = g_byte_array_new ();
  guint8 ok = 0;
  gint32 code = e->code;

  put (b, &ok, 1);
  put (b, &events, sizeof events);
  put_u32 (b, failed);
  put (b, &code, sizeof code);
  put_text (b, e->message);
  return b;
}

/* ---- unpacking (rank 0) -------------------------------------------------- */

typedef struct
{
  const guint8 *p, *end;
} Reader;

static gboolean
get (Reader *r, void *out, gsize n)
{
  if ((gsize)(r->end - r->p) < n)
    return FALSE;
  memcpy (out, r->p, n);
  r->p += n;
  return TRUE;
}

static char *
get_text (Reader *r)
{
  guint32 n = 0;
  char *s;

  if (!get (r, &n, sizeof n) || (gsize)(r->end - r->p) < n)
    return NULL;
  s = g_strndup ((const char *)r->p, n);
  r->p += n;
  return s;
}

/* A failure seen by rank 0 in a message. */
typedef struct
{
  guint index; /* G_MAXUINT: none */
  gint code;
  char *message;
} Failure;

static void
note_failure (Failure *f, guint index, gint code, const char *message,
              guint rank)
{
  if (index >= f->index)
    return;
  g_free (f->message);
  f->index = index;
  f->code = code;
  f->message = g_strdup_printf ("rank %u: %s", rank, message);
}

static gboolean
unpack (const guint8 *data, gsize len, guint rank, guint n,
        SimResults **results, guint64 *events, Failure *f)
{
  Reader r = { data, data + len };
  guint8 ok = 0;
  guint64 ev = 0;
  guint32 n_strings = 0, n_items = 0;
  g_autoptr (GPtrArray) strings = NULL;

  if (!get (&r, &ok, 1) || !get (&r, &ev, sizeof ev))
    return FALSE;
  *events += ev;
  if (!ok)
    {
      guint32 index = 0;
      gint32 code = 0;
      g_autofree char *message = NULL;
      if (!get (&r, &index, sizeof index) || !get (&r, &code, sizeof code)
          || !(message = get_text (&r)))
        return FALSE;
      note_failure (f, index, code, message, rank);
      return TRUE;
    }
  if (!get (&r, &n_strings, sizeof n_strings))
    return FALSE;
  strings = g_ptr_array_new ();
  for (guint32 s = 0; s < n_strings; s++)
    {
      g_autofree char *t = get_text (&r);
      if (!t)
        return FALSE;
      g_ptr_array_add (strings, (gpointer)g_intern_string (t));
    }
  if (!get (&r, &n_items, sizeof n_items))
    return FALSE;
  for (guint32 k = 0; k < n_items; k++)
    {
      guint32 index = 0, rows = 0;
      SimResults *res;
      if (!get (&r, &index, sizeof index) || !get (&r, &rows, sizeof rows)
          || index >= n || results[index])
        return FALSE;
      res = results[index] = sim_results_new ();
      for (guint32 j = 0; j < rows; j++)
        {
          gint32 year = 0;
          guint32 g = 0, m = 0;
          double value = 0;
          if (!get (&r, &year, sizeof year) || !get (&r, &g, sizeof g)
              || !get (&r, &m, sizeof m) || !get (&r, &value, sizeof value)
              || g >= n_strings || m >= n_strings)
            return FALSE;
          sim_results_add (res, year, strings->pdata[g], strings->pdata[m],
                           value);
        }
    }
  return r.p == r.end;
}

/* ---- messages ------------------------------------------------------------ */

enum
{
  TAG_SIZE,   /* a rank's results: their size (send_bytes) */
  TAG_DATA,   /* ... and their bytes */
  TAG_ASK,    /* another rank to rank 0: an item, please (u32: items run) */
  TAG_GIVE,   /* rank 0's answer: u32 index, or NO_ITEM */
  TAG_GO,     /* rank 0 to a rank: send your results' bytes now */
  TAG_OUTCOME /* rank 0 to every rank: the outcome (broadcast_outcome) */
};
#define NO_ITEM G_MAXUINT32
#define POLL_USEC 1000
#define CHUNK ((gsize)1 << 30)

/* Wait for a request without spinning: Open MPI's blocking calls poll at
 * full speed, which would take a core from threads still running items
 * (another rank's, or this one's). */
static void
wait_quietly (MPI_Request *req)
{
  int done = 0;

  for (;;)
    {
      MPI_Test (req, &done, MPI_STATUS_IGNORE);
      if (done)
        return;
      g_usleep (POLL_USEC);
    }
}

/* Another rank's results to rank 0: their size, then, once rank 0 says
 * go (it is then waiting for them), the bytes at full speed. */
static void
send_bytes (const GByteArray *b)
{
  guint64 len = b->len;
  guint8 go = 0;
  MPI_Request req;

  MPI_Send (&len, 1, MPI_UINT64_T, 0, TAG_SIZE, MPI_COMM_WORLD);
  MPI_Irecv (&go, 1, MPI_BYTE, 0, TAG_GO, MPI_COMM_WORLD, &req);
  wait_quietly (&req);
  for (gsize off = 0; off < len; off += CHUNK)
    MPI_Send (b->data + off, (int)MIN (CHUNK, len - off), MPI_BYTE, 0, TAG_DATA,
              MPI_COMM_WORLD);
}

static guint8 *
recv_bytes (guint rank, gsize *len_out)
{
  guint64 len = 0;
  guint8 go = 1, *data;
  MPI_Request req;

  MPI_Irecv (&len, 1, MPI_UINT64_T, (int)rank, TAG_SIZE, MPI_COMM_WORLD, &req);
  wait_quietly (&req);
  data = g_malloc (MAX (1u, len));
  MPI_Send (&go, 1, MPI_BYTE, (int)rank, TAG_GO, MPI_COMM_WORLD);
  for (gsize off = 0; off < len; off += CHUNK)
    MPI_Recv (data + off, (int)MIN (CHUNK, len - off), MPI_BYTE, (int)rank,
              TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  *len_out = len;
  return data;
}

/* Rank 0's outcome to every rank: 0, or the code and message (sent to
 * each, not broadcast, so that the others wait without spinning). */
static gboolean
broadcast_outcome (Failure *f, GError **error)
{
  gint32 code = f->index == G_MAXUINT ? 0 : f->code;
  guint32 len = f->message ? (guint32)strlen (f->message) : 0;
  g_autofree char *text = NULL;

  if (my_rank == 0)
    for (guint r = 1; r < n_ranks; r++)
      {
        MPI_Send (&code, 1, MPI_INT32_T, (int)r, TAG_OUTCOME, MPI_COMM_WORLD);
        if (code != 0)
          {
            MPI_Send (&len, 1, MPI_UINT32_T, (int)r, TAG_OUTCOME,
                      MPI_COMM_WORLD);
            MPI_Send (f->message, (int)len, MPI_CHAR, (int)r, TAG_OUTCOME,
                      MPI_COMM_WORLD);
          }
      }
  else
    {
      MPI_Request req;
      MPI_Irecv (&code, 1, MPI_INT32_T, 0, TAG_OUTCOME, MPI_COMM_WORLD, &req);
      wait_quietly (&req);
      if (code != 0)
        MPI_Recv (&len, 1, MPI_UINT32_T, 0, TAG_OUTCOME, MPI_COMM_WORLD,
                  MPI_STATUS_IGNORE);
    }
  if (code == 0)
    return TRUE;
  text = g_malloc0 (len + 1);
  if (my_rank == 0)
    memcpy (text, f->message, len);
  else
    MPI_Recv (text, (int)len, MPI_CHAR, 0, TAG_OUTCOME, MPI_COMM_WORLD,
              MPI_STATUS_IGNORE);
  g_set_error_literal (error, SIM_ERROR, code, text);
  failed_together = TRUE;
  return FALSE;
}

/* ---- handing items out ---------------------------------------------- */

/* Rank 0 hands out the items one at a time, in increasing order, to its
 * own threads and to the other ranks as they ask: a rank on a slower core,
 * or given larger items, simply runs fewer.  Only the main thread of a
 * rank talks to MPI (MPI_THREAD_FUNNELED); the items run on threads
 * started for them, and the main thread sleeps in between (POLL_USEC),
 * so that it takes no core from them. */

typedef struct
{
  GMutex lock;
  GCond cond;        /* for the fields below and Local's done */
  guint n;           /* items */
  guint next;        /* rank 0: the next index to hand out */
  guint limit;       /* rank 0: hand out below this (n, or a failure) */
  guint *queue;      /* another rank: indices given by rank 0 */
  guint head;        /* ... the next to take */
  guint tail;        /* ... one past the last given */
  guint waiting;     /* threads waiting for an item */
  gboolean none;     /* another rank: rank 0 has no more */
  gboolean finished; /* the threads are done */
} Feed;

/* Rank 0's threads take the next index. */
static gboolean
feed_root (gpointer data, guint *i)
{
  Feed *f = data;
  gboolean more;

  g_mutex_lock (&f->lock);
  more = f->next < f->limit;
  if (more)
    *i = f->next++;
  g_mutex_unlock (&f->lock);
  return more;
}

/* Another rank's threads take what rank 0 gave, waiting for it. */
static gboolean
feed_queue (gpointer data, guint *i)
{
  Feed *f = data;
  gboolean more;

  g_mutex_lock (&f->lock);
  while (f->head == f->tail && !f->none)
    {
      f->waiting++;
      g_cond_broadcast (&f->cond); /* the main thread asks for more */
      g_cond_wait (&f->cond, &f->lock);
      f->waiting--;
    }
  more = f->head < f->tail;
  if (more)
    *i = f->queue[f->head++];
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  return more;
}

typedef struct
{
  Local local;
  Feed feed;
  guint jobs;
  gboolean ok;
  guint64 events;
  GError *error;
} Share;

static gpointer
run_share (gpointer data)
{
  Share *sh = data;
  SimWorkSpec work = {
    .n = sh->feed.n,
    .jobs = sh->jobs,
    .func = local_item,
    .user_data = &sh->local,
    .feed = my_rank == 0 ? feed_root : feed_queue,
    .feed_data = &sh->feed,
  };

  sh->ok = sim_runner_work (&work, &sh->events, &sh->error);
  g_mutex_lock (&sh->feed.lock);
  sh->feed.finished = TRUE;
  g_cond_broadcast (&sh->feed.cond);
  g_mutex_unlock (&sh->feed.lock);
  return NULL;
}

/* Rank 0's main thread: answer every ask until each other rank has been
 * told there is nothing left and this rank's threads are done; report
 * progress (items run on every rank, as last told) as it goes. */
static void
serve (Share *sh, const SimRanksSpec *spec)
{
  Feed *f = &sh->feed;
  g_autofree guint32 *ran = g_new0 (guint32, n_ranks);
  guint told = 0, shown = 0;

  for (;;)
    {
      int asked = 0;
      MPI_Status st;
      guint32 give, msg[2];
      guint total = 0, failed;

      g_mutex_lock (&sh->local.lock);
      ran[0] = sh->local.done;
      failed = sh->local.failed;
      g_mutex_unlock (&sh->local.lock);
      MPI_Iprobe (MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD, &asked, &st);
      if (asked)
        {
          MPI_Recv (msg, 2, MPI_UINT32_T, st.MPI_SOURCE, TAG_ASK,
                    MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          ran[st.MPI_SOURCE] = msg[0];
          failed = MIN (failed, msg[1]);
        }
      g_mutex_lock (&f->lock);
      f->limit = MIN (f->limit, failed);
      g_mutex_unlock (&f->lock);
      if (asked)
        {
          g_mutex_lock (&f->lock);
          give = f->next < f->limit ? f->next++ : NO_ITEM;
          g_mutex_unlock (&f->lock);
          MPI_Send (&give, 1, MPI_UINT32_T, st.MPI_SOURCE, TAG_GIVE,
                    MPI_COMM_WORLD);
          told += give == NO_ITEM;
        }
      for (guint r = 0; r < n_ranks; r++)
        total += ran[r];
      if (spec->progress && total > shown)
        spec->progress (shown = total, spec->n, spec->progress_data);
      g_mutex_lock (&f->lock);
      if (told == n_ranks - 1 && f->finished)
        break;
      if (!asked)
        g_cond_wait_until (&f->cond, &f->lock,
                           g_get_monotonic_time () + POLL_USEC);
      g_mutex_unlock (&f->lock);
    }
  g_mutex_unlock (&f->lock);
}

/* Another rank's main thread: ask rank 0 for an item whenever fewer are
 * queued than threads waiting plus one (each thread finds its next item
 * ready), until rank 0 has no more; then wait for the threads.  After a
 * failure here the threads stop, and what rank 0 still gives is dropped
 * (it is above the failure). */
static void
ask (Share *sh)
{
  Feed *f = &sh->feed;
  gboolean asking = FALSE;
  guint32 give = 0;
  MPI_Request req = MPI_REQUEST_NULL;

  g_mutex_lock (&f->lock);
  while (!f->none)
    {
      int got = 0;

      if (!asking && (f->finished || f->tail - f->head < f->waiting + 1))
        {
          guint32 msg[2]; /* items run, lowest failure (G_MAXUINT: none) */
          g_mutex_unlock (&f->lock);
          g_mutex_lock (&sh->local.lock);
          msg[0] = sh->local.done;
          msg[1] = MIN (sh->local.failed, NO_ITEM);
          g_mutex_unlock (&sh->local.lock);
          MPI_Send (msg, 2, MPI_UINT32_T, 0, TAG_ASK, MPI_COMM_WORLD);
          MPI_Irecv (&give, 1, MPI_UINT32_T, 0, TAG_GIVE, MPI_COMM_WORLD, &req);
          asking = TRUE;
          g_mutex_lock (&f->lock);
        }
      if (!asking)
        {
          g_cond_wait (&f->cond, &f->lock);
          continue;
        }
      g_mutex_unlock (&f->lock);
      MPI_Test (&req, &got, MPI_STATUS_IGNORE);
      g_mutex_lock (&f->lock);
      if (!got)
        {
          g_cond_wait_until (&f->cond, &f->lock,
                             g_get_monotonic_time () + POLL_USEC);
          continue;
        }
      asking = FALSE;
      if (give == NO_ITEM)
        f->none = TRUE;
      else if (!f->finished)
        f->queue[f->tail++] = give;
      g_cond_broadcast (&f->cond);
    }
  while (!f->finished)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);
}

static void
share_init (Share *sh, const SimRanksSpec *spec, SimResults **results)
{
  memset (sh, 0, sizeof *sh);
  local_init (&sh->local, spec, results);
  g_mutex_init (&sh->feed.lock);
  g_cond_init (&sh->feed.cond);
  sh->feed.n = spec->n;
  sh->feed.limit = spec->n;
  sh->feed.queue = my_rank == 0 ? NULL : g_new (guint, MAX (1u, spec->n));
  sh->jobs = spec->jobs;
}

static void
share_clear (Share *sh)
{
  g_mutex_clear (&sh->local.lock);
  g_mutex_clear (&sh->feed.lock);
  g_cond_clear (&sh->feed.cond);
  g_free (sh->feed.queue);
  g_clear_error (&sh->error);
}

/* This rank's share of the items, run on threads while the main thread
 * serves (rank 0) or asks (the others). */
static void
run_share_mpi (Share *sh, const SimRanksSpec *spec)
{
  GThread *t = g_thread_new ("sim-ranks", run_share, sh);

  if (my_rank == 0)
    serve (sh, spec);
  else
    ask (sh);
  g_thread_join (t);
}

/* ---- gathering ------------------------------------------------------- */

static gboolean
work_mpi (const SimRanksSpec *spec, SimResults **results, guint64 *events,
          GError **error)
{
  Share sh;
  Failure f = { G_MAXUINT, 0, NULL };
  gboolean ok;

  share_init (&sh, spec, results);
  run_share_mpi (&sh, spec);
  if (my_rank != 0)
    {
      g_autoptr (GByteArray) b = NULL;
      g_autofree guint *items = g_new (guint, MAX (1u, spec->n));
      guint n = 0;
      for (guint i = 0; i < spec->n; i++)
        if (results[i])
          items[n++] = i;
      b = sh.ok ? pack_ok (items, n, results, sh.events)
                : pack_failed (sh.local.failed, sh.error, sh.events);
      for (guint k = 0; k < n; k++)
        g_clear_pointer (&results[items[k]], sim_results_free);
      send_bytes (b);
    }
  else
    {
      guint64 ev = sh.events;
      if (!sh.ok)
        note_failure (&f, sh.local.failed, sh.error->code, sh.error->message,
                      0);
      for (guint r = 1; r < n_ranks; r++)
        {
          gsize len = 0;
          g_autofree guint8 *data = recv_bytes (r, &len);
          if (!unpack (data, len, r, spec->n, results, &ev, &f))
            note_failure (&f, 0, SIM_ERROR_INTERNAL,
                          "a malformed message of results", r);
        }
      if (events)
        *events = ev;
      if (spec->progress && f.index == G_MAXUINT)
        spec->progress (spec->n, spec->n, spec->progress_data);
    }
  share_clear (&sh);
  ok = broadcast_outcome (&f, error);
  g_free (f.message);
  if (!ok)
    for (guint i = 0; i < spec->n; i++)
      g_clear_pointer (&results[i], sim_results_free);
  return ok;
}

#endif /* HAVE_MPI */

gboolean
sim_ranks_work (const SimRanksSpec *spec, SimResults **results, guint64 *events,
                GError **error)
{
  Local l;
  SimWorkSpec work = {
    .n = spec->n,
    .jobs = spec->jobs,
    .func = local_item,
    .user_data = &l,
    .progress = spec->progress,
    .progress_data = spec->progress_data,
  };
  gboolean ok;

  g_assert (spec->func);
  for (guint i = 0; i < spec->n; i++)
    results[i] = NULL;
#ifdef HAVE_MPI
  if (n_ranks > 1)
    return work_mpi (spec, results, events, error);
#endif
  local_init (&l, spec, results);
  ok = sim_runner_work (&work, events, error);
  g_mutex_clear (&l.lock);
  if (!ok)
    for (guint i = 0; i < spec->n; i++)
      g_clear_pointer (&results[i], sim_results_free);
  return ok;
}
