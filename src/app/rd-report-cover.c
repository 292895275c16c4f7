/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-report-cover.h"

#include <glib/gi18n-lib.h>

/* Over the report pane while the worklist's study opens ("Opening the
 * report…", whose) or when it could not be opened (why, and Try Again), so
 * that no other patient's report shows meanwhile. It says which study; the
 * window makes the page under it take no clicks or keys. */

struct _RdReportCover
{
  GtkBox      parent_instance;

  GtkSpinner *cover_spinner;
  GtkWidget  *cover_icon;
  GtkLabel   *cover_title;
  GtkLabel   *cover_study;
  GtkLabel   *cover_reason;
  GtkWidget  *cover_reload;
};

G_DEFINE_FINAL_TYPE (RdReportCover, rd_report_cover, GTK_TYPE_BOX)

static void
show (RdReportCover *self,
      const RdStudy *study,
      gboolean       failed,
      const char    *reason)
{
  g_autofree char *what = rd_study_describe (study);

  gtk_label_set_label (self->cover_title, failed ? _("The report could not be opened") : _("Opening the report…"));
  gtk_label_set_label (self->cover_study, what);
  gtk_label_set_label (self->cover_reason, reason ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cover_reason), failed);
  gtk_widget_set_visible (self->cover_reload, failed);
  gtk_widget_set_visible (self->cover_icon, failed);
  gtk_widget_set_visible (GTK_WIDGET (self->cover_spinner), !failed);
  gtk_spinner_set_spinning (self->cover_spinner, !failed);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
rd_report_cover_show_opening (RdReportCover *self,
                              const RdStudy *study)
{
  g_return_if_fail (RD_IS_REPORT_COVER (self));
  g_return_if_fail (study != NULL);

  show (self, study, FALSE, NULL);
}

/* reason: in a user's words, settings named by their labels */
void
rd_report_cover_show_failed (RdReportCover *self,
                             const RdStudy *study,
                             const char    *reason)
{
  g_return_if_fail (RD_IS_REPORT_COVER (self));
  g_return_if_fail (study != NULL);

  show (self, study, TRUE, reason);
}

void
rd_report_cover_hide (RdReportCover *self)
{
  g_return_if_fail (RD_IS_REPORT_COVER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_spinner_set_spinning (self->cover_spinner, FALSE);
}

const char *
rd_report_cover_get_title (RdReportCover *self)
{
  g_return_val_if_fail (RD_IS_REPORT_COVER (self), NULL);

  return gtk_label_get_label (self->cover_title);
}

static void
rd_report_cover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_REPORT_COVER);
  G_OBJECT_CLASS (rd_report_cover_parent_class)->dispose (object);
}

static void
rd_report_cover_class_init (RdReportCoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_report_cover_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/reportdock/ReportDock/rd-report-cover.ui");
  gtk_widget_class_bind_template_child (widget_class, RdReportCover, cover_spinner);
  gtk_widget_class_bind_template_child (widget_class, RdReportCover, cover_icon);
  gtk_widget_class_bind_template_child (widget_class, RdReportCover, cover_title);
  gtk_widget_class_bind_template_child (widget_class, RdReportCover, cover_study);
  gtk_widget_class_bind_template_child (widget_class, RdReportCover, cover_reason);
  gtk_widget_class_bind_template_child (widget_class, RdReportCover, cover_reload);
}

static void
rd_report_cover_init (RdReportCover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
