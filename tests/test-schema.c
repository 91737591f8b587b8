/* test-schema.c: the fast path of schema validation (models/params/
 * cs-facets.h, cs-schema.h) against libxml2 with the full schema.
 *
 * The C checks of the facets must never say yes where libxml2 says no
 * (that would accept a scenario the schema refuses), and should say yes
 * for ordinary values (else the fast path is never taken).  Checked on
 * each handled type with hand-picked values and random strings (the
 * seed is printed), and on whole documents: every shipped scenario, and
 * the default scenario with one attribute of each kind changed.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "models/params/cs-facets.h"
#include "models/params/cs-schema.h"
#include "models/params/cs-xml.h"
#include "models/scenario/cs-scenario.h"
#include "tests/cu-main.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define XSD_LIB "http://www.w3.org/2001/XMLSchema-datatypes"
#define SEED 20261206u
#define RANDOM_VALUES 400

static void
silent (void *data G_GNUC_UNUSED, xmlErrorPtr err G_GNUC_UNUSED)
{
}

/* The embedded schema's "t.*" defines as text. */
static char *
type_defines (void)
{
  g_autoptr (GBytes) bytes = cs_schema_resource ("scenarios/ctsim.rng");
  gsize len;
  const char *text = g_bytes_get_data (bytes, &len);
  xmlDoc *rng = xmlReadMemory (text, (int)len, "ctsim.rng", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  xmlBuffer *buf = xmlBufferCreate ();
  char *out;

  for (xmlNode *n = xmlDocGetRootElement (rng)->children; n; n = n->next)
    {
      xmlChar *name = xmlGetProp (n, BAD_CAST "name");
      if (n->type == XML_ELEMENT_NODE && name
          && g_str_has_prefix ((const char *)name, "t."))
        xmlNodeDump (buf, rng, n, 0, 0);
      xmlFree (name);
    }
  out = g_strdup ((const char *)xmlBufferContent (buf));
  xmlBufferFree (buf);
  xmlFreeDoc (rng);
  return out;
}

/* A grammar of one attribute "a" of type `type`, with the schema's types. */
typedef struct
{
  xmlDoc *doc;
  CsFacets *facets;
  CsFacetCheck check;
  xmlRelaxNGPtr full, fast;
} OneType;

static xmlRelaxNGPtr
compile (xmlDoc *doc)
{
  xmlRelaxNGParserCtxtPtr p = xmlRelaxNGNewDocParserCtxt (doc);
  xmlRelaxNGPtr r;

  xmlRelaxNGSetParserStructuredErrors (p, silent, NULL);
  r = xmlRelaxNGParse (p);
  xmlRelaxNGFreeParserCtxt (p);
  CU_ASSERT_PTR_NOT_NULL_FATAL (r);
  return r;
}

static void
one_type_init (OneType *t, const char *types, const char *type)
{
  g_autofree char *text = g_strdup_printf (
      "<grammar xmlns=\"" RNG_NS "\" xmlns:ct=\"urn:ctsim:schema\" "
      "datatypeLibrary=\"" XSD_LIB "\"><start><element name=\"v\">"
      "<attribute name=\"a\"><ref name=\"%s\"/></attribute></element>"
      "</start>%s</grammar>",
      type, types);
  xmlDoc *stripped;
  xmlNode *attr;

  t->doc = xmlReadMemory (text, (int)strlen (text), "one.rng", NULL,
                          XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  CU_ASSERT_PTR_NOT_NULL_FATAL (t->doc);
  t->facets = cs_facets_new (t->doc);
  CU_ASSERT_PTR_NOT_NULL_FATAL (t->facets);
  attr = xmlDocGetRootElement (t->doc)->children->children->children;
  CU_ASSERT_STRING_EQUAL_FATAL ((const char *)attr->name, "attribute");
  t->check = cs_facets_classify (t->facets, attr);
  t->full = compile (t->doc);
  stripped = cs_facets_strip (t->facets, t->doc);
  t->fast = compile (stripped);
  xmlFreeDoc (stripped);
}

static void
one_type_clear (OneType *t)
{
  xmlRelaxNGFree (t->full);
  xmlRelaxNGFree (t->fast);
  cs_facets_free (t->facets);
  xmlFreeDoc (t->doc);
}

static gboolean
lib_ok (xmlRelaxNGPtr grammar, const char *value)
{
  xmlDoc *doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNode *v = xmlNewDocNode (doc, NULL, BAD_CAST "v", NULL);
  xmlRelaxNGValidCtxtPtr ctxt = xmlRelaxNGNewValidCtxt (grammar);
  int ret;

  xmlDocSetRootElement (doc, v);
  xmlNewProp (v, BAD_CAST "a", BAD_CAST value);
  xmlRelaxNGSetValidStructuredErrors (ctxt, silent, NULL);
  ret = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlRelaxNGFreeValidCtxt (ctxt);
  xmlFreeDoc (doc);
  return ret == 0;
}

/* Judge value both ways; FALSE (and a message) if the C check accepts
 * what libxml2 refuses.  *c_says and *lib_says get the verdicts. */
static gboolean
agree (const OneType *t, const char *type, const char *value, gboolean *c_says,
       gboolean *lib_says)
{
  gboolean full = lib_ok (t->full, value);
  gboolean fast = lib_ok (t->fast, value);
  gboolean c = cs_facets_value_ok (&t->check, value);

  *c_says = fast && c;
  *lib_says = full;
  if (full && !fast)
    fprintf (stderr, "\n  %s: '%s' fits the full type, not the stripped one\n",
             type, value);
  if (*c_says && !full)
    fprintf (stderr,
             "\n  %s: '%s' accepted by the C check, refused by "
             "libxml2\n",
             type, value);
  return !(*c_says && !full) && !(full && !fast);
}

typedef struct
{
  const char *type;
  CsFacetCheckKind kind;
  const char *const usual[12]; /* libxml2 and the C check accept them */
} TypeCase;

static const TypeCase cases[] = {
  { "t.name", CS_FACET_CHECK_ONE, { "default", "A-1.b_c", "9", NULL } },
  { "t.id", CS_FACET_CHECK_ONE, { "camhs_t3", "a", "z9_", NULL } },
  { "t.ids", CS_FACET_CHECK_LIST, { "a b", "camhs_t3", " x  y ", NULL } },
  { "t.label", CS_FACET_CHECK_ONE, { "Pooled_share1", "_", NULL } },
  { "t.path", CS_FACET_CHECK_ONE, { "run.seed", "a.b c.d", NULL } },
  { "t.nonneg", CS_FACET_CHECK_ONE, { "0", "0.0", "12.5", " 3 ", "+4", NULL } },
  { "t.pos", CS_FACET_CHECK_ONE, { "0.001", "1", "7.", "2.50", NULL } },
  { "t.prob", CS_FACET_CHECK_ONE, { "0", "1", "1.000", "0.25", ".5", NULL } },
  { "t.unit_signed", CS_FACET_CHECK_ONE, { "-1", "-0.5", "1.0", "0", NULL } },
  { "t.stage", CS_FACET_CHECK_ONE, { "0", "4", "+2", "004", NULL } },
  { "t.age", CS_FACET_CHECK_ONE, { "0", "17", "9", NULL } },
  { "t.dist",
    CS_FACET_CHECK_ONE,
    { "exponential(mean=30)", "fixed(1)", "a()", NULL } },
  { "t.bands", CS_FACET_CHECK_ONE, { "0-4:1.5 5-17:12", "1-2:3", NULL } },
  { "t.stage_probs", CS_FACET_CHECK_LIST, { "0 0.1 0.2 0.3 1", NULL } },
  { "t.stage_nonneg", CS_FACET_CHECK_LIST, { "0 1 2 3 4.5", NULL } },
  { "t.stage_pos", CS_FACET_CHECK_LIST, { "1 1 1 1 0.5", NULL } },
  { "t.age_shares",
    CS_FACET_CHECK_LIST,
    { "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1", NULL } },
  { "t.focus_count", CS_FACET_CHECK_ONE, { "rest", "12", "1-9999", NULL } },
  { "t.csv_name", CS_FACET_CHECK_ONE, { "a.csv", "x-y_z.1.csv", NULL } },
  { "t.count", CS_FACET_CHECK_NONE, { "0", "12", NULL } },
  { "t.real", CS_FACET_CHECK_NONE, { "-3.5", NULL } },
};

/* Values near every edge the types have. */
static const char *const edges[] = {
  "",
  " ",
  "0",
  "-0",
  "+0",
  "-0.0",
  "0.",
  ".0",
  ".",
  "-",
  "+",
  "00",
  "1",
  "1.0",
  "1.00000000000000001",
  "1.0000000000000000001",
  "0.99999999999999999",
  "-1",
  "-1.0",
  "-1.0000001",
  "-0.9",
  "1.5",
  "4",
  "4.0",
  "5",
  "17",
  "18",
  "-17",
  "0.5",
  " 0.5 ",
  "\t0.5\n",
  "1e3",
  "1E0",
  "INF",
  "NaN",
  "0x10",
  "+.5",
  "-.5",
  "5.",
  "000001",
  "1 2",
  "1,5",
  "123456789012345678",
  "1234567890123456789",
  "a",
  "A",
  "_",
  "a_b",
  "a-b",
  "a.b",
  "a b",
  "ab ",
  " ab",
  "a\tb",
  "Ab",
  "1a",
  "a1",
  "x(y)",
  "x()",
  "x(()",
  "X(y)",
  "x(y)z",
  "x(\ny)",
  "0-4:1.5",
  "0-4:1.5 5-17:12",
  "0-4:1.5  5-17:12",
  "100-4:1",
  "0-4:1.",
  "rest",
  "rests",
  "12-",
  "1-2",
  "12345",
  "a.csv",
  ".csv",
  "a.CSV",
  "a/b.csv",
  "\xc3\xa9",
  "\xc3\xa9.csv",
  "0 0.1 0.2 0.3 1",
  "0 0.1 0.2 0.3 1.5",
  "0 0.1 0.2 0.3",
  "1 1 1 1 0",
  "1 1 1 1 -0",
  NULL,
};

static void
test_types (void)
{
  g_autofree char *types = type_defines ();
  GRand *rand = g_rand_new_with_seed (SEED);
  static const char alphabet[] = "0123456789.-+ ()e:_az\t";

  printf ("\n  random values: seed %u\n", SEED);
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      const TypeCase *tc = &cases[k];
      OneType t;
      gboolean c, lib;

      one_type_init (&t, types, tc->type);
      CU_ASSERT_EQUAL (t.check.kind, tc->kind);
      for (guint i = 0; tc->usual[i]; i++)
        {
          CU_ASSERT (agree (&t, tc->type, tc->usual[i], &c, &lib));
          if (!(c && lib))
            fprintf (stderr, "\n  %s: usual value '%s': C %d libxml2 %d\n",
                     tc->type, tc->usual[i], c, lib);
          CU_ASSERT (c && lib);
        }
      for (guint i = 0; edges[i]; i++)
        CU_ASSERT (agree (&t, tc->type, edges[i], &c, &lib));
      for (guint i = 0; i < RANDOM_VALUES; i++)
        {
          char v[12];
          guint n = (guint)g_rand_int_range (rand, 0, sizeof v);
          for (guint j = 0; j < n; j++)
            v[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          v[n] = '\0';
          CU_ASSERT (agree (&t, tc->type, v, &c, &lib));
        }
      one_type_clear (&t);
    }
  g_rand_free (rand);
}

/* ---- Whole documents ----------------------------------------------------- */

static char *
scenario_path (const char *name)
{
  const char *top = g_getenv ("top_srcdir");

  return g_build_filename (top && *top ? top : CTSIM_SRCDIR, "scenarios", name,
                           NULL);
}

/* The resolved scenario `name` as a document. */
static xmlDoc *
resolved (const char *name)
{
  g_autofree char *path = scenario_path (name);
  g_autoptr (GError) e = NULL;
  g_autoptr (CsScenario) sc = cs_scenario_load (path, NULL, &e);
  g_autofree char *xml = NULL;

  if (!sc)
    fprintf (stderr, "\n  %s: %s\n", path, e->message);
  CU_ASSERT_PTR_NOT_NULL_FATAL (sc);
  xml = cs_scenario_to_xml (sc);
  return xmlReadMemory (xml, (int)strlen (xml), name, NULL, XML_PARSE_NONET);
}

static gboolean
same_verdict (xmlDoc *doc, const char *what)
{
  CsSchemaProblem p, q;
  gboolean v = cs_schema_validate (doc, &p);
  gboolean full = cs_schema_validate_full (doc);
  gboolean slow = cs_schema_validate_slow (doc, &q);
  gboolean same = v == full && v == slow && p.node == q.node
                  && g_strcmp0 (p.attr, q.attr) == 0
                  && g_strcmp0 (p.value, q.value) == 0
                  && g_strcmp0 (p.what, q.what) == 0
                  && g_strcmp0 (p.expected, q.expected) == 0;

  if (!same)
    fprintf (stderr,
             "\n  %s: validate says %d (%s: %s), the full schema %d, "
             "explained %d (%s: %s)\n",
             what, v, p.what, p.expected, full, slow, q.what, q.expected);
  cs_schema_problem_clear (&p);
  cs_schema_problem_clear (&q);
  return same;
}

static void
test_shipped (void)
{
  static const char *const names[]
      = { "default.xml",          "county.xml",
          "pathfinders-2004.xml", "demo.xml",
          "pooling-sweep.xml",    "validation/mmc.xml",
          "validation/md1.xml",   NULL };

  for (guint i = 0; names[i]; i++)
    {
      xmlDoc *doc = resolved (names[i]);
      CsSchemaProblem p;
      CU_ASSERT (cs_schema_validate (doc, &p));
      CU_ASSERT (cs_schema_validate_full (doc));
      xmlFreeDoc (doc);
    }
}

/* The first element of each name, and each of its attributes, changed to
 * values that break one facet or another: the verdict is the full
 * schema's. */
static void
mutate_under (xmlDoc *doc, xmlNode *node, GHashTable *seen, guint *n)
{
  static const char *const values[] = { "-0.5", "1.5", "Bad", NULL };

  for (xmlAttr *a = node->properties; a; a = a->next)
    {
      g_autofree char *key = g_strdup_printf ("%s %s", node->name, a->name);
      xmlChar *old;
      if (a->ns || g_hash_table_contains (seen, key))
        continue;
      g_hash_table_add (seen, g_strdup (key));
      old = xmlGetProp (node, a->name);
      for (guint i = 0; values[i]; i++)
        {
          g_autofree char *what = g_strdup_printf ("<%s %s=\"%s\">", node->name,
                                                   a->name, values[i]);
          xmlSetProp (node, a->name, BAD_CAST values[i]);
          CU_ASSERT (same_verdict (doc, what));
          (*n)++;
        }
      xmlSetProp (node, a->name, old);
      xmlFree (old);
    }
  for (xmlNode *c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      mutate_under (doc, c, seen, n);
}

/* Where c stands among its parent's elements of its name: alone, first,
 * between, or last. */
static const char *
place_among_namesakes (const xmlNode *c)
{
  gboolean before = FALSE, after = FALSE;

  for (const xmlNode *s = c->prev; s && !before; s = s->prev)
    before = s->type == XML_ELEMENT_NODE && xmlStrEqual (s->name, c->name);
  for (const xmlNode *s = c->next; s && !after; s = s->next)
    after = s->type == XML_ELEMENT_NODE && xmlStrEqual (s->name, c->name);
  return before ? (after ? "between" : "last") : (after ? "first" : "alone");
}

/* Each element removed, then doubled, then replaced by a marker: the
 * verdict is the full schema's (with the subtrees of the valid document
 * known, most of these are judged on a copy with markers).  Every
 * context is tried once: an element's name, its parent's name, where it
 * stands among its namesakes, and the names of its own elements (so the
 * 62 schools of a pathfinder file are tried as the first, one between
 * and the last, not 62 times over the same patterns). */
static void
restructure_under (xmlDoc *doc, xmlNode *node, GHashTable *seen, guint *n)
{
  xmlNode *next;

  for (xmlNode *c = node->children; c; c = next)
    {
      xmlNode *twin;
      GString *key;
      next = c->next;
      if (c->type != XML_ELEMENT_NODE)
        continue;
      restructure_under (doc, c, seen, n);
      key = g_string_new (NULL);
      g_string_printf (key, "%s %s %s:", node->name, c->name,
                       place_among_namesakes (c));
      for (const xmlNode *g = c->children; g; g = g->next)
        if (g->type == XML_ELEMENT_NODE)
          g_string_append_printf (key, " %s", g->name);
      if (g_hash_table_contains (seen, key->str))
        {
          g_string_free (key, TRUE);
          continue;
        }
      g_hash_table_add (seen, g_string_free (key, FALSE));
      {
        g_autofree char *what
            = g_strdup_printf ("without <%s> in <%s>", c->name, node->name);
        xmlNode *after = c->next;
        xmlUnlinkNode (c);
        CU_ASSERT (same_verdict (doc, what));
        if (after)
          xmlAddPrevSibling (after, c);
        else
          xmlAddChild (node, c);
      }
      {
        g_autofree char *what
            = g_strdup_printf ("two <%s> in <%s>", c->name, node->name);
        twin = xmlCopyNode (c, 1);
        xmlAddNextSibling (c, twin);
        CU_ASSERT (same_verdict (doc, what));
        xmlUnlinkNode (twin);
        xmlFreeNode (twin);
      }
      {
        /* an element of its own with what the known subtrees' marker
         * is, in place of c */
        g_autofree char *what
            = g_strdup_printf ("<%s> with a marker only", c->name);
        xmlNode *m = xmlNewDocNode (doc, NULL, c->name, NULL);
        xmlNsPtr ns
            = xmlNewNs (m, BAD_CAST "urn:ctsim:known-valid", BAD_CAST "k");
        xmlNewNsProp (m, ns, BAD_CAST "known", BAD_CAST "");
        xmlAddNextSibling (c, m);
        xmlUnlinkNode (c);
        CU_ASSERT (same_verdict (doc, what));
        xmlAddNextSibling (m, c);
        xmlUnlinkNode (m);
        xmlFreeNode (m);
      }
      (*n) += 3;
    }
}

static void
test_mutations (void)
{
  static const char *const names[]
      = { "validation/mmc.xml", "pathfinders-2004.xml", NULL };
  guint hits = cs_schema_known_hits ();
  guint alone = cs_schema_explained_alone ();

  for (guint i = 0; names[i]; i++)
    {
      xmlDoc *doc = resolved (names[i]);
      g_autoptr (GHashTable) seen
          = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr (GHashTable) contexts
          = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint n = 0;
      CU_ASSERT (same_verdict (doc, names[i]));
      mutate_under (doc, xmlDocGetRootElement (doc), seen, &n);
      restructure_under (doc, xmlDocGetRootElement (doc), contexts, &n);
      printf ("\n  %s: %u changed documents", names[i], n);
      CU_ASSERT (n > 0);
      CU_ASSERT (same_verdict (doc, names[i]));
      xmlFreeDoc (doc);
    }
  /* the known subtrees were used, and so were explanations without
     libxml2's first error */
  printf (", %u subtrees known, %u explained alone",
          cs_schema_known_hits () - hits, cs_schema_explained_alone () - alone);
  CU_ASSERT (cs_schema_known_hits () > hits);
  CU_ASSERT (cs_schema_explained_alone () > alone);
}

/* Names no pattern of the schema has beside the first element of each
 * name: an attribute (with a value no facet allows), an element holding
 * values that break facets, and both with an unknown attribute on the
 * root too (two elements to blame: libxml2's first error).  Such values
 * are never checked against a facet, so the facet-free schema judges
 * these documents: the verdict and the problem are the full schema's. */
static guint elsewhere_passed; /* names of other elements passed over */

static void
unmatched_under (xmlDoc *doc, xmlNode *node, GHashTable *seen, guint *n)
{
  static const char *const others[]
      = { "share", "roll", "pooled_share", "mean", "years", NULL };
  xmlNode *root = xmlDocGetRootElement (doc);

  if (!g_hash_table_contains (seen, node->name))
    {
      g_autofree char *what = NULL;
      xmlNode *extra = xmlNewDocNode (doc, NULL, BAD_CAST "zz_unknown", NULL);
      xmlNode *inner = xmlNewChild (extra, NULL, node->name, NULL);
      g_hash_table_add (seen, (gpointer)node->name);
      xmlSetProp (extra, BAD_CAST "value", BAD_CAST "-0.5");
      xmlSetProp (inner, BAD_CAST "id", BAD_CAST "Bad id!");
      xmlSetProp (inner, BAD_CAST "share", BAD_CAST "1.5");
      for (guint twice = 0; twice < 2; twice++)
        {
          if (twice)
            xmlSetProp (root, BAD_CAST "zz_also", BAD_CAST "x");
          what = g_strdup_printf ("<%s zz_unknown=\"-0.5\">%s", node->name,
                                  twice ? " and the root's" : "");
          xmlSetProp (node, BAD_CAST "zz_unknown", BAD_CAST "-0.5");
          CU_ASSERT (same_verdict (doc, what));
          xmlUnsetProp (node, BAD_CAST "zz_unknown");
          g_free (what);
          what = g_strdup_printf ("<zz_unknown> in <%s>%s", node->name,
                                  twice ? " and the root's attribute" : "");
          xmlAddChild (node, extra);
          CU_ASSERT (same_verdict (doc, what));
          xmlUnlinkNode (extra);
          g_clear_pointer (&what, g_free);
          (*n) += 2;
        }
      xmlUnsetProp (root, BAD_CAST "zz_also");
      xmlFreeNode (extra);
      /* an attribute of other elements that its declarations do not have
         (when it does, a bad value: the verdict is compared all the
         same) */
      for (guint i = 0; others[i]; i++)
        if (!xmlHasProp (node, BAD_CAST others[i]))
          {
            g_autofree char *w
                = g_strdup_printf ("<%s %s=\"-0.5\">", node->name, others[i]);
            guint before = cs_schema_unmatched ();
            xmlSetProp (node, BAD_CAST others[i], BAD_CAST "-0.5");
            CU_ASSERT (same_verdict (doc, w));
            /* nothing else in the document is unmatched */
            elsewhere_passed += cs_schema_unmatched () - before;
            xmlSetProp (root, BAD_CAST "zz_also", BAD_CAST "x");
            CU_ASSERT (same_verdict (doc, w));
            xmlUnsetProp (root, BAD_CAST "zz_also");
            xmlUnsetProp (node, BAD_CAST others[i]);
            (*n) += 2;
          }
    }
  for (xmlNode *c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      unmatched_under (doc, c, seen, n);
}

static void
test_unmatched (void)
{
  static const char *const names[]
      = { "validation/mmc.xml", "pathfinders-2004.xml", NULL };
  guint unmatched = cs_schema_unmatched ();

  for (guint i = 0; names[i]; i++)
    {
      xmlDoc *doc = resolved (names[i]);
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      guint n = 0;
      unmatched_under (doc, xmlDocGetRootElement (doc), seen, &n);
      printf ("\n  %s: %u changed documents", names[i], n);
      CU_ASSERT (n > 0);
      CU_ASSERT (same_verdict (doc, names[i]));
      xmlFreeDoc (doc);
    }
  /* the unmatched names were passed over */
  printf (", %u unmatched names passed over (%u with names of other "
          "elements)",
          cs_schema_unmatched () - unmatched, elsewhere_passed);
  CU_ASSERT (cs_schema_unmatched () > unmatched);
  CU_ASSERT (elsewhere_passed > 0);
}

/* What a load says: NULL, or its message. */
static char *
load_message (const char *path)
{
  g_autoptr (GError) e = NULL;
  g_autoptr (CsScenario) sc = cs_scenario_load (path, NULL, &e);

  return sc ? NULL : g_strdup (e->message);
}

/* Every problem the known subtrees could hide: each bad scenario (most
 * extend default.xml) loaded with nothing known, then again once the
 * shipped scenarios are known, gives the same verdict and message. */
static void
test_known (void)
{
  static const char *const shipped[]
      = { "default.xml", "county.xml",        "pathfinders-2004.xml",
          "demo.xml",    "pooling-sweep.xml", "validation/mmc.xml",
          NULL };
  const char *top = g_getenv ("top_srcdir") ? g_getenv ("top_srcdir") : ".";
  g_autofree char *dir = g_build_filename (top, "tests", "bad-scenarios", NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) cold = g_ptr_array_new_with_free_func (g_free);
  guint hits, alone, differ = 0;
  const char *name;

  CU_ASSERT_PTR_NOT_NULL_FATAL (d);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  for (guint i = 0; i < paths->len; i++)
    {
      cs_schema_forget ();
      g_ptr_array_add (cold, load_message (paths->pdata[i]));
    }
  for (guint i = 0; shipped[i]; i++)
    {
      g_autofree char *path = scenario_path (shipped[i]);
      g_autofree char *m = load_message (path);
      CU_ASSERT_PTR_NULL (m);
    }
  hits = cs_schema_known_hits ();
  alone = cs_schema_explained_alone ();
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *warm = load_message (paths->pdata[i]);
      const char *c = cold->pdata[i];
      if (g_strcmp0 (c, warm) != 0)
        {
          fprintf (stderr, "\n  %s: %s\n  then: %s\n",
                   (const char *)paths->pdata[i], c ? c : "(valid)",
                   warm ? warm : "(valid)");
          differ++;
        }
    }
  printf ("\n  %u bad scenarios, %u subtrees known, %u explained alone",
          paths->len, cs_schema_known_hits () - hits,
          cs_schema_explained_alone () - alone);
  CU_ASSERT (differ == 0);
  CU_ASSERT (paths->len > 10);
  CU_ASSERT (cs_schema_known_hits () > hits);
}

/* libxml2's first error with the full schema: its node. */
static void
first_node (void *data, xmlErrorPtr err)
{
  const xmlNode **node = data;

  if (!*node && err->node)
    *node = err->node;
}

/* The problem explained is the first element in document order that has
 * one (its own attributes, then the names of its children), whatever
 * libxml2 met first, with nothing known and with the subtrees of the
 * valid scenario known: here, in validation/mmc.xml, the root's unknown
 * child <rs> (after <run>; no <description>) before the bad replications of
 * <run>, which libxml2 meets first (so the explanation from libxml2's first
 * error said replications). */
static void
test_document_order (void)
{
  xmlDoc *doc = resolved ("validation/mmc.xml");
  xmlNode *run, *description;
  g_autofree char *path = scenario_path ("validation/mmc.xml");
  g_autoptr (GBytes) rng_bytes = cs_schema_resource ("scenarios/ctsim.rng");
  gsize len;
  const char *rng_text = g_bytes_get_data (rng_bytes, &len);
  xmlRelaxNGParserCtxtPtr pctxt
      = xmlRelaxNGNewMemParserCtxt (rng_text, (int)len);
  xmlRelaxNGPtr rng;
  xmlRelaxNGValidCtxtPtr vctxt;
  const xmlNode *libxml2_first = NULL;

  run = cs_xml_child (xmlDocGetRootElement (doc), "run");
  CU_ASSERT_PTR_NOT_NULL_FATAL (run);
  xmlSetProp (run, BAD_CAST "replications", BAD_CAST "0");
  xmlAddNextSibling (run, xmlNewDocNode (doc, NULL, BAD_CAST "rs", NULL));
  description = cs_xml_child (xmlDocGetRootElement (doc), "description");
  if (description)
    {
      xmlUnlinkNode (description);
      xmlFreeNode (description);
    }
  xmlRelaxNGSetParserStructuredErrors (pctxt, silent, NULL);
  rng = xmlRelaxNGParse (pctxt);
  CU_ASSERT_PTR_NOT_NULL_FATAL (rng);
  vctxt = xmlRelaxNGNewValidCtxt (rng);
  xmlRelaxNGSetValidStructuredErrors (vctxt, first_node, &libxml2_first);
  CU_ASSERT (xmlRelaxNGValidateDoc (vctxt, doc) != 0);
  if (libxml2_first != run)
    fprintf (stderr, "\n  libxml2 first: <%s> line %d\n",
             libxml2_first ? (const char *)libxml2_first->name : "?",
             libxml2_first ? libxml2_first->line : 0);
  /* the case this test is about: libxml2 meets <run> first */
  CU_ASSERT (libxml2_first == run);
  for (guint warm = 0; warm < 2; warm++)
    {
      CsSchemaProblem p;
      guint hits = cs_schema_known_hits ();
      if (warm)
        {
          g_autoptr (GError) e = NULL;
          g_autoptr (CsScenario) sc = cs_scenario_load (path, NULL, &e);
          CU_ASSERT_PTR_NOT_NULL (sc);
          hits = cs_schema_known_hits ();
        }
      else
        cs_schema_forget ();
      CU_ASSERT_FALSE (cs_schema_validate (doc, &p));
      if (!p.what || !strstr (p.what, "<rs> is not allowed"))
        fprintf (stderr, "\n  %s: %s\n", warm ? "known" : "cold", p.what);
      CU_ASSERT (p.what && strstr (p.what, "<rs> is not allowed"));
      /* with the subtrees known, found beside them */
      CU_ASSERT (!warm || cs_schema_known_hits () > hits);
      cs_schema_problem_clear (&p);
      CU_ASSERT_FALSE (cs_schema_validate_slow (doc, &p));
      CU_ASSERT (p.what && strstr (p.what, "<rs> is not allowed"));
      cs_schema_problem_clear (&p);
    }
  xmlRelaxNGFreeValidCtxt (vctxt);
  xmlRelaxNGFree (rng);
  xmlRelaxNGFreeParserCtxt (pctxt);
  xmlFreeDoc (doc);
}

int
main (void)
{
  static const CuTest tests[] = {
    { "/schema/facets/types", test_types },
    { "/schema/fast/shipped", test_shipped },
    { "/schema/fast/mutations", test_mutations },
    { "/schema/fast/unmatched", test_unmatched },
    { "/schema/known/bad-scenarios", test_known },
    { "/schema/explain/document-order", test_document_order },
    { NULL, NULL },
  };
  static const CuSuite suites[] = { { "/schema", tests }, { NULL, NULL } };

  return cu_main ("test-schema", suites);
}
