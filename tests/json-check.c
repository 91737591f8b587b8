/* json-check.c: exit 0 if the file named on the command line is valid JSON
 * (RFC 8259 syntax: one value, objects, arrays, strings with escapes,
 * numbers, true/false/null), else print where it fails and exit 1.
 * Used by the shell tests to check manifest.json without other tools. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

typedef struct
{
  const char *s;
  gsize i, n;
} P;

static gboolean value (P *p, int depth);

static void
ws (P *p)
{
  while (p->i < p->n && strchr (" \t\r\n", p->s[p->i]))
    p->i++;
}

static gboolean
lit (P *p, const char *w)
{
  gsize k = strlen (w);
  if (p->n - p->i < k || strncmp (p->s + p->i, w, k) != 0)
    return FALSE;
  p->i += k;
  return TRUE;
}

static gboolean
string (P *p)
{
  if (p->s[p->i] != '"')
    return FALSE;
  for (p->i++; p->i < p->n; p->i++)
    {
      unsigned char c = (unsigned char)p->s[p->i];
      if (c == '"')
        {
          p->i++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          p->i++;
          if (p->i >= p->n || !strchr ("\"\\/bfnrtu", p->s[p->i]))
            return FALSE;
          if (p->s[p->i] == 'u')
            for (int k = 0; k < 4; k++)
              if (++p->i >= p->n || !g_ascii_isxdigit (p->s[p->i]))
                return FALSE;
        }
    }
  return FALSE;
}

static gboolean
digits (P *p)
{
  gsize start = p->i;
  while (p->i < p->n && g_ascii_isdigit (p->s[p->i]))
    p->i++;
  return p->i > start;
}

static gboolean
number (P *p)
{
  if (p->s[p->i] == '-')
    p->i++;
  if (p->i < p->n && p->s[p->i] == '0')
    p->i++;
  else if (!digits (p))
    return FALSE;
  if (p->i < p->n && p->s[p->i] == '.' && (p->i++, !digits (p)))
    return FALSE;
  if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E'))
    {
      p->i++;
      if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
        p->i++;
      if (!digits (p))
        return FALSE;
    }
  return TRUE;
}

static gboolean
container (P *p, int depth, char close)
{
  p->i++;
  ws (p);
  if (p->i < p->n && p->s[p->i] == close)
    return p->i++, TRUE;
  for (;;)
    {
      ws (p);
      if (close == '}')
        {
          if (!string (p))
            return FALSE;
          ws (p);
          if (p->i >= p->n || p->s[p->i++] != ':')
            return FALSE;
        }
      if (!value (p, depth + 1))
        return FALSE;
      ws (p);
      if (p->i >= p->n)
        return FALSE;
      if (p->s[p->i] == close)
        return p->i++, TRUE;
      if (p->s[p->i++] != ',')
        return FALSE;
    }
}

static gboolean
value (P *p, int depth)
{
  ws (p);
  if (p->i >= p->n || depth > 64)
    return FALSE;
  switch (p->s[p->i])
    {
    case '{':
      return container (p, depth, '}');
    case '[':
      return container (p, depth, ']');
    case '"':
      return string (p);
    case 't':
      return lit (p, "true");
    case 'f':
      return lit (p, "false");
    case 'n':
      return lit (p, "null");
    default:
      return number (p);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *text = NULL;
  gsize len;
  P p;

  if (argc != 2 || !g_file_get_contents (argv[1], &text, &len, NULL))
    {
      fprintf (stderr, "usage: json-check FILE (readable)\n");
      return 2;
    }
  p = (P){ text, 0, len };
  if (value (&p, 0) && (ws (&p), p.i == p.n))
    return 0;
  fprintf (stderr, "%s: invalid JSON at byte %zu\n", argv[1], p.i);
  return 1;
}
