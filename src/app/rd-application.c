/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application.h"
#include "rd-used-links.h"
#include "rd-autostart.h"
#include "rd-controller-factory.h"
#include "rd-event-path.h"
#include "rd-command-router.h"
#include "rd-iframe-controller.h"
#include "rd-link-controller.h"
#include "rd-preferences-window.h"
#include "rd-setup-window.h"
#include "rd-error.h"
#include "rd-command-line-service.h"
#include "rd-dbus-service.h"
#include "rd-check-mic-command.h"
#include "rd-devices-command.h"
#include "rd-events-command.h"
#include "rd-wait-command.h"
#include "rd-launch.h"
#include "rd-outbox.h"
#include "rd-relay-server.h"
#include "rd-webhook.h"
#include "rd-webhook-verify.h"
#include "rd-api-key.h"
#include "rd-mic-probe.h"
#include "rd-trace.h"
#include "rd-web-session.h"
#include "rd-url.h"
#include "rd-icons.h"
#include "rd-start-check.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* One instance per user session: a second invocation validates its command
 * line itself (bad input never reaches us), then hands it over and returns
 * with our exit status. */

struct _RdApplication
{
  GtkApplication  parent_instance;

  gboolean        configured;
  gboolean        demo;
  RdHostServer   *host;
  RdDemoService  *demo_service;
  RdEventSink    *sink;
  RdEventPath    *events;            /* the one path every event takes out */
  RdDbusService  *dbus;
  guint           command_line_id;  /* the launcher's route (rd-command-line-service.h) */
  RdWindow       *window;
  RdSetupWindow  *setup;             /* the first-run assistant, while the configuration is incomplete */
  RdStudy        *study_after_setup; /* what the worklist asked for meanwhile */
  gboolean        start_failed;      /* and the assistant was not completed */
  char           *profile_name;
  char           *default_site_id;  /* the site of a study opened without one */
  char           *key_problem;       /* the API key's, found before this start (rd-start-check.c) */
  RdSessionState  last_state;
  gboolean        last_mismatch;
  guint           settle_id;         /* start-up housekeeping waits for the first report */
  guint           mic_warm_id;       /* the audio system is warmed a while after that */
  gboolean        background;        /* started with --background: no window until a study comes */
  gboolean        devices_scanned;   /* nothing is said of devices before the first scan */
  gboolean        compact_undelivered;

  RdRelayServer  *relay;
  RdUsedLinks    *used_links;        /* signed reportdock:// links work once, restarts too */
  const RdHidBackend *hid_backend;
  RdDictation    *dictation;
  GSettings      *settings;          /* watched: button-map, record-mode, hold-ms */

  RdCommandRouter *commands;         /* where every command meets */
};

static void rd_application_desk_init (RdDeskInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdApplication, rd_application, GTK_TYPE_APPLICATION,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_DESK, rd_application_desk_init))

static RdReportController *
controller (RdApplication *self)
{
  return self->window ? rd_window_get_controller (self->window) : NULL;
}

/* `reportdock relay`: the running instance receives the vendor's webhooks,
 * so that they take the one path every event takes. */
static int
start_relay (RdApplication           *self,
             RdLaunch                *launch,
             GApplicationCommandLine *cmdline)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *secret_file = g_settings_get_string (settings, "relay-secret-file");
  g_autofree char *command = g_settings_get_string (settings, "image-urls-command");
  g_autoptr(GError) error = NULL;
  g_autoptr(RdRelayServer) relay = NULL;
  g_autoptr(char) secret = NULL;

  if (self->relay != NULL)
    {
      g_application_command_line_print (cmdline, _("reportdock: already relaying webhooks at %s\n"),
                                        rd_relay_server_get_url (self->relay));
      return 0;
    }
  if (secret_file[0] == '\0')
    {
      g_application_command_line_printerr (cmdline, _("reportdock: relay-secret-file is not set; set it to a "
                                           "file (mode 600) with the vendor's webhook secret\n"));
      return 1;
    }
  secret = rd_secret_file_read (secret_file, _("relay secret file"), &error);
  if (secret == NULL)
    {
      g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
      return 1;
    }
  relay = rd_relay_server_new (secret, command, rd_event_path_record_relayed, self->events);
  if (!rd_relay_server_listen (relay, launch->listen_host, launch->listen_port, &error))
    {
      g_application_command_line_printerr (cmdline, _("reportdock: cannot listen on %s:%u: %s\n"),
                                           launch->listen_host, launch->listen_port, error->message);
      return 1;
    }
  self->relay = g_steal_pointer (&relay);
  g_info ("relaying vendor webhooks at %s", rd_relay_server_get_url (self->relay));
  g_application_command_line_print (cmdline, _("reportdock: relaying webhooks at %s\n"),
                                    rd_relay_server_get_url (self->relay));
  return 0;
}

/* The LEDs tell the reporting app's real state, never the button presses. */
static void
update_leds (RdApplication *self)
{
  RdReportController *c = controller (self);

  if (self->dictation == NULL || c == NULL)
    return;
  rd_dictation_set_app_state (self->dictation,
                              rd_report_controller_get_state (c) == RD_SESSION_STATE_SIGNED_IN,
                              rd_report_controller_get_study (c) != NULL,
                              rd_report_controller_get_recording (c),
                              rd_report_controller_get_insert_mode (c));
}

static void
update_device_status (RdApplication *self)
{
  RdDeviceMonitor *monitor;
  g_autofree char *devices = NULL;
  gboolean problem;

  if (self->dictation == NULL || self->window == NULL || !self->devices_scanned)
    return;
  monitor = rd_dictation_get_monitor (self->dictation);
  devices = rd_device_monitor_describe (monitor, &problem);
  rd_window_set_devices (self->window, devices, problem, rd_device_monitor_get_led_state (monitor));
}

/* Ten seconds after the first report (or the start): no dictation starts
 * sooner, and the audio system (PortAudio, JACK's and ALSA's libraries:
 * several MB) is then not in memory while the first study is shown, nor
 * while a background start waits idle for it. */
#define MIC_WARM_DELAY_S 10

static gboolean
on_mic_warm_due (gpointer user_data)
{
  RdApplication *self = user_data;

  self->mic_warm_id = 0;
  rd_command_router_prepare_mic (self->commands);
  return G_SOURCE_REMOVE;
}

/* What the first report does not need waits until it is open (or a few
 * seconds, when no study comes): the outbox's housekeeping and the
 * dictation device scan; warming the audio system waits a little longer.
 * On two cores they would take turns with the web process that shows the
 * report. */
static void
settle (RdApplication *self)
{
  RdOutboxJournal *journal = rd_event_sink_get_journal (self->sink);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->settle_id, g_source_remove);
  /* delivered events are kept a month for `reportdock events`, then
   * dropped; so are all events when no worklist takes them by webhook */
  if (!rd_outbox_journal_compact (journal, RD_OUTBOX_KEEP, self->compact_undelivered ? RD_OUTBOX_KEEP : 0, &error))
    g_warning ("%s", error->message);
  rd_device_monitor_start (rd_dictation_get_monitor (self->dictation));
  self->devices_scanned = TRUE;
  update_device_status (self);
  if (self->mic_warm_id == 0)
    self->mic_warm_id = g_timeout_add_seconds (MIC_WARM_DELAY_S, on_mic_warm_due, self);
  rd_trace ("settled");
}

static gboolean
on_settle_due (gpointer user_data)
{
  RdApplication *self = user_data;

  self->settle_id = 0;
  settle (self);
  return G_SOURCE_REMOVE;
}

static void
on_sink_event (RdApplication *self,
               const char    *type,
               const char    *json)
{
  rd_desk_emit_report_event (RD_DESK (self), type, json);
  if (self->settle_id != 0 && g_str_equal (type, "report.opened"))
    settle (self);
}

static void
on_controller_status (RdApplication *self)
{
  RdReportController *c = controller (self);
  RdSessionState state = rd_report_controller_get_state (c);
  gboolean mismatch = rd_report_controller_get_context_mismatch (c);

  if (mismatch != self->last_mismatch)
    {
      self->last_mismatch = mismatch;
      /* the reportdock.context_mismatch event goes with the event that raised it */
      if (mismatch)
        g_warning ("wrong-patient guard: the reporting app shows another study than the worklist opened");
      else if (!rd_command_router_is_overriding (self->commands))
        rd_event_path_submit_own (self->events, "reportdock.context_matched", "detail", "");
    }

  update_leds (self);
  update_device_status (self);
  if (state == self->last_state)
    return;
  self->last_state = state;
  rd_desk_emit_state_changed (RD_DESK (self), rd_session_state_to_string (state));
  if (state == RD_SESSION_STATE_SIGNED_IN)
    rd_event_path_submit_own (self->events, "reportdock.signed_in", "user", rd_report_controller_get_user_name (c));
  if (state == RD_SESSION_STATE_AUTH_FAILED)
    rd_event_path_submit_own (self->events, "reportdock.auth_failed", "reason", rd_report_controller_get_reason (c));
  else if (state == RD_SESSION_STATE_VENDOR_UNREACHABLE)
    rd_event_path_submit_own (self->events, "reportdock.vendor_unreachable", "reason", rd_report_controller_get_reason (c));
}

static RdStudy *
demo_study (void)
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
  g_autofree char *url = g_settings_get_string (settings, "events-url");
  g_autofree char *secret_file = g_settings_get_string (settings, "events-secret-file");
  g_autoptr(GError) error = NULL;
  g_autoptr(char) secret = NULL;

  if (url[0] == '\0')
    return;
  rd_event_sink_set_give_up_after (self->sink, g_settings_get_uint (settings, "events-give-up-hours") * 3600);
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
  g_autofree char *mode_text = g_settings_get_string (self->settings, "record-mode");
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, "button-map");
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
  rd_dictation_set_keymap (self->dictation, keymap, g_settings_get_uint (self->settings, "hold-ms"));
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
  g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, "shortcuts");
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
  else if (command != NULL && controller (self) != NULL &&
           !rd_report_controller_supports_command (controller (self), command))
    {
      /* the window's action is disabled: say why the button did nothing */
      rd_report_controller_send_command (controller (self), command, &error);
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
  rd_autostart_request (bus, g_settings_get_boolean (self->settings, "start-at-login"), NULL,
                        on_autostart_answer, NULL);
}

static void
setup_dictation (RdApplication *self)
{
  self->dictation = rd_dictation_new (self->hid_backend ? self->hid_backend : rd_hid_backend_hidapi ());
  self->settings = g_settings_new (SCHEMA_ID);
  load_keymap (self);
  load_shortcuts (self);
  g_signal_connect_object (self->settings, "changed::shortcuts", G_CALLBACK (load_shortcuts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::button-map", G_CALLBACK (load_keymap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::record-mode", G_CALLBACK (load_keymap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::hold-ms", G_CALLBACK (load_keymap), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->dictation, "action", G_CALLBACK (on_dictation_action), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_dictation_get_monitor (self->dictation), "devices-changed",
                           G_CALLBACK (update_device_status), self, G_CONNECT_SWAPPED);
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
  g_autofree char *name = demo_viewer ? g_strdup ("generic") : g_settings_get_string (settings, "viewer-profile");
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
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
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
      viewer_template = g_settings_get_string (settings, "viewer-url-template");
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
      profile_name = profile_override ? g_strdup (profile_override) : g_settings_get_string (settings, "profile");
      viewer_template = g_settings_get_string (settings, "viewer-url-template");
      default_site = g_settings_get_string (settings, "default-site-id");
      ephemeral = g_settings_get_boolean (settings, "ephemeral-session");
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
    g_autofree char *events_url = g_settings_get_string (settings, "events-url");

    if (journal == NULL)
      return FALSE;
    self->compact_undelivered = demo || events_url[0] == '\0';
    self->sink = rd_event_sink_new (journal);
    g_signal_connect_object (self->sink, "event", G_CALLBACK (on_sink_event), self, G_CONNECT_SWAPPED);
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
  self->last_state = rd_report_controller_get_state (controller);
  on_delivery_problem (self);
  self->events = rd_event_path_new (self->sink, self->profile_name, default_site);
  rd_event_path_set_controller (self->events, controller);
  self->commands = rd_command_router_new (controller, self->events);
  rd_window_set_command_router (self->window, self->commands);
  /* the demo too: a site can try its desktop viewer with the demo's studies */
    {
      g_auto(GStrv) command = g_settings_get_strv (settings, "viewer-command");
      g_auto(GStrv) close_command = g_settings_get_strv (settings, "viewer-close-command");
      g_autofree char *uri_template = g_settings_get_string (settings, "viewer-uri-template");
      g_autoptr(RdNativeViewer) native = rd_native_viewer_new ((const char * const *) command,
                                                               (const char * const *) close_command,
                                                               uri_template, default_site,
                                                               g_settings_get_uint (settings, "viewer-command-timeout"));

      if (rd_native_viewer_is_configured (native))
        rd_window_set_native_viewer (self->window, native);
    }
  g_signal_connect_object (controller, "status-changed", G_CALLBACK (on_controller_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "study-changed", G_CALLBACK (update_leds), self, G_CONNECT_SWAPPED);
  setup_dictation (self);
  g_signal_connect_object (self->settings, "changed::start-at-login", G_CALLBACK (sync_autostart), self,
                           G_CONNECT_SWAPPED);
  sync_autostart (self);
  self->settle_id = g_timeout_add_seconds (3, on_settle_due, self);

  /* --background: signed in and the reporting app loaded, the window
   * mapped by the first study (or the desktop's launcher) */
  if (!self->background)
    gtk_window_present (GTK_WINDOW (self->window));
  rd_trace ("configured");
  return TRUE;
}

/* A start that failed leaves nothing half-built behind: the assistant may
 * try again in this process. */
static gboolean
configure (RdApplication  *self,
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
  if (!configure (self, demo, NULL, &error))
    rd_setup_window_set_why (setup, error->message);
  else
    {
      gtk_window_destroy (GTK_WINDOW (setup));
      if (study == NULL && demo)
        study = demo_study ();
      if (study != NULL)
        rd_application_open_study (self, study, NULL);
    }
  g_application_release (G_APPLICATION (self));
}

/* An incomplete configuration is met with the assistant, not an empty
 * window or a silent exit, however ReportDock was started. */
static gboolean
show_setup (RdApplication *self,
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
  return self->setup;
}

/* GApplication ends a process whose loop ran with 0; a start that never
 * happened (the assistant closed unfinished) is still a failure, 1. */
gboolean
rd_application_get_start_failed (RdApplication *self)
{
  return self->start_failed;
}

gboolean
rd_application_ensure_started (RdApplication  *self,
                               GError        **error)
{
  GError *local_error = NULL;

  if (self->configured)
    return TRUE;
  if (!configure (self, FALSE, NULL, &local_error))
    {
      show_setup (self, local_error, NULL);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

void
rd_application_close_report (RdApplication *self)
{
  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.close-report", NULL);
}

gboolean
rd_application_send_command (RdApplication  *self,
                             const char     *command,
                             GError        **error)
{
  if (self->commands == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("ReportDock is not running a report pane"));
      return FALSE;
    }
  return rd_command_router_send (self->commands, command, error);
}

GVariant *
rd_application_get_status (RdApplication *self)
{
  GVariantBuilder b;
  RdReportController *c = controller (self);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  if (c == NULL)
    {
      g_variant_builder_add (&b, "{sv}", "state", g_variant_new_string ("not-started"));
      return g_variant_builder_end (&b);
    }
  g_variant_builder_add (&b, "{sv}", "state",
                         g_variant_new_string (rd_session_state_to_string (rd_report_controller_get_state (c))));
  g_variant_builder_add (&b, "{sv}", "reason",
                         g_variant_new_string (rd_report_controller_get_reason (c) ? rd_report_controller_get_reason (c) : ""));
  g_variant_builder_add (&b, "{sv}", "user",
                         g_variant_new_string (rd_report_controller_get_user_name (c) ? rd_report_controller_get_user_name (c) : ""));
  g_variant_builder_add (&b, "{sv}", "profile", g_variant_new_string (self->profile_name));
  /* the demo keeps its events apart (reportdock events reads them then) */
  g_variant_builder_add (&b, "{sv}", "demo", g_variant_new_boolean (self->demo));
  g_variant_builder_add (&b, "{sv}", "default_site_id",
                         g_variant_new_string (self->default_site_id ? self->default_site_id : ""));
  if (self->window != NULL)
    {
      RdViewerView *viewer = rd_window_get_viewer (self->window);

      /* false after a --background start, until a study or the desktop shows it */
      g_variant_builder_add (&b, "{sv}", "window_shown",
                             g_variant_new_boolean (gtk_widget_get_mapped (GTK_WIDGET (self->window))));
      g_variant_builder_add (&b, "{sv}", "viewer_layout",
                             g_variant_new_string (rd_window_get_viewer_layout (self->window)));
      g_variant_builder_add (&b, "{sv}", "viewer_state",
                             g_variant_new_string (viewer ? rd_viewer_state_to_string (rd_viewer_view_get_state (viewer))
                                                          : "none"));
      /* which study that state is about */
      if (viewer != NULL && rd_viewer_view_get_wanted_study_uid (viewer) != NULL)
        g_variant_builder_add (&b, "{sv}", "viewer_study_uid",
                               g_variant_new_string (rd_viewer_view_get_wanted_study_uid (viewer)));
      /* a desktop viewer: the study it was last told to show, and how that went */
      if (rd_window_get_native_viewer (self->window) != NULL)
        {
          RdNativeViewer *native = rd_window_get_native_viewer (self->window);

          g_variant_builder_add (&b, "{sv}", "native_viewer_state",
                                 g_variant_new_string (rd_native_viewer_state_to_string (rd_native_viewer_get_state (native))));
          if (rd_native_viewer_get_study (native) != NULL)
            g_variant_builder_add (&b, "{sv}", "native_viewer_study",
                                   rd_study_to_variant (rd_native_viewer_get_study (native)));
        }
    }
  if (rd_report_controller_get_study (c) != NULL)
    g_variant_builder_add (&b, "{sv}", "study", rd_study_to_variant (rd_report_controller_get_study (c)));
  g_variant_builder_add (&b, "{sv}", "outbox_pending", g_variant_new_uint32 (rd_event_sink_get_n_pending (self->sink)));
  g_variant_builder_add (&b, "{sv}", "events_damaged", g_variant_new_uint32 (rd_event_sink_get_n_damaged (self->sink)));
  g_variant_builder_add (&b, "{sv}", "events_unsaved", g_variant_new_uint32 (rd_event_sink_get_n_unsaved (self->sink)));
  g_variant_builder_add (&b, "{sv}", "events_failed", g_variant_new_uint32 (rd_event_sink_get_n_failed (self->sink)));
  /* the input dictation records (and the check judges), by the desktop's name */
  if (rd_dictation_input_get_name (rd_command_router_get_input (self->commands)) != NULL)
    g_variant_builder_add (&b, "{sv}", "microphone_device",
                           g_variant_new_string (rd_dictation_input_get_name (rd_command_router_get_input (self->commands))));
  if (rd_command_router_get_mic_verdict (self->commands) != NULL)
    {
      g_variant_builder_add (&b, "{sv}", "microphone",
                             g_variant_new_string (rd_command_router_get_mic_verdict (self->commands)));
      g_variant_builder_add (&b, "{sv}", "microphone_checked_at",
                             g_variant_new_string (rd_command_router_get_mic_checked_at (self->commands)));
    }
  if (self->dictation != NULL)
    {
      RdDeviceMonitor *monitor = rd_dictation_get_monitor (self->dictation);
      gboolean problem;
      g_autofree char *devices = rd_device_monitor_describe (monitor, &problem);

      g_variant_builder_add (&b, "{sv}", "devices", g_variant_new_string (devices ? devices : ""));
      g_variant_builder_add (&b, "{sv}", "devices_problem", g_variant_new_boolean (problem));
      g_variant_builder_add (&b, "{sv}", "led",
                             g_variant_new_string (rd_led_state_to_string (rd_device_monitor_get_led_state (monitor))));
    }
  g_variant_builder_add (&b, "{sv}", "delivery_problem",
                         g_variant_new_string (rd_event_sink_get_delivery_problem (self->sink)
                                                 ? rd_event_sink_get_delivery_problem (self->sink) : ""));
  return g_variant_builder_end (&b);
}

RdEventSink *
rd_application_get_event_sink (RdApplication *self)
{
  return self->sink;
}

gboolean
rd_application_open_study (RdApplication  *self,
                           const RdStudy  *study,
                           GError        **error)
{
  RdReportController *c = controller (self);
  gboolean was_recording;

  if (self->window == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("ReportDock has no window open"));
      return FALSE;
    }
  was_recording = rd_report_controller_get_recording (c) &&
                  !rd_study_equal (rd_report_controller_get_study (c), study);
  rd_command_router_study_opening (self->commands);
  if (!rd_window_open_study (self->window, study, error))
    return FALSE;
  rd_command_router_study_opened (self->commands);
  /* the controller stopped dictation before switching: say so */
  if (was_recording)
    {
      g_info ("dictation stopped for a study change");
      rd_window_show_notice (self->window, _("Dictation stopped: the worklist switched to another study"));
    }
  return TRUE;
}

/* A reportdock:// link may come from any web page: with launch-secret-file
 * set it must be signed by the worklist, fresh and unused; without, it may
 * switch studies but not fill report text. */
static gboolean
check_link (RdApplication  *self,
            const RdLaunch *launch,
            GError        **error)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *secret_file = NULL;
  g_autofree char *replay_key = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(char) secret = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (launch->uri == NULL)
    return TRUE;   /* command line and D-Bus: local callers */
  settings = g_settings_new (SCHEMA_ID);
  secret_file = g_settings_get_string (settings, "launch-secret-file");
  if (secret_file[0] == '\0')
    return rd_launch_check_unsigned (launch, error);
  secret = rd_secret_file_read (secret_file, _("launch secret file"), error);
  if (secret == NULL)
    return FALSE;
  key = g_bytes_new (secret, strlen (secret));
  if (!rd_launch_check_signature (launch->uri, key, now, &replay_key, error))
    return FALSE;
  if (self->used_links == NULL)
    {
      g_autofree char *base = rd_outbox_journal_default_directory ();
      g_autofree char *path = g_build_filename (base, "used-links", NULL);

      self->used_links = rd_used_links_open (path);
    }
  /* kept past the link's window on either side of its time stamp */
  return rd_used_links_check_and_add (self->used_links, replay_key, now,
                                      now + 2 * RD_LAUNCH_SIGNATURE_WINDOW_S, error);
}

/* `reportdock events --retry`: the dead letters go out again. Not running:
 * the journal is written here, and nothing starts. */
static int
retry_failed (RdApplication           *self,
              RdLaunch                *launch,
              GApplicationCommandLine *cmdline)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;
  gboolean ok;

  if (self->configured)
    ok = rd_event_sink_retry_failed (self->sink, &n, &error);
  else
    {
      g_autofree char *base = rd_outbox_journal_default_directory ();
      g_autofree char *dir = launch->demo ? g_build_filename (base, "demo", NULL) : g_strdup (base);
      g_autoptr(RdOutboxJournal) journal = rd_outbox_journal_open (dir, &error);

      ok = journal != NULL && rd_outbox_journal_retry_failed (journal, &n, &error);
    }
  if (!ok)
    {
      g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
      return 1;
    }
  g_info ("%u dead letters sent again", n);
  g_application_command_line_print (cmdline, g_dngettext (GETTEXT_PACKAGE,
                                                          "reportdock: %u event is sent again\n",
                                                          "reportdock: %u events are sent again\n", n), n);
  return 0;
}

static int
run_launch (RdApplication            *self,
            RdLaunch                 *launch,
            GApplicationCommandLine  *cmdline)
{
  g_autoptr(GError) error = NULL;
  gboolean just_started = FALSE;

  if (!check_link (self, launch, &error))
    {
      g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
      g_warning ("reportdock:// link refused: %s", error->message);
      return 2;
    }
  if (!self->configured && launch->kind == RD_LAUNCH_CLOSE)
    return 0;   /* nothing is open: do not start just to close */
  if (launch->kind == RD_LAUNCH_EVENTS && launch->retry)
    return retry_failed (self, launch, cmdline);
  if (!self->configured)
    {
      self->background = launch->background;
      if (!configure (self, launch->demo, launch->profile, &error))
        {
          g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
          /* at login, not configured: nothing to say until someone opens it */
          if (launch->background)
            {
              g_warning ("not started in the background: %s", error->message);
              return 1;
            }
          /* the log is for a start by another process; a terminal has it once */
          if (g_application_command_line_get_is_remote (cmdline))
            g_warning ("cannot start: %s", error->message);
          show_setup (self, error, launch->kind == RD_LAUNCH_OPEN ? launch->study : NULL);
          return 1;
        }
      just_started = TRUE;
    }
  else if (launch->demo && !self->demo)
    g_application_command_line_printerr (cmdline,
                                         _("reportdock: already running with the configured vendor; "
                                         "quit it first to start the demo\n"));
  else if (launch->profile != NULL && g_strcmp0 (launch->profile, self->profile_name) != 0)
    g_application_command_line_printerr (cmdline,
                                         _("reportdock: already running with the %s profile; --profile %s "
                                         "applies at the next start\n"), self->profile_name, launch->profile);

  switch (launch->kind)
    {
    case RD_LAUNCH_RAISE:
      if (launch->background)
        return 0;   /* started, or running already: nothing to show */
      if (just_started && self->demo)
        {
          g_autoptr(RdStudy) study = demo_study ();
          rd_application_open_study (self, study, NULL);
        }
      else if (self->window != NULL)
        gtk_window_present (GTK_WINDOW (self->window));
      return 0;
    case RD_LAUNCH_OPEN:
      if (!rd_application_open_study (self, launch->study, &error))
        {
          g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
          if (self->window != NULL)
            rd_window_show_problem (self->window, error->message);
          return 2;
        }
      return 0;
    case RD_LAUNCH_CLOSE:
      if (self->window != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self->window), "win.close-report", NULL);
      return 0;
    case RD_LAUNCH_RELAY:
      return start_relay (self, launch, cmdline);
    case RD_LAUNCH_VERSION:
    case RD_LAUNCH_HELP:
    case RD_LAUNCH_EVENTS:
    case RD_LAUNCH_CHECK_MIC:
    case RD_LAUNCH_DEVICES:
    default:
      return 0;
    }
}

/* A command line that waits for the API key's check before it starts
 * ReportDock; the caller waits with it (rd-command-line-service.c). */
typedef struct {
  RdApplication           *self;
  RdLaunch                *launch;
  GApplicationCommandLine *cmdline;
} PendingStart;

static void
on_key_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PendingStart *pending = user_data;
  RdApplication *self = pending->self;
  int status;

  g_free (self->key_problem);
  self->key_problem = rd_start_check_key_finish (result);
  status = run_launch (self, pending->launch, pending->cmdline);
  g_clear_pointer (&self->key_problem, g_free);
  g_application_command_line_set_exit_status (pending->cmdline, status);
  rd_launch_free (pending->launch);
  g_object_unref (pending->cmdline);
  g_free (pending);
  g_application_release (G_APPLICATION (self));
}

/* run_launch() would start ReportDock with a vendor */
static gboolean
starts_a_vendor (RdApplication *self,
                 RdLaunch      *launch)
{
  return !self->configured && !launch->demo && launch->kind != RD_LAUNCH_CLOSE &&
         !(launch->kind == RD_LAUNCH_EVENTS && launch->retry);
}

static int
rd_application_command_line (GApplication            *app,
                             GApplicationCommandLine *cmdline)
{
  RdApplication *self = RD_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = NULL;
  g_auto(GStrv) argv = NULL;
  int argc;

  argv = g_application_command_line_get_arguments (cmdline, &argc);
  /* Checked again here: the running instance trusts no caller. */
  launch = rd_launch_parse_argv (argc, (const char * const *) argv, &error);
  if (launch == NULL)
    {
      g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
      return 2;
    }
  if (starts_a_vendor (self, launch))
    {
      PendingStart *pending = g_new0 (PendingStart, 1);

      pending->self = self;
      pending->launch = g_steal_pointer (&launch);
      pending->cmdline = g_object_ref (cmdline);
      g_application_hold (app);
      rd_start_check_key_async (pending->launch->profile, on_key_checked, pending);
      return 0;   /* the exit status is set once the key is checked */
    }
  return run_launch (self, launch, cmdline);
}

/* The invoking process: bad input ends here with status 2, one line, and
 * nothing is sent to the running instance. */
static gboolean
rd_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = NULL;
  char **argv = *arguments;

  /* D-Bus activation (the desktop file's DBusActivatable): GApplication's own */
  if (argv[0] != NULL && g_strcmp0 (argv[1], "--gapplication-service") == 0)
    return G_APPLICATION_CLASS (rd_application_parent_class)->local_command_line (app, arguments, exit_status);

  launch = rd_launch_parse_argv (g_strv_length (argv), (const char * const *) argv, &error);
  if (launch == NULL)
    {
      g_printerr ("reportdock: %s\n", error->message);
      *exit_status = 2;
      return TRUE;
    }
  if (launch->kind == RD_LAUNCH_CHECK_MIC)
    {
      *exit_status = rd_check_mic_command_run (launch);
      return TRUE;
    }
  /* --retry writes the journal: the running instance's job */
  if (launch->kind == RD_LAUNCH_EVENTS && !launch->retry)
    {
      *exit_status = rd_events_command_run (launch);
      return TRUE;
    }
  if (launch->kind == RD_LAUNCH_DEVICES)
    {
      *exit_status = rd_devices_command_run (launch, rd_hid_backend_hidapi ());
      return TRUE;
    }
  if (launch->kind != RD_LAUNCH_VERSION && launch->kind != RD_LAUNCH_HELP)
    {
      g_autoptr(GSettingsSchema) schema =
        g_settings_schema_source_lookup (g_settings_schema_source_get_default (), SCHEMA_ID, TRUE);

      if (schema == NULL)
        {
          g_printerr (_("reportdock: the settings schema %s is not installed; install ReportDock "
                      "(meson install), or run the build with: meson devenv -C BUILDDIR reportdock\n"),
                      SCHEMA_ID);
          *exit_status = 1;
          return TRUE;
        }
    }
  if (launch->kind == RD_LAUNCH_OPEN && launch->wait != NULL)
    {
      *exit_status = rd_wait_command_run (launch, "/proc/self/exe");
      return TRUE;
    }
  if (launch->kind == RD_LAUNCH_VERSION)
    {
      g_print (_("reportdock %s\n"), PACKAGE_VERSION);
      *exit_status = 0;
      return TRUE;
    }
  if (launch->kind == RD_LAUNCH_HELP)
    {
      g_autofree char *text = rd_launch_usage_for (launch->help_topic);

      g_print ("%s", text);
      *exit_status = 0;
      return TRUE;
    }
  return G_APPLICATION_CLASS (rd_application_parent_class)->local_command_line (app, arguments, exit_status);
}

/* D-Bus activation with reportdock:// URIs (the desktop file's handler). */
static void
rd_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  RdApplication *self = RD_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdLaunch) launch = rd_launch_parse_uri (uri, &error);

      if (launch != NULL && !check_link (self, launch, &error))
        g_clear_pointer (&launch, rd_launch_free);
      if (launch != NULL && !self->configured && !configure (self, FALSE, NULL, &error))
        {
          show_setup (self, error, launch->kind == RD_LAUNCH_OPEN ? launch->study : NULL);
          g_clear_pointer (&launch, rd_launch_free);
        }
      if (launch == NULL)
        {
          g_warning ("cannot open a reportdock:// link: %s", error->message);
          if (self->window != NULL)
            rd_window_show_problem (self->window, error->message);
          continue;
        }
      if (launch->kind == RD_LAUNCH_CLOSE)
        gtk_widget_activate_action (GTK_WIDGET (self->window), "win.close-report", NULL);
      else if (!rd_application_open_study (self, launch->study, &error))
        rd_window_show_problem (self->window, error->message);
    }
}

static void
rd_application_activate (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (!self->configured && !configure (self, FALSE, NULL, &error))
    {
      if (!show_setup (self, error, NULL))
        g_warning ("cannot start: %s", error->message);
      return;
    }
  if (self->window != NULL)
    gtk_window_present (GTK_WINDOW (self->window));
}

/* Through the window, so that an open report's page is asked first
 * (rd-window.c); the application ends when the window is gone. */
static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RdApplication *self = user_data;

  if (self->window == NULL)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }
  g_signal_connect_object (self->window, "destroy", G_CALLBACK (g_application_quit), self,
                           G_CONNECT_SWAPPED);
  /* never shown (a background start): no report to leave, no layout to
   * keep, and GTK closes no window it has not realized */
  if (!gtk_widget_get_realized (GTK_WIDGET (self->window)))
    gtk_window_destroy (GTK_WINDOW (self->window));
  else
    gtk_window_close (GTK_WINDOW (self->window));
}

static void
check_mic_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RdApplication *self = user_data;

  if (self->commands != NULL)
    rd_command_router_check_mic (self->commands);
}

static void
dictate_anyway_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  RdApplication *self = user_data;

  if (self->commands != NULL)
    rd_command_router_dictate_anyway (self->commands);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  RdApplication *self = user_data;
  RdReportController *c = controller (self);
  RdPreferencesWindow *preferences =
    rd_preferences_window_new (self->window ? GTK_WINDOW (self->window) : NULL,
                               c ? rd_report_controller_get_study (c) : NULL, self->demo,
                               self->dictation ? rd_dictation_get_monitor (self->dictation) : NULL);

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RdApplication *self = user_data;
  const char *authors[] = { "The ReportDock developers", NULL };

  gtk_show_about_dialog (self->window ? GTK_WINDOW (self->window) : NULL,
                         "program-name", _("ReportDock"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The reporting companion for radiology workstations"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         NULL);
}

static void
rd_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { .name = "quit", .activate = quit_activated },
    { .name = "about", .activate = about_activated },
    { .name = "preferences", .activate = preferences_activated },
    { .name = "check-mic", .activate = check_mic_activated },
    { .name = "dictate-anyway", .activate = dictate_anyway_activated },
  };
  static const char * const mic_accels[] = { "<Control>m", NULL };
  static const char * const reload_accels[] = { "<Control>r", "F5", NULL };
  static const char * const close_accels[] = { "<Control><Shift>w", NULL };
  static const char * const quit_accels[] = { "<Control>q", NULL };
  static const char * const preferences_accels[] = { "<Control>comma", NULL };
  static const char * const viewer_accels[] = { "F9", NULL };
  static const char * const viewer_window_accels[] = { "<Shift>F9", NULL };
  static const char * const help_accels[] = { "<Control>question", NULL };

  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  rd_trace ("startup");
  rd_icons_register_resource ();
  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/io/github/reportdock/ReportDock/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.close-report", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.check-mic", mic_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-viewer", viewer_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.viewer-window", viewer_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static gboolean
rd_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  RdApplication *self = RD_APPLICATION (app);

  if (!G_APPLICATION_CLASS (rd_application_parent_class)->dbus_register (app, connection, object_path, error))
    return FALSE;
  self->dbus = rd_dbus_service_new (RD_DESK (self));
  if (!rd_dbus_service_export (self->dbus, connection, object_path, error))
    return FALSE;
  self->command_line_id = rd_command_line_service_register (app, connection, object_path, error);
  return self->command_line_id != 0;
}

static void
rd_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  RdApplication *self = RD_APPLICATION (app);

  if (self->command_line_id != 0)
    g_dbus_connection_unregister_object (connection, self->command_line_id);
  self->command_line_id = 0;
  if (self->dbus != NULL)
    rd_dbus_service_unexport (self->dbus);
  g_clear_object (&self->dbus);
  G_APPLICATION_CLASS (rd_application_parent_class)->dbus_unregister (app, connection, object_path);
}

RdWindow *
rd_application_get_window (RdApplication *self)
{
  return self->window;
}

RdHostServer *
rd_application_get_host_server (RdApplication *self)
{
  return self->host;
}

RdDemoService *
rd_application_get_demo_service (RdApplication *self)
{
  return self->demo_service;
}

void
rd_application_set_hid_backend (RdApplication      *self,
                                const RdHidBackend *backend)
{
  g_return_if_fail (!self->configured);
  self->hid_backend = backend;
}

RdDictation *
rd_application_get_dictation (RdApplication *self)
{
  return self->dictation;
}

RdApplication *
rd_application_new (void)
{
  return g_object_new (RD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/reportdock/ReportDock",
                       NULL);
}

static void
rd_application_shutdown (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);

  rd_mic_probe_shutdown ();
  if (self->dictation != NULL)
    {
      /* dark LEDs when ReportDock is gone */
      rd_dictation_set_app_state (self->dictation, FALSE, FALSE, FALSE, FALSE);
      rd_device_monitor_stop (rd_dictation_get_monitor (self->dictation));
    }
  G_APPLICATION_CLASS (rd_application_parent_class)->shutdown (app);
}

static void
rd_application_dispose (GObject *object)
{
  RdApplication *self = RD_APPLICATION (object);

  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  if (self->setup != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->setup), (gpointer *) &self->setup);
  self->setup = NULL;
  g_clear_pointer (&self->study_after_setup, rd_study_free);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->mic_warm_id, g_source_remove);
  g_clear_object (&self->host);
  g_clear_object (&self->demo_service);
  g_clear_object (&self->commands);
  g_clear_object (&self->events);
  g_clear_object (&self->sink);
  g_clear_object (&self->dbus);
  g_clear_object (&self->dictation);
  g_clear_object (&self->settings);
  g_clear_object (&self->relay);
  g_clear_pointer (&self->used_links, rd_used_links_free);
  g_clear_pointer (&self->profile_name, g_free);
  g_clear_pointer (&self->default_site_id, g_free);
  g_clear_pointer (&self->key_problem, g_free);
  G_OBJECT_CLASS (rd_application_parent_class)->dispose (object);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_application_dispose;
  app_class->startup = rd_application_startup;
  app_class->shutdown = rd_application_shutdown;
  app_class->activate = rd_application_activate;
  app_class->open = rd_application_open;
  app_class->command_line = rd_application_command_line;
  app_class->local_command_line = rd_application_local_command_line;
  app_class->dbus_register = rd_application_dbus_register;
  app_class->dbus_unregister = rd_application_dbus_unregister;
}

/* The worklist's entry points over D-Bus: starting when not started, as
 * the command line does. */
static gboolean
desk_open_study (RdDesk         *desk,
                 const RdStudy  *study,
                 GVariant       *platform_data,
                 GError        **error)
{
  RdApplication *self = RD_APPLICATION (desk);
  GApplicationClass *app_class = G_APPLICATION_GET_CLASS (self);
  g_autoptr(GVariant) empty = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  GVariant *data = platform_data != NULL ? platform_data : empty;
  gboolean opened;

  /* the token is GTK's to read, as for a command line (rd-command-line-service.c):
   * the window presented while it is set may take the focus */
  app_class->before_emit (G_APPLICATION (self), data);
  opened = rd_application_ensure_started (self, error) && rd_application_open_study (self, study, error);
  app_class->after_emit (G_APPLICATION (self), data);
  return opened;
}

static void
desk_close_report (RdDesk *desk)
{
  rd_application_close_report (RD_APPLICATION (desk));
}

static gboolean
desk_send_command (RdDesk      *desk,
                   const char  *command,
                   GError     **error)
{
  return rd_application_send_command (RD_APPLICATION (desk), command, error);
}

static GVariant *
desk_get_status (RdDesk *desk)
{
  return rd_application_get_status (RD_APPLICATION (desk));
}

static void
rd_application_desk_init (RdDeskInterface *iface)
{
  iface->open_study = desk_open_study;
  iface->close_report = desk_close_report;
  iface->send_command = desk_send_command;
  iface->get_status = desk_get_status;
}

static void
rd_application_init (RdApplication *self)
{
}
