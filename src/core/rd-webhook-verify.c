/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-webhook-verify"

#include "config.h"

#include "rd-webhook-verify.h"
#include "rd-error.h"
#include "rd-webhook.h"

#include <stdlib.h>
#include <string.h>

/* Compares all of both strings whatever they hold: no early exit that
 * would tell an attacker how much of a forged signature was right. */
gboolean
rd_constant_time_equal (const char *a,
                        const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint8 diff = la != lb;

  for (gsize i = 0; i < MAX (la, lb); i++)
    diff |= (guint8) (i < la ? a[i] : 0) ^ (guint8) (i < lb ? b[i] : 0);
  return diff == 0;
}

/* Seconds (Standard Webhooks); for Avara's documented scheme milliseconds, as
 * Avara's document says, or seconds, told apart by size: 10^11 seconds is
 * the year 5138, 10^11 milliseconds is 1973. */
#define MILLISECONDS_FROM 100000000000LL

static gboolean
parse_timestamp (const char  *text,
                 gboolean     milliseconds_too,
                 gint64       now_s,
                 gint64      *out,
                 GError     **error)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE,
                           milliseconds_too
                             ? "the webhook timestamp is missing or not a number of milliseconds"
                             : "the webhook timestamp is missing or not a number of seconds");
      return FALSE;
    }
  if (milliseconds_too)
    {
      gboolean ms = (gint64) value >= MILLISECONDS_FROM;

      g_debug ("X-Avara-Timestamp read as %s", ms ? "milliseconds" : "seconds");
      if (ms)
        value /= 1000;
    }
  if ((gint64) value < now_s - RD_WEBHOOK_TOLERANCE_S || (gint64) value > now_s + RD_WEBHOOK_TOLERANCE_S)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE,
                   "the webhook timestamp is %" G_GINT64_FORMAT " s away from this machine's clock "
                   "(at most %d s allowed): a replay, or a clock that is wrong",
                   ABS ((gint64) value - now_s), RD_WEBHOOK_TOLERANCE_S);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static guint8 *
hmac (GBytes       *key,
      const char   *prefix,
      const guint8 *body,
      gsize         length,
      gsize        *digest_length)
{
  g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  guint8 *digest = g_malloc (32);

  *digest_length = 32;
  g_hmac_update (h, (const guchar *) prefix, strlen (prefix));
  g_hmac_update (h, body, length);
  g_hmac_get_digest (h, digest, digest_length);
  return digest;
}

static gboolean
verify_avara (GBytes                 *key,
              const RdWebhookHeaders *headers,
              const guint8           *body,
              gsize                   length,
              gint64                  now_s,
              char                  **normalised,
              GError                **error)
{
  g_autofree guint8 *digest = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *given = NULL;
  gint64 timestamp;
  gsize n;

  if (!parse_timestamp (headers->avara_timestamp, TRUE, now_s, &timestamp, error))
    return FALSE;
  digest = hmac (key, headers->avara_timestamp, body, length, &n);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (expected, "%02x", digest[i]);
  given = g_ascii_strdown (headers->avara_signature, -1);
  if (g_str_has_prefix (given, "sha256="))   /* a common spelling of the same */
    memmove (given, given + strlen ("sha256="), strlen (given) - strlen ("sha256=") + 1);
  if (!rd_constant_time_equal (given, expected->str))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_KEY_REJECTED,
                           "X-Avara-Signature does not match: wrong secret, or the body was changed");
      return FALSE;
    }
  *normalised = g_string_free (g_steal_pointer (&expected), FALSE);
  return TRUE;
}

/* An id may hold any printable character ('.' included, as the reference
 * libraries allow): the signed text is still "id.timestamp.body". */
static gboolean
printable (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static gboolean
verify_standard (GBytes                 *key,
                 const RdWebhookHeaders *headers,
                 const guint8           *body,
                 gsize                   length,
                 gint64                  now_s,
                 GError                **error)
{
  g_autofree char *prefix = NULL;
  g_autofree guint8 *digest = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) signatures = NULL;
  gboolean match = FALSE;
  gint64 timestamp;
  gsize n;

  if (headers->id == NULL || headers->id[0] == '\0' || !printable (headers->id))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE, "webhook-id is missing or malformed");
      return FALSE;
    }
  if (!parse_timestamp (headers->timestamp, FALSE, now_s, &timestamp, error))
    return FALSE;
  prefix = g_strdup_printf ("%s.%s.", headers->id, headers->timestamp);
  digest = hmac (key, prefix, body, length, &n);
  expected = g_base64_encode (digest, n);
  /* "v1,<b64> v1,<b64>": any one that matches will do (secret rotation) */
  signatures = g_strsplit (headers->signature, " ", -1);
  for (guint i = 0; signatures[i] != NULL; i++)
    if (g_str_has_prefix (signatures[i], "v1,"))
      match |= rd_constant_time_equal (signatures[i] + strlen ("v1,"), expected);
  if (!match)
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_KEY_REJECTED,
                           "webhook-signature does not match: wrong secret, or the body was changed");
      return FALSE;
    }
  return TRUE;
}

/* TRUE when the request is signed with key and fresh. *replay_key is what
 * identifies this delivery for the replay cache. */
/* Avara's documented scheme's key: the secret as it is, or the bytes of whsec_<base64>. */
static GBytes *
seed_key (const char *secret)
{
  if (g_str_has_prefix (secret, "whsec_"))
    {
      GBytes *decoded = rd_webhook_secret_key (secret, NULL);

      if (decoded != NULL)
        return decoded;
    }
  return g_bytes_new (secret, strlen (secret));
}

gboolean
rd_webhook_verify (const char             *secret,
                   const RdWebhookHeaders *headers,
                   const guint8           *body,
                   gsize                   length,
                   gint64                  now_s,
                   char                  **replay_key,
                   GError                **error)
{
  g_return_val_if_fail (secret != NULL && headers != NULL, FALSE);

  if (headers->signature != NULL)
    {
      g_autoptr(GBytes) key = rd_webhook_secret_key (secret, NULL);

      if (key == NULL)
        {
          g_set_error_literal (error, RD_ERROR, RD_ERROR_KEY_REJECTED,
                               "a Standard Webhooks delivery, but the relay secret is not one (base64, "
                               "whsec_ optional)");
          return FALSE;
        }
      if (!verify_standard (key, headers, body, length, now_s, error))
        return FALSE;
      if (replay_key != NULL)
        *replay_key = g_strconcat ("id:", headers->id, NULL);
      return TRUE;
    }
  if (headers->avara_signature != NULL)
    {
      g_autofree char *signature = NULL;
      g_autoptr(GBytes) key = seed_key (secret);

      if (!verify_avara (key, headers, body, length, now_s, &signature, error))
        return FALSE;
      /* the signature as computed, not as spelled: "SHA256=AB…" and "ab…"
       * are one delivery */
      if (replay_key != NULL)
        *replay_key = g_strconcat ("sig:", signature, NULL);
      return TRUE;
    }
  g_set_error_literal (error, RD_ERROR, RD_ERROR_KEY_REJECTED,
                       "the request is not signed (no webhook-signature nor X-Avara-Signature)");
  return FALSE;
}

/* Deliveries seen within the tolerance window; older ones would be refused
 * for their timestamp anyway, so they are forgotten. */
struct _RdReplayCache
{
  GHashTable *seen;   /* key → gint64 seconds */
};

RdReplayCache *
rd_replay_cache_new (void)
{
  RdReplayCache *cache = g_new0 (RdReplayCache, 1);

  cache->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return cache;
}

void
rd_replay_cache_free (RdReplayCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->seen);
  g_free (cache);
}

/* FALSE for a key seen before: a replay. */
gboolean
rd_replay_cache_check_and_add (RdReplayCache *cache,
                               const char    *key,
                               gint64         now_s)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, cache->seen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (*(gint64 *) value < now_s - 2 * RD_WEBHOOK_TOLERANCE_S)
      g_hash_table_iter_remove (&iter);
  if (g_hash_table_contains (cache->seen, key))
    return FALSE;
  g_hash_table_insert (cache->seen, g_strdup (key), g_memdup2 (&now_s, sizeof now_s));
  return TRUE;
}

/* A delivery that could not be recorded may come again. */
void
rd_replay_cache_forget (RdReplayCache *cache,
                        const char    *key)
{
  g_hash_table_remove (cache->seen, key);
}
