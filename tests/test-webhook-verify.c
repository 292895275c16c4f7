/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "openssl-hmac.h"
#include "rd-error.h"
#include "rd-webhook.h"
#include "rd-webhook-verify.h"

#include <string.h>

#define NOW 1763800000
#define BODY "{\"id\":\"whe_0123\",\"type\":\"report.delivered\",\"data\":{\"reportId\":\"rep_1\",\"studyId\":\"stu_0123456789abcdef0123456789abcdef\"}}"
#define SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

static gboolean
verify (const char             *secret,
        const RdWebhookHeaders *h,
        const char             *body,
        gint64                  now,
        GError                **error)
{
  g_autofree char *replay = NULL;
  gboolean ok = rd_webhook_verify (secret, h, (const guint8 *) body, strlen (body), now, &replay, error);

  g_assert_true (ok == (replay != NULL));
  return ok;
}

/* Standard Webhooks, with the signature computed by openssl. */
static void
test_standard (void)
{
  g_autoptr(GBytes) key = rd_webhook_secret_key (SECRET, NULL);
  g_autofree char *ts = g_strdup_printf ("%d", NOW);
  g_autofree char *text = g_strdup_printf ("msg_1.%s.%s", ts, BODY);
  g_autoptr(GBytes) mac = openssl_hmac_sha256 (key, text, strlen (text));
  g_autofree char *b64 = NULL, *good = NULL, *rotated = NULL;
  RdWebhookHeaders h = { .id = "msg_1", .timestamp = ts };
  g_autoptr(GError) error = NULL;

  if (mac == NULL)
    return;
  b64 = g_base64_encode (g_bytes_get_data (mac, NULL), 32);
  good = g_strconcat ("v1,", b64, NULL);
  /* several signatures: an old secret's first, then ours */
  rotated = g_strconcat ("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,xyz ", good, NULL);

  h.signature = good;
  g_assert_true (verify (SECRET, &h, BODY, NOW, NULL));
  g_assert_true (verify (SECRET, &h, BODY, NOW + 299, NULL));
  h.signature = rotated;
  g_assert_true (verify (SECRET, &h, BODY, NOW, NULL));

  /* the same as ReportDock signs its own webhooks */
  {
    g_autofree char *ours = rd_webhook_signature (key, "msg_1", NOW, BODY);
    g_assert_cmpstr (ours, ==, good);
  }

  h.signature = good;
  g_assert_false (verify ("whsec_c2VjcmV0", &h, BODY, NOW, &error));                 /* wrong secret */
  g_assert_error (error, RD_ERROR, RD_ERROR_KEY_REJECTED);
  g_clear_error (&error);
  g_assert_false (verify (SECRET, &h, BODY " ", NOW, &error));                        /* altered body */
  g_assert_error (error, RD_ERROR, RD_ERROR_KEY_REJECTED);
  g_clear_error (&error);
  g_assert_false (verify (SECRET, &h, BODY, NOW + 301, &error));                      /* stale */
  g_assert_nonnull (strstr (error->message, "301 s away"));
  g_clear_error (&error);
  g_assert_false (verify (SECRET, &h, BODY, NOW - 301, &error));                      /* from the future */
  g_clear_error (&error);
  h.id = "msg_2";                                                                     /* another id */
  g_assert_false (verify (SECRET, &h, BODY, NOW, &error));
  g_clear_error (&error);
}

static void
test_standard_malformed (void)
{
  g_autofree char *ts = g_strdup_printf ("%d", NOW);
  const char *bad_signatures[] = { "", "v1,", "v1", "v2,abc", "v1,not base64!", " ", "v1,,,,", NULL };
  const char *bad_timestamps[] = { "", "abc", "-5", "1e9", "99999999999999999999999", NULL };
  g_autoptr(GError) error = NULL;
  RdWebhookHeaders h = { .id = "msg_1", .timestamp = ts };

  for (guint i = 0; bad_signatures[i] != NULL; i++)
    {
      h.signature = bad_signatures[i];
      g_assert_false (verify (SECRET, &h, BODY, NOW, &error));
      g_clear_error (&error);
    }
  h.signature = "v1,AAAA";
  for (guint i = 0; bad_timestamps[i] != NULL; i++)
    {
      h.timestamp = bad_timestamps[i];
      g_assert_false (verify (SECRET, &h, BODY, NOW, &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE);
      g_clear_error (&error);
    }
  h.timestamp = ts;
  h.id = NULL;
  g_assert_false (verify (SECRET, &h, BODY, NOW, &error));
  g_clear_error (&error);
  h.id = "msg\n1";   /* control characters are no id */
  g_assert_false (verify (SECRET, &h, BODY, NOW, &error));
  g_clear_error (&error);
  /* no signature header at all */
  {
    RdWebhookHeaders none = { 0 };

    g_assert_false (verify (SECRET, &none, BODY, NOW, &error));
    g_assert_nonnull (strstr (error->message, "not signed"));
  }
}

/* Avara's documented scheme: hex HMAC-SHA256 of timestamp + body, by openssl. */
static void
test_avara (void)
{
  /* Avara's documented scheme keys with the secret as it is */
  g_autoptr(GBytes) key = g_bytes_new_static ("avara-webhook-secret", 20);
  /* X-Avara-Timestamp in milliseconds, as Avara's document says */
  g_autofree char *ts = g_strdup_printf ("%d123", NOW);
  g_autofree char *text = g_strconcat (ts, BODY, NULL);
  g_autoptr(GBytes) mac = openssl_hmac_sha256 (key, text, strlen (text));
  g_autofree char *good = NULL, *upper = NULL, *prefixed = NULL;
  RdWebhookHeaders h = { .avara_timestamp = ts };
  g_autoptr(GError) error = NULL;

  if (mac == NULL)
    return;
  good = hex_of (mac);
  upper = g_ascii_strup (good, -1);
  prefixed = g_strconcat ("sha256=", good, NULL);
  h.avara_signature = good;
  g_assert_true (verify ("avara-webhook-secret", &h, BODY, NOW, NULL));
  h.avara_signature = upper;
  g_assert_true (verify ("avara-webhook-secret", &h, BODY, NOW, NULL));
  h.avara_signature = prefixed;
  g_assert_true (verify ("avara-webhook-secret", &h, BODY, NOW, NULL));

  /* one delivery, however the signature is spelled: one replay key */
  {
    g_autofree char *key_good = NULL, *key_upper = NULL, *key_prefixed = NULL;

    h.avara_signature = good;
    g_assert_true (rd_webhook_verify ("avara-webhook-secret", &h, (const guint8 *) BODY, strlen (BODY), NOW, &key_good, NULL));
    h.avara_signature = upper;
    g_assert_true (rd_webhook_verify ("avara-webhook-secret", &h, (const guint8 *) BODY, strlen (BODY), NOW, &key_upper, NULL));
    h.avara_signature = prefixed;
    g_assert_true (rd_webhook_verify ("avara-webhook-secret", &h, (const guint8 *) BODY, strlen (BODY), NOW, &key_prefixed, NULL));
    g_assert_cmpstr (key_good, ==, key_upper);
    g_assert_cmpstr (key_good, ==, key_prefixed);
  }

  h.avara_signature = good;
  g_assert_false (verify ("another secret", &h, BODY, NOW, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_KEY_REJECTED);
  g_clear_error (&error);
  g_assert_false (verify ("avara-webhook-secret", &h, "{\"tampered\":1}", NOW, &error));
  g_clear_error (&error);
  g_assert_false (verify ("avara-webhook-secret", &h, BODY, NOW + 600, &error));
  g_clear_error (&error);
  h.avara_signature = "";
  g_assert_false (verify ("avara-webhook-secret", &h, BODY, NOW, &error));
  g_clear_error (&error);
  h.avara_signature = good;
  h.avara_timestamp = NULL;
  g_assert_false (verify ("avara-webhook-secret", &h, BODY, NOW, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_MESSAGE);
}

/* Seconds are still read, by their size (an older sender). */
static void
test_avara_seconds (void)
{
  g_autoptr(GBytes) key = g_bytes_new_static ("avara-webhook-secret", 20);
  g_autofree char *ts = g_strdup_printf ("%d", NOW);
  g_autofree char *text = g_strconcat (ts, BODY, NULL);
  g_autoptr(GBytes) mac = openssl_hmac_sha256 (key, text, strlen (text));
  g_autofree char *hex = NULL;
  RdWebhookHeaders h = { .avara_timestamp = ts };
  g_autoptr(GError) error = NULL;

  if (mac == NULL)
    return;
  hex = hex_of (mac);
  h.avara_signature = hex;
  g_assert_true (verify ("avara-webhook-secret", &h, BODY, NOW + 200, NULL));
  g_assert_false (verify ("avara-webhook-secret", &h, BODY, NOW + 301, &error));
  g_assert_nonnull (strstr (error->message, "301 s away"));
}

/* The Standard Webhooks reference libraries' own vectors and verify cases
 * (standard-webhooks/standard-webhooks, libraries/python/tests/
 * test_webhooks.py and libraries/javascript/src/webhook.test.ts at commit
 * b2fa7b8): the same secret, id, timestamp and payload, the same answers. */
#define REF_SECRET  "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define REF_ID      "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define REF_TS      1614265330
#define REF_PAYLOAD "{\"test\": 2432232314}"
#define REF_SIG     "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

static void
test_reference_vectors (void)
{
  const char *secrets[] = { REF_SECRET, "whsec_" REF_SECRET };
  g_autofree char *ts = g_strdup_printf ("%d", REF_TS);
  RdWebhookHeaders h = { .id = REF_ID, .timestamp = ts, .signature = REF_SIG };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autoptr(GBytes) key = rd_webhook_secret_key (secrets[i], NULL);
      g_autofree char *ours = rd_webhook_signature (key, REF_ID, REF_TS, REF_PAYLOAD);

      /* sign: test_sign_function */
      g_assert_cmpstr (ours, ==, REF_SIG);
      /* verify: with and without the prefix */
      h.signature = REF_SIG;
      g_assert_true (verify (secrets[i], &h, REF_PAYLOAD, REF_TS, NULL));
      /* several signatures, v2 ones ignored, the valid one among them */
      h.signature = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                    REF_SIG " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
      g_assert_true (verify (secrets[i], &h, REF_PAYLOAD, REF_TS, NULL));
    }
  /* one bit off, partial, empty, not base64: refused */
  {
    const char *bad[] = { "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", "v1,dawfeoifkpqwoekfpqoekf",
                          "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE", "v1," };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        h.signature = bad[i];
        g_assert_false (verify (REF_SECRET, &h, REF_PAYLOAD, REF_TS, &error));
        g_clear_error (&error);
      }
  }
  /* too old, too new: the 5-minute tolerance */
  h.signature = REF_SIG;
  g_assert_false (verify (REF_SECRET, &h, REF_PAYLOAD, REF_TS + 301, &error));
  g_clear_error (&error);
  g_assert_false (verify (REF_SECRET, &h, REF_PAYLOAD, REF_TS - 301, &error));
  g_clear_error (&error);
  /* missing headers */
  h.id = NULL;
  g_assert_false (verify (REF_SECRET, &h, REF_PAYLOAD, REF_TS, &error));
  g_clear_error (&error);
  h.id = REF_ID;
  h.timestamp = "hello";
  g_assert_false (verify (REF_SECRET, &h, REF_PAYLOAD, REF_TS, &error));
  g_clear_error (&error);
}

/* Ids with '.' are fine (the references accept them). */
static void
test_id_with_dot (void)
{
  g_autoptr(GBytes) key = rd_webhook_secret_key (SECRET, NULL);
  g_autofree char *ts = g_strdup_printf ("%d", NOW);
  g_autofree char *signature = rd_webhook_signature (key, "msg.2026.1", NOW, BODY);
  RdWebhookHeaders h = { .id = "msg.2026.1", .timestamp = ts, .signature = signature };

  g_assert_true (verify (SECRET, &h, BODY, NOW, NULL));
}

static void
test_replay (void)
{
  g_autoptr(RdReplayCache) cache = rd_replay_cache_new ();

  g_assert_true (rd_replay_cache_check_and_add (cache, "id:msg_1", NOW));
  g_assert_false (rd_replay_cache_check_and_add (cache, "id:msg_1", NOW + 10));
  g_assert_true (rd_replay_cache_check_and_add (cache, "id:msg_2", NOW + 10));
  /* not recorded: it may come again */
  rd_replay_cache_forget (cache, "id:msg_2");
  g_assert_true (rd_replay_cache_check_and_add (cache, "id:msg_2", NOW + 11));
  /* long after the tolerance window it would be stale anyway: forgotten */
  g_assert_true (rd_replay_cache_check_and_add (cache, "id:msg_1", NOW + 3 * RD_WEBHOOK_TOLERANCE_S));
}

static void
test_constant_time_equal (void)
{
  g_assert_true (rd_constant_time_equal ("", ""));
  g_assert_true (rd_constant_time_equal ("abc", "abc"));
  g_assert_false (rd_constant_time_equal ("abc", "abd"));
  g_assert_false (rd_constant_time_equal ("abc", "abcd"));
  g_assert_false (rd_constant_time_equal ("abcd", "abc"));
  g_assert_false (rd_constant_time_equal ("", "a"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/webhook-verify/standard", test_standard);
  g_test_add_func ("/webhook-verify/standard-malformed", test_standard_malformed);
  g_test_add_func ("/webhook-verify/avara", test_avara);
  g_test_add_func ("/webhook-verify/avara-seconds", test_avara_seconds);
  g_test_add_func ("/webhook-verify/reference-vectors", test_reference_vectors);
  g_test_add_func ("/webhook-verify/id-with-dot", test_id_with_dot);
  g_test_add_func ("/webhook-verify/replay", test_replay);
  g_test_add_func ("/webhook-verify/constant-time-equal", test_constant_time_equal);
  return g_test_run ();
}
