/* sim-json.c: a small streaming JSON writer (see sim-json.h).
 *
 * Invariants: the buffer always holds a prefix of a valid compact JSON
 * document (no spaces, no pretty-printing); a stack holds one level per
 * open container, with the number of members written so far (for commas)
 * and, in an object, whether a key is waiting for its value.  Misuse (a
 * value where a key is due, a close that does not match, two top-level
 * values, finishing with open containers) is a programmer mistake and
 * fails an assertion.
 *
 * Strings: '"' and '\\' are escaped, as are the control characters
 * U+0000..U+001F (the short forms \b \f \n \r \t where JSON has them,
 * \u00XX otherwise) and U+007F (DEL, as \u007f, so that no raw control
 * byte reaches the file).  Valid UTF-8 is passed through unchanged; an
 * invalid byte sequence is replaced by U+FFFD so that the document stays
 * valid UTF-8.  Numbers are written with g_ascii_formatd(), so the output
 * does not depend on the locale.
 */
#include "config.h"

#include <math.h>

#include "sim/sim-json.h"

typedef enum
{
  LEVEL_OBJECT,
  LEVEL_ARRAY,
} LevelKind;

typedef struct
{
  LevelKind kind;
  guint members;     /* members (or elements) begun so far */
  gboolean have_key; /* object only: a key waits for its value */
} Level;

struct SimJson
{
  GString *buf;   /* NULL once finished */
  GArray *stack;  /* of Level, innermost last */
  gboolean begun; /* the top-level value has been begun */
};

/* ---- construction ---------------------------------------------------- */

SimJson *
sim_json_new (void)
{
  SimJson *json = g_new0 (SimJson, 1);

  json->buf = g_string_new (NULL);
  json->stack = g_array_new (FALSE, FALSE, sizeof (Level));
  return json;
}

void
sim_json_free (SimJson *json)
{
  if (!json)
    return;
  if (json->buf)
    g_string_free (json->buf, TRUE);
  g_array_unref (json->stack);
  g_free (json);
}

/* ---- nesting and commas ---------------------------------------------- */

static Level *
top (SimJson *json)
{
  if (json->stack->len == 0)
    return NULL;
  return &g_array_index (json->stack, Level, json->stack->len - 1);
}

/* Called before every value (scalar or container): checks that a value
 * is allowed here and writes the comma it needs. */
static void
before_value (SimJson *json)
{
  Level *level;

  g_assert (json->buf);
  level = top (json);
  if (!level)
    {
      g_assert (!json->begun);
      json->begun = TRUE;
      return;
    }
  if (level->kind == LEVEL_OBJECT)
    {
      g_assert (level->have_key);
      level->have_key = FALSE;
      return;
    }
  if (level->members > 0)
    g_string_append_c (json->buf, ',');
  level->members++;
}

static void
open_level (SimJson *json, LevelKind kind, char bracket)
{
  Level level = { kind, 0, FALSE };

  before_value (json);
  g_array_append_val (json->stack, level);
  g_string_append_c (json->buf, bracket);
}

static void
close_level (SimJson *json, LevelKind kind, char bracket)
{
  Level *level;

  g_assert (json->buf);
  level = top (json);
  g_assert (level && level->kind == kind);
  g_assert (!level->have_key);
  g_array_set_size (json->stack, json->stack->len - 1);
  g_string_append_c (json->buf, bracket);
}

void
sim_json_begin_object (SimJson *json)
{
  open_level (json, LEVEL_OBJECT, '{');
}

void
sim_json_end_object (SimJson *json)
{
  close_level (json, LEVEL_OBJECT, '}');
}

void
sim_json_begin_array (SimJson *json)
{
  open_level (json, LEVEL_ARRAY, '[');
}

void
sim_json_end_array (SimJson *json)
{
  close_level (json, LEVEL_ARRAY, ']');
}

/* ---- strings ----------------------------------------------------------- */

static void
append_escaped_byte (GString *buf, guchar c)
{
  switch (c)
    {
    case '"':
      g_string_append (buf, "\\\"");
      break;
    case '\\':
      g_string_append (buf, "\\\\");
      break;
    case '\b':
      g_string_append (buf, "\\b");
      break;
    case '\f':
      g_string_append (buf, "\\f");
      break;
    case '\n':
      g_string_append (buf, "\\n");
      break;
    case '\r':
      g_string_append (buf, "\\r");
      break;
    case '\t':
      g_string_append (buf, "\\t");
      break;
    default:
      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (buf, "\\u%04x", (unsigned)c);
      else
        g_string_append_c (buf, (char)c);
    }
}

static void
append_quoted (GString *buf, const char *s)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (buf, '"');
  for (const guchar *p = (const guchar *)s; *p; p++)
    append_escaped_byte (buf, *p);
  g_string_append_c (buf, '"');
}

void
sim_json_key (SimJson *json, const char *key)
{
  Level *level;

  g_assert (json->buf);
  g_assert (key);
  level = top (json);
  g_assert (level && level->kind == LEVEL_OBJECT);
  g_assert (!level->have_key);
  if (level->members > 0)
    g_string_append_c (json->buf, ',');
  level->members++;
  level->have_key = TRUE;
  append_quoted (json->buf, key);
  g_string_append_c (json->buf, ':');
}

void
sim_json_string (SimJson *json, const char *value)
{
  if (!value)
    {
      sim_json_null (json);
      return;
    }
  before_value (json);
  append_quoted (json->buf, value);
}

/* ---- scalars ------------------------------------------------------------ */

void
sim_json_double (SimJson *json, double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      sim_json_null (json);
      return;
    }
  before_value (json);
  g_string_append (json->buf,
                   g_ascii_formatd (text, sizeof text, "%.17g", value));
}

void
sim_json_int (SimJson *json, gint64 value)
{
  before_value (json);
  g_string_append_printf (json->buf, "%" G_GINT64_FORMAT, value);
}

void
sim_json_uint (SimJson *json, guint64 value)
{
  before_value (json);
  g_string_append_printf (json->buf, "%" G_GUINT64_FORMAT, value);
}

void
sim_json_bool (SimJson *json, gboolean value)
{
  before_value (json);
  g_string_append (json->buf, value ? "true" : "false");
}

void
sim_json_null (SimJson *json)
{
  before_value (json);
  g_string_append (json->buf, "null");
}

/* ---- the document ------------------------------------------------------- */

char *
sim_json_finish (SimJson *json)
{
  GString *buf = json->buf;

  g_assert (buf);
  g_assert (json->begun);
  g_assert (json->stack->len == 0);
  json->buf = NULL;
  g_string_append_c (buf, '\n');
  return g_string_free (buf, FALSE);
}
