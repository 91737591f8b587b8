/* sim-ranks.c: work items over MPI ranks and threads, results gathered at
 * rank 0 (see sim-ranks.h).
 *
 * The message a rank sends rank 0 after its items (one per
 * sim_ranks_work call): its size (an unsigned 64-bit count of bytes),
 * then the bytes in chunks of at most 1 GiB: a byte ok, the rank's events
 * (u64); if ok, its strings (u32 count, then u32 length and bytes each)
 * and its items (u32 count, then for each: u32 index, u32 rows, then
 * rows of i32 year, u32 group, u32 measure (string numbers), f64 value);
 * else the lowest failing item (u32 index, i32 code, u32 length and the
 * message).  Numbers are in the machine's byte order: the ranks of one
 * job run the same binary.  Rank 0 then broadcasts the outcome (i32 0 or
 * the error's code, then the message) so that every rank returns the
 * same answer.
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
  const guint *items; /* local item k -> index */
  SimResults **results;
} Local;

static gboolean
local_item (guint k, gpointer data, guint64 *events, GError **error)
{
  Local *l = data;
  guint i = l->items[k];

  l->results[i] = l->spec->func (i, l->spec->user_data, events, error);
  return l->results[i] != NULL;
}

/* Run items[0..n-1]; on failure *failed is the lowest failing index (the
 * runner hands items out in increasing order and starts none above a
 * failed one, so every item below it has its results). */
static gboolean
run_local (const SimRanksSpec *spec, const guint *items, guint n,
           SimResults **results, guint64 *events, guint *failed, GError **error)
{
  Local l = { spec, items, results };
  SimWorkSpec work = {
    .n = n,
    .jobs = spec->jobs,
    .func = local_item,
    .user_data = &l,
    .progress = spec->progress,
    .progress_data = spec->progress_data,
  };

  if (sim_runner_work (&work, events, error))
    return TRUE;
  for (guint k = 0; k < n; k++)
    if (!results[items[k]])
      {
        *failed = items[k];
        break;
      }
  return FALSE;
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

#define CHUNK ((gsize)1 << 30)

static void
send_bytes (const GByteArray *b)
{
  guint64 len = b->len;

  MPI_Send (&len, 1, MPI_UINT64_T, 0, 0, MPI_COMM_WORLD);
  for (gsize off = 0; off < len; off += CHUNK)
    MPI_Send (b->data + off, (int)MIN (CHUNK, len - off), MPI_BYTE, 0, 1,
              MPI_COMM_WORLD);
}

static guint8 *
recv_bytes (guint rank, gsize *len_out)
{
  guint64 len = 0;
  guint8 *data;

  MPI_Recv (&len, 1, MPI_UINT64_T, (int)rank, 0, MPI_COMM_WORLD,
            MPI_STATUS_IGNORE);
  data = g_malloc (MAX (1u, len));
  for (gsize off = 0; off < len; off += CHUNK)
    MPI_Recv (data + off, (int)MIN (CHUNK, len - off), MPI_BYTE, (int)rank, 1,
              MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  *len_out = len;
  return data;
}

/* Rank 0's outcome to every rank: 0, or the code and message. */
static gboolean
broadcast_outcome (Failure *f, GError **error)
{
  gint32 code = f->index == G_MAXUINT ? 0 : f->code;
  guint32 len = f->message ? (guint32)strlen (f->message) : 0;
  g_autofree char *text = NULL;

  MPI_Bcast (&code, 1, MPI_INT32_T, 0, MPI_COMM_WORLD);
  if (code == 0)
    return TRUE;
  MPI_Bcast (&len, 1, MPI_UINT32_T, 0, MPI_COMM_WORLD);
  text = g_malloc0 (len + 1);
  if (my_rank == 0)
    memcpy (text, f->message, len);
  MPI_Bcast (text, (int)len, MPI_CHAR, 0, MPI_COMM_WORLD);
  g_set_error_literal (error, SIM_ERROR, code, text);
  failed_together = TRUE;
  return FALSE;
}

static gboolean
work_mpi (const SimRanksSpec *spec, SimResults **results, guint64 *events,
          GError **error)
{
  g_autofree guint *items = g_new (guint, MAX (1u, spec->n / n_ranks + 1));
  guint n = 0, failed = G_MAXUINT;
  guint64 ev = 0;
  g_autoptr (GError) e = NULL;
  Failure f = { G_MAXUINT, 0, NULL };
  gboolean ok;

  for (guint i = my_rank; i < spec->n; i += n_ranks)
    items[n++] = i;
  ok = run_local (spec, items, n, results, &ev, &failed, &e);
  if (my_rank != 0)
    {
      g_autoptr (GByteArray) b
          = ok ? pack_ok (items, n, results, ev) : pack_failed (failed, e, ev);
      for (guint k = 0; k < n; k++)
        g_clear_pointer (&results[items[k]], sim_results_free);
      send_bytes (b);
    }
  else
    {
      if (!ok)
        note_failure (&f, failed, e->code, e->message, 0);
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
    }
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
  g_autofree guint *items = NULL;
  guint failed = G_MAXUINT;
  guint64 ev = 0;

  g_assert (spec->func);
  for (guint i = 0; i < spec->n; i++)
    results[i] = NULL;
#ifdef HAVE_MPI
  if (n_ranks > 1)
    return work_mpi (spec, results, events, error);
#endif
  items = g_new (guint, MAX (1u, spec->n));
  for (guint i = 0; i < spec->n; i++)
    items[i] = i;
  if (!run_local (spec, items, spec->n, results, &ev, &failed, error))
    {
      for (guint i = 0; i < spec->n; i++)
        g_clear_pointer (&results[i], sim_results_free);
      return FALSE;
    }
  if (events)
    *events = ev;
  return TRUE;
}
