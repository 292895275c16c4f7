/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "rd-error.h"
#include "rd-webhook.h"

#include "openssl-hmac.h"

#include <string.h>

static void
test_signature_vectors (void)
{
  struct { const char *secret, *id; gint64 ts; const char *body; } cases[] = {
    { "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "evt_0123456789abcdef0123456789abcdef", 1732270000,
      "{\"id\":\"evt_0123456789abcdef0123456789abcdef\",\"type\":\"report.signed\"}" },
    { "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "evt_ffffffffffffffffffffffffffffffff", 1, "{}" },
    { "whsec_c2VjcmV0", "evt_00000000000000000000000000000000", 4102444800, "{\"payload\":\"ünïcödé\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) key = rd_webhook_secret_key (cases[i].secret, NULL);
      g_autofree char *text = g_strdup_printf ("%s.%" G_GINT64_FORMAT ".%s", cases[i].id, cases[i].ts, cases[i].body);
      g_autoptr(GBytes) mac = openssl_hmac_sha256 (key, text, strlen (text));
      g_autofree char *expected_b64 = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *signature = rd_webhook_signature (key, cases[i].id, cases[i].ts, cases[i].body);

      if (mac == NULL)
        return;
      expected_b64 = g_base64_encode (g_bytes_get_data (mac, NULL), 32);
      expected = g_strconcat ("v1,", expected_b64, NULL);

      g_assert_cmpstr (signature, ==, expected);
    }
}

/* As the reference libraries read a secret: base64 with or without
 * "whsec_", with or without padding; empty or not base64 refused. */
static void
test_secret_forms (void)
{
  g_autoptr(GBytes) prefixed = rd_webhook_secret_key ("whsec_c2VjcmV0", NULL);
  g_autoptr(GBytes) bare = rd_webhook_secret_key ("c2VjcmV0", NULL);
  g_autoptr(GBytes) one_pad = rd_webhook_secret_key ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", NULL);
  g_autoptr(GBytes) one_pad_given = rd_webhook_secret_key ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=", NULL);
  g_autoptr(GBytes) two_pads = rd_webhook_secret_key ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", NULL);
  g_autoptr(GBytes) two_pads_given = rd_webhook_secret_key ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr==", NULL);
  const char *bad[] = { "", "whsec_", "plain text secret", "whsec_c2Vj*mV0", "c2VjcmV0===", "A" };

  g_assert_nonnull (prefixed);
  g_assert_true (g_bytes_equal (prefixed, bare));
  g_assert_cmpuint (g_bytes_get_size (prefixed), ==, 6);   /* "secret" */
  g_assert_true (g_bytes_equal (one_pad, one_pad_given));
  g_assert_true (g_bytes_equal (two_pads, two_pads_given));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) key = rd_webhook_secret_key (bad[i], &error);

      g_assert_null (key);
      g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
    }
}

static void
test_backoff (void)
{
  guint expected[] = { 0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (rd_webhook_retry_delay (i), ==, expected[i]);
  g_assert_cmpuint (rd_webhook_retry_delay (1000), ==, RD_WEBHOOK_MAX_DELAY_MS);
}

static void
test_url (void)
{
  const char *good[] = { "https://ris.example/hooks/reportdock", "http://127.0.0.1:8080/x" };
  const char *bad[] = { "", "ftp://ris.example/", "ris.example/hook", "file:///tmp/x", "https://",
                        "http://ris.example/hooks" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (rd_webhook_url_is_valid (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rd_webhook_url_is_valid (bad[i], &error));
      g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/webhook/signature-vectors", test_signature_vectors);
  g_test_add_func ("/webhook/secret-forms", test_secret_forms);
  g_test_add_func ("/webhook/backoff", test_backoff);
  g_test_add_func ("/webhook/url", test_url);
  return g_test_run ();
}
