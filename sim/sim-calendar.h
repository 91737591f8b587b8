/* sim-calendar.h: the event calendar, a 4-ary min-heap with handles.
 *
 * ORDER CONTRACT.  Events leave the calendar in increasing (time, priority,
 * sequence) order: earlier time first; at equal time, smaller priority
 * first; at equal time and priority, the event pushed first leaves first
 * (FIFO).  The sequence number is assigned by sim_calendar_push() and never
 * reused in the life of a calendar, so the order is total and reproducible.
 * sim_calendar_reschedule() gives an event a new sequence number, as if it
 * were cancelled and pushed again.
 *
 * Handles: sim_calendar_push() returns a SimHandle that stays valid until
 * the event is popped or cancelled; afterwards cancel and reschedule on it
 * return FALSE (handles are generation-checked, never dangling).  Handle 0
 * is never issued (SIM_HANDLE_NONE).
 *
 * Ownership: the calendar owns each payload from push until pop.  Popping
 * hands the payload and its free function to the caller (transfer full);
 * cancel and sim_calendar_free() call the free function themselves.
 *
 * Time is in days (double); see sim_years() for the conversion.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Days per simulated year: 365.25 (assumption: Julian year). */
#define SIM_DAYS_PER_YEAR 365.25

static inline double
sim_years (double years)
{
  return years * SIM_DAYS_PER_YEAR;
}

static inline double
sim_to_years (double days)
{
  return days / SIM_DAYS_PER_YEAR;
}

typedef guint64 SimHandle;
#define SIM_HANDLE_NONE ((SimHandle)0)

typedef struct SimCalendar SimCalendar;

/* What sim_calendar_pop() returns: a popped event (transfer full). */
typedef struct
{
  double time;
  gint32 priority;
  guint32 kind;
  guint64 seq;
  gpointer payload;
  GDestroyNotify free_payload; /* may be NULL */
} SimEvent;

SimCalendar *sim_calendar_new (void);
void sim_calendar_free (SimCalendar *cal); /* accepts NULL; frees payloads */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimCalendar, sim_calendar_free)

/* Push an event; time must be finite.  Returns its handle. */
SimHandle sim_calendar_push (SimCalendar *cal, double time, gint32 priority,
                             guint32 kind, gpointer payload,
                             GDestroyNotify free_payload);

/* Pop the first event into *out.  Returns FALSE when empty. */
gboolean sim_calendar_pop (SimCalendar *cal, SimEvent *out);

/* Time of the first event, or +infinity when empty. */
double sim_calendar_peek_time (const SimCalendar *cal);

/* Kind and payload of the first event (FALSE when empty), without
 * removing it: what the next pop will give, unless events are pushed or
 * cancelled in between. */
gboolean sim_calendar_peek (const SimCalendar *cal, guint32 *kind,
                            gpointer *payload);

/* Remove a pending event, freeing its payload.  FALSE if not pending. */
gboolean sim_calendar_cancel (SimCalendar *cal, SimHandle handle);

/* Move a pending event to a new time.  FALSE if not pending. */
gboolean sim_calendar_reschedule (SimCalendar *cal, SimHandle handle,
                                  double time);

gboolean sim_calendar_is_pending (const SimCalendar *cal, SimHandle handle);
gsize sim_calendar_size (const SimCalendar *cal);

/* Check the heap property over the whole heap (for tests and invariant
 * checks; O(n)).  Returns FALSE and sets *error (SIM_ERROR_INTERNAL) on a
 * violation. */
G_GNUC_WARN_UNUSED_RESULT
gboolean sim_calendar_check (const SimCalendar *cal, GError **error);

G_END_DECLS
