/* cs-xml.h: reading untrusted XML scenario files safely, and where each
 * node came from.
 *
 * Scenario files travel between organisations, so they are parsed as
 * untrusted input: at most CS_XML_MAX_FILE_BYTES, no network, no DTD (a
 * DOCTYPE or entity declaration is refused before anything in it is
 * read, which also stops entity-expansion bombs), no XInclude, elements
 * nested at most CS_XML_MAX_DEPTH deep, attribute values and text at most
 * CS_XML_MAX_VALUE bytes.  Every failure is one line "FILE:LINE: what is
 * wrong (what was expected)" made from libxml2's error code, never from
 * its text, so no content of the file is echoed.
 *
 * Origins: every element of a parsed document has a CsOrigin in its
 * `_private` field (file and line); an attribute may have one too (set
 * when --set or an overlay changed it).  cs_xml_blame() gives the prefix
 * of a message about a node or an attribute.  Origins are allocated in a
 * CsXmlArena that must outlive the documents that point into it.
 *
 * Only models/cs-scenario*.c and models/params/cs-schema.c use this module.
 */
#pragma once

#include <stdarg.h>

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define CS_XML_MAX_FILE_BYTES (8u * 1024u * 1024u)
#define CS_XML_MAX_DEPTH 32
#define CS_XML_MAX_VALUE 16384

/* Namespace of per-attribute sources: src:ATTR="...". */
#define CS_XML_SOURCE_NS "urn:ctsim:source"

typedef struct
{
  const char *file;  /* as the user named it (arena string) */
  guint line;        /* 1-based; 0 unknown */
  const char *label; /* if set, the whole prefix (e.g. "--set:2") */
} CsOrigin;

typedef struct CsXmlArena CsXmlArena;

CsXmlArena *cs_xml_arena_new (void);
void cs_xml_arena_free (CsXmlArena *arena); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsXmlArena, cs_xml_arena_free)
/* A string kept as long as the arena.  (transfer none) */
const char *cs_xml_arena_intern (CsXmlArena *arena, const char *s);
/* A new origin owned by the arena (label may be NULL).  (transfer none) */
CsOrigin *cs_xml_arena_origin (CsXmlArena *arena, const char *file, guint line,
                               const char *label);

/* Read a whole file of at most CS_XML_MAX_FILE_BYTES.  Errors:
 * SIM_ERROR_NOINPUT (missing, unreadable, not a regular file),
 * SIM_ERROR_DATA (too big); the message is the reason only, e.g.
 * "cannot open: No such file or directory": the caller adds the file
 * name and what was expected. */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_xml_read_file (const char *path, char **contents, gsize *length,
                           GError **error);
/* The policy for files a scenario names (extends=, published=): a path
 * relative to the naming file, which must lie inside `top_dir` (the folder
 * of the scenario the user named: the whole chain stays under it) or
 * inside a folder of shipped scenarios ($CTSIM_DATADIR/scenarios, the
 * source tree's, the installed one).  Links are followed before the test
 * (a link out of the folder is outside), whether the name is relative
 * to the naming file or absolute; URLs are refused.  TRUE with the path
 * to open in
 * *target; FALSE with a sentence for "NAME: ..." in *why.  (transfer full)
 */
gboolean cs_xml_named_file (const char *top_dir, const char *from_file,
                            const char *name, char **target, char **why);

/* The same with another limit (the size is checked before reading, so a
 * huge file costs nothing). */
G_GNUC_WARN_UNUSED_RESULT
gboolean cs_read_file_at_most (const char *path, gsize max_bytes,
                               char **contents, gsize *length, GError **error);

/* Parse bytes as an untrusted scenario document and give each element
 * an origin in `file` (interned in arena).  The root must be a
 * <scenario> element without a namespace.  SIM_ERROR_DATA on failure. */
G_GNUC_WARN_UNUSED_RESULT
xmlDoc *cs_xml_parse (const char *bytes, gsize length, const char *file,
                      CsXmlArena *arena, GError **error);

/* The origin of an element (never NULL for parsed elements). */
/* Give node and everything below it strings of their own where its
 * document's dictionary holds them, before it moves to another document
 * (whose dictionary, if any, does not; cs-scenario.c shares a kept
 * parse's strings). */
void cs_xml_own_strings (xmlNode *node);

const CsOrigin *cs_xml_origin (const xmlNode *node);
/* Give an attribute its own origin (NULL: the element's). */
void cs_xml_set_attr_origin (xmlAttr *attr, const CsOrigin *origin);
/* "FILE:LINE" or the origin's label, for a message about attribute `attr`
 * of element `node` (attr may be NULL).  (transfer full) */
char *cs_xml_blame (const xmlNode *node, const char *attr);

/* Set a SIM_ERROR of `code` "PREFIX: message" with PREFIX from
 * cs_xml_blame (node, attr). */
void cs_xml_error (GError **error, int code, const xmlNode *node,
                   const char *attr, const char *format, ...)
    G_GNUC_PRINTF (5, 6);
void cs_xml_errorv (GError **error, int code, const xmlNode *node,
                    const char *attr, const char *format, va_list ap)
    G_GNUC_PRINTF (5, 0);

/* Element children helpers. */
xmlNode *cs_xml_first_element (xmlNode *node);
xmlNode *cs_xml_next_element (xmlNode *node);
/* The first child element called `name`, or NULL. */
xmlNode *cs_xml_child (xmlNode *node, const char *name);
/* Attribute value without namespace (transfer none: points into the
 * tree), or NULL. */
const char *cs_xml_attr (const xmlNode *node, const char *name);
/* The attribute node (no namespace) or NULL. */
xmlAttr *cs_xml_attr_node (const xmlNode *node, const char *name);
/* The src namespace declared on the document's root (created if absent). */
xmlNs *cs_xml_source_ns (xmlDoc *doc);
/* Text a value is shown with in messages: at most 40 bytes, no control
 * characters.  (transfer full) */
char *cs_xml_show_value (const char *value);

/* The key value of an element (its id, or the attribute that identifies
 * it among its siblings), or NULL; *attr (may be NULL) gets the attribute
 * it comes from.  (transfer none) */
const char *cs_xml_key (const xmlNode *node, const char **attr);

/* "<service id=\"q\">" or "<run>", for messages.  (transfer full) */
char *cs_xml_describe (const xmlNode *node);

/* TRUE when an element has text other than white space. */
gboolean cs_xml_has_text (const xmlNode *node);

G_END_DECLS
