/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application-private.h"
#include "rd-preferences-window.h"

#include <glib/gi18n-lib.h>

/* The application's own actions, and the one table of their shortcuts. */

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
  RdReportController *c = rd_application_controller (self);
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

/* The shortcuts of the application's and windows' own actions; the
 * dictation commands' are the shortcuts setting's (rd-application-start.c). */
static const struct {
  const char *action;
  const char *accels[3];
} shortcuts[] = {
  { "win.reload", { "<Control>r", "F5", NULL } },
  { "win.close-report", { "<Control><Shift>w", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.check-mic", { "<Control>m", NULL } },
  { "win.show-viewer", { "F9", NULL } },
  { "win.viewer-window", { "<Shift>F9", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

void
rd_application_install_actions (RdApplication *self)
{
  static const GActionEntry entries[] = {
    { .name = "quit", .activate = quit_activated },
    { .name = "about", .activate = about_activated },
    { .name = "preferences", .activate = preferences_activated },
    { .name = "check-mic", .activate = check_mic_activated },
    { .name = "dictate-anyway", .activate = dictate_anyway_activated },
  };

  g_return_if_fail (RD_IS_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), shortcuts[i].action, shortcuts[i].accels);
}
