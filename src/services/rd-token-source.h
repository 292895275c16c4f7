/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rd-profile.h"

G_BEGIN_DECLS

#define RD_TYPE_TOKEN_SOURCE (rd_token_source_get_type ())
G_DECLARE_FINAL_TYPE (RdTokenSource, rd_token_source, RD, TOKEN_SOURCE, GObject)

RdTokenSource *rd_token_source_new            (RdProfile            *profile,
                                               const char           *token_url);
void           rd_token_source_set_user       (RdTokenSource        *self,
                                               const char           *email,
                                               const char           *first_name,
                                               const char           *last_name);
void           rd_token_source_set_api_key_header (RdTokenSource    *self,
                                               const char           *header);
void           rd_token_source_set_api_key_file (RdTokenSource      *self,
                                               const char           *path);
void           rd_token_source_set_api_key    (RdTokenSource        *self,
                                               const char           *key);
void           rd_token_source_set_timeout    (RdTokenSource        *self,
                                               guint                 seconds);
void           rd_token_source_get_async      (RdTokenSource        *self,
                                               gboolean              fresh,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char          *rd_token_source_get_finish     (RdTokenSource        *self,
                                               GAsyncResult         *result,
                                               GError              **error);
guint          rd_token_source_get_n_requests (RdTokenSource        *self);
char          *rd_token_source_dup_current    (RdTokenSource        *self);
/* The first retry of a failed background refresh (then doubled, at most 5 min). */
void           rd_token_source_set_retry_delay (RdTokenSource       *self,
                                               guint                 ms);

G_END_DECLS
