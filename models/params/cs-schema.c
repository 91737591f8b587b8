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

#include "models/params/cs-resources.h"
#include "models/params/cs-schema.h"
#include "models/params/cs-xml.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define CT_NS "urn:ctsim:schema"
#define XSD_LIB "http://www.w3.org/2001/XMLSchema-datatypes"
#define RESOURCE_PREFIX "/org/ctsim/"
#define MAX_REF_DEPTH 16
#define MAX_LISTED 24

/* ---- The schema, once ---------------------------------------------------- */

typedef struct
{
  xmlDoc *rng;            /* the schema as a tree */
  xmlRelaxNGPtr compiled; /* for validation */
  GHashTable *defines;    /* name -> <define> node */
  GHashTable *elements;   /* element name -> GPtrArray of <element> */
  char *type_defines;     /* the "t.*" defines as text */
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

static gpointer
schema_init (gpointer data G_GNUC_UNUSED)
{
  Schema *s = g_new0 (Schema, 1);
  g_autoptr (GBytes) bytes = cs_schema_resource ("scenarios/ctsim.rng");
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  xmlRelaxNGParserCtxtPtr pctxt;
  GString *types = g_string_new (NULL);

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
  for (xmlNode *n = xmlDocGetRootElement (s->rng)->children; n; n = n->next)
    if (is_rng (n, "define")
        && g_str_has_prefix (cs_xml_attr (n, "name"), "t."))
      {
        g_autofree char *d = dump_node (s->rng, n);
        g_string_append (types, d);
      }
  s->type_defines = g_string_free (types, FALSE);
  return s;
}

static Schema *
schema_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, schema_init, NULL);
}

/* ---- Summaries of declarations ------------------------------------------- */

typedef struct
{
  const char *name;
  xmlNode *decl; /* the <attribute> */
  gboolean required;
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

static void
decl_clear (Decl *d)
{
  g_array_unref (d->attrs);
  g_array_unref (d->children);
  g_ptr_array_unref (d->choices);
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
        g_array_append_val (d->attrs, ((AttrDecl){ name, c, required }));
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

typedef struct
{
  Schema *s;
  GHashTable *judges; /* pattern text -> xmlRelaxNGPtr (or NULL) */
} Judge;

static void
free_judge (gpointer p)
{
  if (p)
    xmlRelaxNGFree (p);
}

static xmlRelaxNGPtr
compile_pattern (Judge *j, const AttrDecl *a)
{
  GString *pat = g_string_new (NULL);
  g_autofree char *key = NULL;
  g_autofree char *grammar = NULL;
  xmlRelaxNGParserCtxtPtr pctxt;
  xmlRelaxNGPtr compiled;

  for (xmlNode *c = a->decl->children; c; c = c->next)
    {
      g_autofree char *d = dump_node (j->s->rng, c);
      g_string_append (pat, d);
    }
  key = g_string_free (pat, FALSE);
  if (g_hash_table_contains (j->judges, key))
    return g_hash_table_lookup (j->judges, key);
  grammar = g_strdup_printf (
      "<grammar xmlns=\"" RNG_NS "\" xmlns:ct=\"" CT_NS "\" "
      "datatypeLibrary=\"" XSD_LIB "\"><start><element name=\"v\">"
      "<attribute name=\"a\">%s</attribute></element></start>%s</grammar>",
      key, j->s->type_defines);
  pctxt = xmlRelaxNGNewMemParserCtxt (grammar, (int)strlen (grammar));
  xmlRelaxNGSetParserStructuredErrors (pctxt, silent, NULL);
  compiled = xmlRelaxNGParse (pctxt);
  xmlRelaxNGFreeParserCtxt (pctxt);
  g_hash_table_insert (j->judges, g_steal_pointer (&key), compiled);
  return compiled;
}

static gboolean
value_ok (Judge *j, const AttrDecl *a, const char *value)
{
  xmlRelaxNGPtr compiled = compile_pattern (j, a);
  xmlRelaxNGValidCtxtPtr vctxt;
  xmlDoc *doc;
  xmlNode *v;
  int ret;

  if (!compiled)
    return TRUE; /* cannot judge it alone: do not blame it */
  doc = xmlNewDoc (BAD_CAST "1.0");
  v = xmlNewDocNode (doc, NULL, BAD_CAST "v", NULL);
  xmlDocSetRootElement (doc, v);
  xmlNewProp (v, BAD_CAST "a", BAD_CAST value);
  vctxt = xmlRelaxNGNewValidCtxt (compiled);
  xmlRelaxNGSetValidStructuredErrors (vctxt, silent, NULL);
  ret = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
  xmlFreeDoc (doc);
  return ret == 0;
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
check_attributes (Judge *j, const Decl *d, const xmlNode *node,
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
          g_autofree char *e = expectation (j->s, a);
          set_problem (p, node, NULL, NULL,
                       g_strdup_printf ("%s lacks attribute '%s'", el, a->name),
                       g_strdup_printf ("%s: %s", a->name, e));
          return TRUE;
        }
      if (v && !value_ok (j, a, v))
        {
          g_autofree char *shown = cs_xml_show_value (v);
          set_problem (
              p, node, a->name, v,
              g_strdup_printf ("'%s' is not a valid value for %s of %s", shown,
                               a->name, el),
              expectation (j->s, a));
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
count_problems (Judge *j, xmlNode *def, const xmlNode *node, CsSchemaProblem *p)
{
  Decl d;
  CsSchemaProblem tmp = { 0 };
  guint n = 0;

  decl_init (j->s, &d, def);
  if (check_attributes (j, &d, node, &tmp))
    n++;
  else if (check_children (&d, node, &tmp))
    n++;
  if (n && p)
    *p = tmp;
  else
    cs_schema_problem_clear (&tmp);
  /* A rough measure of fit to choose between declarations: attributes
   * the declaration does not know. */
  for (xmlAttr *a = node->properties; a; a = a->next)
    if (!a->ns && !find_attr (&d, (const char *)a->name))
      n += 2;
  decl_clear (&d);
  return n;
}

static gboolean
diagnose_element (Judge *j, const xmlNode *node, CsSchemaProblem *p)
{
  GPtrArray *defs;
  xmlNode *best = NULL;
  guint best_n = G_MAXUINT;

  if (node->type != XML_ELEMENT_NODE || node->ns)
    return FALSE;
  defs = g_hash_table_lookup (j->s->elements, node->name);
  for (guint i = 0; defs && i < defs->len; i++)
    {
      guint n = count_problems (j, defs->pdata[i], node, NULL);
      if (n == 0)
        return FALSE;
      if (n < best_n)
        best_n = n, best = defs->pdata[i];
    }
  return best && count_problems (j, best, node, p) > 0;
}

static gboolean
diagnose_tree (Judge *j, const xmlNode *node, CsSchemaProblem *p)
{
  if (diagnose_element (j, node, p))
    return TRUE;
  for (xmlNode *c = cs_xml_first_element ((xmlNode *)node); c;
       c = cs_xml_next_element (c))
    if (diagnose_tree (j, c, p))
      return TRUE;
  return FALSE;
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

static void
explain (Schema *s, xmlDoc *doc, FirstError *first, CsSchemaProblem *p)
{
  Judge j = { s, g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        free_judge) };
  const xmlNode *n = first->node;
  gboolean found = FALSE;

  if (n && n->type == XML_ELEMENT_NODE)
    {
      found = diagnose_tree (&j, n, p);
      for (const xmlNode *a = n->parent;
           !found && a && a->type == XML_ELEMENT_NODE; a = a->parent)
        found = diagnose_element (&j, a, p);
    }
  if (!found)
    found = diagnose_tree (&j, xmlDocGetRootElement (doc), p);
  if (!found)
    {
      set_problem (p, n ? n : xmlDocGetRootElement (doc), NULL, NULL,
                   g_strdup (first->message ? first->message
                                            : "the scenario does not fit "
                                              "the schema"),
                   g_strdup ("a scenario as described in docs/scenarios.md"));
    }
  g_hash_table_unref (j.judges);
}

gboolean
cs_schema_validate (xmlDoc *doc, CsSchemaProblem *problem)
{
  Schema *s = schema_get ();
  xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt (s->compiled);
  FirstError first = { 0 };
  int ret;

  memset (problem, 0, sizeof *problem);
  xmlRelaxNGSetValidStructuredErrors (vctxt, keep_first, &first);
  ret = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
  if (ret != 0)
    explain (s, doc, &first, problem);
  g_free (first.message);
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
  Judge j = { s, g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        free_judge) };
  GPtrArray *defs = g_hash_table_lookup (s->elements, elem->name);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  xmlNode *best = NULL;
  guint best_n = G_MAXUINT;

  for (guint i = 0; defs && i < defs->len; i++)
    {
      guint n = count_problems (&j, defs->pdata[i], elem, NULL);
      if (n < best_n)
        best_n = n, best = defs->pdata[i];
    }
  if (best)
    {
      Decl d;
      decl_init (s, &d, best);
      for (guint i = 0; i < d.attrs->len; i++)
        g_strv_builder_add (b, g_array_index (d.attrs, AttrDecl, i).name);
      decl_clear (&d);
    }
  g_hash_table_unref (j.judges);
  return g_strv_builder_end (b);
}
