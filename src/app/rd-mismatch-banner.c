/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-mismatch-banner.h"

#include <glib/gi18n-lib.h>

/* The wrong-patient guard, over the report pane: the worklist's study
 * beside what the reporting app showed, the fields that differ marked,
 * and the way on (open the study again, or continue with this report). */

struct _RdMismatchBanner
{
  GtkBox    parent_instance;

  GtkGrid  *mismatch_grid;
  GtkLabel *mismatch_detail;
};

G_DEFINE_FINAL_TYPE (RdMismatchBanner, rd_mismatch_banner, GTK_TYPE_BOX)

static void
add_row (RdMismatchBanner *self,
         int               row,
         const char       *field,
         const char       *expected,
         const char       *shown)
{
  GtkWidget *name = gtk_label_new (field);
  GtkWidget *want = gtk_label_new (expected ? expected : "—");
  GtkWidget *got = gtk_label_new (shown ? shown : "—");

  gtk_widget_add_css_class (name, "field");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (want), 0);
  gtk_label_set_xalign (GTK_LABEL (got), 0);
  /* selectable to copy, but no stop for Tab: the keyboard never rests on text */
  gtk_label_set_selectable (GTK_LABEL (want), TRUE);
  gtk_label_set_selectable (GTK_LABEL (got), TRUE);
  gtk_widget_set_focusable (want, FALSE);
  gtk_widget_set_focusable (got, FALSE);
  /* a field the app did not name cannot differ */
  if (shown != NULL && row > 0 && g_strcmp0 (expected, shown) != 0)
    {
      gtk_widget_add_css_class (want, "differs");
      gtk_widget_add_css_class (got, "differs");
    }
  gtk_grid_attach (self->mismatch_grid, name, 0, row, 1, 1);
  gtk_grid_attach (self->mismatch_grid, want, 1, row, 1, 1);
  gtk_grid_attach (self->mismatch_grid, got, 2, row, 1, 1);
}

/* study: what the worklist opened (or NULL); shown: what the app named (or
 * NULL, then detail says what went wrong). */
void
rd_mismatch_banner_show (RdMismatchBanner   *self,
                         const RdStudy      *study,
                         const RdEventStudy *shown,
                         const char         *detail,
                         const char         *default_site_id)
{
  GtkWidget *child;
  g_autofree char *accession = NULL;
  const char *site = NULL;

  g_return_if_fail (RD_IS_MISMATCH_BANNER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mismatch_grid))) != NULL)
    gtk_grid_remove (self->mismatch_grid, child);
  gtk_label_set_label (self->mismatch_detail, shown == NULL && detail ? detail : "");
  if (shown == NULL)
    return;
  if (study != NULL)
    {
      site = rd_study_get_site_id (study) ? rd_study_get_site_id (study) : default_site_id;
      /* the one the app named when it is among the worklist's */
      for (guint i = 0; i < rd_study_get_n_accessions (study) && accession == NULL; i++)
        if (g_strcmp0 (shown->accession_number, rd_study_get_accession (study, i)) == 0)
          accession = g_strdup (shown->accession_number);
      if (accession == NULL)
        {
          g_autoptr(GString) all = g_string_new (NULL);

          for (guint i = 0; i < rd_study_get_n_accessions (study); i++)
            g_string_append_printf (all, "%s%s", i ? ", " : "", rd_study_get_accession (study, i));
          accession = g_string_free (g_steal_pointer (&all), FALSE);
        }
    }
  add_row (self, 0, "", _("Worklist"), _("Reporting app"));
  add_row (self, 1, _("MRN"), study ? rd_study_get_mrn (study) : NULL, shown->mrn);
  add_row (self, 2, _("Accession"), accession, shown->accession_number);
  add_row (self, 3, _("Site"), site, shown->site_id);
}

void
rd_mismatch_banner_hide (RdMismatchBanner *self)
{
  g_return_if_fail (RD_IS_MISMATCH_BANNER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
rd_mismatch_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_MISMATCH_BANNER);
  G_OBJECT_CLASS (rd_mismatch_banner_parent_class)->dispose (object);
}

static void
rd_mismatch_banner_class_init (RdMismatchBannerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_mismatch_banner_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/reportdock/ReportDock/rd-mismatch-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, RdMismatchBanner, mismatch_grid);
  gtk_widget_class_bind_template_child (widget_class, RdMismatchBanner, mismatch_detail);
}

static void
rd_mismatch_banner_init (RdMismatchBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
