/* cs-xml.c: reading untrusted XML scenario files safely (see cs-xml.h).
 *
 * The parser is libxml2's, driven through a parser context whose SAX
 * handlers are wrapped: a DOCTYPE stops the parse at once (so no entity
 * is ever declared, let alone expanded), element depth and the length of
 * attribute values and text are counted as they arrive, and errors reach
 * a structured handler that keeps the first one.  Messages are chosen by
 * error code, never copied from libxml2's text, which may quote the
 * document.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "models/params/cs-xml.h"
#include "sim/sim-error.h"

#define XINCLUDE_NS_2001 "http://www.w3.org/2001/XInclude"
#define XINCLUDE_NS_2003 "http://www.w3.org/2003/XInclude"

/* ---- Arena --------------------------------------------------------------- */

struct CsXmlArena
{
  GStringChunk *strings;
  GPtrArray *origins; /* CsOrigin *, owned */
};

CsXmlArena *
cs_xml_arena_new (void)
{
  CsXmlArena *arena = g_new0 (CsXmlArena, 1);

  arena->strings = g_string_chunk_new (1024);
  arena->origins = g_ptr_array_new_with_free_func (g_free);
  return arena;
}

void
cs_xml_arena_free (CsXmlArena *arena)
{
  if (!arena)
    return;
  g_string_chunk_free (arena->strings);
  g_ptr_array_free (arena->origins, TRUE);
  g_free (arena);
}

const char *
cs_xml_arena_intern (CsXmlArena *arena, const char *s)
{
  return s ? g_string_chunk_insert_const (arena->strings, s) : NULL;
}

CsOrigin *
cs_xml_arena_origin (CsXmlArena *arena, const char *file, guint line,
                     const char *label)
{
  CsOrigin *o = g_new0 (CsOrigin, 1);

  o->file = cs_xml_arena_intern (arena, file);
  o->line = line;
  o->label = cs_xml_arena_intern (arena, label);
  g_ptr_array_add (arena->origins, o);
  return o;
}

/* ---- Reading a file ------------------------------------------------------ */

gboolean
cs_xml_read_file (const char *path, char **contents, gsize *length,
                  GError **error)
{
  return cs_read_file_at_most (path, CS_XML_MAX_FILE_BYTES, contents, length,
                               error);
}

gboolean
cs_read_file_at_most (const char *path, gsize max_bytes, char **contents,
                      gsize *length, GError **error)
{
  g_autoptr (GString) buf = NULL;
  char chunk[65536];
  struct stat st;
  int fd, saved;
  gssize n;

  /* O_NONBLOCK: a FIFO named as a scenario must not hang the open. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, SIM_ERROR, SIM_ERROR_NOINPUT, "cannot open: %s",
                   g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, SIM_ERROR, SIM_ERROR_NOINPUT, "not a regular file");
      return FALSE;
    }
  if ((guint64)st.st_size > max_bytes) /* before reading any of it */
    {
      close (fd);
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "larger than %" G_GSIZE_FORMAT " bytes", max_bytes);
      return FALSE;
    }
  buf = g_string_sized_new ((gsize)st.st_size + 1);
  while ((n = read (fd, chunk, sizeof chunk)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          close (fd);
          g_set_error (error, SIM_ERROR, SIM_ERROR_NOINPUT, "cannot read: %s",
                       g_strerror (saved));
          return FALSE;
        }
      if (buf->len + (gsize)n > max_bytes) /* it grew while read */
        {
          close (fd);
          g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                       "larger than %" G_GSIZE_FORMAT " bytes", max_bytes);
          return FALSE;
        }
      g_string_append_len (buf, chunk, n);
    }
  close (fd);
  *length = buf->len;
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

/* ---- Files a scenario names ---------------------------------------------- */

/* path (absolute, canonical) inside dir (any form)? */
static gboolean
inside (const char *path, const char *dir)
{
  g_autofree char *real = dir ? realpath (dir, NULL) : NULL;
  g_autofree char *canon
      = dir && !real ? g_canonicalize_filename (dir, NULL) : NULL;
  const char *d = real ? real : canon;
  gsize n = d ? strlen (d) : 0;

  return d && strncmp (path, d, n) == 0
         && (G_IS_DIR_SEPARATOR (path[n]) || (n > 0 && d[n - 1] == '/'));
}

gboolean
cs_xml_named_file (const char *top_dir, const char *from_file, const char *name,
                   char **target, char **why)
{
  g_autofree char *from_dir = g_path_get_dirname (from_file);
  g_autofree char *joined = NULL;
  g_autofree char *real = NULL;
  g_autofree char *canon = NULL;
  const char *env = g_getenv ("CTSIM_DATADIR");
  g_autofree char *env_dir
      = env && *env ? g_build_filename (env, "scenarios", NULL) : NULL;
  g_autofree char *src_dir = g_build_filename (CTSIM_SRCDIR, "scenarios", NULL);
  g_autofree char *pkg_dir
      = g_build_filename (CTSIM_PKGDATADIR, "scenarios", NULL);
  const char *path;

  *target = NULL;
  *why = NULL;
  if (!*name || strstr (name, "://"))
    {
      *why = g_strdup ("not a file name");
      return FALSE;
    }
  joined = g_path_is_absolute (name) ? g_strdup (name)
                                     : g_build_filename (from_dir, name, NULL);
  real = realpath (joined, NULL);
  canon = real ? NULL : g_canonicalize_filename (joined, NULL);
  path = real ? real : canon;
  if (!inside (path, top_dir) && !inside (path, env_dir)
      && !inside (path, src_dir) && !inside (path, pkg_dir))
    {
      *why = g_strdup ("outside the folder of the scenario run and the "
                       "shipped scenarios");
      return FALSE;
    }
  *target = g_steal_pointer (&joined);
  return TRUE;
}

/* ---- Parsing ------------------------------------------------------------- */

typedef struct
{
  guint depth;
  gsize text_run; /* bytes of text since the last tag */
  char *message;  /* first error (no prefix), or NULL */
  guint line;
  startElementNsSAX2Func start;
  endElementNsSAX2Func end;
  charactersSAXFunc characters;
  charactersSAXFunc cdata;
} ParseState;

/* What went wrong, by libxml2 error code, without quoting the file. */
static const char *
parse_message (int code)
{
  switch (code)
    {
    case XML_ERR_DOCUMENT_EMPTY:
    case XML_ERR_DOCUMENT_START:
      return "not an XML document (expected a <scenario> element)";
    case XML_ERR_DOCUMENT_END:
      return "content after the end of the document (expected nothing "
             "after </scenario>)";
    case XML_ERR_TAG_NAME_MISMATCH:
      return "an end tag does not match its start tag (expected "
             "well-formed XML)";
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_LTSLASH_REQUIRED:
      return "an element is not closed (expected well-formed XML)";
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_ENTITYREF_NO_NAME:
      return "an entity reference (expected only &lt; &gt; &amp; &quot; "
             "&apos; and character references)";
    case XML_ERR_ATTRIBUTE_REDEFINED:
      return "an attribute is given twice on one element (expected each "
             "at most once)";
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
    case XML_ERR_LT_IN_ATTRIBUTE:
      return "a malformed attribute (expected name=\"value\")";
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_HEX_CHARREF:
    case XML_ERR_INVALID_CHARREF:
      return "a character not allowed in XML (expected text without "
             "control characters)";
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
      return "text in an unknown or invalid encoding (expected UTF-8)";
    case XML_NS_ERR_UNDEFINED_NAMESPACE:
    case XML_NS_ERR_QNAME:
      return "an undeclared namespace prefix (expected plain names, or "
             "src: with xmlns:src=\"" CS_XML_SOURCE_NS "\")";
    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_GT_REQUIRED:
    case XML_ERR_SPACE_REQUIRED:
      return "a malformed tag (expected well-formed XML)";
    case XML_ERR_COMMENT_NOT_FINISHED:
      return "a comment is not closed (expected -->)";
    case XML_ERR_EXT_SUBSET_NOT_FINISHED:
    case XML_ERR_DOCTYPE_NOT_FINISHED:
    case XML_ERR_ENTITY_LOOP:
    case XML_ERR_ENTITY_BOUNDARY:
      return "a DOCTYPE or entity declaration (expected a scenario "
             "without a DTD)";
    default:
      return "malformed XML (expected a well-formed XML document)";
    }
}

static void
fail (xmlParserCtxtPtr ctxt, const char *message)
{
  ParseState *st = ctxt->_private;

  if (!st->message)
    {
      st->message = g_strdup (message);
      st->line = ctxt->input ? (guint)ctxt->input->line : 0;
    }
  xmlStopParser (ctxt);
}

static void
on_error (void *data, xmlErrorPtr err)
{
  xmlParserCtxtPtr ctxt = data;
  ParseState *st = ctxt->_private;

  if (err->level < XML_ERR_ERROR || st->message)
    return;
  st->message = g_strdup (parse_message (err->code));
  st->line = err->line > 0 ? (guint)err->line : 0;
}

/* Errors libxml2 raises without a parser (a byte invalid in the declared
 * encoding, an encoder failing) go to the thread's global handlers, which
 * print to stderr by default: while parsing they come here instead, and
 * only ctsim's one line is printed. */
static void
on_global_error (void *data, xmlErrorPtr err)
{
  xmlParserCtxtPtr ctxt = data;
  ParseState *st = ctxt->_private;

  if (err->level < XML_ERR_ERROR || st->message)
    return;
  st->message = g_strdup (
      parse_message (err->domain == XML_FROM_I18N || err->domain == XML_FROM_IO
                         ? XML_ERR_INVALID_ENCODING
                         : err->code));
  st->line = err->line > 0 ? (guint)err->line
             : ctxt->input ? (guint)ctxt->input->line
                           : 0;
}

static void G_GNUC_PRINTF (2, 3)
    on_generic_error (void *data G_GNUC_UNUSED, const char *msg G_GNUC_UNUSED,
                      ...)
{
}

static void
on_doctype (void *ctx, const xmlChar *name G_GNUC_UNUSED,
            const xmlChar *external_id G_GNUC_UNUSED,
            const xmlChar *system_id G_GNUC_UNUSED)
{
  fail (ctx, "a DOCTYPE declaration (expected a scenario without a DTD: "
             "entities and external files are not read)");
}

static void
count_text (void *ctx, gsize len)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *st = ctxt->_private;

  st->text_run += len;
  if (st->text_run > CS_XML_MAX_VALUE)
    fail (ctxt, "text longer than " G_STRINGIFY (
                    CS_XML_MAX_VALUE) " bytes (expected shorter text)");
}

static void
on_characters (void *ctx, const xmlChar *ch, int len)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *st = ctxt->_private;

  count_text (ctx, (gsize)len);
  if (!st->message)
    st->characters (ctx, ch, len);
}

static void
on_cdata (void *ctx, const xmlChar *ch, int len)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *st = ctxt->_private;

  count_text (ctx, (gsize)len);
  if (!st->message)
    st->cdata (ctx, ch, len);
}

static void
on_start (void *ctx, const xmlChar *localname, const xmlChar *prefix,
          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *st = ctxt->_private;

  st->depth++;
  st->text_run = 0;
  if (st->depth > CS_XML_MAX_DEPTH)
    {
      fail (ctxt, "elements nested more than " G_STRINGIFY (
                      CS_XML_MAX_DEPTH) " deep (expected a flatter "
                                        "scenario)");
      return;
    }
  for (int i = 0; i < nb_attributes; i++)
    if (attributes[5 * i + 4] - attributes[5 * i + 3] > CS_XML_MAX_VALUE)
      {
        fail (ctxt, "an attribute value longer than " G_STRINGIFY (
                        CS_XML_MAX_VALUE) " bytes (expected a shorter "
                                          "value)");
        return;
      }
  st->start (ctx, localname, prefix, uri, nb_namespaces, namespaces,
             nb_attributes, nb_defaulted, attributes);
}

static void
on_end (void *ctx, const xmlChar *localname, const xmlChar *prefix,
        const xmlChar *uri)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *st = ctxt->_private;

  if (st->depth > 0)
    st->depth--;
  st->text_run = 0;
  st->end (ctx, localname, prefix, uri);
}

static void
hook_sax (xmlParserCtxtPtr ctxt, ParseState *st)
{
  xmlSAXHandler *sax = ctxt->sax;

  st->start = sax->startElementNs;
  st->end = sax->endElementNs;
  st->characters = sax->characters;
  st->cdata = sax->cdataBlock;
  sax->startElementNs = on_start;
  sax->endElementNs = on_end;
  sax->characters = on_characters;
  sax->cdataBlock = on_cdata;
  sax->internalSubset = on_doctype;
  sax->externalSubset = on_doctype;
  sax->serror = on_error;
  ctxt->_private = st;
}

/* Give every element its origin; refuse XInclude elements. */
static const xmlNode *
set_origins (xmlNode *node, const char *file, CsXmlArena *arena)
{
  for (xmlNode *n = node; n; n = n->next)
    {
      const xmlNode *bad;

      if (n->type != XML_ELEMENT_NODE)
        continue;
      n->_private
          = cs_xml_arena_origin (arena, file, (guint)xmlGetLineNo (n), NULL);
      if (n->ns && n->ns->href
          && (strcmp ((const char *)n->ns->href, XINCLUDE_NS_2001) == 0
              || strcmp ((const char *)n->ns->href, XINCLUDE_NS_2003) == 0))
        return n;
      if ((bad = set_origins (n->children, file, arena)))
        return bad;
    }
  return NULL;
}

static xmlDoc *
parse_bytes (const char *bytes, gsize length, const char *file, ParseState *st)
{
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt ();
  xmlDoc *doc;
  /* NODICT: names are the nodes' own, so nodes can move between the
   * documents of an extends chain and outlive the one they came from. */
  const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS
                      | XML_PARSE_NOCDATA | XML_PARSE_NODICT;

  if (!ctxt)
    g_error ("out of memory creating an XML parser");
  hook_sax (ctxt, st);
  xmlSetStructuredErrorFunc (ctxt, on_global_error);
  xmlSetGenericErrorFunc (NULL, on_generic_error);
  doc = xmlCtxtReadMemory (ctxt, bytes, (int)length, file, NULL, options);
  xmlSetStructuredErrorFunc (NULL, NULL);
  xmlSetGenericErrorFunc (NULL, NULL);
  if (!st->message && (!doc || !ctxt->wellFormed))
    st->message = g_strdup ("malformed XML (expected a well-formed XML "
                            "document)");
  xmlFreeParserCtxt (ctxt);
  return doc;
}

static gboolean
blank (const char *bytes, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (bytes[i]))
      return FALSE;
  return TRUE;
}

xmlDoc *
cs_xml_parse (const char *bytes, gsize length, const char *file,
              CsXmlArena *arena, GError **error)
{
  static gsize initialised;
  ParseState st = { 0 };
  xmlDoc *doc;
  xmlNode *root;
  const xmlNode *bad;
  const char *nul;

  g_return_val_if_fail (length <= CS_XML_MAX_FILE_BYTES, NULL);
  if (g_once_init_enter (&initialised))
    {
      xmlInitParser (); /* once, before any thread parses */
      g_once_init_leave (&initialised, 1);
    }
  if (blank (bytes, length))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:1: the file is empty (expected a <scenario> element)",
                   file);
      return NULL;
    }
  if ((nul = memchr (bytes, '\0', length)))
    {
      guint line = 1;

      for (const char *p = bytes; p < nul; p++)
        line += *p == '\n';
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:%u: a NUL byte (expected text without NUL, even after "
                   "</scenario>)",
                   file, line);
      return NULL;
    }
  doc = parse_bytes (bytes, length, file, &st);
  if (st.message)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA, "%s:%u: %s", file, st.line,
                   st.message);
      g_free (st.message);
      xmlFreeDoc (doc);
      return NULL;
    }
  root = xmlDocGetRootElement (doc);
  if (doc->intSubset || doc->extSubset || !root)
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s:1: a DOCTYPE declaration (expected a scenario "
                   "without a DTD)",
                   file);
      xmlFreeDoc (doc);
      return NULL;
    }
  if ((bad = set_origins (root, file, arena)))
    {
      cs_xml_error (error, SIM_ERROR_DATA, bad, NULL,
                    "XInclude is not allowed (expected a self-contained "
                    "scenario; use extends=\"FILE\" to build on another)");
      xmlFreeDoc (doc);
      return NULL;
    }
  if (root->ns || strcmp ((const char *)root->name, "scenario") != 0)
    {
      cs_xml_error (error, SIM_ERROR_DATA, root, NULL,
                    "not a ctsim scenario (expected the root element "
                    "<scenario>)");
      xmlFreeDoc (doc);
      return NULL;
    }
  return doc;
}

static void
own_string (xmlDict *dict, const xmlChar **s)
{
  if (*s && xmlDictOwns (dict, *s) == 1)
    *s = xmlStrdup (*s);
}

static void
own_strings (xmlDict *dict, xmlNode *node)
{
  switch (node->type)
    {
    case XML_ELEMENT_NODE:
      own_string (dict, &node->name);
      for (xmlAttr *a = node->properties; a; a = a->next)
        {
          own_string (dict, &a->name);
          for (xmlNode *c = a->children; c; c = c->next)
            own_strings (dict, c);
        }
      for (xmlNode *c = node->children; c; c = c->next)
        own_strings (dict, c);
      break;
    case XML_PI_NODE:
      own_string (dict, &node->name);
      /* fall through */
    default:
      if (node->content != (xmlChar *)&node->properties)
        own_string (dict, (const xmlChar **)&node->content);
    }
}

void
cs_xml_own_strings (xmlNode *node)
{
  if (node->doc && node->doc->dict)
    own_strings (node->doc->dict, node);
}

/* ---- Origins and messages ------------------------------------------------ */

const CsOrigin *
cs_xml_origin (const xmlNode *node)
{
  while (node && (node->type != XML_ELEMENT_NODE || !node->_private))
    node = node->parent;
  return node ? node->_private : NULL;
}

void
cs_xml_set_attr_origin (xmlAttr *attr, const CsOrigin *origin)
{
  attr->_private = (gpointer)origin;
}

char *
cs_xml_blame (const xmlNode *node, const char *attr)
{
  const CsOrigin *o = NULL;
  xmlAttr *a = attr && node ? cs_xml_attr_node (node, attr) : NULL;

  if (a && a->_private)
    o = a->_private;
  if (!o)
    o = cs_xml_origin (node);
  if (!o)
    return g_strdup ("(scenario)");
  if (o->label)
    return g_strdup (o->label);
  return g_strdup_printf ("%s:%u", o->file, o->line);
}

void
cs_xml_errorv (GError **error, int code, const xmlNode *node, const char *attr,
               const char *format, va_list ap)
{
  g_autofree char *prefix = cs_xml_blame (node, attr);
  g_autofree char *msg = g_strdup_vprintf (format, ap);

  g_set_error (error, SIM_ERROR, code, "%s: %s", prefix, msg);
}

void
cs_xml_error (GError **error, int code, const xmlNode *node, const char *attr,
              const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  cs_xml_errorv (error, code, node, attr, format, ap);
  va_end (ap);
}

/* ---- Tree helpers -------------------------------------------------------- */

xmlNode *
cs_xml_first_element (xmlNode *node)
{
  xmlNode *c = node ? node->children : NULL;

  while (c && c->type != XML_ELEMENT_NODE)
    c = c->next;
  return c;
}

xmlNode *
cs_xml_next_element (xmlNode *node)
{
  xmlNode *c = node ? node->next : NULL;

  while (c && c->type != XML_ELEMENT_NODE)
    c = c->next;
  return c;
}

xmlNode *
cs_xml_child (xmlNode *node, const char *name)
{
  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    if (strcmp ((const char *)c->name, name) == 0)
      return c;
  return NULL;
}

xmlAttr *
cs_xml_attr_node (const xmlNode *node, const char *name)
{
  for (xmlAttr *a = node ? node->properties : NULL; a; a = a->next)
    if (!a->ns && strcmp ((const char *)a->name, name) == 0)
      return a;
  return NULL;
}

const char *
cs_xml_attr (const xmlNode *node, const char *name)
{
  xmlAttr *a = cs_xml_attr_node (node, name);

  if (!a || !a->children)
    return a ? "" : NULL;
  return (const char *)a->children->content;
}

xmlNs *
cs_xml_source_ns (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNs *ns = xmlSearchNsByHref (doc, root, BAD_CAST CS_XML_SOURCE_NS);

  if (ns)
    return ns;
  return xmlNewNs (root, BAD_CAST CS_XML_SOURCE_NS, BAD_CAST "src");
}

char *
cs_xml_show_value (const char *value)
{
  GString *s = g_string_new (NULL);
  gsize n = 0;

  for (const char *p = value ? value : ""; *p; p++, n++)
    {
      if (n == 40)
        {
          /* Do not cut a UTF-8 sequence in half. */
          while (s->len > 0 && ((guchar)s->str[s->len - 1] & 0xC0) == 0x80)
            g_string_truncate (s, s->len - 1);
          if (s->len > 0 && (guchar)s->str[s->len - 1] >= 0xC0)
            g_string_truncate (s, s->len - 1);
          g_string_append (s, "...");
          break;
        }
      g_string_append_c (s, (guchar)*p < 0x20 ? ' ' : *p);
    }
  return g_string_free (s, FALSE);
}

/* ---- keys ------------------------------------------------------------- */

static const char *const member_keys[]
    = { "partner", "school", "cluster", "school_type", NULL };

const char *
cs_xml_key (const xmlNode *node, const char **attr)
{
  const char *v;
  const char *name = (const char *)node->name;

  if (attr)
    *attr = NULL;
  if ((v = cs_xml_attr (node, "id")))
    {
      if (attr)
        *attr = "id";
      return v;
    }
  if (strcmp (name, "onset") == 0 && (v = cs_xml_attr (node, "sex")))
    {
      if (attr)
        *attr = "sex";
      return v;
    }
  if (strcmp (name, "member") == 0)
    for (guint i = 0; member_keys[i]; i++)
      if ((v = cs_xml_attr (node, member_keys[i])))
        {
          if (attr)
            *attr = member_keys[i];
          return v;
        }
  return NULL;
}

char *
cs_xml_describe (const xmlNode *node)
{
  const char *kattr;
  const char *key = cs_xml_key (node, &kattr);
  g_autofree char *shown = key ? cs_xml_show_value (key) : NULL;

  if (!key)
    return g_strdup_printf ("<%s>", (const char *)node->name);
  return g_strdup_printf ("<%s %s=\"%s\">", (const char *)node->name, kattr,
                          shown);
}

/* ---- text ------------------------------------------------------------- */

gboolean
cs_xml_has_text (const xmlNode *node)
{
  for (xmlNode *c = node->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE && c->content)
      for (const xmlChar *t = c->content; *t; t++)
        if (!g_ascii_isspace (*t))
          return TRUE;
  return FALSE;
}
