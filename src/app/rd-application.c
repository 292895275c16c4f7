/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-application"

#include "config.h"

#include "rd-application-private.h"
#include "rd-command-line-service.h"
#include "rd-mic-probe.h"
#include "rd-trace.h"
#include "rd-icons.h"

#include <glib/gi18n-lib.h>

/* One instance per user session: a second invocation validates its command
 * line itself (bad input never reaches us), then hands it over and returns
 * with our exit status (rd-application-launch.c). This file is the
 * GApplication; rd-application-private.h lists its other parts. */

static void rd_application_desk_init (RdDeskInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdApplication, rd_application, GTK_TYPE_APPLICATION,
                               G_IMPLEMENT_INTERFACE (RD_TYPE_DESK, rd_application_desk_init))

static void
rd_application_startup (GApplication *app)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  rd_trace ("startup");
  rd_icons_register_resource ();
  G_APPLICATION_CLASS (rd_application_parent_class)->startup (app);

  gtk_css_provider_load_from_resource (css, "/io/github/reportdock/ReportDock/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  rd_application_install_actions (RD_APPLICATION (app));
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
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->window;
}

RdHostServer *
rd_application_get_host_server (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->host;
}

RdDemoService *
rd_application_get_demo_service (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

  return self->demo_service;
}

void
rd_application_set_hid_backend (RdApplication      *self,
                                const RdHidBackend *backend)
{
  g_return_if_fail (RD_IS_APPLICATION (self));

  g_return_if_fail (!self->configured);
  self->hid_backend = backend;
}

RdDictation *
rd_application_get_dictation (RdApplication *self)
{
  g_return_val_if_fail (RD_IS_APPLICATION (self), NULL);

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
