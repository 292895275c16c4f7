/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "openssl-hmac.h"

char *
hex_of (GBytes *bytes)
{
  GString *s = g_string_new (NULL);
  const guint8 *p = g_bytes_get_data (bytes, NULL);

  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    g_string_append_printf (s, "%02x", p[i]);
  return g_string_free (s, FALSE);
}

GBytes *
openssl_hmac_sha256 (GBytes     *key,
                     const char *text,
                     gsize       length)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input = g_bytes_new (text, length);
  g_autoptr(GBytes) output = NULL;
  g_autofree char *key_hex = hex_of (key);
  g_autofree char *macopt = g_strdup_printf ("hexkey:%s", key_hex);
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed (apt-get install openssl)");
      return NULL;
    }
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           openssl, "dgst", "-sha256", "-mac", "HMAC", "-macopt", macopt, "-binary", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (output), ==, 32);
  return g_steal_pointer (&output);
}
