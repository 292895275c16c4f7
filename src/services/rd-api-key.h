/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *rd_secret_file_read     (const char           *path,
                               const char           *what,
                               GError              **error);
char *rd_api_key_read_file    (const char           *path,
                               GError              **error);
void  rd_api_key_load_async   (const char           *path,
                               const char           *profile_name,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
char *rd_api_key_load_finish  (GAsyncResult         *result,
                               GError              **error);
void  rd_api_key_store_async  (const char           *key,
                               const char           *profile_name,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
gboolean rd_api_key_store_finish (GAsyncResult      *result,
                               GError              **error);
void  rd_api_key_wipe         (char                 *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (char, rd_api_key_wipe)

G_END_DECLS
