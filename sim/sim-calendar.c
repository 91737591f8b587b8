/* sim-calendar.c: the event calendar, a 4-ary min-heap with handles,
 * and far bins for the events after its split.
 *
 * Invariants (checked by sim_calendar_check()):
 * - heap[0 .. n) is a min-heap in (time, priority, seq) order: no entry is
 *   before its parent.  If `hole` is set, heap[0] is empty (see Pop then
 *   push below), n counts it, and n >= 2.
 * - heap[n .. cap) are sentinels, after every real entry and never tied:
 *   the entry at position p has key SENTINEL_KEY (p).  So every node with a
 *   child has ARITY readable children and picking the first of them needs
 *   no bounds test (cap >= n + ARITY always).
 * - Entries are in the heap or in a far bin.  The bins' ranges of keys
 *   tile [split, infinity) in falling order: bin b holds the keys in
 *   [bin_lo[b], bin_lo[b - 1]), bin 0 all from bin_lo[0] on, and split
 *   is the nearest bin's bin_lo[n_bins - 1] (SPLIT_NONE with no bins).
 *   Every heap entry's key is below split (so the first event is in the
 *   heap, and ties on time never straddle heap and bins, nor two bins).
 *   The heap is empty only if every bin is too.
 * - A bin's entries fill its chunks in order, all but the last full; a
 *   chunk is in one bin (chunk_bin[c]) or on the free chunk list.
 * - For every entry e at heap position i < n, pos[e.slot] == i; at pool
 *   index g (chunk g / CHUNK), pos[e.slot] == FAR | g; the slot is in
 *   use; a slot is in use iff it holds an entry.
 * - A handle is (generation << 32) | slot index.  A slot's generation is
 *   bumped when the slot is freed (pop or cancel), so a handle is pending
 *   iff its generation equals its slot's; generation 0 is never issued, so
 *   no handle is 0.
 *
 * Layout.  A heap entry is 16 bytes: the time as an ordered integer key,
 * the priority and the slot index.  Everything else about an event
 * (sequence number, kind, payload) lives in its 24-byte slot, and its heap
 * position in a separate dense array pos[] (written on every move, so kept
 * small).  Few events have a free function: a slot's key is its sequence
 * number times 2, plus 1 if the event has one, which is then in frees[]
 * (allocated at the first such event; entries of other slots are never
 * read or written, so its memory is touched only where used).  Doubling
 * the sequence number keeps the keys' order.  The key is read only when
 * two entries tie on (time, priority).  The heap array is 64-byte aligned
 * and shifted by ARITY - 1 entries, so the four children of a node share
 * one cache line.  Slots come from a pool with a free list threaded
 * through pos[].
 *
 * Pop then push.  A handler usually schedules an event right after its own
 * was popped.  So a pop leaves a hole at the root instead of moving the
 * last entry there and sifting it down; the next push drops its entry into
 * the hole and sifts it down (one sift instead of a sift down and a sift
 * up).  Any other operation fills the hole first.
 *
 * Near and far.  A heap of a million events misses the caches at every
 * level of a sift, and writes pos[] at each.  So the heap keeps only the
 * events before `split` (at most about SPILL_MAX of them): later ones are
 * appended, unordered, to the far bin whose range of keys holds theirs
 * (a binary search of bin_lo[], then one write).  When the heap empties, a
 * refill moves the nearest bins, about an eighth of the far events (at
 * most SPILL_MAX / 2), into it and heapifies them; a nearest bin too large
 * for that is first split, in one pass, into bins of about the size
 * wanted at keys chosen from a sample (the first refill so splits the
 * single bin a spill made; bin 0, open above, takes the events after all
 * others and is split when its turn comes).  So a refill costs about the
 * events it takes, however many wait (issue 17: one area of 11.7 million
 * children scanned all of them at every refill).  When the heap grows past
 * SPILL_MAX, a spill moves its later entries to a new nearest bin.  Which
 * events the heap holds changes nothing in the order they leave.
 *
 * Far bins.  Bins come and go at the near end only (bin indices of the
 * others stay), so a chunk records its bin's index.  Their entries sit in
 * a pool of chunks of CHUNK entries; a cancel moves its bin's last entry
 * into the hole (its chunk is found from chunk_bin[]), and a bin taken or
 * split gives its chunks back to the free list, from which the next are
 * taken: memory follows the events waiting, plus a part chunk a bin.
 *
 * Speed.  The time key is the double's bit pattern made monotonic, so
 * comparing two times is one integer comparison, and the first of four
 * children is found by a tournament of conditional moves (no branch to
 * mispredict).  On large heaps the sift down prefetches the next level.
 *
 * Arity, measured with the event-rate benchmark (make bench; defaults: mmc 2e6
 * customers, c = 10, rho = 0.9; hold 1e6 pending, 1e7 events) on the 2-core
 * Xeon (Sapphire Rapids, KVM) this project builds on, gcc 12 -O2, this file as
 * it stands; events per second, median (min-max) of 7 interleaved runs:
 *
 *           binary heap              4-ary heap
 *   mmc     17.5e6 (14.6-19.5e6)     20.1e6 (15.0-20.4e6)
 *   hold     2.9e6 ( 2.5- 3.4e6)      4.0e6 ( 3.4- 4.2e6)
 *
 * (binary: configure with CPPFLAGS=-DSIM_CALENDAR_ARITY=2).  The 4-ary
 * heap is kept: half the depth, and the four children share a cache line,
 * which matters most when the heap outgrows the caches (hold).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sim/sim-calendar.h"
#include "sim/sim-error.h"

#ifndef SIM_CALENDAR_ARITY
#define SIM_CALENDAR_ARITY 4
#endif
#define ARITY SIM_CALENDAR_ARITY
#define LINE_BYTES 64
#define INITIAL_CAPACITY 64
#define POS_NONE G_MAXUINT32 /* end of the free list */
#define FAR 0x80000000u      /* pos[] bit: the entry is in a far bin */
/* Heap entries beyond which a push spills the later ones to a far bin
 * (512 KiB of entries: within the L2 cache). */
#ifndef SIM_CALENDAR_SPILL
#define SIM_CALENDAR_SPILL (1 << 15)
#endif
#define SPILL_MAX SIM_CALENDAR_SPILL
#define SAMPLE 64 /* keys sampled to choose a split */
/* Far entries are kept in chunks of this many (4 KiB). */
#ifndef SIM_CALENDAR_CHUNK
#define SIM_CALENDAR_CHUNK 256
#endif
#define CHUNK ((gsize)SIM_CALENDAR_CHUNK)
/* A refill takes at least this many far entries (or all of them). */
#define WANT_MIN MIN (256, SPILL_MAX / 8)
#define SPLIT_NONE G_MAXINT64 /* every finite time's key is below it */
/* Heaps beyond this many entries (1 MiB) no longer sit in the L2 cache:
 * the sift down prefetches the grandchildren there. */
#define PREFETCH_MIN_N (1 << 16)
/* Sentinel keys: above the key of every finite time, distinct by position. */
#define SENTINEL_KEY(p) (G_MAXINT64 - (gint64)(p))

typedef struct
{
  gint64 key; /* time_key (time) */
  gint32 priority;
  guint32 slot;
} Entry;

G_STATIC_ASSERT (sizeof (Entry) == 16);

typedef struct
{
  guint64 key; /* 2 x sequence number + (1 if it has a free function) */
  gpointer payload;
  guint32 kind;
  guint32 gen; /* never 0 */
} Slot;

G_STATIC_ASSERT (sizeof (Slot) == 24);

#define SLOT_FREES 1u /* bit of Slot.key: its free function is in frees[] */

typedef struct
{
  guint32 *chunks; /* its chunks in fill order, the last one part full */
  gsize chunks_cap;
  gsize n; /* entries: in chunks[0 .. n / CHUNK] */
} Bin;

struct SimCalendar
{
  Entry *heap;   /* n entries, heap[0] is the first event; sentinels after */
  gpointer base; /* aligned allocation; heap = base + ARITY - 1 */
  gsize n;       /* entries in the heap */
  gsize cap;     /* room in heap[] */
  Slot *slots;   /* n_slots slots, in use or free */
  GDestroyNotify *frees; /* slot_cap entries, or NULL (see Layout) */
  guint32 *pos;          /* position of an in-use slot; else next free */
  guint32 n_slots;
  guint32 slot_cap;
  guint32 free_head; /* first free slot, or POS_NONE */
  guint64 next_seq;
  gboolean hole;      /* heap[0] is empty; see "Pop then push" */
  Entry *pool;        /* the far entries, in chunks of CHUNK (see Far bins) */
  guint32 *chunk_bin; /* bin of each chunk in use, next free chunk else */
  guint32 n_chunks, chunk_cap;
  guint32 free_chunk; /* first free chunk, or POS_NONE */
  Bin *bins;          /* n_bins bins, the farthest first */
  gint64 *bin_lo;     /* the first key of each bin's range */
  guint32 n_bins, bins_cap;
  gsize n_far;    /* entries in the bins */
  gint64 split;   /* the nearest bin's first key, or SPLIT_NONE */
  gsize spill_at; /* heap entries that make a push spill */
};

/* ---- Order ------------------------------------------------------------ */

/* The bits of a finite double as an integer in the same order (negative
 * numbers have their magnitude bits flipped).  -0.0 is made +0.0 first, so
 * equal times have equal keys.  The map is its own inverse. */
static inline gint64
time_key (double time)
{
  gint64 bits;

  time += 0.0;
  memcpy (&bits, &time, sizeof bits);
  return bits ^ ((bits >> 63) & G_MAXINT64);
}

static inline double
key_time (gint64 key)
{
  double time;

  key ^= (key >> 63) & G_MAXINT64;
  memcpy (&time, &key, sizeof time);
  return time;
}

static gboolean
tie_before (const Slot *slots, const Entry *a, const Entry *b)
{
  if (a->priority != b->priority)
    return a->priority < b->priority;
  return slots[a->slot].key < slots[b->slot].key;
}

/* Times almost never tie: the common path is one integer comparison. */
static inline gboolean
before (const Slot *slots, const Entry *a, const Entry *b)
{
  if (G_LIKELY (a->key != b->key))
    return a->key < b->key;
  return tie_before (slots, a, b);
}

/* ---- Slot pool -------------------------------------------------------- */

static void
grow_slots (SimCalendar *cal)
{
  guint32 cap = cal->slot_cap ? cal->slot_cap * 2 : INITIAL_CAPACITY;

  g_assert (cal->slot_cap < G_MAXUINT32 / 2);
  cal->slots = g_renew (Slot, cal->slots, cap);
  if (cal->frees)
    cal->frees = g_renew (GDestroyNotify, cal->frees, cap);
  cal->pos = g_renew (guint32, cal->pos, cap);
  cal->slot_cap = cap;
}

static guint32
slot_alloc (SimCalendar *cal)
{
  guint32 s = cal->free_head;

  if (s != POS_NONE)
    {
      cal->free_head = cal->pos[s];
      return s;
    }
  if (cal->n_slots == cal->slot_cap)
    grow_slots (cal);
  s = cal->n_slots++;
  cal->slots[s].gen = 1;
  return s;
}

static void
slot_release (SimCalendar *cal, guint32 s)
{
  Slot *slot = &cal->slots[s];

  if (++slot->gen == 0)
    slot->gen = 1;
  cal->pos[s] = cal->free_head;
  cal->free_head = s;
}

/* The free function of slot s's event, or NULL. */
static inline GDestroyNotify
slot_free_fn (const SimCalendar *cal, guint32 s)
{
  return (cal->slots[s].key & SLOT_FREES) ? cal->frees[s] : NULL;
}

/* Fill slot s for a new event. */
static inline void
slot_set (SimCalendar *cal, guint32 s, guint32 kind, gpointer payload,
          GDestroyNotify free_payload)
{
  Slot *slot = &cal->slots[s];

  slot->key = cal->next_seq++ << 1;
  slot->payload = payload;
  slot->kind = kind;
  if (G_UNLIKELY (free_payload != NULL))
    {
      if (cal->frees == NULL)
        cal->frees = g_new (GDestroyNotify, cal->slot_cap);
      cal->frees[s] = free_payload;
      slot->key |= SLOT_FREES;
    }
}

/* The slot of a pending handle, or POS_NONE. */
static guint32
handle_slot (const SimCalendar *cal, SimHandle handle)
{
  guint32 s = (guint32)(handle & G_MAXUINT32);
  guint32 gen = (guint32)(handle >> 32);

  if (handle == SIM_HANDLE_NONE || s >= cal->n_slots
      || cal->slots[s].gen != gen)
    return POS_NONE;
  return s;
}

/* ---- Heap ------------------------------------------------------------- */

static inline void
set_sentinel (Entry *heap, gsize p)
{
  heap[p] = (Entry){ SENTINEL_KEY (p), G_MAXINT32, 0 };
}

static void
grow_heap (SimCalendar *cal)
{
  gsize cap = cal->cap ? cal->cap * 2 : INITIAL_CAPACITY;
  gpointer base = g_aligned_alloc (cap + ARITY - 1, sizeof (Entry), LINE_BYTES);
  Entry *heap = (Entry *)base + ARITY - 1;

  if (cal->n > 0)
    memcpy (heap, cal->heap, cal->n * sizeof (Entry));
  for (gsize p = cal->n; p < cap; p++)
    set_sentinel (heap, p);
  g_aligned_free (cal->base);
  cal->base = base;
  cal->heap = heap;
  cal->cap = cap;
}

/* Place e at hole i or above it. */
G_ALWAYS_INLINE static inline void
sift_up (SimCalendar *cal, gsize i, Entry e)
{
  Entry *heap = cal->heap;
  guint32 *pos = cal->pos;

  while (i > 0)
    {
      gsize p = (i - 1) / ARITY;
      if (!before (cal->slots, &e, &heap[p]))
        break;
      heap[i] = heap[p];
      pos[heap[i].slot] = (guint32)i;
      i = p;
    }
  heap[i] = e;
  pos[e.slot] = (guint32)i;
}

/* The first of the ARITY children starting at `first` (sentinels count:
 * they lose to every entry). */
G_ALWAYS_INLINE static inline gsize
min_child (const Slot *slots, const Entry *heap, gsize first)
{
#if ARITY == 4
  /* A tournament; index arithmetic on the comparisons, no branches. */
  gsize a = first + before (slots, &heap[first + 1], &heap[first]);
  gsize b = first + 2 + before (slots, &heap[first + 3], &heap[first + 2]);
  gsize b_wins = before (slots, &heap[b], &heap[a]);

  return a + (b - a) * b_wins;
#else
  gsize best = first;

  for (gsize c = first + 1; c < first + ARITY; c++)
    if (before (slots, &heap[c], &heap[best]))
      best = c;
  return best;
#endif
}

/* Place e at hole i or below it. */
G_ALWAYS_INLINE static inline void
sift_down (SimCalendar *cal, gsize i, Entry e)
{
  Entry *heap = cal->heap;
  guint32 *pos = cal->pos;
  const Slot *slots = cal->slots;
  gsize n = cal->n;
  gsize first;

  while ((first = ARITY * i + 1) < n)
    {
      gsize best;

      /* The grandchildren: ARITY cache lines, one of which comes next. */
      if (n >= PREFETCH_MIN_N && ARITY * first + 1 < n)
        for (gsize g = 0; g < ARITY; g++)
          __builtin_prefetch (&heap[ARITY * (first + g) + 1]);
      best = min_child (slots, heap, first);
      if (!before (slots, &heap[best], &e))
        break;
      heap[i] = heap[best];
      pos[heap[i].slot] = (guint32)i;
      i = best;
    }
  heap[i] = e;
  pos[e.slot] = (guint32)i;
}

/* Fill the hole at the root with the last entry. */
static void
fill_hole (SimCalendar *cal)
{
  Entry last = cal->heap[--cal->n];

  set_sentinel (cal->heap, cal->n);
  cal->hole = FALSE;
  sift_down (cal, 0, last);
}

/* Remove the entry at position i (no hole), keeping the heap and the
 * sentinels. */
static void
heap_remove (SimCalendar *cal, gsize i)
{
  Entry last = cal->heap[--cal->n];

  set_sentinel (cal->heap, cal->n);
  if (i == cal->n)
    return;
  if (i > 0 && before (cal->slots, &last, &cal->heap[(i - 1) / ARITY]))
    sift_up (cal, i, last);
  else
    sift_down (cal, i, last);
}

/* ---- Far chunks (see Near and far at the top) ------------------------- */

/* Far entry j of a bin: its index in the pool. */
static inline gsize
bin_entry (const Bin *bin, gsize j)
{
  return (gsize)bin->chunks[j / CHUNK] * CHUNK + j % CHUNK;
}

/* A chunk for bin b, from the free list or a grown pool. */
static guint32
chunk_alloc (SimCalendar *cal, guint32 b)
{
  guint32 c = cal->free_chunk;

  if (c != POS_NONE)
    cal->free_chunk = cal->chunk_bin[c];
  else
    {
      if (cal->n_chunks == cal->chunk_cap)
        {
          cal->chunk_cap = cal->chunk_cap ? 2 * cal->chunk_cap : 16;
          g_assert ((gsize)cal->chunk_cap * CHUNK <= FAR);
          cal->pool = g_renew (Entry, cal->pool, (gsize)cal->chunk_cap * CHUNK);
          cal->chunk_bin = g_renew (guint32, cal->chunk_bin, cal->chunk_cap);
        }
      c = cal->n_chunks++;
    }
  cal->chunk_bin[c] = b;
  return c;
}

static void
chunk_release (SimCalendar *cal, guint32 c)
{
  cal->chunk_bin[c] = cal->free_chunk;
  cal->free_chunk = c;
}

/* Append e to bin b (e's key in its range). */
static void
bin_append (SimCalendar *cal, guint32 b, Entry e)
{
  Bin *bin = &cal->bins[b];
  gsize g;

  if (bin->n % CHUNK == 0)
    {
      gsize k = bin->n / CHUNK;
      if (k == bin->chunks_cap)
        {
          bin->chunks_cap = bin->chunks_cap ? 2 * bin->chunks_cap : 4;
          bin->chunks = g_renew (guint32, bin->chunks, bin->chunks_cap);
        }
      bin->chunks[k] = chunk_alloc (cal, b);
    }
  g = bin_entry (bin, bin->n++);
  cal->pool[g] = e;
  cal->pos[e.slot] = FAR | (guint32)g;
  cal->n_far++;
}

/* Remove the far entry at pool index g; its bin's last entry takes its
 * place. */
static inline void
far_remove (SimCalendar *cal, gsize g)
{
  Bin *bin = &cal->bins[cal->chunk_bin[g / CHUNK]];
  gsize last = bin_entry (bin, --bin->n);

  if (last != g)
    {
      cal->pool[g] = cal->pool[last];
      cal->pos[cal->pool[g].slot] = FAR | (guint32)g;
    }
  if (bin->n % CHUNK == 0)
    chunk_release (cal, bin->chunks[bin->n / CHUNK]);
  cal->n_far--;
}

/* A new, empty nearest bin from key lo (below every other bin's). */
static guint32
bin_push (SimCalendar *cal, gint64 lo)
{
  if (cal->n_bins == cal->bins_cap)
    {
      guint32 cap = cal->bins_cap ? 2 * cal->bins_cap : 16;
      cal->bins = g_renew (Bin, cal->bins, cap);
      cal->bin_lo = g_renew (gint64, cal->bin_lo, cap);
      memset (cal->bins + cal->bins_cap, 0,
              (cap - cal->bins_cap) * sizeof (Bin));
      cal->bins_cap = cap;
    }
  cal->bins[cal->n_bins].n = 0; /* keeps its chunks array for reuse */
  cal->bin_lo[cal->n_bins] = lo;
  return cal->n_bins++;
}

/* The bin whose range holds key (at or after split): the first bin from
 * the farthest whose start is not after it.  A binary search with a
 * conditional move a step (the bins' order is unpredictable). */
static inline guint32
find_bin (const SimCalendar *cal, gint64 key)
{
  const gint64 *lo = cal->bin_lo;
  guint32 base = 0, n = cal->n_bins; /* the bin is in [base, base + n) */

  while (n > 1)
    {
      guint32 half = n / 2;
      base = lo[base + half - 1] > key ? base + half : base;
      n -= half;
    }
  return base;
}

/* Put e (key at or after split) in the far bins. */
static inline void
far_insert (SimCalendar *cal, Entry e)
{
  bin_append (cal, e.key >= cal->bin_lo[0] ? 0 : find_bin (cal, e.key), e);
}

/* ---- Near and far (see the top) --------------------------------------- */

/* Make heap[0 .. n) a heap (Floyd's construction), setting every pos. */
static void
heapify (SimCalendar *cal)
{
  for (gsize i = 0; i < cal->n; i++)
    cal->pos[cal->heap[i].slot] = (guint32)i;
  if (cal->n < 2)
    return;
  for (gsize i = (cal->n - 2) / ARITY + 1; i-- > 0;)
    sift_down (cal, i, cal->heap[i]);
}

/* A key that about `want` of the n entries' keys are below: an order
 * statistic of SAMPLE keys taken at even strides (an estimate; callers
 * cope with any answer). */
static gint64
sample_key (const Entry *e, gsize n, gsize want)
{
  gint64 k[SAMPLE];
  gsize m = MIN (n, (gsize)SAMPLE), r;

  for (gsize j = 0; j < m; j++)
    {
      gint64 x = e[j * n / m].key;
      gsize i = j;

      for (; i > 0 && k[i - 1] > x; i--) /* insertion sort */
        k[i] = k[i - 1];
      k[i] = x;
    }
  r = MAX ((gsize)1, want * m / n);
  return k[MIN (r, m - 1)];
}

/* Move the nearest bin's entries to the end of the heap (unordered) and
 * drop the bin. */
static void
take_bin (SimCalendar *cal)
{
  Bin *bin = &cal->bins[--cal->n_bins];

  while (cal->n + bin->n + ARITY > cal->cap)
    grow_heap (cal);
  for (gsize j = 0; j < bin->n; j += CHUNK)
    {
      guint32 c = bin->chunks[j / CHUNK];
      gsize m = MIN ((gsize)CHUNK, bin->n - j);

      memcpy (cal->heap + cal->n, cal->pool + (gsize)c * CHUNK,
              m * sizeof (Entry));
      cal->n += m;
      chunk_release (cal, c);
    }
  cal->n_far -= bin->n;
  bin->n = 0;
}

static int
key_cmp (const void *pa, const void *pb)
{
  gint64 a = *(const gint64 *)pa, b = *(const gint64 *)pb;

  return (a > b) - (a < b);
}

/* Keys that cut the nearest bin (n entries, from lo, before hi) into
 * about n / want parts of about want entries: sampled quantiles, rising,
 * all in (lo, hi).  Returns how many (0 if the sample finds no cut). */
static gsize
choose_cuts (const SimCalendar *cal, gint64 hi, gint64 *cuts, gsize max_cuts)
{
  const Bin *bin = &cal->bins[cal->n_bins - 1];
  gint64 last = cal->bin_lo[cal->n_bins - 1];
  gsize parts = max_cuts + 1;
  gsize m = MIN (bin->n, MAX ((gsize)SAMPLE, 16 * parts));
  g_autofree gint64 *k = g_new (gint64, m);
  gsize n_cuts = 0;

  for (gsize j = 0; j < m; j++)
    k[j] = cal->pool[bin_entry (bin, j * bin->n / m)].key;
  qsort (k, m, sizeof *k, key_cmp);
  for (gsize j = 1; j < parts; j++)
    if (k[j * m / parts] > last)
      cuts[n_cuts++] = last = k[j * m / parts];
  /* All sampled keys tie with the first: cut after the least of them. */
  if (n_cuts == 0 && k[0] + 1 < hi)
    cuts[n_cuts++] = k[0] + 1;
  return n_cuts;
}

/* How many of the n rising cuts are at or before key. */
static inline gsize
cuts_before (const gint64 *cuts, gsize n, gint64 key)
{
  gsize lo = 0;

  while (n > 0)
    {
      gsize half = n / 2;
      if (cuts[lo + half] <= key)
        {
          lo += half + 1;
          n -= half + 1;
        }
      else
        n = half;
    }
  return lo;
}

/* Split the nearest bin (more than 2 x want entries) into bins of about
 * want entries, in one pass.  FALSE if no new bin holds fewer than all
 * of them (ties: the bin is then taken whole). */
static gboolean
rebin (SimCalendar *cal, gsize want)
{
  guint32 b = cal->n_bins - 1;
  Bin old = cal->bins[b];
  gint64 lo = cal->bin_lo[b];
  gint64 hi = b > 0 ? cal->bin_lo[b - 1] : G_MAXINT64;
  gsize max_cuts = (old.n + want - 1) / want - 1;
  g_autofree gint64 *cuts = g_new (gint64, max_cuts);
  gsize n_cuts = choose_cuts (cal, hi, cuts, max_cuts);
  gsize most = 0;

  if (n_cuts == 0)
    return FALSE;
  /* Bin b's slot gets the farthest new bin; its chunks are read below. */
  cal->bins[b] = (Bin){ 0 };
  cal->n_bins--;
  cal->n_far -= old.n;
  for (gsize j = n_cuts; j-- > 0;)
    bin_push (cal, cuts[j]);
  bin_push (cal, lo);
  for (gsize j = 0; j < old.n; j += CHUNK)
    {
      guint32 c = old.chunks[j / CHUNK];
      gsize m = MIN ((gsize)CHUNK, old.n - j);

      for (gsize i = 0; i < m; i++)
        {
          Entry e = cal->pool[(gsize)c * CHUNK + i];
          bin_append (cal, b + n_cuts - cuts_before (cuts, n_cuts, e.key), e);
        }
      chunk_release (cal, c); /* read: new entries may reuse it */
    }
  g_free (old.chunks);
  for (gsize j = b; j < cal->n_bins; j++)
    most = MAX (most, cal->bins[j].n);
  return most < old.n;
}

/* The heap has just emptied (no hole): the nearest bins, about an eighth
 * of the far entries (at most SPILL_MAX / 2), make the new heap.  A
 * nearest bin too large for that is split first. */
static void
heap_emptied (SimCalendar *cal)
{
  gsize want = CLAMP (cal->n_far / 8, MIN ((gsize)WANT_MIN, cal->n_far),
                      SPILL_MAX / 2);
  gboolean may_split = TRUE;

  while (cal->n_bins > 0 && cal->n < want)
    {
      const Bin *bin = &cal->bins[cal->n_bins - 1];

      if (bin->n == 0)
        cal->n_bins--;
      else if (cal->n + bin->n <= 2 * want || !may_split)
        take_bin (cal);
      else if (cal->n > 0)
        break;
      else
        may_split = rebin (cal, want);
    }
  if (cal->n_far == 0) /* every bin is empty */
    cal->n_bins = 0;
  cal->split = cal->n_bins > 0 ? cal->bin_lo[cal->n_bins - 1] : SPLIT_NONE;
  heapify (cal);
}

/* The heap (no hole) has spill_at entries: its entries after a new split
 * (which keeps the first event's time) go to a new nearest bin. */
static void
spill (SimCalendar *cal)
{
  gint64 split = sample_key (cal->heap, cal->n, SPILL_MAX / 4);
  guint32 b = 0;
  gsize j = 0;

  split = MAX (split, cal->heap[0].key + 1);
  if (split < cal->split)
    b = bin_push (cal, split);
  for (gsize i = 0; i < cal->n; i++)
    if (cal->heap[i].key < split)
      cal->heap[j++] = cal->heap[i];
    else
      bin_append (cal, b, cal->heap[i]);
  for (gsize p = j; p < cal->n; p++)
    set_sentinel (cal->heap, p);
  cal->n = j;
  cal->split = split;
  heapify (cal);
  /* Ties may keep most of it: spill again only when it has doubled. */
  cal->spill_at = MAX ((gsize)SPILL_MAX, 2 * cal->n);
}

/* Put e (no hole) where its key belongs: the heap or a far bin. */
static void
insert (SimCalendar *cal, Entry e)
{
  if (e.key >= cal->split)
    {
      far_insert (cal, e);
      return;
    }
  if (G_UNLIKELY (cal->n + ARITY >= cal->cap))
    grow_heap (cal);
  sift_up (cal, cal->n++, e);
  if (G_UNLIKELY (cal->n >= cal->spill_at))
    spill (cal);
}

/* ---- Public API ------------------------------------------------------- */

SimCalendar *
sim_calendar_new (void)
{
  SimCalendar *cal = g_new0 (SimCalendar, 1);

  cal->free_head = POS_NONE;
  cal->free_chunk = POS_NONE;
  cal->split = SPLIT_NONE;
  cal->spill_at = SPILL_MAX;
  grow_heap (cal);
  grow_slots (cal);
  return cal;
}

void
sim_calendar_free (SimCalendar *cal)
{
  if (cal == NULL)
    return;
  for (gsize i = cal->hole ? 1 : 0; i < cal->n; i++)
    {
      guint32 s = cal->heap[i].slot;
      GDestroyNotify free_payload = slot_free_fn (cal, s);
      if (free_payload)
        free_payload (cal->slots[s].payload);
    }
  for (guint32 b = 0; b < cal->n_bins; b++)
    for (gsize j = 0; j < cal->bins[b].n; j++)
      {
        guint32 s = cal->pool[bin_entry (&cal->bins[b], j)].slot;
        GDestroyNotify free_payload = slot_free_fn (cal, s);
        if (free_payload)
          free_payload (cal->slots[s].payload);
      }
  for (guint32 b = 0; b < cal->bins_cap; b++)
    g_free (cal->bins[b].chunks);
  g_free (cal->bins);
  g_free (cal->bin_lo);
  g_free (cal->pool);
  g_free (cal->chunk_bin);
  g_aligned_free (cal->base);
  g_free (cal->slots);
  g_free (cal->frees);
  g_free (cal->pos);
  g_free (cal);
}

SimHandle
sim_calendar_push (SimCalendar *cal, double time, gint32 priority, guint32 kind,
                   gpointer payload, GDestroyNotify free_payload)
{
  guint32 s;
  Entry e;

  g_return_val_if_fail (isfinite (time), SIM_HANDLE_NONE);
  s = slot_alloc (cal);
  slot_set (cal, s, kind, payload, free_payload);
  e = (Entry){ time_key (time), priority, s };
  if (cal->hole && e.key < cal->split)
    {
      cal->hole = FALSE;
      sift_down (cal, 0, e);
    }
  else if (cal->hole) /* the heap keeps an entry: the hole stays */
    far_insert (cal, e);
  else
    insert (cal, e);
  return ((SimHandle)cal->slots[s].gen << 32) | s;
}

/* With a hole at the root: the next first event is the root's first
 * child, and a peek and the next pop read its slot at once; the one
 * after it is likely the first of that child's siblings and children.
 * So its slot is fetched now, for the pop after next (one pop earlier,
 * the next one's was fetched the same way), with the pos[] entry a sift
 * will write.  Inline: GCC drops a call to a function that does nothing
 * but prefetch. */
G_ALWAYS_INLINE static inline void
prefetch_after_next (const SimCalendar *cal)
{
  const Entry *heap = cal->heap;
  const Slot *slots = cal->slots;
  gsize a = min_child (slots, heap, 1);
  gsize b = a == 1 ? 2 : 1; /* the first of the other children */

  for (gsize c = b + 1; c <= ARITY; c++)
    if (c != a && before (slots, &heap[c], &heap[b]))
      b = c;
  if (ARITY * a + 1 < cal->n)
    {
      gsize d = min_child (slots, heap, ARITY * a + 1);
      b = before (slots, &heap[d], &heap[b]) ? d : b;
    }
  __builtin_prefetch (&cal->slots[heap[b].slot]);
  __builtin_prefetch ((const char *)&cal->slots[heap[b].slot + 1] - 1);
  __builtin_prefetch (&cal->pos[heap[a].slot], 1);
}

gboolean
sim_calendar_pop (SimCalendar *cal, SimEvent *out)
{
  Entry top;
  Slot *slot;

  if (cal->hole)
    fill_hole (cal);
  if (cal->n == 0)
    return FALSE;
  top = cal->heap[0];
  slot = &cal->slots[top.slot];
  out->time = key_time (top.key);
  out->priority = top.priority;
  out->kind = slot->kind;
  out->seq = slot->key >> 1;
  out->payload = slot->payload;
  out->free_payload = slot_free_fn (cal, top.slot);
  slot_release (cal, top.slot);
  if (cal->n == 1)
    {
      cal->n = 0;
      set_sentinel (cal->heap, 0);
      heap_emptied (cal);
      return TRUE;
    }
  cal->hole = TRUE;
  if (cal->n_slots >= PREFETCH_MIN_N)
    prefetch_after_next (cal);
  return TRUE;
}

double
sim_calendar_peek_time (const SimCalendar *cal)
{
  if (cal->hole) /* the first event is the first child of the root */
    return key_time (cal->heap[min_child (cal->slots, cal->heap, 1)].key);
  return cal->n > 0 ? key_time (cal->heap[0].key) : INFINITY;
}

gboolean
sim_calendar_peek (const SimCalendar *cal, guint32 *kind, gpointer *payload)
{
  const Slot *slot;

  if (cal->n == 0)
    return FALSE;
  /* With a hole at the root the first event is the root's first child
   * (n >= 2 then). */
  slot = &cal->slots[cal->heap[cal->hole ? min_child (cal->slots, cal->heap, 1)
                                         : 0]
                         .slot];
  *kind = slot->kind;
  *payload = slot->payload;
  return TRUE;
}

gboolean
sim_calendar_cancel (SimCalendar *cal, SimHandle handle)
{
  guint32 s = handle_slot (cal, handle);
  gpointer payload;
  GDestroyNotify free_payload;

  if (s == POS_NONE)
    return FALSE;
  payload = cal->slots[s].payload;
  free_payload = slot_free_fn (cal, s);
  if (cal->pos[s] & FAR)
    far_remove (cal, cal->pos[s] & ~FAR);
  else
    {
      if (cal->hole)
        fill_hole (cal);
      heap_remove (cal, cal->pos[s]);
      if (cal->n == 0)
        heap_emptied (cal);
    }
  slot_release (cal, s);
  /* Free last: the free function may touch the calendar. */
  if (free_payload)
    free_payload (payload);
  return TRUE;
}

gboolean
sim_calendar_reschedule (SimCalendar *cal, SimHandle handle, double time)
{
  guint32 s = handle_slot (cal, handle);
  gsize i;
  Entry e;

  g_return_val_if_fail (isfinite (time), FALSE);
  if (s == POS_NONE)
    return FALSE;
  if (cal->hole)
    fill_hole (cal);
  i = cal->pos[s];
  if (i & FAR)
    {
      e = cal->pool[i & ~FAR];
      far_remove (cal, i & ~FAR);
    }
  else
    {
      e = cal->heap[i];
      heap_remove (cal, i);
    }
  e.key = time_key (time);
  cal->slots[s].key = (cal->next_seq++ << 1) | (cal->slots[s].key & SLOT_FREES);
  insert (cal, e);
  if (cal->n == 0)
    heap_emptied (cal);
  return TRUE;
}

gboolean
sim_calendar_is_pending (const SimCalendar *cal, SimHandle handle)
{
  return handle_slot (cal, handle) != POS_NONE;
}

gsize
sim_calendar_size (const SimCalendar *cal)
{
  return cal->n - (cal->hole ? 1 : 0) + cal->n_far;
}

/* ---- Check ------------------------------------------------------------ */

static gboolean
check_fail (GError **error, const char *what, gsize i)
{
  g_set_error (error, SIM_ERROR, SIM_ERROR_INTERNAL,
               "internal error: calendar: %s at position %" G_GSIZE_FORMAT,
               what, i);
  return FALSE;
}

/* The entries of bin b: positions, chunks, keys within its range. */
static gboolean
check_bin (const SimCalendar *cal, guint32 b, GError **error)
{
  const Bin *bin = &cal->bins[b];
  gint64 lo = cal->bin_lo[b], hi = b > 0 ? cal->bin_lo[b - 1] : G_MAXINT64;

  if (lo >= hi)
    return check_fail (error, "far bins out of order", b);
  if (bin->n > bin->chunks_cap * CHUNK)
    return check_fail (error, "far bin without its chunks", b);
  for (gsize j = 0; j < bin->n; j++)
    {
      gsize g = bin_entry (bin, j);
      const Entry *e = &cal->pool[g];
      if (bin->chunks[j / CHUNK] >= cal->n_chunks
          || cal->chunk_bin[g / CHUNK] != b)
        return check_fail (error, "far chunk not its bin's", g);
      if (e->slot >= cal->n_slots)
        return check_fail (error, "far slot index out of range", g);
      if (cal->pos[e->slot] != (FAR | (guint32)g))
        return check_fail (error, "far slot position does not match", g);
      if (!isfinite (key_time (e->key)) || e->key < lo || e->key >= hi)
        return check_fail (error, "far entry outside its bin", g);
    }
  return TRUE;
}

/* The bins in falling order from split, every chunk in one bin or free. */
static gboolean
check_far (const SimCalendar *cal, GError **error)
{
  gsize n_far = 0, n_used = 0, n_free = 0;

  if (cal->split
      != (cal->n_bins > 0 ? cal->bin_lo[cal->n_bins - 1] : SPLIT_NONE))
    return check_fail (error, "split not the nearest bin's start", 0);
  for (guint32 b = 0; b < cal->n_bins; b++)
    {
      if (!check_bin (cal, b, error))
        return FALSE;
      n_far += cal->bins[b].n;
      n_used += (cal->bins[b].n + CHUNK - 1) / CHUNK;
    }
  if (n_far != cal->n_far)
    return check_fail (error, "far entries miscounted", n_far);
  for (guint32 c = cal->free_chunk; c != POS_NONE; c = cal->chunk_bin[c])
    if (c >= cal->n_chunks || ++n_free > cal->n_chunks)
      return check_fail (error, "free chunk list corrupt", c);
  if (n_used + n_free != cal->n_chunks)
    return check_fail (error, "chunks lost", n_used);
  return TRUE;
}

gboolean
sim_calendar_check (const SimCalendar *cal, GError **error)
{
  gsize first = cal->hole ? 1 : 0; /* a hole at the root holds no entry */
  gsize n_free = 0;

  if (cal->n + ARITY > cal->cap)
    return check_fail (error, "no room for the sentinels", cal->n);
  if (cal->hole && cal->n < 2)
    return check_fail (error, "hole in a heap of fewer than 2", 0);
  for (gsize i = first; i < cal->n; i++)
    {
      const Entry *e = &cal->heap[i];
      gsize parent = (i - 1) / ARITY;
      if (e->slot >= cal->n_slots)
        return check_fail (error, "slot index out of range", i);
      if (cal->pos[e->slot] != i)
        return check_fail (error, "slot position does not match", i);
      if (!isfinite (key_time (e->key)))
        return check_fail (error, "non-finite time", i);
      if (e->key >= cal->split)
        return check_fail (error, "heap entry at or after the split", i);
      if (i > 0 && parent >= first
          && before (cal->slots, e, &cal->heap[parent]))
        return check_fail (error, "entry before its parent", i);
    }
  if (cal->n == first && cal->n_far > 0)
    return check_fail (error, "far entries with the heap empty", 0);
  if (!check_far (cal, error))
    return FALSE;
  for (gsize p = cal->n; p < cal->cap; p++)
    if (cal->heap[p].key != SENTINEL_KEY (p))
      return check_fail (error, "sentinel overwritten", p);
  for (guint32 s = cal->free_head; s != POS_NONE; s = cal->pos[s])
    if (s >= cal->n_slots || ++n_free > cal->n_slots)
      return check_fail (error, "free list corrupt", cal->n);
  if (n_free + sim_calendar_size (cal) != cal->n_slots)
    return check_fail (error, "slots lost", cal->n);
  return TRUE;
}
