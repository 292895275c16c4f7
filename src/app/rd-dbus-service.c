/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-dbus"

#include "config.h"

#include "rd-dbus-service.h"
#include "rd-desk.h"
#include "rd-activation.h"
#include "rd-dbus.h"
#include "rd-error.h"

/* io.github.reportdock.ReportDock1 (docs/protocol.md §4): the worklist's API,
 * onto the desk's narrow interface (rd-desk.h) that the command line and
 * the links take too, validating exactly as they do. */

struct _RdDbusService
{
  GObject            parent_instance;
  RdDesk            *desk;           /* unowned: it owns us */
  RdDbusReportDock1 *skeleton;
};

G_DEFINE_FINAL_TYPE (RdDbusService, rd_dbus_service, G_TYPE_OBJECT)

static const GDBusErrorEntry error_entries[] = {
  { RD_ERROR_INVALID_ARGUMENT, "io.github.reportdock.ReportDock1.Error.InvalidArgument" },
  { RD_ERROR_INVALID_PROFILE, "io.github.reportdock.ReportDock1.Error.InvalidProfile" },
  { RD_ERROR_NOT_CONFIGURED, "io.github.reportdock.ReportDock1.Error.NotReady" },
  { RD_ERROR_NO_API_KEY, "io.github.reportdock.ReportDock1.Error.NoApiKey" },
  { RD_ERROR_INSECURE_FILE, "io.github.reportdock.ReportDock1.Error.InsecureFile" },
  { RD_ERROR_KEY_REJECTED, "io.github.reportdock.ReportDock1.Error.KeyRejected" },
  { RD_ERROR_VENDOR_UNREACHABLE, "io.github.reportdock.ReportDock1.Error.VendorUnreachable" },
  { RD_ERROR_MALFORMED_RESPONSE, "io.github.reportdock.ReportDock1.Error.MalformedResponse" },
  { RD_ERROR_MALFORMED_MESSAGE, "io.github.reportdock.ReportDock1.Error.MalformedMessage" },
  { RD_ERROR_NOT_SUPPORTED, "io.github.reportdock.ReportDock1.Error.NotSupported" },
};

static gboolean
open_report (RdDbusService         *self,
             GDBusMethodInvocation *invocation,
             GVariant              *study_variant,
             GVariant              *platform_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdStudy) study = rd_study_new_from_variant (study_variant, &error);

  if (study == NULL ||
      !rd_desk_open_study (self->desk, study, platform_data, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_open_report (RdDbusService         *self,
                GDBusMethodInvocation *invocation,
                GVariant              *study_variant)
{
  if (open_report (self, invocation, study_variant, NULL))
    rd_dbus_report_dock1_complete_open_report (self->skeleton, invocation);
  return TRUE;
}

static gboolean
on_open_report_with_platform_data (RdDbusService         *self,
                                   GDBusMethodInvocation *invocation,
                                   GVariant              *study_variant,
                                   GVariant              *platform_data)
{
  /* any caller on the bus: only the tokens pass, checked */
  g_autoptr(GVariant) clean = rd_activation_platform_data_clean (platform_data);

  if (open_report (self, invocation, study_variant, clean))
    rd_dbus_report_dock1_complete_open_report_with_platform_data (self->skeleton, invocation);
  return TRUE;
}

static gboolean
on_close_report (RdDbusService         *self,
                 GDBusMethodInvocation *invocation)
{
  rd_desk_close_report (self->desk);
  rd_dbus_report_dock1_complete_close_report (self->skeleton, invocation);
  return TRUE;
}

static gboolean
on_send_command (RdDbusService         *self,
                 GDBusMethodInvocation *invocation,
                 const char            *name)
{
  g_autoptr(GError) error = NULL;

  if (!rd_desk_send_command (self->desk, name, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return TRUE;
    }
  rd_dbus_report_dock1_complete_send_command (self->skeleton, invocation);
  return TRUE;
}

static gboolean
on_get_status (RdDbusService         *self,
               GDBusMethodInvocation *invocation)
{
  rd_dbus_report_dock1_complete_get_status (self->skeleton, invocation,
                                            rd_desk_get_status (self->desk));
  return TRUE;
}

static void
on_report_event (RdDbusService *self,
                 const char    *type,
                 const char    *json)
{
  rd_dbus_report_dock1_emit_report_event (self->skeleton, type, json);
}

static void
on_state_changed (RdDbusService *self,
                  const char    *state)
{
  rd_dbus_report_dock1_emit_state_changed (self->skeleton, state);
}

gboolean
rd_dbus_service_export (RdDbusService    *self,
                        GDBusConnection  *connection,
                        const char       *object_path,
                        GError          **error)
{
  g_return_val_if_fail (RD_IS_DBUS_SERVICE (self), FALSE);

  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                           connection, object_path, error);
}

void
rd_dbus_service_unexport (RdDbusService *self)
{
  g_return_if_fail (RD_IS_DBUS_SERVICE (self));

  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->skeleton));
}

RdDbusService *
rd_dbus_service_new (RdDesk *desk)
{
  RdDbusService *self = g_object_new (RD_TYPE_DBUS_SERVICE, NULL);
  static gsize registered = 0;

  g_dbus_error_register_error_domain ("rd-error-quark", &registered,
                                      error_entries, G_N_ELEMENTS (error_entries));
  self->desk = desk;
  g_signal_connect_object (self->skeleton, "handle-open-report", G_CALLBACK (on_open_report), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-open-report-with-platform-data",
                           G_CALLBACK (on_open_report_with_platform_data), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-close-report", G_CALLBACK (on_close_report), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-send-command", G_CALLBACK (on_send_command), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skeleton, "handle-get-status", G_CALLBACK (on_get_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (desk, "report-event", G_CALLBACK (on_report_event), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (desk, "state-changed", G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  return self;
}

static void
rd_dbus_service_finalize (GObject *object)
{
  RdDbusService *self = RD_DBUS_SERVICE (object);

  g_clear_object (&self->skeleton);
  G_OBJECT_CLASS (rd_dbus_service_parent_class)->finalize (object);
}

static void
rd_dbus_service_class_init (RdDbusServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_dbus_service_finalize;
}

static void
rd_dbus_service_init (RdDbusService *self)
{
  self->skeleton = rd_dbus_report_dock1_skeleton_new ();
}
