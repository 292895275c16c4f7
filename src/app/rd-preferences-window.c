/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-preferences"

#include "config.h"

#include "rd-api-key-row.h"
#include "rd-button-map-editor.h"
#include "rd-controller-factory.h"
#include "rd-device-tester.h"
#include "rd-mic-tester.h"
#include "rd-preferences-window.h"
#include "rd-setting-check.h"
#include "rd-settings-form.h"
#include "rd-viewer-url.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Every field is bound to its GSettings key, so a change is saved at once
 * and a key an administrator locked (dconf) shows insensitive. Text fields
 * are checked as typed and saved only when they pass (RdSettingsForm); the
 * vendor page shows only the chosen profile's fields. Widgets carry their
 * key as their name. */

struct _RdPreferencesWindow
{
  GtkWindow   parent_instance;

  GSettings  *settings;
  RdStudy    *study;          /* for the viewer preview: the open one, or a sample */
  GHashTable *widgets;        /* key → widget */

  GtkLabel   *viewer_preview;
  GtkWidget  *demo_notice;
  GtkStack   *stack;
  GtkBox     *vendor_fields;
  GtkBox     *events_fields;
  GtkBox     *viewer_fields;
  GtkBox     *devices_box;
  GtkBox     *button_map_box;
  GtkBox     *mic_box;
  RdApiKeyRow *key_row;

  RdSettingsForm    *vendor_form;    /* NULL for the demo profile */
  RdSettingsForm    *events_form;
  RdSettingsForm    *viewer_form;
  RdDeviceTester    *device_tester;
  RdButtonMapEditor *button_map;
  RdMicTester       *mic_tester;
};

G_DEFINE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, GTK_TYPE_WINDOW)

/* dropdown positions ↔ setting values */
static const char * const profiles[] = { "radpair", "mdai", "avara", "demo", NULL };
static const char * const record_modes[] = { "toggle", "push-to-talk", NULL };
static const char * const mic_checks[] = { "off", "warn", "block", NULL };
/* the vendors' languages (protocol.md §2); "" is the desktop's */
static const char * const languages[] = { "", "en", "es", "fr", "ja", "de", "nl", "ko", "pl", "ro", "pt", "zh-CN",
                                          "zh-Hant", NULL };

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
  GtkWidget *widget = g_hash_table_lookup (self->widgets, key);

  if (widget == NULL && self->vendor_form != NULL)
    widget = rd_settings_form_get_entry (self->vendor_form, key);
  if (widget == NULL)
    widget = rd_settings_form_get_entry (self->events_form, key);
  if (widget == NULL)
    widget = rd_settings_form_get_entry (self->viewer_form, key);
  return widget;
}

/* Why a field's text is not saved, or what is wrong with the file it
 * names; NULL when all is well. */
const char *
rd_preferences_window_get_problem (RdPreferencesWindow *self,
                                   const char          *key)
{
  const char *problem = self->vendor_form ? rd_settings_form_get_problem (self->vendor_form, key) : NULL;

  if (problem == NULL)
    problem = rd_settings_form_get_problem (self->events_form, key);
  return problem ? problem : rd_settings_form_get_problem (self->viewer_form, key);
}

/* The chosen profile's fields, rebuilt when the profile changes. */
static void
show_vendor_fields (RdPreferencesWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "profile");
  g_autoptr(RdProfile) profile = rd_controller_factory_load_profile (name, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->vendor_fields))) != NULL)
    gtk_box_remove (self->vendor_fields, child);
  self->vendor_form = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), profile != NULL && !g_str_equal (name, "demo"));
  if (profile == NULL || g_str_equal (name, "demo"))
    {
      GtkWidget *note = gtk_label_new (_("The demo profile needs no settings: it runs its own reporting service."));

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_box_append (self->vendor_fields, note);
      return;
    }
  self->vendor_form = rd_settings_form_new (self->settings, rd_setting_keys_for (profile),
                                            rd_profile_get_required_settings (profile));
  gtk_box_append (self->vendor_fields, GTK_WIDGET (self->vendor_form));
  rd_api_key_row_set_profile (self->key_row, name);
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
                                      : g_str_equal (key, "app-language") ? languages
                                      : mic_checks;

          g_settings_bind_with_mapping (self->settings, key, widget, "selected", G_SETTINGS_BIND_DEFAULT,
                                        choice_to_selected, selected_to_choice, (gpointer) choices, NULL);
        }
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
rd_preferences_window_new (GtkWindow       *parent,
                           const RdStudy   *study,
                           gboolean         demo,
                           RdDeviceMonitor *devices)
{
  RdPreferencesWindow *self = g_object_new (RD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  static const char * const events_keys[] = { "events-url", "events-secret-file", "relay-secret-file", NULL };
  static const char * const viewer_keys[] = { "viewer-url-template", NULL };

  /* the demo runs its own vendor: say so, rather than show settings that do nothing */
  gtk_widget_set_visible (self->demo_notice, demo);
  self->study = study ? rd_study_copy (study) : sample_study ();
  collect_named (self, GTK_WIDGET (self));
  bind_all (self);
  show_vendor_fields (self);
  g_signal_connect_object (self->settings, "changed::profile", G_CALLBACK (show_vendor_fields), self,
                           G_CONNECT_SWAPPED);
  self->viewer_form = rd_settings_form_new (self->settings, viewer_keys, NULL);
  gtk_box_append (self->viewer_fields, GTK_WIDGET (self->viewer_form));
  self->events_form = rd_settings_form_new (self->settings, events_keys, NULL);
  gtk_box_append (self->events_fields, GTK_WIDGET (self->events_form));
  self->device_tester = rd_device_tester_new (devices);
  gtk_box_append (self->devices_box, GTK_WIDGET (self->device_tester));
  self->button_map = rd_button_map_editor_new (self->settings);
  gtk_box_append (self->button_map_box, GTK_WIDGET (self->button_map));
  self->mic_tester = rd_mic_tester_new (self->settings);
  gtk_box_append (self->mic_box, GTK_WIDGET (self->mic_tester));
  g_signal_connect_object (self->settings, "changed::viewer-url-template", G_CALLBACK (update_viewer_preview),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::default-site-id", G_CALLBACK (update_viewer_preview),
                           self, G_CONNECT_SWAPPED);
  update_viewer_preview (self);
  return self;
}

RdDeviceTester *
rd_preferences_window_get_device_tester (RdPreferencesWindow *self)
{
  return self->device_tester;
}

RdButtonMapEditor *
rd_preferences_window_get_button_map (RdPreferencesWindow *self)
{
  return self->button_map;
}

RdMicTester *
rd_preferences_window_get_mic_tester (RdPreferencesWindow *self)
{
  return self->mic_tester;
}

void
rd_preferences_window_show_page (RdPreferencesWindow *self,
                                 const char          *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
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
  g_type_ensure (RD_TYPE_API_KEY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/reportdock/ReportDock/rd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, viewer_preview);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, demo_notice);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, vendor_fields);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, events_fields);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, viewer_fields);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, devices_box);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, button_map_box);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, mic_box);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, stack);
}

static void
rd_preferences_window_init (RdPreferencesWindow *self)
{
  GtkEventController *escape = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* caught before any focused field sees it: Escape closes from anywhere */
  gtk_event_controller_set_propagation_phase (escape, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (self), escape);
  self->settings = g_settings_new (SCHEMA_ID);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
