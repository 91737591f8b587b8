/* sim-json.h: a small streaming JSON writer (no reader).
 *
 * Builds a document in a GString with correct escaping of strings (UTF-8
 * passed through, control characters escaped) and numbers (finite doubles
 * as "%.17g"; non-finite as null).  Commas are inserted automatically.
 * Nesting is tracked and checked by assertions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct SimJson SimJson;

SimJson *sim_json_new (void);
void sim_json_free (SimJson *json); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimJson, sim_json_free)

void sim_json_begin_object (SimJson *json);
void sim_json_end_object (SimJson *json);
void sim_json_begin_array (SimJson *json);
void sim_json_end_array (SimJson *json);
void sim_json_key (SimJson *json, const char *key);
void sim_json_string (SimJson *json, const char *value); /* NULL -> null */
void sim_json_double (SimJson *json, double value);
void sim_json_int (SimJson *json, gint64 value);
void sim_json_uint (SimJson *json, guint64 value);
void sim_json_bool (SimJson *json, gboolean value);
void sim_json_null (SimJson *json);

/* The finished document (all containers closed), newline-terminated.
 * (transfer full) */
char *sim_json_finish (SimJson *json);

G_END_DECLS
