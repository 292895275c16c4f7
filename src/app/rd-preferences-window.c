/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-preferences"

#include "config.h"

#include "rd-api-key-row.h"
#include "rd-settings-keys.h"
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
  GtkBox     *desktop_viewer_fields;
  GtkBox     *vendor_options;
  GtkBox     *devices_box;
  GtkBox     *button_map_box;
  GtkBox     *mic_box;
  RdApiKeyRow *key_row;
  GtkSizeGroup *vendor_labels;
  GtkSizeGroup *viewer_labels;

  RdSettingsForm    *vendor_form;    /* NULL for the demo profile */
  RdSettingsForm    *vendor_options_form;   /* NULL for the demo profile */
  RdSettingsForm    *events_form;
  RdSettingsForm    *viewer_form;
  RdSettingsForm    *desktop_viewer_form;
  RdDeviceTester    *device_tester;
  RdButtonMapEditor *button_map;
  RdMicTester       *mic_tester;
};

G_DEFINE_FINAL_TYPE (RdPreferencesWindow, rd_preferences_window, GTK_TYPE_WINDOW)

/* dropdown positions ↔ setting values */
static const char * const profiles[] = { "radpair", "mdai", "avara", "demo", NULL };
static const char * const record_modes[] = { "toggle", "push-to-talk", NULL };
static const char * const mic_checks[] = { "off", "warn", "block", NULL };

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

/* The forms shown now; the vendor's two are missing for the demo. */
static RdSettingsForm *
form_with (RdPreferencesWindow *self,
           const char          *key)
{
  RdSettingsForm *forms[] = { self->vendor_form, self->vendor_options_form, self->events_form, self->viewer_form,
                              self->desktop_viewer_form };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    if (forms[i] != NULL && rd_settings_form_get_control (forms[i], key) != NULL)
      return forms[i];
  return NULL;
}

GtkWidget *
rd_preferences_window_get_widget (RdPreferencesWindow *self,
                                  const char          *key)
{
  GtkWidget *widget = NULL;
  RdSettingsForm *form = NULL;

  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  widget = g_hash_table_lookup (self->widgets, key);
  form = widget ? NULL : form_with (self, key);
  return form ? rd_settings_form_get_control (form, key) : widget;
}

/* Why a field's text is not saved, or what is wrong with the file it
 * names; NULL when all is well. */
const char *
rd_preferences_window_get_problem (RdPreferencesWindow *self,
                                   const char          *key)
{
  RdSettingsForm *form = form_with (self, key);

  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);

  return form ? rd_settings_form_get_problem (form, key) : NULL;
}

/* The chosen profile's fields, rebuilt when the profile changes. */
static void
show_vendor_fields (RdPreferencesWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, RD_KEY_PROFILE);
  g_autoptr(RdProfile) profile = rd_controller_factory_load_profile (name, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->vendor_fields))) != NULL)
    gtk_box_remove (self->vendor_fields, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->vendor_options))) != NULL)
    gtk_box_remove (self->vendor_options, child);
  self->vendor_form = NULL;
  self->vendor_options_form = NULL;
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
  self->vendor_options_form = rd_settings_form_new (self->settings, rd_setting_options_for (profile), NULL);
  gtk_box_append (self->vendor_options, GTK_WIDGET (self->vendor_options_form));
  g_clear_object (&self->vendor_labels);
  self->vendor_labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  rd_settings_form_align_labels (self->vendor_form, self->vendor_labels);
  rd_settings_form_align_labels (self->vendor_options_form, self->vendor_labels);
  rd_api_key_row_set_profile (self->key_row, name);
}

/* What the viewer pane would load for the open study. */
static void
update_viewer_preview (RdPreferencesWindow *self)
{
  g_autofree char *template = g_settings_get_string (self->settings, RD_KEY_VIEWER_URL_TEMPLATE);
  g_autofree char *site = g_settings_get_string (self->settings, RD_KEY_DEFAULT_SITE_ID);
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
  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), FALSE);

  return gtk_widget_get_visible (self->demo_notice);
}

const char *
rd_preferences_window_get_viewer_preview (RdPreferencesWindow *self)
{
  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);

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
        rd_settings_bind_number (self->settings, key, GTK_SPIN_BUTTON (widget));
      else if (GTK_IS_DROP_DOWN (widget))
        {
          const char * const *choices = g_str_equal (key, RD_KEY_PROFILE) ? profiles
                                      : g_str_equal (key, RD_KEY_RECORD_MODE) ? record_modes
                                      : mic_checks;

          rd_settings_bind_choice (self->settings, key, GTK_DROP_DOWN (widget), choices);
        }
    }
}

RdPreferencesWindow *
rd_preferences_window_new (GtkWindow       *parent,
                           const RdStudy   *study,
                           gboolean         demo,
                           RdDeviceMonitor *devices)
{
  RdPreferencesWindow *self = g_object_new (RD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  static const char * const events_keys[] = { RD_KEY_EVENTS_URL, RD_KEY_EVENTS_SECRET_FILE,
                                              RD_KEY_EVENTS_GIVE_UP_HOURS, RD_KEY_LAUNCH_SECRET_FILE,
                                              RD_KEY_START_AT_LOGIN, RD_KEY_RELAY_SECRET_FILE,
                                              RD_KEY_IMAGE_URLS_COMMAND, NULL };
  static const char * const viewer_keys[] = { RD_KEY_VIEWER_URL_TEMPLATE, RD_KEY_VIEWER_PROFILE, NULL };
  static const char * const desktop_viewer_keys[] = { RD_KEY_VIEWER_URI_TEMPLATE, RD_KEY_VIEWER_COMMAND,
                                                      RD_KEY_VIEWER_CLOSE_COMMAND, RD_KEY_VIEWER_COMMAND_TIMEOUT,
                                                      NULL };

  /* the demo runs its own vendor: say so, rather than show settings that do nothing */
  gtk_widget_set_visible (self->demo_notice, demo);
  self->study = study ? rd_study_copy (study) : rd_study_new_example ();
  collect_named (self, GTK_WIDGET (self));
  bind_all (self);
  show_vendor_fields (self);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_PROFILE, G_CALLBACK (show_vendor_fields), self,
                           G_CONNECT_SWAPPED);
  self->viewer_form = rd_settings_form_new (self->settings, viewer_keys, NULL);
  gtk_box_append (self->viewer_fields, GTK_WIDGET (self->viewer_form));
  self->desktop_viewer_form = rd_settings_form_new (self->settings, desktop_viewer_keys, NULL);
  gtk_box_append (self->desktop_viewer_fields, GTK_WIDGET (self->desktop_viewer_form));
  self->viewer_labels = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  rd_settings_form_align_labels (self->viewer_form, self->viewer_labels);
  rd_settings_form_align_labels (self->desktop_viewer_form, self->viewer_labels);
  self->events_form = rd_settings_form_new (self->settings, events_keys, NULL);
  gtk_box_append (self->events_fields, GTK_WIDGET (self->events_form));
  self->device_tester = rd_device_tester_new (devices);
  gtk_box_append (self->devices_box, GTK_WIDGET (self->device_tester));
  self->button_map = rd_button_map_editor_new (self->settings);
  gtk_box_append (self->button_map_box, GTK_WIDGET (self->button_map));
  self->mic_tester = rd_mic_tester_new (self->settings);
  gtk_box_append (self->mic_box, GTK_WIDGET (self->mic_tester));
  /* bound by themselves; named after the key they set */
  collect_named (self, GTK_WIDGET (self->mic_box));
  collect_named (self, GTK_WIDGET (self->button_map_box));
  g_signal_connect_object (self->settings, "changed::" RD_KEY_VIEWER_URL_TEMPLATE, G_CALLBACK (update_viewer_preview),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_DEFAULT_SITE_ID, G_CALLBACK (update_viewer_preview),
                           self, G_CONNECT_SWAPPED);
  update_viewer_preview (self);
  return self;
}

RdDeviceTester *
rd_preferences_window_get_device_tester (RdPreferencesWindow *self)
{
  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->device_tester;
}

RdButtonMapEditor *
rd_preferences_window_get_button_map (RdPreferencesWindow *self)
{
  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->button_map;
}

RdMicTester *
rd_preferences_window_get_mic_tester (RdPreferencesWindow *self)
{
  g_return_val_if_fail (RD_IS_PREFERENCES_WINDOW (self), NULL);

  return self->mic_tester;
}

void
rd_preferences_window_show_page (RdPreferencesWindow *self,
                                 const char          *page)
{
  g_return_if_fail (RD_IS_PREFERENCES_WINDOW (self));

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
  g_clear_object (&self->vendor_labels);
  g_clear_object (&self->viewer_labels);
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
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, desktop_viewer_fields);
  gtk_widget_class_bind_template_child (widget_class, RdPreferencesWindow, vendor_options);
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
  self->settings = rd_settings_new ();
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
