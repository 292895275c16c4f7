/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-profile.h"

G_BEGIN_DECLS

#define RD_TYPE_CONNECTION_TEST (rd_connection_test_get_type ())
G_DECLARE_FINAL_TYPE (RdConnectionTest, rd_connection_test, RD, CONNECTION_TEST, GObject)

RdConnectionTest *rd_connection_test_new        (RdProfile        *profile,
                                                 GSettings        *settings);
void              rd_connection_test_run        (RdConnectionTest *self);
GtkWidget        *rd_connection_test_get_widget (RdConnectionTest *self);
gboolean          rd_connection_test_is_done    (RdConnectionTest *self);
gboolean          rd_connection_test_succeeded  (RdConnectionTest *self);
const char       *rd_connection_test_get_message (RdConnectionTest *self);

G_END_DECLS
