/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-demo-service.h"
#include "rd-host-server.h"
#include "rd-window.h"

G_BEGIN_DECLS

#define RD_TYPE_APPLICATION (rd_application_get_type ())
G_DECLARE_FINAL_TYPE (RdApplication, rd_application, RD, APPLICATION, GtkApplication)

RdApplication *rd_application_new              (void);
RdWindow      *rd_application_get_window       (RdApplication *self);
RdHostServer  *rd_application_get_host_server  (RdApplication *self);
RdDemoService *rd_application_get_demo_service (RdApplication *self);
gboolean       rd_application_open_study       (RdApplication *self,
                                                const RdStudy *study,
                                                GError       **error);

G_END_DECLS
