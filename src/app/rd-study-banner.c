/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-study-banner.h"

#include <glib/gi18n-lib.h>

/* The patient and the study as the worklist gave them, above both panes:
 * name, sex, age, birth date, MRN, every accession (the first few, then a
 * visible count and all of them in the tooltip: never cut silently),
 * modality, body part, description and site; the vendor's word on the
 * report (MD.ai) and its QR hand-off. A change of study is marked for a
 * moment and announced to screen readers. */

#define ACCESSIONS_SHOWN    3
#define SWITCH_HIGHLIGHT_MS 1500

struct _RdStudyBanner
{
  GtkBox      parent_instance;

  GtkLabel   *banner_name;
  GtkLabel   *banner_demographics;
  GtkLabel   *banner_mrn;
  GtkWidget  *banner_details;
  GtkLabel   *banner_accessions;
  GtkLabel   *banner_study;
  GtkLabel   *banner_site;
  GtkLabel   *banner_report_status;
  GtkWidget  *qr_button;
  GtkPicture *qr_picture;

  RdStudy    *shown_study;   /* to tell a change */
  char       *title;         /* "Name — MRN M", or NULL */
  char       *patient_line;  /* the viewer window's banner, or NULL */
  char       *announcement;  /* what a screen reader says of a switch, or NULL */
  guint       switched_source;
};

G_DEFINE_FINAL_TYPE (RdStudyBanner, rd_study_banner, GTK_TYPE_BOX)

static gboolean
end_switch_highlight (gpointer user_data)
{
  RdStudyBanner *self = user_data;

  self->switched_source = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self), "switched");
  return G_SOURCE_REMOVE;
}

/* Joins the non-empty parts with " · ". */
static char *
join_parts (const char * const *parts,
            guint               n)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (parts[i] != NULL && parts[i][0] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " · " : "", parts[i]);
  return out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
show_no_study (RdStudyBanner *self)
{
  gtk_label_set_label (self->banner_mrn, _("No study open"));
  gtk_widget_set_visible (GTK_WIDGET (self->banner_name), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_demographics), FALSE);
  gtk_widget_set_visible (self->banner_details, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("No study open"), -1);
}

/* Shows the study (NULL: none); TRUE when it is another study than the one
 * shown before. */
gboolean
rd_study_banner_show_study (RdStudyBanner *self,
                            const RdStudy *study,
                            const char    *default_site_id)
{
  g_autofree char *mrn = NULL, *site = NULL, *accession_label = NULL, *name = NULL;
  g_autofree char *demographics = NULL, *details = NULL, *age = NULL, *born = NULL, *birth = NULL;
  g_autofree char *all = NULL;
  g_autoptr(GString) accessions = NULL;
  gboolean changed;
  guint n;

  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), FALSE);

  changed = !rd_study_equal (study, self->shown_study);
  g_clear_pointer (&self->shown_study, rd_study_free);
  self->shown_study = study ? rd_study_copy (study) : NULL;
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->patient_line, g_free);
  g_clear_pointer (&self->announcement, g_free);
  if (study == NULL)
    {
      show_no_study (self);
      return changed;
    }

  n = rd_study_get_n_accessions (study);
  accessions = g_string_new (NULL);
  for (guint i = 0; i < MIN (n, ACCESSIONS_SHOWN); i++)
    g_string_append_printf (accessions, "%s%s", i ? ", " : "", rd_study_get_accession (study, i));
  if (n > ACCESSIONS_SHOWN)
    /* Translators: after the first accession numbers, how many more there are */
    g_string_append_printf (accessions, g_dngettext (GETTEXT_PACKAGE, " +%u more", " +%u more",
                                                     n - ACCESSIONS_SHOWN),
                            n - ACCESSIONS_SHOWN);
  {
    g_autoptr(GString) every = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
      g_string_append_printf (every, "%s%s", i ? ", " : "", rd_study_get_accession (study, i));
    all = g_string_free (g_steal_pointer (&every), FALSE);
  }
  accession_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accession %s", "Accessions %s", n),
                                     accessions->str);
  mrn = g_strdup_printf (_("MRN %s"), rd_study_get_mrn (study));
  site = g_strdup_printf (_("Site %s"), rd_study_get_site_id (study) ? rd_study_get_site_id (study)
                                                                     : default_site_id);
  name = rd_study_format_person_name (rd_study_get_meta (study, "patient_name"));
  age = rd_study_format_age (rd_study_get_meta (study, "patient_age"));
  /* no age sent: the age on the study's day, from the birth date */
  if (age == NULL)
    age = rd_study_age_at (rd_study_get_meta (study, "patient_birth_date"), rd_study_get_meta (study, "study_date"));
  birth = rd_study_format_date (rd_study_get_meta (study, "patient_birth_date"));
  /* Translators: the patient's birth date, e.g. "born 1962-03-14" */
  born = birth ? g_strdup_printf (_("born %s"), birth) : NULL;
  {
    const char *sex = rd_study_get_meta (study, "patient_sex") ? rd_study_get_meta (study, "patient_sex")
                                                               : rd_study_get_meta (study, "patient_gender");
    const char *parts[] = { sex, age, born };

    demographics = join_parts (parts, G_N_ELEMENTS (parts));
  }
  {
    g_autofree char *date = rd_study_format_date (rd_study_get_meta (study, "study_date"));
    const char *parts[] = { rd_study_get_meta (study, "modality"), rd_study_get_meta (study, "body_part"),
                            rd_study_get_meta (study, "studyDescription"), date };

    details = join_parts (parts, G_N_ELEMENTS (parts));
  }

  gtk_label_set_label (self->banner_name, name ? name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_name), name != NULL);
  gtk_label_set_label (self->banner_demographics, demographics ? demographics : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_demographics), demographics != NULL);
  gtk_label_set_label (self->banner_mrn, mrn);
  gtk_label_set_label (self->banner_accessions, accession_label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_accessions), all);
  gtk_label_set_label (self->banner_study, details ? details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_study), details != NULL);
  gtk_label_set_label (self->banner_site, site);
  gtk_widget_set_visible (self->banner_details, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "empty");

  self->title = name ? g_strdup_printf ("%s — %s", name, mrn) : g_strdup (mrn);
  self->patient_line = g_strdup_printf ("%s%s%s · %s", name ? name : "", name ? " — " : "", mrn, accession_label);
  /* Translators: said by a screen reader when the worklist switches patient */
  self->announcement = g_strdup_printf (_("Patient changed: %s %s, %s"), name ? name : "", mrn, accession_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->announcement, -1);
  if (changed)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "switched");
      g_clear_handle_id (&self->switched_source, g_source_remove);
      self->switched_source = g_timeout_add (SWITCH_HIGHLIGHT_MS, end_switch_highlight, self);
    }
  return changed;
}

/* What the vendor says of the report (MD.ai: Final, Draft, PreLaunch, and
 * whose it is) and its QR code hand-off; NULLs for none. */
void
rd_study_banner_show_report_info (RdStudyBanner *self,
                                  const char    *status,
                                  const char    *owner,
                                  GBytes        *qr_png)
{
  g_autofree char *text = NULL;
  const char *what = NULL;

  g_return_if_fail (RD_IS_STUDY_BANNER (self));

  if (g_strcmp0 (status, "Final") == 0)
    what = _("Signed report — read only");
  else if (g_strcmp0 (status, "Draft") == 0)
    what = _("Draft");
  else if (g_strcmp0 (status, "PreLaunch") == 0)
    what = _("Not started");
  if (what != NULL && owner != NULL)
    /* Translators: report status and its owner, e.g. "Draft · Dr. Kim" */
    text = g_strdup_printf (_("%s · %s"), what, owner);
  else if (what != NULL)
    text = g_strdup (what);
  gtk_label_set_label (self->banner_report_status, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->banner_report_status), text != NULL);
  if (g_strcmp0 (status, "Final") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->banner_report_status), "final");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->banner_report_status), "final");

  gtk_widget_set_visible (self->qr_button, qr_png != NULL);
  if (qr_png != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (qr_png, &error);

      if (texture == NULL)
        {
          g_info ("the vendor's QR code is not an image: %s", error->message);
          gtk_widget_set_visible (self->qr_button, FALSE);
        }
      gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
    }
  else
    gtk_picture_set_paintable (self->qr_picture, NULL);
}

/* The window's title for the study shown, or NULL for none. */
const char *
rd_study_banner_get_title (RdStudyBanner *self)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), NULL);

  return self->title;
}

/* One line for the viewer's own window, or NULL for no study. */
const char *
rd_study_banner_get_patient_line (RdStudyBanner *self)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), NULL);

  return self->patient_line;
}

const char *
rd_study_banner_get_announcement (RdStudyBanner *self)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), NULL);

  return self->announcement;
}

/* which: "name", "demographics", "accessions", "study"; else the MRN line */
const char *
rd_study_banner_get_text (RdStudyBanner *self,
                          const char    *which)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  if (g_str_equal (which, "name"))
    return gtk_label_get_label (self->banner_name);
  if (g_str_equal (which, "demographics"))
    return gtk_label_get_label (self->banner_demographics);
  if (g_str_equal (which, "accessions"))
    return gtk_label_get_label (self->banner_accessions);
  if (g_str_equal (which, "study"))
    return gtk_label_get_label (self->banner_study);
  return gtk_label_get_label (self->banner_mrn);
}

gboolean
rd_study_banner_is_marking_switch (RdStudyBanner *self)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "switched");
}

gboolean
rd_study_banner_is_offering_qr_code (RdStudyBanner *self)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), FALSE);

  return gtk_widget_get_visible (self->qr_button) && gtk_picture_get_paintable (self->qr_picture) != NULL;
}

const char *
rd_study_banner_get_report_status_text (RdStudyBanner *self)
{
  g_return_val_if_fail (RD_IS_STUDY_BANNER (self), NULL);

  return gtk_label_get_label (self->banner_report_status);
}

static void
rd_study_banner_dispose (GObject *object)
{
  RdStudyBanner *self = RD_STUDY_BANNER (object);

  g_clear_handle_id (&self->switched_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RD_TYPE_STUDY_BANNER);
  G_OBJECT_CLASS (rd_study_banner_parent_class)->dispose (object);
}

static void
rd_study_banner_finalize (GObject *object)
{
  RdStudyBanner *self = RD_STUDY_BANNER (object);

  g_clear_pointer (&self->shown_study, rd_study_free);
  g_free (self->title);
  g_free (self->patient_line);
  g_free (self->announcement);
  G_OBJECT_CLASS (rd_study_banner_parent_class)->finalize (object);
}

static void
rd_study_banner_class_init (RdStudyBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rd_study_banner_dispose;
  object_class->finalize = rd_study_banner_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/reportdock/ReportDock/rd-study-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_name);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_demographics);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_mrn);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_details);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_accessions);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_study);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_site);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, banner_report_status);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, qr_button);
  gtk_widget_class_bind_template_child (widget_class, RdStudyBanner, qr_picture);
}

static void
rd_study_banner_init (RdStudyBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
