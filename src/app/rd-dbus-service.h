/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#include "rd-desk.h"

#define RD_TYPE_DBUS_SERVICE (rd_dbus_service_get_type ())
G_DECLARE_FINAL_TYPE (RdDbusService, rd_dbus_service, RD, DBUS_SERVICE, GObject)

RdDbusService *rd_dbus_service_new      (RdDesk          *desk);
gboolean       rd_dbus_service_export   (RdDbusService   *self,
                                         GDBusConnection *connection,
                                         const char      *object_path,
                                         GError         **error);
void           rd_dbus_service_unexport (RdDbusService   *self);

G_END_DECLS
