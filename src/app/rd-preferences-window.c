/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-preferences"

#include "config.h"

#include "rd-preferences-window.h"
#include "rd-viewer-url.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Every field is bound to its GSettings key, so a change is saved at once
 * and a key an administrator locked (dconf) shows insensitive. Widgets
 * carry their key as their name. */

struct _RdPreferencesWindow
{
  GtkWindow   parent_instance;

  GSettings  *settings;
  RdStudy    *study;          /* for the viewer preview: the open one, or a sample */
  GHashTable *widgets;        /* key → widget */

  GtkLabel   *viewer_preview;
  GtkWidget  *demo_notice;
  GtkLabel   *api_key_warning;
  GtkLabel   *events_secret_warning;
  GtkLabel   *relay_secret_warning;
};

G_DEFINE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, GTK_TYPE_WINDOW)

/* dropdown positions ↔ setting values */
static const char * const profiles[] = { "radpair", "mdai", "avara", "demo", NULL };
static const char * const record_modes[] = { "toggle", "push-to-talk", NULL };
static const char * const mic_checks[] = { "off", "warn", "block", NULL };

static gboolean
choice_to_selected (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], text))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static GVariant *
selected_to_choice (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[selected]);
}

static gboolean
uint_to_double (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
double_to_uint (const GValue       *value,
                const GVariantType *type,
                gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

static void
collect_named (RdPreferencesWindow *self,
               GtkWidget           *widget)
{
  const char *name = gtk_widget_get_name (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_named (self, child);
  /* unnamed widgets are named after their type (GtkLabel…) */
  if (name != NULL && !g_str_has_prefix (name, "Gtk") && !g_str_has_prefix (name, "Rd"))
    g_hash_table_insert (self->widgets, g_strdup (name), widget);
}

GtkWidget *
rd_preferences_window_get_widget (RdPreferencesWindow *self,
                                  const char          *key)
{
  return g_hash_table_lookup (self->widgets, key);
}

/* A secret file must be readable by its owner only (the code refuses it
 * otherwise): say so here, before it bites. */
static void
check_secret_file (RdPreferencesWindow *self,
                   const char          *key,
                   GtkLabel            *warning)
{
  g_autofree char *path = g_settings_get_string (self->settings, key);
  g_autofree char *text = NULL;
  GStatBuf st;

  if (path[0] == '\0')
    ;
  else if (g_stat (path, &st) != 0)
    text = g_strdup_printf (_("%s cannot be read: %s"), path, g_strerror (errno));
  else if ((st.st_mode & 0077) != 0)
    text = g_strdup_printf (_("Other users can read this file, so it will be refused. Run: chmod 600 %s"), path);
  gtk_label_set_label (warning, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (warning), text != NULL);
}

static void
on_secret_files_changed (RdPreferencesWindow *self)
{
  check_secret_file (self, "api-key-file", self->api_key_warning);
  check_secret_file (self, "events-secret-file", self->events_secret_warning);
  check_secret_file (self, "relay-secret-file", self->relay_secret_warning);
}

const char *
rd_preferences_window_get_file_warning (RdPreferencesWindow *self,
                                        const char          *key)
{
  GtkLabel *label = g_str_equal (key, "api-key-file") ? self->api_key_warning
                  : g_str_equal (key, "events-secret-file") ? self->events_secret_warning
                  : self->relay_secret_warning;

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : NULL;
}

/* What the viewer pane would load for the open study. */
static void
update_viewer_preview (RdPreferencesWindow *self)
{
  g_autofree char *template = g_settings_get_string (self->settings, "viewer-url-template");
  g_autofree char *site = g_settings_get_string (self->settings, "default-site-id");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;

  if (template[0] == '\0')
    text = g_strdup (_("Empty: the viewer pane is hidden."));
  else if ((url = rd_viewer_url_expand (template, self->study, site, &error)) != NULL)
    text = g_strdup_printf (_("For MRN %s the viewer opens: %s"), rd_study_get_mrn (self->study), url);
  else
    text = g_strdup_printf (_("Not usable: %s"), error->message);
  gtk_label_set_label (self->viewer_preview, text);
}

gboolean
rd_preferences_window_is_showing_demo_notice (RdPreferencesWindow *self)
{
  return gtk_widget_get_visible (self->demo_notice);
}

const char *
rd_preferences_window_get_viewer_preview (RdPreferencesWindow *self)
{
  return gtk_label_get_label (self->viewer_preview);
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                gpointer         user_data)
{
  GtkEntry *entry = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), path);
    }
  g_object_unref (dialog);
}

static void
on_choose_clicked (GtkButton *button,
                   gpointer   user_data)
{
  RdPreferencesWindow *self = user_data;
  g_autofree char *key = g_strndup (gtk_widget_get_name (GTK_WIDGET (button)),
                                    strlen (gtk_widget_get_name (GTK_WIDGET (button))) - strlen ("-choose"));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Choose a File"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);

  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), rd_preferences_window_get_widget (self, key));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
bind_all (RdPreferencesWindow *self)
{
  GHashTableIter iter;
  gpointer key, widget;

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &key, &widget))
    {
      if (GTK_IS_ENTRY (widget))
        g_settings_bind (self->settings, key, widget, "text", G_SETTINGS_BIND_DEFAULT);
      else if (GTK_IS_SPIN_BUTTON (widget))
        g_settings_bind_with_mapping (self->settings, key, widget, "value", G_SETTINGS_BIND_DEFAULT,
                                      uint_to_double, double_to_uint, NULL, NULL);
      else if (GTK_IS_DROP_DOWN (widget))
        {
          const char * const *choices = g_str_equal (key, "profile") ? profiles
                                      : g_str_equal (key, "record-mode") ? record_modes
                                      : mic_checks;

          g_settings_bind_with_mapping (self->settings, key, widget, "selected", G_SETTINGS_BIND_DEFAULT,
                                        choice_to_selected, selected_to_choice, (gpointer) choices, NULL);
        }
      else if (GTK_IS_BUTTON (widget) && g_str_has_suffix (key, "-choose"))
        g_signal_connect_object (widget, "clicked", G_CALLBACK (on_choose_clicked), self, 0);
    }
}

static RdStudy *
sample_study (void)
{
  RdStudy *study = rd_study_new ();

  rd_study_set_mrn (study, "MRN-0001", NULL);
  rd_study_add_accession (study, "ACC-0001", NULL);
  rd_study_set_study_uid (study, "1.2.840.113619.2.55.3.1", NULL);
  return study;
}

RdPreferencesWindow *
rd_preferences_window_new (GtkWindow     *parent,
                           const RdStudy *study,
                           gboolean       demo)
{
  RdPreferencesWindow *self = g_object_new (RD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  /* the demo runs its own vendor: say so, rather than show settings that do nothing */
  gtk_widget_set_visible (self->demo_notice, demo);
  self->study = study ? rd_study_copy (study) : sample_study ();
  collect_named (self, GTK_WIDGET (self));
  bind_all (self);
  g_signal_connect_object (self->settings, "changed::viewer-url-template", G_CALLBACK (update_viewer_preview),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-site-id", G_CALLBACK (update_viewer_preview),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::api-key-file", G_CALLBACK (on_secret_files_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::events-secret-file", G_CALLBACK (on_secret_files_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::relay-secret-file", G_CALLBACK (on_secret_files_changed),
                           self, G_CONNECT_SWAPPED);
  update_viewer_preview (self);
  on_secret_files_changed (self);
  return self;
}

static void
rd_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (rd_preferences_window_parent_class)->dispose (object);
}

static void
rd_preferences_window_finalize (GObject *object)
{
  RdPreferencesWindow *self = RD_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->study, rd_study_free);
  g_hash_table_unref (self->widgets);
  G_OBJECT_CLASS (rd_preferences_window_parent_class)->finalize (object);
}

static void
rd_preferences_window_class_init (RdPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_preferences_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_preferences_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/reportdock/ReportDock/rd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, viewer_preview);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, demo_notice);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, api_key_warning);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, events_secret_warning);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, relay_secret_warning);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rd_preferences_window_init (RdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (SCHEMA_ID);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
