/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for webhook verification: the input, split at NUL
 * bytes, is webhook-id, webhook-timestamp, webhook-signature,
 * X-Avara-Timestamp, X-Avara-Signature and the body (absent parts: no
 * header); it is also tried as a secret. */
#include "config.h"

#include "rd-webhook.h"
#include "rd-webhook-verify.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr(GBytes) fuzzed_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replay_key = NULL;
  const char *parts[6] = { NULL };
  RdWebhookHeaders h;
  size_t start = 0;
  guint n = 0;
  gboolean ok;

  memcpy (text, data, size);
  text[size] = '\0';
  for (size_t i = 0; i <= size && n < G_N_ELEMENTS (parts); i++)
    if (i == size || text[i] == '\0')
      {
        parts[n++] = text + start;
        start = i + 1;
      }
  h.id = parts[0];
  h.timestamp = parts[1];
  h.signature = parts[2] && parts[2][0] ? parts[2] : NULL;
  h.avara_timestamp = parts[3];
  h.avara_signature = parts[4] && parts[4][0] ? parts[4] : NULL;
  ok = rd_webhook_verify ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &h, (const guint8 *) (parts[5] ? parts[5] : ""),
                          parts[5] ? strlen (parts[5]) : 0, 1764590000, &replay_key, &error);
  g_assert (ok == (error == NULL));
  g_assert (!ok || replay_key != NULL);

  if (g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GError) key_error = NULL;

      fuzzed_key = rd_webhook_secret_key (text, &key_error);
      g_assert ((fuzzed_key == NULL) == (key_error != NULL));
      g_assert (fuzzed_key == NULL || g_bytes_get_size (fuzzed_key) > 0);
    }
  return 0;
}
