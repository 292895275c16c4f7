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
    { "plain text secret", "evt_ffffffffffffffffffffffffffffffff", 1, "{}" },
    { "whsec_c2VjcmV0", "evt_00000000000000000000000000000000", 4102444800, "{\"payload\":\"ünïcödé\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) key = rd_webhook_secret_key (cases[i].secret);
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

static void
test_secret_forms (void)
{
  g_autoptr(GBytes) decoded = rd_webhook_secret_key ("whsec_c2VjcmV0");
  g_autoptr(GBytes) plain = rd_webhook_secret_key ("secret");

  g_assert_true (g_bytes_equal (decoded, plain));   /* base64 of "secret" */
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
