/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "rd-error.h"
#include "rd-webhook.h"

#include <string.h>

/* The HMAC computed by openssl, independently of GLib. */
static char *
openssl_signature (const char *hex_key,
                   const char *signed_text)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new (signed_text, strlen (signed_text));
  g_autoptr(GBytes) output = NULL;
  g_autofree char *macopt = g_strdup_printf ("hexkey:%s", hex_key);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           "openssl", "dgst", "-sha256", "-mac", "HMAC", "-macopt", macopt, "-binary", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (output), ==, 32);
  return g_base64_encode (g_bytes_get_data (output, NULL), 32);
}

static char *
hex (GBytes *bytes)
{
  GString *s = g_string_new (NULL);
  const guint8 *p = g_bytes_get_data (bytes, NULL);

  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    g_string_append_printf (s, "%02x", p[i]);
  return g_string_free (s, FALSE);
}

static void
test_signature_vectors (void)
{
  struct { const char *secret, *id; gint64 ts; const char *body; } cases[] = {
    { "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "evt_0123456789abcdef0123456789abcdef", 1732270000,
      "{\"id\":\"evt_0123456789abcdef0123456789abcdef\",\"type\":\"report.signed\"}" },
    { "plain text secret", "evt_ffffffffffffffffffffffffffffffff", 1, "{}" },
    { "whsec_c2VjcmV0", "evt_00000000000000000000000000000000", 4102444800, "{\"payload\":\"ünïcödé\"}" },
  };

  if (g_find_program_in_path ("openssl") == NULL)
    {
      g_test_skip ("openssl is not installed (apt-get install openssl)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) key = rd_webhook_secret_key (cases[i].secret);
      g_autofree char *key_hex = hex (key);
      g_autofree char *text = g_strdup_printf ("%s.%" G_GINT64_FORMAT ".%s", cases[i].id, cases[i].ts, cases[i].body);
      g_autofree char *expected_b64 = openssl_signature (key_hex, text);
      g_autofree char *expected = g_strconcat ("v1,", expected_b64, NULL);
      g_autofree char *signature = rd_webhook_signature (key, cases[i].id, cases[i].ts, cases[i].body);

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
  const char *bad[] = { "", "ftp://ris.example/", "ris.example/hook", "file:///tmp/x", "https://" };

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
