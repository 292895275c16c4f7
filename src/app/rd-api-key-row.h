/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RD_TYPE_API_KEY_ROW (rd_api_key_row_get_type ())
G_DECLARE_FINAL_TYPE (RdApiKeyRow, rd_api_key_row, RD, API_KEY_ROW, GtkBox)

RdApiKeyRow *rd_api_key_row_new         (const char  *profile_name);
void         rd_api_key_row_set_profile (RdApiKeyRow *self,
                                         const char  *profile_name);
const char  *rd_api_key_row_get_result  (RdApiKeyRow *self);

G_END_DECLS
