/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-window-private.h"
#include "rd-keymap.h"

#include <glib/gi18n-lib.h>

/* The window's actions: close, reload, continue past the wrong-patient
 * guard, and every dictation and report command, which go to the command
 * router (one action for menu, shortcut, device button and D-Bus). */

static void
close_report_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  rd_window_close_report (RD_WINDOW (widget));
}

/* win.toggle-recording, win.sign-report, …: menu, shortcut, dictation
 * button and the reporting app all meet here. */
static void
command_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);
  const char *command = rd_action_command (action_name + strlen ("win."));
  g_autoptr(GError) error = NULL;

  if (self->router == NULL || command == NULL)
    return;
  if (!rd_command_router_send (self->router, command, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not done: %s"), error->message);

      g_info ("%s not sent: %s", command, error->message);
      rd_window_show_notice (self, text);
    }
}

static void
on_router_verdict (RdWindow   *self,
                   const char *text,
                   gboolean    problem,
                   gboolean    blocked)
{
  rd_window_show_mic_verdict (self, text, problem, blocked);
}

/* The command actions go to the router; what it has to say (the microphone
 * check, a command that failed later) is shown here. */
void
rd_window_set_command_router (RdWindow        *self,
                              RdCommandRouter *router)
{
  g_return_if_fail (RD_IS_WINDOW (self));

  g_return_if_fail (self->router == NULL);
  self->router = g_object_ref (router);
  g_signal_connect_object (router, "mic-level", G_CALLBACK (rd_window_show_mic_level), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (router, "mic-verdict", G_CALLBACK (on_router_verdict), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (router, "problem", G_CALLBACK (rd_window_show_problem), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (router, "notice", G_CALLBACK (rd_window_show_notice), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rd_command_router_get_input (router), "changed", G_CALLBACK (rd_window_update_input), self,
                           G_CONNECT_SWAPPED);
}

static void
continue_report_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  if (self->router != NULL)
    rd_command_router_override_mismatch (self->router);
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RdWindow *self = RD_WINDOW (widget);

  rd_report_controller_reload (self->controller);
}

void
rd_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.close-report", NULL, close_report_activated);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "win.continue-report", NULL, continue_report_activated);
  for (const char * const *name = rd_action_command_names (); *name != NULL; name++)
    gtk_widget_class_install_action (widget_class, rd_action_detailed_name (*name), NULL, command_activated);
}
