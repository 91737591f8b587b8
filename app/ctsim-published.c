/* ctsim-published.c: the published-figures CSV (see ctsim-published.h).
 *
 * Invariant: every error names the file and line and says what was
 * expected; the file's own text is never in a message.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-published.h"
#include "sim/sim-error.h"

static void
record_free (gpointer p)
{
  CtsimPublishedRecord *r = p;

  g_free (r->item);
  g_free (r->sector);
  g_free (r->name);
  g_free (r->source);
  g_free (r);
}

/* Split one CSV record (RFC 4180 quoting, no line breaks inside fields)
 * into fields; NULL when the quoting is broken. */
static GPtrArray *
csv_fields (const char *line)
{
  g_autoptr (GPtrArray) f = g_ptr_array_new_with_free_func (g_free);
  const char *p = line;

  for (;;)
    {
      GString *v = g_string_new (NULL);
      if (*p == '"')
        {
          for (p++;; p++)
            {
              if (*p == '\0')
                {
                  g_string_free (v, TRUE);
                  return NULL;
                }
              if (*p == '"' && p[1] == '"')
                g_string_append_c (v, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (v, *p);
            }
          p++;
          if (*p != ',' && *p != '\0')
            {
              g_string_free (v, TRUE);
              return NULL;
            }
        }
      else
        while (*p && *p != ',')
          g_string_append_c (v, *p++);
      g_ptr_array_add (f, g_string_free (v, FALSE));
      if (*p == '\0')
        return g_steal_pointer (&f);
      p++; /* the comma */
    }
}

/* A published figure: empty (none, NAN) or a finite number >= 0. */
static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;

  if (!*text)
    {
      *out = NAN;
      return TRUE;
    }
  *out = g_ascii_strtod (text, &end);
  return end && *end == '\0' && isfinite (*out) && *out >= 0;
}

static CtsimPublishedRecord *
parse_record (const char *path, guint n, const char *line, GError **error)
{
  g_autoptr (GPtrArray) f = csv_fields (line);
  CtsimPublishedRecord *r;
  double v;

  if (!f || f->len != 5)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:%u: not a record of 5 fields (expected %s)", path, n,
                   CTSIM_PUBLISHED_HEADER);
      return NULL;
    }
  if (!parse_number (f->pdata[3], &v))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:%u: the published figure is not a number >= 0 "
                   "(expected a number or nothing)",
                   path, n);
      return NULL;
    }
  r = g_new0 (CtsimPublishedRecord, 1);
  r->item = g_strdup (f->pdata[0]);
  r->sector = g_strdup (f->pdata[1]);
  r->name = g_strdup (f->pdata[2]);
  r->published = v;
  r->source = g_strdup (f->pdata[4]);
  r->line = n;
  return r;
}

GPtrArray *
ctsim_published_parse (const char *path, const char *text, gsize len,
                       GError **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  g_auto (GStrv) lines = NULL;

  if (len > CTSIM_PUBLISHED_MAX_BYTES
      || !g_utf8_validate (text, (gssize)len, NULL) || strlen (text) != len)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:1: not UTF-8 text of at most 1 MiB (expected a CSV "
                   "file with the header %s)",
                   path, CTSIM_PUBLISHED_HEADER);
      return NULL;
    }
  /* A byte-order mark (spreadsheets write one) is not part of the header. */
  lines = g_strsplit (g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text,
                      "\n", -1);
  if (!lines[0]) /* an empty file: no header either */
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:1: empty (expected the header %s)", path,
                   CTSIM_PUBLISHED_HEADER);
      return NULL;
    }
  for (guint i = 0; lines[i]; i++)
    {
      char *l = lines[i];
      gsize n = strlen (l);
      CtsimPublishedRecord *r;

      if (n && l[n - 1] == '\r')
        l[n - 1] = '\0';
      if (i == 0 && strcmp (l, CTSIM_PUBLISHED_HEADER) != 0)
        {
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "%s:1: not the header of published figures (expected "
                       "%s)",
                       path, CTSIM_PUBLISHED_HEADER);
          return NULL;
        }
      if (i == 0 || !*l)
        continue;
      if (!(r = parse_record (path, i + 1, l, error)))
        return NULL;
      g_ptr_array_add (records, r);
    }
  return g_steal_pointer (&records);
}
