/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application-private.h"
#include "rd-settings-keys.h"
#include "rd-autostart.h"
#include "rd-controller-factory.h"
#include "rd-error.h"
#include "rd-api-key.h"
#include "rd-trace.h"
#include "rd-web-session.h"

#include <glib/gi18n-lib.h>

/* Putting ReportDock together at its start: the vendor's controller, the
 * event path and sink, the window, dictation, shortcuts; and the
 * assistant when the configuration is not complete. */

RdStudy *
rd_application_demo_study (void)
{
  RdStudy *study = rd_study_new ();

  rd_study_set_mrn (study, "DEMO-0001", NULL);
  rd_study_add_accession (study, "ACC-1001", NULL);
  rd_study_set_study_uid (study, "1.2.826.0.1.3680043.8.498.1001", NULL);
  rd_study_set_meta (study, "studyDescription", "CT chest with contrast", NULL);
  rd_study_set_meta (study, "modality", "CT", NULL);
  rd_study_set_meta (study, "clinical_notes", "Shortness of breath, rule out pulmonary embolism", NULL);
  rd_study_set_meta (study, "patient_age", "64", NULL);
  rd_study_set_meta (study, "patient_gender", "F", NULL);
  return study;
}

static void
on_delivery_problem (RdApplication *self)
{
  if (self->window != NULL)
    rd_window_set_delivery_problem (self->window, rd_event_sink_get_delivery_problem (self->sink));
}

/* A webhook that cannot be set up does not stop reporting: the events wait
 * in the outbox, and the problem is shown until it is fixed. */
static void
setup_webhook (RdApplication *self,
               GSettings     *settings)
{
  g_autofree char *url = g_settings_get_string (settings, RD_KEY_EVENTS_URL);
  g_autofree char *secret_file = g_settings_get_string (settings, RD_KEY_EVENTS_SECRET_FILE);
  g_autoptr(GError) error = NULL;
  g_autoptr(char) secret = NULL;

  if (url[0] == '\0')
    return;
  rd_event_sink_set_give_up_after (self->sink, g_settings_get_uint (settings, RD_KEY_EVENTS_GIVE_UP_HOURS) * 3600);
  if (secret_file[0] == '\0')
    g_set_error_literal (&error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                         _("events-url is set but events-secret-file is not; webhooks are signed"));
  else
    secret = rd_secret_file_read (secret_file, _("webhook secret file"), &error);
  if (secret == NULL || !rd_event_sink_set_webhook (self->sink, url, secret, &error))
    {
      g_autofree char *problem = g_strdup_printf (_("Webhook not sent: %s"), error->message);
      rd_event_sink_set_webhook_problem (self->sink, problem);
    }
}

/* button-map and record-mode, read again whenever they change. A bad
 * entry is named in the log and the window; the rest of the map works. */
static void
load_keymap (RdApplication *self)
{
  g_autofree char *mode_text = g_settings_get_string (self->settings, RD_KEY_RECORD_MODE);
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, RD_KEY_BUTTON_MAP);
  g_autoptr(GError) error = NULL;
  RdRecordMode mode = RD_RECORD_MODE_TOGGLE;
  RdKeymap *keymap;

  if (!rd_record_mode_parse (mode_text, &mode))
    g_warning ("record-mode “%s” is not toggle or push-to-talk; using toggle", mode_text);
  keymap = rd_keymap_new (mode);
  if (!rd_keymap_apply (keymap, overrides, &error))
    {
      g_warning ("%s", error->message);
      if (self->window != NULL)
        rd_window_show_problem (self->window, error->message);
    }
  rd_dictation_set_keymap (self->dictation, keymap, g_settings_get_uint (self->settings, RD_KEY_HOLD_MS));
}

/* Keyboard shortcuts of the dictation commands: defaults, and the
 * shortcuts setting's changes to them. A bad entry is named in the log and
 * the window; the rest work. */
static const struct {
  const char *action;
  const char *accel;
} default_shortcuts[] = {
  { "toggle-recording", "F4" },
  { "next-field", "F2" },
  { "previous-field", "<Shift>F2" },
  { "save-report", "<Control>s" },
  /* two modifiers: a report is not signed by a slip of one key */
  { "sign-report", "<Shift><Control>Return" },
};

static void
load_shortcuts (RdApplication *self)
{
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, RD_KEY_SHORTCUTS);
  g_autoptr(GHashTable) accels = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer action, accel;
  const char *key, *value;
  GVariantIter entries;

  for (guint i = 0; i < G_N_ELEMENTS (default_shortcuts); i++)
    g_hash_table_insert (accels, (gpointer) default_shortcuts[i].action, (gpointer) default_shortcuts[i].accel);
  g_variant_iter_init (&entries, overrides);
  while (g_variant_iter_next (&entries, "{&s&s}", &key, &value))
    {
      g_autofree char *problem = NULL;

      if (!rd_action_is_known (key))
        problem = g_strdup_printf (_("shortcuts: “%s” is not an action (see button-map for the names)"), key);
      else if (value[0] != '\0' && !gtk_accelerator_parse (value, NULL, NULL))
        problem = g_strdup_printf (_("shortcuts: “%s” is not a key combination (e.g. <Control>d, F4)"), value);
      if (problem != NULL)
        {
          g_warning ("%s", problem);
          if (self->window != NULL)
            rd_window_show_problem (self->window, problem);
          continue;
        }
      g_hash_table_insert (accels, (gpointer) key, (gpointer) value);
    }
  /* every command action: what it has now, only where that changes (a
   * shortcut taken out of the setting is gone) */
  for (const char * const *name = rd_action_command_names (); *name != NULL; name++)
    g_hash_table_insert (accels, (gpointer) *name,
                         g_hash_table_lookup (accels, *name) ? g_hash_table_lookup (accels, *name) : "");
  g_hash_table_iter_init (&iter, accels);
  while (g_hash_table_iter_next (&iter, &action, &accel))
    {
      const char *detailed = rd_action_detailed_name (action);
      g_auto(GStrv) now = gtk_application_get_accels_for_action (GTK_APPLICATION (self), detailed);
      const char * const list[] = { ((const char *) accel)[0] ? accel : NULL, NULL };
      guint keyval = 0, now_keyval = 0;
      GdkModifierType mods = 0, now_mods = 0;

      /* compared as keys: GTK spells "<Control><Shift>x" its own way */
      gtk_accelerator_parse (accel, &keyval, &mods);
      if (now[0] != NULL)
        gtk_accelerator_parse (now[0], &now_keyval, &now_mods);
      if (keyval != now_keyval || mods != now_mods || (now[0] != NULL && now[1] != NULL))
        {
          /* GTK 4.8's menu items fail on a shortcut taken away after the
           * window was built: that waits for the next start */
          if (list[0] == NULL && self->window != NULL)
            g_info ("shortcuts: %s keeps %s until the next start", (const char *) action, now[0]);
          else
            gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, list);
        }
    }
}

/* A dictation button does what the same menu item or shortcut does. */
static void
on_dictation_action (RdApplication *self,
                     const char    *action,
                     gint64         read_us)
{
  const char *name = rd_action_detailed_name (action);
  const char *command = rd_action_command (action);
  g_autoptr(GError) error = NULL;

  rd_trace ("dictation-action");
  if (g_str_has_prefix (name, "app."))
    g_action_group_activate_action (G_ACTION_GROUP (self), name + strlen ("app."), NULL);
  else if (self->window == NULL)
    return;
  else if (command != NULL && rd_application_controller (self) != NULL &&
           !rd_report_controller_supports_command (rd_application_controller (self), command))
    {
      /* the window's action is disabled: say why the button did nothing */
      rd_report_controller_send_command (rd_application_controller (self), command, &error);
      rd_window_show_notice (self->window, error->message);
    }
  else
    gtk_widget_activate_action (GTK_WIDGET (self->window), name, NULL);
}

static void
on_autostart_answer (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rd_autostart_request_finish (result, &error))
    g_warning ("start-at-login: %s", error->message);
  else
    g_info ("start-at-login: the desktop's autostart entry is as the setting says");
}

/* In a Flatpak the desktop keeps the autostart entry (the Background
 * portal); outside it the system's entry reads the setting itself. */
static void
sync_autostart (RdApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));

  if (bus == NULL || !rd_autostart_is_sandboxed ())
    return;
  rd_autostart_request (bus, g_settings_get_boolean (self->settings, RD_KEY_START_AT_LOGIN), NULL,
                        on_autostart_answer, NULL);
}

static void
setup_dictation (RdApplication *self)
{
  self->dictation = rd_dictation_new (self->hid_backend ? self->hid_backend : rd_hid_backend_hidapi ());
  self->settings = rd_settings_new ();
  load_keymap (self);
  load_shortcuts (self);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_SHORTCUTS,
                           G_CALLBACK (load_shortcuts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_BUTTON_MAP,
                           G_CALLBACK (load_keymap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_RECORD_MODE,
                           G_CALLBACK (load_keymap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_HOLD_MS,
                           G_CALLBACK (load_keymap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dictation, "action", G_CALLBACK (on_dictation_action), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_dictation_get_monitor (self->dictation), "devices-changed",
                           G_CALLBACK (rd_application_update_device_status), self, G_CONNECT_SWAPPED);
}

/* A destroyed window may live on while something holds a reference: it is
 * no window to show anything in. */
static void
on_window_destroyed (RdApplication *self)
{
  if (self->window == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
}

/* The viewer profile the settings name. A name that cannot be used falls
 * back to generic (the images still show, reloaded per study) and says why. */
static RdViewerProfile *
load_viewer_profile (GSettings  *settings,
                     gboolean    demo_viewer,
                     char      **problem)
{
  g_autofree char *name = demo_viewer ? g_strdup ("generic") : g_settings_get_string (settings, RD_KEY_VIEWER_PROFILE);
  g_autoptr(GError) error = NULL;
  RdViewerProfile *profile = rd_controller_factory_load_viewer_profile (name, &error);

  if (profile != NULL)
    return profile;
  g_warning ("viewer-profile: %s; using the generic viewer profile", error->message);
  *problem = g_strdup_printf (_("The viewer profile cannot be used (%s): the images open as with any viewer."),
                              error->message);
  return rd_controller_factory_load_viewer_profile ("generic", NULL);
}

static gboolean
configure_once (RdApplication  *self,
                gboolean        demo,
                const char     *profile_override,
                GError        **error)
{
  g_autoptr(GSettings) settings = rd_settings_new ();
  g_autoptr(RdProfile) profile = NULL;
  g_autoptr(RdReportController) controller = NULL;
  g_autoptr(WebKitNetworkSession) report_session = NULL;
  g_autoptr(WebKitNetworkSession) viewer_session = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *viewer_template = NULL, *default_site = NULL;
  g_autoptr(RdViewerProfile) viewer_profile = NULL;
  g_autofree char *viewer_problem = NULL;
  gboolean ephemeral, own_viewer = TRUE;

  rd_trace ("configure");
  if (demo)
    {
      self->demo_service = rd_demo_service_new (error);
      if (self->demo_service == NULL)
        return FALSE;
      profile_name = g_strdup (profile_override ? profile_override : "demo");
      /* an admin's own viewer with the demo reporting app (to try a real
       * viewer before any vendor is set up); else the demo's viewer */
      viewer_template = g_settings_get_string (settings, RD_KEY_VIEWER_URL_TEMPLATE);
      own_viewer = viewer_template[0] != '\0';
      if (!own_viewer)
        {
          g_free (viewer_template);
          viewer_template = rd_demo_service_get_viewer_template (self->demo_service);
        }
      default_site = g_strdup ("DEMO");
      ephemeral = TRUE;   /* the demo leaves nothing behind */
    }
  else
    {
      profile_name = profile_override ? g_strdup (profile_override) : g_settings_get_string (settings, RD_KEY_PROFILE);
      viewer_template = g_settings_get_string (settings, RD_KEY_VIEWER_URL_TEMPLATE);
      default_site = g_settings_get_string (settings, RD_KEY_DEFAULT_SITE_ID);
      ephemeral = g_settings_get_boolean (settings, RD_KEY_EPHEMERAL_SESSION);
    }
  g_free (self->default_site_id);
  self->default_site_id = g_strdup (default_site);

  profile = rd_controller_factory_load_profile (profile_name, error);
  if (profile == NULL)
    return FALSE;
  /* a key found missing before the start: named with the settings */
  if (!demo && self->key_problem != NULL)
    {
      g_autoptr(GError) settings_error = NULL;

      /* the assistant's to fix, as a missing setting is */
      if (rd_controller_factory_check (profile, settings, &settings_error))
        g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, self->key_problem);
      else
        g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, "%s; %s", settings_error->message,
                     self->key_problem);
      return FALSE;
    }
  if (demo && g_str_equal (rd_profile_get_name (profile), "radpair"))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                           _("the demo has no RADPAIR of its own: use --demo, --demo --profile mdai "
                           "or --demo --profile avara"));
      return FALSE;
    }

  /* The report first: its web process, host page and token get going
   * while the rest is set up. */
  report_session = rd_web_session_new ("report", ephemeral, TRUE);
  controller = rd_controller_factory_build (profile, settings, self->demo_service, report_session, default_site,
                                            &self->host, error);
  if (controller == NULL)
    return FALSE;
  rd_report_controller_start (controller);

  {
    g_autofree char *base = rd_outbox_journal_default_directory ();
    /* the demo's events never mix with a real worklist's */
    g_autofree char *dir = demo ? g_build_filename (base, "demo", NULL) : g_strdup (base);
    g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, error);
    g_autofree char *events_url = g_settings_get_string (settings, RD_KEY_EVENTS_URL);

    if (journal == NULL)
      return FALSE;
    self->compact_undelivered = demo || events_url[0] == '\0';
    self->sink = rd_event_sink_new (journal);
    g_signal_connect_object (self->sink, "event", G_CALLBACK (rd_application_on_sink_event), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->sink, "notify::delivery-problem", G_CALLBACK (on_delivery_problem),
                             self, G_CONNECT_SWAPPED);
    if (!demo)
      setup_webhook (self, settings);
  }

  viewer_session = rd_web_session_new ("viewer", ephemeral, FALSE);
  viewer_profile = load_viewer_profile (settings, demo && !own_viewer, &viewer_problem);

  self->window = rd_window_new (GTK_APPLICATION (self), controller, viewer_session, viewer_profile,
                                viewer_template, default_site);
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  if (viewer_problem != NULL)
    rd_window_show_problem (self->window, viewer_problem);
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (on_window_destroyed), self, G_CONNECT_SWAPPED);
  self->demo = demo;
  self->configured = TRUE;
  self->profile_name = g_strdup (rd_profile_get_name (profile));
  on_delivery_problem (self);
  self->events = rd_event_path_new (self->sink, self->profile_name, default_site);
  rd_event_path_set_controller (self->events, controller);
  self->commands = rd_command_router_new (controller, self->events);
  rd_window_set_command_router (self->window, self->commands);
  /* the demo too: a site can try its desktop viewer with the demo's studies */
    {
      g_auto(GStrv) command = g_settings_get_strv (settings, RD_KEY_VIEWER_COMMAND);
      g_auto(GStrv) close_command = g_settings_get_strv (settings, RD_KEY_VIEWER_CLOSE_COMMAND);
      g_autofree char *uri_template = g_settings_get_string (settings, RD_KEY_VIEWER_URI_TEMPLATE);
      guint timeout = g_settings_get_uint (settings, RD_KEY_VIEWER_COMMAND_TIMEOUT);
      g_autoptr(RdNativeViewer) native = rd_native_viewer_new ((const char * const *) command,
                                                               (const char * const *) close_command,
                                                               uri_template, default_site, timeout);

      if (rd_native_viewer_is_configured (native))
        rd_window_set_native_viewer (self->window, native);
    }
  g_signal_connect_object (controller, "notify::context-mismatch", G_CALLBACK (rd_application_on_controller_mismatch),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "notify::state", G_CALLBACK (rd_application_on_controller_dictation), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "notify::recording", G_CALLBACK (rd_application_on_controller_dictation), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "notify::insert-mode", G_CALLBACK (rd_application_on_controller_dictation),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "study-changed", G_CALLBACK (rd_application_on_controller_dictation), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "notify::state", G_CALLBACK (rd_application_on_controller_state), self,
                           G_CONNECT_SWAPPED);
  setup_dictation (self);
  g_signal_connect_object (self->settings, "changed::" RD_KEY_START_AT_LOGIN, G_CALLBACK (sync_autostart), self,
                           G_CONNECT_SWAPPED);
  sync_autostart (self);
  self->settle_id = g_timeout_add_seconds (3, rd_application_on_settle_due, self);

  /* --background: signed in and the reporting app loaded, the window
   * mapped by the first study (or the desktop's launcher) */
  if (!self->background)
    gtk_window_present (GTK_WINDOW (self->window));
  rd_trace ("configured");
  return TRUE;
}

/* A start that failed leaves nothing half-built behind: the assistant may
 * try again in this process. */
gboolean
rd_application_configure (RdApplication  *self,
           gboolean        demo,
           const char     *profile_override,
           GError        **error)
{
  if (configure_once (self, demo, profile_override, error))
    {
      self->start_failed = FALSE;
      return TRUE;
    }
  g_clear_object (&self->commands);
  g_clear_object (&self->events);
  g_clear_object (&self->sink);
  g_clear_object (&self->host);
  g_clear_object (&self->demo_service);
  return FALSE;
}

static void
on_setup_finished (RdApplication *self,
                   gboolean       demo,
                   RdSetupWindow *setup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStudy) study = g_steal_pointer (&self->study_after_setup);

  /* the setup window goes only once the report window stands */
  g_application_hold (G_APPLICATION (self));
  if (!rd_application_configure (self, demo, NULL, &error))
    rd_setup_window_set_why (setup, error->message);
  else
    {
      gtk_window_destroy (GTK_WINDOW (setup));
      if (study == NULL && demo)
        study = rd_application_demo_study ();
      if (study != NULL)
        rd_application_open_study (self, study, NULL);
    }
  g_application_release (G_APPLICATION (self));
}

/* An incomplete configuration is met with the assistant, not an empty
 * window or a silent exit, however ReportDock was started. */
gboolean
rd_application_show_setup (RdApplication *self,
            const GError  *error,
            const RdStudy *study)
{
  self->start_failed = TRUE;
  if (!g_error_matches (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED))
    return FALSE;
  if (study != NULL)
    {
      g_clear_pointer (&self->study_after_setup, rd_study_free);
      self->study_after_setup = rd_study_copy (study);
    }
  if (self->setup == NULL)
    {
      self->setup = rd_setup_window_new (GTK_APPLICATION (self), error->message);
      g_object_add_weak_pointer (G_OBJECT (self->setup), (gpointer *) &self->setup);
      g_signal_connect_object (self->setup, "finished", G_CALLBACK (on_setup_finished), self, G_CONNECT_SWAPPED);
    }
  else
    rd_setup_window_set_why (self->setup, error->message);
  gtk_window_present (GTK_WINDOW (self->setup));
  return TRUE;
}

RdSetupWindow *
rd_application_get_setup_window (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->setup;
}

/* GApplication ends a process whose loop ran with 0; a start that never
 * happened (the assistant closed unfinished) is still a failure, 1. */
gboolean
rd_application_get_start_failed (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), FALSE);

  return self->start_failed;
}

gboolean
rd_application_ensure_started (RdApplication  *self,
                               GError        **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (RD_IS_APPLICATION (self), FALSE);

  if (self->configured)
    return TRUE;
  if (!rd_application_configure (self, FALSE, NULL, &local_error))
    {
      rd_application_show_setup (self, local_error, NULL);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
