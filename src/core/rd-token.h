/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-profile.h"

G_BEGIN_DECLS

/* The vendor's answer to a token request, parsed. The token is secret: it is
 * wiped when freed and never printed. */
typedef struct {
  char   *value;
  gint64  expires_at;   /* real time, microseconds */
} RdToken;

char    *rd_token_request_body (const RdProfile  *profile,
                                const char       *user_email,
                                const char       *first_name,
                                const char       *last_name,
                                GError          **error);
RdToken *rd_token_parse        (const RdProfile  *profile,
                                const char       *body,
                                gsize             length,
                                gint64            now,
                                GError          **error);
gint64   rd_token_refresh_at   (const RdToken    *token,
                                gint64            now);
void     rd_token_free         (RdToken          *token);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdToken, rd_token_free)

G_END_DECLS
