/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-webhook.h"
#include "rd-error.h"
#include "rd-url.h"

#include <string.h>

/* "whsec_<base64>" is the Standard Webhooks form of a secret: the key is
 * the decoded bytes. Any other text is used as it is. */
GBytes *
rd_webhook_secret_key (const char *secret)
{
  if (g_str_has_prefix (secret, "whsec_"))
    {
      gsize length = 0;
      guchar *key = g_base64_decode (secret + strlen ("whsec_"), &length);

      if (length > 0)
        return g_bytes_new_take (key, length);
      g_free (key);
    }
  return g_bytes_new (secret, strlen (secret));
}

/* "v1," + base64 (HMAC-SHA256 (key, "<id>.<timestamp>.<body>")) */
char *
rd_webhook_signature (GBytes     *key,
                      const char *id,
                      gint64      timestamp,
                      const char *body)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_autofree char *prefix = g_strdup_printf ("%s.%" G_GINT64_FORMAT ".", id, timestamp);
  g_autofree char *b64 = NULL;
  guint8 digest[32];
  gsize length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) prefix, strlen (prefix));
  g_hmac_update (hmac, (const guchar *) body, strlen (body));
  g_hmac_get_digest (hmac, digest, &length);
  b64 = g_base64_encode (digest, length);
  return g_strconcat ("v1,", b64, NULL);
}

/* 1 s, 2 s, 4 s … capped at a minute: a receiver that is down for a while
 * is tried again soon after it is back, without being hammered. */
guint
rd_webhook_retry_delay (guint failures)
{
  if (failures == 0)
    return 0;
  if (failures > 6)
    return RD_WEBHOOK_MAX_DELAY_MS;
  return MIN (1000u << (failures - 1), (guint) RD_WEBHOOK_MAX_DELAY_MS);
}

gboolean
rd_webhook_url_is_valid (const char  *url,
                         GError     **error)
{
  /* events carry patient identifiers: https://, or this computer */
  return rd_url_check_secure ("events-url", url, error);
}
