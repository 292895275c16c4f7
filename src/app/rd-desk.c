/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-desk.h"

G_DEFINE_INTERFACE (RdDesk, rd_desk, G_TYPE_OBJECT)

enum { REPORT_EVENT, STATE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
rd_desk_default_init (RdDeskInterface *iface)
{
  /* (type, envelope JSON) of every event, after it is journalled */
  signals[REPORT_EVENT] =
    g_signal_new ("report-event", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* the session state's name, when it changes */
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

gboolean
rd_desk_open_study (RdDesk         *self,
                    const RdStudy  *study,
                    GVariant       *platform_data,
                    GError        **error)
{
  g_return_val_if_fail (RD_IS_DESK (self), FALSE);
  g_return_val_if_fail (study != NULL, FALSE);
  g_return_val_if_fail (platform_data == NULL || g_variant_is_of_type (platform_data, G_VARIANT_TYPE_VARDICT), FALSE);

  return RD_DESK_GET_IFACE (self)->open_study (self, study, platform_data, error);
}

void
rd_desk_close_report (RdDesk *self)
{
  RD_DESK_GET_IFACE (self)->close_report (self);
}

gboolean
rd_desk_send_command (RdDesk      *self,
                      const char  *command,
                      GError     **error)
{
  return RD_DESK_GET_IFACE (self)->send_command (self, command, error);
}

GVariant *
rd_desk_get_status (RdDesk *self)
{
  return RD_DESK_GET_IFACE (self)->get_status (self);
}

void
rd_desk_emit_report_event (RdDesk     *self,
                           const char *type,
                           const char *json)
{
  g_signal_emit (self, signals[REPORT_EVENT], 0, type, json);
}

void
rd_desk_emit_state_changed (RdDesk     *self,
                            const char *state)
{
  g_signal_emit (self, signals[STATE_CHANGED], 0, state);
}
