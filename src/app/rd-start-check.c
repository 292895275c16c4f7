/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-start"

#include "config.h"

#include "rd-start-check.h"
#include "rd-settings-keys.h"
#include "rd-api-key.h"
#include "rd-controller-factory.h"
#include "rd-error.h"

/* Before the first start from a command line: is there an API key for the
 * profile that start will use (api-key-file, else the keyring)? So that a
 * missing or unreadable key is named with the missing settings, at once,
 * rather than at the first token request. Only whether there is one: the
 * key itself is wiped at once, and the token source reads it when it needs
 * it. A locked keyring may ask the user to unlock it; the start does not
 * wait for that longer than ANSWER_S, and then goes on without the answer. */

#define ANSWER_S 5

typedef struct {
  GCancellable *cancellable;
  guint         timeout_id;
} Check;

static void
check_free (Check *check)
{
  g_clear_handle_id (&check->timeout_id, g_source_remove);
  g_clear_object (&check->cancellable);
  g_free (check);
}

static gboolean
on_timeout (gpointer user_data)
{
  Check *check = user_data;

  check->timeout_id = 0;
  g_cancellable_cancel (check->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_key_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(char) key = rd_api_key_load_finish (result, &error);

  /* no answer in time, or not a verdict on the key: the start goes on */
  if (key != NULL || (!g_error_matches (error, RD_ERROR, RD_ERROR_NO_API_KEY) &&
                      !g_error_matches (error, RD_ERROR, RD_ERROR_INSECURE_FILE)))
    {
      if (error != NULL)
        g_debug ("API key not checked before the start: %s", error->message);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_return_pointer (task, g_strdup (error->message), g_free);
}

void
rd_start_check_key_async (const char          *profile_override,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  g_autoptr(GSettings) settings = rd_settings_new ();
  g_autofree char *name = profile_override ? g_strdup (profile_override)
                                           : g_settings_get_string (settings, RD_KEY_PROFILE);
  g_autofree char *key_file = g_settings_get_string (settings, RD_KEY_API_KEY_FILE);
  g_autoptr(RdProfile) profile = rd_controller_factory_load_profile (name, NULL);
  Check *check;

  g_task_set_source_tag (task, rd_start_check_key_async);
  /* an unknown profile is the start's own error to tell */
  if (profile == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  check = g_new0 (Check, 1);
  check->cancellable = g_cancellable_new ();
  check->timeout_id = g_timeout_add_seconds (ANSWER_S, on_timeout, check);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  rd_api_key_load_async (g_strstrip (key_file), rd_profile_get_name (profile), check->cancellable, on_key_loaded,
                         g_object_ref (task));
}

/* What is wrong with the key, or NULL when there is one (or no answer came
 * in time). */
char *
rd_start_check_key_finish (GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), NULL);
}
