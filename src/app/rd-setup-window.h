/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-connection-test.h"
#include "rd-settings-form.h"

G_BEGIN_DECLS

#define RD_TYPE_SETUP_WINDOW (rd_setup_window_get_type ())
G_DECLARE_FINAL_TYPE (RdSetupWindow, rd_setup_window, RD, SETUP_WINDOW, GtkApplicationWindow)

RdSetupWindow    *rd_setup_window_new      (GtkApplication *application,
                                            const char     *why);
void              rd_setup_window_set_why  (RdSetupWindow  *self,
                                            const char     *why);
gboolean          rd_setup_window_is_showing_why (RdSetupWindow *self);
const char       *rd_setup_window_get_page (RdSetupWindow  *self);
RdSettingsForm   *rd_setup_window_get_form (RdSetupWindow  *self);
RdConnectionTest *rd_setup_window_get_test (RdSetupWindow  *self);
const char       *rd_setup_window_get_test_result (RdSetupWindow *self);

G_END_DECLS
