/* cs-schema.c: validating with the embedded schema, and explaining its
 * verdict (see cs-schema.h).
 *
 * Explanations read the schema's tree: for an element of the instance,
 * its declarations (<element name="...">) are walked, following <ref>s
 * but not entering nested elements, into a summary of the attributes
 * and child elements it may have, which are required, which may repeat,
 * and which attributes are alternatives.  A value is judged by compiling
 * a one-attribute grammar with the declared pattern and the schema's
 * type definitions (those named "t.*"), so the judge is libxml2 again.
 */
#include "config.h"

#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/xmlsave.h>

#include "models/params/cs-facets.h"
#include "models/params/cs-resources.h"
#include "models/params/cs-schema.h"
#include "models/params/cs-xml.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define CT_NS "urn:ctsim:schema"
#define XSD_LIB "http://www.w3.org/2001/XMLSchema-datatypes"
#define RESOURCE_PREFIX "/org/ctsim/"
#define MAX_REF_DEPTH 16
#define MAX_LISTED 24
/* Small: under a fuzzer, LeakSanitizer reads the whole heap often */
#define VERDICTS_SLOTS (1u << 12) /* judge()'s verdicts kept, at most half */
#define KNOWN_SLOTS (1u << 14)    /* known subtrees kept, at most half */
#define SHA256_LEN 32

/* ---- The schema, once ---------------------------------------------------- */

/* A set of SHA-256 digests, each with a byte, in one block allocated once:
 * adding allocates nothing (a fuzzer counts a run that allocates more
 * than it frees as a possible leak, and runs it again to look).  When
 * half full it starts again, empty.  An all-zero digest is not kept. */
typedef struct
{
  guint8 *slots; /* n * SHA256_LEN bytes */
  guint8 *bytes; /* n */
  guint n;       /* a power of 2 */
  guint used;
} Digests;

static void
digests_init (Digests *d, guint n)
{
  d->slots = g_malloc0 ((gsize)n * SHA256_LEN);
  d->bytes = g_malloc0 (n);
  d->n = n;
  d->used = 0;
}

static void
digests_clear (Digests *d)
{
  memset (d->slots, 0, (gsize)d->n * SHA256_LEN);
  memset (d->bytes, 0, d->n);
  d->used = 0;
}

/* The slot of digest `key`: where it is, or the empty slot where it
 * would go; NULL for the all-zero digest. */
static guint8 *
digests_slot (const Digests *d, const guint8 *key, guint *i)
{
  static const guint8 zero[SHA256_LEN];
  guint32 h;

  if (memcmp (key, zero, SHA256_LEN) == 0)
    return NULL;
  memcpy (&h, key, sizeof h);
  for (*i = h & (d->n - 1);; *i = (*i + 1) & (d->n - 1))
    {
      guint8 *slot = d->slots + (gsize)*i * SHA256_LEN;
      if (memcmp (slot, key, SHA256_LEN) == 0
          || memcmp (slot, zero, SHA256_LEN) == 0)
        return slot;
    }
}

/* The byte of `key`, 0 if absent. */
static guint8
digests_get (const Digests *d, const guint8 *key)
{
  guint i;
  const guint8 *slot = digests_slot (d, key, &i);

  return slot && memcmp (slot, key, SHA256_LEN) == 0 ? d->bytes[i] : 0;
}

static void
digests_put (Digests *d, const guint8 *key, guint8 byte)
{
  guint i;
  guint8 *slot = digests_slot (d, key, &i);

  if (!slot)
    return;
  if (memcmp (slot, key, SHA256_LEN) != 0)
    {
      if (d->used >= d->n / 2)
        {
          digests_clear (d);
          slot = digests_slot (d, key, &i);
        }
      memcpy (slot, key, SHA256_LEN);
      d->used++;
    }
  d->bytes[i] = byte;
}

typedef struct
{
  xmlDoc *rng;            /* the schema as a tree */
  xmlRelaxNGPtr compiled; /* for validation */
  GHashTable *defines;    /* name -> <define> node */
  GHashTable *elements;   /* element name -> GPtrArray of <element> */
  char *type_defines;     /* the "t.*" defines as text */
  /* The fast path (cs-facets.h); all NULL if the schema does not allow
   * it, and then libxml2 judges every value with the full schema. */
  CsFacets *facets;
  xmlDoc *fast_rng;        /* the schema without those facets */
  xmlRelaxNGPtr fast;      /* compiled */
  char *fast_type_defines; /* its "t.*" defines as text */
  GHashTable *decls;       /* <element> -> Decl * (every declaration) */
  GHashTable *checks;      /* element name -> (attribute name ->
                              CsFacetCheck *), over all declarations */
  /* Names no pattern of the schema can match (see unmatched_init()):
   * not in these sets, when they are not NULL. */
  GHashTable *element_names;     /* every element name a pattern names */
  GHashTable *attr_names;        /* every attribute name a pattern names */
  GHashTable *elem_attrs;        /* element name -> the attribute names patterns
                                    in its declarations' content name (or in
                                    a pattern's that a name class matches) */
  GMutex lock;                   /* guards the judges */
  GHashTable *judges;            /* "1" (fast) or "0", then the declaration's
                                    content as text -> xmlRelaxNGPtr or NULL */
  GHashTable *judges_by_decl[2]; /* <attribute> -> the same */
  Digests verdicts;              /* judge()'s: (grammar, value) -> 1 +
                                    verdict, under lock */
  /* Subtrees known valid (see "Known-valid subtrees" below); NULL
   * compiled if the schema does not allow it. */
  xmlRelaxNGPtr known;      /* compiled, from the facet-free schema */
  xmlRelaxNGPtr known_full; /* compiled, from the full schema */
  GMutex known_lock;        /* guards known_set */
  Digests known_set;        /* keys of subtrees of valid documents, each
                               with KNOWN_UNSURE, KNOWN_CLEAN or
                               KNOWN_BLAMED (see blamed_under()) */
  gint known_hits;          /* subtrees replaced by markers, for tests */
  gint unmatched;           /* names facets_hold() passed over as
                               unmatched, for tests */
  gint alone;               /* problems found without libxml2's first
                               error, for tests */
} Schema;

GBytes *
cs_schema_resource (const char *name)
{
  static gsize registered;
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);
  GBytes *bytes;

  if (g_once_init_enter (&registered))
    {
      cs_resources_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  bytes = g_resource_lookup_data (cs_resources_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);
  return bytes;
}

static gboolean
is_rng (const xmlNode *n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && n->ns
         && strcmp ((const char *)n->ns->href, RNG_NS) == 0
         && (!name || strcmp ((const char *)n->name, name) == 0);
}

static void
silent (void *data G_GNUC_UNUSED, xmlErrorPtr err G_GNUC_UNUSED)
{
}

static char *
dump_node (xmlDoc *doc, xmlNode *node)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  char *s;

  xmlNodeDump (buf, doc, node, 0, 0);
  s = g_strdup ((const char *)xmlBufferContent (buf));
  xmlBufferFree (buf);
  return s;
}

static void
index_schema (Schema *s, xmlNode *node)
{
  for (xmlNode *n = node; n; n = n->next)
    {
      const char *name;

      if (!is_rng (n, NULL))
        continue;
      name = cs_xml_attr (n, "name");
      if (is_rng (n, "define") && name)
        g_hash_table_insert (s->defines, (gpointer)name, n);
      if (is_rng (n, "element") && name)
        {
          GPtrArray *list = g_hash_table_lookup (s->elements, name);
          if (!list)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (s->elements, (gpointer)name, list);
            }
          g_ptr_array_add (list, n);
        }
      index_schema (s, n->children);
    }
}

/* ---- Summaries of declarations ------------------------------------------- */

typedef struct
{
  const char *name;
  xmlNode *decl; /* the <attribute> */
  gboolean required;
  CsFacetCheck check; /* what cs-facets.c checks of its value */
} AttrDecl;

typedef struct
{
  const char *name;
  gboolean required;
  guint max; /* how many may appear (G_MAXUINT: any number) */
} ChildDecl;

typedef struct
{
  GArray *attrs;      /* AttrDecl */
  GArray *children;   /* ChildDecl */
  GPtrArray *choices; /* GPtrArray of GStrv: alternative attribute sets */
  gboolean text;
} Decl;

static void walk (Schema *s, Decl *d, xmlNode *node, gboolean required,
                  gboolean repeat, guint depth);

static char *
type_defines (xmlDoc *rng)
{
  GString *types = g_string_new (NULL);

  for (xmlNode *n = xmlDocGetRootElement (rng)->children; n; n = n->next)
    if (is_rng (n, "define")
        && g_str_has_prefix (cs_xml_attr (n, "name"), "t."))
      {
        g_autofree char *d = dump_node (rng, n);
        g_string_append (types, d);
      }
  return g_string_free (types, FALSE);
}

static void fast_init (Schema *s);
static void known_init (Schema *s);
static gboolean facets_hold (Schema *s, const xmlNode *node);

static gpointer
schema_init (gpointer data G_GNUC_UNUSED)
{
  Schema *s = g_new0 (Schema, 1);
  g_autoptr (GBytes) bytes = cs_schema_resource ("scenarios/ctsim.rng");
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  xmlRelaxNGParserCtxtPtr pctxt;

  xmlInitParser ();
  s->rng = xmlReadMemory (text, (int)len, "ctsim.rng", NULL,
                          XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  g_assert (s->rng != NULL);
  pctxt = xmlRelaxNGNewMemParserCtxt (text, (int)len);
  xmlRelaxNGSetParserStructuredErrors (pctxt, silent, NULL);
  s->compiled = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);
  g_assert (s->compiled != NULL); /* the embedded schema is ours */
  s->defines = g_hash_table_new (g_str_hash, g_str_equal);
  s->elements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify)g_ptr_array_unref);
  index_schema (s, xmlDocGetRootElement (s->rng));
  s->type_defines = type_defines (s->rng);
  g_mutex_init (&s->lock);
  s->judges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < 2; i++)
    s->judges_by_decl[i] = g_hash_table_new (NULL, NULL);
  digests_init (&s->verdicts, VERDICTS_SLOTS);
  fast_init (s);
  known_init (s);
  return s;
}

static Schema *
schema_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, schema_init, NULL);
}

static void
add_child (Decl *d, const char *name, gboolean required, gboolean repeat)
{
  for (guint i = 0; i < d->children->len; i++)
    {
      ChildDecl *c = &g_array_index (d->children, ChildDecl, i);
      if (strcmp (c->name, name) == 0)
        {
          /* Declared again: one more may appear. */
          c->max = repeat || c->max == G_MAXUINT ? G_MAXUINT : c->max + 1;
          c->required = c->required || required;
          return;
        }
    }
  g_array_append_val (d->children,
                      ((ChildDecl){ name, required, repeat ? G_MAXUINT : 1 }));
}

/* The attribute names one alternative of a <choice> gives, or NULL if it
 * gives anything else. */
static GStrv
alternative_attrs (xmlNode *alt)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

  if (is_rng (alt, "attribute") && cs_xml_attr (alt, "name"))
    g_strv_builder_add (b, cs_xml_attr (alt, "name"));
  else if (is_rng (alt, "group"))
    {
      for (xmlNode *c = alt->children; c; c = c->next)
        {
          if (!is_rng (c, "attribute") || !cs_xml_attr (c, "name"))
            return NULL;
          g_strv_builder_add (b, cs_xml_attr (c, "name"));
        }
    }
  else
    return NULL;
  return g_strv_builder_end (b);
}

static void
record_choice (Decl *d, xmlNode *choice)
{
  GPtrArray *alts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (xmlNode *alt = choice->children; alt; alt = alt->next)
    {
      GStrv names;
      if (!is_rng (alt, NULL))
        continue;
      if (!(names = alternative_attrs (alt)))
        {
          g_ptr_array_unref (alts);
          return;
        }
      g_ptr_array_add (alts, names);
    }
  g_ptr_array_add (d->choices, alts);
}

static void
walk (Schema *s, Decl *d, xmlNode *node, gboolean required, gboolean repeat,
      guint depth)
{
  for (xmlNode *c = node->children; c; c = c->next)
    {
      const char *kind = (const char *)c->name;
      const char *name = is_rng (c, NULL) ? cs_xml_attr (c, "name") : NULL;

      if (!is_rng (c, NULL))
        continue;
      if (strcmp (kind, "attribute") == 0 && name)
        {
          CsFacetCheck check = { CS_FACET_CHECK_OTHER, NULL };
          if (s->facets)
            check = cs_facets_classify (s->facets, c);
          g_array_append_val (d->attrs,
                              ((AttrDecl){ name, c, required, check }));
        }
      else if (strcmp (kind, "element") == 0 && name)
        add_child (d, name, required, repeat);
      else if (strcmp (kind, "optional") == 0)
        walk (s, d, c, FALSE, repeat, depth);
      else if (strcmp (kind, "zeroOrMore") == 0)
        walk (s, d, c, FALSE, TRUE, depth);
      else if (strcmp (kind, "oneOrMore") == 0)
        walk (s, d, c, required, TRUE, depth);
      else if (strcmp (kind, "choice") == 0)
        {
          if (required)
            record_choice (d, c);
          walk (s, d, c, FALSE, repeat, depth);
        }
      else if (strcmp (kind, "group") == 0 || strcmp (kind, "interleave") == 0)
        walk (s, d, c, required, repeat, depth);
      else if (strcmp (kind, "ref") == 0 && name && depth < MAX_REF_DEPTH)
        {
          xmlNode *def = g_hash_table_lookup (s->defines, name);
          if (def)
            walk (s, d, def, required, repeat, depth + 1);
        }
      else if (strcmp (kind, "text") == 0)
        d->text = TRUE;
    }
}

static void
decl_init (Schema *s, Decl *d, xmlNode *element_def)
{
  d->attrs = g_array_new (FALSE, FALSE, sizeof (AttrDecl));
  d->children = g_array_new (FALSE, FALSE, sizeof (ChildDecl));
  d->choices
      = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  d->text = FALSE;
  walk (s, d, element_def, TRUE, FALSE, 0);
}

/* The fast path: the schema without the facets cs-facets.c checks, and
 * every declaration summarized once (also for explanations). */
static void
add_checks (Schema *s, const char *element, const Decl *d)
{
  GHashTable *attrs = g_hash_table_lookup (s->checks, element);

  if (!attrs)
    {
      attrs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_hash_table_insert (s->checks, (gpointer)element, attrs);
    }
  for (guint i = 0; i < d->attrs->len; i++)
    {
      const AttrDecl *a = &g_array_index (d->attrs, AttrDecl, i);
      CsFacetCheck *c = g_hash_table_lookup (attrs, a->name);
      if (!c)
        g_hash_table_insert (attrs, (gpointer)a->name,
                             g_memdup2 (&a->check, sizeof a->check));
      else if (!cs_facets_check_equal (c, &a->check))
        *c = (CsFacetCheck){ CS_FACET_CHECK_OTHER, NULL };
    }
}

/* The names under node that element or attribute patterns give, into
 * elements and attrs (a <name> into both); FALSE if a pattern of either
 * kind may match names it does not list (an <anyName> or <nsName> not
 * in an attribute's name class) or an attribute pattern without a name=
 * may hold a handled type (cs_facets_classify()). */
static gboolean
pattern_names (Schema *s, xmlNode *node, gboolean in_attribute,
               GHashTable *elements, GHashTable *attrs)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      const char *name = is_rng (n, NULL) ? cs_xml_attr (n, "name") : NULL;
      gboolean attr = in_attribute;

      if (!is_rng (n, NULL))
        continue;
      if (is_rng (n, "element"))
        {
          attr = FALSE;
          if (name)
            g_hash_table_add (elements, (gpointer)name);
        }
      else if (is_rng (n, "attribute"))
        {
          attr = TRUE;
          if (name)
            g_hash_table_add (attrs, (gpointer)name);
          else if (cs_facets_classify (s->facets, n).kind
                   != CS_FACET_CHECK_NONE)
            return FALSE;
        }
      else if (is_rng (n, "name") && n->children
               && n->children->type == XML_TEXT_NODE)
        {
          g_hash_table_add (elements, n->children->content);
          g_hash_table_add (attrs, n->children->content);
        }
      else if ((is_rng (n, "anyName") || is_rng (n, "nsName")) && !in_attribute)
        return FALSE;
      if (!pattern_names (s, n, attr, elements, attrs))
        return FALSE;
    }
  return TRUE;
}

/* Which element and attribute names no pattern of the schema can match.
 * libxml2 matches element and attribute patterns by name (or by a name
 * class), so an element whose name is not among them is never matched:
 * neither its attributes nor anything inside it is ever checked against
 * a type; an attribute whose name is not among them is only matched by
 * the name classes of attribute patterns, checked here to hold no
 * handled type.  Such values are never checked against a facet, by the
 * full schema or the facet-free one.  (<name> gives both kinds, which
 * only makes the sets larger.)  Left NULL if the schema does not allow
 * it. */
static void
unmatched_init (Schema *s)
{
  GHashTable *elements = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *attrs = g_hash_table_new (g_str_hash, g_str_equal);

  if (!s->facets
      || !pattern_names (s, xmlDocGetRootElement (s->rng), FALSE, elements,
                         attrs))
    {
      g_hash_table_unref (elements);
      g_hash_table_unref (attrs);
      return;
    }
  s->element_names = elements;
  s->attr_names = attrs;
}

/* The names of the attribute patterns in the content of an element
 * pattern under node (not entering the elements it holds), following
 * refs (each define once), into out; FALSE for what this does not
 * follow (a reference to another grammar). */
static gboolean
content_attrs (Schema *s, xmlNode *node, GHashTable *out, GHashTable *defs)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      const char *name = is_rng (n, NULL) ? cs_xml_attr (n, "name") : NULL;
      xmlNode *def;

      if (!is_rng (n, NULL) || is_rng (n, "element"))
        continue;
      if (is_rng (n, "attribute"))
        {
          if (name)
            g_hash_table_add (out, (gpointer)name);
          continue;
        }
      if (is_rng (n, "parentRef") || is_rng (n, "externalRef")
          || is_rng (n, "grammar") || is_rng (n, "include"))
        return FALSE;
      if (is_rng (n, "ref"))
        {
          if (!name || !(def = g_hash_table_lookup (s->defines, name)))
            return FALSE;
          if (!g_hash_table_contains (defs, def))
            {
              g_hash_table_add (defs, def);
              if (!content_attrs (s, def, out, defs))
                return FALSE;
            }
          continue;
        }
      if (!content_attrs (s, n, out, defs))
        return FALSE;
    }
  return TRUE;
}

/* Every <element> without a name= (a name class) under node. */
static void
unnamed_elements (xmlNode *node, GPtrArray *out)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (is_rng (n, "element") && !cs_xml_attr (n, "name"))
        g_ptr_array_add (out, n);
      unnamed_elements (n, out);
    }
}

/* For each element name, the attribute names the content of its
 * declarations can match by name (libxml2 tests an attribute only
 * against the attribute patterns in the content of the element patterns
 * its element is matched with, which are those named like it and those
 * whose name class holds its name): an attribute of another name is
 * matched only by name classes, which hold no handled type
 * (pattern_names()), so it is never checked against a facet.  The names
 * in the content of element patterns with a name class go to every
 * element.  Left NULL if the schema does not allow it (defines in parts,
 * references outside the grammar). */
static void
elem_attrs_init (Schema *s)
{
  g_autoptr (GHashTable) any = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) elems = g_ptr_array_new ();
  GHashTable *map;
  GHashTableIter it;
  gpointer name, defs;

  for (xmlNode *n = xmlDocGetRootElement (s->rng)->children; n; n = n->next)
    if (is_rng (n, NULL) && cs_xml_attr (n, "combine"))
      return; /* defines in parts: not followed */
  unnamed_elements (xmlDocGetRootElement (s->rng), elems);
  for (guint i = 0; i < elems->len; i++)
    {
      g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
      if (!content_attrs (s, elems->pdata[i], any, seen))
        return;
    }
  map = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                               (GDestroyNotify)g_hash_table_unref);
  g_hash_table_iter_init (&it, s->elements);
  while (g_hash_table_iter_next (&it, &name, &defs))
    {
      GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter j;
      gpointer a;
      g_hash_table_insert (map, name, names);
      g_hash_table_iter_init (&j, any);
      while (g_hash_table_iter_next (&j, &a, NULL))
        g_hash_table_add (names, a);
      for (guint i = 0; i < ((GPtrArray *)defs)->len; i++)
        {
          g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
          if (!content_attrs (s, ((GPtrArray *)defs)->pdata[i], names, seen))
            {
              g_hash_table_unref (map);
              return;
            }
        }
    }
  s->elem_attrs = map;
}

static void
fast_init (Schema *s)
{
  xmlRelaxNGParserCtxtPtr pctxt;
  GHashTableIter it;
  gpointer name, defs;

  s->facets = cs_facets_new (s->rng);
  s->decls = g_hash_table_new (NULL, NULL);
  s->checks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify)g_hash_table_unref);
  g_hash_table_iter_init (&it, s->elements);
  while (g_hash_table_iter_next (&it, &name, &defs))
    for (guint i = 0; i < ((GPtrArray *)defs)->len; i++)
      {
        Decl *d = g_new (Decl, 1);
        decl_init (s, d, ((GPtrArray *)defs)->pdata[i]);
        g_hash_table_insert (s->decls, ((GPtrArray *)defs)->pdata[i], d);
        add_checks (s, name, d);
      }
  if (!s->facets)
    return;
  s->fast_rng = cs_facets_strip (s->facets, s->rng);
  pctxt = xmlRelaxNGNewDocParserCtxt (s->fast_rng);
  xmlRelaxNGSetParserStructuredErrors (pctxt, silent, NULL);
  s->fast = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);
  g_assert (s->fast != NULL);
  s->fast_type_defines = type_defines (s->fast_rng);
  unmatched_init (s);
  if (s->attr_names)
    elem_attrs_init (s);
}

static const Decl *
decl_get (Schema *s, xmlNode *element_def)
{
  return g_hash_table_lookup (s->decls, element_def);
}

static const AttrDecl *
find_attr (const Decl *d, const char *name)
{
  for (guint i = 0; i < d->attrs->len; i++)
    if (strcmp (g_array_index (d->attrs, AttrDecl, i).name, name) == 0)
      return &g_array_index (d->attrs, AttrDecl, i);
  return NULL;
}

static const ChildDecl *
find_child (const Decl *d, const char *name)
{
  for (guint i = 0; i < d->children->len; i++)
    if (strcmp (g_array_index (d->children, ChildDecl, i).name, name) == 0)
      return &g_array_index (d->children, ChildDecl, i);
  return NULL;
}

/* ---- Judging one value --------------------------------------------------- */

/* A grammar of one attribute with the declaration's content and the
 * schema's types (fast: the types without the facets of cs-facets.c),
 * compiled once for the process. */
static xmlRelaxNGPtr
judge_get (Schema *s, const AttrDecl *a, gboolean fast)
{
  GString *pat = g_string_new (fast ? "1" : "0");
  g_autofree char *key = NULL;
  g_autofree char *grammar = NULL;
  xmlRelaxNGParserCtxtPtr pctxt;
  xmlRelaxNGPtr compiled;
  gpointer found;

  g_mutex_lock (&s->lock);
  if (g_hash_table_lookup_extended (s->judges_by_decl[fast], a->decl, NULL,
                                    &found))
    {
      g_mutex_unlock (&s->lock);
      g_string_free (pat, TRUE);
      return found;
    }
  for (xmlNode *c = a->decl->children; c; c = c->next)
    {
      g_autofree char *d = dump_node (s->rng, c);
      g_string_append (pat, d);
    }
  key = g_string_free (pat, FALSE);
  if (g_hash_table_lookup_extended (s->judges, key, NULL, &found))
    compiled = found;
  else
    {
      grammar = g_strdup_printf (
          "<grammar xmlns=\"" RNG_NS "\" xmlns:ct=\"" CT_NS "\" "
          "datatypeLibrary=\"" XSD_LIB "\"><start><element name=\"v\">"
          "<attribute name=\"a\">%s</attribute></element></start>%s</grammar>",
          key + 1, fast ? s->fast_type_defines : s->type_defines);
      pctxt = xmlRelaxNGNewMemParserCtxt (grammar, (int)strlen (grammar));
      xmlRelaxNGSetParserStructuredErrors (pctxt, silent, NULL);
      compiled = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
      g_hash_table_insert (s->judges, g_steal_pointer (&key), compiled);
    }
  g_hash_table_insert (s->judges_by_decl[fast], a->decl, compiled);
  g_mutex_unlock (&s->lock);
  return compiled;
}

/* 1 if the value fits the declaration alone, 0 if not, -1 if the
 * declaration cannot be judged alone. */
static int
judge (Schema *s, const AttrDecl *a, gboolean fast, const char *value)
{
  xmlRelaxNGPtr compiled = judge_get (s, a, fast);
  guint8 key[SHA256_LEN];
  gsize len = SHA256_LEN;
  GChecksum *ck;
  guint8 known;
  xmlRelaxNGValidCtxtPtr vctxt;
  xmlDoc *doc;
  xmlNode *v;
  int ret;

  if (!compiled)
    return -1;
  /* the verdict of the same grammar on the same value, if known */
  ck = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (ck, (const guchar *)&compiled, sizeof compiled);
  g_checksum_update (ck, (const guchar *)value, -1);
  g_checksum_get_digest (ck, key, &len);
  g_checksum_free (ck);
  g_mutex_lock (&s->lock);
  known = digests_get (&s->verdicts, key);
  g_mutex_unlock (&s->lock);
  if (known)
    return known - 1;
  doc = xmlNewDoc (BAD_CAST "1.0");
  v = xmlNewDocNode (doc, NULL, BAD_CAST "v", NULL);
  xmlDocSetRootElement (doc, v);
  xmlNewProp (v, BAD_CAST "a", BAD_CAST value);
  vctxt = xmlRelaxNGNewValidCtxt (compiled);
  xmlRelaxNGSetValidStructuredErrors (vctxt, silent, NULL);
  ret = xmlRelaxNGValidateDoc (vctxt, doc) == 0;
  xmlRelaxNGFreeValidCtxt (vctxt);
  xmlFreeDoc (doc);
  g_mutex_lock (&s->lock);
  digests_put (&s->verdicts, key, (guint8)(ret + 1));
  g_mutex_unlock (&s->lock);
  return ret;
}

/* Does the value fit the declaration (as libxml2 says with the full
 * schema)?  The facet-free grammar and cs-facets.c first, when they can
 * say yes; libxml2 with the facets otherwise. */
static gboolean
value_ok (Schema *s, const AttrDecl *a, const char *value)
{
  if (s->facets && a->check.kind != CS_FACET_CHECK_OTHER
      && judge_get (s, a, FALSE))
    {
      int fast = judge (s, a, TRUE, value);
      if (fast == 0)
        return FALSE;
      if (fast == 1 && cs_facets_value_ok (&a->check, value))
        return TRUE;
    }
  /* cannot judge it alone: do not blame it */
  return judge (s, a, FALSE, value) != 0;
}

/* What an attribute's value must be, from the schema. */
static char *
expectation (Schema *s, const AttrDecl *a)
{
  xmlNode *p = a->decl->children;
  GString *out;

  while (p && !is_rng (p, NULL))
    p = p->next;
  if (p && is_rng (p, "ref"))
    {
      xmlNode *def = g_hash_table_lookup (s->defines, cs_xml_attr (p, "name"));
      xmlChar *e
          = def ? xmlGetNsProp (def, BAD_CAST "expect", BAD_CAST CT_NS) : NULL;
      char *r = g_strdup (e ? (const char *)e : "a valid value");
      xmlFree (e);
      return r;
    }
  if (p && is_rng (p, "value"))
    {
      xmlChar *v = xmlNodeGetContent (p);
      char *r = g_strdup_printf ("'%s'", (const char *)v);
      xmlFree (v);
      return r;
    }
  out = g_string_new ("one of");
  for (xmlNode *c = p && is_rng (p, "choice") ? p->children : NULL; c;
       c = c->next)
    if (is_rng (c, "value"))
      {
        xmlChar *v = xmlNodeGetContent (c);
        g_string_append_printf (out, "%s %s", out->len > 6 ? "," : "",
                                (const char *)v);
        xmlFree (v);
      }
  if (out->len > 6)
    return g_string_free (out, FALSE);
  g_string_free (out, TRUE);
  return g_strdup ("a valid value");
}

/* ---- Finding a problem in one element ------------------------------------ */

static void
set_problem (CsSchemaProblem *p, const xmlNode *node, const char *attr,
             const char *value, char *what, char *expected)
{
  p->node = node;
  p->attr = g_strdup (attr);
  p->value = g_strdup (value);
  p->what = what;
  p->expected = expected;
}

static char *
list_names (GPtrArray *names, const char *open, const char *close)
{
  GString *s = g_string_new ("one of ");

  if (names->len == 0)
    {
      g_string_free (s, TRUE);
      return g_strdup ("none here");
    }
  for (guint i = 0; i < names->len && i < MAX_LISTED; i++)
    g_string_append_printf (s, "%s%s%s%s", i ? ", " : "", open,
                            (const char *)names->pdata[i], close);
  if (names->len > MAX_LISTED)
    g_string_append (s, ", ...");
  return g_string_free (s, FALSE);
}

static gboolean
check_attributes (Schema *s, const Decl *d, const xmlNode *node,
                  CsSchemaProblem *p)
{
  g_autofree char *el = cs_xml_describe (node);

  for (xmlAttr *a = node->properties; a; a = a->next)
    {
      if (a->ns && strcmp ((const char *)a->ns->href, CS_XML_SOURCE_NS) == 0)
        continue;
      if (a->ns || !find_attr (d, (const char *)a->name))
        {
          g_autoptr (GPtrArray) names = g_ptr_array_new ();
          for (guint i = 0; i < d->attrs->len; i++)
            g_ptr_array_add (
                names, (gpointer)g_array_index (d->attrs, AttrDecl, i).name);
          set_problem (
              p, node, a->ns ? NULL : (const char *)a->name, NULL,
              g_strdup_printf (
                  "%s has no attribute '%s%s%s'", el,
                  a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
                  a->ns && a->ns->prefix ? ":" : "", (const char *)a->name),
              list_names (names, "", ""));
          return TRUE;
        }
    }
  for (guint c = 0; c < d->choices->len; c++)
    {
      GPtrArray *alts = d->choices->pdata[c];
      g_autoptr (GPtrArray) present = g_ptr_array_new ();
      g_autoptr (GPtrArray) firsts = g_ptr_array_new ();
      for (guint i = 0; i < alts->len; i++)
        {
          GStrv names = alts->pdata[i];
          g_ptr_array_add (firsts, names[0]);
          for (guint k = 0; names[k]; k++)
            if (cs_xml_attr_node (node, names[k]))
              {
                g_ptr_array_add (present, names[k]);
                break;
              }
        }
      if (present->len == 0)
        {
          set_problem (p, node, NULL, NULL,
                       g_strdup_printf ("%s lacks a value", el),
                       list_names (firsts, "attribute '", "'"));
          return TRUE;
        }
      if (present->len > 1)
        {
          set_problem (p, node, present->pdata[1], NULL,
                       g_strdup_printf ("%s has both '%s' and '%s'", el,
                                        (const char *)present->pdata[0],
                                        (const char *)present->pdata[1]),
                       g_strdup ("only one of them"));
          return TRUE;
        }
    }
  for (guint i = 0; i < d->attrs->len; i++)
    {
      const AttrDecl *a = &g_array_index (d->attrs, AttrDecl, i);
      const char *v = cs_xml_attr (node, a->name);
      if (!v && a->required)
        {
          g_autofree char *e = expectation (s, a);
          set_problem (p, node, NULL, NULL,
                       g_strdup_printf ("%s lacks attribute '%s'", el, a->name),
                       g_strdup_printf ("%s: %s", a->name, e));
          return TRUE;
        }
      if (v && !value_ok (s, a, v))
        {
          g_autofree char *shown = cs_xml_show_value (v);
          set_problem (
              p, node, a->name, v,
              g_strdup_printf ("'%s' is not a valid value for %s of %s", shown,
                               a->name, el),
              expectation (s, a));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_children (const Decl *d, const xmlNode *node, CsSchemaProblem *p)
{
  g_autofree char *el = cs_xml_describe (node);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < d->children->len; i++)
    g_ptr_array_add (names,
                     (gpointer)g_array_index (d->children, ChildDecl, i).name);
  if (!d->text && cs_xml_has_text (node))
    {
      set_problem (p, node, NULL, NULL,
                   g_strdup_printf ("%s contains text", el),
                   g_strdup ("only elements and attributes in it"));
      return TRUE;
    }
  for (xmlNode *c = cs_xml_first_element ((xmlNode *)node); c;
       c = cs_xml_next_element (c))
    {
      const char *cn = (const char *)c->name;
      const ChildDecl *cd = c->ns ? NULL : find_child (d, cn);
      guint n;
      if (!cd)
        {
          set_problem (p, c, NULL, NULL,
                       g_strdup_printf ("<%s> is not allowed in %s", cn, el),
                       list_names (names, "<", ">"));
          return TRUE;
        }
      n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, cn)) + 1;
      if (n > cd->max)
        {
          set_problem (p, c, NULL, NULL,
                       g_strdup_printf ("<%s> number %u in %s", cn, n, el),
                       cd->max == 1
                           ? g_strdup_printf ("at most one <%s>", cn)
                           : g_strdup_printf ("at most %u <%s>", cd->max, cn));
          return TRUE;
        }
      g_hash_table_insert (seen, (gpointer)cn, GUINT_TO_POINTER (n));
    }
  for (guint i = 0; i < d->children->len; i++)
    {
      const ChildDecl *cd = &g_array_index (d->children, ChildDecl, i);
      if (cd->required && !g_hash_table_contains (seen, cd->name))
        {
          set_problem (p, node, NULL, NULL,
                       g_strdup_printf ("%s lacks <%s>", el, cd->name),
                       g_strdup_printf ("a <%s> element in it", cd->name));
          return TRUE;
        }
    }
  return FALSE;
}

/* Problems of node under one declaration: 0 if it fits.  The first one
 * found goes to *p (when p is not NULL and the count is not 0). */
static guint
count_problems (Schema *s, xmlNode *def, const xmlNode *node,
                CsSchemaProblem *p)
{
  const Decl *d = decl_get (s, def);
  CsSchemaProblem tmp = { 0 };
  guint n = 0;

  if (check_attributes (s, d, node, &tmp))
    n += 2; /* a declaration the attributes fit fits better */
  else if (check_children (d, node, &tmp))
    n++;
  if (n && p)
    *p = tmp;
  else
    cs_schema_problem_clear (&tmp);
  /* A rough measure of fit to choose between declarations: attributes
   * the declaration does not know, then where the first problem is. */
  for (xmlAttr *a = node->properties; a; a = a->next)
    if (!a->ns && !find_attr (d, (const char *)a->name))
      n += 2;
  return n;
}

static gboolean
diagnose_element (Schema *s, const xmlNode *node, CsSchemaProblem *p)
{
  GPtrArray *defs;
  xmlNode *best = NULL;
  guint best_n = G_MAXUINT;

  if (node->type != XML_ELEMENT_NODE || node->ns)
    return FALSE;
  defs = g_hash_table_lookup (s->elements, node->name);
  for (guint i = 0; defs && i < defs->len; i++)
    {
      guint n = count_problems (s, defs->pdata[i], node, NULL);
      if (n == 0)
        return FALSE;
      if (n < best_n)
        best_n = n, best = defs->pdata[i];
    }
  return best && count_problems (s, best, node, p) > 0;
}

static gboolean
diagnose_tree (Schema *s, const xmlNode *node, CsSchemaProblem *p)
{
  if (diagnose_element (s, node, p))
    return TRUE;
  for (xmlNode *c = cs_xml_first_element ((xmlNode *)node); c;
       c = cs_xml_next_element (c))
    if (diagnose_tree (s, c, p))
      return TRUE;
  return FALSE;
}

/* ---- Known-valid subtrees ------------------------------------------------ */

/* Most documents a process validates (a fuzzer's inputs, the points of a
 * sweep, a scenario and its round trip) share most of their subtrees
 * with documents it has found valid before: the default area.  A
 * subtree's validity does not depend on where it stands when every
 * element's declaration is decided by the names on its path: the
 * schema is checked for that (known_init) and, if it holds, a document
 * is first validated as a copy in which each subtree that a valid
 * document had at the same path (same root model, same names above it,
 * same content byte for byte, compared by SHA-256) is replaced by an
 * empty element with a marker attribute, which a copy of the schema
 * accepts in place of every element's content.  That verdict is the full
 * document's: its subtrees matched the same declarations in the valid
 * document.  Only a valid verdict is taken; an invalid one goes to the
 * full schema, which explains it as before. */

#define KNOWN_NS "urn:ctsim:known-valid"

/* The element patterns in `node`'s content (not entering them),
 * following refs, into `out`; FALSE for what this does not follow. */
static gboolean
content_elements (Schema *s, xmlNode *node, GPtrArray *out, guint depth)
{
  if (depth > MAX_REF_DEPTH * 4)
    return FALSE;
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (!is_rng (n, NULL))
        continue;
      if (is_rng (n, "element"))
        {
          if (!cs_xml_attr (n, "name"))
            return FALSE; /* a name class: not followed */
          g_ptr_array_add (out, n);
        }
      else if (is_rng (n, "ref"))
        {
          xmlNode *def
              = g_hash_table_lookup (s->defines, cs_xml_attr (n, "name"));
          if (!def || !content_elements (s, def, out, depth + 1))
            return FALSE;
        }
      else if (is_rng (n, "parentRef") || is_rng (n, "externalRef")
               || is_rng (n, "grammar") || is_rng (n, "include"))
        return FALSE;
      else if (!is_rng (n, "attribute") && !is_rng (n, "data")
               && !is_rng (n, "value") && !is_rng (n, "list"))
        if (!content_elements (s, n, out, depth + 1))
          return FALSE;
    }
  return TRUE;
}

/* Does every element pattern reachable from `elem` have, for each child
 * name, one declaration only? */
static gboolean
names_decide (Schema *s, xmlNode *elem, GHashTable *done)
{
  g_autoptr (GPtrArray) kids = g_ptr_array_new ();
  g_autoptr (GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);

  if (g_hash_table_contains (done, elem))
    return TRUE;
  g_hash_table_add (done, elem);
  if (!content_elements (s, elem, kids, 0))
    return FALSE;
  for (guint i = 0; i < kids->len; i++)
    {
      const char *name = cs_xml_attr (kids->pdata[i], "name");
      xmlNode *other = g_hash_table_lookup (by_name, name);
      if (other && other != kids->pdata[i])
        return FALSE;
      g_hash_table_insert (by_name, (gpointer)name, kids->pdata[i]);
    }
  for (guint i = 0; i < kids->len; i++)
    if (!names_decide (s, kids->pdata[i], done))
      return FALSE;
  return TRUE;
}

/* The <attribute name="name"> that `elem`'s content requires (not under
 * optional, choice or repetition), or NULL. */
static xmlNode *
required_attribute (Schema *s, xmlNode *node, const char *name, guint depth)
{
  if (depth > MAX_REF_DEPTH)
    return NULL;
  for (xmlNode *n = node->children; n; n = n->next)
    {
      xmlNode *found = NULL;
      const char *an;
      if (is_rng (n, "attribute") && (an = cs_xml_attr (n, "name"))
          && strcmp (an, name) == 0 && !cs_xml_attr (n, "ns"))
        return n;
      if (is_rng (n, "ref"))
        {
          xmlNode *def
              = g_hash_table_lookup (s->defines, cs_xml_attr (n, "name"));
          found = def ? required_attribute (s, def, name, depth + 1) : NULL;
        }
      else if (is_rng (n, "group") || is_rng (n, "interleave"))
        found = required_attribute (s, n, name, depth + 1);
      if (found)
        return found;
    }
  return NULL;
}

/* The one <value> an attribute's content is (directly or through a
 * ref), or NULL. */
static char *
single_value (Schema *s, xmlNode *attr)
{
  xmlNode *p = attr->children;

  while (p && !is_rng (p, NULL))
    p = p->next;
  if (p && is_rng (p, "ref"))
    {
      xmlNode *def = g_hash_table_lookup (s->defines, cs_xml_attr (p, "name"));
      p = def ? def->children : NULL;
      while (p && !is_rng (p, NULL))
        p = p->next;
    }
  /* a value compared as it is written: type string (the schema's), or
   * no type (a token, compared after collapsing spaces) */
  if (!p || !is_rng (p, "value")
      || (cs_xml_attr (p, "type")
          && strcmp (cs_xml_attr (p, "type"), "string")))
    return NULL;
  for (xmlNode *q = p->next; q; q = q->next)
    if (is_rng (q, NULL))
      return NULL;
  return (char *)xmlNodeGetContent (p);
}

/* Is the root's declaration decided by its model attribute, when it has
 * no extends attribute?  Each declaration the start allows must require
 * extends (and so cannot match such a root) or require a model of one
 * value of its own. */
static gboolean
root_decided (Schema *s)
{
  xmlNode *start = NULL;
  g_autoptr (GPtrArray) roots = g_ptr_array_new ();
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func (xmlFree);

  for (xmlNode *n = xmlDocGetRootElement (s->rng)->children; n; n = n->next)
    if (is_rng (n, "start"))
      {
        if (start)
          return FALSE;
        start = n;
      }
  if (!start || !content_elements (s, start, roots, 0))
    return FALSE;
  for (guint i = 0; i < roots->len; i++)
    {
      xmlNode *model;
      char *v;
      if (required_attribute (s, roots->pdata[i], "extends", 0))
        continue;
      if (!(model = required_attribute (s, roots->pdata[i], "model", 0))
          || !(v = single_value (s, model)))
        return FALSE;
      for (guint k = 0; k < models->len; k++)
        if (strcmp (models->pdata[k], v) == 0)
          {
            xmlFree (v);
            return FALSE;
          }
      g_ptr_array_add (models, v);
    }
  return models->len > 0;
}

/* Every <element name="..."> under node, in document order. */
static void
element_patterns (xmlNode *node, GPtrArray *out)
{
  for (xmlNode *n = node->children; n; n = n->next)
    {
      if (is_rng (n, "element") && cs_xml_attr (n, "name"))
        g_ptr_array_add (out, n);
      element_patterns (n, out);
    }
}

/* A copy of `rng` in which every element may instead hold only the
 * marker attribute, compiled. */
static xmlRelaxNGPtr
known_compile (xmlDoc *rng)
{
  g_autoptr (GPtrArray) elems = g_ptr_array_new ();
  xmlRelaxNGParserCtxtPtr pctxt;
  xmlDoc *known_rng = xmlCopyDoc (rng, 1);
  xmlRelaxNGPtr compiled;

  element_patterns (xmlDocGetRootElement (known_rng), elems);
  for (guint i = 0; i < elems->len; i++)
    {
      xmlNode *e = elems->pdata[i];
      xmlNode *choice
          = xmlNewDocNode (known_rng, e->ns, BAD_CAST "choice", NULL);
      xmlNode *group = xmlNewChild (choice, e->ns, BAD_CAST "group", NULL);
      xmlNode *marker = xmlNewChild (choice, e->ns, BAD_CAST "attribute", NULL);
      xmlNode *next;
      xmlSetProp (marker, BAD_CAST "name", BAD_CAST "known");
      xmlSetProp (marker, BAD_CAST "ns", BAD_CAST KNOWN_NS);
      for (xmlNode *c = e->children; c; c = next)
        {
          next = c->next;
          xmlUnlinkNode (c);
          xmlAddChild (group, c);
        }
      if (!group->children)
        xmlNewChild (group, e->ns, BAD_CAST "empty", NULL);
      xmlAddChild (e, choice);
    }
  pctxt = xmlRelaxNGNewDocParserCtxt (known_rng);
  xmlRelaxNGSetParserStructuredErrors (pctxt, silent, NULL);
  compiled = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);
  xmlFreeDoc (known_rng); /* the parser context worked on its own copy */
  return compiled;
}

/* Check the schema, then compile the copies in which every element may
 * instead hold only the marker attribute. */
static void
known_init (Schema *s)
{
  g_autoptr (GHashTable) done = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) roots = g_ptr_array_new ();
  xmlNode *start = NULL;

  g_mutex_init (&s->known_lock);
  digests_init (&s->known_set, KNOWN_SLOTS);
  for (xmlNode *n = xmlDocGetRootElement (s->rng)->children; n; n = n->next)
    if (is_rng (n, "start"))
      start = n;
  for (xmlNode *n = xmlDocGetRootElement (s->rng)->children; n; n = n->next)
    if (is_rng (n, NULL) && cs_xml_attr (n, "combine"))
      return; /* defines in parts: not followed */
  if (!root_decided (s) || !content_elements (s, start, roots, 0))
    return;
  for (guint i = 0; i < roots->len; i++)
    if (!required_attribute (s, roots->pdata[i], "extends", 0)
        && !names_decide (s, roots->pdata[i], done))
      return;
  if (!s->fast_rng)
    return;
  s->known = known_compile (s->fast_rng);
  s->known_full = s->known ? known_compile (s->rng) : NULL;
  if (!s->known_full)
    s->known = NULL; /* both or neither */
}

/* A string, or NULL, to the bytes to digest. */
static void
feed_str (GByteArray *buf, const xmlChar *s)
{
  guint32 n = s ? (guint32)strlen ((const char *)s) : G_MAXUINT32;

  g_byte_array_append (buf, (const guint8 *)&n, sizeof n);
  if (s)
    g_byte_array_append (buf, s, n);
}

/* A node other than an element to the bytes to digest. */
static void
feed_other (GByteArray *buf, const xmlNode *n)
{
  guint32 type = (guint32)n->type;

  g_byte_array_append (buf, (const guint8 *)&type, sizeof type);
  feed_str (buf, n->name);
  feed_str (buf, n->content);
}

/* One element of the document, in document order. */
typedef struct
{
  guint8 digest[SHA256_LEN]; /* of its subtree: names, attributes, text */
  guint size;                /* elements in its subtree, itself included */
  gboolean known;            /* a valid document had it at its path */
  gboolean clean;            /* known, and no element in it is blamed */
} Sum;

typedef struct
{
  Schema *s;
  GChecksum *ck;
  GByteArray *buf; /* what one element's digest is of */
  GArray *sums;    /* Sum, the root's first */
  GString *path;   /* the root's model, then "/NAME" for each element */
  guint8 key[SHA256_LEN];
  guint n_known;
} Known;

/* The sums of `e`'s subtree appended to k->sums; FALSE if an element
 * has a namespace (no valid document has one there). */
static gboolean
sum_tree (Known *k, const xmlNode *e)
{
  guint idx = k->sums->len;
  guint at;
  gsize len = SHA256_LEN;

  if (e->ns)
    return FALSE;
  for (const xmlAttr *a = e->properties; a; a = a->next)
    if (a->ns && strcmp ((const char *)a->ns->href, KNOWN_NS) == 0)
      return FALSE; /* a marker of its own: not for this */
  g_array_set_size (k->sums, idx + 1);
  for (const xmlNode *c = e->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !sum_tree (k, c))
      return FALSE;
  g_byte_array_set_size (k->buf, 0);
  feed_str (k->buf, e->name);
  for (const xmlAttr *a = e->properties; a; a = a->next)
    {
      g_byte_array_append (k->buf, (const guint8 *)"A", 1);
      feed_str (k->buf, a->ns ? a->ns->href : NULL);
      feed_str (k->buf, a->name);
      for (const xmlNode *t = a->children; t; t = t->next)
        feed_other (k->buf, t);
    }
  at = idx + 1;
  for (const xmlNode *c = e->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        const Sum *cs = &g_array_index (k->sums, Sum, at);
        g_byte_array_append (k->buf, (const guint8 *)"E", 1);
        g_byte_array_append (k->buf, cs->digest, SHA256_LEN);
        at += cs->size;
      }
    else
      feed_other (k->buf, c);
  g_checksum_reset (k->ck);
  g_checksum_update (k->ck, k->buf->data, k->buf->len);
  g_checksum_get_digest (k->ck, g_array_index (k->sums, Sum, idx).digest, &len);
  g_array_index (k->sums, Sum, idx).size = k->sums->len - idx;
  g_array_index (k->sums, Sum, idx).known = FALSE;
  g_array_index (k->sums, Sum, idx).clean = FALSE;
  return TRUE;
}

/* The key of the subtree `sum` at k->path: a digest of the path, then
 * the subtree's digest.  A path starts with the root's model; keys are
 * only kept from valid documents, whose model has no '/', so equal keys
 * mean equal models and paths (element names have no '/' either). */
static const guint8 *
known_key (Known *k, const Sum *sum)
{
  gsize len = SHA256_LEN;

  g_checksum_reset (k->ck);
  g_checksum_update (k->ck, (const guchar *)k->path->str, (gssize)k->path->len);
  g_checksum_update (k->ck, (const guchar *)"\n", 1);
  g_checksum_update (k->ck, sum->digest, SHA256_LEN);
  g_checksum_get_digest (k->ck, k->key, &len);
  return k->key;
}

#define KNOWN_UNSURE 1 /* known valid */
#define KNOWN_CLEAN 2  /* known valid, and no element in it is blamed */
#define KNOWN_BLAMED 3 /* known valid, and an element in it is blamed */

/* Each element's subtree under e: mark those known, not entering them.
 * *at: e's index in sums, then the index after its subtree. */
static void
known_walk (Known *k, const xmlNode *e, guint *at)
{
  gsize len = k->path->len;

  (*at)++;
  for (const xmlNode *c = e->children; c; c = c->next)
    {
      Sum *sum;
      guint8 byte;
      if (c->type != XML_ELEMENT_NODE)
        continue;
      sum = &g_array_index (k->sums, Sum, *at);
      g_string_append_c (k->path, '/');
      g_string_append (k->path, (const char *)c->name);
      if ((byte = digests_get (&k->s->known_set, known_key (k, sum))))
        {
          /* with it, every subtree in it was kept */
          sum->known = TRUE;
          sum->clean = byte == KNOWN_CLEAN;
          k->n_known++;
          *at += sum->size;
        }
      else
        known_walk (k, c, at);
      g_string_truncate (k->path, len);
    }
}

/* e's document is valid: add the subtrees under e that are not known
 * (whether an element in them is blamed is worked out when needed, by
 * blamed_under()).  *at as in known_walk(). */
static void
known_add (Known *k, const xmlNode *e, guint *at)
{
  gsize len = k->path->len;

  (*at)++;
  for (const xmlNode *c = e->children; c; c = c->next)
    {
      Sum *sum;
      const guint8 *key;
      if (c->type != XML_ELEMENT_NODE)
        continue;
      sum = &g_array_index (k->sums, Sum, *at);
      g_string_append_c (k->path, '/');
      g_string_append (k->path, (const char *)c->name);
      key = known_key (k, sum);
      if (digests_get (&k->s->known_set, key))
        *at += sum->size;
      else
        {
          digests_put (&k->s->known_set, key, KNOWN_UNSURE);
          known_add (k, c, at);
        }
      g_string_truncate (k->path, len);
    }
}

/* The children of e copied under `to`, a known subtree as an empty
 * element with the marker; *at as in known_walk(). */
static void
reduce (Known *k, const xmlNode *e, xmlNode *to, guint *at)
{
  (*at)++;
  for (const xmlNode *c = e->children; c; c = c->next)
    {
      const Sum *sum;
      xmlNode *n;
      if (c->type != XML_ELEMENT_NODE)
        {
          xmlAddChild (to, xmlDocCopyNode ((xmlNode *)c, to->doc, 1));
          continue;
        }
      sum = &g_array_index (k->sums, Sum, *at);
      n = xmlNewDocNode (to->doc, NULL, c->name, NULL);
      xmlAddChild (to, n);
      if (sum->known)
        {
          xmlNsPtr ns = xmlNewNs (n, BAD_CAST KNOWN_NS, BAD_CAST "known");
          xmlNewNsProp (n, ns, BAD_CAST "known", BAD_CAST "");
          *at += sum->size;
        }
      else
        {
          n->properties = xmlCopyPropList (n, c->properties);
          reduce (k, c, n, at);
        }
    }
}

/* Set up k for doc: FALSE if known subtrees cannot judge it. */
static gboolean
known_begin (Schema *s, xmlDoc *doc, Known *k)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  const char *model;

  memset (k, 0, sizeof *k);
  if (!s->known || !root || xmlHasProp (root, BAD_CAST "extends")
      || !(model = cs_xml_attr (root, "model")))
    return FALSE;
  k->s = s;
  k->ck = g_checksum_new (G_CHECKSUM_SHA256);
  k->buf = g_byte_array_new ();
  k->sums = g_array_new (FALSE, FALSE, sizeof (Sum));
  k->path = g_string_new (model);
  return sum_tree (k, root);
}

static void
known_end (Known *k)
{
  if (k->ck)
    g_checksum_free (k->ck);
  if (k->buf)
    g_byte_array_unref (k->buf);
  if (k->sums)
    g_array_unref (k->sums);
  if (k->path)
    g_string_free (k->path, TRUE);
}

/* The full schema's verdict on doc, from the copy: 1 valid, 0 invalid,
 * -1 not judged (no subtree is known, or libxml2 failed).  The copy is
 * valid under the marker schema if doc is valid under the schema it
 * comes from (a marker is allowed wherever an element is), and the
 * converse is the argument above; so is the invalid verdict the full
 * schema's: from the full marker schema, or from the facet-free one
 * (which allows more) when every facet of the copy's values holds. */
static int
known_valid (Known *k, xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlDoc *copy;
  xmlNode *to;
  xmlRelaxNGValidCtxtPtr vctxt;
  guint at = 0;
  int ret;

  g_mutex_lock (&k->s->known_lock);
  known_walk (k, root, &at);
  g_mutex_unlock (&k->s->known_lock);
  if (!k->n_known)
    return -1;
  g_atomic_int_add (&k->s->known_hits, (gint)k->n_known);
  copy = xmlNewDoc (BAD_CAST "1.0");
  to = xmlDocCopyNode (root, copy, 2);
  xmlDocSetRootElement (copy, to);
  at = 0;
  reduce (k, root, to, &at);
  /* the facet-free copy when the facets hold: as in facets_decide() */
  vctxt = xmlRelaxNGNewValidCtxt (facets_hold (k->s, to) ? k->s->known
                                                         : k->s->known_full);
  xmlRelaxNGSetValidStructuredErrors (vctxt, silent, NULL);
  ret = xmlRelaxNGValidateDoc (vctxt, copy);
  xmlRelaxNGFreeValidCtxt (vctxt);
  xmlFreeDoc (copy);
  return ret == 0 ? 1 : ret > 0 ? 0 : -1;
}

/* doc is valid: keep its subtrees. */
static void
known_keep (Known *k, xmlDoc *doc)
{
  guint at = 0;

  g_mutex_lock (&k->s->known_lock);
  known_add (k, xmlDocGetRootElement (doc), &at);
  g_mutex_unlock (&k->s->known_lock);
}

/* The elements under e (not e) that diagnose_element() blames, in
 * document order, counted on from n up to limit, the first in *first;
 * subtrees known clean are not entered.  Whether an element of a kept
 * subtree is blamed depends only on the subtree's content (each
 * element's own attributes, children and text), so a kept subtree walked
 * to its end is marked clean or blamed for later documents.  *at as in
 * known_walk() (past what was walked). */
static guint
blamed_under (Known *k, const xmlNode *e, guint *at, guint n, guint limit,
              const xmlNode **first)
{
  gsize len = k->path->len;

  (*at)++;
  for (const xmlNode *c = e->children; c && n < limit; c = c->next)
    {
      const Sum *sum;
      guint8 key[SHA256_LEN];
      guint8 byte;
      guint m = n;
      if (c->type != XML_ELEMENT_NODE)
        continue;
      sum = &g_array_index (k->sums, Sum, *at);
      if (sum->clean)
        {
          *at += sum->size;
          continue;
        }
      g_string_append_c (k->path, '/');
      g_string_append (k->path, (const char *)c->name);
      memcpy (key, known_key (k, sum), SHA256_LEN);
      g_mutex_lock (&k->s->known_lock);
      byte = digests_get (&k->s->known_set, key);
      g_mutex_unlock (&k->s->known_lock);
      if (byte == KNOWN_CLEAN)
        *at += sum->size;
      else
        {
          if (diagnose_element (k->s, c, NULL) && n++ == 0)
            *first = c;
          n = blamed_under (k, c, at, n, limit, first);
          /* walked to its end (n < limit), or found blamed */
          if (byte == KNOWN_UNSURE && (n > m || n < limit))
            {
              g_mutex_lock (&k->s->known_lock);
              digests_put (&k->s->known_set, key,
                           n > m ? KNOWN_BLAMED : KNOWN_CLEAN);
              g_mutex_unlock (&k->s->known_lock);
            }
        }
      g_string_truncate (k->path, len);
    }
  return n;
}

/* doc is invalid: its problem without libxml2, which explain() would
 * give: the first element in document order that diagnose_element()
 * blames, found beside the subtrees known clean.  FALSE (problem
 * untouched) when none is blamed. */
static gboolean
explain_known (Known *k, xmlDoc *doc, CsSchemaProblem *problem)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  const xmlNode *first = NULL;
  guint at = 0;

  if (diagnose_element (k->s, root, NULL))
    first = root;
  else if (blamed_under (k, root, &at, 0, 1, &first) != 1)
    return FALSE;
  g_atomic_int_inc (&k->s->alone);
  return diagnose_element (k->s, first, problem);
}

/* ---- Validation ---------------------------------------------------------- */

typedef struct
{
  const xmlNode *node; /* first error's node */
  char *message;       /* first error's text */
} FirstError;

static void
keep_first (void *data, xmlErrorPtr err)
{
  FirstError *f = data;

  if (!f->node && err->node)
    f->node = err->node;
  if (!f->message && err->message)
    f->message = g_strstrip (g_strdup (err->message));
}

/* The problem of an invalid doc: the first element in document order
 * that diagnose_element() blames, as a reader mends a file from its top
 * (libxml2's first error depends on the order in which it tries the
 * branches of choices and interleaves); when none is blamed, libxml2's
 * first error. */
static void
explain (Schema *s, xmlDoc *doc, FirstError *first, CsSchemaProblem *p)
{
  const xmlNode *n = first->node;

  if (diagnose_tree (s, xmlDocGetRootElement (doc), p))
    return;
  set_problem (p, n ? n : xmlDocGetRootElement (doc), NULL, NULL,
               g_strdup (first->message ? first->message
                                        : "the scenario does not fit "
                                          "the schema"),
               g_strdup ("a scenario as described in docs/scenarios.md"));
}

/* No attribute pattern that can hold a handled type can match an
 * attribute `name` of element (unmatched_init(), elem_attrs_init()). */
static gboolean
attr_unmatched (Schema *s, const xmlNode *element, const char *name)
{
  GHashTable *names;

  if (!s->attr_names)
    return FALSE;
  if (!g_hash_table_contains (s->attr_names, name))
    return TRUE;
  names = s->elem_attrs ? g_hash_table_lookup (s->elem_attrs, element->name)
                        : NULL;
  return names && !g_hash_table_contains (names, name);
}

/* Do the attributes under node surely have the facets the fast schema
 * left out?  FALSE when unsure (an attribute no declaration of its
 * element has, a declaration cs-facets.c cannot follow, a value it
 * cannot judge).  What no pattern can match (unmatched_init()) is never
 * checked against a facet: an element of such a name with all inside
 * it, an attribute of such a name. */
static gboolean
facets_hold (Schema *s, const xmlNode *node)
{
  GHashTable *attrs;

  if (node->ns)
    return FALSE;
  if (!(attrs = g_hash_table_lookup (s->checks, node->name)))
    {
      if (!s->element_names
          || g_hash_table_contains (s->element_names, node->name))
        return FALSE;
      g_atomic_int_inc (&s->unmatched);
      return TRUE; /* nothing in it is ever checked */
    }
  for (xmlAttr *a = node->properties; a; a = a->next)
    {
      const CsFacetCheck *c;
      if (a->ns
          && (strcmp ((const char *)a->ns->href, CS_XML_SOURCE_NS) == 0
              || strcmp ((const char *)a->ns->href, KNOWN_NS) == 0))
        continue; /* no facets: a source, or a known subtree's marker */
      if (!a->ns && attr_unmatched (s, node, (const char *)a->name))
        {
          g_atomic_int_inc (&s->unmatched);
          continue; /* matched by no pattern with a facet */
        }
      if (a->ns || !(c = g_hash_table_lookup (attrs, a->name)))
        return FALSE;
      if (c->kind == CS_FACET_CHECK_NONE)
        continue;
      if (!a->children || a->children->next
          || a->children->type != XML_TEXT_NODE
          || !cs_facets_value_ok (c, (const char *)a->children->content))
        return FALSE;
    }
  for (xmlNode *c = cs_xml_first_element ((xmlNode *)node); c;
       c = cs_xml_next_element (c))
    if (!facets_hold (s, c))
      return FALSE;
  return TRUE;
}

/* The facet-free schema judges doc as the full one would when every
 * facet the full one checks holds for doc's values: libxml2 then takes
 * the same steps with both (a facet is only checked after the value's
 * type accepted it, and each held), so the verdict and the first error
 * are the same; cs-facets.c says which hold.  An overlay (extends=) may
 * match elements with any attributes: not followed. */
static gboolean
facets_decide (Schema *s, xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);

  return s->fast && root && !xmlHasProp (root, BAD_CAST "extends")
         && facets_hold (s, root);
}

/* Validate doc, with the facet-free schema when it decides; on failure
 * explain libxml2's first error into *problem. */
static gboolean
validate_explained (Schema *s, xmlDoc *doc, gboolean fast,
                    CsSchemaProblem *problem)
{
  xmlRelaxNGValidCtxtPtr vctxt;
  FirstError first = { 0 };
  int ret;

  vctxt = xmlRelaxNGNewValidCtxt (fast ? s->fast : s->compiled);
  xmlRelaxNGSetValidStructuredErrors (vctxt, keep_first, &first);
  ret = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
  if (ret != 0)
    explain (s, doc, &first, problem);
  g_free (first.message);
  return ret == 0;
}

gboolean
cs_schema_validate (xmlDoc *doc, CsSchemaProblem *problem)
{
  Schema *s = schema_get ();
  Known k;
  gboolean keep = known_begin (s, doc, &k);
  gboolean ok;

  int known = -1;

  memset (problem, 0, sizeof *problem);
  if (keep)
    known = known_valid (&k, doc);
  if (known == 1)
    ok = TRUE;
  else if (known == 0 && explain_known (&k, doc, problem))
    ok = FALSE;
  else
    ok = validate_explained (s, doc, facets_decide (s, doc), problem);
  if (keep && ok)
    known_keep (&k, doc);
  known_end (&k);
  return ok;
}

gboolean
cs_schema_validate_slow (xmlDoc *doc, CsSchemaProblem *problem)
{
  memset (problem, 0, sizeof *problem);
  return validate_explained (schema_get (), doc, FALSE, problem);
}

guint
cs_schema_known_hits (void)
{
  return (guint)g_atomic_int_get (&schema_get ()->known_hits);
}

guint
cs_schema_unmatched (void)
{
  return (guint)g_atomic_int_get (&schema_get ()->unmatched);
}

guint
cs_schema_explained_alone (void)
{
  return (guint)g_atomic_int_get (&schema_get ()->alone);
}

void
cs_schema_forget (void)
{
  Schema *s = schema_get ();

  g_mutex_lock (&s->known_lock);
  digests_clear (&s->known_set);
  g_mutex_unlock (&s->known_lock);
}

gboolean
cs_schema_validate_full (xmlDoc *doc)
{
  Schema *s = schema_get ();
  xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (s->compiled);
  int ret;

  xmlRelaxNGSetValidStructuredErrors (vctxt, silent, NULL);
  ret = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
  return ret == 0;
}

void
cs_schema_problem_clear (CsSchemaProblem *problem)
{
  g_clear_pointer (&problem->attr, g_free);
  g_clear_pointer (&problem->value, g_free);
  g_clear_pointer (&problem->what, g_free);
  g_clear_pointer (&problem->expected, g_free);
  problem->node = NULL;
}

char **
cs_schema_attributes (const xmlNode *elem)
{
  Schema *s = schema_get ();
  GPtrArray *defs = g_hash_table_lookup (s->elements, elem->name);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  xmlNode *best = NULL;
  guint best_n = G_MAXUINT;

  for (guint i = 0; defs && i < defs->len; i++)
    {
      guint n = count_problems (s, defs->pdata[i], elem, NULL);
      if (n < best_n)
        best_n = n, best = defs->pdata[i];
    }
  if (best)
    {
      const Decl *d = decl_get (s, best);
      for (guint i = 0; i < d->attrs->len; i++)
        g_strv_builder_add (b, g_array_index (d->attrs, AttrDecl, i).name);
    }
  return g_strv_builder_end (b);
}
