/* ctsim-demo-text.c: the words and lines `ctsim demo`'s narration shares
 * (see ctsim-demo.h): lines and wrapping to CTSIM_DEMO_WIDTH columns, the
 * followed children's names and pronouns, and the names of needs, places,
 * commissioners, services and providers.
 *
 * Invariants: a wrapped text gives a first line, then continuation lines
 * that begin with `rest` (at least four spaces), none wider than
 * CTSIM_DEMO_WIDTH columns unless one word is; colour marks take no
 * column; only plain ASCII is added to the scenario's own names.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-demo.h"

/* ---- lines and wrapping -------------------------------------------------- */

void
ctsim_demo_line_free (gpointer line)
{
  CtsimDemoLine *l = line;

  if (!l)
    return;
  g_free (l->text);
  g_free (l);
}

/* Columns a text takes: UTF-8 characters, colour marks excluded. */
static glong
visible (const char *s, gsize len)
{
  glong n = 0;
  const char *end = s + len;

  while (s < end)
    {
      if (*s == CTSIM_DEMO_MARK)
        {
          s += s + 1 < end ? 2 : 1;
          continue;
        }
      if (*s == CTSIM_DEMO_END)
        {
          s++;
          continue;
        }
      s = g_utf8_next_char (s);
      n++;
    }
  return n;
}

void
ctsim_demo_add_line (GPtrArray *lines, const char *text, gboolean pause)
{
  CtsimDemoLine *l = g_new0 (CtsimDemoLine, 1);

  l->text = g_strdup (text);
  l->pause = pause;
  g_ptr_array_add (lines, l);
}

void
ctsim_demo_wrap (GPtrArray *lines, const char *first, const char *rest,
                 const char *text, gboolean pause)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  g_autoptr (GString) line = g_string_new (first);
  glong used = visible (first, strlen (first));
  gboolean empty = TRUE;

  for (guint i = 0; words[i]; i++)
    {
      glong w = visible (words[i], strlen (words[i]));
      if (!*words[i])
        continue;
      if (!empty && used + 1 + w > CTSIM_DEMO_WIDTH)
        {
          ctsim_demo_add_line (lines, line->str, pause);
          pause = FALSE;
          g_string_assign (line, rest);
          used = visible (rest, strlen (rest));
          empty = TRUE;
        }
      if (!empty)
        {
          g_string_append_c (line, ' ');
          used++;
        }
      g_string_append (line, words[i]);
      used += w;
      empty = FALSE;
    }
  ctsim_demo_add_line (lines, line->str, pause);
}

/* ---- words --------------------------------------------------------------- */

static const char *const girls[CTSIM_DEMO_FOLLOWED]
    = { "Amy", "Bella", "Chloe" };
static const char *const boys[CTSIM_DEMO_FOLLOWED]
    = { "Adam", "Ben", "Callum" };

static const char *const domain_words[CS_N_DOMAINS] = {
  "emotional-health", "behaviour",    "learning (SEN)", "disability",
  "sensory",          "safeguarding", "family-stress",  "early-years",
};

char *
ctsim_demo_money (double x)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", fabs (round (x)));
  GString *s = g_string_new (x < -0.5 ? "-" : "");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

long
ctsim_demo_day (double t)
{
  return (long)floor (t + 1e-6);
}

const char *
ctsim_demo_plural (double n)
{
  return fabs (n - 1.0) < 0.5 ? "" : "s";
}

static gboolean
male (const CtsimDemoRun *run, guint j)
{
  return run->initial[run->follow[j]].sex == CS_SEX_MALE;
}

const char *
ctsim_demo_name (const CtsimDemoRun *run, guint j)
{
  g_return_val_if_fail (j < CTSIM_DEMO_FOLLOWED && run->follow[j] != CS_NONE,
                        "?");
  return (male (run, j) ? boys : girls)[j];
}

char *
ctsim_demo_marked_name (const CtsimDemoRun *run, guint j)
{
  return g_strdup_printf ("%c%c%s%c", CTSIM_DEMO_MARK, '1' + j,
                          ctsim_demo_name (run, j), CTSIM_DEMO_END);
}

const char *
ctsim_demo_she (const CtsimDemoRun *run, guint j)
{
  return male (run, j) ? "he" : "she";
}

const char *
ctsim_demo_her (const CtsimDemoRun *run, guint j)
{
  return male (run, j) ? "his" : "her";
}

const char *
ctsim_demo_her_obj (const CtsimDemoRun *run, guint j)
{
  return male (run, j) ? "him" : "her";
}

const char *
ctsim_demo_domain_words (CsDomain d)
{
  return d < CS_N_DOMAINS ? domain_words[d] : "?";
}

const char *
ctsim_demo_school_name (const CsParams *p, guint school)
{
  return school < p->n_schools ? p->schools[school].name : "a school";
}

const char *
ctsim_demo_service_name (const CsParams *p, const char *id)
{
  guint i = cs_params_find_service (p, id);

  return i != CS_NONE ? p->services[i].name : id;
}

const char *
ctsim_demo_provider_at (const CsParams *p, guint i)
{
  return i < p->n_providers ? p->providers[i].name : "(none)";
}

char *
ctsim_demo_commissioner (const CsParams *p, guint a)
{
  const char *id = p->arrangements[a].id;
  const char *colon = strchr (id, ':');
  guint sch, same = 0;

  for (guint b = 0; colon && b < p->n_arrangements; b++)
    same += strncmp (p->arrangements[b].id, id, (gsize)(colon - id + 1)) == 0;
  if (same < 2)
    return g_strdup (p->arrangements[a].name);
  sch = cs_params_find_school (p, colon + 1); /* a school commissions */
  return sch != CS_NONE ? g_strdup (p->schools[sch].name)
                        : g_strdup_printf ("The %s cluster", colon + 1);
}

gboolean
ctsim_demo_in_scope (const CsArrangement *a, const CsService *s)
{
  return (a->tiers & CS_BIT (s->tier)) && (a->sectors & CS_BIT (s->sector));
}

char *
ctsim_demo_place_words (const CsParams *p, const CsChildView *v)
{
  switch (v->place)
    {
    case CS_PLACE_ROLL:
      return g_strdup_printf ("at %s", ctsim_demo_school_name (p, v->school));
    case CS_PLACE_PRE_SCHOOL:
      return g_strdup (v->in_setting ? "pre-school, in an early-years setting"
                                     : "pre-school, at home");
    case CS_PLACE_EXCLUDED:
      return g_strdup ("excluded, on no school's roll");
    case CS_PLACE_HOME_EDUCATED:
      return g_strdup ("educated at home");
    case CS_PLACE_OUT_OF_AREA:
      return g_strdup ("looked after, placed out of the area");
    case CS_PLACE_POST_SCHOOL:
      return g_strdup ("past school age");
    default:
      return g_strdup ("no longer in the neighbourhood");
    }
}

glong
ctsim_demo_columns (const char *text)
{
  return visible (text, strlen (text));
}
