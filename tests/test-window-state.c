/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "rd-window-state.h"

/* The windows' geometry moved from the configuration schema to the State
 * schema: a workstation keeps its layout across the upgrade, once. */

typedef struct {
  GSettingsBackend *backend;
  GSettings        *configuration;
  GSettings        *state;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->backend = g_memory_settings_backend_new ();
  f->configuration = g_settings_new_with_backend (SCHEMA_ID, f->backend);
  f->state = g_settings_new_with_backend (STATE_SCHEMA_ID, f->backend);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_object_unref (f->state);
  g_object_unref (f->configuration);
  g_object_unref (f->backend);
}

static gboolean
has_user_value (GSettings  *settings,
                const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_user_value (settings, key);

  return value != NULL;
}

static void
test_carried_over_once (Fixture       *f,
                        gconstpointer  data)
{
  g_settings_set_int (f->configuration, "window-width", 1600);
  g_settings_set_int (f->configuration, "pane-position", 512);
  g_settings_set_string (f->configuration, "viewer-window-monitor", "DP-2");
  g_settings_set_boolean (f->configuration, "viewer-window-fullscreen", TRUE);
  /* configuration proper stays where it is */
  g_settings_set_string (f->configuration, "default-site-id", "NORTH");
  g_settings_set_boolean (f->configuration, "viewer-window", TRUE);

  g_assert_true (rd_window_state_migrate (f->configuration, f->state));
  g_assert_cmpint (g_settings_get_int (f->state, "window-width"), ==, 1600);
  g_assert_cmpint (g_settings_get_int (f->state, "pane-position"), ==, 512);
  g_assert_cmpstr (g_settings_get_string (f->state, "viewer-window-monitor"), ==, "DP-2");
  g_assert_true (g_settings_get_boolean (f->state, "viewer-window-fullscreen"));
  /* what the user never changed stays a default */
  g_assert_false (has_user_value (f->state, "window-height"));
  g_assert_cmpint (g_settings_get_int (f->state, "window-height"), ==, 800);
  /* the old keys are reset; the configuration keeps its own */
  g_assert_false (has_user_value (f->configuration, "window-width"));
  g_assert_false (has_user_value (f->configuration, "viewer-window-monitor"));
  g_assert_cmpstr (g_settings_get_string (f->configuration, "default-site-id"), ==, "NORTH");
  g_assert_true (g_settings_get_boolean (f->configuration, "viewer-window"));
  g_assert_true (g_settings_get_boolean (f->state, "migrated"));

  /* once: an old key written later (an older version run again) does not
   * overwrite what the windows remember now */
  g_settings_set_int (f->state, "window-width", 1400);
  g_settings_set_int (f->configuration, "window-width", 999);
  g_assert_false (rd_window_state_migrate (f->configuration, f->state));
  g_assert_cmpint (g_settings_get_int (f->state, "window-width"), ==, 1400);
  /* and the State settings still write through: a second object reads it */
  {
    g_autoptr(GSettings) again = g_settings_new_with_backend (STATE_SCHEMA_ID, f->backend);

    g_assert_cmpint (g_settings_get_int (again, "window-width"), ==, 1400);
    g_assert_cmpint (g_settings_get_int (again, "pane-position"), ==, 512);
  }
}

/* A first start: nothing to carry, and nothing to carry ever after. */
static void
test_fresh_user (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_true (rd_window_state_migrate (f->configuration, f->state));
  g_assert_true (g_settings_get_boolean (f->state, "migrated"));
  g_assert_cmpint (g_settings_get_int (f->state, "pane-position"), ==, -1);
  g_settings_set_int (f->configuration, "pane-position", 300);
  g_assert_false (rd_window_state_migrate (f->configuration, f->state));
  g_assert_cmpint (g_settings_get_int (f->state, "pane-position"), ==, -1);
}

/* Every key the State schema has was a configuration key, of the same type. */
static void
test_every_key_was_configuration (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) configuration = g_settings_schema_source_lookup (source, SCHEMA_ID, FALSE);
  g_autoptr(GSettingsSchema) state = g_settings_schema_source_lookup (source, STATE_SCHEMA_ID, FALSE);
  g_auto(GStrv) keys = g_settings_schema_list_keys (state);

  g_assert_cmpuint (g_strv_length (keys), >, 1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GSettingsSchemaKey) now = NULL, before = NULL;

      if (g_str_equal (keys[i], "migrated"))
        continue;
      g_assert_true (g_settings_schema_has_key (configuration, keys[i]));
      now = g_settings_schema_get_key (state, keys[i]);
      before = g_settings_schema_get_key (configuration, keys[i]);
      g_assert_true (g_variant_type_equal (g_settings_schema_key_get_value_type (now),
                                           g_settings_schema_key_get_value_type (before)));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/window-state/carried-over-once", Fixture, NULL, setup, test_carried_over_once, teardown);
  g_test_add ("/window-state/fresh-user", Fixture, NULL, setup, test_fresh_user, teardown);
  g_test_add_func ("/window-state/every-key-was-configuration", test_every_key_was_configuration);
  return g_test_run ();
}
