/* cs-facets.c: the facets of the schema's value types, checked in C (see
 * cs-facets.h).
 *
 * A handled type is a <define name="t.*"> whose whole body is one
 * <data>: type string with one pattern whose syntax means the same to
 * PCRE as to XSD, or type decimal or integer with bounds.  The checks
 * answer TRUE only when libxml2 surely agrees: a pattern is only tried on
 * printable ASCII, a number only with at most 18 digits and not "-0".
 */
#include "config.h"

#include <string.h>

#include "models/params/cs-facets.h"

#define RNG_NS "http://relaxng.org/ns/structure/1.0"
#define MAX_DEPTH 32
#define MAX_DIGITS 18

/* A decimal as text: sign, integer digits without leading zeros,
 * fraction digits without trailing zeros (pointers into its string). */
typedef struct
{
  gboolean neg;
  const char *ip;
  gsize il;
  const char *fp;
  gsize fl;
} Dec;

struct CsFacetType
{
  char *name;
  GRegex *pattern; /* string types */
  char *min_text, *max_text;
  Dec min, max; /* numeric types, when the text is set */
  gboolean min_exclusive, max_exclusive;
};

struct CsFacets
{
  GHashTable *types;   /* name -> CsFacetType *, owned */
  GHashTable *defines; /* name -> <define> */
  GHashTable *reaches; /* names of the defines that use a handled type */
};

static gboolean
is_rng (const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && n->ns
         && strcmp ((const char *)n->ns->href, RNG_NS) == 0
         && (!name || strcmp ((const char *)n->name, name) == 0);
}

static const char *
attr (const xmlNode *n, const char *name)
{
  const xmlAttr *a = xmlHasProp (n, BAD_CAST name);

  return a && a->children ? (const char *)a->children->content : NULL;
}

/* The only RELAX NG child of n, or NULL if it has none or several. */
static xmlNode *
only_child (const xmlNode *n)
{
  xmlNode *found = NULL;

  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      {
        if (found || !is_rng (c, NULL))
          return NULL;
        found = c;
      }
  return found;
}

/* ---- Decimals ------------------------------------------------------------ */

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* s[0..len) as [+-]?D*(.D*)? with at least one digit, blanks around. */
static gboolean
dec_parse (const char *s, gsize len, Dec *d)
{
  const char *end = s + len;
  const char *p;

  while (s < end && is_blank (*s))
    s++;
  while (end > s && is_blank (end[-1]))
    end--;
  memset (d, 0, sizeof *d);
  if (s < end && (*s == '+' || *s == '-'))
    d->neg = *s++ == '-';
  for (p = s; p < end && g_ascii_isdigit (*p); p++)
    ;
  d->ip = s;
  d->il = (gsize)(p - s);
  if (p < end && *p == '.')
    {
      const char *f = ++p;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      d->fp = f;
      d->fl = (gsize)(p - f);
    }
  if (p != end || d->il + d->fl == 0 || d->il + d->fl > MAX_DIGITS)
    return FALSE;
  while (d->il > 0 && d->ip[0] == '0')
    d->ip++, d->il--;
  while (d->fl > 0 && d->fp[d->fl - 1] == '0')
    d->fl--;
  return TRUE;
}

static gboolean
dec_zero (const Dec *d)
{
  return d->il == 0 && d->fl == 0;
}

static int
dec_cmp_abs (const Dec *a, const Dec *b)
{
  int c;

  if (a->il != b->il)
    return a->il < b->il ? -1 : 1;
  if (a->il && (c = memcmp (a->ip, b->ip, a->il)) != 0)
    return c < 0 ? -1 : 1;
  for (gsize i = 0; i < MAX (a->fl, b->fl); i++)
    {
      char x = i < a->fl ? a->fp[i] : '0';
      char y = i < b->fl ? b->fp[i] : '0';
      if (x != y)
        return x < y ? -1 : 1;
    }
  return 0;
}

static int
dec_cmp (const Dec *a, const Dec *b)
{
  gboolean an = a->neg && !dec_zero (a);
  gboolean bn = b->neg && !dec_zero (b);

  if (an != bn)
    return an ? -1 : 1;
  return an ? -dec_cmp_abs (a, b) : dec_cmp_abs (a, b);
}

/* ---- Handled types ------------------------------------------------------- */

static void
type_free (gpointer p)
{
  CsFacetType *t = p;

  if (t->pattern)
    g_regex_unref (t->pattern);
  g_free (t->min_text);
  g_free (t->max_text);
  g_free (t->name);
  g_free (t);
}

/* An XSD pattern that PCRE reads the same way once anchored: literals,
 * classes, groups, alternatives, quantifiers, and the escapes \- \. \(
 * \).  ('.' '^' '$' and other escapes differ, so are not handled.) */
static gboolean
pcre_same (const char *p)
{
  gboolean in_class = FALSE;

  for (; *p; p++)
    {
      if (*p == '\\')
        {
          if (!p[1] || !strchr ("-.()", p[1]))
            return FALSE;
          p++;
        }
      else if (*p == '[' && !in_class)
        {
          in_class = TRUE;
          if (p[1] == '^')
            p++;
        }
      else if (*p == ']' && in_class)
        in_class = FALSE;
      else if (*p == '[' || (!in_class && strchr (".^$", *p))
               || (unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
        return FALSE;
    }
  return !in_class;
}

static gboolean
add_bound (CsFacetType *t, const char *facet, const char *value)
{
  gboolean is_min = g_str_has_prefix (facet, "min");
  char **text = is_min ? &t->min_text : &t->max_text;
  Dec *d = is_min ? &t->min : &t->max;

  if (*text || !value)
    return FALSE;
  *text = g_strdup (value);
  if (is_min)
    t->min_exclusive = strcmp (facet, "minExclusive") == 0;
  else
    t->max_exclusive = strcmp (facet, "maxExclusive") == 0;
  return dec_parse (*text, strlen (*text), d);
}

static gboolean
add_facet (CsFacetType *t, gboolean numeric, xmlNode *param)
{
  const char *facet = attr (param, "name");
  xmlChar *value = xmlNodeGetContent (param);
  gboolean ok = FALSE;

  if (!is_rng (param, "param") || !facet || !value)
    ok = FALSE;
  else if (!numeric && strcmp (facet, "pattern") == 0 && !t->pattern
           && pcre_same ((const char *)value))
    {
      g_autofree char *re
          = g_strdup_printf ("\\A(?:%s)\\z", (const char *)value);
      t->pattern = g_regex_new (re, G_REGEX_OPTIMIZE, 0, NULL);
      ok = t->pattern != NULL;
    }
  else if (numeric
           && (strcmp (facet, "minInclusive") == 0
               || strcmp (facet, "minExclusive") == 0
               || strcmp (facet, "maxInclusive") == 0
               || strcmp (facet, "maxExclusive") == 0))
    ok = add_bound (t, facet, (const char *)value);
  xmlFree (value);
  return ok;
}

/* The handled type a <define> makes, or NULL. */
static CsFacetType *
handled_type (xmlNode *define)
{
  const char *name = attr (define, "name");
  xmlNode *data = only_child (define);
  const char *type = data ? attr (data, "type") : NULL;
  gboolean numeric;
  CsFacetType *t;

  if (!name || !g_str_has_prefix (name, "t.") || !is_rng (data, "data") || !type
      || xmlHasProp (data, BAD_CAST "datatypeLibrary") || !data->children)
    return NULL;
  if (strcmp (type, "string") == 0)
    numeric = FALSE;
  else if (strcmp (type, "decimal") == 0 || strcmp (type, "integer") == 0)
    numeric = TRUE;
  else
    return NULL;
  t = g_new0 (CsFacetType, 1);
  t->name = g_strdup (name);
  for (xmlNode *c = data->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !add_facet (t, numeric, c))
      {
        type_free (t);
        return NULL;
      }
  return t;
}

/* ---- Where the handled types are used ------------------------------------ */

/* Does the value pattern under n use a handled type, or a define whose
 * value pattern does?  (Patterns of nested elements and attributes are
 * their own; a <ref> without a name: yes.) */
static gboolean
reaches (const CsFacets *f, const xmlNode *n)
{
  for (xmlNode *c = n->children; c; c = c->next)
    {
      const char *name;
      if (!is_rng (c, NULL) || is_rng (c, "element") || is_rng (c, "attribute"))
        continue;
      if (is_rng (c, "ref")
          && (!(name = attr (c, "name"))
              || g_hash_table_contains (f->types, name)
              || g_hash_table_contains (f->reaches, name)))
        return TRUE;
      if (reaches (f, c))
        return TRUE;
    }
  return FALSE;
}

/* f->reaches: every define that uses a handled type, through any chain
 * of refs (marked until nothing changes, so cycles need no care). */
static void
mark_reaching (CsFacets *f)
{
  gboolean changed = TRUE;

  while (changed)
    {
      GHashTableIter it;
      gpointer name, def;
      changed = FALSE;
      g_hash_table_iter_init (&it, f->defines);
      while (g_hash_table_iter_next (&it, &name, &def))
        if (!g_hash_table_contains (f->reaches, name) && reaches (f, def))
          {
            g_hash_table_add (f->reaches, name);
            changed = TRUE;
          }
    }
}

static gboolean
define_reaches (const CsFacets *f, const char *name)
{
  return g_hash_table_contains (f->types, name)
         || g_hash_table_contains (f->reaches, name)
         || !g_hash_table_contains (f->defines, name);
}

static gboolean refs_in_attributes (CsFacets *f, xmlNode *root,
                                    const char *name, guint depth);

/* A <ref> to a define whose value pattern uses a handled type sits in an
 * attribute's value, or in a define only ever used so (never in an
 * element's content). */
static gboolean
ref_in_attribute (CsFacets *f, xmlNode *root, xmlNode *ref, guint depth)
{
  for (xmlNode *p = ref->parent; p && p->type == XML_ELEMENT_NODE;
       p = p->parent)
    {
      if (is_rng (p, "attribute"))
        return TRUE;
      if (is_rng (p, "define"))
        return attr (p, "name") && depth < MAX_DEPTH
               && refs_in_attributes (f, root, attr (p, "name"), depth + 1);
      if (!is_rng (p, NULL) || is_rng (p, "element") || is_rng (p, "start")
          || is_rng (p, "grammar"))
        return FALSE;
    }
  return FALSE;
}

static gboolean
refs_in_attributes_under (CsFacets *f, xmlNode *root, xmlNode *n,
                          const char *name, guint depth)
{
  for (xmlNode *c = n->children; c; c = c->next)
    {
      if (!is_rng (c, NULL))
        continue;
      if (is_rng (c, "ref") && g_strcmp0 (attr (c, "name"), name) == 0
          && !ref_in_attribute (f, root, c, depth))
        return FALSE;
      if (!refs_in_attributes_under (f, root, c, name, depth))
        return FALSE;
    }
  return TRUE;
}

static gboolean
refs_in_attributes (CsFacets *f, xmlNode *root, const char *name, guint depth)
{
  return refs_in_attributes_under (f, root, root, name, depth);
}

/* ---- The public functions ------------------------------------------------ */

static void
index_defines (CsFacets *f, xmlNode *n)
{
  for (xmlNode *c = n->children; c; c = c->next)
    {
      CsFacetType *t;
      if (!is_rng (c, NULL))
        continue;
      if (is_rng (c, "define") && attr (c, "name"))
        {
          g_hash_table_insert (f->defines, (gpointer)attr (c, "name"), c);
          if ((t = handled_type (c)))
            g_hash_table_insert (f->types, t->name, t);
        }
      index_defines (f, c);
    }
}

CsFacets *
cs_facets_new (xmlDoc *rng)
{
  CsFacets *f = g_new0 (CsFacets, 1);
  xmlNode *root = xmlDocGetRootElement (rng);
  GHashTableIter it;
  gpointer name;

  f->types = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, type_free);
  f->defines = g_hash_table_new (g_str_hash, g_str_equal);
  f->reaches = g_hash_table_new (g_str_hash, g_str_equal);
  index_defines (f, root);
  mark_reaching (f);
  g_hash_table_iter_init (&it, f->defines);
  while (g_hash_table_iter_next (&it, &name, NULL))
    if (define_reaches (f, name) && !refs_in_attributes (f, root, name, 0))
      {
        cs_facets_free (f);
        return NULL;
      }
  return f;
}

void
cs_facets_free (CsFacets *f)
{
  if (!f)
    return;
  g_hash_table_unref (f->types);
  g_hash_table_unref (f->defines);
  g_hash_table_unref (f->reaches);
  g_free (f);
}

static void
strip (const CsFacets *f, xmlNode *n)
{
  for (xmlNode *c = n->children; c; c = c->next)
    {
      if (is_rng (c, "define") && attr (c, "name")
          && g_hash_table_contains (f->types, attr (c, "name")))
        {
          xmlNode *data = only_child (c);
          xmlNode *p = data->children;
          while (p)
            {
              xmlNode *next = p->next;
              xmlUnlinkNode (p);
              xmlFreeNode (p);
              p = next;
            }
        }
      else if (is_rng (c, NULL))
        strip (f, c);
    }
}

xmlDoc *
cs_facets_strip (const CsFacets *f, xmlDoc *rng)
{
  xmlDoc *copy = xmlCopyDoc (rng, 1);

  strip (f, xmlDocGetRootElement (copy));
  return copy;
}

/* The one handled type every item of the <list> `list` has, or NULL. */
static const CsFacetType *
list_type (const CsFacets *f, const xmlNode *list, const CsFacetType *t)
{
  for (xmlNode *c = list->children; c; c = c->next)
    {
      const CsFacetType *ct;
      if (c->type != XML_ELEMENT_NODE)
        continue;
      if (is_rng (c, "ref"))
        {
          ct = g_hash_table_lookup (f->types,
                                    attr (c, "name") ? attr (c, "name") : "");
          if (!ct || (t && ct != t))
            return NULL;
          t = ct;
        }
      else if (is_rng (c, "oneOrMore") || is_rng (c, "zeroOrMore")
               || is_rng (c, "optional") || is_rng (c, "group"))
        {
          if (!(t = list_type (f, c, t)))
            return NULL;
        }
      else
        return NULL;
    }
  return t;
}

CsFacetCheck
cs_facets_classify (const CsFacets *f, xmlNode *attribute)
{
  xmlNode *content = attr (attribute, "name") ? only_child (attribute) : NULL;
  const char *name
      = content && is_rng (content, "ref") ? attr (content, "name") : NULL;
  const CsFacetType *t;
  xmlNode *def, *list;

  if (!name)
    return (CsFacetCheck){ reaches (f, attribute) ? CS_FACET_CHECK_OTHER
                                                  : CS_FACET_CHECK_NONE,
                           NULL };
  if ((t = g_hash_table_lookup (f->types, name)))
    return (CsFacetCheck){ CS_FACET_CHECK_ONE, t };
  if (!define_reaches (f, name))
    return (CsFacetCheck){ CS_FACET_CHECK_NONE, NULL };
  def = g_hash_table_lookup (f->defines, name);
  list = def ? only_child (def) : NULL;
  if (is_rng (list, "list") && (t = list_type (f, list, NULL)))
    return (CsFacetCheck){ CS_FACET_CHECK_LIST, t };
  return (CsFacetCheck){ CS_FACET_CHECK_OTHER, NULL };
}

static gboolean
type_ok (const CsFacetType *t, const char *s, gsize len)
{
  Dec d;

  if (t->pattern)
    {
      for (gsize i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
          return FALSE;
      return g_regex_match_full (t->pattern, s, (gssize)len, 0, 0, NULL, NULL);
    }
  if (!dec_parse (s, len, &d) || (d.neg && dec_zero (&d)))
    return FALSE;
  if (t->min_text
      && (t->min_exclusive ? dec_cmp (&d, &t->min) <= 0
                           : dec_cmp (&d, &t->min) < 0))
    return FALSE;
  if (t->max_text
      && (t->max_exclusive ? dec_cmp (&d, &t->max) >= 0
                           : dec_cmp (&d, &t->max) > 0))
    return FALSE;
  return TRUE;
}

gboolean
cs_facets_value_ok (const CsFacetCheck *check, const char *value)
{
  const char *p = value;

  switch (check->kind)
    {
    case CS_FACET_CHECK_NONE:
      return TRUE;
    case CS_FACET_CHECK_ONE:
      return type_ok (check->type, value, strlen (value));
    case CS_FACET_CHECK_LIST:
      while (*p)
        {
          const char *start;
          while (*p && is_blank (*p))
            p++;
          start = p;
          while (*p && !is_blank (*p))
            p++;
          if (p > start && !type_ok (check->type, start, (gsize)(p - start)))
            return FALSE;
        }
      return TRUE;
    case CS_FACET_CHECK_OTHER:
    default:
      return FALSE;
    }
}

gboolean
cs_facets_check_equal (const CsFacetCheck *a, const CsFacetCheck *b)
{
  return a->kind == b->kind && a->type == b->type;
}
