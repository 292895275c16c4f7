/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-study.h"

G_BEGIN_DECLS

/* What the worklist's entry points may ask of ReportDock, and what they
 * hear back: the narrow interface the D-Bus service is written against, so
 * that it knows nothing of the application behind it. */

#define RD_TYPE_DESK (rd_desk_get_type ())
G_DECLARE_INTERFACE (RdDesk, rd_desk, RD, DESK, GObject)

struct _RdDeskInterface
{
  GTypeInterface parent_iface;

  /* starts ReportDock first when it is not running a report pane;
   * platform_data (nullable): the caller's activation token, as GApplication
   * passes it, so the window may take the focus */
  gboolean  (*open_study)   (RdDesk         *self,
                             const RdStudy  *study,
                             GVariant       *platform_data,
                             GError        **error);
  void      (*close_report) (RdDesk         *self);
  gboolean  (*send_command) (RdDesk         *self,
                             const char     *command,
                             GError        **error);
  GVariant *(*get_status)   (RdDesk         *self);
};

gboolean  rd_desk_open_study         (RdDesk         *self,
                                      const RdStudy  *study,
                                      GVariant       *platform_data,
                                      GError        **error);
void      rd_desk_close_report       (RdDesk         *self);
gboolean  rd_desk_send_command       (RdDesk         *self,
                                      const char     *command,
                                      GError        **error);
GVariant *rd_desk_get_status         (RdDesk         *self);
void      rd_desk_emit_report_event  (RdDesk         *self,
                                      const char     *type,
                                      const char     *json);
void      rd_desk_emit_state_changed (RdDesk         *self,
                                      const char     *state);

G_END_DECLS
