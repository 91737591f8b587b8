/* cs-tree.c: keys, dotted paths and overlay merging of scenario trees
 * (see cs-tree.h).
 *
 * Invariant kept by merging: every element of the result still has an
 * origin in `_private` (moved nodes keep theirs), and every namespace an
 * attribute points to is declared in the result document, so the
 * overlay document can be freed afterwards.
 */
#include "config.h"

#include <string.h>

#include "models/params/cs-schema.h"
#include "models/params/cs-tree.h"
#include "sim/sim-error.h"

#define MAX_LISTED 24

/* What makes two siblings "the same element" (for the duplicate check and
 * for merging): "NAME\x01ATTR\x01VALUE" for a keyed element, "NAME" for
 * one without a key; NULL for an element in a namespace (it matches
 * nothing).  XML text cannot hold \x01.
 * (transfer full) */
static char *
match_text (const xmlNode *node)
{
  const char *kattr;
  const char *key;

  if (node->ns)
    return NULL;
  key = cs_xml_key (node, &kattr);
  if (!key)
    return g_strdup ((const char *)node->name);
  return g_strconcat ((const char *)node->name, "\x01", kattr, "\x01", key,
                      NULL);
}

/* One pass over the children with a hash of the keys seen (linear: a
 * file of 8 MiB of siblings is checked at once). */
gboolean
cs_tree_check_keys (xmlNode *root, GError **error)
{
  g_autoptr (GHashTable) seen
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (xmlNode *c = cs_xml_first_element (root); c; c = cs_xml_next_element (c))
    {
      const char *kattr;
      const char *key = cs_xml_key (c, &kattr);
      char *text = key ? match_text (c) : NULL;
      xmlNode *d = text ? g_hash_table_lookup (seen, text) : NULL;

      if (d)
        {
          const CsOrigin *o = cs_xml_origin (d);
          g_free (text);
          cs_xml_error (error, SIM_ERROR_DATA, c, kattr,
                        "a second <%s %s=\"%s\"> in <%s> (expected each "
                        "%s once; the first is at line %u)",
                        (const char *)c->name, kattr, key,
                        (const char *)root->name, kattr, o ? o->line : 0);
          return FALSE;
        }
      if (text)
        g_hash_table_insert (seen, text, c);
      if (!cs_tree_check_keys (c, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- Merging ------------------------------------------------------------- */

static gboolean
flag (const xmlNode *node, const char *name)
{
  const char *v = cs_xml_attr (node, name);

  return v && strcmp (v, "true") == 0;
}

static void
unset_flags (xmlNode *node)
{
  xmlUnsetProp (node, BAD_CAST "remove");
  xmlUnsetProp (node, BAD_CAST "replace");
  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    unset_flags (c);
}

/* The namespace with this href in the base document (declared on its
 * root if needed). */
static xmlNs *
base_ns (xmlNode *base, const xmlNs *ns)
{
  xmlNode *root = xmlDocGetRootElement (base->doc);
  xmlNs *found = xmlSearchNsByHref (base->doc, base, ns->href);

  if (found)
    return found;
  return xmlNewNs (root, ns->href, ns->prefix ? ns->prefix : BAD_CAST "ns");
}

static gboolean
has_src (const xmlNode *node, const char *attr)
{
  for (xmlAttr *a = node->properties; a; a = a->next)
    if (a->ns && strcmp ((const char *)a->ns->href, CS_XML_SOURCE_NS) == 0
        && strcmp ((const char *)a->name, attr) == 0)
      return TRUE;
  return FALSE;
}

static gboolean is_key_attr (const xmlNode *node, const char *attr);

/* The overlay's values replace the base's.  A value keeps its own
 * source: the overlay's src:ATTR, else the nearest source="..." in the
 * overlay, else "FILE: no source given" (never the base's source, which
 * was for the old value); the key attribute, which only names the
 * element, gets none.  The base element's own source="..." stays, for
 * the values the overlay does not change. */
static void
merge_attributes (xmlNode *base, xmlNode *over, gboolean is_root)
{
  const CsOrigin *origin = cs_xml_origin (over);

  for (xmlAttr *a = over->properties; a; a = a->next)
    {
      const char *name = (const char *)a->name;
      xmlChar *value;
      xmlAttr *set;

      if (!a->ns
          && (strcmp (name, "remove") == 0 || strcmp (name, "replace") == 0
              || strcmp (name, "source") == 0
              || (is_root && strcmp (name, "extends") == 0)))
        continue;
      value = xmlNodeGetContent ((xmlNode *)a);
      if (a->ns)
        set = xmlSetNsProp (base, base_ns (base, a->ns), a->name, value);
      else
        set = xmlSetProp (base, a->name, value);
      xmlFree (value);
      set->_private = (gpointer)origin;
      /* The key (id=, partner=...) names the element and is not a value. */
      if (!a->ns && !is_root && !has_src (over, name)
          && !is_key_attr (over, name))
        {
          const char *src = cs_tree_source (over, name);
          g_autofree char *none
              = g_strdup_printf ("%s: no source given", origin->file);
          set = xmlSetNsProp (base, cs_xml_source_ns (base->doc), a->name,
                              BAD_CAST (src ? src : none));
          set->_private = (gpointer)origin;
        }
    }
}

static void
merge_text (xmlNode *base, xmlNode *over)
{
  xmlChar *text;
  xmlNode *next;

  if (!cs_xml_has_text (over))
    return;
  for (xmlNode *c = base->children; c; c = next)
    {
      next = c->next;
      if (c->type == XML_TEXT_NODE)
        {
          xmlUnlinkNode (c);
          xmlFreeNode (c);
        }
    }
  text = xmlNodeGetContent (over);
  xmlNodeAddContent (base, text);
  xmlFree (text);
}

/* The children of one base element, indexed so that merging an overlay
 * of n children into a base of m costs O(n + m), not O(n m). */
typedef struct
{
  GHashTable *by_key; /* match_text -> GQueue of children, document order */
  GHashTable *last;   /* element name -> last child of that name */
} Children;

static void
children_init (Children *ch, xmlNode *base)
{
  ch->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)g_queue_free);
  ch->last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (xmlNode *b = cs_xml_first_element (base); b; b = cs_xml_next_element (b))
    {
      char *text = match_text (b);
      GQueue *q;

      g_hash_table_insert (ch->last, g_strdup ((const char *)b->name), b);
      if (!text)
        continue;
      q = g_hash_table_lookup (ch->by_key, text);
      if (!q)
        g_hash_table_insert (ch->by_key, g_strdup (text), q = g_queue_new ());
      g_queue_push_tail (q, b);
      g_free (text);
    }
}

static void
children_clear (Children *ch)
{
  g_hash_table_unref (ch->by_key);
  g_hash_table_unref (ch->last);
}

/* The queue of base children matching c (may be empty or
 * NULL). */
static GQueue *
matches (Children *ch, const xmlNode *c)
{
  g_autofree char *text = match_text (c);

  return text ? g_hash_table_lookup (ch->by_key, text) : NULL;
}

static xmlNode *
find_match (Children *ch, const xmlNode *c)
{
  GQueue *q = matches (ch, c);

  return q ? g_queue_peek_head (q) : NULL;
}

/* b (a base child) leaves: it is the head of its queue.  The last child
 * of its name becomes the previous one of that name. */
static void
children_remove (Children *ch, xmlNode *b)
{
  GQueue *q = matches (ch, b);
  xmlNode *p;

  if (q)
    g_queue_pop_head (q);
  if (g_hash_table_lookup (ch->last, b->name) != b)
    return;
  for (p = b->prev; p; p = p->prev)
    if (p->type == XML_ELEMENT_NODE
        && strcmp ((const char *)p->name, (const char *)b->name) == 0)
      break;
  if (p)
    g_hash_table_insert (ch->last, g_strdup ((const char *)p->name), p);
  else
    g_hash_table_remove (ch->last, b->name);
}

/* c takes the place of b (same key, so same name). */
static void
children_replace (Children *ch, xmlNode *b, xmlNode *c)
{
  GQueue *q = matches (ch, b);

  if (q && q->head)
    q->head->data = c;
  if (g_hash_table_lookup (ch->last, b->name) == b)
    g_hash_table_insert (ch->last, g_strdup ((const char *)c->name), c);
}

/* c was added after the last child of its name. */
static void
children_add (Children *ch, xmlNode *c)
{
  char *text = match_text (c);
  GQueue *q;

  g_hash_table_insert (ch->last, g_strdup ((const char *)c->name), c);
  if (!text)
    return;
  q = g_hash_table_lookup (ch->by_key, text);
  if (!q)
    g_hash_table_insert (ch->by_key, g_strdup (text), q = g_queue_new ());
  g_queue_push_tail (q, c);
  g_free (text);
}

/* An element leaving its overlay keeps the source="..." its overlay
 * ancestors gave it. */
static void
keep_source (xmlNode *c)
{
  const char *s;

  if (cs_xml_attr (c, "source") || !c->parent
      || c->parent->type != XML_ELEMENT_NODE)
    return;
  if ((s = cs_tree_source (c->parent, "source")))
    {
      xmlAttr *a = xmlSetProp (c, BAD_CAST "source", BAD_CAST s);
      a->_private = (gpointer)cs_xml_origin (c);
    }
}

/* Move a new child in, after the last sibling of its name. */
static void
adopt (xmlNode *base, Children *ch, xmlNode *c)
{
  xmlNode *last = g_hash_table_lookup (ch->last, c->name);

  keep_source (c);

  if (c->doc != base->doc)
    cs_xml_own_strings (c);
  xmlUnlinkNode (c);
  if (last)
    xmlAddNextSibling (last, c);
  else
    xmlAddChild (base, c);
  xmlReconciliateNs (base->doc, c);
  unset_flags (c);
  children_add (ch, c);
}

static gboolean merge_element (xmlNode *base, xmlNode *over, gboolean is_root,
                               GError **error);

static gboolean
merge_child (xmlNode *base, Children *ch, xmlNode *c, GError **error)
{
  xmlNode *match = find_match (ch, c);
  gboolean removing = flag (c, "remove");

  if (!match && (removing || flag (c, "replace")))
    {
      g_autofree char *desc = cs_xml_describe (c);
      cs_xml_error (error, SIM_ERROR_DATA, c, NULL,
                    "%s of %s, which the extended scenario does not have "
                    "(expected an inherited element)",
                    removing ? "remove" : "replace", desc);
      return FALSE;
    }
  if (removing)
    {
      children_remove (ch, match);
      xmlUnlinkNode (match);
      xmlFreeNode (match);
      return TRUE;
    }
  if (match && flag (c, "replace"))
    {
      keep_source (c);
      children_replace (ch, match, c);
      if (c->doc != base->doc)
        cs_xml_own_strings (c);
      xmlUnlinkNode (c);
      xmlReplaceNode (match, c);
      xmlReconciliateNs (base->doc, c);
      unset_flags (c);
      xmlFreeNode (match);
      return TRUE;
    }
  if (match)
    return merge_element (match, c, FALSE, error);
  adopt (base, ch, c);
  return TRUE;
}

static gboolean
merge_element (xmlNode *base, xmlNode *over, gboolean is_root, GError **error)
{
  xmlNode *next;
  Children ch;
  gboolean ok = TRUE;

  merge_attributes (base, over, is_root);
  merge_text (base, over);
  if (!cs_xml_first_element (over))
    return TRUE;
  children_init (&ch, base);
  for (xmlNode *c = cs_xml_first_element (over); ok && c; c = next)
    {
      next = cs_xml_next_element (c);
      ok = merge_child (base, &ch, c, error);
    }
  children_clear (&ch);
  return ok;
}

gboolean
cs_tree_merge (xmlNode *base, xmlNode *over, CsXmlArena *arena G_GNUC_UNUSED,
               GError **error)
{
  return merge_element (base, over, TRUE, error);
}

/* ---- Paths --------------------------------------------------------------- */

static gboolean
is_key_attr (const xmlNode *node, const char *attr)
{
  const char *kattr;

  return cs_xml_key (node, &kattr) && strcmp (kattr, attr) == 0;
}

/* The child a step names: by element name, else by key; NULL if none or
 * more than one. */
static xmlNode *
step (xmlNode *node, const char *seg)
{
  xmlNode *found = NULL;
  guint n = 0;

  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    if (!c->ns && strcmp ((const char *)c->name, seg) == 0)
      found = c, n++;
  if (n == 1)
    return found;
  if (n > 1)
    return NULL;
  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    {
      const char *key = cs_xml_key (c, NULL);
      if (key && strcmp (key, seg) == 0)
        found = c, n++;
    }
  return n == 1 ? found : NULL;
}

static gboolean
attr_allowed (xmlNode *node, const char *attr)
{
  g_auto (GStrv) names = NULL;

  if (cs_xml_attr_node (node, attr))
    return TRUE;
  names = cs_schema_attributes (node);
  return g_strv_contains ((const char *const *)names, attr);
}

static void
add_candidate (GPtrArray *out, const char *name)
{
  for (guint i = 0; i < out->len; i++)
    if (strcmp (out->pdata[i], name) == 0)
      return;
  g_ptr_array_add (out, (gpointer)name);
}

/* What may follow `prefix` at node: children by key or name, then
 * attributes ("one of run, services" or "services.q.NAME, NAME one of
 * servers, ..."). */
static char *
candidates (xmlNode *node, const char *prefix)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_auto (GStrv) names = cs_schema_attributes (node);
  gboolean root = node == xmlDocGetRootElement (node->doc);
  GString *s = g_string_new (NULL);

  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    {
      const char *key = cs_xml_key (c, NULL);
      if (!root
          || (strcmp ((const char *)c->name, "description") != 0
              && strcmp ((const char *)c->name, "sweep") != 0))
        add_candidate (out, key ? key : (const char *)c->name);
    }
  for (guint i = 0; !root && names[i]; i++)
    if (!is_key_attr (node, names[i]) && strcmp (names[i], "source") != 0)
      add_candidate (out, names[i]);
  if (out->len == 0)
    {
      g_string_free (s, TRUE);
      return g_strdup ("a shorter path");
    }
  if (*prefix)
    g_string_append_printf (s, "%s.NAME, NAME one of ", prefix);
  else
    g_string_append (s, "one of ");
  for (guint i = 0; i < out->len && i < MAX_LISTED; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "",
                            (const char *)out->pdata[i]);
  if (out->len > MAX_LISTED)
    g_string_append (s, ", ...");
  return g_string_free (s, FALSE);
}

gboolean
cs_tree_resolve (xmlNode *root, const char *path, const char *prefix,
                 xmlNode **elem, const char **attr, GError **error)
{
  g_auto (GStrv) segs = g_strsplit (path, ".", -1);
  g_autoptr (GString) done = g_string_new (NULL);
  guint n = g_strv_length (segs);
  xmlNode *cur = root;
  g_autofree char *cands = NULL;
  g_autofree char *shown = NULL;
  guint i;

  for (i = 0; i + 1 < n; i++)
    {
      xmlNode *next = *segs[i] ? step (cur, segs[i]) : NULL;
      if (!next)
        break;
      g_string_append_printf (done, "%s%s", i ? "." : "", segs[i]);
      cur = next;
    }
  if (i + 1 == n)
    {
      const char *last = segs[n - 1];
      xmlNode *child;
      if (*last && cur != root && strcmp (last, "source") != 0
          && !is_key_attr (cur, last) && attr_allowed (cur, last))
        {
          *elem = cur;
          *attr = g_intern_string (last);
          return TRUE;
        }
      /* A path to an element, not a value: say what follows it. */
      if (*last && (child = step (cur, last)))
        {
          g_string_append_printf (done, "%s%s", i ? "." : "", last);
          cur = child;
        }
    }
  cands = candidates (cur, done->str);
  shown = cs_xml_show_value (path);
  g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
               "%s: no parameter '%s' (expected %s)", prefix, shown, cands);
  return FALSE;
}

void
cs_tree_set (xmlNode *elem, const char *attr, const char *value,
             const char *source, const CsOrigin *origin)
{
  xmlAttr *a = xmlSetProp (elem, BAD_CAST attr, BAD_CAST value);
  xmlAttr *s = xmlSetNsProp (elem, cs_xml_source_ns (elem->doc), BAD_CAST attr,
                             BAD_CAST source);

  a->_private = (gpointer)origin;
  s->_private = (gpointer)origin;
}

const char *
cs_tree_source (const xmlNode *elem, const char *attr)
{
  for (xmlAttr *a = elem->properties; a; a = a->next)
    if (a->ns && strcmp ((const char *)a->ns->href, CS_XML_SOURCE_NS) == 0
        && strcmp ((const char *)a->name, attr) == 0 && a->children)
      return (const char *)a->children->content;
  for (const xmlNode *n = elem; n && n->type == XML_ELEMENT_NODE; n = n->parent)
    {
      const char *s = cs_xml_attr (n, "source");
      if (s)
        return s;
    }
  return NULL;
}
