/* ctsim-published.h: the published-figures CSV a survey scenario names
 * (<pathfinders published="FILE">), parsed without knowing the survey.
 *
 * The file: UTF-8 text of at most CTSIM_PUBLISHED_MAX_BYTES, an optional
 * byte-order mark, the header CTSIM_PUBLISHED_HEADER, then one record of 5
 * fields per non-empty line (RFC 4180 quoting, no line break inside a
 * field; CR LF or LF), the fourth empty or a finite number >= 0.  Errors
 * are SIM_ERROR_DATA "FILE:LINE: what (expected ...)", and never echo the
 * file's text.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CTSIM_PUBLISHED_HEADER "item,sector,name,published,source"
#define CTSIM_PUBLISHED_MAX_BYTES (1024 * 1024)

typedef struct
{
  char *item;
  char *sector;
  char *name;
  double published; /* NAN when empty */
  char *source;
  guint line; /* 1-based line of the file */
} CtsimPublishedRecord;

/* The records of text (len bytes, which may hold NUL: refused) read from
 * path (for messages).  (transfer full) an array that frees its records,
 * or NULL and error. */
GPtrArray *ctsim_published_parse (const char *path, const char *text, gsize len,
                                  GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
