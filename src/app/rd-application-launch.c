/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application-private.h"
#include "rd-settings-keys.h"
#include "rd-answer-command.h"
#include "rd-check-mic-command.h"
#include "rd-devices-command.h"
#include "rd-events-command.h"
#include "rd-wait-command.h"
#include "rd-api-key.h"
#include "rd-start-check.h"

#include <glib/gi18n-lib.h>

/* The worklist's ways in: command lines (this process's and the
 * launcher's), reportdock:// links and activation. A second invocation
 * validates its command line itself (bad input never reaches us), then
 * hands it over and returns with our exit status. */

/* `reportdock relay`: the running instance receives the vendor's webhooks,
 * so that they take the one path every event takes. */
static int
start_relay (RdApplication           *self,
             RdLaunch                *launch,
             GApplicationCommandLine *cmdline)
{
  g_autoptr(GSettings) settings = rd_settings_new ();
  g_autofree char *secret_file = g_settings_get_string (settings, RD_KEY_RELAY_SECRET_FILE);
  g_autofree char *command = g_settings_get_string (settings, RD_KEY_IMAGE_URLS_COMMAND);
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
  settings = rd_settings_new ();
  secret_file = g_settings_get_string (settings, RD_KEY_LAUNCH_SECRET_FILE);
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
      if (!rd_application_configure (self, launch->demo, launch->profile, &error))
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
          rd_application_show_setup (self, error, launch->kind == RD_LAUNCH_OPEN ? launch->study : NULL);
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
          g_autoptr(RdStudy) study = rd_application_demo_study ();
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

int
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

/* The commands that run in a process of their own (RD_LAUNCH_ROUTE_ALONE). */
static int
run_alone (const RdLaunch *launch)
{
  switch (launch->kind)
    {
    case RD_LAUNCH_CHECK_MIC:
      return rd_check_mic_command_run (launch);
    case RD_LAUNCH_EVENTS:
      return rd_events_command_run (launch);
    case RD_LAUNCH_DEVICES:
      return rd_devices_command_run (launch, rd_hid_backend_hidapi ());
    case RD_LAUNCH_RAISE:
    case RD_LAUNCH_OPEN:
    case RD_LAUNCH_CLOSE:
    case RD_LAUNCH_VERSION:
    case RD_LAUNCH_HELP:
    case RD_LAUNCH_RELAY:
    default:
      g_return_val_if_reached (2);
    }
}

static gboolean
schema_installed (void)
{
  g_autoptr(GSettingsSchema) schema =
    g_settings_schema_source_lookup (g_settings_schema_source_get_default (), SCHEMA_ID, TRUE);

  if (schema == NULL)
    g_printerr (_("reportdock: the settings schema %s is not installed; install ReportDock "
                "(meson install), or run the build with: meson devenv -C BUILDDIR reportdock\n"),
                SCHEMA_ID);
  return schema != NULL;
}

/* The invoking process: bad input ends here with status 2, one line, and
 * nothing is sent to the running instance. */
gboolean
rd_application_local_command_line (GApplication   *app,
                                   char         ***arguments,
                                   int            *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = NULL;
  char **argv = *arguments;
  RdLaunchRoute route;

  /* D-Bus activation (the desktop file's DBusActivatable): GApplication's own */
  if (argv[0] != NULL && g_strcmp0 (argv[1], "--gapplication-service") == 0)
    return G_APPLICATION_CLASS (g_type_class_peek (GTK_TYPE_APPLICATION))->local_command_line (app, arguments, exit_status);

  launch = rd_launch_parse_argv (g_strv_length (argv), (const char * const *) argv, &error);
  if (launch == NULL)
    {
      g_printerr ("reportdock: %s\n", error->message);
      *exit_status = 2;
      return TRUE;
    }
  route = rd_launch_route (launch);
  switch (route)
    {
    case RD_LAUNCH_ROUTE_HERE:
      *exit_status = rd_answer_command_run (launch);
      return TRUE;
    case RD_LAUNCH_ROUTE_ALONE:
      /* they read no settings: no schema needed */
      *exit_status = run_alone (launch);
      return TRUE;
    case RD_LAUNCH_ROUTE_WAIT:
    case RD_LAUNCH_ROUTE_INSTANCE:
    default:
      break;
    }
  if (!schema_installed ())
    {
      *exit_status = 1;
      return TRUE;
    }
  if (route == RD_LAUNCH_ROUTE_WAIT)
    {
      *exit_status = rd_wait_command_run (launch, "/proc/self/exe");
      return TRUE;
    }
  return G_APPLICATION_CLASS (g_type_class_peek (GTK_TYPE_APPLICATION))->local_command_line (app, arguments, exit_status);
}

/* D-Bus activation with reportdock:// URIs (the desktop file's handler). */
void
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
      if (launch != NULL && !self->configured && !rd_application_configure (self, FALSE, NULL, &error))
        {
          rd_application_show_setup (self, error, launch->kind == RD_LAUNCH_OPEN ? launch->study : NULL);
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

void
rd_application_activate (GApplication *app)
{
  RdApplication *self = RD_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (!self->configured && !rd_application_configure (self, FALSE, NULL, &error))
    {
      if (!rd_application_show_setup (self, error, NULL))
        g_warning ("cannot start: %s", error->message);
      return;
    }
  if (self->window != NULL)
    gtk_window_present (GTK_WINDOW (self->window));
}
