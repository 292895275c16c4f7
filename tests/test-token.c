/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-token.h"

#include <string.h>

#define NOW ((gint64) 1732270000 * G_USEC_PER_SEC)

static RdProfile *
radpair (void)
{
  g_autoptr(GError) error = NULL;
  RdProfile *profile = rd_profile_load ("radpair", NULL, &error);

  g_assert_no_error (error);
  return profile;
}

static void
test_request_body (void)
{
  g_autoptr(RdProfile) profile = radpair ();
  g_autoptr(GError) error = NULL;
  g_autofree char *full = rd_token_request_body (profile, "a@b.org", "Ann", "Lee", &error);
  g_autofree char *only_email = rd_token_request_body (profile, "a@b.org", "", NULL, &error);
  g_autofree char *none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (full, ==, "{\"user_email\":\"a@b.org\",\"first_name\":\"Ann\",\"last_name\":\"Lee\"}");
  g_assert_cmpstr (only_email, ==, "{\"user_email\":\"a@b.org\"}");

  none = rd_token_request_body (profile, "", "Ann", "Lee", &error);
  g_assert_null (none);
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "user-email"));
}

static void
test_parse_fields (void)
{
  g_autoptr(RdProfile) profile = radpair ();
  struct { const char *body; const char *token; gint64 expires_at; } cases[] = {
    { "{\"access_token\":\"abc\",\"expires_in\":3600}", "abc", NOW + (gint64) 3600 * G_USEC_PER_SEC },
    { "{\"token\":\"xyz\",\"expires_in\":90.5}", "xyz", NOW + (gint64) (90.5 * G_USEC_PER_SEC) },
    { "{\"access_token\":\"t1\",\"token\":\"t2\"}", "t1", NOW + (gint64) 86400 * G_USEC_PER_SEC },
    { "{\"access_token\":\"\",\"token\":\"t2\"}", "t2", NOW + (gint64) 86400 * G_USEC_PER_SEC },
    { "{\"access_token\":\"abc\",\"expires_at\":\"2024-11-22T11:00:00Z\"}", "abc",
      (gint64) 1732273200 * G_USEC_PER_SEC },
    { "{\"access_token\":\"abc\",\"expires_at\":\"2024-11-22T12:00:00+01:00\"}", "abc",
      (gint64) 1732273200 * G_USEC_PER_SEC },
    { "{\"access_token\":\"abc\",\"expires_in\":null}", "abc", NOW + (gint64) 86400 * G_USEC_PER_SEC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdToken) token = rd_token_parse (profile, cases[i].body, strlen (cases[i].body), NOW, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (token->value, ==, cases[i].token);
      g_assert_cmpint (token->expires_at, ==, cases[i].expires_at);
    }
}

static void
test_parse_garbage (void)
{
  g_autoptr(RdProfile) profile = radpair ();
  g_autofree char *huge = g_strdup_printf ("{\"access_token\":\"%s\"}", g_strnfill (20000, 'a'));
  const char *bodies[] = {
    "", "garbage", "<html>502 Bad Gateway</html>", "[\"access_token\"]", "\"abc\"", "null",
    "{}", "{\"access_token\":42}", "{\"access_token\":null}", "{\"token\":{\"v\":1}}",
    "{\"access_token\":\"a b\"}", "{\"access_token\":\"a\\nb\"}",
    "{\"access_token\":\"abc\",\"expires_in\":\"soon\"}",
    "{\"access_token\":\"abc\",\"expires_in\":-5}",
    "{\"access_token\":\"abc\",\"expires_in\":0}",
    "{\"access_token\":\"abc\",\"expires_at\":\"tomorrow\"}",
    "{\"access_token\":\"abc\",\"expires_at\":\"2020-01-01T00:00:00Z\"}",
    "{\"access_token\":\"abc\",\"expires_at\":12345}",
    "{\"access_token\":\"abc\"", huge,
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdToken) token = rd_token_parse (profile, bodies[i], strlen (bodies[i]), NOW, &error);

      if (token != NULL)
        g_error ("accepted %s", bodies[i]);
      g_assert_error (error, RD_ERROR, RD_ERROR_MALFORMED_RESPONSE);
      g_assert_nonnull (strstr (error->message, "token-url"));
    }
}

static void
test_refresh_ahead (void)
{
  RdToken day = { (char *) "t", NOW + (gint64) 86400 * G_USEC_PER_SEC };
  RdToken minute = { (char *) "t", NOW + (gint64) 60 * G_USEC_PER_SEC };

  /* long-lived: 5 minutes early; short-lived: a tenth of the lifetime early */
  g_assert_cmpint (rd_token_refresh_at (&day, NOW), ==, day.expires_at - (gint64) 300 * G_USEC_PER_SEC);
  g_assert_cmpint (rd_token_refresh_at (&minute, NOW), ==, minute.expires_at - (gint64) 6 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/token/request-body", test_request_body);
  g_test_add_func ("/token/parse/fields", test_parse_fields);
  g_test_add_func ("/token/parse/garbage", test_parse_garbage);
  g_test_add_func ("/token/refresh-ahead", test_refresh_ahead);
  return g_test_run ();
}
