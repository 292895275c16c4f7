/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-settings-keys.h"

/* The names the code uses (rd-settings-keys.h) and the schemas agree:
 * every name is a key, and every key has a name. */

static GSettingsSchema *
schema (const char *id)
{
  GSettingsSchema *found = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), id, FALSE);

  g_assert_nonnull (found);
  return found;
}

static void
assert_same (GSettingsSchema    *in_schema,
             const char * const *named,
             const char * const *also)
{
  g_auto(GStrv) keys = g_settings_schema_list_keys (in_schema);

  for (guint i = 0; named[i] != NULL; i++)
    if (!g_settings_schema_has_key (in_schema, named[i]))
      g_error ("%s is named in rd-settings-keys.h but is no key of %s", named[i],
               g_settings_schema_get_id (in_schema));
  for (guint i = 0; keys[i] != NULL; i++)
    if (!g_strv_contains (named, keys[i]) && (also == NULL || !g_strv_contains (also, keys[i])))
      g_error ("%s, a key of %s, has no name in rd-settings-keys.h", keys[i], g_settings_schema_get_id (in_schema));
}

static void
test_configuration (void)
{
  g_autoptr(GSettingsSchema) configuration = schema (SCHEMA_ID);

  /* the configuration still holds the moved keys, read once to carry them over */
  assert_same (configuration, rd_settings_configuration_keys, rd_settings_state_keys);
}

static void
test_state (void)
{
  g_autoptr(GSettingsSchema) state = schema (STATE_SCHEMA_ID);
  g_autoptr(GSettingsSchema) configuration = schema (SCHEMA_ID);

  assert_same (state, rd_settings_state_keys, NULL);
  /* no configuration key is also window state */
  for (guint i = 0; rd_settings_configuration_keys[i] != NULL; i++)
    g_assert_false (g_settings_schema_has_key (state, rd_settings_configuration_keys[i]));
  g_assert_true (g_settings_schema_has_key (configuration, RD_KEY_WINDOW_WIDTH));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/settings-keys/configuration", test_configuration);
  g_test_add_func ("/settings-keys/state", test_state);
  return g_test_run ();
}
