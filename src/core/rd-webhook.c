/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-webhook.h"
#include "rd-error.h"
#include "rd-url.h"

#include <string.h>

GBytes *
rd_webhook_secret_key (const char  *secret,
                       GError     **error)
{
  const char *b64 = secret ? secret : "";
  g_autofree char *padded = NULL;
  gsize length, data_length = 0;
  guchar *key;

  if (g_str_has_prefix (b64, "whsec_"))
    b64 += strlen ("whsec_");
  length = strlen (b64);
  while (length > 0 && b64[length - 1] == '=')
    length--;
  /* strict base64: GLib's decoder would skip anything else in silence */
  if (length == 0 || length % 4 == 1 ||
      strspn (b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != length ||
      strspn (b64 + length, "=") != strlen (b64 + length) || strlen (b64 + length) > 2)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           length == 0 ? _("the webhook secret is empty")
                                       : _("the webhook secret is not base64 (whsec_ and padding optional), as "
                                         "Standard Webhooks secrets are"));
      return NULL;
    }
  padded = g_strndup (b64, length + 3);
  memset (padded + length, '=', (4 - length % 4) % 4);
  padded[length + (4 - length % 4) % 4] = '\0';
  key = g_base64_decode (padded, &data_length);
  return g_bytes_new_take (key, data_length);
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
