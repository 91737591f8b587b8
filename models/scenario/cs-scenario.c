/* cs-scenario.c: loading a scenario: file, extends, --set, schema,
 * checks, parameters; sweeps; the resolved scenario as XML and JSON.
 *
 * The pipeline (cs-scenario.h) works on one libxml2 tree:
 *   1. read the file (at most 8 MiB) or the built-in default;
 *   2. parse it safely (cs-xml.c), check its keys are unique, and if it
 *      has extends="FILE" resolve that file the same way and merge this
 *      one into it (cs-tree.c), refusing cycles;
 *   3. apply each --set PATH=VALUE to the tree (cs-tree.c);
 *   4. validate with the embedded schema (cs-schema.c);
 *   5. convert to the model's parameters, making the checks a schema
 *      cannot (queue here, area in cs-params-xml.c);
 *   6. enumerate and check the <sweep> points.
 * Every node carries its origin, so each message names the file and line
 * (or --set:N) the wrong value came from.  The tree is kept, read-only,
 * for cs_scenario_to_xml() and cs_scenario_params_json().
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "models/params/cs-params-xml.h"
#include "models/params/cs-params.h"
#include "models/area/cs-area.h"
#include "models/commission/cs-commission.h"
#include "models/queue/cs-queue.h"
#include "models/scenario/cs-scenario.h"
#include "models/pathfinders/cs-scenario-national.h"
#include "models/pathfinders/cs-scenario-pathfinders.h"
#include "models/params/cs-schema.h"
#include "models/params/cs-tree.h"
#include "models/params/cs-xml.h"
#include "sim/sim-error.h"

#define BUILTIN_NAME "(built-in default)"
#define MAX_EXTENDS 8
#define MAX_SWEEP_VALUES 1000
#define MAX_SWEEP_POINTS 10000
#define MAX_SERVERS 1000000

typedef struct
{
  char *label;  /* "pooled_share=0.4" */
  GStrv sets;   /* "PATH=VALUE" */
  GStrv blames; /* for each set, "FILE:LINE" of its <param> */
} Point;

struct CsScenario
{
  char *name;
  char *description;
  char *path; /* NULL for the built-in default */
  char *area; /* --area FILE merged after extends, or NULL */
  char *sha256;
  GStrv sets;
  const SimModel *model;
  gpointer params;
  GDestroyNotify params_free;
  CsRunSettings run;
  xmlDoc *doc;
  xmlDoc *base; /* doc before any set, when it has a <sweep>: its points
                   start from a copy (read-only; origins in arena) */
  CsXmlArena *arena;
  GPtrArray *points;          /* Point * */
  CsPathfinders *pathfinders; /* <pathfinders>, or NULL (issue 7) */
  CsNational *national;       /* <national>, or NULL (issue 17) */
  GStrv idle;                 /* parameters without effect (issue 13) */
};

/* One override: its text and the prefix of messages about it. */
typedef struct
{
  const char *text;
  char *label;  /* "--set:2", or a <param>'s "FILE:LINE" */
  gboolean cli; /* from --set (its source says so) */
} SetSpec;

typedef struct
{
  CsXmlArena *arena;
  GHashTable *set_paths; /* const CsOrigin * -> path (arena string) */
} Ctx;

static void
point_free (gpointer p)
{
  Point *pt = p;

  g_free (pt->label);
  g_strfreev (pt->sets);
  g_strfreev (pt->blames);
  g_free (pt);
}

void
cs_scenario_free (CsScenario *sc)
{
  if (!sc)
    return;
  g_free (sc->name);
  g_free (sc->description);
  g_free (sc->path);
  g_free (sc->area);
  g_free (sc->sha256);
  g_strfreev (sc->sets);
  if (sc->params && sc->params_free)
    sc->params_free (sc->params);
  if (sc->doc)
    xmlFreeDoc (sc->doc);
  if (sc->base)
    xmlFreeDoc (sc->base);
  cs_xml_arena_free (sc->arena);
  if (sc->points)
    g_ptr_array_unref (sc->points);
  cs_pathfinders_free (sc->pathfinders);
  cs_national_free (sc->national);
  g_strfreev (sc->idle);
  g_free (sc);
}

/* ---- 2. Parsing and extends ---------------------------------------------- */

static char *
chain_text (GPtrArray *shown, const char *last)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < shown->len; i++)
    g_string_append_printf (s, "%s -> ", (const char *)shown->pdata[i]);
  g_string_append (s, last);
  return g_string_free (s, FALSE);
}

static char *shipped_dir; /* cs_scenario_set_shipped_dir */

void
cs_scenario_set_shipped_dir (const char *dir)
{
  g_free (shipped_dir);
  shipped_dir = g_strdup (dir);
}

/* The shipped scenario `ext` names (a bare name, with or without .xml),
 * or NULL. */
static char *
shipped_target (const char *ext)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (!shipped_dir || strchr (ext, '/') || *ext == '.')
    return NULL;
  name = g_str_has_suffix (ext, ".xml") ? g_strdup (ext)
                                        : g_strconcat (ext, ".xml", NULL);
  path = g_build_filename (shipped_dir, name, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path)
                                                    : NULL;
}

/* Where `ext` (named in file `from`, shown as `from_shown`) is, as a
 * file name and as the user would write it: beside `from`, else (a bare
 * name naming no file there) the shipped scenario of that name. */
static void
extends_target (const char *from, const char *from_shown, const char *ext,
                char **target, char **shown)
{
  g_autofree char *dir = g_path_get_dirname (from);
  g_autofree char *shown_dir = g_path_get_dirname (from_shown);

  if (g_path_is_absolute (ext))
    {
      *target = g_strdup (ext);
      *shown = g_strdup (ext);
      return;
    }
  *target = g_build_filename (dir, ext, NULL);
  *shown = strcmp (shown_dir, ".") == 0
               ? g_strdup (ext)
               : g_build_filename (shown_dir, ext, NULL);
  if (!g_file_test (*target, G_FILE_TEST_EXISTS))
    {
      char *shipped = shipped_target (ext);
      if (shipped)
        {
          g_free (*target);
          g_free (*shown);
          *target = shipped;
          *shown = g_strdup (shipped);
        }
    }
}

static xmlDoc *resolve (Ctx *ctx, const char *bytes, gsize len,
                        const char *shown, const char *file, GPtrArray *chain,
                        GPtrArray *chain_shown, GError **error);
static xmlDoc *copy_resolved (xmlDoc *from, CsXmlArena *arena);
static gpointer copy_origin (const CsOrigin *o, CsXmlArena *arena,
                             GHashTable *map);

/* The files scenarios extend (default.xml above all) parsed once per
 * process: a file named in extends= whose bytes and shown name are those
 * of a file parsed before starts from a copy of that parse (the tree,
 * its key check passed, and its origins), as parsing it again would give
 * (issue 19: a fuzzer loads thousands of inputs that extend default.xml).
 * Only what parsed and passed the key check is kept; what a file extends
 * in turn is still resolved and merged for every load, so the chain's
 * checks (folder, cycles, depth) and their messages are unchanged.  The
 * bytes are compared whole, so a file that changed is parsed again.
 *
 * A kept parse holds its names and texts in a dictionary of its own,
 * written once, before it is kept, and only read after; a copy's nodes
 * point at those strings instead of copying them (a copy of default.xml
 * is about 2,600 nodes: half its allocations and all its string copies
 * gone).  The copy's document has a dictionary below the kept one
 * (xmlDictCreateSub), so libxml2 frees none of them and the strings live
 * as long as any copy, after the kept parse is dropped; what is added to
 * the copy later (--set, an overlay's attributes) goes to the copy's own
 * dictionary.  Nodes that move from such a copy into another document
 * (cs_tree_merge) first take strings of their own (cs_xml_own_strings).
 * Threads: a kept dictionary is never written once kept, and each copy
 * writes only its own, so copies are made without a lock. */
#define PARSED_KEPT 8

typedef struct
{
  char *shown;
  char *bytes;
  gsize len;
  xmlDoc *doc;       /* read-only */
  CsXmlArena *arena; /* its origins */
} Parsed;

static GMutex parsed_lock;
static Parsed parsed[PARSED_KEPT];
static guint parsed_next; /* the slot to fill next (oldest first) */

/* What copy_shared() builds and where the strings come from. */
typedef struct
{
  xmlDoc *doc;
  gboolean intern; /* strings into doc's dictionary, else shared */
  CsXmlArena *arena;
  GHashTable *origins; /* copy_origin()'s */
  xmlNs *ns_from[8];   /* declarations met, and their copies */
  xmlNs *ns_to[8];
  guint n_ns;
  gboolean failed; /* a node copy_shared() does not copy */
} Sharing;

static const xmlChar *
shared_string (Sharing *sh, const xmlChar *s)
{
  return sh->intern ? xmlDictLookup (sh->doc->dict, s, -1) : s;
}

static xmlNs *
shared_ns (Sharing *sh, xmlNode *to, const xmlNs *ns)
{
  for (guint i = 0; i < sh->n_ns; i++)
    if (sh->ns_from[i] == ns)
      return sh->ns_to[i];
  /* not declared in the copied tree (the xml: prefix) */
  return xmlSearchNs (sh->doc, to, ns->prefix);
}

/* Link n as the last child of parent (xmlAddChild would merge adjacent
 * texts; a copy keeps the nodes as they are). */
static void
shared_link (xmlNode *parent, xmlNode *n)
{
  n->parent = parent;
  n->doc = parent->doc;
  if (parent->last)
    {
      parent->last->next = n;
      n->prev = parent->last;
    }
  else
    parent->children = n;
  parent->last = n;
}

/* A text node whose content is a shared string (libxml2 frees content
 * its document's dictionary owns through xmlDictOwns, not xmlFree). */
static xmlNode *
shared_text (Sharing *sh, const xmlNode *from)
{
  xmlNode *t = xmlNewDocText (sh->doc, NULL);

  t->content = (xmlChar *)shared_string (sh, from->content);
  t->line = from->line;
  return t;
}

static void shared_children (Sharing *sh, const xmlNode *from, xmlNode *to);

static void
shared_element (Sharing *sh, const xmlNode *from, xmlNode *parent)
{
  xmlNode *n = xmlNewDocNodeEatName (
      sh->doc, NULL, (xmlChar *)shared_string (sh, from->name), NULL);

  shared_link (parent, n);
  n->line = from->line;
  n->extra = from->extra;
  n->_private = copy_origin (from->_private, sh->arena, sh->origins);
  for (const xmlNs *d = from->nsDef; d; d = d->next)
    {
      xmlNs *c = xmlNewNs (n, d->href, d->prefix);
      if (!c || sh->n_ns == G_N_ELEMENTS (sh->ns_from))
        {
          sh->failed = TRUE;
          return;
        }
      sh->ns_from[sh->n_ns] = (xmlNs *)d;
      sh->ns_to[sh->n_ns++] = c;
    }
  if (from->ns && !(n->ns = shared_ns (sh, n, from->ns)))
    sh->failed = TRUE;
  for (const xmlAttr *a = from->properties; a && !sh->failed; a = a->next)
    {
      xmlNs *ns = NULL;
      xmlAttr *c;

      if (a->ns && !(ns = shared_ns (sh, n, a->ns)))
        sh->failed = TRUE;
      else if (a->children
               && (a->children->type != XML_TEXT_NODE || a->children->next))
        sh->failed = TRUE; /* an entity reference in a value */
      else
        {
          c = xmlNewNsProp (n, ns, shared_string (sh, a->name), NULL);
          c->_private = copy_origin (a->_private, sh->arena, sh->origins);
          if (a->children)
            shared_link ((xmlNode *)c, shared_text (sh, a->children));
        }
    }
  shared_children (sh, from, n);
}

static void
shared_children (Sharing *sh, const xmlNode *from, xmlNode *to)
{
  for (const xmlNode *c = from->children; c && !sh->failed; c = c->next)
    switch (c->type)
      {
      case XML_ELEMENT_NODE:
        shared_element (sh, c, to);
        break;
      case XML_TEXT_NODE:
        shared_link (to, shared_text (sh, c));
        break;
      case XML_COMMENT_NODE:
      case XML_PI_NODE:
        shared_link (to, xmlDocCopyNode ((xmlNode *)c, sh->doc, 1));
        break;
      default: /* a DTD, an entity reference, ... */
        sh->failed = TRUE;
      }
}

/* A copy of `from` whose names and texts are shared (see above): with
 * intern, in a new dictionary of the copy's (a parse to keep); else
 * `from`'s own, in a dictionary below from's (a copy of a kept parse).
 * Origins as copy_resolved() gives them.  A document with what the
 * sharing does not copy (a DTD, entity references) is copied by
 * copy_resolved(). */
static xmlDoc *
copy_shared (xmlDoc *from, gboolean intern, CsXmlArena *arena)
{
  g_autoptr (GHashTable) origins = g_hash_table_new (NULL, NULL);
  Sharing sh = { 0 };

  if (from->intSubset || from->extSubset || from->oldNs
      || (!intern && !from->dict))
    return copy_resolved (from, arena);
  sh.doc = xmlNewDoc (from->version);
  sh.doc->dict = intern ? xmlDictCreate () : xmlDictCreateSub (from->dict);
  if (!sh.doc->dict)
    g_error ("out of memory creating an XML dictionary");
  sh.doc->encoding = xmlStrdup (from->encoding);
  sh.doc->URL = xmlStrdup (from->URL);
  sh.doc->charset = from->charset;
  sh.doc->compression = from->compression;
  sh.doc->standalone = from->standalone;
  if (from->name)
    sh.doc->name = xmlMemStrdup (from->name);
  sh.intern = intern;
  sh.arena = arena;
  sh.origins = origins;
  shared_children (&sh, (xmlNode *)from, (xmlNode *)sh.doc);
  if (sh.failed)
    {
      xmlFreeDoc (sh.doc);
      return copy_resolved (from, arena);
    }
  return sh.doc;
}

/* A copy of the kept parse of `bytes` shown as `shown`, or NULL. */
static xmlDoc *
parsed_copy (const char *bytes, gsize len, const char *shown, CsXmlArena *arena)
{
  xmlDoc *doc = NULL;

  g_mutex_lock (&parsed_lock);
  for (guint i = 0; i < PARSED_KEPT && !doc; i++)
    if (parsed[i].doc && parsed[i].len == len
        && strcmp (parsed[i].shown, shown) == 0
        && memcmp (parsed[i].bytes, bytes, len) == 0)
      doc = copy_shared (parsed[i].doc, FALSE, arena);
  g_mutex_unlock (&parsed_lock);
  return doc;
}

/* Keep a copy of `doc`, the checked parse of `bytes` shown as `shown`. */
static void
parsed_keep (const char *bytes, gsize len, const char *shown, xmlDoc *doc)
{
  Parsed *p;

  g_mutex_lock (&parsed_lock);
  p = &parsed[parsed_next];
  parsed_next = (parsed_next + 1) % PARSED_KEPT;
  if (p->doc)
    {
      xmlFreeDoc (p->doc);
      cs_xml_arena_free (p->arena);
      g_free (p->shown);
      g_free (p->bytes);
    }
  p->arena = cs_xml_arena_new ();
  p->doc = copy_shared (doc, TRUE, p->arena);
  p->shown = g_strdup (shown);
  p->bytes = g_memdup2 (bytes, len);
  p->len = len;
  g_mutex_unlock (&parsed_lock);
}

/* Read and resolve the scenario root names in extends=, then merge root
 * into it.  Returns the merged document (root's is freed by the
 * caller). */
static xmlDoc *
resolve_extends (Ctx *ctx, xmlNode *root, const char *ext, const char *shown,
                 const char *file, GPtrArray *chain, GPtrArray *chain_shown,
                 GError **error)
{
  g_autofree char *target = NULL;
  g_autofree char *target_shown = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *top_dir = NULL;
  g_autofree char *allowed = NULL;
  g_autofree char *why = NULL;
  g_autoptr (GError) e = NULL;
  gsize len;
  xmlDoc *base;

  if (!file)
    {
      cs_xml_error (error, SIM_ERROR_DATA, root, "extends",
                    "the built-in default cannot extend another scenario "
                    "(expected a self-contained scenario)");
      return NULL;
    }
  if (!*ext || strstr (ext, "://"))
    {
      cs_xml_error (error, SIM_ERROR_DATA, root, "extends",
                    "extends is not a file name (expected a scenario "
                    "file, relative to this one)");
      return NULL;
    }
  top_dir = g_path_get_dirname (chain->pdata[0]);
  if (!cs_xml_named_file (top_dir, file, ext, &allowed, &why))
    {
      g_autofree char *shown_ext = cs_xml_show_value (ext);
      cs_xml_error (error, SIM_ERROR_DATA, root, "extends",
                    "extends file %s: %s (expected a file in this "
                    "scenario's folder or below it, or a shipped scenario)",
                    shown_ext, why);
      return NULL;
    }
  if (chain->len > MAX_EXTENDS)
    {
      cs_xml_error (error, SIM_ERROR_DATA, root, "extends",
                    "more than %d scenarios extend each other (expected a "
                    "shorter extends chain)",
                    MAX_EXTENDS);
      return NULL;
    }
  extends_target (file, shown, ext, &target, &target_shown);
  canon = g_canonicalize_filename (target, NULL);
  for (guint i = 0; i < chain->len; i++)
    if (strcmp (chain->pdata[i], canon) == 0)
      {
        g_autofree char *c = chain_text (chain_shown, target_shown);
        cs_xml_error (error, SIM_ERROR_DATA, root, "extends",
                      "extends cycle %s (expected a chain that ends in a "
                      "scenario without extends)",
                      c);
        return NULL;
      }
  if (!cs_xml_read_file (target, &bytes, &len, &e))
    {
      cs_xml_error (error, SIM_ERROR_DATA, root, "extends",
                    "extends file %s: %s (expected a readable scenario "
                    "file of at most 8 MiB, relative to this one)",
                    target_shown, e->message);
      return NULL;
    }
  g_ptr_array_add (chain, g_steal_pointer (&canon));
  g_ptr_array_add (chain_shown, g_strdup (target_shown));
  base = resolve (ctx, bytes, len, target_shown, target, chain, chain_shown,
                  error);
  if (base
      && !cs_tree_merge (xmlDocGetRootElement (base), root, ctx->arena, error))
    {
      xmlFreeDoc (base);
      return NULL;
    }
  return base;
}

static xmlDoc *
resolve (Ctx *ctx, const char *bytes, gsize len, const char *shown,
         const char *file, GPtrArray *chain, GPtrArray *chain_shown,
         GError **error)
{
  /* An extends target (the chain holds more than the top file) may be
   * kept: see parsed_copy(). */
  gboolean keep = chain->len > 1;
  xmlDoc *doc = keep ? parsed_copy (bytes, len, shown, ctx->arena) : NULL;
  xmlNode *root;
  const char *ext;
  xmlDoc *base;

  if (!doc)
    {
      if (!(doc = cs_xml_parse (bytes, len, shown, ctx->arena, error)))
        return NULL;
      if (!cs_tree_check_keys (xmlDocGetRootElement (doc), error))
        {
          xmlFreeDoc (doc);
          return NULL;
        }
      if (keep)
        parsed_keep (bytes, len, shown, doc);
    }
  root = xmlDocGetRootElement (doc);
  if (!(ext = cs_xml_attr (root, "extends")))
    return doc;
  base = resolve_extends (ctx, root, ext, shown, file, chain, chain_shown,
                          error);
  xmlFreeDoc (doc);
  return base;
}

/* ---- 3. Overrides -------------------------------------------------------- */

static gboolean
apply_set (Ctx *ctx, xmlDoc *doc, const SetSpec *spec, GError **error)
{
  const char *eq = strchr (spec->text, '=');
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  const char *value, *attr;
  xmlNode *elem;
  CsOrigin *origin;

  if (!eq || eq == spec->text)
    {
      g_autofree char *shown = cs_xml_show_value (spec->text);
      g_set_error (error, SIM_ERROR, SIM_ERROR_USAGE,
                   "%s: '%s' is not PATH=VALUE (expected for example "
                   "run.seed=7)",
                   spec->label, shown);
      return FALSE;
    }
  value = eq + 1;
  if (strlen (value) > CS_XML_MAX_VALUE || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: the value is not UTF-8 text of at most %d bytes "
                   "(expected a shorter value)",
                   spec->label, CS_XML_MAX_VALUE);
      return FALSE;
    }
  path = g_strndup (spec->text, (gsize)(eq - spec->text));
  if (!cs_tree_resolve (xmlDocGetRootElement (doc), path, spec->label, &elem,
                        &attr, error))
    return FALSE;
  origin = cs_xml_arena_origin (ctx->arena, NULL, 0, spec->label);
  g_hash_table_insert (ctx->set_paths, origin,
                       (gpointer)cs_xml_arena_intern (ctx->arena, path));
  source = g_strdup_printf ("%s %s", spec->cli ? "--set" : "sweep", spec->text);
  cs_tree_set (elem, attr, value, source, origin);
  return TRUE;
}

/* ---- 4. Schema ----------------------------------------------------------- */

static gboolean
validate (Ctx *ctx, xmlDoc *doc, GError **error)
{
  CsSchemaProblem p;
  xmlAttr *a;
  const char *set_path = NULL;
  const CsOrigin *o;

  if (cs_schema_validate (doc, &p))
    return TRUE;
  a = p.attr ? cs_xml_attr_node (p.node, p.attr) : NULL;
  o = a ? a->_private : NULL;
  if (o)
    set_path = g_hash_table_lookup (ctx->set_paths, o);
  if (set_path && p.value)
    {
      g_autofree char *shown = cs_xml_show_value (p.value);
      g_set_error (error, SIM_ERROR, SIM_ERROR_DATA,
                   "%s: '%s' is not a valid value for %s (expected %s)",
                   o->label, shown, set_path, p.expected);
    }
  else
    cs_xml_error (error, SIM_ERROR_DATA, p.node, p.attr, "%s (expected %s)",
                  p.what, p.expected);
  cs_schema_problem_clear (&p);
  return FALSE;
}

/* ---- 5. Parameters ------------------------------------------------------- */

static gboolean
read_run (xmlNode *root, CsRunSettings *run, GError **error)
{
  xmlNode *r = cs_xml_child (root, "run");
  guint64 reps;

  run->years = g_ascii_strtod (cs_xml_attr (r, "years"), NULL);
  run->warmup_years = g_ascii_strtod (cs_xml_attr (r, "warmup_years"), NULL);
  reps = g_ascii_strtoull (cs_xml_attr (r, "replications"), NULL, 10);
  run->seed = g_ascii_strtoull (cs_xml_attr (r, "seed"), NULL, 10);
  if (reps > CS_MAX_REPLICATIONS)
    {
      cs_xml_error (error, SIM_ERROR_DATA, r, "replications",
                    "%s replications (expected at most %d)",
                    cs_xml_attr (r, "replications"), CS_MAX_REPLICATIONS);
      return FALSE;
    }
  run->replications = (guint)reps;
  if (!isfinite (run->years) || !isfinite (run->warmup_years)
      || run->years + run->warmup_years > 10000.0)
    {
      cs_xml_error (error, SIM_ERROR_DATA, r, "years",
                    "a run of more than 10000 years (expected years plus "
                    "warmup_years of at most 10000)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_dist (xmlNode *node, const char *attr, gboolean non_negative, SimDist *out,
           GError **error)
{
  g_autoptr (GError) e = NULL;

  if (!sim_dist_parse (cs_xml_attr (node, attr), out, &e)
      || !sim_dist_validate (out, non_negative, &e)
      || !sim_dist_check_size (out, CS_MAX_DIST_ABS, &e))
    {
      sim_dist_clear (out);
      *out = (SimDist)SIM_DIST_INIT;
      g_autofree char *desc = cs_xml_describe (node);
      cs_xml_error (error, SIM_ERROR_DATA, node, attr, "%s of %s: %s", attr,
                    desc, e->message);
      return FALSE;
    }
  return TRUE;
}

static gpointer
queue_params (xmlNode *root, GError **error)
{
  xmlNode *services = cs_xml_child (root, "services");
  g_autoptr (CsQueueParams) p = NULL;
  guint n = 0, i = 0;

  for (xmlNode *s = cs_xml_first_element (services); s;
       s = cs_xml_next_element (s))
    n++;
  p = cs_queue_params_new (n);
  for (xmlNode *s = cs_xml_first_element (services); s;
       s = cs_xml_next_element (s), i++)
    {
      CsQueueService *q = &p->services[i];
      guint64 servers = g_ascii_strtoull (cs_xml_attr (s, "servers"), NULL, 10);
      q->id = g_strdup (cs_xml_attr (s, "id"));
      if (servers > MAX_SERVERS)
        {
          cs_xml_error (error, SIM_ERROR_DATA, s, "servers",
                        "%s servers (expected at most %d)",
                        cs_xml_attr (s, "servers"), MAX_SERVERS);
          return NULL;
        }
      q->servers = (guint)servers;
      q->arrival_rate
          = g_ascii_strtod (cs_xml_attr (s, "arrival_rate_per_day"), NULL);
      if (!read_dist (s, "episode_days", TRUE, &q->episode, error))
        return NULL;
    }
  return g_steal_pointer (&p);
}

static gboolean
convert (CsScenario *sc, GError **error)
{
  xmlNode *root = xmlDocGetRootElement (sc->doc);
  xmlNode *desc = cs_xml_child (root, "description");
  const char *model = cs_xml_attr (root, "model");
  xmlChar *text;

  sc->name = g_strdup (cs_xml_attr (root, "name"));
  text = desc ? xmlNodeGetContent (desc) : NULL;
  sc->description = g_strstrip (g_strdup (text ? (const char *)text : ""));
  xmlFree (text);
  if (!read_run (root, &sc->run, error))
    return FALSE;
  if (strcmp (model, "queue") == 0)
    {
      sc->params = queue_params (root, error);
      sc->params_free = (GDestroyNotify)cs_queue_params_free;
      sc->model = &cs_queue_model;
    }
  else
    {
      CsParams *p = cs_params_from_xml (root, error);
      xmlNode *pf = cs_xml_child (root, "pathfinders");
      xmlNode *nat = cs_xml_child (root, "national");
      if (p)
        {
          p->run = sc->run;
          sc->idle = cs_commission_idle_parameters (p);
        }
      sc->params = p;
      sc->params_free = (GDestroyNotify)cs_params_free;
      sc->model = &cs_area_model;
      if (p && nat)
        {
          sc->national = cs_national_from_xml (nat, p, error);
          if (!sc->national)
            return FALSE;
        }
      if (p && pf)
        {
          sc->pathfinders = cs_pathfinders_from_xml (pf, p, error);
          return sc->pathfinders != NULL;
        }
    }
  return sc->params != NULL;
}

/* ---- 6. Sweeps ----------------------------------------------------------- */

static guint
decimals (const char *s)
{
  const char *dot = strchr (s, '.');

  return dot ? (guint)strlen (dot + 1) : 0;
}

/* The values one <param> takes. */
static GStrv
param_values (xmlNode *param, GError **error)
{
  const char *values = cs_xml_attr (param, "values");
  const char *from_s = cs_xml_attr (param, "from");
  const char *step_s = cs_xml_attr (param, "step");
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  double from, to, step, count;
  guint prec;

  if (values)
    {
      g_auto (GStrv) items = g_strsplit_set (values, " \t\r\n", -1);
      guint n = 0;
      for (guint i = 0; items[i]; i++)
        if (*items[i] && ++n <= MAX_SWEEP_VALUES)
          g_strv_builder_add (b, items[i]);
      if (n <= MAX_SWEEP_VALUES)
        return g_strv_builder_end (b);
      count = n;
    }
  else
    {
      from = g_ascii_strtod (from_s, NULL);
      to = g_ascii_strtod (cs_xml_attr (param, "to"), NULL);
      step = g_ascii_strtod (step_s, NULL);
      if (to < from)
        {
          cs_xml_error (error, SIM_ERROR_DATA, param, "to",
                        "<param> goes from %s down to %s (expected to >= "
                        "from)",
                        from_s, cs_xml_attr (param, "to"));
          return NULL;
        }
      count = floor ((to - from) / step + 1e-9) + 1.0;
      prec = MAX (decimals (from_s), decimals (step_s));
      for (guint i = 0; count <= MAX_SWEEP_VALUES && i < (guint)count; i++)
        {
          char buf[64];
          g_snprintf (buf, sizeof buf, "%.*f", prec, from + i * step);
          g_strv_builder_add (b, strcmp (buf, "-0") == 0 ? "0" : buf);
        }
      if (count <= MAX_SWEEP_VALUES)
        return g_strv_builder_end (b);
    }
  cs_xml_error (error, SIM_ERROR_DATA, param, NULL,
                "<param> has %.0f values (expected at most %d)", count,
                MAX_SWEEP_VALUES);
  return NULL;
}

typedef struct
{
  GStrv paths;
  GStrv values;
  char *name;
  char *blame; /* "FILE:LINE" of the <param> */
} SweepParam;

static gboolean
read_param (xmlNode *root, xmlNode *param, SweepParam *sp, GError **error)
{
  g_auto (GStrv) items = g_strsplit (cs_xml_attr (param, "path"), " ", -1);
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_autofree char *prefix = cs_xml_blame (param, "path");
  const char *name = cs_xml_attr (param, "name");

  for (guint i = 0; items[i]; i++)
    {
      xmlNode *elem;
      const char *attr;
      if (!*items[i])
        continue;
      if (!cs_tree_resolve (root, items[i], prefix, &elem, &attr, error))
        return FALSE;
      g_strv_builder_add (b, items[i]);
    }
  sp->paths = g_strv_builder_end (b);
  sp->blame = g_strdup (prefix);
  if (!name)
    {
      const char *dot = strrchr (sp->paths[0], '.');
      name = dot ? dot + 1 : sp->paths[0];
    }
  sp->name = g_strdup (name);
  sp->values = param_values (param, error);
  return sp->values != NULL;
}

static void
add_point (CsScenario *sc, SweepParam *sp, guint n, const guint *idx)
{
  g_autoptr (GStrvBuilder) sets = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) blames = g_strv_builder_new ();
  GString *label = g_string_new (NULL);
  Point *pt = g_new0 (Point, 1);

  for (guint k = 0; k < n; k++)
    {
      const char *v = sp[k].values[idx[k]];
      g_string_append_printf (label, "%s%s=%s", k ? "," : "", sp[k].name, v);
      for (guint i = 0; sp[k].paths[i]; i++)
        {
          g_autofree char *set = g_strdup_printf ("%s=%s", sp[k].paths[i], v);
          g_strv_builder_add (sets, set);
          g_strv_builder_add (blames, sp[k].blame);
        }
    }
  pt->label = g_string_free (label, FALSE);
  pt->sets = g_strv_builder_end (sets);
  pt->blames = g_strv_builder_end (blames);
  g_ptr_array_add (sc->points, pt);
}

static gboolean
read_sweep (CsScenario *sc, GError **error)
{
  xmlNode *root = xmlDocGetRootElement (sc->doc);
  xmlNode *sweep = cs_xml_child (root, "sweep");
  SweepParam sp[2] = { { 0 } };
  guint n = 0, idx[2] = { 0, 0 };
  gboolean ok = TRUE;
  double total = 1.0;

  sc->points = g_ptr_array_new_with_free_func (point_free);
  for (xmlNode *p = cs_xml_first_element (sweep); ok && p && n < 2;
       p = cs_xml_next_element (p))
    {
      ok = read_param (root, p, &sp[n], error);
      if (ok)
        total *= g_strv_length (sp[n].values);
      n++;
    }
  if (ok && n > 0 && total > MAX_SWEEP_POINTS)
    {
      cs_xml_error (error, SIM_ERROR_DATA, sweep, NULL,
                    "<sweep> has %.0f points (expected at most %d)", total,
                    MAX_SWEEP_POINTS);
      ok = FALSE;
    }
  if (ok && n > 0)
    {
      guint n0 = g_strv_length (sp[0].values);
      guint n1 = n == 2 ? g_strv_length (sp[1].values) : 1;
      for (idx[0] = 0; idx[0] < n0; idx[0]++)
        for (idx[1] = 0; idx[1] < n1; idx[1]++)
          add_point (sc, sp, n, idx);
    }
  for (guint k = 0; k < 2; k++)
    {
      g_strfreev (sp[k].paths);
      g_strfreev (sp[k].values);
      g_free (sp[k].name);
      g_free (sp[k].blame);
    }
  return ok;
}

/* ---- The pipeline -------------------------------------------------------- */

static GPtrArray *
set_specs (const char *const *sets, const Point *point)
{
  GPtrArray *specs = g_ptr_array_new ();
  guint n = 0;

  for (guint i = 0; sets && sets[i]; i++, n++)
    {
      SetSpec *s = g_new0 (SetSpec, 1);
      s->text = sets[i];
      s->label = g_strdup_printf ("--set:%u", i + 1);
      s->cli = TRUE;
      g_ptr_array_add (specs, s);
    }
  for (guint i = 0; point && point->sets[i]; i++)
    {
      SetSpec *s = g_new0 (SetSpec, 1);
      s->text = point->sets[i];
      s->label = g_strdup (point->blames[i]);
      g_ptr_array_add (specs, s);
    }
  return specs;
}

static void
set_specs_free (GPtrArray *specs)
{
  for (guint i = 0; i < specs->len; i++)
    {
      SetSpec *s = specs->pdata[i];
      g_free (s->label);
      g_free (s);
    }
  g_ptr_array_unref (specs);
}

static gboolean
read_source (CsScenario *sc, char **bytes, gsize *len, GError **error)
{
  GBytes *data;
  g_autoptr (GError) e = NULL;

  if (sc->path)
    {
      if (cs_xml_read_file (sc->path, bytes, len, &e))
        return TRUE;
      /* Bad data (too large) is at line 1 like every FILE:LINE error;
       * a file that cannot be read has no line. */
      g_set_error (error, SIM_ERROR, e->code,
                   "%s%s: %s (expected a readable scenario file of at most "
                   "8 MiB)",
                   sc->path, e->code == SIM_ERROR_DATA ? ":1" : "", e->message);
      return FALSE;
    }
  data = cs_schema_resource ("scenarios/default.xml");
  *bytes = g_bytes_unref_to_data (data, len);
  return TRUE;
}

/* The area overlay (--area FILE): merged onto the resolved scenario after
 * its extends chain and before --set, as an overlay is (cs-tree.c), with
 * only what the file itself says: not the scenario it may extend (so one
 * area file can stand alone and still be laid on every arrangement), and
 * never its name, description or sweep. */
static gboolean
merge_area (Ctx *ctx, CsScenario *sc, GError **error)
{
  g_autofree char *bytes = NULL;
  g_autoptr (GError) e = NULL;
  gsize len;
  xmlDoc *doc;
  xmlNode *root, *next;
  gboolean ok;

  if (!cs_xml_read_file (sc->area, &bytes, &len, &e))
    {
      g_set_error (error, SIM_ERROR, e->code,
                   "%s: %s (expected a readable area file of at most 8 MiB)",
                   sc->area, e->message);
      return FALSE;
    }
  if (!(doc = cs_xml_parse (bytes, len, sc->area, ctx->arena, error)))
    return FALSE;
  root = xmlDocGetRootElement (doc);
  if (!cs_tree_check_keys (root, error))
    {
      xmlFreeDoc (doc);
      return FALSE;
    }
  xmlUnsetProp (root, BAD_CAST "name");
  xmlUnsetProp (root, BAD_CAST "extends");
  for (xmlNode *c = cs_xml_first_element (root); c; c = next)
    {
      next = cs_xml_next_element (c);
      if (strcmp ((const char *)c->name, "description") == 0
          || strcmp ((const char *)c->name, "sweep") == 0)
        {
          xmlUnlinkNode (c);
          xmlFreeNode (c);
        }
    }
  ok = cs_tree_merge (xmlDocGetRootElement (sc->doc), root, ctx->arena, error);
  xmlFreeDoc (doc);
  return ok;
}

/* The origin o again in arena (`map`: those made so far). */
static gpointer
copy_origin (const CsOrigin *o, CsXmlArena *arena, GHashTable *map)
{
  CsOrigin *n;

  if (!o)
    return NULL;
  if (!(n = g_hash_table_lookup (map, o)))
    {
      n = cs_xml_arena_origin (arena, o->file, o->line, o->label);
      g_hash_table_insert (map, (gpointer)o, n);
    }
  return n;
}

/* The origins of the elements and attributes of `from` onto their copies
 * in `to` (xmlCopyDoc keeps their order). */
static void
copy_origins (const xmlNode *from, xmlNode *to, CsXmlArena *arena,
              GHashTable *map)
{
  for (; from && to; from = from->next, to = to->next)
    {
      const xmlAttr *fa = from->properties;
      xmlAttr *ta = to->properties;
      if (from->type != XML_ELEMENT_NODE)
        continue;
      to->_private = copy_origin (from->_private, arena, map);
      for (; fa && ta; fa = fa->next, ta = ta->next)
        ta->_private = copy_origin (fa->_private, arena, map);
      copy_origins (from->children, to->children, arena, map);
    }
}

static xmlDoc *
copy_resolved (xmlDoc *from, CsXmlArena *arena)
{
  xmlDoc *doc = xmlCopyDoc (from, 1);
  g_autoptr (GHashTable) map = g_hash_table_new (NULL, NULL);

  copy_origins (xmlDocGetRootElement (from), xmlDocGetRootElement (doc), arena,
                map);
  return doc;
}

/* Steps 1-3 and 4-6 for sc: a sweep point of `from` starts from a copy
 * of from's resolved document, as reading and resolving its file again
 * would give (what a point changes comes after: its sets). */
static gboolean
build (CsScenario *sc, const CsScenario *from, const Point *point,
       GError **error)
{
  Ctx ctx = { sc->arena, g_hash_table_new (NULL, NULL) };
  g_autoptr (GPtrArray) chain = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *bytes = NULL;
  GPtrArray *specs = NULL;
  gsize len;
  gboolean ok = FALSE;

  if (from && from->base)
    {
      sc->sha256 = g_strdup (from->sha256);
      sc->doc = copy_shared (from->base, FALSE, sc->arena);
    }
  else
    {
      if (!read_source (sc, &bytes, &len, error))
        goto out;
      sc->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                (const guchar *)bytes, len);
      g_ptr_array_add (chain, sc->path
                                  ? g_canonicalize_filename (sc->path, NULL)
                                  : g_strdup (BUILTIN_NAME));
      g_ptr_array_add (shown, g_strdup (sc->path ? sc->path : BUILTIN_NAME));
      sc->doc = resolve (&ctx, bytes, len, sc->path ? sc->path : BUILTIN_NAME,
                         sc->path, chain, shown, error);
      if (!sc->doc || (sc->area && !merge_area (&ctx, sc, error)))
        goto out;
      if (!point && cs_xml_child (xmlDocGetRootElement (sc->doc), "sweep"))
        sc->base = copy_shared (sc->doc, TRUE, sc->arena);
    }
  specs = set_specs ((const char *const *)sc->sets, point);
  for (guint i = 0; i < specs->len; i++)
    if (!apply_set (&ctx, sc->doc, specs->pdata[i], error))
      goto out;
  ok = validate (&ctx, sc->doc, error) && convert (sc, error)
       && read_sweep (sc, error);
out:
  if (specs)
    set_specs_free (specs);
  g_hash_table_unref (ctx.set_paths);
  return ok;
}

/* Load every point once, so a bad value shows now, not mid-sweep. */
static gboolean
check_points (CsScenario *sc, GError **error)
{
  for (guint i = 0; i < sc->points->len; i++)
    {
      g_autoptr (GError) e = NULL;
      g_autoptr (CsScenario) p = cs_scenario_load_sweep_point (sc, i, &e);
      Point *pt = sc->points->pdata[i];
      gboolean at_param = FALSE;
      if (p)
        continue;
      for (guint k = 0; pt->blames[k]; k++)
        at_param = at_param || g_str_has_prefix (e->message, pt->blames[k]);
      if (at_param)
        g_propagate_error (error, g_steal_pointer (&e));
      else
        g_set_error (error, SIM_ERROR, e->code, "%s: in sweep point %s: %s",
                     pt->blames[0], pt->label, e->message);
      return FALSE;
    }
  return TRUE;
}

static CsScenario *
load (const char *path, const char *area, const char *const *sets,
      const CsScenario *from, const Point *point, GError **error)
{
  g_autoptr (CsScenario) sc = g_new0 (CsScenario, 1);
  gboolean ok;

  sc->path = g_strdup (path);
  sc->area = g_strdup (area);
  sc->sets = g_strdupv ((char **)sets);
  sc->arena = cs_xml_arena_new ();
  ok = build (sc, from, point, error) && (point || check_points (sc, error));
  /* libxml2 keeps a copy of the last error it raised (its message and
   * strings, allocated) until it raises the next one; ctsim reports its
   * own errors and never reads it.  Freed here, so that what a load
   * allocates it frees: a long-lived caller (a sweep, the fuzz harness,
   * where libFuzzer runs an input twice more and asks LeakSanitizer
   * whenever a run allocates more than it frees) sees balanced loads. */
  xmlResetLastError ();
  return ok ? g_steal_pointer (&sc) : NULL;
}

CsScenario *
cs_scenario_load (const char *path, const char *const *sets, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  return load (path, NULL, sets, NULL, NULL, error);
}

CsScenario *
cs_scenario_load_area (const char *path, const char *area,
                       const char *const *sets, GError **error)
{
  return load (path, area, sets, NULL, NULL, error);
}

CsScenario *
cs_scenario_load_default (const char *const *sets, GError **error)
{
  return load (NULL, NULL, sets, NULL, NULL, error);
}

CsScenario *
cs_scenario_load_sweep_point (const CsScenario *sc, guint point, GError **error)
{
  g_return_val_if_fail (point < sc->points->len, NULL);
  return load (sc->path, sc->area, (const char *const *)sc->sets, sc,
               sc->points->pdata[point], error);
}

/* ---- Accessors ----------------------------------------------------------- */

const char *
cs_scenario_name (const CsScenario *sc)
{
  return sc->name;
}

const char *
cs_scenario_description (const CsScenario *sc)
{
  return sc->description;
}

const char *
cs_scenario_path (const CsScenario *sc)
{
  return sc->path ? sc->path : BUILTIN_NAME;
}

const char *
cs_scenario_sha256 (const CsScenario *sc)
{
  return sc->sha256;
}

const SimModel *
cs_scenario_model (const CsScenario *sc)
{
  return sc->model;
}

gconstpointer
cs_scenario_params (const CsScenario *sc)
{
  return sc->params;
}

const CsPathfinders *
cs_scenario_pathfinders (const CsScenario *sc)
{
  return sc->pathfinders;
}

const CsNational *
cs_scenario_national (const CsScenario *sc)
{
  return sc->national;
}

const char *const *
cs_scenario_idle_parameters (const CsScenario *sc)
{
  static const char *const none[] = { NULL };

  return sc->idle ? (const char *const *)sc->idle : none;
}

const CsRunSettings *
cs_scenario_run_settings (const CsScenario *sc)
{
  return &sc->run;
}

guint
cs_scenario_sweep_n_points (const CsScenario *sc)
{
  return sc->points->len;
}

const char *
cs_scenario_sweep_label (const CsScenario *sc, guint point)
{
  g_return_val_if_fail (point < sc->points->len, NULL);
  return ((Point *)sc->points->pdata[point])->label;
}

const char *const *
cs_scenario_sweep_sets (const CsScenario *sc, guint point)
{
  g_return_val_if_fail (point < sc->points->len, NULL);
  return (const char *const *)((Point *)sc->points->pdata[point])->sets;
}

/* ---- The resolved scenario out ------------------------------------------- */

char *
cs_scenario_to_xml (const CsScenario *sc)
{
  xmlChar *buf = NULL;
  int len = 0;
  char *out;

  xmlDocDumpFormatMemoryEnc (sc->doc, &buf, &len, "UTF-8", 1);
  out = g_strndup ((const char *)buf, (gsize)len);
  xmlFree (buf);
  return out;
}

/* Every resolved parameter under node, in document order. */
static void
walk_params (xmlNode *node, const char *prefix, CsParamFunc func, gpointer data)
{
  const char *kattr;
  const char *key = cs_xml_key (node, &kattr);
  g_autofree char *path
      = g_strdup_printf ("%s%s%s", prefix, *prefix ? "." : "",
                         key ? key : (const char *)node->name);

  for (xmlAttr *a = node->properties; a; a = a->next)
    {
      const char *name = (const char *)a->name;
      g_autofree char *k = NULL;
      const char *source;
      if (a->ns || strcmp (name, "source") == 0
          || (key && strcmp (name, kattr) == 0))
        continue;
      k = g_strdup_printf ("%s.%s", path, name);
      source = cs_tree_source (node, name);
      func (k, cs_xml_attr (node, name), source ? source : "(no source given)",
            data);
    }
  for (xmlNode *c = cs_xml_first_element (node); c; c = cs_xml_next_element (c))
    walk_params (c, path, func, data);
}

void
cs_scenario_params_foreach (const CsScenario *sc, CsParamFunc func,
                            gpointer data)
{
  xmlNode *root = xmlDocGetRootElement (sc->doc);

  for (xmlNode *c = cs_xml_first_element (root); c; c = cs_xml_next_element (c))
    if (strcmp ((const char *)c->name, "description") != 0
        && strcmp ((const char *)c->name, "sweep") != 0)
      walk_params (c, "", func, data);
}

static void
json_param (const char *path, const char *value, const char *source,
            gpointer data)
{
  SimJson *json = data;

  sim_json_key (json, path);
  sim_json_begin_object (json);
  sim_json_key (json, "value");
  sim_json_string (json, value);
  sim_json_key (json, "source");
  sim_json_string (json, source);
  sim_json_end_object (json);
}

void
cs_scenario_params_json (const CsScenario *sc, SimJson *json)
{
  sim_json_begin_object (json);
  cs_scenario_params_foreach (sc, json_param, json);
  sim_json_end_object (json);
}

/* ---- 7. Hybrids for attribution (issue 13) ------------------------------- */

/* The mechanism group of a parameter, from its element and attribute
 * names only (never from a label's value).  attr NULL: a whole element
 * that only one of the two scenarios has. */
static const char *
group_of (const char *elem, const char *attr)
{
  static const char *const sight[]
      = { "records_roll_share", "records_partner_share",
          "referral_sources",   "community_sight_km",
          "population",         NULL };
  static const char *const decision[]
      = { "decision_dependence", "decision_noise_sd",          "stage_weights",
          "sanction_use",        "sanction_conduct_stage_min", NULL };
  static const char *const money[]
      = { "budget_gbp_per_year",    "pooled_share",        "pool_sectors",
          "unallocated_to_members", "carry_forward_share", NULL };
  static const char *const scope[]
      = { "tiers", "sectors", "localities", "school_participation", NULL };
  static const char *const capacity[]
      = { "analytic_capacity",         "cycle_interval_days",
          "meeting_interval_days",     "monitoring_interval_days",
          "running_cost_gbp_per_year", "qa_detection",
          "qa_quality_threshold",      "target_wait_days",
          "plan_within_capacity",      NULL };
  static const struct
  {
    const char *elem, *group;
  } elems[] = { { "outside_reach", "sight" },
                { "domain_weights", "decision" },
                { "ecm_weights", "decision" },
                { "orientation_shift", "decision" },
                { "member", "money" },
                { "budget_gbp_per_year", "money" },
                { "eligibility", "scope" },
                { "procurement", "capacity" },
                { "cycle_days", "capacity" },
                { "cycle_staff_cost_gbp", "capacity" },
                { "arrangement", "commissioners" },
                { NULL, NULL } };
  static const struct
  {
    const char *const *list;
    const char *group;
  } attrs[]
      = { { sight, "sight" }, { decision, "decision" }, { money, "money" },
          { scope, "scope" }, { capacity, "capacity" }, { NULL, NULL } };

  if (attr && strcmp (elem, "service") == 0
      && strcmp (attr, "commissioner") == 0)
    return "commissioners";
  if (attr)
    for (guint k = 0; attrs[k].list; k++)
      for (guint i = 0; attrs[k].list[i]; i++)
        if (strcmp (attr, attrs[k].list[i]) == 0)
          return attrs[k].group;
  for (guint k = 0; elems[k].elem; k++)
    if (strcmp (elem, elems[k].elem) == 0)
      return elems[k].group;
  return "area";
}

/* Attributes that are labels or sources: never a difference. */
static gboolean
is_label (const xmlNode *elem, const xmlAttr *a)
{
  const char *n = (const char *)a->name;

  if (a->ns)
    return TRUE; /* src:ATTR */
  if (strcmp (n, "source") == 0 || strcmp (n, "name") == 0
      || strcmp (n, "kind") == 0 || strcmp (n, "extends") == 0)
    return TRUE;
  return strcmp (n, "type") == 0
         && (strcmp ((const char *)elem->name, "arrangement") == 0
             || strcmp ((const char *)elem->name, "provider") == 0);
}

/* Elements a comparison does not attribute: the run settings (common to
 * the comparison), the description, sweeps. */
static gboolean
skipped (const xmlNode *n)
{
  const char *name = (const char *)n->name;

  return strcmp (name, "run") == 0 || strcmp (name, "description") == 0
         || strcmp (name, "sweep") == 0;
}

static xmlNode *
find_match (xmlNode *parent, const xmlNode *like)
{
  const char *key = cs_xml_key (like, NULL);

  for (xmlNode *c = parent->children; c; c = c->next)
    {
      const char *k;
      if (c->type != XML_ELEMENT_NODE
          || strcmp ((const char *)c->name, (const char *)like->name) != 0)
        continue;
      k = cs_xml_key (c, NULL);
      if ((!k && !key) || (k && key && strcmp (k, key) == 0))
        return c;
    }
  return NULL;
}

/* Every element and attribute of n gets origin o (copied nodes must not
 * point into another scenario's arena). */
static void
stamp (xmlNode *n, const CsOrigin *o)
{
  for (; n; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      n->_private = (gpointer)o;
      for (xmlAttr *a = n->properties; a; a = a->next)
        a->_private = (gpointer)o;
      stamp (n->children, o);
    }
}

static void
note_group (GPtrArray *groups, GPtrArray *paths, const char *group,
            const char *path)
{
  gboolean seen = FALSE;

  for (guint i = 0; i < groups->len && !seen; i++)
    seen = strcmp (groups->pdata[i], group) == 0;
  if (!seen)
    g_ptr_array_add (groups, g_strdup (group));
  if (paths)
    g_ptr_array_add (paths, g_strdup_printf ("%s,%s", group, path));
}

static gboolean
in_set (const char *const *set, const char *group)
{
  for (guint i = 0; set && set[i]; i++)
    if (strcmp (set[i], group) == 0)
      return TRUE;
  return FALSE;
}

static char *
step_path (const char *path, const xmlNode *n)
{
  const char *key = cs_xml_key (n, NULL);
  const char *step = key ? key : (const char *)n->name;

  return *path ? g_strdup_printf ("%s.%s", path, step) : g_strdup (step);
}

static char *
text_of (const xmlNode *n)
{
  xmlChar *t = NULL;
  char *s;
  gboolean leaf = TRUE;

  for (const xmlNode *c = n->children; c; c = c->next)
    leaf = leaf && c->type != XML_ELEMENT_NODE;
  if (!leaf)
    return g_strdup ("");
  t = xmlNodeGetContent (n);
  s = g_strstrip (g_strdup (t ? (const char *)t : ""));
  xmlFree (t);
  return s;
}

/* Walk a (modifiable when apply) against b: note the group of every
 * difference; when apply, give a b's version of those in `set`. */
static void
walk (xmlNode *a, xmlNode *b, const char *path, const char *const *set,
      gboolean apply, const CsOrigin *o, GPtrArray *groups, GPtrArray *paths)
{
  const char *en = (const char *)b->name;
  g_autofree char *ta = text_of (a), *tb = text_of (b);

  if (strcmp (ta, tb) != 0)
    {
      const char *g = group_of (en, NULL);
      note_group (groups, paths, g, path);
      if (apply && in_set (set, g))
        xmlNodeSetContent (a, (const xmlChar *)tb);
    }
  for (xmlAttr *x = b->properties; x; x = x->next)
    {
      const char *n = (const char *)x->name;
      const char *vb, *va;
      g_autofree char *p = NULL;
      if (is_label (b, x))
        continue;
      vb = cs_xml_attr (b, n);
      va = cs_xml_attr (a, n);
      if (va && vb && strcmp (va, vb) == 0)
        continue;
      p = g_strdup_printf ("%s.%s", path, n);
      note_group (groups, paths, group_of (en, n), p);
      if (apply && in_set (set, group_of (en, n)))
        cs_tree_set (a, n, vb, cs_tree_source (b, n), o);
    }
  for (xmlAttr *x = a->properties; x; x = x->next)
    {
      const char *n = (const char *)x->name;
      g_autofree char *p = NULL;
      if (is_label (a, x) || cs_xml_attr (b, n))
        continue;
      p = g_strdup_printf ("%s.%s", path, n);
      note_group (groups, paths, group_of (en, n), p);
      /* an attribute b leaves to its default: removed in the hybrid */
    }
  if (apply)
    for (xmlAttr *x = a->properties, *next; x; x = next)
      {
        next = x->next;
        if (!is_label (a, x) && !cs_xml_attr (b, (const char *)x->name)
            && in_set (set, group_of (en, (const char *)x->name)))
          xmlRemoveProp (x);
      }
  for (xmlNode *cb = b->children; cb; cb = cb->next)
    {
      xmlNode *ca;
      g_autofree char *p = NULL;
      if (cb->type != XML_ELEMENT_NODE || skipped (cb))
        continue;
      p = step_path (path, cb);
      ca = find_match (a, cb);
      if (ca)
        {
          walk (ca, cb, p, set, apply, o, groups, paths);
          continue;
        }
      note_group (groups, paths, group_of ((const char *)cb->name, NULL), p);
      if (apply && in_set (set, group_of ((const char *)cb->name, NULL)))
        {
          xmlNode *copy = xmlDocCopyNode (cb, a->doc, 1);
          stamp (copy, o);
          copy->next = NULL;
          xmlAddChild (a, copy);
        }
    }
  for (xmlNode *ca = a->children, *next; ca; ca = next)
    {
      g_autofree char *p = NULL;
      next = ca->next;
      if (ca->type != XML_ELEMENT_NODE || skipped (ca) || find_match (b, ca))
        continue;
      p = step_path (path, ca);
      note_group (groups, paths, group_of ((const char *)ca->name, NULL), p);
      if (apply && in_set (set, group_of ((const char *)ca->name, NULL)))
        {
          xmlUnlinkNode (ca);
          xmlFreeNode (ca);
        }
    }
}

GStrv
cs_scenario_diff_groups (const CsScenario *a, const CsScenario *b,
                         GPtrArray *paths)
{
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);

  walk (xmlDocGetRootElement (a->doc), xmlDocGetRootElement (b->doc), "", NULL,
        FALSE, NULL, groups, paths);
  g_ptr_array_sort (groups, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (groups, NULL);
  return (GStrv)g_ptr_array_steal (groups, NULL);
}

CsScenario *
cs_scenario_hybrid (const CsScenario *a, const CsScenario *b,
                    const char *const *set, GError **error)
{
  g_autoptr (CsScenario) sc = g_new0 (CsScenario, 1);
  g_autoptr (GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *label = g_strjoinv ("+", (char **)set);
  Ctx ctx;
  const CsOrigin *o;
  gboolean ok;

  sc->path = g_strdup (a->path);
  sc->area = g_strdup (a->area);
  sc->sets = g_strdupv (a->sets);
  sc->sha256 = g_strdup (a->sha256);
  sc->arena = cs_xml_arena_new ();
  o = cs_xml_arena_origin (sc->arena, cs_scenario_path (b), 0,
                           cs_xml_arena_intern (sc->arena, label));
  sc->doc = xmlCopyDoc (a->doc, 1);
  stamp (xmlDocGetRootElement (sc->doc), o);
  walk (xmlDocGetRootElement (sc->doc), xmlDocGetRootElement (b->doc), "", set,
        TRUE, o, groups, NULL);
  ctx.arena = sc->arena;
  ctx.set_paths = g_hash_table_new (NULL, NULL);
  ok = validate (&ctx, sc->doc, error) && convert (sc, error);
  g_hash_table_unref (ctx.set_paths);
  if (!ok)
    {
      g_prefix_error (error, "%s with %s's %s: ", cs_scenario_name (a),
                      cs_scenario_name (b), label);
      return NULL;
    }
  sc->points = g_ptr_array_new ();
  return g_steal_pointer (&sc);
}
