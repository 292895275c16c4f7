/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application.h"
#include "rd-error.h"
#include "rd-launch.h"
#include "rd-trace.h"
#include "rd-web-session.h"

#include <glib/gi18n.h>

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
  RdWindow       *window;
};

G_DEFINE_FINAL_TYPE (RdApplication, rd_application, GTK_TYPE_APPLICATION)

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

static GStrv
profile_search_dirs (void)
{
  g_autoptr(GStrvBuilder) dirs = g_strv_builder_new ();
  const char * const *system = g_get_system_config_dirs ();

  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "reportdock", "profiles", NULL);

  g_strv_builder_add (dirs, user);
  for (guint i = 0; system[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (system[i], "reportdock", "profiles", NULL);
      g_strv_builder_add (dirs, dir);
    }
  return g_strv_builder_end (dirs);
}

static gboolean
configure (RdApplication  *self,
           gboolean        demo,
           GError        **error)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(RdProfile) profile = NULL;
  g_autoptr(RdSession) session = NULL;
  g_autoptr(RdTokenSource) tokens = NULL;
  g_autoptr(RdReportController) controller = NULL;
  g_autoptr(WebKitNetworkSession) report_session = NULL;
  g_autoptr(WebKitNetworkSession) viewer_session = NULL;
  g_auto(GStrv) dirs = profile_search_dirs ();
  g_autofree char *profile_name = NULL, *vendor_url = NULL, *token_url = NULL;
  g_autofree char *viewer_template = NULL, *default_site = NULL;
  RdReportView *view;
  gboolean ephemeral;

  rd_trace ("configure");
  if (demo)
    {
      self->demo_service = rd_demo_service_new (error);
      if (self->demo_service == NULL)
        return FALSE;
      profile_name = g_strdup ("demo");
      vendor_url = rd_demo_service_get_vendor_url (self->demo_service);
      token_url = rd_demo_service_get_token_url (self->demo_service);
      viewer_template = rd_demo_service_get_viewer_template (self->demo_service);
      default_site = g_strdup ("DEMO");
      ephemeral = TRUE;   /* the demo leaves nothing behind */
    }
  else
    {
      profile_name = g_settings_get_string (settings, "profile");
      vendor_url = g_settings_get_string (settings, "vendor-url");
      token_url = g_settings_get_string (settings, "token-url");
      viewer_template = g_settings_get_string (settings, "viewer-url-template");
      default_site = g_settings_get_string (settings, "default-site-id");
      ephemeral = g_settings_get_boolean (settings, "ephemeral-session");
      if (vendor_url[0] == '\0')
        {
          g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                               "vendor-url is not set. Set it with: gsettings set "
                               "io.github.reportdock.ReportDock vendor-url https://… "
                               "(see the README), or try: reportdock --demo");
          return FALSE;
        }
    }

  profile = rd_profile_load (profile_name, (const char * const *) dirs, error);
  if (profile == NULL)
    return FALSE;
  if (!g_str_equal (rd_profile_get_kind (profile), "iframe"))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE,
                   "profile %s is of kind %s, which this build of ReportDock cannot drive yet",
                   rd_profile_get_name (profile), rd_profile_get_kind (profile));
      return FALSE;
    }

  self->host = rd_host_server_new (error);
  if (self->host == NULL ||
      !rd_host_server_set_vendor (self->host, vendor_url, rd_profile_get_title (profile), error))
    return FALSE;

  session = rd_session_new (profile);
  rd_session_set_default_site_id (session, default_site);

  tokens = rd_token_source_new (profile, token_url);
  if (demo)
    {
      rd_token_source_set_api_key (tokens, rd_demo_service_get_api_key (self->demo_service));
      rd_token_source_set_user (tokens, "demo.radiologist@example.org", "Demo", "Radiologist");
    }
  else
    {
      g_autofree char *header = g_settings_get_string (settings, "api-key-header");
      g_autofree char *key_file = g_settings_get_string (settings, "api-key-file");
      g_autofree char *email = g_settings_get_string (settings, "user-email");
      g_autofree char *first = g_settings_get_string (settings, "user-first-name");
      g_autofree char *last = g_settings_get_string (settings, "user-last-name");

      rd_token_source_set_api_key_header (tokens, header);
      rd_token_source_set_api_key_file (tokens, key_file);
      rd_token_source_set_user (tokens, email, first, last);
    }

  report_session = rd_web_session_new ("report", ephemeral, TRUE);
  viewer_session = rd_web_session_new ("viewer", ephemeral, FALSE);
  view = rd_report_view_new (report_session, rd_host_server_get_page_url (self->host),
                             rd_host_server_get_vendor_origin (self->host));
  if (g_strcmp0 (g_getenv ("REPORTDOCK_FAKE_MICROPHONE"), "1") == 0)
    rd_report_view_set_fake_microphone (view, TRUE);
  controller = rd_report_controller_new (session, tokens, view);

  self->window = rd_window_new (GTK_APPLICATION (self), controller, viewer_session,
                                viewer_template, default_site);
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->demo = demo;
  self->configured = TRUE;

  g_info ("profile %s, reporting app at %s", rd_profile_get_name (profile),
          rd_host_server_get_vendor_origin (self->host));
  rd_report_controller_start (controller);
  gtk_window_present (GTK_WINDOW (self->window));
  rd_trace ("configured");
  return TRUE;
}

gboolean
rd_application_open_study (RdApplication  *self,
                           const RdStudy  *study,
                           GError        **error)
{
  if (self->window == NULL)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           "ReportDock has no window open");
      return FALSE;
    }
  return rd_window_open_study (self->window, study, error);
}

static int
run_launch (RdApplication            *self,
            RdLaunch                 *launch,
            GApplicationCommandLine  *cmdline)
{
  g_autoptr(GError) error = NULL;
  gboolean just_started = FALSE;

  if (!self->configured && launch->kind == RD_LAUNCH_CLOSE)
    return 0;   /* nothing is open: do not start just to close */
  if (!self->configured)
    {
      if (!configure (self, launch->demo, &error))
        {
          g_application_command_line_printerr (cmdline, "reportdock: %s\n", error->message);
          g_warning ("cannot start: %s", error->message);
          return 1;
        }
      just_started = TRUE;
    }
  else if (launch->demo && !self->demo)
    g_application_command_line_printerr (cmdline,
                                         "reportdock: already running with the configured vendor; "
                                         "quit it first to start the demo\n");

  switch (launch->kind)
    {
    case RD_LAUNCH_RAISE:
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
    case RD_LAUNCH_VERSION:
    case RD_LAUNCH_HELP:
    default:
      return 0;
    }
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

  launch = rd_launch_parse_argv (g_strv_length (argv), (const char * const *) argv, &error);
  if (launch == NULL)
    {
      g_printerr ("reportdock: %s\n", error->message);
      *exit_status = 2;
      return TRUE;
    }
  if (launch->kind != RD_LAUNCH_VERSION && launch->kind != RD_LAUNCH_HELP)
    {
      g_autoptr(GSettingsSchema) schema =
        g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);

      if (schema == NULL)
        {
          g_printerr ("reportdock: the settings schema %s is not installed; install ReportDock "
                      "(meson install), or run the build with: meson devenv -C BUILDDIR reportdock\n",
                      APP_ID);
          *exit_status = 1;
          return TRUE;
        }
    }
  if (launch->kind == RD_LAUNCH_VERSION)
    {
      g_print ("reportdock %s\n", PACKAGE_VERSION);
      *exit_status = 0;
      return TRUE;
    }
  if (launch->kind == RD_LAUNCH_HELP)
    {
      g_print ("%s", rd_launch_usage ());
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

      if (launch != NULL && !self->configured && !configure (self, FALSE, &error))
        g_clear_pointer (&launch, rd_launch_free);
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

  if (!self->configured && !configure (self, FALSE, &error))
    {
      g_warning ("cannot start: %s", error->message);
      return;
    }
  if (self->window != NULL)
    gtk_window_present (GTK_WINDOW (self->window));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RdApplication *self = user_data;

  if (self->window != NULL)
    gtk_window_close (GTK_WINDOW (self->window));
  g_application_quit (G_APPLICATION (self));
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
  };
  static const char * const reload_accels[] = { "<Control>r", "F5", NULL };
  static const char * const close_accels[] = { "<Control><Shift>w", NULL };
  static const char * const quit_accels[] = { "<Control>q", NULL };

  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  rd_trace ("startup");
  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/io/github/reportdock/ReportDock/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.close-report", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
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
rd_application_dispose (GObject *object)
{
  RdApplication *self = RD_APPLICATION (object);

  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_object (&self->host);
  g_clear_object (&self->demo_service);
  G_OBJECT_CLASS (rd_application_parent_class)->dispose (object);
}

static void
rd_application_class_init (RdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_application_dispose;
  app_class->startup = rd_application_startup;
  app_class->activate = rd_application_activate;
  app_class->open = rd_application_open;
  app_class->command_line = rd_application_command_line;
  app_class->local_command_line = rd_application_local_command_line;
}

static void
rd_application_init (RdApplication *self)
{
}
