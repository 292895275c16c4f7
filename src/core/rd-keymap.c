/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-keymap"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-keymap.h"
#include "rd-error.h"

#include <string.h>

struct _RdKeymap
{
  RdRecordMode  mode;
  GHashTable   *map;   /* "RECORD", "EOL_PRIO:hold", "PICKED_UP" → action */
};

static const struct {
  const char *action;
  const char *detailed;
  const char *command;   /* docs/protocol.md §1.3; NULL: not sent to the reporting app */
} actions[] = {
  { "toggle-recording", "win.toggle-recording", "toggle_recording" },
  { "start-recording", "win.start-recording", "start_recording" },
  { "stop-recording", "win.stop-recording", "stop_recording" },
  { "sign-report", "win.sign-report", "sign_report" },
  { "save-report", "win.save-report", "save_report" },
  { "discard-report", "win.discard-report", "discard_report" },
  { "next-field", "win.next-field", "next_field" },
  { "previous-field", "win.previous-field", "previous_field" },
  { "play", "win.play", "play" },
  { "rewind", "win.rewind", "rewind" },
  { "fast-forward", "win.fast-forward", "fast_forward" },
  { "toggle-insert-overwrite", "win.toggle-insert-overwrite", "toggle_insert_overwrite" },
  { "check-mic", "app.check-mic", NULL },
  { "reload", "win.reload", NULL },
  { "close-report", "win.close-report", NULL },
};

/* Modelled on SpeechMike and PowerMic conventions. Signing needs a long
 * press: no single short press of any button signs a report. */
static const struct {
  const char *key;
  const char *action;
} defaults[] = {
  { "RECORD", "toggle-recording" },
  { "STOP", "stop-recording" },
  { "PLAY", "play" },
  { "REWIND", "rewind" },
  { "FORWARD", "fast-forward" },
  { "INS_OVR", "toggle-insert-overwrite" },
  { "EOL_PRIO", "save-report" },
  { "EOL_PRIO:hold", "sign-report" },
  { "ENTER_SELECT:hold", "sign-report" },
  { "F1_A", "previous-field" },
  { "F2_B", "next-field" },
  { "TAB_BACKWARD", "previous-field" },
  { "TAB_FORWARD", "next-field" },
  /* slide switches: the position is the state */
  { "RECORD:slide", "start-recording" },
  { "STOP:slide", "stop-recording" },
  { "PLAY:slide", "play" },
  { "REWIND:slide", "rewind" },
  { "FORWARD:slide", "fast-forward" },
};

gboolean
rd_record_mode_parse (const char   *text,
                      RdRecordMode *mode)
{
  if (g_strcmp0 (text, "toggle") == 0)
    *mode = RD_RECORD_MODE_TOGGLE;
  else if (g_strcmp0 (text, "push-to-talk") == 0)
    *mode = RD_RECORD_MODE_PUSH_TO_TALK;
  else
    return FALSE;
  return TRUE;
}

RdKeymap *
rd_keymap_new (RdRecordMode mode)
{
  RdKeymap *self = g_new0 (RdKeymap, 1);

  self->mode = mode;
  self->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    g_hash_table_insert (self->map, g_strdup (defaults[i].key), g_strdup (defaults[i].action));
  return self;
}

void
rd_keymap_free (RdKeymap *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->map);
  g_free (self);
}

/* "RECORD", "record:Hold", "PICKED_UP" → the canonical key, or NULL */
static char *
canonical_key (const char *key)
{
  g_auto(GStrv) parts = g_strsplit (key, ":", 2);
  RdButton button;
  g_autofree char *name = NULL;

  if (parts[0] == NULL)
    return NULL;
  name = g_ascii_strup (parts[0], -1);
  if (g_str_equal (name, "PICKED_UP") || g_str_equal (name, "LAID_DOWN"))
    return parts[1] == NULL ? g_steal_pointer (&name) : NULL;
  if (!rd_button_from_string (name, &button))
    return NULL;
  if (parts[1] == NULL || g_ascii_strcasecmp (parts[1], "press") == 0)
    return g_strdup (rd_button_to_string (button));
  for (RdEdge edge = RD_EDGE_RELEASE; edge <= RD_EDGE_SLIDE; edge++)
    if (g_ascii_strcasecmp (parts[1], rd_edge_to_string (edge)) == 0)
      return g_strdup_printf ("%s:%s", rd_button_to_string (button), rd_edge_to_string (edge));
  return NULL;
}

/* Entries of the setting replace the defaults one by one; an empty action
 * or "none" unmaps. Bad entries are skipped and all named in one error;
 * the good ones still apply. */
gboolean
rd_keymap_apply (RdKeymap  *self,
                 GVariant  *overrides,
                 GError   **error)
{
  g_autoptr(GString) bad = g_string_new (NULL);
  GVariantIter iter;
  const char *key, *action;

  if (overrides == NULL)
    return TRUE;
  if (!g_variant_is_of_type (overrides, G_VARIANT_TYPE ("a{ss}")))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                           _("button-map must be a dictionary of strings, e.g. {'RECORD': 'toggle-recording'}"));
      return FALSE;
    }
  g_variant_iter_init (&iter, overrides);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &action))
    {
      g_autofree char *canonical = canonical_key (key);

      if (canonical == NULL)
        g_string_append_printf (bad, "%s“%s” is not a button (use e.g. RECORD, EOL_PRIO:hold, "
                                "STOP:slide, PICKED_UP)", bad->len ? "; " : "", key);
      else if (action[0] == '\0' || g_str_equal (action, "none"))
        g_hash_table_remove (self->map, canonical);
      else if (!rd_action_is_known (action))
        g_string_append_printf (bad, "%s“%s” for %s is not an action", bad->len ? "; " : "", action, key);
      else
        g_hash_table_insert (self->map, g_steal_pointer (&canonical), g_strdup (action));
    }
  if (bad->len > 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT, _("button-map: %s"), bad->str);
      return FALSE;
    }
  return TRUE;
}

static const char *
lookup_key (RdKeymap   *self,
            RdButton    button,
            const char *edge)
{
  g_autofree char *key = edge ? g_strdup_printf ("%s:%s", rd_button_to_string (button), edge)
                              : g_strdup (rd_button_to_string (button));

  return g_hash_table_lookup (self->map, key);
}

static gboolean
is_push_to_talk (RdKeymap *self,
                 RdButton  button)
{
  return self->mode == RD_RECORD_MODE_PUSH_TO_TALK &&
         g_strcmp0 (lookup_key (self, button, NULL), "toggle-recording") == 0;
}

const char *
rd_keymap_lookup (RdKeymap *self,
                  RdButton  button,
                  RdEdge    edge)
{
  if (rd_button_to_string (button) == NULL)
    return NULL;
  if (is_push_to_talk (self, button))
    {
      /* the button that toggles recording becomes press-to-start, release-to-stop */
      if (edge == RD_EDGE_PRESS)
        return "start-recording";
      if (edge == RD_EDGE_RELEASE)
        return "stop-recording";
      return NULL;
    }
  return lookup_key (self, button, edge == RD_EDGE_PRESS ? NULL : rd_edge_to_string (edge));
}

const char *
rd_keymap_lookup_motion (RdKeymap *self,
                         RdMotion  motion)
{
  return g_hash_table_lookup (self->map, motion == RD_MOTION_LAID_DOWN ? "LAID_DOWN" : "PICKED_UP");
}

/* Buttons whose short press must wait: they also have a hold action. */
RdButtons
rd_keymap_hold_buttons (RdKeymap *self)
{
  GHashTableIter iter;
  gpointer key;
  RdButtons buttons = 0;

  g_hash_table_iter_init (&iter, self->map);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *name = NULL;
      RdButton button;

      if (!g_str_has_suffix (key, ":hold"))
        continue;
      name = g_strndup (key, strlen (key) - strlen (":hold"));
      if (rd_button_from_string (name, &button) && !is_push_to_talk (self, button))
        buttons |= button;
    }
  return buttons;
}

static int
action_index (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].action, action))
      return (int) i;
  return -1;
}

gboolean
rd_action_is_known (const char *action)
{
  return action_index (action) >= 0;
}

const char *
rd_action_detailed_name (const char *action)
{
  int i = action_index (action);

  return i >= 0 ? actions[i].detailed : NULL;
}

const char *
rd_action_command (const char *action)
{
  int i = action_index (action);

  return i >= 0 ? actions[i].command : NULL;
}

/* The window's command actions, by their action names. */
/* Every action a button can be given, in the table's order. */
const char * const *
rd_action_names (void)
{
  static const char *names[G_N_ELEMENTS (actions) + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      names[i] = actions[i].action;
  return names;
}

const char * const *
rd_action_command_names (void)
{
  static const char *names[G_N_ELEMENTS (actions) + 1];

  if (names[0] == NULL)
    {
      guint n = 0;

      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        if (actions[i].command != NULL)
          names[n++] = actions[i].action;
    }
  return names;
}
