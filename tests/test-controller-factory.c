/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "rd-controller-factory.h"
#include "rd-error.h"

#include <string.h>

/* What a start needs of the settings, per integration style, checked
 * before anything is built: every missing or wrong setting named on one
 * line, so that an admin fixes them in one go. */

typedef struct {
  GSettingsBackend *backend;
  GSettings        *settings;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (SCHEMA_ID, f->backend);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_object_unref (f->settings);
  g_object_unref (f->backend);
}

static RdProfile *
profile (const char *name)
{
  g_autoptr(GError) error = NULL;
  RdProfile *p = rd_controller_factory_load_profile (name, &error);

  g_assert_no_error (error);
  return p;
}

static void
assert_names (const GError *error,
              const char   *fragment)
{
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  if (strstr (error->message, fragment) == NULL)
    g_error ("expected \"%s\" in \"%s\"", fragment, error->message);
}

/* The postMessage style: every missing setting at once, then each wrong one. */
static void
test_iframe_settings (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RdProfile) radpair = profile ("radpair");
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_controller_factory_check (radpair, f->settings, &error));
  assert_names (error, "these settings are not set: vendor-url, token-url, user-email");
  g_clear_error (&error);

  g_settings_set_string (f->settings, "vendor-url", "ftp://app.vendor.example/embed");
  g_settings_set_string (f->settings, "token-url", "https://app.vendor.example/token");
  g_assert_false (rd_controller_factory_check (radpair, f->settings, &error));
  /* one still missing, and one wrong, on the same line */
  assert_names (error, "user-email is not set");
  assert_names (error, "vendor-url");
  g_assert_nonnull (strstr (error->message, "; "));
  g_clear_error (&error);

  g_settings_set_string (f->settings, "vendor-url", "https://app.vendor.example/embed");
  g_settings_set_string (f->settings, "user-email", "dr.lee@hospital.example");
  g_assert_true (rd_controller_factory_check (radpair, f->settings, &error));
  g_assert_no_error (error);
}

/* The REST styles need their API address; Avara its user id too. */
static void
test_link_settings (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RdProfile) mdai = profile ("mdai");
  g_autoptr(RdProfile) avara = profile ("avara");
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_controller_factory_check (mdai, f->settings, &error));
  assert_names (error, "api-base-url is not set");
  g_clear_error (&error);
  g_assert_false (rd_controller_factory_check (avara, f->settings, &error));
  assert_names (error, "api-base-url, vendor-user-id");
  g_clear_error (&error);

  g_settings_set_string (f->settings, "api-base-url", "https://api.vendor.example");
  g_assert_true (rd_controller_factory_check (mdai, f->settings, &error));
  g_assert_no_error (error);
  g_assert_false (rd_controller_factory_check (avara, f->settings, &error));
  assert_names (error, "vendor-user-id is not set");
}

/* A profile that does not exist is an error naming it, not a default. */
static void
test_unknown_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdProfile) none = rd_controller_factory_load_profile ("no-such-vendor", &error);

  g_assert_null (none);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no-such-vendor"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/controller-factory/iframe-settings", Fixture, NULL, setup, test_iframe_settings, teardown);
  g_test_add ("/controller-factory/link-settings", Fixture, NULL, setup, test_link_settings, teardown);
  g_test_add_func ("/controller-factory/unknown-profile", test_unknown_profile);
  return g_test_run ();
}
