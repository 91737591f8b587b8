/* ctsim-charts-waits.c: the data of the charts of waiting times by service
 * (waits) (see ctsim-charts-private.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/ctsim-charts-private.h"
#include "app/ctsim-plots.h"
#include "app/ctsim-table.h"

/* A service with a wait: its group and the mean to sort by. */
typedef struct
{
  const char *group;
  double key;
} Wait;

static gint
wait_cmp (gconstpointer a, gconstpointer b)
{
  const Wait *x = a, *y = b;

  return (x->key < y->key) - (x->key > y->key); /* longest first */
}

/* Services with a finite mean wait in some series, longest wait (in the
 * first series that has one) first, at most 60. */
static GArray *
waiting_services (const CtsimChartCtx *ctx, const char *measure)
{
  GArray *waits = g_array_new (FALSE, FALSE, sizeof (Wait));
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint s = 0; s < ctx->in->n_series; s++)
    for (guint i = 0; i < ctx->ix[s].order->len; i++)
      {
        const CtsimIndexEntry *e = ctx->ix[s].order->pdata[i];
        Wait w = { e->group, -G_MAXDOUBLE };
        CtsimCi ci;

        if (e->year != SIM_YEAR_ALL || e->measure != measure
            || !g_str_has_prefix (e->group, CS_OUT_SERVICE_PREFIX)
            || g_hash_table_contains (seen, e->group))
          continue;
        for (guint t = 0; t < ctx->in->n_series && w.key == -G_MAXDOUBLE; t++)
          if (ctsim_index_ci (&ctx->ix[t], SIM_YEAR_ALL, e->group, measure,
                              &ci))
            w.key = ci.mean;
        g_hash_table_add (seen, (gpointer)e->group);
        if (w.key != -G_MAXDOUBLE)
          g_array_append_val (waits, w);
      }
  g_array_sort (waits, wait_cmp);
  if (waits->len > 60)
    g_array_set_size (waits, 60);
  return waits;
}

/* Waiting times by service: block s = index mean lo hi "service". */
gboolean
ctsim_chart_waits (const CtsimChartCtx *ctx, GString *dat, GString **caption)
{
  const char *measure = g_intern_static_string (CS_OUT_WAITING_DAYS_MEAN);
  g_autoptr (GArray) waits = waiting_services (ctx, measure);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  guint width = 0;

  if (waits->len == 0)
    return FALSE;
  for (guint g = 0; g < waits->len; g++)
    {
      const char *group = g_array_index (waits, Wait, g).group;
      const char *id = group + strlen (CS_OUT_SERVICE_PREFIX);
      const char *name
          = ctx->in->names ? g_hash_table_lookup (ctx->in->names, group) : NULL;
      /* the service's name in words (issue 18 item 4), else its id */
      const char *label = name && *name ? name : id;

      g_ptr_array_add (labels, (gpointer)label);
      width = MAX (width, (guint)g_utf8_strlen (label, -1));
    }
  for (guint s = 0; s < ctx->in->n_series; s++)
    {
      g_string_append_printf (dat, "# series %u: index mean lo hi service\n",
                              s + 1);
      for (guint g = 0; g < waits->len; g++)
        {
          CtsimCi ci;

          ctsim_index_ci (&ctx->ix[s], SIM_YEAR_ALL,
                          g_array_index (waits, Wait, g).group, measure, &ci);
          g_string_append_printf (dat, "%u", g + 1);
          ctsim_dat_ci (dat, &ci, 1.0);
          ctsim_dat_label (dat, labels->pdata[g]);
          g_string_append_c (dat, '\n');
        }
      ctsim_dat_end_block (dat);
    }
  ctsim_meta_int (ctx->meta, "waits_n", waits->len);
  ctsim_meta_int (ctx->meta, "waits_label_width", width);
  ctsim_plots_meta_array (ctx->meta, "waits_label",
                          (const char *const *)labels->pdata, labels->len);
  *caption = g_string_new (
      "Mean wait from referral to the start of an episode, by service "
      "(services with a waiting list, longest wait first), over the whole "
      "run, with the 95% interval across replications.");
  return TRUE;
}
