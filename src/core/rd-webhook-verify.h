/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checking a vendor's webhook (docs/protocol.md §3): Avara's documented scheme
 * (X-Avara-Timestamp, X-Avara-Signature = hex HMAC-SHA256 of timestamp +
 * body) and Standard Webhooks (webhook-id, webhook-timestamp,
 * webhook-signature "v1,<base64>" over id.timestamp.body, several
 * signatures per header). Pure: the time comes in as an argument. */

#define RD_WEBHOOK_TOLERANCE_S  (5 * 60)

typedef struct {
  const char *avara_timestamp;     /* X-Avara-Timestamp */
  const char *avara_signature;     /* X-Avara-Signature */
  const char *id;                  /* webhook-id */
  const char *timestamp;           /* webhook-timestamp */
  const char *signature;           /* webhook-signature */
} RdWebhookHeaders;

typedef struct _RdReplayCache RdReplayCache;

/* secret: as configured; Standard Webhooks decode it (rd_webhook_secret_key),
 * Avara's documented scheme uses it as it is (or decoded, when it is "whsec_…"). */
gboolean       rd_webhook_verify        (const char             *secret,
                                         const RdWebhookHeaders *headers,
                                         const guint8           *body,
                                         gsize                   length,
                                         gint64                  now_s,
                                         char                  **replay_key,
                                         GError                **error);
gboolean       rd_constant_time_equal   (const char             *a,
                                         const char             *b);

RdReplayCache *rd_replay_cache_new      (void);
void           rd_replay_cache_free     (RdReplayCache          *cache);
gboolean       rd_replay_cache_check_and_add (RdReplayCache     *cache,
                                         const char             *key,
                                         gint64                  now_s);
void           rd_replay_cache_forget   (RdReplayCache          *cache,
                                         const char             *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdReplayCache, rd_replay_cache_free)

G_END_DECLS
