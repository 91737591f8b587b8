/* ctsim-progress.c: a progress bar on stderr (see ctsim-progress.h).
 *
 * Invariants: base + current <= total; the bar is only ever written to
 * stderr, starting with "\r" and ending with "erase to end of line", so it
 * overwrites itself and never adds a line; it is erased on free.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "app/ctsim-progress.h"

#define BAR_WIDTH 24
#define REDRAW_USEC (G_USEC_PER_SEC / 10)

struct CtsimProgress
{
  guint total;
  guint base;    /* replications of finished runs */
  guint current; /* of the current run */
  guint run_total;
  gint64 start;
  gint64 last_draw;
  gboolean drawn;
};

CtsimProgress *
ctsim_progress_new (guint total, gboolean quiet)
{
  CtsimProgress *p;

  if (quiet || total == 0 || !isatty (STDERR_FILENO))
    return NULL;
  p = g_new0 (CtsimProgress, 1);
  p->total = total;
  p->start = g_get_monotonic_time ();
  return p;
}

void
ctsim_progress_free (CtsimProgress *p)
{
  if (!p)
    return;
  if (p->drawn)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
  g_free (p);
}

static void
append_duration (GString *s, double seconds)
{
  guint t = (guint)(seconds + 0.5);

  if (t >= 3600)
    g_string_append_printf (s, "%u:%02u:%02u", t / 3600, t / 60 % 60, t % 60);
  else
    g_string_append_printf (s, "%u:%02u", t / 60, t % 60);
}

char *
ctsim_progress_format (guint done, guint total, double elapsed_s, guint width)
{
  GString *s = g_string_new ("[");
  guint filled = total ? (guint)((guint64)done * width / total) : width;

  for (guint i = 0; i < width; i++)
    g_string_append_c (s, i < filled ? '#' : '.');
  g_string_append_printf (s, "] %u/%u replications, ", done, total);
  append_duration (s, elapsed_s);
  g_string_append (s, " elapsed");
  if (done > 0 && done < total)
    {
      g_string_append (s, ", about ");
      append_duration (s, elapsed_s / done * (total - done));
      g_string_append (s, " left");
    }
  return g_string_free (s, FALSE);
}

static void
draw (CtsimProgress *p, gint64 now)
{
  guint done = MIN (p->base + p->current, p->total);
  g_autofree char *text = ctsim_progress_format (
      done, p->total, (double)(now - p->start) / G_USEC_PER_SEC, BAR_WIDTH);

  fprintf (stderr, "\r%s\033[K", text);
  fflush (stderr);
  p->drawn = TRUE;
  p->last_draw = now;
}

void
ctsim_progress_update (guint done, guint total, gpointer user_data)
{
  CtsimProgress *p = user_data;
  gint64 now;

  if (!p)
    return;
  p->current = done;
  p->run_total = total;
  now = g_get_monotonic_time ();
  if (p->drawn && now - p->last_draw < REDRAW_USEC && p->base + done < p->total)
    return;
  draw (p, now);
}

void
ctsim_progress_next_run (CtsimProgress *p)
{
  if (!p)
    return;
  p->base += MAX (p->current, p->run_total);
  p->current = 0;
  p->run_total = 0;
}
