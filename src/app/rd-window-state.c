/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-window"

#include "config.h"

#include "rd-window-state.h"
#include "rd-settings-keys.h"

/* Earlier versions kept the windows' geometry among the configuration keys.
 * Each value a user had there is carried over to the State schema once,
 * and the old key reset, so that a workstation keeps its layout across the
 * upgrade. TRUE when this call carried them over. */
gboolean
rd_window_state_migrate (GSettings *configuration,
                         GSettings *state)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  guint n = 0;

  g_return_val_if_fail (G_IS_SETTINGS (configuration), FALSE);
  g_return_val_if_fail (G_IS_SETTINGS (state), FALSE);

  if (g_settings_get_boolean (state, RD_KEY_MIGRATED))
    return FALSE;
  g_object_get (state, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = NULL;

      if (g_str_equal (keys[i], RD_KEY_MIGRATED))
        continue;
      value = g_settings_get_user_value (configuration, keys[i]);
      if (value == NULL)
        continue;
      g_settings_set_value (state, keys[i], value);
      g_settings_reset (configuration, keys[i]);
      n++;
    }
  /* last: a start stopped half-way carries the rest over next time */
  g_settings_set_boolean (state, RD_KEY_MIGRATED, TRUE);
  if (n > 0)
    g_info ("carried %u remembered window setting(s) over to %s", n, STATE_SCHEMA_ID);
  return TRUE;
}

GSettings *
rd_window_state_new (void)
{
  GSettings *state = g_settings_new (STATE_SCHEMA_ID);
  g_autoptr(GSettings) configuration = rd_settings_new ();

  rd_window_state_migrate (configuration, state);
  return state;
}
