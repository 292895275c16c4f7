/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Standard Webhooks (docs/protocol.md §5): what to sign and how long to wait. */

#define RD_WEBHOOK_MAX_DELAY_MS 60000

/* The key of a Standard Webhooks secret, as the reference libraries read
 * it: base64, "whsec_" prefix optional, padding optional, never empty. */
GBytes *rd_webhook_secret_key   (const char   *secret,
                                 GError      **error);
char   *rd_webhook_signature    (GBytes       *key,
                                 const char   *id,
                                 gint64        timestamp,
                                 const char   *body);
guint   rd_webhook_retry_delay  (guint         failures);
gboolean rd_webhook_url_is_valid (const char  *url,
                                  GError     **error);

G_END_DECLS
